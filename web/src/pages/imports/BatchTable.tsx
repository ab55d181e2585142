/** The import batches, newest first, paged by the server (GET /api/v1/imports?limit&offset&kind). */
import { Segmented, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState, ErrorState } from '../../components/State';
import { dateTime } from '../../format';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import type { Batch, Kind } from './util';
import { KIND_NAMES, KINDS } from './util';

const S = {
  zh: {
    all: '全部', id: '批次', kind: '类型', file: '文件名', who: '导入人', when: '开始时间', finished: '完成时间', accepted: '接受', rejected: '拒绝', status: '状态',
    running: '导入中', done: '完成', failed: '失败', empty: '还没有导入批次。用上方的表单上传第一个文件。', emptyKind: '没有这一类的导入批次。', total: '共 {n} 个批次', filter: '按类型筛选',
  },
  en: {
    all: 'All', id: 'Batch', kind: 'Kind', file: 'File name', who: 'Imported by', when: 'Started', finished: 'Finished', accepted: 'Accepted', rejected: 'Rejected', status: 'Status',
    running: 'Importing', done: 'Done', failed: 'Failed', empty: 'No import batch yet. Upload the first file with the form above.', emptyKind: 'No batch of this kind.', total: '{n} batches', filter: 'Filter by kind',
  },
} as const;

export function StatusTag({ status }: { status: Batch['status'] }): ReactNode {
  const t = useT(S);
  return <Tag color={status === 'done' ? 'green' : status === 'failed' ? 'red' : 'blue'}>{t(status)}</Tag>;
}

export function BatchTable({ refresh }: { refresh: number }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(20);
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const list = useApi<{ batches: Batch[]; total: number }>('/api/v1/imports', { limit: size, offset: (page - 1) * size, kind: kind === 'all' ? undefined : kind });
  const { reload } = list;
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  if (list.error !== undefined) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        aria-label={t('filter')}
        value={kind}
        onChange={(v) => {
          setKind(v as Kind | 'all');
          setPage(1);
        }}
        options={[{ value: 'all', label: t('all') }, ...KINDS.map((k) => ({ value: k, label: KIND_NAMES[k][lang] }))]}
      />
      <Table<Batch>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.batches ?? []}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState description={kind === 'all' ? t('empty') : t('emptyKind')} /> }}
        pagination={{
          current: page, pageSize: size, total: list.data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100],
          showTotal: (n) => t('total', { n }),
          onChange: (p, s) => {
            setPage(s === size ? p : 1);
            setSize(s);
          },
        }}
        columns={[
          { title: t('id'), dataIndex: 'id', width: 80, render: (id: number) => <Link to={`/imports/${id}`}>{id}</Link> },
          { title: t('kind'), dataIndex: 'kind', width: 90, render: (k: Kind) => KIND_NAMES[k][lang] },
          { title: t('file'), dataIndex: 'file_name', render: (f: string, b) => <Link to={`/imports/${b.id}`}>{f}</Link> },
          { title: t('who'), dataIndex: 'imported_by', width: 120 },
          { title: t('when'), dataIndex: 'started_at', width: 150, render: (s: string) => dateTime(s) },
          { title: t('accepted'), dataIndex: 'accepted', width: 90, align: 'right', render: (n: number) => <span className="num">{n}</span> },
          {
            title: t('rejected'), dataIndex: 'rejected', width: 90, align: 'right',
            render: (n: number) => <span className="num" style={n > 0 ? { color: '#cf1322', fontWeight: 600 } : undefined}>{n}</span>,
          },
          { title: t('status'), dataIndex: 'status', width: 90, render: (s: Batch['status']) => <StatusTag status={s} /> },
        ]}
      />
    </Space>
  );
}
