/**
 * What a report is computed from (src/reports/types.ts ReportInput), read from the store as of a
 * cut-off (issue 6 item 2, docs/reports.md): the money exactly as the ledger had booked it then —
 * settlements received by the cut-off and not reversed by it, each tier's first payment booked by
 * then plus the adjustment lines created by then, case lines booked by then — because the ledger is
 * append-only; persons, identities and enrollments recorded by the cut-off (a row changed in place
 * later, e.g. an identity's end date, shows its current value: the stored snapshot keeps the figures
 * of the run). Aggregation per person happens in SQL, so a county-year is a few hundred thousand
 * rows, not millions.
 */
import type { FundSource } from '../policy/cases-pack.js';
import type { RegionPolicy } from '../policy/regions.js';
import type { AlertCounts, Period, PersonCaseMoney, PersonMoney, ReportEnrollment, ReportInput, ReportKind, ReportPerson } from '../reports/types.js';
import { maskCertno } from '../people/certno.js';
import type { IdentitySpan } from '../people/identity.js';
import type { IsoDate } from '../time/date.js';
import type { Db } from './db.js';
import type { IdentityRow } from './ledger.js';
import { spanOfRow } from './ledger.js';

export interface ReportRequest {
  readonly kind: ReportKind;
  readonly period: Period;
  readonly region: RegionPolicy;
  /** A township (or village) code prefix: only its persons. */
  readonly town?: string | undefined;
  /** The cut-off: an ISO timestamp; nothing received or booked later counts. */
  readonly asOf: string;
  /**
   * Only the persons holding an identity recorded by the cut-off (and their enrollments, money and
   * case money): for a report that shows the categories alone (REP-5), the same figures from a
   * tenth of the rows. Default: everyone.
   */
  readonly onlyWithIdentities?: boolean | undefined;
}

/** ` AND EXISTS (an identity of <psn> recorded by the cut-off $2)` when the request asks for it. */
function identitySql(r: ReportRequest, psn: string): string {
  return r.onlyWithIdentities === true ? ` AND EXISTS (SELECT 1 FROM identities iq WHERE iq.psn_no = ${psn} AND iq.created_at <= $2::timestamptz)` : '';
}

/** `(starts_with(p.town_admdvs, $n) OR starts_with(p.village_admdvs, $n))`, or TRUE. */
function townSql(town: string | undefined, n: number): string {
  return town === undefined ? 'TRUE' : `(starts_with(p.town_admdvs, $${n}::text) OR starts_with(p.village_admdvs, $${n}::text))`;
}

/** The day after `d` (periods are inclusive; timestamps compare with <). */
function nextDay(d: IsoDate): string {
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The reports with lists of named persons. */
const LISTS: ReadonlySet<ReportKind> = new Set(['enrollment', 'dispatch']);

export async function loadPersonsAsOf(db: Db, r: ReportRequest): Promise<ReportPerson[]> {
  const params: unknown[] = [r.region.admdvs, r.asOf];
  if (r.town !== undefined) params.push(r.town);
  const persons = await db.query<{ psn_no: string; psn_name: string | null; certno: string | null; town_admdvs: string | null; village_admdvs: string | null; rural: boolean | null; employed: boolean | null }>(
    // names and ID numbers only for the reports that list persons (REP-1's 动态清零名单, REP-2's 台账)
    `SELECT psn_no, ${LISTS.has(r.kind) ? 'psn_name, certno' : 'NULL::text AS psn_name, NULL::text AS certno'}, town_admdvs, village_admdvs, rural, employed FROM persons p
      WHERE p.admdvs = $1 AND p.created_at <= $2::timestamptz AND ${townSql(r.town, 3)}${identitySql(r, 'p.psn_no')} ORDER BY psn_no`,
    params,
  );
  const ids = await db.query<IdentityRow>(
    `SELECT i.psn_no, i.idet_type, to_char(i.begndate, 'YYYY-MM-DD') AS begndate, to_char(i.enddate, 'YYYY-MM-DD') AS enddate, i.idet_lv,
            to_char(i.risk_elim_date, 'YYYY-MM-DD') AS risk_elim_date, i.illness_recognised
       FROM identities i JOIN persons p ON p.psn_no = i.psn_no
      WHERE i.admdvs = $1 AND i.created_at <= $2::timestamptz AND p.created_at <= $2::timestamptz AND ${townSql(r.town, 3)}
      ORDER BY i.psn_no, i.begndate, i.idet_type`,
    params,
  );
  const spans = new Map<string, IdentitySpan[]>();
  for (const row of ids) {
    let list = spans.get(row.psn_no);
    if (list === undefined) spans.set(row.psn_no, (list = []));
    list.push(spanOfRow(row));
  }
  return persons.map((p) => ({
    psnNo: p.psn_no, name: p.psn_name, certnoMasked: maskCertno(p.certno), town: p.town_admdvs, village: p.village_admdvs, rural: p.rural, employed: p.employed,
    identities: spans.get(p.psn_no) ?? [],
  }));
}

/** The period's year's resident enrollments (product ''): the only ones the rates count. */
export async function loadEnrollmentsAsOf(db: Db, r: ReportRequest): Promise<ReportEnrollment[]> {
  const params: unknown[] = [r.region.admdvs, r.asOf, r.period.year];
  if (r.town !== undefined) params.push(r.town);
  const rows = await db.query<{ psn_no: string; year: number; product: string; paid_date: string | null }>(
    `SELECT e.psn_no, e.year, e.product, to_char(e.paid_date, 'YYYY-MM-DD') AS paid_date FROM enrollments e JOIN persons p ON p.psn_no = e.psn_no
      WHERE e.admdvs = $1 AND e.year = $3::smallint AND e.product = '' AND e.created_at <= $2::timestamptz AND ${townSql(r.town, 4)}${identitySql(r, 'e.psn_no')}`,
    params,
  );
  return rows.map((e) => ({ psnNo: e.psn_no, year: e.year, product: e.product, paidDate: e.paid_date as IsoDate | null }));
}

/** Per person: the period's settlements as booked by the cut-off (see the module comment). */
export async function loadMoneyAsOf(db: Db, r: ReportRequest): Promise<PersonMoney[]> {
  return (await loadMoneyRows(db, r, r.period.from, undefined)).map(moneyOf);
}

/**
 * REP-5: the period's money and the year to date's (1 January … the period's last day) in one
 * pass over the year's settlements, grouped by person and by whether the settlement is in the period.
 */
export async function loadMoneyWithYearToDate(db: Db, r: ReportRequest): Promise<{ money: PersonMoney[]; yearToDate: PersonMoney[] }> {
  const rows = await loadMoneyRows(db, r, `${r.period.year}-01-01`, r.period.from);
  const money: PersonMoney[] = [];
  const ytd = new Map<string, MoneyRow>();
  for (const row of rows) {
    if (row.in_period) money.push(moneyOf(row));
    const had = ytd.get(row.psn_no);
    ytd.set(row.psn_no, had === undefined ? row : {
      psn_no: row.psn_no, in_period: true, n: had.n + row.n, total: had.total + row.total, scope: had.scope + row.scope, basic: had.basic + row.basic, ci: had.ci + row.ci,
      assist: had.assist + row.assist, reassist: had.reassist + row.reassist,
    });
  }
  return { money, yearToDate: [...ytd.values()].map(moneyOf) };
}

interface MoneyRow { psn_no: string; in_period: boolean; n: number; total: number; scope: number; basic: number; ci: number; assist: number; reassist: number }

function moneyOf(m: MoneyRow): PersonMoney {
  const fund = m.basic + m.ci + m.assist + m.reassist;
  return {
    psnNo: m.psn_no, settlements: m.n, total: m.total, policyScope: m.scope, basic: m.basic, criticalIllness: m.ci, assistance: m.assist, reAssistance: m.reassist,
    personal: m.total - fund, policyScopePersonal: m.scope - fund,
  };
}

/** Settlements of [from, the period's last day], per person (and, with `split`, per side of it). */
async function loadMoneyRows(db: Db, r: ReportRequest, from: string, split: string | undefined): Promise<MoneyRow[]> {
  const params: unknown[] = [r.region.admdvs, r.asOf, from, nextDay(r.period.to), split ?? from];
  if (r.town !== undefined) params.push(r.town);
  return db.query<MoneyRow>(
    // No CTE joined back (PGlite has no autovacuum: without statistics a join with a CTE scan can
    // become a nested loop); the first payment is one row per settlement (its key), the
    // adjustments are summed per settlement once and hash-joined.
    `SELECT s.psn_no, s.setl_time >= $5::date AS in_period, count(*)::int AS n, sum(s.medfee_sumamt)::bigint AS total, sum(coalesce(s.inscp_scp_amt, 0))::bigint AS scope,
            sum(coalesce(sp.hifp_pay, 0) + coalesce(ad.b, 0))::bigint AS basic, sum(coalesce(sp.hifmi_pay, 0) + coalesce(ad.c, 0))::bigint AS ci,
            sum(coalesce(sp.maf_assist_pay, 0) + coalesce(ad.a, 0))::bigint AS assist, sum(coalesce(sp.maf_reassist_pay, 0) + coalesce(ad.rr, 0))::bigint AS reassist
       FROM settlements s${r.town === undefined ? '' : ' JOIN persons p ON p.psn_no = s.psn_no'}
       LEFT JOIN settlement_payments sp ON sp.setl_id = s.setl_id AND sp.booked_at <= $2::timestamptz
       LEFT JOIN (
         SELECT setl_id, sum(amount) FILTER (WHERE tier = 'basic') AS b, sum(amount) FILTER (WHERE tier = 'critical_illness') AS c,
                sum(amount) FILTER (WHERE tier = 'assistance') AS a, sum(amount) FILTER (WHERE tier = 're_assistance') AS rr
           FROM adjustments WHERE admdvs = $1 AND created_at <= $2::timestamptz GROUP BY setl_id
       ) ad ON ad.setl_id = s.setl_id
       LEFT JOIN (SELECT DISTINCT init_setl_id FROM settlements WHERE admdvs = $1 AND refd_setl_flag AND received_at <= $2::timestamptz) rv ON rv.init_setl_id = s.setl_id
      WHERE s.admdvs = $1 AND NOT s.refd_setl_flag AND s.setl_time >= $3::date AND s.setl_time < $4::date AND s.received_at <= $2::timestamptz
        AND rv.init_setl_id IS NULL AND ${townSql(r.town, 6)}${identitySql(r, 's.psn_no')}
      GROUP BY s.psn_no, in_period ORDER BY s.psn_no`,
    params,
  );
}

/** Per person: the case lines of the period's year booked by the cut-off, by fund source. */
export async function loadCaseMoneyAsOf(db: Db, r: ReportRequest): Promise<PersonCaseMoney[]> {
  const params: unknown[] = [r.region.admdvs, r.asOf, r.period.year];
  if (r.town !== undefined) params.push(r.town);
  const rows = await db.query<{ psn_no: string; source: FundSource; amount: number }>(
    `SELECT l.psn_no, l.source, sum(l.amount)::bigint AS amount FROM case_payments l JOIN persons p ON p.psn_no = l.psn_no
      WHERE l.admdvs = $1 AND l.year = $3::smallint AND l.booked_at <= $2::timestamptz AND ${townSql(r.town, 4)}${identitySql(r, 'l.psn_no')}
      GROUP BY l.psn_no, l.source HAVING sum(l.amount) <> 0 ORDER BY l.psn_no, l.source`,
    params,
  );
  const out = new Map<string, { bySource: Partial<Record<FundSource, number>>; total: number }>();
  for (const row of rows) {
    let m = out.get(row.psn_no);
    if (m === undefined) out.set(row.psn_no, (m = { bySource: {}, total: 0 }));
    m.bySource[row.source] = row.amount;
    m.total += row.amount;
  }
  return [...out].map(([psnNo, m]) => ({ psnNo, bySource: m.bySource, total: m.total }));
}

/** Alerts of the period's year raised by the cut-off, by township and rule, with how far each had got by then (its steps by the cut-off). */
export async function loadAlertCountsAsOf(db: Db, r: ReportRequest): Promise<AlertCounts[]> {
  const params: unknown[] = [r.region.admdvs, r.asOf, r.period.year];
  if (r.town !== undefined) params.push(r.town);
  const rows = await db.query<{ town: string | null; rule: string; raised: number; pushed: number; verified: number; included: number; closed: number }>(
    `WITH a AS (
       SELECT a.alert_id, p.town_admdvs AS town, a.rule_id,
              bool_or(e.to_status = 'pushed') AS pushed, bool_or(e.to_status = 'verified') AS verified,
              bool_or(e.to_status = 'verified' AND e.outcome = 'included') AS included, bool_or(e.to_status = 'closed') AS closed
         FROM alerts a JOIN persons p ON p.psn_no = a.psn_no
         JOIN alert_events e ON e.alert_id = a.alert_id AND e.at <= $2::timestamptz
        WHERE a.admdvs = $1 AND a.year = $3::smallint AND a.raised_at <= $2::timestamptz AND ${townSql(r.town, 4)}
        GROUP BY a.alert_id, p.town_admdvs, a.rule_id
     )
     SELECT town, rule_id AS rule, count(*)::int AS raised, count(*) FILTER (WHERE pushed)::int AS pushed, count(*) FILTER (WHERE verified)::int AS verified,
            count(*) FILTER (WHERE included)::int AS included, count(*) FILTER (WHERE closed)::int AS closed
       FROM a GROUP BY town, rule_id ORDER BY town NULLS LAST, rule_id`,
    params,
  );
  return rows;
}

/** What each report reads besides the persons and their identities (the rest is not loaded). */
const NEEDS: Readonly<Record<ReportKind, { enrollments?: true; money?: true; cases?: true; alerts?: true }>> = {
  enrollment: { enrollments: true },
  dispatch: { enrollments: true },
  rating: { enrollments: true },
  analysis: { money: true, cases: true, alerts: true },
  national: { enrollments: true, money: true, cases: true, alerts: true },
  protection: { money: true, cases: true },
  household: { enrollments: true },
};

/** Everything the report needs, as of the cut-off. */
export async function loadReportInput(db: Db, asked: ReportRequest): Promise<ReportInput> {
  const need = NEEDS[asked.kind];
  // REP-5 shows the eight groups alone: nobody without an identity counts in any of its figures
  const r = asked.kind === 'national' && asked.onlyWithIdentities === undefined ? { ...asked, onlyWithIdentities: true } : asked;
  const persons = await loadPersonsAsOf(db, r);
  const enrollments = need.enrollments === true ? await loadEnrollmentsAsOf(db, r) : [];
  // REP-5 gives the year to date beside the quarter: both from one pass over the year
  const jan1 = `${r.period.year}-01-01` as IsoDate;
  const withYtd = r.kind === 'national' && r.period.from !== jan1 ? await loadMoneyWithYearToDate(db, r) : undefined;
  const money = withYtd !== undefined ? withYtd.money : need.money === true ? await loadMoneyAsOf(db, r) : [];
  const cases = need.cases === true ? await loadCaseMoneyAsOf(db, r) : [];
  const alerts = need.alerts === true ? await loadAlertCountsAsOf(db, r) : [];
  const yearToDate = withYtd === undefined ? undefined : { money: withYtd.yearToDate };
  return {
    kind: r.kind,
    period: r.period,
    yearToDate,
    region: { admdvs: r.region.admdvs, name: r.region.name },
    town: r.town,
    asOf: r.asOf,
    policy: r.region.policy,
    packs: r.region.packs.map((p) => ({ id: p.id, version: p.version, illustrative: p.illustrative })),
    persons,
    enrollments,
    money,
    cases,
    alerts,
  };
}
