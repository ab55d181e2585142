/**
 * 决定救助金额: the amount of each fund source the case's kind names (yuan text, at most two
 * decimals), with the cap's measure and its value as the API gives them; the server checks the
 * sources, the cap (this decision plus the person-year's other cases) and, for 一件事, the
 * township's share, and answers 422 with the reason when the policy refuses.
 */
import { Button, Descriptions, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api';
import { yuan } from '../../format';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import { ConfirmDialog } from '../../components/Refusal';
import { isYuan } from './yuan';
import type { CaseDetail, CaseKindsOut } from './types';
import { FUND_SOURCE, MEASURE, nameOf } from '../../codes';
import { kindsOf } from './types';

const S = {
  zh: {
    decide: '决定救助金额', title: '个案 {id}：决定救助金额', ok: '确认决定', help: '按资金来源填写金额（元，至多两位小数）；不填的来源不列入。当年个案合计不得超过上限口径，由服务器核对。',
    cap: '上限口径', capValue: '当年{measure}', other: '当年已决定的个案合计', requested: '申请金额', share: '一件事：属地镇街承担不低于 {p}%', note: '意见',
    bad: '金额为元，至多两位小数，大于 0', none: '至少填写一个资金来源的金额', loading: '正在读取政策包的资金来源…',
  },
  en: {
    decide: 'Decide the amount', title: 'Case {id}: decide the amount', ok: 'Decide', help: 'Enter the amount of each fund source (yuan, at most two decimals); sources left empty are not used. The year’s case amounts may not exceed the cap; the server checks it.',
    cap: 'Cap measure', capValue: 'The year’s {measure}', other: 'Cases already decided this year', requested: 'Amount asked', share: 'One-thing: the township bears at least {p}%', note: 'Opinion',
    bad: 'Yuan, at most two decimals, above 0', none: 'Enter the amount of at least one source', loading: 'Reading the pack’s fund sources…',
  },
} as const;

export function DecideButton({ c, onDone }: { c: CaseDetail; onDone: () => void }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const [open, setOpen] = useState(false);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const kinds = useApi<CaseKindsOut>(open ? '/api/v1/case-kinds' : null);
  const all = kindsOf(kinds.data).filter((k) => k.region === c.pack_id && k.id === c.kind);
  const kind = all.find((k) => k.version === c.pack_version) ?? all[0];
  const sources = kind?.sources?.map((s) => s.source) ?? [];
  const filled = sources.filter((s) => (amounts[s] ?? '') !== '');
  const bad = filled.filter((s) => !isYuan(amounts[s] ?? ''));
  const measure = c.cap_measure ?? kind?.cap ?? null;
  const capValue = measure === 'personal' ? c.totals.psn_part_amt : measure === 'policy_scope_personal' ? c.totals.inscp_psn_part_amt : null;
  return (
    <>
      <Button
        type="primary"
        onClick={() => {
          setAmounts({});
          setNote('');
          setTried(false);
          setOpen(true);
        }}
        data-testid="case-decide"
      >
        {t('decide')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('title', { id: c.id })}
        okText={t('ok')}
        onCancel={() => setOpen(false)}
        onConfirm={async () => {
          setTried(true);
          if (filled.length === 0 || bad.length > 0) return false;
          await api(`/api/v1/cases/${c.id}/decide`, {
            method: 'POST',
            body: { lines: filled.map((s) => ({ source: s, amount: amounts[s] ?? '' })), ...(note.trim() === '' ? {} : { note: note.trim() }) },
          });
          onDone();
          return true;
        }}
      >
        <Typography.Paragraph type="secondary">{t('help')}</Typography.Paragraph>
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('cap')}>{nameOf(MEASURE, measure, lang)}</Descriptions.Item>
          {capValue !== null && <Descriptions.Item label={t('capValue', { measure: nameOf(MEASURE, measure, lang) })}><span className="num">{yuan(capValue)}</span></Descriptions.Item>}
          <Descriptions.Item label={t('other')}><span className="num">{yuan(c.totals.cases_total)}</span></Descriptions.Item>
          <Descriptions.Item label={t('requested')}><span className="num">{yuan(c.requested)}</span></Descriptions.Item>
        </Descriptions>
        {kind?.township_share_min !== null && kind?.township_share_min !== undefined && <Typography.Paragraph>{t('share', { p: kind.township_share_min })}</Typography.Paragraph>}
        {kinds.loading && <Typography.Paragraph type="secondary">{t('loading')}</Typography.Paragraph>}
        <Form layout="horizontal" labelCol={{ span: 8 }}>
          {sources.map((s) => {
            const v = amounts[s] ?? '';
            const wrong = v !== '' && !isYuan(v);
            return (
              <Form.Item key={s} label={nameOf(FUND_SOURCE, s, lang)} validateStatus={wrong ? 'error' : undefined} help={wrong ? t('bad') : undefined}>
                <Input
                  value={v}
                  onChange={(e) => setAmounts({ ...amounts, [s]: e.target.value.trim() })}
                  inputMode="decimal"
                  maxLength={16}
                  suffix={lang === 'zh' ? '元' : 'yuan'}
                  aria-label={nameOf(FUND_SOURCE, s, lang)}
                  data-testid={`amount-${s}`}
                />
              </Form.Item>
            );
          })}
          {tried && filled.length === 0 && <Typography.Paragraph type="danger">{t('none')}</Typography.Paragraph>}
          <Form.Item label={t('note')}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={2} aria-label={t('note')} />
          </Form.Item>
        </Form>
      </ConfirmDialog>
    </>
  );
}
