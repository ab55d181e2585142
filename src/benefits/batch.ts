import type { Policy } from '../policy/compile.js';
import { timeKey } from '../time/date.js';
import { settle } from './settle.js';
import type { PersonFacts, Settlement, SettleOutcome, SettleProblem, SettlementResult, YearState } from './types.js';

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

/** Indices of live settlements, person by person. */
type Groups = { readonly psnNo: string; readonly indices: number[] }[];

/**
 * Settlements grouped by person. An extract ordered by psn_no (the usual export order) is cut
 * into runs with one string comparison per row; any other order is grouped through a Map.
 */
function groupByPerson(settlements: readonly Settlement[], cancelled: Cancelled): Groups {
  const check = cancelled instanceof Uint8Array || cancelled.size > 0;
  let sorted = true;
  for (let i = 1; i < settlements.length; i++) {
    if ((settlements[i] as Settlement).psnNo < (settlements[i - 1] as Settlement).psnNo) {
      sorted = false;
      break;
    }
  }
  const groups: Groups = [];
  if (sorted) {
    let current: { psnNo: string; indices: number[] } | undefined;
    for (let i = 0; i < settlements.length; i++) {
      if (check && isCancelled(cancelled, settlements, i)) continue;
      const psnNo = (settlements[i] as Settlement).psnNo;
      if (current === undefined || current.psnNo !== psnNo) {
        current = { psnNo, indices: [] };
        groups.push(current);
      }
      current.indices.push(i);
    }
    return groups;
  }
  const byPerson = new Map<string, number[]>();
  for (let i = 0; i < settlements.length; i++) {
    if (check && isCancelled(cancelled, settlements, i)) continue;
    const psnNo = (settlements[i] as Settlement).psnNo;
    let list = byPerson.get(psnNo);
    if (list === undefined) {
      list = [];
      byPerson.set(psnNo, list);
      groups.push({ psnNo, indices: list });
    }
    list.push(i);
  }
  return groups;
}

/**
 * In fold order: insertion sort (a person's year is a handful of settlements) on numeric time
 * keys, falling back to the full comparison only on equal times.
 */
function sortForFold(settlements: readonly Settlement[], indices: number[]): void {
  const keys = indices.map((i) => timeKey((settlements[i] as Settlement).setlTime));
  for (let k = 1; k < indices.length; k++) {
    const i = indices[k] as number;
    const key = keys[k] as number;
    let j = k - 1;
    while (j >= 0 && ((keys[j] as number) > key || ((keys[j] as number) === key && inFoldOrder(settlements[indices[j] as number] as Settlement, settlements[i] as Settlement) > 0))) {
      indices[j + 1] = indices[j] as number;
      keys[j + 1] = keys[j] as number;
      j--;
    }
    indices[j + 1] = i;
    keys[j + 1] = key;
  }
}

const NO_IDENTITIES: PersonFacts['identities'] = [];
const NO_CANCELLED: Cancelled = new Set();

/** Visits every live settlement in fold order, person by person, with its outcome. */
export function foldBatch(policy: Policy, input: BatchInput, explain: boolean, visit: (index: number, outcome: SettleOutcome) => void): void {
  const { persons, settlements, owners } = input;
  for (const { psnNo, indices } of groupByPerson(settlements, input.cancelled ?? NO_CANCELLED)) {
    const person = (owners === undefined ? persons.get(psnNo) : owners[indices[0] as number]) ?? { psnNo, identities: NO_IDENTITIES };
    if (indices.length > 1) sortForFold(settlements, indices);
    let state: YearState | undefined;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] as number;
      const o = settle(policy, state, settlements[i] as Settlement, person, explain);
      if (o.ok) state = o.state;
      visit(i, o);
    }
  }
}

