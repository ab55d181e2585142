/**
 * What the dashboard (GET /api/v1/dashboard) shows, read from the store and computed by the report
 * builders themselves, so that every figure means what its report means (docs/reports.md):
 * - REP-1 参保完成率 (src/reports/enrollment.ts) for the year: registry persons, enrolled, the rate
 *   per township and for the scope, and the eight groups;
 * - REP-6 综合保障率 (src/reports/protection.ts) for the year: the settlements, each tier's money,
 *   the year's case money, the protection rate;
 * both from ONE read of the scope's persons and identities (REP-1's inputs and REP-6's are otherwise
 * read as src/store/report-inputs.ts reads them: the same loaders, the same cut-off), in one
 * transaction; nothing is stored (no snapshot, no audit line: the answer holds no person).
 * And the open alerts of the year, by status and rule (alerts have no level).
 */
import type { RegionPolicy } from '../policy/regions.js';
import { buildReport } from '../reports/build.js';
import { parsePeriod } from '../reports/period.js';
import type { ReportDocument, ReportInput } from '../reports/types.js';
import type { Db } from './db.js';
import type { ReportRequest } from './report-inputs.js';
import { loadCaseMoneyAsOf, loadEnrollmentsAsOf, loadMoneyAsOf, loadPersonsAsOf } from './report-inputs.js';

export interface DashboardAsk {
  readonly region: RegionPolicy;
  readonly year: number;
  /** A township (or village) prefix: only its persons, as a township report (docs/reports.md §1). */
  readonly town?: string | undefined;
  /** The cut-off (ISO timestamp); default now. */
  readonly asOf?: string | undefined;
}

export interface OpenAlerts {
  /** Open (not closed) alerts of the year, by status and rule. */
  readonly byRule: readonly { readonly rule: string; readonly title: string; readonly raised: number; readonly pushed: number; readonly verified: number }[];
  /** Open alerts of any year (a year's open alerts stay to do after the year). */
  readonly openAllYears: number;
}

export interface DashboardFigures {
  readonly asOf: string;
  /** REP-1 for the year (the enrollment completion rate and the eight groups). */
  readonly enrollment: ReportDocument;
  /** REP-6 for the year (the money of every tier and the comprehensive protection rate). */
  readonly protection: ReportDocument;
  readonly alerts: OpenAlerts;
}

/** `(starts_with(p.town_admdvs, $n) OR starts_with(p.village_admdvs, $n))` — the reports' township scope — or TRUE. */
function townSql(town: string | undefined, n: number): string {
  return town === undefined ? 'TRUE' : `(starts_with(p.town_admdvs, $${n}::text) OR starts_with(p.village_admdvs, $${n}::text))`;
}

/** The latest year with a (non-reversal) settlement in the region; undefined when it has none. One index lookup (settlements_time). */
export async function latestSettlementYear(db: Db, region: RegionPolicy): Promise<number | undefined> {
  const [r] = await db.query<{ y: number | null }>(
    'SELECT extract(year FROM max(setl_time))::int AS y FROM settlements WHERE admdvs = $1 AND setl_time IS NOT NULL',
    [region.admdvs],
  );
  return r?.y ?? undefined;
}

/** Open alerts of the scope: the year's by rule and status, and how many are open in any year. */
export async function openAlerts(db: Db, region: RegionPolicy, year: number, town: string | undefined): Promise<OpenAlerts> {
  const params: unknown[] = [region.admdvs, year];
  if (town !== undefined) params.push(town);
  const byRule = await db.query<{ rule: string; title: string; raised: number; pushed: number; verified: number }>(
    `SELECT a.rule_id AS rule, min(a.rule_title) AS title, count(*) FILTER (WHERE a.status = 'raised')::int AS raised,
            count(*) FILTER (WHERE a.status = 'pushed')::int AS pushed, count(*) FILTER (WHERE a.status = 'verified')::int AS verified
       FROM alerts a JOIN persons p ON p.psn_no = a.psn_no
      WHERE a.admdvs = $1 AND a.year = $2::smallint AND a.status <> 'closed' AND ${townSql(town, 3)}
      GROUP BY a.rule_id ORDER BY a.rule_id`,
    params,
  );
  const [all] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM alerts a JOIN persons p ON p.psn_no = a.psn_no WHERE a.admdvs = $1 AND a.status <> 'closed' AND ${townSql(town, 2)}`,
    town === undefined ? [region.admdvs] : [region.admdvs, town],
  );
  return { byRule, openAllYears: all?.n ?? 0 };
}

/**
 * REP-1 and REP-6 of the year for the scope as of the cut-off, and the open alerts, in one
 * transaction (one view of the store). Costs what the two reports cost less one read of the
 * persons (docs/api.md, docs/performance.md#reports).
 */
export async function dashboardFigures(db: Db, ask: DashboardAsk): Promise<DashboardFigures> {
  const period = parsePeriod(String(ask.year));
  const asOf = ask.asOf ?? new Date().toISOString();
  return db.transaction(async (tx) => {
    // kind 'protection': the persons without names and ID numbers (the dashboard lists nobody)
    const r: ReportRequest = { kind: 'protection', period, region: ask.region, town: ask.town, asOf };
    const persons = await loadPersonsAsOf(tx, r);
    const enrollments = await loadEnrollmentsAsOf(tx, r);
    const money = await loadMoneyAsOf(tx, r);
    const cases = await loadCaseMoneyAsOf(tx, r);
    const alerts = await openAlerts(tx, ask.region, ask.year, ask.town);
    const base: Omit<ReportInput, 'kind'> = {
      period,
      region: { admdvs: ask.region.admdvs, name: ask.region.name },
      town: ask.town,
      asOf,
      policy: ask.region.policy,
      packs: ask.region.packs.map((p) => ({ id: p.id, version: p.version, illustrative: p.illustrative })),
      persons,
      enrollments: [],
      money: [],
      cases: [],
      alerts: [],
    };
    // each report gets what loadReportInput gives it (NEEDS there): REP-1 the enrollments, REP-6 the money and case money
    const enrollment = buildReport({ ...base, kind: 'enrollment', enrollments });
    const protection = buildReport({ ...base, kind: 'protection', money, cases });
    return { asOf, enrollment, protection, alerts };
  });
}
