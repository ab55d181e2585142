/** 谁查看过 / who looked: the person's audit trail, newest first (admin and bureau only; reading it is itself audited). */
import { Card, Table } from 'antd';
import type { ReactNode } from 'react';
import { ErrorState } from '../../components/State';
import { dateTime } from '../../format';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import type { AuditEntry } from './types';
import { AUDIT_ACTION, nameOf } from '../../codes';

const S = {
  zh: { title: '谁查看过（审计记录，最近 100 条）', at: '时间', user: '用户', role: '角色', action: '操作', target: '对象', ip: 'IP 地址', none: '没有记录。' },
  en: { title: 'Who looked (audit log, latest 100)', at: 'When', user: 'User', role: 'Role', action: 'Action', target: 'Target', ip: 'IP address', none: 'Nothing recorded.' },
} as const;

export function AuditTrail({ psnNo }: { psnNo: string }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const trail = useApi<{ entries: AuditEntry[] }>(`/api/v1/persons/${encodeURIComponent(psnNo)}/audit`, { limit: 100 });
  return (
    <Card title={t('title')} size="small" data-testid="audit">
      {trail.error !== undefined ? (
        <ErrorState error={trail.error} onRetry={trail.reload} />
      ) : (
        <Table<AuditEntry>
          size="small"
          rowKey="id"
          loading={trail.loading}
          dataSource={trail.data?.entries ?? []}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          locale={{ emptyText: t('none') }}
          columns={[
            { key: 'at', title: t('at'), dataIndex: 'at', render: (v: string) => dateTime(v) },
            { key: 'user', title: t('user'), dataIndex: 'username' },
            { key: 'role', title: t('role'), dataIndex: 'role', render: (v: string | null) => v ?? '—' },
            { key: 'action', title: t('action'), dataIndex: 'action', render: (v: string) => nameOf(AUDIT_ACTION, v, lang) },
            { key: 'target', title: t('target'), dataIndex: 'target', render: (v: string | null) => v ?? '—' },
            { key: 'ip', title: t('ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}
