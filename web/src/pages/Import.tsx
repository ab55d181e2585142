/**
 * One import batch (GET /api/v1/imports/{id}): its counts, file hash, who and when; while it runs,
 * polled. Its rejected rows in a table, their download as XLSX or CSV, and the corrections
 * uploaded as a new batch of the same kind.
 */
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Steps, Typography } from 'antd';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { ErrorState, Loading } from '../components/State';
import { dateTime } from '../format';
import { useApi } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { StatusTag } from './imports/BatchTable';
import { RejectsTable } from './imports/RejectsTable';
import { UploadPanel } from './imports/UploadPanel';
import type { Batch } from './imports/util';
import { KIND_NAMES, rejectsFile } from './imports/util';

const S = {
  zh: {
    title: '导入批次 {id}', back: '全部批次', kind: '类型', file: '文件名', hash: '文件 SHA-256', who: '导入人', started: '开始时间', finished: '完成时间',
    accepted: '接受行数', rejected: '拒绝行数', status: '状态', region: '统筹区', running: '正在导入，本页自动刷新…', failed: '导入中断。再次上传同一文件会从中断处续导，结果与一次导完相同。',
    rejects: '被拒绝的行', noRejects: '这个批次的所有行都已接受，无需改正。',
    how: '如何改正', step1: '下载错误行', step1d: 'XLSX：每行先是行号、字段、原因三列，后面是该行原文，表头与原文件相同。CSV 供查看，原文在 content 一列。', step2: '改正这些行', step2d: '按原因改正表中的单元格，不要改动表头；前三列可以保留。',
    step3: '上传改正后的文件', step3d: '在下方上传（类型与本批次相同）：改正后的 XLSX 可原样上传，前三列会被忽略；也可上传只含这些行、表头与原文件相同的 CSV。已接受的行不必再传。',
    xlsx: '下载错误行（XLSX）', csv: '下载错误行（CSV）', reimport: '上传改正后的文件（{kind}）', badId: '批次编号应为正整数', forbidden: '没有权限：导入只限医保局和管理员。',
  },
  en: {
    title: 'Import batch {id}', back: 'All batches', kind: 'Kind', file: 'File name', hash: 'File SHA-256', who: 'Imported by', started: 'Started', finished: 'Finished',
    accepted: 'Rows accepted', rejected: 'Rows rejected', status: 'Status', region: 'Region', running: 'Importing: this page refreshes by itself…', failed: 'The import stopped. Uploading the same file again resumes it where it stopped, ending as one clean run would.',
    rejects: 'Rejected rows', noRejects: 'Every row of this batch was accepted: nothing to correct.',
    how: 'How to correct', step1: 'Download the rejected rows', step1d: 'XLSX: each row starts with its line, field and reason, then the row as read under the file’s own header. The CSV is for reading: the row is in its content column.', step2: 'Correct the rows', step2d: 'Correct the cells as each reason says; leave the header as it is (the three leading columns may stay).',
    step3: 'Upload the corrected file', step3d: 'Below, as the same kind as this batch: the corrected XLSX as it is (the three leading columns are ignored), or a CSV of just these rows under the original header. Accepted rows need not be sent again.',
    xlsx: 'Download rejects (XLSX)', csv: 'Download rejects (CSV)', reimport: 'Upload the corrected file ({kind})', badId: 'A batch number is a positive whole number', forbidden: 'Not allowed: imports are for the bureau and administrators only.',
  },
} as const;

export default function Import(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const { id: raw = '' } = useParams();
  const valid = /^[1-9]\d{0,9}$/.test(raw);
  const allowed = hasRole(user, 'admin', 'bureau');
  const b = useApi<Batch>(valid && allowed ? `/api/v1/imports/${raw}` : null);
  const { reload } = b;
  const running = b.data?.status === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(reload, 2000);
    return () => clearInterval(timer);
  }, [running, reload]);

  if (!allowed) return <ErrorState error={new ApiError(403, 'forbidden', t('forbidden'))} />;
  if (!valid) return <ErrorState error={new ApiError(404, 'not-found', t('badId'))} />;
  if (b.error !== undefined) return <ErrorState error={b.error} onRetry={b.reload} />;
  if (b.data === undefined) return <Loading />;
  const batch = b.data;
  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Link to="/imports"><ArrowLeftOutlined /> {t('back')}</Link>
      </Space>
      <Typography.Title level={3}>{t('title', { id: batch.id })}</Typography.Title>
      {batch.status === 'running' && <Alert type="info" showIcon title={t('running')} style={{ marginBottom: 16 }} />}
      {batch.status === 'failed' && <Alert type="error" showIcon title={t('failed')} style={{ marginBottom: 16 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, xl: 3 }}
          data-testid="batch-summary"
          items={[
            { key: 'kind', label: t('kind'), children: KIND_NAMES[batch.kind][lang] },
            { key: 'file', label: t('file'), children: batch.file_name },
            { key: 'status', label: t('status'), children: <StatusTag status={batch.status} /> },
            { key: 'accepted', label: t('accepted'), children: <span className="num" data-testid="batch-accepted">{batch.accepted}</span> },
            { key: 'rejected', label: t('rejected'), children: <span className="num" data-testid="batch-rejected">{batch.rejected}</span> },
            { key: 'region', label: t('region'), children: batch.admdvs },
            { key: 'who', label: t('who'), children: batch.imported_by },
            { key: 'started', label: t('started'), children: dateTime(batch.started_at) },
            { key: 'finished', label: t('finished'), children: dateTime(batch.finished_at) },
            { key: 'hash', label: t('hash'), span: 'filled', children: <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>{batch.file_hash}</Typography.Text> },
          ]}
        />
      </Card>
      {batch.rejected === 0 ? (
        batch.status === 'done' && <Alert type="success" showIcon title={t('noRejects')} data-testid="no-rejects" />
      ) : (
        <>
          <Card title={t('how')} style={{ marginBottom: 16 }}>
            <Steps
              size="small"
              items={[
                { title: t('step1'), content: t('step1d'), status: 'process' },
                { title: t('step2'), content: t('step2d'), status: 'process' },
                { title: t('step3'), content: t('step3d'), status: 'process' },
              ]}
            />
            <Space style={{ marginTop: 16 }} wrap>
              <Button type="primary" icon={<DownloadOutlined />} href={rejectsFile(batch.id, 'xlsx')} download data-testid="download-xlsx">{t('xlsx')}</Button>
              <Button icon={<DownloadOutlined />} href={rejectsFile(batch.id, 'csv')} download data-testid="download-csv">{t('csv')}</Button>
            </Space>
          </Card>
          <Card title={t('rejects')} style={{ marginBottom: 16 }}>
            <RejectsTable batchId={batch.id} fileName={batch.file_name} />
          </Card>
          <Card title={t('reimport', { kind: KIND_NAMES[batch.kind][lang] })}>
            <UploadPanel fixedKind={batch.kind} />
          </Card>
        </>
      )}
    </div>
  );
}
