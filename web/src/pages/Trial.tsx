/**
 * 试算 (trial calculation): POST /api/v1/trial for a stored person or a hypothetical one, and
 * the answer — the split by tier with each tier's rule and clause. Nothing is stored by the
 * server; the page says so. Refusals are shown next to the field they concern (400 with field /
 * details, 422 with field) and above the form.
 */
import { Alert, Card, Form, Typography } from 'antd';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, api, messageIn } from '../api';
import { ErrorState, useErrorHint, useErrorText } from '../components/State';
import { useApi } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { TrialForm, trialBody } from './trial/TrialForm';
import type { TrialValues } from './trial/TrialForm';
import { TrialResult } from './trial/TrialResult';
import type { TrialAnswer } from './trial/TrialResult';

const S = {
  zh: {
    title: '试算', intro: '按政策包计算一笔费用在基本医保、大病保险、医疗救助、再救助之间如何分担，以及个人负担多少。可选库中人员（计入其身份和本年度已有结算），或假设一个人员。试算不保存任何数据。',
    fix: '请按标出的字段修改后再试算。', needsLocal: '政策包未设定此情形所需的本地参数，无法计算。可填写已知的基本医保、大病保险支付金额后再试，或请管理员在政策包中设定该值。',
    forbidden: '您的角色不能使用试算。', field: '字段',
  },
  en: {
    title: 'Trial calculation', intro: 'Calculates how a bill is shared between basic insurance, critical-illness insurance, medical assistance and re-assistance under the policy pack, and what the person pays. Choose a stored person (their identities and this year’s settlements count) or describe a hypothetical one. A trial stores nothing.',
    fix: 'Correct the marked fields and calculate again.', needsLocal: 'The pack does not set a local value this case needs, so it cannot be calculated. Give the basic and critical-illness payments if they are known, or ask an administrator to set the value in the pack.',
    forbidden: 'Your role may not use the trial calculation.', field: 'Field',
  },
} as const;

type FieldPath = (string | number)[];

/** 'identities.0.idet_type' → ['identities', 0, 'idet_type']. */
function pathOf(field: string): FieldPath {
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

const BILL_FIELDS = new Set(['med_type', 'setl_time', 'hosp_lv', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'hifp_pay', 'hifmi_pay']);

function now(): string {
  const d = new Date();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export default function Trial(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const errorText = useErrorText();
  const errorHint = useErrorHint();
  const [form] = Form.useForm<TrialValues>();
  const packs = useApi<{ packs: { admdvs: string; name: string }[] }>('/api/v1/packs');
  const [answer, setAnswer] = useState<TrialAnswer | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  /** Server reasons that name no field of the form: listed above it. */
  const [loose, setLoose] = useState<readonly { field: string; reason: string }[]>([]);
  const [busy, setBusy] = useState(false);
  /** Whether the server's reasons were put next to fields of the form. */
  const [marked, setMarked] = useState(false);

  if (!hasRole(user, 'admin', 'bureau', 'township')) return <ErrorState error={new ApiError(403, 'forbidden', t('forbidden'))} />;

  const known = (field: string, mode: TrialValues['mode']): boolean => {
    const top = field.split('.')[0] ?? '';
    if (BILL_FIELDS.has(top)) return true;
    if (mode === 'stored') return top === 'psn_no';
    return top === 'insuplc_admdvs' || top === 'insu_tier' || (top === 'identities' && field.split('.').length === 3);
  };

  const submit = async (v: TrialValues): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setLoose([]);
    setMarked(false);
    setAnswer(undefined);
    // the server's reasons of the last answer go; the next answer brings its own
    form.setFields(form.getFieldsError().filter((f) => f.errors.length > 0).map((f) => ({ name: f.name as never, errors: [] })));
    try {
      const a = await api<TrialAnswer>('/api/v1/trial', { method: 'POST', body: trialBody(v) });
      setAnswer(a);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) {
        const reasons = e.details !== undefined && e.details.length > 0
          ? e.details.map((d) => ({ field: d.field, reason: messageIn(d.reason, lang) }))
          : e.field !== undefined ? [{ field: e.field, reason: messageIn(e.message, lang) }]
            : e.status === 404 && v.mode === 'stored' ? [{ field: 'psn_no', reason: messageIn(e.message, lang) }] : [];
        const onForm = reasons.filter((r) => known(r.field, v.mode));
        form.setFields(onForm.map((r) => ({ name: pathOf(r.field) as never, errors: [r.reason] })));
        setMarked(onForm.length > 0);
        setLoose(reasons.filter((r) => !known(r.field, v.mode)));
      }
    } finally {
      setBusy(false);
    }
  };

  const hasDetails = error instanceof ApiError && error.details !== undefined && error.details.length > 0;
  const hint = error instanceof ApiError && error.code === 'needs-local' ? t('needsLocal') : marked ? t('fix') : errorHint(error);
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>{t('intro')}</Typography.Paragraph>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="trial-error"
          style={{ marginBottom: 16 }}
          title={hasDetails ? t('fix') : errorText(error)}
          description={
            <>
              {loose.length > 0 && (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {loose.map((r) => <li key={`${r.field}:${r.reason}`}>{r.field === '' ? r.reason : `${t('field')} ${r.field}：${r.reason}`}</li>)}
                </ul>
              )}
              {!(hasDetails && marked) && <div>{hint}</div>}
            </>
          }
        />
      )}
      <Card>
        <TrialForm
          form={form}
          regions={packs.data?.packs ?? []}
          busy={busy}
          initialValues={{ mode: 'stored', med_type: '21', setl_time: now(), identities: [] }}
          onSubmit={(v) => void submit(v)}
        />
      </Card>
      {answer !== undefined && <TrialResult answer={answer} />}
    </div>
  );
}
