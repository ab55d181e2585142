/**
 * Group commit for one-stop settlements: settlements of different persons that arrive while
 * others are being stored are settled together, in one transaction of two round trips for the
 * whole group on PostgreSQL (settleOne's three for one): BEGIN, all their persons locked (in
 * psn_no order, as recompute locks them) and, as the next statement, one read of everything their
 * person-years hold (GROUP_READ, person-year-read.ts) — one round trip; the fold (planRecompute,
 * per year, exactly as recompute plans it); one statement writing the settlement rows, the
 * ledger's changes, the audit lines and the alerts the monitoring rules raise (raiseInto), and
 * COMMIT — the second. (The statements of a round trip are pipelined, each its own statement:
 * postgres.ts, PipelinedQuery.)
 *
 * The answers are exactly those of `settleOne` one by one: a group holds at most one settlement
 * per person and per setl_id, and anything but the plain case — a setl_id already stored (a
 * replay or a conflict), an unknown person, a person without a pack, a settlement the engine
 * refuses, a setl_id stored meanwhile by another process — rolls the group back and settles its
 * settlements one by one through `settleOne`, which answers each case as it always does.
 */
import type { Settlement } from '../benefits/types.js';
import type { RegionPolicies } from '../policy/regions.js';
import { yearOf } from '../time/date.js';
import type { Db } from './db.js';
import type { SettlementInput } from './imports.js';
import { SETTLEMENT_COLS, settlementHash, settlementValues } from './imports.js';
import { raiseInto } from './alert-raise.js';
import type { AdjustmentLine, LedgerOutcome, RecomputeCause, StoredPerson, StoredRows } from './ledger.js';
import { LedgerStatement, planRecompute, spanOfRow, storedOf, storedPersonOf } from './ledger.js';
import type { SettleAudit, SettleOneResult } from './one-stop.js';
import { literal, settleOne, splitOfResult } from './one-stop.js';
import type { OneStopRead } from './person-year-read.js';
import { freshSettlement, GROUP_READ, readSettlements, readStored } from './person-year-read.js';

export type SettleInput = Extract<SettlementInput, { kind: 'settlement' }>;

export interface SettleItem {
  readonly input: SettleInput;
  readonly audit?: SettleAudit | undefined;
}

/**
 * The group's write is prepared (parsed once per connection and text) and runs under a generic plan
 * (planned once per connection and text): parsing and planning it each time was a large part of
 * PostgreSQL's CPU per settlement (perf, docs/performance-service.md). A generic plan is made
 * without the parameters' values and kept while the tables grow; made while they were small, it
 * would keep sequential scans of them. With sequential scans off, the write's parts find their rows
 * through the only index each can use (primary keys, alerts_open), whatever the tables' sizes when
 * the plan was made. Both settings are LOCAL: they end with the group's transaction, and are sent
 * in the round trip of its BEGIN, lock and read. The read (GROUP_READ) stays planned each
 * time: its generic plan, made on an empty settlements table, took the (admdvs, setl_time) index
 * for a person's rows — 10 ms a call instead of 0.5 (measured). PostgreSQL only: PGlite is one
 * connection in this process and runs each statement as it comes.
 */
const GENERIC_INDEX_PLANS = ['SET LOCAL plan_cache_mode = force_generic_plan', 'SET LOCAL enable_seqscan = off'];
/** The write: prepared, and the group's last statement (on PostgreSQL its COMMIT goes with it). */
const WRITE = { prepare: true, last: true } as const;

/** The group cannot be settled together: its settlements go one by one. */
class OneByOne extends Error {}

const AUDIT_COLS = [
  ['username', 'text'], ['role', 'text'], ['action', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['target', 'text'], ['ip', 'text'],
] as const;

/**
 * Settles a group of settlements of distinct persons and distinct setl_ids together (see the
 * module comment); each item's answer, or the error settleOne gives it. A group of one goes the
 * same way: settleOne's read is prepared, and its generic plan, made while the ledger's tables
 * were small, kept sequential scans of them as they grew (5.5 ms a call instead of 0.2, measured).
 */
export async function settleMany(db: Db, policies: RegionPolicies, items: readonly SettleItem[]): Promise<PromiseSettledResult<SettleOneResult>[]> {
  if (items.length === 0) return [];
  try {
    const results = await db.transaction((tx) => settleTogether(tx, policies, items));
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch {
    // whatever failed the group — a case settleOne answers (OneByOne), a key stored meanwhile by
    // another process (23505, 23503), a deadlock with an import's locks (40P01), a timeout, one
    // person's bad stored amount — each settlement is answered as settleOne answers it alone
    return Promise.allSettled(items.map((i) => settleOne(db, policies, i.input, i.audit)));
  }
}

async function settleTogether(tx: Db, policies: RegionPolicies, items: readonly SettleItem[]): Promise<SettleOneResult[]> {
  const settlements = items.map((i) => i.input.settlement);
  const psnNos = settlements.map((s) => s.psnNo);
  if (new Set(psnNos).size !== items.length || new Set(settlements.map((s) => s.setlId)).size !== items.length) throw new OneByOne();
  // a NUL, which PostgreSQL text cannot hold: settleOne refuses it
  if (settlements.some((s) => s.psnNo.includes('\u0000') || s.setlId.includes('\u0000'))) throw new OneByOne();
  // the persons locked in psn_no order (as recompute locks them), then the read: a statement after
  // the lock, so its snapshot sees whatever the lock's last holder committed; on PostgreSQL both in
  // one round trip with BEGIN and the planner settings
  const sorted = [...psnNos].sort();
  const lock = `SELECT 1 FROM persons WHERE psn_no IN (${sorted.map(literal).join(', ')}) ORDER BY psn_no FOR UPDATE`;
  const years = settlements.map((s) => yearOf(s.setlTime));
  const read = await tx.query<OneStopRead & { k: number }>(GROUP_READ, [psnNos, settlements.map((s) => s.setlId), years], {
    before: [...(tx.engine === 'postgres' ? GENERIC_INDEX_PLANS : []), lock],
  });
  const persons = new Map<string, StoredPerson>();
  const byYear = new Map<number, { persons: Map<string, StoredPerson>; known: string[]; settlements: Settlement[]; reversedBy: Map<string, string>; stored: StoredRows[] }>();
  items.forEach((item, k) => {
    const row = read[k];
    const s = item.input.settlement;
    // an unknown person, a setl_id already stored (a replay or a conflict): settleOne answers those
    if (row === undefined || row.k !== k + 1 || row.person === null || row.old !== null) throw new OneByOne();
    const person = storedPersonOf(policies, row.person, (row.identities ?? []).map(spanOfRow));
    if (person.region === undefined) throw new OneByOne();
    persons.set(s.psnNo, person);
    const year = years[k] as number;
    let y = byYear.get(year);
    if (y === undefined) byYear.set(year, (y = { persons: new Map(), known: [], settlements: [], reversedBy: new Map(), stored: [] }));
    y.persons.set(s.psnNo, person);
    y.known.push(s.psnNo);
    y.settlements.push(...readSettlements(row), freshSettlement(item.input));
    for (const r of row.reversals ?? []) y.reversedBy.set(r.init_setl_id, r.setl_id);
    y.stored.push(readStored(row));
  });
  // each person's adjustments are caused by their own new settlement
  const causes = new Map<string, RecomputeCause>(settlements.map((s) => [s.psnNo, { cause: 'late-settlement', causedBy: s.setlId }]));
  const why = (psnNo: string): RecomputeCause => causes.get(psnNo) ?? { cause: 'late-settlement', causedBy: '' };
  const w = new LedgerStatement();
  w.insert(
    'settlements',
    SETTLEMENT_COLS,
    items.map((i) => [i.input.settlement.setlId, persons.get(i.input.settlement.psnNo)?.admdvs ?? null, ...settlementValues(i.input), settlementHash(i.input), null]),
  );
  const outcomes = new Map<string, LedgerOutcome>();
  const adjustments: AdjustmentLine[] = [];
  const folds: { persons: Map<string, StoredPerson>; settlements: Settlement[]; outcomes: ReadonlyMap<string, LedgerOutcome>; year: number }[] = [];
  for (const [year, y] of byYear) {
    const stored = storedOf({
      results: y.stored.flatMap((r) => r.results), payments: y.stored.flatMap((r) => r.payments),
      adjustments: y.stored.flatMap((r) => r.adjustments), problems: y.stored.flatMap((r) => r.problems),
    });
    // as recompute does: the persons in psn_no order
    const plan = planRecompute({ persons: y.persons, known: [...y.known].sort(), settlements: y.settlements, reversedBy: y.reversedBy, stored }, why, year);
    w.plan(plan);
    for (const [k, v] of plan.outcomes) outcomes.set(k, v);
    adjustments.push(...plan.adjustments);
    folds.push({ persons: y.persons, settlements: y.settlements, outcomes: plan.outcomes, year });
  }
  const results: SettleOneResult[] = [];
  for (const item of items) {
    const s = item.input.settlement;
    const o = outcomes.get(s.setlId);
    const person = persons.get(s.psnNo);
    // the engine refuses it: settleOne answers why
    if (o === undefined || !o.ok || person?.region === undefined) throw new OneByOne();
    const r = o.result;
    const split = splitOfResult(r, person.admdvs, o.procInfo);
    results.push({ status: 'created', settlement: s, split, illustrative: person.region.illustrative, adjustments: adjustments.filter((a) => a.psnNo === s.psnNo) });
  }
  const audits = items.flatMap((i, k) => {
    const a = i.audit;
    const r = results[k];
    return a === undefined || r === undefined ? [] : [[a.username, a.role, 'settle', r.split.admdvs, r.split.psnNo, r.split.setlId, a.ip]];
  });
  const settleLines = w.insert('audit_log', AUDIT_COLS, audits, 'RETURNING 1');
  // monitoring (issue 5): the rules evaluated on the person-years just folded, as recompute does;
  // their audit lines after the settlements' (the person's trail: 'settle', then 'alert-raise')
  for (const f of folds) raiseInto(w, f.persons, f.settlements, f.outcomes, why, f.year, settleLines);
  // the settlement rows, the ledger's changes, the audit lines and the alerts: one statement
  await w.run(tx, undefined, WRITE);
  return results;
}

interface Pending extends SettleItem {
  /** When it was submitted (performance.now()). */
  readonly since: number;
  resolve(r: SettleOneResult): void;
  reject(e: unknown): void;
}

/**
 * The queue in front of settleMany: a settlement is sent at once when no group is in flight; while
 * one is, a second group starts (a free slot: `groups`, default 2) once `minGroup` settlements
 * (default 12) wait, or once the oldest has waited `maxWaitMs` (default 5): a slow group in
 * flight (waiting on a lock an import holds, or settling its 64 one by one) must not hold the
 * others back. Without the `minGroup` rule, a slot freed at high load took the first settlement
 * to arrive alone and the next group had to wait for a slot; groups then alternated between one
 * settlement and thirty (measured, docs/performance-service.md). A group takes at most
 * `maxGroup` settlements (default 64), one per person and per setl_id, none of a person or
 * setl_id in flight; the others wait.
 */
export class SettleBatcher {
  private readonly queue: Pending[] = [];
  private readonly persons = new Set<string>();
  private readonly ids = new Set<string>();
  private running = 0;
  /** The pump planned for when the oldest waiting settlement has waited long enough. */
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: Db,
    private readonly policies: RegionPolicies,
    private readonly options: {
      readonly groups?: number; readonly maxGroup?: number; readonly minGroup?: number; readonly maxWaitMs?: number;
      /** What settles a group (tests hold one back); settleMany. */
      readonly settle?: typeof settleMany;
    } = {},
  ) {}

  submit(item: SettleItem): Promise<SettleOneResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, since: performance.now(), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const groups = this.options.groups ?? 2;
    const maxGroup = this.options.maxGroup ?? 64;
    const minGroup = this.options.minGroup ?? 12;
    const maxWait = this.options.maxWaitMs ?? 5;
    while (this.running < groups && this.queue.length > 0) {
      // while another group is in flight, a new one waits for enough settlements, for that
      // group's end, or until the oldest waiting has waited maxWait
      if (this.running > 0 && this.queue.length < minGroup) {
        const waited = performance.now() - (this.queue[0] as Pending).since;
        if (waited < maxWait) {
          this.timer ??= setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, Math.ceil(maxWait - waited));
          return;
        }
      }
      const group: Pending[] = [];
      const persons = new Set<string>();
      const ids = new Set<string>();
      for (let i = 0; i < this.queue.length && group.length < maxGroup; ) {
        const p = this.queue[i] as Pending;
        const { psnNo, setlId } = p.input.settlement;
        if (this.persons.has(psnNo) || this.ids.has(setlId) || persons.has(psnNo) || ids.has(setlId)) {
          i++;
          continue;
        }
        persons.add(psnNo);
        ids.add(setlId);
        group.push(p);
        this.queue.splice(i, 1);
      }
      if (group.length === 0) return;
      this.running++;
      for (const p of persons) this.persons.add(p);
      for (const id of ids) this.ids.add(id);
      void (this.options.settle ?? settleMany)(this.db, this.policies, group)
        .then(
          (answers) =>
            answers.forEach((a, k) => {
              const p = group[k] as Pending;
              if (a.status === 'fulfilled') p.resolve(a.value);
              else p.reject(a.reason);
            }),
          (err: unknown) => group.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          this.running--;
          for (const p of persons) this.persons.delete(p);
          for (const id of ids) this.ids.delete(id);
          this.pump();
        });
    }
  }
}
