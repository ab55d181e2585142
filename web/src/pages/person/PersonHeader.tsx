/**
 * The person page's header: name, person number, the masked ID number and — only for a user with
 * the unmask right — the audited way to see it in full (POST /api/v1/persons/{psn_no}/certno with a
 * reason), the place and the year selector.
 */
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Input, Modal, Select, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api';
import { useErrorText } from '../../components/State';
import { useT } from '../../i18n';
import { useUser } from '../../session';
import type { PersonInfo } from './types';

const S = {
  zh: {
    psnNo: '人员编号', certno: '身份证号', town: '乡镇', village: '村（社区）', insuplc: '参保地', tier: '参保档次', rural: '户籍',
    ruralYes: '农村', ruralNo: '城镇', year: '年度', unmask: '查看完整号码', unmaskTitle: '查看完整身份证号',
    unmaskNote: '查看完整身份证号会记入审计日志（查看人、时间、事由），请仅在核实身份等确有需要时使用。',
    reason: '事由', reasonPh: '例如：核实身份、办理救助申请', reasonNeeded: '请填写事由', confirm: '查看并记录', cancel: '取消',
    logged: '已记入审计日志', tierN: '第 {n} 档',
  },
  en: {
    psnNo: 'Person no.', certno: 'ID number', town: 'Township', village: 'Village', insuplc: 'Insured at', tier: 'Contribution tier', rural: 'Residence',
    ruralYes: 'rural', ruralNo: 'urban', year: 'Year', unmask: 'Show in full', unmaskTitle: 'Show the full ID number',
    unmaskNote: 'Showing the full ID number is recorded in the audit log (who, when, why). Use it only when needed, e.g. to verify identity.',
    reason: 'Reason', reasonPh: 'e.g. identity check, assistance application', reasonNeeded: 'Give a reason', confirm: 'Show and record', cancel: 'Cancel',
    logged: 'recorded in the audit log', tierN: 'tier {n}',
  },
} as const;

export function PersonHeader({ person, year, years, onYear }: { person: PersonInfo; year: number; years: readonly number[]; onYear: (y: number) => void }): ReactNode {
  const t = useT(S);
  const user = useUser();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [full, setFull] = useState<string | null | undefined>(undefined);

  const unmask = async (): Promise<void> => {
    if (reason.trim() === '') {
      setError(t('reasonNeeded'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const r = await api<{ psn_no: string; certno: string | null }>(`/api/v1/persons/${encodeURIComponent(person.psn_no)}/certno`, { method: 'POST', body: { reason: reason.trim() } });
      setFull(r.certno);
      setOpen(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <Space align="baseline" wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
          {person.psn_name ?? person.psn_no}
        </Typography.Title>
        <Space className="no-print">
          <span>{t('year')}</span>
          <Select<number> aria-label={t('year')} data-testid="year" value={year} onChange={onYear} style={{ width: 110 }} options={years.map((y) => ({ value: y, label: String(y) }))} />
        </Space>
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('psnNo')}>{person.psn_no}</Descriptions.Item>
        <Descriptions.Item label={t('certno')}>
          <Space wrap>
            <span className="num" data-testid="certno">{full === undefined ? (person.certno ?? '—') : (full ?? '—')}</span>
            {full !== undefined && <Tag color="orange">{t('logged')}</Tag>}
            {user.canUnmask && full === undefined && person.certno !== null && (
              <Button size="small" icon={<EyeOutlined />} className="no-print" onClick={() => setOpen(true)}>{t('unmask')}</Button>
            )}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('town')}>{person.town_admdvs ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('village')}>{person.village_admdvs ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('insuplc')}>{person.insuplc_admdvs ?? person.admdvs}</Descriptions.Item>
        <Descriptions.Item label={t('tier')}>{person.insu_tier === null ? '—' : t('tierN', { n: person.insu_tier })}</Descriptions.Item>
        <Descriptions.Item label={t('rural')}>{person.rural === null ? '—' : person.rural ? t('ruralYes') : t('ruralNo')}</Descriptions.Item>
      </Descriptions>
      <Modal
        open={open}
        title={t('unmaskTitle')}
        okText={t('confirm')}
        cancelText={t('cancel')}
        confirmLoading={busy}
        onOk={() => void unmask()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon message={t('unmaskNote')} />
          <label htmlFor="unmask-reason">{t('reason')}</label>
          <Input.TextArea id="unmask-reason" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('reasonPh')} maxLength={500} rows={2} />
          {error !== undefined && <Alert type="error" showIcon message={error} />}
        </Space>
      </Modal>
    </div>
  );
}
