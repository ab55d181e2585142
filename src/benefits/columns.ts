import type { Policy } from '../policy/compile.js';
import type { BatchInput } from './batch.js';
import { foldBatch } from './batch.js';
import type { SettleProblem } from './types.js';

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

export function settleColumns(policy: Policy, input: BatchInput): ResultColumns {
  const n = input.settlements.length;
  const cols: ResultColumns = {
    status: new Uint8Array(n),
    basic: new Float64Array(n),
    criticalIllness: new Float64Array(n),
    assistance: new Float64Array(n),
    reAssistance: new Float64Array(n),
    version: new Uint8Array(n),
    problems: new Map(),
  };
  const single = policy.versions.length === 1;
  const versionIndex = new Map(policy.versions.map((v, i) => [v.pack.version, i]));
  foldBatch(policy, input, false, (i, o) => {
    if (!o.ok) {
      cols.status[i] = PROBLEM;
      cols.problems.set(i, o.problem);
      return;
    }
    const r = o.result;
    cols.status[i] = SETTLED;
    cols.basic[i] = r.basic;
    cols.criticalIllness[i] = r.criticalIllness;
    cols.assistance[i] = r.assistance;
    cols.reAssistance[i] = r.reAssistance;
    cols.version[i] = single ? 0 : (versionIndex.get(r.packVersion) ?? 0);
  });
  return cols;
}
