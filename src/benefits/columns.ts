import type { Policy } from '../policy/compile.js';
import type { BatchInput } from './batch.js';
import { foldBatch } from './batch.js';
import type { Fen } from '../money/fen.js';
import type { IsoDateTime } from '../time/date.js';
import type { BatchOutcome } from './settle.js';
import { BalanceError, reset, runningYear, settled, settleRunning } from './settle.js';
import type { PersonFacts, Settlement, SettlementResult, SettleProblem } from './types.js';

/**
 * A batch's amounts as columns — one typed array per tier, index i for settlements[i] — so that
 * a province-year of settlements keeps no object per settlement (the old generation's garbage
 * collection, not the arithmetic, is what limits a million-row batch). The same fold as
 * settleBatch; the objects of a settlement, traces included, are one foldPerson away.
 */
export interface ResultColumns {
  /** 0 reversed (no outcome), 1 settled, 2 problem */
  readonly status: Uint8Array;
  readonly basic: Float64Array;
  readonly criticalIllness: Float64Array;
  readonly assistance: Float64Array;
  readonly reAssistance: Float64Array;
  /** Index into policy.versions of the pack version that settled it. */
  readonly version: Uint8Array;
  readonly problems: Map<number, SettleProblem>;
}

export const SETTLED = 1;
export const PROBLEM = 2;

/** Writes a settled row's tiers and pack version into result columns (the version as its index in the policy). */
function resultWriter(policy: Policy): (cols: ResultColumns, i: number, r: SettlementResult) => void {
  const single = policy.versions.length === 1;
  const versionIndex = new Map(policy.versions.map((v, i) => [v.pack.version, i]));
  return (cols, i, r) => {
    cols.status[i] = SETTLED;
    cols.basic[i] = r.basic;
    cols.criticalIllness[i] = r.criticalIllness;
    cols.assistance[i] = r.assistance;
    cols.reAssistance[i] = r.reAssistance;
    cols.version[i] = single ? 0 : (versionIndex.get(r.packVersion) ?? 0);
  };
}

export function settleColumns(policy: Policy, input: BatchInput): ResultColumns {
  const cols = newResultColumns(input.settlements.length);
  const write = resultWriter(policy);
  foldBatch(policy, input, false, (i, o) => {
    if (!settled(o)) {
      cols.status[i] = PROBLEM;
      cols.problems.set(i, o);
      return;
    }
    write(cols, i, o);
  });
  return cols;
}

/**
 * A batch of settlements as columns, as a byte-level reader builds them: no object per
 * settlement. Row i is settlement i; amounts in fen (NaN = not given), setl_time as its timeKey
 * (yyyyMMddHHmmss), codes interned.
 */
export interface SettlementTable {
  readonly count: number;
  /** timeKey of setl_time. */
  readonly time: Float64Array;
  readonly total: Float64Array;
  readonly policyScope: Float64Array;
  /** hifp_pay given, NaN when the engine computes it. */
  readonly basicGiven: Float64Array;
  /** hifmi_pay given, NaN when the engine computes it. */
  readonly criticalIllnessGiven: Float64Array;
  readonly medType: Int32Array;
  readonly medTypes: readonly string[];
  /** Index into hospLvs; hospLvs[0] is undefined (no hosp_lv). */
  readonly hospLv: Int32Array;
  readonly hospLvs: readonly (string | undefined)[];
  /** Index into owners: each settlement's person. */
  readonly owner: Int32Array;
  readonly owners: readonly PersonFacts[];
  /** 1 = cancelled by a reversal row (no outcome). */
  readonly cancelled: Uint8Array;
  /** The setl_id of row i. */
  setlId(i: number): string;
  /** setl_id order of rows i and j, as `<` on the strings orders them. */
  compareSetlIds(i: number, j: number): number;
}

/**
 * 'yyyy-MM-dd HH:mm:ss' of a timeKey: the canonical text parseDateTime returned for it. One
 * fromCharCode makes a flat string at once (a concatenation of cached parts is a cons string that
 * settle's dayOf must flatten first: measured 2.5 × slower).
 */
export function dateTimeOfKey(key: number): IsoDateTime {
  const date = Math.floor(key / 1_000_000) | 0;
  const clock = (key - date * 1_000_000) | 0;
  const y = (date / 10_000) | 0;
  const md = date - y * 10_000;
  const mo = (md / 100) | 0;
  const d = md - mo * 100;
  const h = (clock / 10_000) | 0;
  const ms = clock - h * 10_000;
  const mi = (ms / 100) | 0;
  const sec = ms - mi * 100;
  const y2 = (y / 100) | 0;
  const y4 = y - y2 * 100;
  return String.fromCharCode(
    48 + ((y2 / 10) | 0), 48 + (y2 % 10), 48 + ((y4 / 10) | 0), 48 + (y4 % 10), 45,
    48 + ((mo / 10) | 0), 48 + (mo % 10), 45, 48 + ((d / 10) | 0), 48 + (d % 10), 32,
    48 + ((h / 10) | 0), 48 + (h % 10), 58, 48 + ((mi / 10) | 0), 48 + (mi % 10), 58, 48 + ((sec / 10) | 0), 48 + (sec % 10),
  ) as IsoDateTime;
}

/** Row i of a table as the engine's Settlement (for --explain and tests). */
export function settlementAt(t: SettlementTable, i: number): Settlement {
  const basic = t.basicGiven[i] as number;
  const ci = t.criticalIllnessGiven[i] as number;
  return {
    setlId: t.setlId(i),
    psnNo: (t.owners[t.owner[i] as number] as PersonFacts).psnNo,
    medType: t.medTypes[t.medType[i] as number] as string,
    setlTime: dateTimeOfKey(t.time[i] as number),
    hospLv: t.hospLvs[t.hospLv[i] as number],
    total: t.total[i] as Fen,
    policyScope: t.policyScope[i] as Fen,
    basicGiven: Number.isNaN(basic) ? undefined : (basic as Fen),
    criticalIllnessGiven: Number.isNaN(ci) ? undefined : (ci as Fen),
  };
}

/** Result columns for n settlements; on shared memory when another thread fills part of them. */
export function newResultColumns(n: number, shared = false): ResultColumns {
  const f64 = (): Float64Array => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));
  const u8 = (): Uint8Array => (shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n));
  return { status: u8(), basic: f64(), criticalIllness: f64(), assistance: f64(), reAssistance: f64(), version: u8(), problems: new Map() };
}

/**
 * The order of a table's fold: persons in order of first appearance (groups), each group's live
 * rows (cancelled ones left out) by setl_time, then setl_id — `rows[startOf[p] …
 * startOf[p] + counts[p])` for the person order[g]. Groups are independent: any range of them can
 * be folded apart (by another thread) once planned.
 */
export interface FoldPlan {
  readonly groups: number;
  readonly order: Int32Array;
  readonly startOf: Int32Array;
  readonly counts: Int32Array;
  readonly rows: Int32Array;
}

export function planFold(t: SettlementTable, shared = false): FoldPlan {
  const n = t.count;
  const i32 = (k: number): Int32Array => (shared ? new Int32Array(new SharedArrayBuffer(4 * k)) : new Int32Array(k));
  // counting sort by person, no objects
  const persons = t.owners.length;
  const counts = i32(persons + 1);
  const order = i32(persons);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    if (t.cancelled[i] === 1) continue;
    const p = t.owner[i] as number;
    if (counts[p] === 0) order[groups++] = p;
    counts[p] = (counts[p] as number) + 1;
  }
  const startOf = i32(persons);
  let at = 0;
  for (let g = 0; g < groups; g++) {
    const p = order[g] as number;
    startOf[p] = at;
    at += counts[p] as number;
  }
  const rows = i32(at);
  const fill = startOf.slice();
  for (let i = 0; i < n; i++) {
    if (t.cancelled[i] === 1) continue;
    const p = t.owner[i] as number;
    const k = fill[p] as number;
    rows[k] = i;
    fill[p] = k + 1;
  }
  // each person's rows by (time, setl_id): insertion sort, a person's year is a handful of settlements
  const time = t.time;
  for (let g = 0; g < groups; g++) {
    const p = order[g] as number;
    const from = startOf[p] as number;
    const to = from + (counts[p] as number);
    for (let k = from + 1; k < to; k++) {
      const i = rows[k] as number;
      const key = time[i] as number;
      let j = k - 1;
      while (j >= from) {
        const r = rows[j] as number;
        const rk = time[r] as number;
        if (rk < key || (rk === key && t.compareSetlIds(r, i) <= 0)) break;
        rows[j + 1] = r;
        j--;
      }
      rows[j + 1] = i;
    }
  }
  return { groups, order, startOf, counts, rows };
}

/** What folding needs of a table: the columns of a settlement and its person. */
export type FoldColumns = Pick<SettlementTable, 'time' | 'total' | 'policyScope' | 'basicGiven' | 'criticalIllnessGiven' | 'medType' | 'medTypes' | 'hospLv' | 'hospLvs'>;

/** Groups folded between two reports of progress (see foldGroups). */
const PROGRESS_EVERY = 256;

/**
 * Folds the groups [from, to) of a plan into `cols` (rows of other groups untouched). A problem
 * goes to `problem`; a defect (BalanceError) is thrown naming the settlement when `setlId` is
 * given, as is when not. With `progress` (shared memory), progress[0] is the end of the groups
 * folded so far (from + count), stored atomically and notified every few hundred groups and at
 * the end: another thread may read the results of those groups meanwhile.
 */
export function foldGroups(
  policy: Policy, t: FoldColumns, person: (owner: number) => PersonFacts, plan: FoldPlan, from: number, to: number, cols: ResultColumns,
  problem: (i: number, p: SettleProblem) => void, setlId?: (i: number) => string, progress?: Int32Array,
): void {
  const write = resultWriter(policy);
  const { order, startOf, counts, rows } = plan;
  const time = t.time;
  const run = runningYear(policy);
  for (let g = from; g < to; g++) {
    if (progress !== undefined && (g - from) % PROGRESS_EVERY === 0 && g > from) {
      Atomics.store(progress, 0, g);
      Atomics.notify(progress, 0);
    }
    const p = order[g] as number;
    const facts = person(p);
    const first = startOf[p] as number;
    const last = first + (counts[p] as number);
    reset(run);
    for (let k = first; k < last; k++) {
      const i = rows[k] as number;
      const basic = t.basicGiven[i] as number;
      const ci = t.criticalIllnessGiven[i] as number;
      // setl_id only on demand (it is not needed to settle, only to name a defect below)
      const s: Settlement = {
        setlId: '',
        psnNo: facts.psnNo,
        medType: t.medTypes[t.medType[i] as number] as string,
        setlTime: dateTimeOfKey(time[i] as number),
        hospLv: t.hospLvs[t.hospLv[i] as number],
        total: t.total[i] as Fen,
        policyScope: t.policyScope[i] as Fen,
        basicGiven: Number.isNaN(basic) ? undefined : (basic as Fen),
        criticalIllnessGiven: Number.isNaN(ci) ? undefined : (ci as Fen),
      };
      let o: BatchOutcome;
      try {
        o = settleRunning(policy, run, s, facts, false);
      } catch (e) {
        // a defect: settle again with the settlement's own setl_id, so the error names it (a
        // settlement that throws leaves the running year as it was)
        if (e instanceof BalanceError && setlId !== undefined) o = settleRunning(policy, run, { ...s, setlId: setlId(i) }, facts, false);
        throw e;
      }
      if (!settled(o)) {
        cols.status[i] = PROBLEM;
        problem(i, o);
        continue;
      }
      write(cols, i, o);
    }
  }
  if (progress !== undefined) {
    Atomics.store(progress, 0, to);
    Atomics.notify(progress, 0);
  }
}

/**
 * settleColumns over a SettlementTable: the same fold (person by person in order of first
 * appearance, each person's settlements by setl_time then setl_id), reading the columns into one
 * Settlement per row. Results are those settleColumns gives for the same settlements.
 */
export function settleTable(policy: Policy, t: SettlementTable): ResultColumns {
  const cols = newResultColumns(t.count);
  const plan = planFold(t);
  foldGroups(policy, t, (p) => t.owners[p] as PersonFacts, plan, 0, plan.groups, cols, (i, p) => cols.problems.set(i, p), (i) => t.setlId(i));
  return cols;
}
