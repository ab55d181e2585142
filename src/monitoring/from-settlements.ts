import { PROBLEM, SETTLED, settleColumns } from '../benefits/columns.js';
import type { PersonFacts, Settlement, SettleProblem } from '../benefits/types.js';
import type { Policy } from '../policy/compile.js';
import { timeKey } from '../time/date.js';
import type { ScreenResult, SettledColumns } from './screen.js';
import { ROW_REFUSED, ROW_SETTLED, screen } from './screen.js';

/**
 * Screening from the engine's values: the settlements are folded person-year by person-year
 * (tiers given in a settlement — hifp_pay, hifmi_pay, and maf_pay with both — are taken as
 * given, the rest computed), then screened. Settlements the engine refuses are returned with
 * their problem; their person-years are marked incomplete. Pure.
 */
export function screenSettlements(
  policy: Policy,
  persons: readonly PersonFacts[],
  settlements: readonly Settlement[],
  year: number,
  cancelled?: ReadonlySet<string>,
): { result: ScreenResult; problems: Map<string, SettleProblem> } {
  const index = new Map(persons.map((p, i) => [p.psnNo, i]));
  const byPsn = new Map(persons.map((p) => [p.psnNo, p]));
  const owners = settlements.map((s) => byPsn.get(s.psnNo));
  const cols = settleColumns(policy, { persons: byPsn, settlements, cancelled, owners });
  const n = settlements.length;
  const owner = new Int32Array(n);
  const time = new Float64Array(n);
  const total = new Float64Array(n);
  const policyScope = new Float64Array(n);
  const maf = new Float64Array(n);
  const status = new Uint8Array(n);
  const problems = new Map<string, SettleProblem>();
  for (let i = 0; i < n; i++) {
    const s = settlements[i] as Settlement;
    const p = index.get(s.psnNo);
    if (p === undefined) throw new RangeError(`settlement ${s.setlId} names an unknown person ${s.psnNo}`);
    owner[i] = p;
    time[i] = timeKey(s.setlTime);
    total[i] = s.total;
    policyScope[i] = s.policyScope;
    maf[i] = (cols.assistance[i] as number) + (cols.reAssistance[i] as number);
    status[i] = cols.status[i] === SETTLED ? ROW_SETTLED : cols.status[i] === PROBLEM ? ROW_REFUSED : 0;
    const problem = cols.problems.get(i);
    if (problem !== undefined) problems.set(s.setlId, problem);
  }
  const rows: SettledColumns = {
    count: n, owner, time, total, policyScope, basic: cols.basic, criticalIllness: cols.criticalIllness, maf, status,
    setlId: (i) => (settlements[i] as Settlement).setlId,
    compareSetlIds: (i, j) => {
      const a = (settlements[i] as Settlement).setlId;
      const b = (settlements[j] as Settlement).setlId;
      return a < b ? -1 : a > b ? 1 : 0;
    },
  };
  return { result: screen({ policy, year, persons, rows }), problems };
}
