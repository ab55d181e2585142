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

function groupByPerson(settlements: readonly Settlement[], reversed: ReadonlySet<string>): Map<string, number[]> {
  const byPerson = new Map<string, number[]>();
  const checkReversed = reversed.size > 0;
  // Extracts usually list a person's rows together: consecutive rows skip the hash lookup.
  let lastPsnNo = '';
  let lastList: number[] = [];
  for (let i = 0; i < settlements.length; i++) {
    const s = settlements[i] as Settlement;
    if (checkReversed && reversed.has(s.setlId)) continue;
    if (s.psnNo === lastPsnNo) {
      lastList.push(i);
      continue;
    }
    let list = byPerson.get(s.psnNo);
    if (list === undefined) {
      list = [];
      byPerson.set(s.psnNo, list);
    }
    list.push(i);
    lastPsnNo = s.psnNo;
    lastList = list;
  }
  return byPerson;
}

function sortForFold(settlements: readonly Settlement[], indices: number[]): void {
  for (let k = 1; k < indices.length; k++) {
    if (inFoldOrder(settlements[indices[k - 1] as number] as Settlement, settlements[indices[k] as number] as Settlement) > 0) {
      indices.sort((i, j) => inFoldOrder(settlements[i] as Settlement, settlements[j] as Settlement));
      return;
    }
  }
}

const NO_IDENTITIES: PersonFacts['identities'] = [];

/** Visits every live settlement in fold order, person by person, with its outcome. */
export function foldBatch(
  policy: Policy,
  persons: ReadonlyMap<string, PersonFacts>,
  settlements: readonly Settlement[],
  reversed: ReadonlySet<string>,
  explain: boolean,
  visit: (index: number, outcome: FoldOutcome) => void,
): void {
  for (const [psnNo, indices] of groupByPerson(settlements, reversed)) {
    const person = persons.get(psnNo) ?? { psnNo, identities: NO_IDENTITIES };
    if (indices.length > 1) sortForFold(settlements, indices);
    let state: YearState | undefined;
    for (const i of indices) {
      const o = settle(policy, state, settlements[i] as Settlement, person, explain);
      if (o.ok) {
        state = o.state;
        visit(i, { ok: true, result: o.result });
      } else visit(i, { ok: false, problem: o.problem });
    }
  }
}

