/**
 * What the alert, case and report pages share: the server's refusal shown with what it means
 * (403 not your step, 409 not in this state, 422 the policy refuses), a confirmation dialog that
 * keeps the refusal beside the form, paged lists without a total (the API pages by limit/offset),
 * filters kept in the address (so a filtered list is a link), and yuan text checked before it is
 * sent (the server checks it again, and the cap).
 */
import { Alert as AntAlert, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api';
import type { Query } from '../../api';
import { useErrorHint, useErrorText } from '../../components/State';
import { useApi } from '../../hooks';
import { useT } from '../../i18n';

const S = {
  zh: {
    s400: '请求有误', s403: '不是您的步骤', s404: '未找到或不在您的辖区', s409: '当前状态不允许', s422: '政策不允许', s0: '无法连接', other: '出错了',
    cancel: '取消',
  },
  en: {
    s400: 'Not a valid request', s403: 'Not your step', s404: 'Not found, or outside your area', s409: 'Not allowed in the current state', s422: 'The policy refuses', s0: 'Cannot connect', other: 'Something went wrong',
    cancel: 'Cancel',
  },
} as const;

/** The server's refusal: what kind it is, the server's reason (with its code), and what to do next. */
export function Refusal({ error, onClose }: { error: unknown; onClose?: () => void }): ReactNode {
  const t = useT(S);
  const text = useErrorText();
  const hint = useErrorHint();
  const status = error instanceof ApiError ? error.status : -1;
  const kind = status === 400 ? t('s400') : status === 403 ? t('s403') : status === 404 ? t('s404') : status === 409 ? t('s409') : status === 422 ? t('s422') : status === 0 ? t('s0') : t('other');
  const code = error instanceof ApiError && status > 0 ? ` (${status} ${error.code})` : '';
  return (
    <AntAlert
      type="error"
      showIcon
      role="alert"
      data-testid="refusal"
      title={`${kind}${code}：${text(error)}`}
      description={hint(error)}
      closable={onClose === undefined ? false : { onClose }}
      style={{ marginBottom: 16 }}
    />
  );
}

/**
 * A step behind a confirmation: the dialog shows the form (children) and the confirm button; the
 * call's refusal stays in the dialog, above the form, until the user corrects it or cancels.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: ReactNode;
  okText: string;
  danger?: boolean;
  onCancel: () => void;
  /** The call; resolve = done (the dialog closes), reject = the refusal shown. Return false to keep it open without an error (a form's own check failed). */
  onConfirm: () => Promise<unknown>;
  children?: ReactNode;
}): ReactNode {
  const t = useT(S);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const close = (): void => {
    setError(undefined);
    props.onCancel();
  };
  return (
    <Modal
      open={props.open}
      title={props.title}
      okText={props.okText}
      cancelText={t('cancel')}
      okButtonProps={{ danger: props.danger === true, 'data-testid': 'confirm' }}
      confirmLoading={busy}
      onCancel={close}
      destroyOnHidden
      onOk={() => {
        setBusy(true);
        setError(undefined);
        props
          .onConfirm()
          .then((r) => {
            setBusy(false);
            if (r !== false) close();
          })
          .catch((e: unknown) => {
            setBusy(false);
            setError(e);
          });
      }}
    >
      {error !== undefined && <Refusal error={error} />}
      {props.children}
    </Modal>
  );
}

/** Yuan text as the API takes it: digits, at most two decimals, above zero. */
export function isYuan(s: string): boolean {
  return /^\d{1,13}(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s);
}

/** Filters kept in the address: read them, set some (the page returns to the first). */
export function useFilters<K extends string>(keys: readonly K[]): {
  values: Readonly<Record<K, string>>;
  set: (changes: Partial<Record<K | 'page' | 'size', string>>) => void;
  page: number;
  size: number;
} {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>, [params, keys]);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const size = Math.min(200, Math.max(10, Number(params.get('size') ?? '20') || 20));
  const set = useCallback(
    (changes: Partial<Record<K | 'page' | 'size', string>>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes) as [string, string | undefined][]) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );
  return { values, set, page, size };
}

/**
 * One page of a list the API pages by limit/offset without a total. Alerts and cases answer `more`
 * (whether a next page exists; only the rows answered are read and audited); for a list that does
 * not, one row more than the page is asked for.
 */
export function usePage<T>(path: string | null, listKey: string, query: Query, page: number, size: number): {
  rows: readonly T[] | undefined;
  more: boolean;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
  /** What antd's pagination needs to offer the pages seen so far and the next one. */
  total: number;
} {
  const offset = (page - 1) * size;
  const answersMore = listKey === 'alerts' || listKey === 'cases';
  const r = useApi<Record<string, T[] | boolean | number>>(path, { ...query, limit: answersMore ? size : size + 1, offset });
  const list = r.data?.[listKey];
  const all = Array.isArray(list) ? list : undefined;
  const rows = all?.slice(0, size);
  const more = answersMore ? r.data?.['more'] === true : all !== undefined && all.length > size;
  return { rows, more, error: r.error, loading: r.loading, reload: r.reload, total: offset + (rows?.length ?? 0) + (more ? 1 : 0) };
}

/** The file name a download answer states (filename*=UTF-8''…), else the fallback. */
export function fileNameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1] !== undefined) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/** Saves a blob under a name (a download the browser shows as any other). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
