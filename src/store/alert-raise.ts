/**
 * Raising monitoring alerts in the store (issue 5 item 2): the pure screening (src/monitoring)
 * over person-years as the ledger has them — the fold's results, tiers as computed or given — and
 * the new alerts inserted. Two doors:
 * - `raiseFromFold`: inside the ledger's recomputation (`recompute`), on the fold it has just
 *   written, without reading anything again; no statement at all when no rule fires. A one-stop
 *   settlement (`settleOne`, the group commit) uses `raiseInto`, the same alerts as parts of the
 *   statement that writes the fold: no round trip of its own;
 * - `raiseAlerts` (src/store/alerts.ts): over the stored person-years, for a full re-screen.
 *
 * No duplicate: a person, rule and year have at most one open alert (unique partial index
 * `alerts_open`); screening again while it is open refreshes its year amount. A closed alert is
 * raised again only when the rule fires on other data than every earlier alert of that person,
 * rule and year had (another crossing settlement, or another year amount): a recomputation or a
 * re-screen of unchanged data raises nothing.
 *
 * This module imports only types from ledger.ts (which calls it): no import cycle at run time.
 */
import type { Settlement } from '../benefits/types.js';
import type { Alert } from '../monitoring/screen.js';
import { ROW_REFUSED, ROW_SETTLED, screen } from '../monitoring/screen.js';
import type { SettledColumns } from '../monitoring/screen.js';
import { monitoringRules } from '../monitoring/rules.js';
import type { RegionPolicy } from '../policy/regions.js';
import { timeKey, yearOf } from '../time/date.js';
import type { Db } from './db.js';
import { WithStatement } from './sql.js';
import type { LedgerOutcome, StoredPerson, Why } from './ledger.js';

/** A settlement as the ledger has it: its status in the fold and the tiers it paid (fen). */
export interface FoldRow {
  readonly settlement: Settlement;
  /** ROW_SETTLED, ROW_REFUSED (the engine refused it), or 0 (reversed: it counts for nothing). */
  readonly status: number;
  readonly basic: number;
  readonly criticalIllness: number;
  /** Assistance and re-assistance (maf_pay). */
  readonly maf: number;
}

/** An alert to store: the screening's alert, the person's region and the ID-3 date if any. */
export interface RaisedAlert {
  readonly alert: Alert;
  readonly admdvs: string;
  readonly year: number;
  /** The monitoring identity's 标注风险消除 date when the category held was kept by ID-3's twelve months. */
  readonly riskElimDate: string | undefined;
}

/** Who raised: 'system' from the ledger, or the user of a re-screen; the note says why. */
export interface RaisedBy {
  readonly username: string;
  readonly note: (psnNo: string) => string;
}

/** The fold's rows from a recomputation's outcomes. */
export function foldRows(settlements: readonly Settlement[], outcomes: ReadonlyMap<string, LedgerOutcome>): FoldRow[] {
  const rows: FoldRow[] = [];
  for (const s of settlements) {
    const o = outcomes.get(s.setlId);
    if (o === undefined) continue;
    if (o.ok) {
      const r = o.result;
      rows.push({ settlement: s, status: ROW_SETTLED, basic: r.basic, criticalIllness: r.criticalIllness, maf: r.assistance + r.reAssistance });
    } else if (o.code === 'reversed') rows.push({ settlement: s, status: 0, basic: 0, criticalIllness: 0, maf: 0 });
    else if (o.code !== 'no-pack') rows.push({ settlement: s, status: ROW_REFUSED, basic: 0, criticalIllness: 0, maf: 0 });
  }
  return rows;
}

const withRules = new WeakMap<RegionPolicy, boolean>();

/** Whether any version of the region's pack has an alert rule that can be evaluated (remembered per region). */
function hasRules(region: RegionPolicy): boolean {
  let has = withRules.get(region);
  if (has === undefined) {
    has = region.policy.versions.some((v) => monitoringRules(v).some((r) => r.kind === 'alert' && r.unset === undefined));
    withRules.set(region, has);
  }
  return has;
}

/**
 * Screens the person-years of `rows` (every year they touch, or only `year`), region by region:
 * the alerts the rules raise. Pure.
 */
export function screenFold(persons: ReadonlyMap<string, StoredPerson>, rows: readonly FoldRow[], year?: number): RaisedAlert[] {
  const byRegion = new Map<RegionPolicy, FoldRow[]>();
  for (const r of rows) {
    const region = persons.get(r.settlement.psnNo)?.region;
    if (region === undefined) continue;
    let list = byRegion.get(region);
    if (list === undefined) byRegion.set(region, (list = []));
    list.push(r);
  }
  const out: RaisedAlert[] = [];
  for (const [region, list] of byRegion) {
    if (!hasRules(region)) continue;
    const order = new Map<string, number>();
    const people: StoredPerson[] = [];
    for (const r of list) {
      if (order.has(r.settlement.psnNo)) continue;
      const p = persons.get(r.settlement.psnNo);
      if (p === undefined) continue;
      order.set(r.settlement.psnNo, people.length);
      people.push(p);
    }
    const n = list.length;
    const cols: SettledColumns = {
      count: n,
      owner: Int32Array.from(list, (r) => order.get(r.settlement.psnNo) ?? 0),
      time: Float64Array.from(list, (r) => timeKey(r.settlement.setlTime)),
      total: Float64Array.from(list, (r) => r.settlement.total),
      policyScope: Float64Array.from(list, (r) => r.settlement.policyScope),
      basic: Float64Array.from(list, (r) => r.basic),
      criticalIllness: Float64Array.from(list, (r) => r.criticalIllness),
      maf: Float64Array.from(list, (r) => r.maf),
      status: Uint8Array.from(list, (r) => r.status),
      setlId: (i) => (list[i] as FoldRow).settlement.setlId,
      compareSetlIds: (i, j) => {
        const a = (list[i] as FoldRow).settlement.setlId;
        const b = (list[j] as FoldRow).settlement.setlId;
        return a < b ? -1 : a > b ? 1 : 0;
      },
    };
    const years = year === undefined ? new Set(list.map((r) => yearOf(r.settlement.setlTime))) : new Set([year]);
    for (const y of [...years].sort()) {
      const result = screen({ policy: region.policy, year: y, persons: people.map((p) => p.facts), rows: cols });
      for (const alert of result.alerts) {
        const person = persons.get(alert.psnNo);
        if (person === undefined) continue;
        out.push({ alert, admdvs: person.admdvs, year: y, riskElimDate: riskElimOf(person, alert) });
      }
    }
  }
  return out;
}

/**
 * ID-3: the 标注风险消除 date of the identity through which the person held the alert's category on
 * the alert's day (risk eliminated on or before that day — the engine keeps the category for twelve
 * months after it). Undefined when the category is held without it.
 */
function riskElimOf(person: StoredPerson, alert: Alert): string | undefined {
  if (alert.category === undefined) return undefined;
  let found: string | undefined;
  for (const span of person.facts.identities) {
    if (span.category !== alert.category || span.begin > alert.day || span.riskEliminated === undefined || span.riskEliminated > alert.day) continue;
    if (span.end !== undefined && span.end < alert.day && span.end < span.riskEliminated) continue;
    if (found === undefined || span.riskEliminated > found) found = span.riskEliminated;
  }
  return found;
}

const ALERT_COLS = [
  ['admdvs', 'text'], ['psn_no', 'text'], ['rule_id', 'text'], ['rule_title', 'text'], ['year', 'smallint'], ['measure', 'text'], ['amount', 'bigint'],
  ['amount_at_alert', 'bigint'], ['threshold', 'bigint'], ['comparison', 'text'], ['category', 'text'], ['risk_elim_date', 'date'], ['setl_id', 'text'],
  ['alert_date', 'date'], ['complete', 'boolean'], ['push_to', 'text'], ['process', 'text'], ['clause', 'text'], ['pack_id', 'text'],
  ['pack_version', 'text'], ['illustrative', 'boolean'], ['raised_by', 'text'], ['note', 'text'],
] as const;

/**
 * Stores the alerts: inserts those with no open alert of the same person, rule and year and no
 * earlier alert on the same data (same crossing settlement and year amount), each with its
 * 'raised' event and an 'alert-raise' line in the audit log; refreshes the year amount of the open
 * ones. As parts of `w` (the ledger's write, or a statement of their own): the name of the part
 * returning the new alerts (alert_id, …), undefined when there is no alert. `after`: a part of `w`
 * inserting audit lines (with RETURNING) that must come before the alerts' lines in the audit log
 * — the settlement's 'settle' line, as when the alerts had a statement of their own after it. (The
 * parts of one statement run in no documented order; reading that part's rows first is the order.)
 */
export function alertParts(w: WithStatement, alerts: readonly RaisedAlert[], by: RaisedBy, after?: string): string | undefined {
  if (alerts.length === 0) return undefined;
  const rows = alerts.map(({ alert: a, admdvs, year, riskElimDate }) => [
    admdvs, a.psnNo, a.rule, a.title, year, a.measure, a.amount, a.amountAtAlert, a.threshold, a.comparison, a.category ?? null, riskElimDate ?? null,
    a.setlId, a.day, a.complete, (a.pushTo ?? []).join(','), a.process ?? null, `${a.cite.doc} §${a.cite.clause}`, a.packId, a.packVersion, a.illustrative,
    by.username, by.note(a.psnNo),
  ]);
  const arrays = ALERT_COLS.map(([, t], j) => `${w.param(rows.map((r) => r[j] ?? null))}::${t}[]`).join(', ');
  const names = ALERT_COLS.map(([n]) => n);
  const inserted = names.filter((n) => n !== 'note');
  const user = w.param(by.username);
  const s = w.part(`SELECT * FROM unnest(${arrays}) AS s(${names.join(', ')})`);
  w.add(
    `UPDATE alerts a SET amount = s.amount, complete = s.complete, screened_at = now() FROM ${s} s
      WHERE a.psn_no = s.psn_no AND a.rule_id = s.rule_id AND a.year = s.year AND a.status <> 'closed'
        AND (a.amount <> s.amount OR a.complete <> s.complete)`,
  );
  const ins = w.part(
    `INSERT INTO alerts (${inserted.join(', ')})
     SELECT ${inserted.map((n) => `s.${n}`).join(', ')} FROM ${s} s
      WHERE NOT EXISTS (SELECT 1 FROM alerts a WHERE a.psn_no = s.psn_no AND a.rule_id = s.rule_id AND a.year = s.year
                           AND (a.status <> 'closed' OR (a.setl_id = s.setl_id AND a.amount = s.amount)))
     ON CONFLICT DO NOTHING
     RETURNING alert_id, admdvs, psn_no, rule_id, year`,
  );
  w.add(
    `INSERT INTO alert_events (alert_id, admdvs, psn_no, from_status, to_status, username, note)
     SELECT ins.alert_id, ins.admdvs, ins.psn_no, NULL, 'raised', ${user}::text, s.note
       FROM ${ins} ins JOIN ${s} s ON s.psn_no = ins.psn_no AND s.rule_id = ins.rule_id AND s.year = ins.year`,
  );
  w.add(
    `INSERT INTO audit_log (username, action, admdvs, psn_no, target, detail)
     SELECT ${user}::text, 'alert-raise', ins.admdvs, ins.psn_no, ins.alert_id::text, json_build_object('rule', ins.rule_id, 'year', ins.year)
       FROM ${ins} ins${after === undefined ? '' : `
      -- reads every row the part 'after' returns first, so its lines are inserted before these
      WHERE (SELECT count(*) FROM ${after}) >= 0`}`,
  );
  return ins;
}

/** Stores the alerts (alertParts) in one statement of their own: the new alerts' ids. */
export async function storeAlerts(tx: Db, alerts: readonly RaisedAlert[], by: RaisedBy): Promise<number[]> {
  const w = new WithStatement();
  const ins = alertParts(w, alerts, by);
  if (ins === undefined) return [];
  const found = await w.run<{ alert_id: number }>(tx, `SELECT alert_id FROM ${ins} ORDER BY alert_id`);
  return found.map((r) => r.alert_id);
}

/** The alerts the rules raise on the person-years of a fold (every year folded, or `year`), raised by the ledger. */
function raisedByLedger(persons: ReadonlyMap<string, StoredPerson>, settlements: readonly Settlement[], outcomes: ReadonlyMap<string, LedgerOutcome>, why: Why, year?: number) {
  const raised = screenFold(persons, foldRows(settlements, outcomes), year);
  const by: RaisedBy = {
    username: 'system',
    note: (psnNo) => {
      const c = typeof why === 'function' ? why(psnNo) : why;
      return `账本重算（${c.cause} ${c.causedBy}）时规则触发 / raised by the ledger's recomputation (${c.cause} ${c.causedBy})`;
    },
  };
  return { raised, by };
}

/**
 * The ledger's hook: after a recomputation has written the fold of `settlements`, screens the
 * person-years it touched (every year folded, or `year`) and stores the alerts. Nothing is read;
 * nothing is written when no rule fires.
 */
export async function raiseFromFold(
  tx: Db,
  persons: ReadonlyMap<string, StoredPerson>,
  settlements: readonly Settlement[],
  outcomes: ReadonlyMap<string, LedgerOutcome>,
  why: Why,
  year?: number,
): Promise<number[]> {
  const { raised, by } = raisedByLedger(persons, settlements, outcomes, why, year);
  return storeAlerts(tx, raised, by);
}

/**
 * The same hook as parts of the statement that writes the fold (a one-stop settlement's write):
 * no statement of its own. The parts see the alerts as they were before that statement, as
 * raiseFromFold's statement would (the ledger's writes do not touch alerts); the new alerts'
 * settlement rows, written by the same statement, satisfy their foreign key at its end. `after`:
 * see alertParts.
 */
export function raiseInto(
  w: WithStatement,
  persons: ReadonlyMap<string, StoredPerson>,
  settlements: readonly Settlement[],
  outcomes: ReadonlyMap<string, LedgerOutcome>,
  why: Why,
  year?: number,
  after?: string,
): void {
  const { raised, by } = raisedByLedger(persons, settlements, outcomes, why, year);
  alertParts(w, raised, by, after);
}
