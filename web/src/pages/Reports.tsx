/**
 * 报表: produce a report (REP-1 … REP-7, for the periods each is owed for; a township user's are
 * its township's), the reports produced (GET /api/v1/reports, newest first, filtered by kind and
 * period, paged), each with its downloads, and the chosen one shown on the page with "changes
 * since".
 */
import { App, Button, Select, Space, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { FilterInput, listRows, usePagination } from '../components/ListTools';
import { ErrorState } from '../components/State';
import { dateTime } from '../format';
import { useFilters, usePage } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import type { ReportMeta } from './reports/format';
import { REPORT_KINDS, reportName } from './reports/format';
import { Produce } from './reports/Produce';
import { ReportView } from './reports/ReportView';

const S = {
  zh: {
    title: '报表', periodCol: '期间', list: '已出具的报表', allKinds: '全部报表', period: '期间，如 2023、2023-Q2、2023-05', id: '编号', kind: '报表', scope: '范围', county: '全县', asOf: '截止时间',
    by: '出具人', at: '出具时间', actions: '操作', view: '查看', xlsx: 'XLSX', html: '打印页', done: '报表 {id} 已出具',
    empty: '还没有出具过报表。在上方选择报表和期间后点击「出具」。', emptyFiltered: '没有符合条件的报表。', viewerNote: '只读用户可查看和下载已出具的报表。',
  },
  en: {
    title: 'Reports', periodCol: 'Period', list: 'Reports produced', allKinds: 'All reports', period: 'Period, e.g. 2023, 2023-Q2, 2023-05', id: 'No.', kind: 'Report', scope: 'Scope', county: 'County', asOf: 'Cut-off',
    by: 'By', at: 'Produced', actions: 'Actions', view: 'View', xlsx: 'XLSX', html: 'Print', done: 'Report {id} produced',
    empty: 'No report has been produced yet. Choose a report and a period above, then Produce.', emptyFiltered: 'No report matches.', viewerNote: 'Viewers may read and download the reports produced.',
  },
} as const;

const KEYS = ['kind', 'period', 'id'] as const;

export default function Reports(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const { message } = App.useApp();
  const f = useFilters(KEYS);
  const { kind, period, id } = f.values;
  const list = usePage<ReportMeta>('/api/v1/reports', 'reports', { kind, period }, f.page, f.size);
  const pagination = usePagination(f, list.total, { id });
  const [opened, setOpened] = useState<ReportMeta | undefined>(undefined);
  const chosen = opened !== undefined && String(opened.id) === id ? opened : list.rows?.find((r) => String(r.id) === id);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
      {hasRole(user, 'admin', 'bureau', 'township') ? (
        <Produce
          defaultYear={new Date().getFullYear() - 1}
          onDone={(r) => {
            void message.success(t('done', { id: r.id }));
            setOpened(r);
            f.set({ kind: '', period: '', id: String(r.id) });
            list.reload();
          }}
        />
      ) : (
        <Typography.Text type="secondary">{t('viewerNote')}</Typography.Text>
      )}
      {chosen !== undefined && <ReportView key={chosen.id} meta={chosen} onClose={() => f.set({ id: '', page: String(f.page) })} />}
      <Typography.Title level={4} style={{ margin: 0 }}>{t('list')}</Typography.Title>
      <Space wrap>
        <Select
          value={kind}
          style={{ width: 320 }}
          aria-label={t('kind')}
          onChange={(v: string) => f.set({ kind: v })}
          options={[{ value: '', label: t('allKinds') }, ...REPORT_KINDS.map((k) => ({ value: k.kind, label: `${k.no} ${k[lang]}` }))]}
        />
        <FilterInput value={period} placeholder={t('period')} pattern={/^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/} onApply={(v) => f.set({ period: v })} width={300} />
      </Space>
      {list.error !== undefined ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<ReportMeta>
          rowKey="id"
          data-testid="reports-table"
          {...listRows(list, kind === '' && period === '' ? t('empty') : t('emptyFiltered'))}
          rowClassName={(r) => (String(r.id) === id ? 'ant-table-row-selected' : '')}
          scroll={{ x: 1000 }}
          pagination={pagination}
          columns={[
            { title: t('id'), width: 70, dataIndex: 'id' },
            { title: t('kind'), render: (_: unknown, r) => reportName(r.kind, lang) },
            { title: t('periodCol'), dataIndex: 'period', width: 100 },
            { title: t('scope'), render: (_: unknown, r) => r.town ?? t('county') },
            { title: t('asOf'), render: (_: unknown, r) => dateTime(r.as_of) },
            { title: t('by'), dataIndex: 'created_by' },
            {
              title: t('actions'),
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  <Button
                    size="small"
                    type="link"
                    onClick={() => {
                      setOpened(r);
                      f.set({ id: String(r.id), page: String(f.page) });
                    }}
                  >
                    {t('view')}
                  </Button>
                  <Button size="small" type="link" href={r.links.xlsx} download>{t('xlsx')}</Button>
                  <Button size="small" type="link" href={r.links.html} target="_blank" rel="noopener">{t('html')}</Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
