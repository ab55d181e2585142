/**
 * 受理个案: the form that opens a case (POST /api/v1/cases) — the kind the person's pack states
 * (GET /api/v1/case-kinds; a kind whose [local] values are unset is shown with the reason and
 * cannot be chosen), the person, the year, the reason, the amount asked (yuan text) and the alert
 * it answers, if any. Opened from the case list or from an alert (prefilled). The server checks
 * the person's area, the categories, the alert and that no case of the kind is open.
 */
import { Button, Form, Input, InputNumber, Select, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { ConfirmDialog } from '../../components/Refusal';
import { isYuan } from './yuan';
import type { CaseOut } from '../../types';
import type { CaseKindsOut } from './types';
import { CATEGORY, KIND_TYPE, nameOf } from '../../codes';
import { kindsOf } from './types';

const S = {
  zh: {
    open: '受理个案', openFromAlert: '由此预警受理个案', title: '受理个案', ok: '确认受理', kind: '个案类别', psn: '人员编号', year: '年度（费用所属年度）', reason: '申请事由',
    reasonPh: '如：住院费用 8 万元，家庭基本生活困难', requested: '申请金额（元，可选）', alert: '关联预警编号（可选）', unset: '政策包未设定：{r}', who: '可申请：{c}',
    need: '请填写：类别、人员编号、年度和申请事由', badYuan: '金额为元，至多两位小数，大于 0', fromAlert: '一件事类个案须由对应规则的预警受理',
  },
  en: {
    open: 'New case', openFromAlert: 'Open a case from this alert', title: 'Open a case', ok: 'Open the case', kind: 'Case kind', psn: 'Person number', year: 'Year (of the costs)', reason: 'Reason',
    reasonPh: 'e.g. an 80,000-yuan hospital stay; basic living in difficulty', requested: 'Amount asked (yuan, optional)', alert: 'Alert number (optional)', unset: 'Not set in the pack: {r}', who: 'Who may apply: {c}',
    need: 'Fill in the kind, person number, year and reason', badYuan: 'Yuan, at most two decimals, above 0', fromAlert: 'A one-thing case is opened from an alert of its rule',
  },
} as const;

export interface NewCasePrefill {
  readonly psnNo?: string;
  readonly year?: number;
  readonly alertId?: number;
  /** Only kinds that may answer an alert of this rule (the kind's alert rule, or none), of this pack. */
  readonly alertRule?: string;
  readonly packId?: string;
}

export function NewCaseButton({ prefill, primary }: { prefill?: NewCasePrefill; primary?: boolean }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const kinds = useApi<CaseKindsOut>(open ? '/api/v1/case-kinds' : null);
  const [kind, setKind] = useState<string>('');
  const [psn, setPsn] = useState(prefill?.psnNo ?? '');
  const [year, setYear] = useState<number | null>(prefill?.year ?? new Date().getFullYear());
  const [reason, setReason] = useState('');
  const [requested, setRequested] = useState('');
  const [alertId, setAlertId] = useState<number | null>(prefill?.alertId ?? null);
  const [tried, setTried] = useState(false);
  const all = kindsOf(kinds.data).filter(
    (k) => (prefill?.packId === undefined || k.region === prefill.packId) && (prefill?.alertRule === undefined || k.alert_rule === null || k.alert_rule === undefined || k.alert_rule === prefill.alertRule),
  );
  const chosen = all.find((k) => `${k.region}/${k.id}` === kind);
  const yuanOk = requested === '' || isYuan(requested);
  const start = (): void => {
    setPsn(prefill?.psnNo ?? '');
    setYear(prefill?.year ?? new Date().getFullYear());
    setAlertId(prefill?.alertId ?? null);
    setReason('');
    setRequested('');
    setKind('');
    setTried(false);
    setOpen(true);
  };
  return (
    <>
      <Button type={primary === true ? 'primary' : 'default'} onClick={start} data-testid="new-case">
        {prefill?.alertId === undefined ? t('open') : t('openFromAlert')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('title')}
        okText={t('ok')}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          setTried(true);
          if (chosen === undefined || psn.trim() === '' || year === null || reason.trim() === '' || !yuanOk) return false;
          const c = await api<CaseOut>('/api/v1/cases', {
            method: 'POST',
            body: {
              psn_no: psn.trim(), kind: chosen.id, year, reason: reason.trim(),
              ...(requested === '' ? {} : { requested }), ...(alertId === null ? {} : { alert_id: alertId }),
            },
          });
          void navigate(`/cases/${c.id}`);
          return true;
        }}
      >
        <Form layout="vertical">
          {tried && (chosen === undefined || psn.trim() === '' || year === null || reason.trim() === '') && <Typography.Paragraph type="danger">{t('need')}</Typography.Paragraph>}
          <Form.Item label={t('kind')} required extra={chosen?.categories === undefined ? undefined : t('who', { c: chosen.categories.map((c) => nameOf(CATEGORY, c, lang)).join('、') })}>
            <Select
              value={kind === '' ? undefined : kind}
              onChange={(v: string) => setKind(v)}
              loading={kinds.loading}
              aria-label={t('kind')}
              data-testid="case-kind"
              options={all.map((k) => ({
                value: `${k.region}/${k.id}`,
                disabled: k.unset !== null || (k.alert_rule !== null && k.alert_rule !== undefined && prefill?.alertId === undefined && alertId === null),
                label: `${k.id} ${nameOf(KIND_TYPE, k.type, lang)}${k.unset === null ? '' : ` — ${t('unset', { r: k.unset })}`}${k.alert_rule !== null && k.alert_rule !== undefined ? ` (${k.alert_rule})` : ''}`,
              }))}
            />
          </Form.Item>
          {chosen?.alert_rule !== null && chosen?.alert_rule !== undefined && <Typography.Paragraph type="secondary">{t('fromAlert')}</Typography.Paragraph>}
          <Form.Item label={t('psn')} required>
            <Input value={psn} onChange={(e) => setPsn(e.target.value)} maxLength={30} disabled={prefill?.psnNo !== undefined} aria-label={t('psn')} />
          </Form.Item>
          <Form.Item label={t('year')} required>
            <InputNumber value={year} onChange={(v) => setYear(typeof v === 'number' ? v : null)} min={2000} max={2100} precision={0} disabled={prefill?.year !== undefined} aria-label={t('year')} />
          </Form.Item>
          <Form.Item label={t('reason')} required>
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} rows={3} placeholder={t('reasonPh')} aria-label={t('reason')} />
          </Form.Item>
          <Form.Item label={t('requested')} validateStatus={yuanOk ? undefined : 'error'} help={yuanOk ? undefined : t('badYuan')}>
            <Input value={requested} onChange={(e) => setRequested(e.target.value.trim())} inputMode="decimal" maxLength={16} aria-label={t('requested')} />
          </Form.Item>
          <Form.Item label={t('alert')}>
            <InputNumber value={alertId} onChange={(v) => setAlertId(typeof v === 'number' ? v : null)} min={1} precision={0} disabled={prefill?.alertId !== undefined} aria-label={t('alert')} />
          </Form.Item>
        </Form>
      </ConfirmDialog>
    </>
  );
}
