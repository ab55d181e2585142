import type { Fen } from '../money/fen.js';
import { holdingAt } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import { versionAt } from '../policy/compile.js';
import { dayOf, yearOf } from '../time/date.js';
import type { MatchContext } from './match.js';
import { isProblem, settleTier } from './tier.js';
import type { PersonFacts, Settlement, SettleOutcome, SettlementResult, TierTrace, YearState } from './types.js';

/** A fresh person-year: every accumulator at zero. */
export function newYear(policy: Policy, year: number): YearState {
  const slots: number[] = [];
  for (let i = 0; i < policy.slotCount * 2; i++) slots.push(0); // packed, not holey: faster element access
  return { year, slots };
}

export class BalanceError extends Error {}

const NO_TRACES: readonly TierTrace[] = Object.freeze([]);

/**
 * settle(state, settlement, person) → { result, state }: one settlement through the four tiers in
 * order — basic, critical illness, medical assistance, re-assistance — each taking the
 * policy-scope money the tiers before it left. Pure; the state passed in is never changed.
 * `explain` keeps each tier's trace on the result (the setl_proc_info); batch runs that only
 * need amounts pass false.
 */
export function settle(policy: Policy, state: YearState | undefined, s: Settlement, person: PersonFacts, explain = true): SettleOutcome {
  const day = dayOf(s.setlTime);
  const version = versionAt(policy, day);
  if (version === undefined) {
    const first = policy.versions[0];
    return { ok: false, problem: { code: 'before-pack', pack: first?.pack.id ?? '', from: first?.from ?? '' } };
  }
  const year = yearOf(day);
  const slots = (state !== undefined && state.year === year ? state : newYear(policy, year)).slots.slice();
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

  const basic = settleTier(basicTier, ctx, s.policyScope, s.basicGiven, slots, packId);
  if (isProblem(basic)) return { ok: false, problem: basic };
  const ci = settleTier(ciTier, ctx, (s.policyScope - basic.paid) as Fen, s.criticalIllnessGiven, slots, packId);
  if (isProblem(ci)) return { ok: false, problem: ci };
  const afterTwo = (s.policyScope - basic.paid - ci.paid) as Fen;
  const assist = settleTier(assistTier, assistanceCtx, afterTwo, s.assistanceGiven, slots, packId);
  if (isProblem(assist)) return { ok: false, problem: assist };
  const re = settleTier(reTier, assistanceCtx, (afterTwo - assist.paid) as Fen, s.assistanceGiven === undefined ? undefined : (0 as Fen), slots, packId);
  if (isProblem(re)) return { ok: false, problem: re };

  const fundTotal = (basic.paid + ci.paid + assist.paid + re.paid) as Fen;
  const result: SettlementResult = {
    setlId: s.setlId,
    psnNo: s.psnNo,
    packId,
    packVersion: version.pack.version,
    illustrative: version.pack.illustrative,
    total: s.total,
    policyScope: s.policyScope,
    basic: basic.paid,
    criticalIllness: ci.paid,
    assistance: assist.paid,
    reAssistance: re.paid,
    fundTotal,
    personal: (s.total - fundTotal) as Fen,
    policyScopePersonal: (s.policyScope - fundTotal) as Fen,
    // Without `explain` the traces die young instead of being kept: they are recomputed, to the
    // same bytes, by folding the person again with explain on.
    traces: explain ? ([basic, ci, assist, re] satisfies TierTrace[]) : NO_TRACES,
  };
  assertBalanced(result);
  return { ok: true, result, state: { year, slots } };
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
