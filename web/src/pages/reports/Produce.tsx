/**
 * 出具报表: the kind (REP-1 … REP-7), the period the kind is owed for (month, quarter, half-year or
 * year), the township (bureau users, optional; a township user's reports are its own township's),
 * and the cut-off (default now). POST /api/v1/reports computes and stores the snapshot — seconds
 * on a county — with its progress shown while it runs.
 */
import { Button, Card, Form, Input, InputNumber, Select, Space, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useLang, useT } from '../../i18n';
import { useUser } from '../../session';
import { Refusal } from '../../components/Refusal';
import type { PeriodKind, ReportMeta } from './format';
import { REPORT_KINDS } from './format';

const S = {
  zh: {
    title: '出具报表', kind: '报表', periodKind: '期间', year: '年度', month: '月份', quarter: '季度', half: '半年', town: '乡镇代码（可选，不填为全县）', ownTown: '本辖区：{t}', townOwn: '乡镇',
    asOf: '截止时间（可选，默认为现在）', produce: '出具', producing: '正在计算报表，已用 {s} 秒…', pm: '月报', pq: '季报', ph: '半年报', py: '年报', townBad: '乡镇代码为 9 至 12 位数字',
    h1: '上半年', h2: '下半年', done: '报表 {id} 已出具', asOfHelp: '只计入此时刻之前收到或记账的数据；同一截止时间再出具，结果相同。',
  },
  en: {
    title: 'Produce a report', kind: 'Report', periodKind: 'Period', year: 'Year', month: 'Month', quarter: 'Quarter', half: 'Half-year', town: 'Township code (optional; empty = the county)', ownTown: 'Your area: {t}', townOwn: 'Township',
    asOf: 'Cut-off (optional; now by default)', produce: 'Produce', producing: 'Computing the report: {s} s so far…', pm: 'Monthly', pq: 'Quarterly', ph: 'Half-yearly', py: 'Annual', townBad: 'A township code is 9 to 12 digits',
    h1: 'First half', h2: 'Second half', done: 'Report {id} produced', asOfHelp: 'Only what was received or booked before this moment counts; producing again with the same cut-off gives the same figures.',
  },
} as const;

function periodOf(pk: PeriodKind, year: number, sub: number): string {
  if (pk === 'month') return `${year}-${String(sub).padStart(2, '0')}`;
  if (pk === 'quarter') return `${year}-Q${sub}`;
  if (pk === 'half') return `${year}-H${sub}`;
  return String(year);
}

export function Produce({ onDone, defaultYear }: { onDone: (r: ReportMeta) => void; defaultYear: number }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const [kind, setKind] = useState('enrollment');
  const info = REPORT_KINDS.find((k) => k.kind === kind) ?? REPORT_KINDS[0];
  const [pk, setPk] = useState<PeriodKind>('year');
  const periodKind: PeriodKind = info !== undefined && info.periods.includes(pk) ? pk : (info?.periods[0] ?? 'year');
  const [year, setYear] = useState<number | null>(defaultYear);
  const [sub, setSub] = useState(1);
  const [town, setTown] = useState('');
  const [asOf, setAsOf] = useState('');
  const [busy, setBusy] = useState(false);
  const [secs, setSecs] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const township = user.role === 'township';
  const townOk = town === '' || /^[0-9]{9,12}$/.test(town);
  useEffect(() => {
    if (!busy) return undefined;
    setSecs(0);
    const h = setInterval(() => setSecs((s) => s + 1), 1000);
    return () => clearInterval(h);
  }, [busy]);
  const subs = periodKind === 'month' ? 12 : periodKind === 'quarter' ? 4 : periodKind === 'half' ? 2 : 0;
  const subLabel = (i: number): string => (periodKind === 'month' ? `${i}${lang === 'zh' ? '月' : ''}` : periodKind === 'quarter' ? `Q${i}` : i === 1 ? t('h1') : t('h2'));
  const submit = (): void => {
    if (year === null || !townOk) return;
    setBusy(true);
    setError(undefined);
    const body: Record<string, unknown> = { kind, period: periodOf(periodKind, year, Math.min(sub, Math.max(subs, 1))) };
    if (!township && town !== '') body['town'] = town;
    if (asOf !== '') {
      const d = new Date(asOf);
      if (!Number.isNaN(d.getTime())) body['as_of'] = d.toISOString();
    }
    api<ReportMeta>('/api/v1/reports', { method: 'POST', body })
      .then((r) => {
        setBusy(false);
        onDone(r);
      })
      .catch((e: unknown) => {
        setBusy(false);
        setError(e);
      });
  };
  return (
    <Card size="small" title={t('title')}>
      {error !== undefined && <Refusal error={error} onClose={() => setError(undefined)} />}
      <Form layout="vertical" onFinish={submit}>
        <Space wrap align="start">
          <Form.Item label={t('kind')}>
            <Select
              value={kind}
              onChange={(v: string) => setKind(v)}
              style={{ width: 320 }}
              aria-label={t('kind')}
              data-testid="report-kind"
              options={REPORT_KINDS.map((k) => ({ value: k.kind, label: `${k.no} ${k[lang]}` }))}
            />
          </Form.Item>
          <Form.Item label={t('periodKind')}>
            <Select
              value={periodKind}
              onChange={(v: PeriodKind) => {
                setPk(v);
                setSub(1);
              }}
              style={{ width: 120 }}
              aria-label={t('periodKind')}
              data-testid="report-period-kind"
              options={(info?.periods ?? []).map((p) => ({ value: p, label: t(p === 'month' ? 'pm' : p === 'quarter' ? 'pq' : p === 'half' ? 'ph' : 'py') }))}
            />
          </Form.Item>
          <Form.Item label={t('year')}>
            <InputNumber value={year} onChange={(v) => setYear(typeof v === 'number' ? v : null)} min={2000} max={2100} precision={0} aria-label={t('year')} data-testid="report-year" />
          </Form.Item>
          {subs > 0 && (
            <Form.Item label={periodKind === 'month' ? t('month') : periodKind === 'quarter' ? t('quarter') : t('half')}>
              <Select value={Math.min(sub, subs)} onChange={(v: number) => setSub(v)} style={{ width: 110 }} options={Array.from({ length: subs }, (_, i) => ({ value: i + 1, label: subLabel(i + 1) }))} />
            </Form.Item>
          )}
          {township ? (
            <Form.Item label={t('townOwn')}>
              <Typography.Text data-testid="own-town">{t('ownTown', { t: user.admdvs ?? '' })}</Typography.Text>
            </Form.Item>
          ) : (
            <Form.Item label={t('town')} validateStatus={townOk ? undefined : 'error'} help={townOk ? undefined : t('townBad')}>
              <Input value={town} onChange={(e) => setTown(e.target.value.trim())} maxLength={12} inputMode="numeric" style={{ width: 200 }} aria-label={t('town')} />
            </Form.Item>
          )}
          <Form.Item label={t('asOf')} tooltip={t('asOfHelp')}>
            <Input type="datetime-local" value={asOf} onChange={(e) => setAsOf(e.target.value)} style={{ width: 220 }} aria-label={t('asOf')} />
          </Form.Item>
        </Space>
        <Space align="center">
          <Button type="primary" htmlType="submit" loading={busy} disabled={year === null || !townOk} data-testid="produce">{t('produce')}</Button>
          {busy && (
            <span role="status" aria-live="polite" style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
              <Spin size="small" />
              {t('producing', { s: secs })}
            </span>
          )}
        </Space>
      </Form>
    </Card>
  );
}
