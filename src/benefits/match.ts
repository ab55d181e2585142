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

/** Why a rule could apply but cannot be decided: a missing input field or an unset [local] condition. */
export type Undecided =
  | { readonly undecided: 'field'; readonly field: string; readonly rule: string }
  | { readonly undecided: 'local'; readonly key: string; readonly note: string };

/** false when a stated condition excludes the settlement; otherwise what keeps it from matching, if anything. */
function test(rule: CompiledRule, ctx: MatchContext): boolean | Undecided {
  if (rule.categoryMask !== 0 && (rule.categoryMask & ctx.mask) === 0) return false;
  if (rule.disabilityMaxGrade !== undefined && (ctx.disabilityGrade === 0 || ctx.disabilityGrade > rule.disabilityMaxGrade)) return false;
  if (rule.medTypes !== undefined && !rule.medTypes.has(ctx.medType)) return false;
  if (rule.from !== undefined && ctx.day < rule.from) return false;
  if (rule.until !== undefined && ctx.day > rule.until) return false;
  if (rule.insuredTiers !== undefined) {
    if (ctx.insuredTier === undefined) return { undecided: 'field', field: 'insu_tier', rule: rule.id };
    if (!rule.insuredTiers.includes(ctx.insuredTier)) return false;
  }
  if (rule.hospLevels !== undefined) {
    if (ctx.hospLevel === undefined) return { undecided: 'field', field: 'hosp_lv', rule: rule.id };
    if (!rule.hospLevels.includes(ctx.hospLevel)) return false;
  }
  if (rule.localCondition !== undefined) return { undecided: 'local', ...rule.localCondition };
  return true;
}

/**
 * The first rule of the tier that applies (ID-1 就高: a pack lists each tier's rules from the
 * most to the least favourable, so a person holding several identities gets the best one). A rule
 * that could apply but depends on a missing field or an unset [local] condition stops the search:
 * skipping it could hand the person a less favourable rule.
 */
export function ruleFor(tier: CompiledTier, ctx: MatchContext): CompiledRule | Undecided | undefined {
  for (const rule of tier.rules) {
    const t = test(rule, ctx);
    if (t === true) return rule;
    if (t !== false) return t;
  }
  return undefined;
}

export function inScope(tier: CompiledTier, medType: string): boolean {
  return tier.scope === undefined || tier.scope.has(medType);
}
