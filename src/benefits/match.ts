import type { CompiledRule, CompiledTier } from '../policy/compile.js';
import type { IsoDate } from '../time/date.js';

/** The facts of one settlement that decide which rule of a tier applies. */
export interface MatchContext {
  readonly day: IsoDate;
  readonly medType: string;
  /** Category mask held on the day (the assistance mask for assistance tiers). */
  readonly mask: number;
  readonly disabilityGrade: number;
  readonly hospLevel: number | undefined;
  readonly insuredTier: number | undefined;
}

function matches(rule: CompiledRule, ctx: MatchContext): boolean {
  if (rule.categoryMask !== 0 && (rule.categoryMask & ctx.mask) === 0) return false;
  if (rule.disabilityMaxGrade !== undefined && (ctx.disabilityGrade === 0 || ctx.disabilityGrade > rule.disabilityMaxGrade)) return false;
  if (rule.insuredTiers !== undefined && (ctx.insuredTier === undefined || !rule.insuredTiers.includes(ctx.insuredTier))) return false;
  if (rule.hospLevels !== undefined && (ctx.hospLevel === undefined || !rule.hospLevels.includes(ctx.hospLevel))) return false;
  if (rule.medTypes !== undefined && !rule.medTypes.has(ctx.medType)) return false;
  if (rule.from !== undefined && ctx.day < rule.from) return false;
  if (rule.until !== undefined && ctx.day > rule.until) return false;
  return true;
}

/**
 * The first rule of the tier that applies (ID-1 就高: a pack lists each tier's rules from the
 * most to the least favourable, so a person holding several identities gets the best one).
 */
export function ruleFor(tier: CompiledTier, ctx: MatchContext): CompiledRule | undefined {
  for (const rule of tier.rules) if (matches(rule, ctx)) return rule;
  return undefined;
}

export function inScope(tier: CompiledTier, medType: string): boolean {
  return tier.scope === undefined || tier.scope.has(medType);
}
