import type { Fen } from '../money/fen.js';
import { applyRatio } from '../money/ratio.js';
import type { BasisPoints } from '../money/ratio.js';
import { FULL } from '../money/ratio.js';
import type { Category } from '../people/category.js';
import { maskOf } from '../people/category.js';
import type { HoldingRules } from '../people/identity.js';
import type { IsoDate } from '../time/date.js';
import type { Citation } from './citation.js';
import type { Band, Cap, Pack, Param, Rule, RuleStatus, Tier, TierName } from './pack.js';
import { TIER_NAMES } from './pack.js';

/**
 * A value the engine can use, with the citations it stands on, or the [local] value it lacks.
 * Missing values are not errors here: only a settlement that needs one is refused.
 */
export type Resolved<T> =
  | { readonly ok: true; readonly value: T; readonly cites: readonly Citation[] }
  | { readonly ok: false; readonly key: string; readonly note: string };

export interface CompiledSubLimit {
  readonly codes: ReadonlySet<string>;
  readonly limit: Resolved<Fen>;
  /** Index of its accumulator in the person-year state. */
  readonly slot: number;
}

export interface CompiledRule {
  readonly id: string;
  readonly title: string;
  readonly cite: Citation;
  readonly status: RuleStatus;
  /** 0 = anyone. */
  readonly categoryMask: number;
  readonly disabilityMaxGrade: number | undefined;
  readonly insuredTiers: readonly number[] | undefined;
  readonly hospLevels: readonly number[] | undefined;
  readonly medTypes: ReadonlySet<string> | undefined;
  /** A condition the bureau has not set: a settlement reaching this rule cannot be decided. */
  readonly localCondition: { readonly key: string; readonly note: string } | undefined;
  readonly from: IsoDate | undefined;
  readonly until: IsoDate | undefined;
  readonly deductible: Resolved<Fen>;
  readonly deductibleBasis: 'year' | 'settlement';
  /** Bands from the deductible up; a flat ratio is one open band. */
  readonly schedule: Resolved<readonly Band[]> | { readonly ok: 'by-level'; readonly byLevel: Resolved<Readonly<Record<string, BasisPoints>>>; readonly add: BasisPoints; readonly key: string };
  readonly annualCap: Resolved<Cap>;
  readonly subLimits: readonly CompiledSubLimit[];
  /** Index of the pool (cumulative base, cumulative paid) in the person-year state. */
  readonly pool: number;
}

export interface CompiledTier {
  readonly name: TierName;
  readonly scope: ReadonlySet<string> | undefined;
  /** Set when the scope itself (or a med_type group it names) is [local]. */
  readonly scopeLocal: { readonly key: string; readonly note: string } | undefined;
  readonly scopeCites: readonly Citation[];
  readonly otherwise: Citation | undefined;
  readonly local: string | undefined;
  readonly rules: readonly CompiledRule[];
  /** Pool used when the tier is given and no rule applies. */
  readonly defaultPool: number;
}

export interface CompiledPack {
  readonly pack: Pack;
  readonly from: IsoDate;
  readonly to: IsoDate | undefined;
  readonly hospitalLevels: Readonly<Record<string, number>>;
  readonly holding: HoldingRules;
  readonly tiers: readonly CompiledTier[];
  /** The same four tiers by name, for the settlement's hot path. */
  readonly tierByName: { readonly basic: CompiledTier; readonly criticalIllness: CompiledTier; readonly assistance: CompiledTier; readonly reAssistance: CompiledTier };
}

/** Pool and sub-limit names shared by every version of a region, so a year can span versions. */
export class SlotNames {
  private readonly names = new Map<string, number>();
  slot(name: string): number {
    let i = this.names.get(name);
    if (i === undefined) {
      i = this.names.size;
      this.names.set(name, i);
    }
    return i;
  }
  get size(): number {
    return this.names.size;
  }
  /** The names by slot: pools ('tier:pool') and sub-limits ('pool:sub:med_types'). */
  list(): string[] {
    return [...this.names.keys()];
  }
}

function resolve<T>(p: Param<T> | undefined, missingKey: string, missingNote: string): Resolved<T> {
  if (p === undefined) return { ok: false, key: missingKey, note: missingNote };
  if (p.kind === 'local') return { ok: false, key: p.key, note: p.note };
  return { ok: true, value: p.value, cites: [p.cite] };
}

function setValue<T>(p: Param<T> | undefined): T | undefined {
  return p?.kind === 'set' ? p.value : undefined;
}

function mapResolved<A, B>(r: Resolved<A>, f: (a: A) => B, extra: readonly Citation[] = []): Resolved<B> {
  return r.ok ? { ok: true, value: f(r.value), cites: [...r.cites, ...extra] } : r;
}

function addRatio(r: BasisPoints, add: BasisPoints): BasisPoints {
  return Math.min(FULL, r + add) as BasisPoints;
}

/** A [local] condition or med_type group a rule or scope depends on, if any. */
function localIn(pack: Pack, params: readonly (Param<unknown> | undefined)[], groups: readonly string[]): { key: string; note: string } | undefined {
  for (const p of params) if (p?.kind === 'local') return { key: p.key, note: p.note };
  for (const g of groups) {
    const group = pack.medTypeGroups[g];
    if (group?.kind === 'local') return { key: group.key, note: group.note };
  }
  return undefined;
}

function codesOf(pack: Pack, entries: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    const group = pack.medTypeGroups[e];
    if (group === undefined) out.add(e);
    else if (group.kind === 'set') for (const code of group.value) out.add(code);
  }
  return out;
}

function compileRule(pack: Pack, tier: Tier, rule: Rule, slots: SlotNames): CompiledRule {
  const parent = rule.inherits === undefined ? undefined : tier.rules.find((r) => r.id === rule.inherits);
  const base = parent === undefined ? undefined : compileRule(pack, tier, parent, slots);
  const poolName = `${tier.name}:${rule.pool ?? tier.name}`;
  const missing = `${rule.key}`;

  let deductible: Resolved<Fen>;
  if (rule.deductible !== undefined) deductible = resolve(rule.deductible, `${missing}.deductible`, '');
  else if (base !== undefined) {
    const factor = rule.deductibleFactor;
    if (factor === undefined) deductible = base.deductible;
    else if (factor.kind === 'local') deductible = resolve(factor, '', '');
    else deductible = mapResolved(base.deductible, (d) => applyRatio(d, factor.value), [factor.cite]);
  } else deductible = { ok: true, value: 0 as Fen, cites: [rule.cite] };

  const add = setValue(rule.ratioAdd) ?? (0 as BasisPoints);
  const addCites = rule.ratioAdd?.kind === 'set' ? [rule.ratioAdd.cite] : [];
  let schedule: CompiledRule['schedule'];
  if (rule.ratioAdd?.kind === 'local') schedule = { ok: false, key: rule.ratioAdd.key, note: rule.ratioAdd.note };
  else if (rule.ratioByHospLevel !== undefined) {
    schedule = { ok: 'by-level', byLevel: resolve(rule.ratioByHospLevel, '', ''), add, key: `${rule.key}.ratio_by_hosp_level` };
  } else if (rule.bands !== undefined) schedule = mapResolved(resolve(rule.bands, '', ''), (bs) => bs.map((b) => ({ upto: b.upto, ratio: addRatio(b.ratio, add) })), addCites);
  else if (rule.ratio !== undefined) schedule = mapResolved(resolve(rule.ratio, '', ''), (r) => [{ ratio: addRatio(r, add) }], addCites);
  else if (base !== undefined) {
    const inherited = base.schedule;
    schedule = inherited.ok === 'by-level'
      ? { ...inherited, add: addRatio(inherited.add, add) }
      : mapResolved(inherited, (bs) => bs.map((b) => ({ upto: b.upto, ratio: addRatio(b.ratio, add) })), addCites);
  } else schedule = { ok: false, key: `${rule.key}.ratio`, note: '规则未给出比例 / the rule gives no ratio' };

  const annualCap: Resolved<Cap> = rule.annualCap !== undefined
    ? resolve(rule.annualCap, '', '')
    : base?.annualCap ?? { ok: false, key: `${rule.key}.annual_cap`, note: '规则未给出年度限额 / the rule gives no annual cap' };

  return {
    id: rule.id,
    title: rule.title,
    cite: rule.cite,
    status: rule.status,
    categoryMask: maskOf(setValue(rule.categories) ?? ([] as Category[])),
    disabilityMaxGrade: setValue(rule.disabilityMaxGrade),
    insuredTiers: setValue(rule.insuredTiers),
    hospLevels: setValue(rule.hospLevels),
    medTypes: rule.medTypes?.kind === 'set' ? codesOf(pack, rule.medTypes.value) : undefined,
    localCondition: localIn(
      pack,
      [rule.categories, rule.disabilityMaxGrade, rule.insuredTiers, rule.hospLevels, rule.medTypes, rule.from, rule.until],
      rule.medTypes?.kind === 'set' ? rule.medTypes.value : [],
    ),
    from: setValue(rule.from),
    until: setValue(rule.until),
    deductible,
    deductibleBasis: rule.deductibleBasis,
    schedule,
    annualCap,
    subLimits: rule.subLimits.map((s) => ({
      codes: codesOf(pack, s.medTypes),
      limit: resolve(s.limit, '', ''),
      slot: slots.slot(`${poolName}:sub:${[...s.medTypes].sort().join('+')}`),
    })),
    pool: slots.slot(poolName),
  };
}

function compileTier(pack: Pack, tier: Tier, slots: SlotNames): CompiledTier {
  return {
    name: tier.name,
    scope: tier.scope?.kind === 'set' ? codesOf(pack, tier.scope.value) : undefined,
    scopeLocal: localIn(pack, [tier.scope], tier.scope?.kind === 'set' ? tier.scope.value : []),
    scopeCites: tier.scope?.kind === 'set' ? [tier.scope.cite] : [],
    otherwise: tier.otherwise,
    local: tier.local,
    rules: tier.rules.map((r) => compileRule(pack, tier, r, slots)),
    defaultPool: slots.slot(`${tier.name}:${tier.name}`),
  };
}

function holding(p: Pack['riskElimination']): HoldingRules['riskElimination'] {
  if (p === undefined || p.months.kind !== 'set' || p.categories.kind !== 'set') return undefined;
  return { months: p.months.value, mask: maskOf(p.categories.value) };
}

export function compilePack(pack: Pack, slots: SlotNames): CompiledPack {
  const tiers = TIER_NAMES.map((name) => compileTier(pack, pack.tiers[name], slots));
  const byName = (name: TierName): CompiledTier => {
    const t = tiers.find((x) => x.name === name);
    if (t === undefined) throw new Error(`tier ${name} missing`);
    return t;
  };
  return {
    pack,
    from: pack.effectiveFrom.kind === 'set' ? pack.effectiveFrom.value : ('9999-12-31' as IsoDate),
    to: setValue(pack.effectiveTo),
    hospitalLevels: setValue(pack.hospitalLevels) ?? {},
    holding: { riskElimination: holding(pack.riskElimination), retroactive: holding(pack.retroactive) },
    tiers,
    tierByName: { basic: byName('basic'), criticalIllness: byName('critical_illness'), assistance: byName('assistance'), reAssistance: byName('re_assistance') },
  };
}

/** Every version of a region, oldest first, sharing one slot layout. */
export interface Policy {
  readonly versions: readonly CompiledPack[];
  readonly slotCount: number;
  /** Each slot's name, by slot: what the store's accumulators call a pool. */
  readonly slotNames: readonly string[];
}

export function compilePolicy(packs: readonly Pack[]): Policy {
  const slots = new SlotNames();
  const versions = [...packs].map((p) => compilePack(p, slots)).sort((a, b) => (a.from < b.from ? -1 : 1));
  return { versions, slotCount: slots.size, slotNames: slots.list() };
}

/** The version in force on `day`, or undefined before the first one. */
export function versionAt(policy: Policy, day: IsoDate): CompiledPack | undefined {
  let found: CompiledPack | undefined;
  for (const v of policy.versions) {
    if (v.from <= day && (v.to === undefined || day <= v.to)) found = v;
  }
  return found;
}
