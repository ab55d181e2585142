/**
 * The states every page shows the same way: loading, an error that says what to do next, and an
 * empty result that says how to fill it.
 */
import { Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { ApiError, messageIn } from '../api';
import { useLang, useT } from '../i18n';

const S = {
  zh: {
    loading: '正在加载…',
    retry: '重试',
    e0: '无法连接服务器。请检查网络或确认服务正在运行，然后重试。',
    e400: '请求的内容有误，请按提示修改后再提交。',
    e401: '登录已过期，请重新登录。',
    e403: '您的角色无权进行此操作。如需权限，请联系管理员。',
    e404: '没有找到，或不在您的辖区内。请检查编号。',
    e409: '与已有数据冲突，请刷新后查看最新状态。',
    e422: '不符合政策规定，见上方原因。',
    e429: '操作过于频繁，请稍后再试。',
    e500: '服务器出错，已记录。请稍后重试；若仍失败，请联系管理员。',
    failed: '出错了',
  },
  en: {
    loading: 'Loading…',
    retry: 'Retry',
    e0: 'Cannot reach the server. Check the network or that the service is running, then retry.',
    e400: 'The request is not valid: correct it as the message says and submit again.',
    e401: 'Your session has ended: sign in again.',
    e403: 'Your role may not do this. Ask an administrator if you need it.',
    e404: 'Not found, or outside your area. Check the number.',
    e409: 'This conflicts with data already there: reload to see the current state.',
    e422: 'The policy does not allow this; the reason is above.',
    e429: 'Too many attempts: wait a moment and try again.',
    e500: 'The server failed and logged it. Try again later; if it keeps failing, tell an administrator.',
    failed: 'Something went wrong',
  },
} as const;

export function Loading(): ReactNode {
  const t = useT(S);
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin tip={t('loading')}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

/** What the user can do about an error, by its status. */
export function useErrorHint(): (e: unknown) => string {
  const t = useT(S);
  return (e) => {
    const status = e instanceof ApiError ? e.status : 500;
    if (status === 0) return t('e0');
    if (status === 400) return t('e400');
    if (status === 401) return t('e401');
    if (status === 403) return t('e403');
    if (status === 404) return t('e404');
    if (status === 409) return t('e409');
    if (status === 422) return t('e422');
    if (status === 429) return t('e429');
    return t('e500');
  };
}

/** The server's own message in the reader's language. */
export function useErrorText(): (e: unknown) => string {
  const { lang } = useLang();
  return (e) => (e instanceof Error ? messageIn(e.message, lang) : String(e));
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }): ReactNode {
  const t = useT(S);
  const hint = useErrorHint();
  const text = useErrorText();
  const status = error instanceof ApiError ? error.status : 500;
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={text(error) || t('failed')}
      subTitle={hint(error)}
      extra={onRetry === undefined ? undefined : <Button onClick={onRetry}>{t('retry')}</Button>}
    />
  );
}

export function EmptyState({ description, action }: { description: ReactNode; action?: ReactNode }): ReactNode {
  return (
    <Empty description={description} style={{ padding: 32 }}>
      {action}
    </Empty>
  );
}
