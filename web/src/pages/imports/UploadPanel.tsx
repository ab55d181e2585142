/**
 * Uploading a file as an import batch: the kind (unless fixed, as for corrections of a batch), the
 * file by drag-and-drop or choice, the upload's progress, then the server's work (polled), then
 * the batch's counts with a link to its page.
 */
import { DeleteOutlined, InboxOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Radio, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useErrorHint, useErrorText } from '../../components/State';
import { dateTime } from '../../format';
import { useLang, useT } from '../../i18n';
import type { Batch, Kind, UploadPhase } from './util';
import { KIND_NAMES, KINDS, uploadBatch } from './util';

const S = {
  zh: {
    kind: '导入类型', drop: '点击选择文件，或把文件拖到这里', dropHint: '只接受 .csv（UTF-8）或 .xlsx；表头可用国家医保信息平台字段名或中文名。', onlyCsv: '只接受 .csv 或 .xlsx 文件',
    upload: '上传并导入', cancel: '取消', sending: '正在上传 {p}%', importing: '服务器正在导入…', importingRows: '服务器正在导入… 已处理 {n} 行',
    done: '批次 {id} 已导入：接受 {a} 行，拒绝 {r} 行。', doneClean: '批次 {id} 已导入：接受 {a} 行，没有被拒绝的行。', resumed: '（续导完成）',
    already: '这个文件（内容完全相同）已于 {when} 由 {who} 导入为批次 {id}：本次没有做任何更改。', failed: '批次 {id} 导入失败。再次上传同一文件会从中断处续导。',
    open: '查看批次 {id}', size: '{kb} KB', remove: '不上传此文件', rejectsNext: '请打开批次页面，下载错误行，改正后再上传。', written: '写入 {n} 行',
  },
  en: {
    kind: 'Kind', drop: 'Click to choose a file, or drag it here', dropHint: 'Only .csv (UTF-8) or .xlsx; headers may be the NHSA field names or their Chinese names.', onlyCsv: 'Only .csv or .xlsx files are accepted',
    upload: 'Upload and import', cancel: 'Cancel', sending: 'Uploading {p}%', importing: 'The server is importing…', importingRows: 'The server is importing… {n} rows done',
    done: 'Batch {id} imported: {a} rows accepted, {r} rejected.', doneClean: 'Batch {id} imported: {a} rows accepted, none rejected.', resumed: ' (resumed and completed)',
    already: 'This file (the very same content) was imported on {when} by {who} as batch {id}: nothing changed now.', failed: 'Batch {id} failed. Uploading the same file again resumes it where it stopped.',
    open: 'Open batch {id}', size: '{kb} KB', remove: 'Remove this file', rejectsNext: 'Open the batch, download the rejected rows, correct them and upload them again.', written: '{n} rows written',
  },
} as const;

export function UploadPanel({ fixedKind, onDone }: { fixedKind?: Kind; onDone?: (b: Batch) => void }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const errorText = useErrorText();
  const errorHint = useErrorHint();
  const [kind, setKind] = useState<Kind>(fixedKind ?? 'settlements');
  const [file, setFile] = useState<File | undefined>(undefined);
  const [badType, setBadType] = useState(false);
  const [phase, setPhase] = useState<UploadPhase | undefined>(undefined);
  const [result, setResult] = useState<Batch | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const ctl = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => ctl.current?.abort(), []);

  const start = async (): Promise<void> => {
    if (file === undefined) return;
    const c = new AbortController();
    ctl.current = c;
    setError(undefined);
    setResult(undefined);
    try {
      const b = await uploadBatch(fixedKind ?? kind, file, setPhase, c.signal);
      setResult(b);
      setFile(undefined);
      onDone?.(b);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e);
    } finally {
      setPhase(undefined);
    }
  };

  const rows = phase?.phase === 'importing' && phase.batch !== undefined ? phase.batch.accepted + phase.batch.rejected : undefined;
  return (
    <div data-testid="upload-panel">
      {fixedKind === undefined && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Typography.Text id="import-kind-label">{t('kind')}</Typography.Text>
          <Radio.Group
            aria-labelledby="import-kind-label"
            optionType="button"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            disabled={phase !== undefined}
            options={KINDS.map((k) => ({ value: k, label: KIND_NAMES[k][lang] }))}
          />
        </Space>
      )}
      <Upload.Dragger
        accept=".csv,.xlsx"
        multiple={false}
        maxCount={1}
        disabled={phase !== undefined}
        beforeUpload={(f) => {
          const ok = /\.(csv|xlsx)$/i.test(f.name);
          setBadType(!ok);
          setFile(ok ? f : undefined);
          setResult(undefined);
          setError(undefined);
          return false;
        }}
        showUploadList={false}
      >
        <p className="ant-upload-drag-icon"><InboxOutlined /></p>
        <p className="ant-upload-text">{t('drop')}</p>
        <p className="ant-upload-hint">{t('dropHint')}</p>
      </Upload.Dragger>
      {file !== undefined && (
        <Space style={{ marginTop: 8 }} data-testid="chosen-file">
          <PaperClipOutlined />
          <Typography.Text>{file.name}</Typography.Text>
          <Typography.Text type="secondary">{t('size', { kb: Math.max(1, Math.round(file.size / 1024)) })}</Typography.Text>
          {phase === undefined && <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('remove')} title={t('remove')} onClick={() => setFile(undefined)} />}
        </Space>
      )}
      {badType && <Alert type="error" showIcon title={t('onlyCsv')} style={{ marginTop: 12 }} />}
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" disabled={file === undefined || phase !== undefined} loading={phase !== undefined} onClick={() => void start()} data-testid="upload-start">
          {t('upload')}
        </Button>
        {phase !== undefined && <Button onClick={() => ctl.current?.abort()}>{t('cancel')}</Button>}
      </Space>
      {phase !== undefined && (
        <div style={{ marginTop: 12 }} role="status" aria-live="polite" data-testid="upload-progress">
          {phase.phase === 'sending' ? (
            <>
              <Progress percent={phase.percent} size="small" />
              <Typography.Text type="secondary">{t('sending', { p: phase.percent })}</Typography.Text>
            </>
          ) : (
            <>
              <Progress percent={100} status="active" showInfo={false} size="small" />
              <Typography.Text type="secondary">{rows === undefined ? t('importing') : t('importingRows', { n: rows })}</Typography.Text>
            </>
          )}
        </div>
      )}
      {error !== undefined && <Alert type="error" showIcon role="alert" title={errorText(error)} description={errorHint(error)} style={{ marginTop: 12 }} data-testid="upload-error" />}
      {result !== undefined && <Outcome batch={result} />}
    </div>
  );
}

function Outcome({ batch: b }: { batch: Batch }): ReactNode {
  const t = useT(S);
  const link = <Link to={`/imports/${b.id}`}>{t('open', { id: b.id })}</Link>;
  if (b.outcome === 'already-imported') {
    return (
      <Alert type="info" showIcon style={{ marginTop: 12 }} data-testid="upload-result" data-outcome="already-imported"
        title={t('already', { when: dateTime(b.started_at), who: b.imported_by, id: b.id })} description={link} />
    );
  }
  if (b.status === 'failed') return <Alert type="error" showIcon style={{ marginTop: 12 }} data-testid="upload-result" data-outcome="failed" title={t('failed', { id: b.id })} description={link} />;
  const title = (b.rejected > 0 ? t('done', { id: b.id, a: b.accepted, r: b.rejected }) : t('doneClean', { id: b.id, a: b.accepted })) + (b.outcome === 'resumed' ? t('resumed') : '');
  return (
    <Alert
      type={b.rejected > 0 ? 'warning' : 'success'}
      showIcon
      style={{ marginTop: 12 }}
      data-testid="upload-result"
      data-outcome={b.outcome ?? 'imported'}
      title={title}
      description={
        <Space orientation="vertical" size={2}>
          {b.written !== undefined && <span>{t('written', { n: b.written })}</span>}
          {b.rejected > 0 && <span>{t('rejectsNext')}</span>}
          {link}
        </Space>
      }
    />
  );
}
