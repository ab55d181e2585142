/**
 * 人员档案 / the person page (GET /api/v1/persons/{psn_no}?year=): who they are, their identities
 * and enrollment, the year's settlements tier by tier with a link to each bill, the accumulators,
 * the adjustments, alerts and cases, the year's totals, and — for admin and bureau — who looked.
 * A person outside the user's area is answered 404 by the server: only the not-found state shows.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/State';
import { useApi } from '../hooks';
import { useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { AuditTrail } from './person/AuditTrail';
import { Alerts, Cases } from './person/Followup';
import { Enrollments, Identities } from './person/Identities';
import { Accumulators, Totals } from './person/Money';
import { PersonHeader } from './person/PersonHeader';
import { Adjustments, Settlements } from './person/Settlements';
import type { PersonRecord } from './person/types';

const S = {
  zh: { back: '返回人员查询' },
  en: { back: 'Back to person search' },
} as const;

/** The years to offer: the enrollment years, the record's year and this year, filled in between. */
function yearsOf(rec: PersonRecord): number[] {
  const known = [rec.year, new Date().getFullYear(), ...rec.enrollments.map((e) => e.year)];
  const lo = Math.min(...known);
  const hi = Math.max(...known);
  const out: number[] = [];
  for (let y = hi; y >= lo; y--) out.push(y);
  return out;
}

export default function Person(): ReactNode {
  const t = useT(S);
  const user = useUser();
  const { psnNo = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const year = params.get('year');
  const rec = useApi<PersonRecord>(`/api/v1/persons/${encodeURIComponent(psnNo)}`, year !== null && /^\d{4}$/.test(year) ? { year } : undefined);

  const back = (
    <Link to="/persons" className="no-print">
      <ArrowLeftOutlined /> {t('back')}
    </Link>
  );
  // nothing of a record shows until the answer for this person arrives (a 404 shows only the error)
  if (rec.error !== undefined) return <Space direction="vertical" style={{ width: '100%' }}>{back}<ErrorState error={rec.error} onRetry={rec.reload} /></Space>;
  if (rec.data === undefined || rec.data.person.psn_no !== psnNo) return <Loading />;
  const r = rec.data;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="person-page">
      {back}
      <PersonHeader person={r.person} year={r.year} years={yearsOf(r)} onYear={(y) => setParams({ year: String(y) })} />
      <Identities identities={r.identities} />
      <Enrollments enrollments={r.enrollments} />
      <Settlements year={r.year} rows={r.settlements} />
      <Totals totals={r.totals} lines={r.case_lines} />
      <Accumulators year={r.year} rows={r.accumulators} />
      <Adjustments rows={r.adjustments} />
      <Alerts rows={r.alerts} />
      <Cases rows={r.cases} lines={r.case_lines} />
      {hasRole(user, 'admin', 'bureau') && <AuditTrail psnNo={r.person.psn_no} />}
    </Space>
  );
}
