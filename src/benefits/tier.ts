import type { Fen } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';
import type { CompiledRule, CompiledTier } from '../policy/compile.js';
import type { Band, Cap } from '../policy/pack.js';
import type { MatchContext } from './match.js';
import { inScope, ruleFor } from './match.js';
import { cumulative } from './schedule.js';
import type { SettleProblem, TierReason, TierTrace } from './types.js';

/** Tiers that insure everyone: a settlement no rule covers lacks a [local] value, it is not "not eligible". */
function insuresEveryone(tier: CompiledTier): boolean {
  return tier.name === 'basic' || tier.name === 'critical_illness';
}

/**
 * A tier's outcome: the amount it pays, or the problem that keeps the settlement from being
 * settled. The trace behind the amount goes to `traces` when the caller explains.
 */
export type TierOutcome = Fen | SettleProblem;

export function isProblem(o: TierOutcome): o is SettleProblem {
  return typeof o !== 'number';
}

/** Where a tier's trace goes: the settlement's traces when explaining, none for amounts only. */
export type TraceSink = TierTrace[] | undefined;

const NO_BANDS: readonly Band[] = [];

/**
 * Every trace is built here, fields in one order, so the engine's objects keep one shape; and
 * only when the caller keeps traces (a batch that writes amounts builds none). Returns `paid`.
 */
function emit(
  traces: TraceSink, tier: CompiledTier, reason: TierReason, rule: CompiledRule | undefined, base: Fen, cumBaseBefore: Fen, deductible: Fen,
  bands: readonly Band[], raw: Fen, cap: Cap | undefined, paidBefore: Fen, subLimit: TierTrace['subLimit'], paid: Fen,
): Fen {
  if (traces !== undefined) {
    const otherwise = reason === 'no-rule' ? tier.otherwise : undefined;
    traces.push({ tier: tier.name, reason, rule, otherwise, base, cumBaseBefore, deductible, bands, raw, cap, paidBefore, subLimit, paid });
  }
  return paid;
}

function zero(traces: TraceSink, tier: CompiledTier, reason: TierReason, base: Fen, rule?: CompiledRule): Fen {
  return emit(traces, tier, reason, rule, base, 0 as Fen, 0 as Fen, NO_BANDS, 0 as Fen, undefined, 0 as Fen, undefined, 0 as Fen);
}

function needsLocal(packId: string, r: { key: string; note: string }): SettleProblem {
  return { code: 'needs-local', pack: packId, key: r.key, note: r.note };
}

function bandsFor(rule: CompiledRule, ctx: MatchContext, packId: string): readonly Band[] | SettleProblem {
  const s = rule.schedule;
  if (s.ok === 'by-level') {
    if (!s.byLevel.ok) return needsLocal(packId, s.byLevel);
    if (ctx.hospLevel === undefined) return { code: 'needs-field', field: 'hosp_lv', rule: rule.id };
    const ratio = s.byLevel.value[String(ctx.hospLevel)];
    if (ratio === undefined) {
      return needsLocal(packId, { key: `${s.key}.${ctx.hospLevel}`, note: `${ctx.hospLevel} 级医院的支付比例未规定 / no payment ratio for level-${ctx.hospLevel} hospitals` });
    }
    return [{ ratio: Math.min(10_000, ratio + s.add) as BasisPoints }];
  }
  return s.ok ? s.value : needsLocal(packId, s);
}

/**
 * One tier of one settlement. `slots` is the person-year's accumulator copy, updated in place
 * by the caller's fresh copy (the fold stays immutable from the outside); the tier's trace goes
 * to `traces` when given.
 */
export function settleTier(
  tier: CompiledTier,
  ctx: MatchContext,
  base: Fen,
  given: Fen | undefined,
  slots: number[],
  packId: string,
  traces: TraceSink,
): TierOutcome {
  const scoped = inScope(tier, ctx.medType);
  const found = scoped ? ruleFor(tier, ctx) : undefined;
  const rule = found !== undefined && 'undecided' in found ? undefined : found;
  if (given !== undefined) {
    if (given > base) return { code: 'given-above-base', tier: tier.name, given, base };
    const pool = rule?.pool ?? tier.defaultPool;
    const cumBaseBefore = (slots[pool * 2] ?? 0) as Fen;
    const paidBefore = (slots[pool * 2 + 1] ?? 0) as Fen;
    if (scoped) slots[pool * 2] = cumBaseBefore + base;
    slots[pool * 2 + 1] = paidBefore + given;
    return emit(traces, tier, 'given', rule, base, cumBaseBefore, 0 as Fen, NO_BANDS, given, undefined, paidBefore, undefined, given);
  }
  if (tier.scopeLocal !== undefined) return needsLocal(packId, tier.scopeLocal);
  if (!scoped) return zero(traces, tier, 'out-of-scope', base);
  if (found !== undefined && 'undecided' in found) {
    return found.undecided === 'field' ? { code: 'needs-field', field: found.field, rule: found.rule } : needsLocal(packId, found);
  }
  if (rule === undefined) {
    if (insuresEveryone(tier)) {
      return needsLocal(packId, {
        key: `tiers.${tier.name}`,
        note: tier.local ?? `本政策包没有适用于医疗类别 ${ctx.medType} 的${tier.name}规则 / no ${tier.name} rule of the pack covers med_type ${ctx.medType}`,
      });
    }
    return zero(traces, tier, 'no-rule', base);
  }
  if (rule.status === 'not_issued') return zero(traces, tier, 'not-issued', base, rule);
  if (rule.status === 'case_by_case') return zero(traces, tier, 'case-by-case', base, rule);
  if (base === 0) return zero(traces, tier, 'no-base', base, rule);
  if (!rule.deductible.ok) return needsLocal(packId, rule.deductible);
  // Below a stated deductible the payment is 0 whatever the [local] ratios and caps: no refusal.
  const cumBefore = rule.deductibleBasis === 'year' ? ((slots[rule.pool * 2] ?? 0) as Fen) : (0 as Fen);
  if (cumBefore + base <= rule.deductible.value) {
    const paidBefore = (slots[rule.pool * 2 + 1] ?? 0) as Fen;
    slots[rule.pool * 2] = (slots[rule.pool * 2] ?? 0) + base;
    return emit(traces, tier, 'below-deductible', rule, base, cumBefore, rule.deductible.value, NO_BANDS, 0 as Fen, undefined, paidBefore, undefined, 0 as Fen);
  }
  if (!rule.annualCap.ok) return needsLocal(packId, rule.annualCap);
  const bands = bandsFor(rule, ctx, packId);
  if ('code' in bands) return bands;
  for (const s of rule.subLimits) if (s.codes.has(ctx.medType) && !s.limit.ok) return needsLocal(packId, s.limit);
  return pay(traces, tier, rule, base, rule.deductible.value, bands, rule.annualCap.value, ctx.medType, slots);
}

// The hot path: positional values rather than an options object allocated per tier.
function pay(traces: TraceSink, tier: CompiledTier, rule: CompiledRule, base: Fen, deductible: Fen, bands: readonly Band[], cap: Cap, medType: string, slots: number[]): Fen {
  const pool = rule.pool;
  const cumBaseBefore = (slots[pool * 2] ?? 0) as Fen;
  const paidBefore = (slots[pool * 2 + 1] ?? 0) as Fen;
  const raw = (rule.deductibleBasis === 'settlement'
    ? cumulative(base, deductible, bands)
    : cumulative((cumBaseBefore + base) as Fen, deductible, bands) - cumulative(cumBaseBefore, deductible, bands)) as Fen;
  let paid = raw;
  // base > 0 and above the deductible here (settleTier returned earlier otherwise)
  let reason: TierReason = 'paid';
  if (cap !== 'none' && paid > cap - paidBefore) {
    paid = Math.max(0, cap - paidBefore) as Fen;
    reason = 'cap-reached';
  }
  let subLimit: TierTrace['subLimit'];
  for (const s of rule.subLimits) {
    if (!s.codes.has(medType) || !s.limit.ok) continue;
    const subBefore = (slots[s.slot * 2 + 1] ?? 0) as Fen;
    subLimit = { limit: s.limit.value, paidBefore: subBefore };
    if (paid > s.limit.value - subBefore) {
      paid = Math.max(0, s.limit.value - subBefore) as Fen;
      reason = 'sub-limit-reached';
    }
  }
  for (const s of rule.subLimits) if (s.codes.has(medType)) slots[s.slot * 2 + 1] = (slots[s.slot * 2 + 1] ?? 0) + paid;
  slots[pool * 2] = cumBaseBefore + base;
  slots[pool * 2 + 1] = paidBefore + paid;
  return emit(traces, tier, reason, rule, base, cumBaseBefore, deductible, bands, raw, cap, paidBefore, subLimit, paid);
}
