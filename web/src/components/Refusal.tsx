/**
 * The server's refusal shown with what it means (403 not your step, 409 not in this state, 422 the
 * policy refuses), and a confirmation dialog that keeps the refusal beside the form: the steps of
 * alerts and cases and the producing of reports.
 */
import { Alert as AntAlert, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { ApiError } from '../api';
import { useT } from '../i18n';
import { useErrorHint, useErrorText } from './State';

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
