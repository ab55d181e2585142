/**
 * Report snapshots (issue 6 item 2, docs/reports.md): a report is computed from the store as of a
 * cut-off (src/store/report-inputs.ts) by the pure builders (src/reports), and stored — the whole
 * document with the versions of the inputs it read — so the same report is produced again later
 * from the snapshot with the same numbers, whatever was changed back-dated since; a fresh run
 * against the snapshot lists what changed.
 */
import type { RegionPolicies, RegionPolicy } from '../policy/regions.js';
import type { ReportDocument, ReportInput, ReportKind } from '../reports/types.js';
import { parsePeriod, previousPeriod, REPORT_PERIODS } from '../reports/period.js';
import type { Actor } from './alerts.js';
import { audit } from './audit.js';
import { CaseError } from '../cases/workflow.js';
import type { Db } from './db.js';
import { loadReportInput } from './report-inputs.js';
import { Conditions } from './sql.js';

/** The versions of the inputs a report read: enough to tell whether anything it counts has arrived since. */
export interface InputVersions {
  readonly packs: readonly string[];
  readonly settlements: number;
  readonly lastSettlement: string | null;
  readonly lastAdjustment: number | null;
  readonly lastCaseLine: number | null;
  readonly lastBatch: number | null;
  readonly lastAlertEvent: number | null;
}

export interface SnapshotRow {
  report_id: number;
  admdvs: string;
  kind: ReportKind;
  period: string;
  town: string | null;
  as_of: Date;
  versions: InputVersions;
  document: ReportDocument;
  created_by: string;
  created_at: Date;
}

export interface ReportAsk {
  readonly kind: ReportKind;
  /** '2023-05', '2023-Q2', '2023-H1', '2023'. */
  readonly period: string;
  /** The region's code; defaults to the only region the service runs. */
  readonly admdvs?: string | undefined;
  readonly town?: string | undefined;
  /** ISO timestamp; default now. */
  readonly asOf?: string | undefined;
}

export type BuildReport = (input: ReportInput) => ReportDocument;

/** The region asked for (or the only one), or a refusal naming the regions the service runs. */
export function regionOf(policies: RegionPolicies, admdvs: string | undefined): RegionPolicy {
  const region = admdvs === undefined ? (policies.regions.length === 1 ? policies.regions[0] : undefined) : policies.regions.find((r) => r.admdvs === admdvs);
  if (region !== undefined) return region;
  const known = policies.regions.map((r) => r.admdvs).join(', ');
  throw new CaseError(
    'invalid',
    'unknown-region',
    admdvs === undefined ? `请指定统筹区（运行中：${known}）` : `统筹区 ${admdvs} 没有运行中的政策包（运行中：${known}）`,
    admdvs === undefined ? `name the region (running: ${known})` : `no pack runs for region ${admdvs} (running: ${known})`,
  );
}

export async function inputVersions(db: Db, region: RegionPolicy, asOf: string): Promise<InputVersions> {
  const [v] = await db.query<{ n: number; last_setl: string | null; adj: number | null; line: number | null; batch: number | null; ev: number | null }>(
    `SELECT (SELECT count(*)::int FROM settlements WHERE admdvs = $1 AND received_at <= $2::timestamptz) AS n,
            (SELECT to_char(max(received_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM settlements WHERE admdvs = $1 AND received_at <= $2::timestamptz) AS last_setl,
            (SELECT max(adjustment_id)::bigint FROM adjustments WHERE admdvs = $1 AND created_at <= $2::timestamptz) AS adj,
            (SELECT max(line_id)::bigint FROM case_payments WHERE admdvs = $1 AND booked_at <= $2::timestamptz) AS line,
            (SELECT max(batch_id)::bigint FROM import_batches WHERE started_at <= $2::timestamptz) AS batch,
            (SELECT max(event_id)::bigint FROM alert_events WHERE admdvs = $1 AND at <= $2::timestamptz) AS ev`,
    [region.admdvs, asOf],
  );
  return {
    packs: region.packs.map((p) => `${p.id} ${p.version}`),
    settlements: v?.n ?? 0,
    lastSettlement: v?.last_setl ?? null,
    lastAdjustment: v?.adj ?? null,
    lastCaseLine: v?.line ?? null,
    lastBatch: v?.batch ?? null,
    lastAlertEvent: v?.ev ?? null,
  };
}

/** Computes a report as of the cut-off (without storing it). */
export async function computeReport(db: Db, policies: RegionPolicies, ask: ReportAsk, build: BuildReport, previous?: ReportDocument): Promise<{ document: ReportDocument; versions: InputVersions; region: RegionPolicy; asOf: string }> {
  const region = regionOf(policies, ask.admdvs);
  if (ask.town !== undefined && !ask.town.startsWith(region.prefix)) {
    throw new CaseError('invalid', 'town-outside-region', `乡镇代码 ${ask.town} 不在统筹区 ${region.admdvs} 内`, `township ${ask.town} is not in region ${region.admdvs}`);
  }
  let period;
  try {
    period = parsePeriod(ask.period);
  } catch (e) {
    throw new CaseError('invalid', 'bad-period', e instanceof Error ? e.message : String(e), e instanceof Error ? e.message : String(e));
  }
  if (!REPORT_PERIODS[ask.kind].includes(period.kind)) {
    const zh = { month: '月', quarter: '季度', half: '半年', year: '年度' } as const;
    throw new CaseError(
      'invalid',
      'wrong-period',
      `${ask.kind} 报表按${REPORT_PERIODS[ask.kind].map((k) => zh[k]).join('、')}出具，不按${zh[period.kind]}（${period.label}）`,
      `a ${ask.kind} report is for a ${REPORT_PERIODS[ask.kind].join(' or ')}, not a ${period.kind} (${period.label})`,
    );
  }
  const asOf = ask.asOf ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(asOf))) throw new CaseError('invalid', 'bad-as-of', `截止时间无效：${asOf}`, `not a timestamp: ${asOf}`);
  // one consistent view of the store for every query of the run
  return db.transaction(async (tx) => {
    const input = await loadReportInput(tx, { kind: ask.kind, period, region, town: ask.town, asOf });
    const document = build(previous === undefined ? input : { ...input, previous });
    return { document, versions: await inputVersions(tx, region, asOf), region, asOf };
  });
}

/** Computes and stores a report; audited ('report-produce'). */
export async function produceReport(db: Db, policies: RegionPolicies, ask: ReportAsk, build: BuildReport, actor: Actor, previous?: ReportDocument): Promise<SnapshotRow> {
  const { document, versions, region, asOf } = await computeReport(db, policies, ask, build, previous);
  const [row] = await db.query<{ report_id: number }>(
    `INSERT INTO report_snapshots (admdvs, kind, period, town, as_of, versions, document, created_by) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::json, $7::json, $8) RETURNING report_id`,
    [region.admdvs, ask.kind, document.period.label, ask.town ?? null, asOf, JSON.stringify(versions), JSON.stringify(document), actor.username],
  );
  if (row === undefined) throw new Error('report_snapshots: no id returned');
  await audit(db, {
    username: actor.username, role: actor.role, action: 'report-produce', admdvs: region.admdvs, target: `report ${row.report_id}`,
    detail: { kind: ask.kind, period: document.period.label, town: ask.town ?? null, as_of: asOf }, ip: actor.ip,
  });
  return (await getSnapshot(db, row.report_id)) as SnapshotRow;
}

export async function getSnapshot(db: Db, id: number): Promise<SnapshotRow | undefined> {
  const [r] = await db.query<SnapshotRow>('SELECT report_id, admdvs, kind, period, town, as_of, versions, document, created_by, created_at FROM report_snapshots WHERE report_id = $1', [id]);
  return r;
}

export interface SnapshotQuery {
  readonly kind?: ReportKind | undefined;
  readonly period?: string | undefined;
  /** A township user's prefix: only snapshots limited to its township (or to a village in it). */
  readonly scope?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** Snapshots, newest first, without their documents. */
export async function listSnapshots(db: Db, q: SnapshotQuery): Promise<Omit<SnapshotRow, 'document'>[]> {
  const c = new Conditions();
  if (q.kind !== undefined) c.add('kind = ?', q.kind);
  if (q.period !== undefined) c.add('period = ?', q.period);
  if (q.scope !== undefined) c.add('starts_with(town, ?::text)', q.scope);
  const page = c.page(q.limit, q.offset);
  return db.query(
    `SELECT report_id, admdvs, kind, period, town, as_of, versions, created_by, created_at FROM report_snapshots
      ${c.whereSql} ORDER BY report_id DESC ${page}`,
    c.params,
  );
}

/** Whether a user limited to `scope` (a township prefix; null = everything) may see a snapshot. */
export function canSeeSnapshot(scope: string | null, s: Pick<SnapshotRow, 'town'>): boolean {
  return scope === null || (scope !== '' && s.town !== null && s.town.startsWith(scope));
}

/**
 * REP-2 compares a month with the previous one: the latest stored dispatch of the previous month
 * for the same region and scope (what was bulletined), else that month computed as of the same
 * cut-off. Undefined for the other kinds.
 */
export async function previousOf(db: Db, policies: RegionPolicies, ask: ReportAsk, build: BuildReport): Promise<ReportDocument | undefined> {
  if (ask.kind !== 'dispatch') return undefined;
  let prev: string;
  try {
    prev = previousPeriod(parsePeriod(ask.period)).label;
  } catch {
    return undefined; // computeReport refuses the period with its reason
  }
  const region = regionOf(policies, ask.admdvs);
  const [stored] = await db.query<{ report_id: number }>(
    `SELECT report_id FROM report_snapshots WHERE kind = 'dispatch' AND period = $1 AND admdvs = $2 AND town IS NOT DISTINCT FROM $3 ORDER BY report_id DESC LIMIT 1`,
    [prev, region.admdvs, ask.town ?? null],
  );
  if (stored !== undefined) return (await getSnapshot(db, stored.report_id))?.document;
  return (await computeReport(db, policies, { ...ask, period: prev }, build)).document;
}
