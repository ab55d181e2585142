/**
 * 导入 (imports): upload a file of persons, identities, enrolments or settlements as a batch, and
 * the list of batches. Bureau and administrators only (the API refuses others with 403, shown as
 * such).
 */
import { Card, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../api';
import { ErrorState } from '../components/State';
import { useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { BatchTable } from './imports/BatchTable';
import { UploadPanel } from './imports/UploadPanel';

const S = {
  zh: {
    title: '导入', intro: '上传人员、身份、参保或结算文件。每个文件记为一个批次：合格的行入库并重新计算台账，不合格的行被拒绝并注明行号、字段和原因，可下载后改正再上传。同一文件重复上传不会重复导入。',
    upload: '上传文件', batches: '导入批次', forbidden: '没有权限：导入只限医保局和管理员。',
  },
  en: {
    title: 'Imports', intro: 'Upload a file of persons, identities, enrolments or settlements. Each file is recorded as a batch: valid rows are stored and the ledger recomputed; invalid rows are rejected with their line, field and reason, to download, correct and upload again. Uploading the same file again imports nothing twice.',
    upload: 'Upload a file', batches: 'Import batches', forbidden: 'Not allowed: imports are for the bureau and administrators only.',
  },
} as const;

export default function Imports(): ReactNode {
  const t = useT(S);
  const user = useUser();
  const [refresh, setRefresh] = useState(0);
  if (!hasRole(user, 'admin', 'bureau')) return <ErrorState error={new ApiError(403, 'forbidden', t('forbidden'))} />;
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>{t('intro')}</Typography.Paragraph>
      <Card title={t('upload')} style={{ marginBottom: 16 }}>
        <UploadPanel onDone={() => setRefresh((n) => n + 1)} />
      </Card>
      <Card title={t('batches')}>
        <BatchTable refresh={refresh} />
      </Card>
    </div>
  );
}
