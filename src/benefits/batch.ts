import type { Policy } from '../policy/compile.js';
import { timeKey } from '../time/date.js';
import type { BatchOutcome, RunningYear } from './settle.js';
import { reset, runningYear, settleRunning } from './settle.js';
import type { PersonFacts, Settlement, SettleProblem, SettlementResult } from './types.js';

export type FoldOutcome =
  | { readonly ok: true; readonly result: SettlementResult }
  | { readonly ok: false; readonly problem: SettleProblem };

/** Settlements of one person in the order the year's accumulators see them: setl_time, then setl_id. */
export function inFoldOrder(a: Settlement, b: Settlement): number {
  if (a.setlTime !== b.setlTime) return a.setlTime < b.setlTime ? -1 : 1;
  return a.setlId < b.setlId ? -1 : a.setlId > b.setlId ? 1 : 0;
}

/**
 * Which settlements reversal rows cancel: setl_ids, or — from a reader that already resolved
 * each reversal to the row it cancels — a mask by index (1 = cancelled), which spares the fold a
 * hash lookup per settlement.
 */
export type Cancelled = ReadonlySet<string> | Uint8Array;

/** What a batch folds. */
export interface BatchInput {
  readonly persons: ReadonlyMap<string, PersonFacts>;
  readonly settlements: readonly Settlement[];
  /** Settlements cancelled by reversal rows; none when absent. */
  readonly cancelled?: Cancelled | undefined;
  /**
   * Each settlement's person, resolved by a reader that looked every row's person up anyway
   * (to validate it): spares the fold a second random lookup per person. Aligned with settlements.
   */
  readonly owners?: readonly (PersonFacts | undefined)[] | undefined;
}

function isCancelled(cancelled: Cancelled, settlements: readonly Settlement[], i: number): boolean {
  return cancelled instanceof Uint8Array ? cancelled[i] === 1 : cancelled.has((settlements[i] as Settlement).setlId);
}

/**
 * Live settlements person by person, without an object per person: group g is
 * rows[starts[g]] … rows[starts[g + 1] - 1], groups in order of first appearance.
 */
interface Groups {
  readonly count: number;
  readonly starts: Int32Array;
  readonly rows: Int32Array;
  /** The most rows of one group (the sort's scratch size). */
  readonly largest: number;
}

/**
 * Settlements grouped by person. An extract ordered by psn_no (the usual export order) is cut
 * into runs with one string comparison per row; any other order is grouped through a Map.
 */
function groupByPerson(settlements: readonly Settlement[], cancelled: Cancelled): Groups {
  const check = cancelled instanceof Uint8Array || cancelled.size > 0;
  const n = settlements.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if ((settlements[i] as Settlement).psnNo < (settlements[i - 1] as Settlement).psnNo) {
      sorted = false;
      break;
    }
  }
  const rows = new Int32Array(n);
  if (sorted) {
    const starts = new Int32Array(n + 1);
    let count = 0;
    let m = 0;
    let largest = 0;
    let previous: string | undefined;
    for (let i = 0; i < n; i++) {
      if (check && isCancelled(cancelled, settlements, i)) continue;
      const psnNo = (settlements[i] as Settlement).psnNo;
      if (count === 0 || psnNo !== previous) {
        if (count > 0) largest = Math.max(largest, m - (starts[count - 1] as number));
        starts[count++] = m;
        previous = psnNo;
      }
      rows[m++] = i;
    }
    starts[count] = m;
    if (count > 0) largest = Math.max(largest, m - (starts[count - 1] as number));
    return { count, starts, rows, largest };
  }
  // any order: each row's group through a Map, then the rows placed group by group (a counting sort)
  const ids = new Map<string, number>();
  const group = new Int32Array(n).fill(-1);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (check && isCancelled(cancelled, settlements, i)) continue;
    const psnNo = (settlements[i] as Settlement).psnNo;
    let g = ids.get(psnNo);
    if (g === undefined) {
      g = sizes.length;
      ids.set(psnNo, g);
      sizes.push(0);
    }
    group[i] = g;
    sizes[g] = (sizes[g] as number) + 1;
  }
  const count = sizes.length;
  const starts = new Int32Array(count + 1);
  let largest = 0;
  for (let g = 0; g < count; g++) {
    starts[g + 1] = (starts[g] as number) + (sizes[g] as number);
    largest = Math.max(largest, sizes[g] as number);
  }
  const fill = starts.slice(0, count);
  for (let i = 0; i < n; i++) {
    const g = group[i] as number;
    if (g < 0) continue;
    const at = fill[g] as number;
    rows[at] = i;
    fill[g] = at + 1;
  }
  return { count, starts, rows, largest };
}

/**
 * rows[from, to) in fold order: insertion sort (a person's year is a handful of settlements) on
 * numeric time keys (`keys` is scratch), falling back to the full comparison only on equal times.
 */
function sortForFold(settlements: readonly Settlement[], rows: Int32Array, from: number, to: number, keys: Float64Array): void {
  for (let k = from; k < to; k++) keys[k - from] = timeKey((settlements[rows[k] as number] as Settlement).setlTime);
  for (let k = from + 1; k < to; k++) {
    const i = rows[k] as number;
    const key = keys[k - from] as number;
    let j = k - 1;
    while (j >= from) {
      const jKey = keys[j - from] as number;
      if (jKey < key || (jKey === key && inFoldOrder(settlements[rows[j] as number] as Settlement, settlements[i] as Settlement) <= 0)) break;
      rows[j + 1] = rows[j] as number;
      keys[j + 1 - from] = jKey;
      j--;
    }
    rows[j + 1] = i;
    keys[j + 1 - from] = key;
  }
}

const NO_IDENTITIES: PersonFacts['identities'] = [];
const NO_CANCELLED: Cancelled = new Set();

/**
 * Visits every live settlement in fold order, person by person, with its outcome and the running
 * person-year after it (updated in place by the fold: copy what must outlive the visit).
 */
export function foldBatch(
  policy: Policy, input: BatchInput, explain: boolean, visit: (index: number, outcome: BatchOutcome, year: Readonly<RunningYear>) => void,
): void {
  const { persons, settlements, owners } = input;
  const run = runningYear(policy);
  const { count, starts, rows, largest } = groupByPerson(settlements, input.cancelled ?? NO_CANCELLED);
  const keys = new Float64Array(largest);
  for (let g = 0; g < count; g++) {
    const from = starts[g] as number;
    const to = starts[g + 1] as number;
    const head = rows[from] as number;
    const psnNo = (settlements[head] as Settlement).psnNo;
    const person = (owners === undefined ? persons.get(psnNo) : owners[head]) ?? { psnNo, identities: NO_IDENTITIES };
    if (to - from > 1) sortForFold(settlements, rows, from, to, keys);
    reset(run);
    for (let k = from; k < to; k++) {
      const i = rows[k] as number;
      visit(i, settleRunning(policy, run, settlements[i] as Settlement, person, explain), run);
    }
  }
}

