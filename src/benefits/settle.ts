import type { Fen } from '../money/fen.js';
import { holdingAt } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import { versionAt } from '../policy/compile.js';
import { dayOf, yearOf } from '../time/date.js';
import type { MatchContext } from './match.js';
import { isProblem, settleTier } from './tier.js';
import type { PersonFacts, Settlement, SettleOutcome, SettleProblem, SettlementResult, TierTrace, YearState } from './types.js';

/** A fresh person-year's accumulators: every one at zero. */
function zeroSlots(policy: Policy): number[] {
  const slots: number[] = [];
  for (let i = 0; i < policy.slotCount * 2; i++) slots.push(0); // packed, not holey: faster element access
  return slots;
}

export class BalanceError extends Error {}

const NO_TRACES: readonly TierTrace[] = Object.freeze([]);

/**
 * A person-year's accumulators owned by one fold and updated in place: the batch folds settle a
 * million rows without a state object or an accumulator copy per settlement. `slots` is the
 * state after the last settled settlement of `year`; `next` is scratch for the one being settled,
 * swapped in when it settles, so a settlement that cannot be settled leaves `slots` as they were.
 */
export interface RunningYear {
  year: number;
  slots: number[];
  next: number[];
}

/** A running year for one fold; `reset` it at each person. */
export function runningYear(policy: Policy): RunningYear {
  return { year: -1, slots: zeroSlots(policy), next: zeroSlots(policy) };
}

/** The next settlement starts a person-year from zero accumulators. */
export function reset(run: RunningYear): void {
  run.year = -1;
}

/**
 * settle(state, settlement, person) → { result, state }: one settlement through the four tiers in
 * order — basic, critical illness, medical assistance, re-assistance — each taking the
 * policy-scope money the tiers before it left. Pure; the state passed in is never changed.
 * `explain` keeps each tier's trace on the result (the setl_proc_info); batch runs that only
 * need amounts pass false.
 */
export function settle(policy: Policy, state: YearState | undefined, s: Settlement, person: PersonFacts, explain = true): SettleOutcome {
  // state.slots is only read (into `next`), and this run ends here: the state is never changed
  const run: RunningYear = { year: state?.year ?? -1, slots: (state?.slots ?? []) as number[], next: zeroSlots(policy) };
  const o = settleRunning(policy, run, s, person, explain);
  if (!settled(o)) return { ok: false, problem: o };
  return { ok: true, result: o, state: { year: run.year, slots: run.slots } };
}

/** A settlement's outcome in a batch fold: its result, or the problem that kept it from settling. */
export type BatchOutcome = SettlementResult | SettleProblem;

export function settled(o: BatchOutcome): o is SettlementResult {
  return !('code' in o);
}

/**
 * settle on a fold's running year: the same outcome, the result or the problem itself (no
 * outcome object), and `run` moved on to the state after the settlement when it settles.
 */
export function settleRunning(policy: Policy, run: RunningYear, s: Settlement, person: PersonFacts, explain: boolean): BatchOutcome {
  const day = dayOf(s.setlTime);
  const version = versionAt(policy, day);
  if (version === undefined) {
    const first = policy.versions[0];
    return { code: 'before-pack', pack: first?.pack.id ?? '', from: first?.from ?? '' };
  }
  const year = yearOf(day);
  const slots = run.next;
  if (run.year === year) for (let i = 0; i < slots.length; i++) slots[i] = run.slots[i] as number;
  else slots.fill(0);
  const holding = holdingAt(person.identities, day, version.holding);
  const packId = version.pack.id;
  const ctx: MatchContext = {
    day,
    medType: s.medType,
    mask: holding.mask,
    disabilityGrade: holding.disabilityGrade,
    hospLevel: s.hospLv === undefined ? undefined : version.hospitalLevels[s.hospLv],
    insuredTier: person.insuredTier,
  };
  const assistanceCtx: MatchContext = holding.assistanceMask === holding.mask ? ctx : { ...ctx, mask: holding.assistanceMask };
  const { basic: basicTier, criticalIllness: ciTier, assistance: assistTier, reAssistance: reTier } = version.tierByName;
  const traces: TierTrace[] | undefined = explain ? [] : undefined;

  const basic = settleTier(basicTier, ctx, s.policyScope, s.basicGiven, slots, packId, traces);
  if (isProblem(basic)) return basic;
  const ci = settleTier(ciTier, ctx, (s.policyScope - basic) as Fen, s.criticalIllnessGiven, slots, packId, traces);
  if (isProblem(ci)) return ci;
  const afterTwo = (s.policyScope - basic - ci) as Fen;
  const assist = settleTier(assistTier, assistanceCtx, afterTwo, s.assistanceGiven, slots, packId, traces);
  if (isProblem(assist)) return assist;
  const re = settleTier(reTier, assistanceCtx, (afterTwo - assist) as Fen, s.assistanceGiven === undefined ? undefined : (0 as Fen), slots, packId, traces);
  if (isProblem(re)) return re;

  const fundTotal = (basic + ci + assist + re) as Fen;
  const result: SettlementResult = {
    setlId: s.setlId,
    psnNo: s.psnNo,
    packId,
    packVersion: version.pack.version,
    illustrative: version.pack.illustrative,
    total: s.total,
    policyScope: s.policyScope,
    basic,
    criticalIllness: ci,
    assistance: assist,
    reAssistance: re,
    fundTotal,
    personal: (s.total - fundTotal) as Fen,
    policyScopePersonal: (s.policyScope - fundTotal) as Fen,
    // Without `explain` no trace is built: they are recomputed, to the same bytes, by folding the
    // person again with explain on.
    traces: traces ?? NO_TRACES,
  };
  assertBalanced(result);
  run.next = run.slots;
  run.slots = slots;
  run.year = year;
  return result;
}

/** Tiers + personal burden = total, to the fen, and nothing negative. A failure is a defect. */
export function assertBalanced(r: SettlementResult): void {
  if (
    r.basic + r.criticalIllness + r.assistance + r.reAssistance + r.personal !== r.total ||
    r.fundTotal + r.personal !== r.total ||
    !(r.basic >= 0 && r.criticalIllness >= 0 && r.assistance >= 0 && r.reAssistance >= 0 && r.personal >= 0 && r.policyScopePersonal >= 0) ||
    !Number.isSafeInteger(r.total)
  ) {
    throw new BalanceError(`settlement ${r.setlId} does not balance: ${JSON.stringify({ ...r, traces: undefined })}`);
  }
}
