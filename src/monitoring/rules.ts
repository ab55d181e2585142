import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import { CATEGORIES, categoryBit, maskOf } from '../people/category.js';
import type { Citation } from '../policy/citation.js';
import type { CompiledPack } from '../policy/compile.js';
import type { Comparison, Department, Measure, MonitoringKind, MonitoringRule } from '../policy/monitoring-pack.js';
import type { Param } from '../policy/pack.js';

/** A [local] value a rule needs and the pack does not set: the rule cannot be evaluated. */
export interface Unset {
  readonly key: string;
  readonly note: string;
}

/** A monitoring rule ready to evaluate, or naming the [local] value that keeps it from it. */
export interface CompiledMonitoringRule {
  readonly id: string;
  readonly title: string;
  readonly cite: Citation;
  readonly kind: MonitoringKind;
  /** Holds any of these (0 = no such condition). */
  readonly mask: number;
  /** Holds none of these (0 = no such condition). */
  readonly notMask: number;
  readonly measure: Measure | undefined;
  /** The threshold in fen, the factor applied (2 × 监测标准). */
  readonly threshold: Fen | undefined;
  readonly comparison: Comparison | undefined;
  /** Undefined when the pack leaves it [local] or does not say. */
  readonly pushTo: readonly Department[] | undefined;
  readonly process: string | undefined;
  /** The clauses the measure, threshold and comparison stand on. */
  readonly cites: readonly Citation[];
  /** Set when a value the rule needs is [local]: the rule is reported, never silently skipped. */
  readonly unset: Unset | undefined;
}

function value<T>(p: Param<T> | undefined): T | undefined {
  return p?.kind === 'set' ? p.value : undefined;
}

/** The first [local] value among those the rule needs to be evaluated. */
function firstUnset(params: readonly (Param<unknown> | undefined)[]): Unset | undefined {
  for (const p of params) if (p?.kind === 'local') return { key: p.key, note: p.note };
  return undefined;
}

export function compileMonitoringRule(r: MonitoringRule): CompiledMonitoringRule {
  const base = value(r.threshold);
  const factor = value(r.factor) ?? 1;
  const needed = r.kind === 'alert' ? [r.categories, r.notCategories, r.measure, r.threshold, r.factor, r.comparison] : [r.categories, r.notCategories];
  const cites: Citation[] = [];
  for (const p of [r.measure, r.threshold, r.factor, r.comparison]) if (p?.kind === 'set') cites.push(p.cite);
  return {
    id: r.id,
    title: r.title,
    cite: r.cite,
    kind: r.kind,
    mask: maskOf(value(r.categories) ?? []),
    notMask: maskOf(value(r.notCategories) ?? []),
    measure: value(r.measure),
    threshold: base === undefined ? undefined : ((base * factor) as Fen),
    comparison: value(r.comparison),
    pushTo: value(r.pushTo),
    process: value(r.process),
    cites,
    unset: firstUnset(needed),
  };
}

/** The monitoring rules of one pack version, in the pack's order. */
export function monitoringRules(version: CompiledPack): readonly CompiledMonitoringRule[] {
  return (version.pack.monitoring?.rules ?? []).map(compileMonitoringRule);
}

/** Does a person holding `mask` belong to the rule's population? */
export function inPopulation(rule: CompiledMonitoringRule, mask: number): boolean {
  return (rule.mask === 0 || (rule.mask & mask) !== 0) && (rule.notMask & mask) === 0;
}

/** 以上 / 及以上 / 达到 include the number (>=); 超过 does not (>). */
export function meets(amount: number, threshold: number, comparison: Comparison): boolean {
  return comparison === '>=' ? amount >= threshold : amount > threshold;
}

/**
 * The category an alert names: the highest-ranked (ID-1, the pack's identity_ranking) of those
 * held that the rule looks at — all held ones when the rule names none. Undefined when none.
 */
export function categoryOf(mask: number, rule: CompiledMonitoringRule, version: CompiledPack): Category | undefined {
  const relevant = rule.mask === 0 ? mask : mask & rule.mask;
  if (relevant === 0) return undefined;
  const ranking = value(version.pack.identityRanking) ?? [];
  for (const tie of ranking) for (const c of tie) if ((relevant & categoryBit(c)) !== 0) return c;
  return CATEGORIES.find((c) => (relevant & categoryBit(c)) !== 0);
}
