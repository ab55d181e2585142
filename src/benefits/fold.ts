import type { Policy } from '../policy/compile.js';
import type { BatchInput, FoldOutcome } from './batch.js';
import { foldBatch, inFoldOrder } from './batch.js';
import { settle, settled } from './settle.js';

export type { FoldOutcome } from './batch.js';
export { inFoldOrder } from './batch.js';
export type { BatchInput, Cancelled } from './batch.js';
import type { PersonFacts, Settlement, YearState } from './types.js';

/**
 * The person-year fold over `settlements[i]` for the indices of one person (reversed ones
 * already left out), in setl_time order, each calendar year starting from zero accumulators. A
 * settlement that cannot be settled (a [local] value missing, before the pack) is reported and
 * leaves the accumulators as they were. Writes each outcome at its index; returns the final
 * state of each year.
 */
export function foldPersonInto(
  policy: Policy,
  person: PersonFacts,
  settlements: readonly Settlement[],
  indices: number[],
  out: (FoldOutcome | undefined)[],
  explain = true,
): YearState[] {
  if (indices.length > 1) {
    indices.sort((i, j) => inFoldOrder(settlements[i] as Settlement, settlements[j] as Settlement));
  }
  const years: YearState[] = [];
  let state: YearState | undefined;
  for (const i of indices) {
    const o = settle(policy, state, settlements[i] as Settlement, person, explain);
    if (o.ok) {
      if (state === undefined || state.year !== o.state.year) years.push(o.state);
      else years[years.length - 1] = o.state;
      state = o.state;
      out[i] = { ok: true, result: o.result };
    } else out[i] = { ok: false, problem: o.problem };
  }
  return years;
}

/** One person's settlements folded; outcomes keyed by setl_id, and each year's final state. */
export function foldPerson(
  policy: Policy,
  person: PersonFacts,
  settlements: readonly Settlement[],
): { outcomes: Map<string, FoldOutcome>; years: YearState[] } {
  const out: (FoldOutcome | undefined)[] = new Array<FoldOutcome | undefined>(settlements.length);
  const years = foldPersonInto(policy, person, settlements, settlements.map((_, i) => i), out);
  const outcomes = new Map<string, FoldOutcome>();
  settlements.forEach((s, i) => {
    const o = out[i];
    if (o !== undefined) outcomes.set(s.setlId, o);
  });
  return { outcomes, years };
}

/**
 * A batch: every person's settlements folded. Returns the outcome of `settlements[i]` at index
 * i; a cancelled settlement is as if it was never made (it takes no part in the fold and its
 * outcome is undefined). Persons are independent, so the order of persons never matters, and the
 * order of rows within a person is fixed by the fold.
 */
export function settleBatchInOrder(policy: Policy, input: BatchInput, explain = true): (FoldOutcome | undefined)[] {
  const out = new Array<FoldOutcome | undefined>(input.settlements.length);
  foldBatch(policy, input, explain, (i, o) => {
    out[i] = settled(o) ? { ok: true, result: o } : { ok: false, problem: o };
  });
  return out;
}

/** settleBatchInOrder, keyed by setl_id; `reversed` names the settlements reversal rows cancel. */
export function settleBatch(
  policy: Policy,
  persons: ReadonlyMap<string, PersonFacts>,
  settlements: readonly Settlement[],
  reversed: ReadonlySet<string> = new Set(),
): Map<string, FoldOutcome> {
  const inOrder = settleBatchInOrder(policy, { persons, settlements, cancelled: reversed });
  const out = new Map<string, FoldOutcome>();
  for (let i = 0; i < settlements.length; i++) {
    const o = inOrder[i];
    if (o !== undefined) out.set((settlements[i] as Settlement).setlId, o);
  }
  return out;
}
