import type { Policy } from '../policy/compile.js';
import { settle } from './settle.js';
import type { PersonFacts, Settlement, SettleProblem, SettlementResult, YearState } from './types.js';

export type FoldOutcome =
  | { readonly ok: true; readonly result: SettlementResult }
  | { readonly ok: false; readonly problem: SettleProblem };

/** Settlements of one person in the order the year's accumulators see them: setl_time, then setl_id. */
export function inFoldOrder(a: Settlement, b: Settlement): number {
  if (a.setlTime !== b.setlTime) return a.setlTime < b.setlTime ? -1 : 1;
  return a.setlId < b.setlId ? -1 : a.setlId > b.setlId ? 1 : 0;
}

/**
 * The person-year fold: a person's live settlements (reversed ones already removed) in
 * setl_time order, each year starting from zero accumulators. A settlement that cannot be
 * settled (a [local] value missing, before the pack) is reported and leaves the accumulators
 * as they were. Returns outcomes keyed by setl_id, and the final state of each year.
 */
export function foldPerson(
  policy: Policy,
  person: PersonFacts,
  settlements: readonly Settlement[],
): { outcomes: Map<string, FoldOutcome>; years: Map<number, YearState> } {
  const ordered = [...settlements].sort(inFoldOrder);
  const outcomes = new Map<string, FoldOutcome>();
  const years = new Map<number, YearState>();
  let state: YearState | undefined;
  for (const s of ordered) {
    const o = settle(policy, state, s, person);
    if (o.ok) {
      state = o.state;
      years.set(state.year, state);
      outcomes.set(s.setlId, { ok: true, result: o.result });
    } else outcomes.set(s.setlId, { ok: false, problem: o.problem });
  }
  return { outcomes, years };
}

/**
 * A batch: every person's settlements folded. `reversed` holds the setl_ids that reversal rows
 * cancel: a cancelled settlement is as if it was never made (it takes no part in the fold and
 * gets no outcome). Persons are independent, so the order of persons never matters.
 */
export function settleBatch(
  policy: Policy,
  persons: ReadonlyMap<string, PersonFacts>,
  settlements: readonly Settlement[],
  reversed: ReadonlySet<string> = new Set(),
): Map<string, FoldOutcome> {
  const byPerson = new Map<string, Settlement[]>();
  for (const s of settlements) {
    if (reversed.has(s.setlId)) continue;
    const list = byPerson.get(s.psnNo);
    if (list === undefined) byPerson.set(s.psnNo, [s]);
    else list.push(s);
  }
  const out = new Map<string, FoldOutcome>();
  for (const [psnNo, list] of byPerson) {
    const person = persons.get(psnNo) ?? { psnNo, identities: [] };
    for (const [id, o] of foldPerson(policy, person, list).outcomes) out.set(id, o);
  }
  return out;
}
