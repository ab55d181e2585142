/** A batch's rejected rows (GET /api/v1/imports/{id}/rejects, paged): file, line, field, reason in the reader's language, and the row as read. */
import { Descriptions, Table } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { messageIn } from '../../api';
import { EmptyState, ErrorState } from '../../components/State';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { fieldLabel } from './fields';
import type { RejectRow } from './util';

const S = {
  zh: { file: '文件', line: '行号', field: '字段', reason: '原因', psn: '人员编号', wholeRow: '整行', none: '这个批次没有被拒绝的行。', total: '共 {n} 行被拒绝', row: '该行原文' },
  en: { file: 'File', line: 'Line', field: 'Field', reason: 'Reason', psn: 'Person', wholeRow: 'whole row', none: 'This batch has no rejected rows.', total: '{n} rejected rows', row: 'The row as read' },
} as const;

interface Keyed extends RejectRow {
  readonly key: string;
}

export function RejectsTable({ batchId, fileName }: { batchId: number; fileName: string }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const r = useApi<{ total: number; rejects: RejectRow[] }>(`/api/v1/imports/${batchId}/rejects`, { limit: size, offset: (page - 1) * size });
  if (r.error !== undefined) return <ErrorState error={r.error} onRetry={r.reload} />;
  const rows: Keyed[] = (r.data?.rejects ?? []).map((x, i) => ({ ...x, key: `${x.line}:${x.field}:${i}` }));
  return (
    <Table<Keyed>
      data-testid="rejects-table"
      size="small"
      loading={r.loading}
      dataSource={rows}
      locale={{ emptyText: r.loading ? ' ' : <EmptyState description={t('none')} /> }}
      pagination={{
        current: page, pageSize: size, total: r.data?.total ?? 0, showSizeChanger: true, showTotal: (n) => t('total', { n }),
        onChange: (p, s) => {
          setPage(s === size ? p : 1);
          setSize(s);
        },
      }}
      expandable={{
        rowExpandable: (x) => Object.keys(x.content).length > 0,
        expandedRowRender: (x) => (
          <Descriptions size="small" title={t('row')} column={{ xs: 1, md: 2, xl: 3 }} items={Object.entries(x.content).map(([k, v]) => ({ key: k, label: k, children: v === '' ? '—' : v }))} />
        ),
      }}
      columns={[
        { title: t('file'), key: 'file', width: 180, render: () => fileName },
        { title: t('line'), dataIndex: 'line', width: 70, align: 'right', render: (n: number) => <span className="num">{n}</span> },
        { title: t('field'), dataIndex: 'field', width: 220, render: (f: string) => fieldLabel(f, lang, t('wholeRow')) },
        { title: t('reason'), dataIndex: 'reason', render: (s: string) => messageIn(s, lang) },
        { title: t('psn'), dataIndex: 'psn_no', width: 130, render: (p: string | null) => p ?? '—' },
      ]}
    />
  );
}
