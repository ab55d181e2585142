import type { IsoDate } from '../time/date.js';
import { addMonths } from '../time/date.js';
import type { Category } from './category.js';
import { categoryBit } from './category.js';

/** One dated identity (身份) from a department's list. */
export interface IdentitySpan {
  readonly category: Category;
  readonly begin: IsoDate;
  /** Last day held (inclusive); undefined = open. */
  readonly end?: IsoDate | undefined;
  /** Grade where the category has one (残疾等级 1–4, 1 the most severe). */
  readonly level?: number | undefined;
  /** 标注风险消除: the date a monitoring object was marked risk-eliminated (ID-3). */
  readonly riskEliminated?: IsoDate | undefined;
  /** Recognised because of illness-driven expenditure (因病认定), which ID-4 makes retroactive. */
  readonly illnessRecognised?: boolean | undefined;
}

/** Pack parameters that stretch how long an identity counts; plain values so people ← policy. */
export interface HoldingRules {
  /** ID-3: categories kept `months` after the risk-elimination mark. */
  readonly riskElimination?: { readonly months: number; readonly mask: number } | undefined;
  /** ID-4: categories whose illness-driven recognition reaches `months` back, for assistance only. */
  readonly retroactive?: { readonly months: number; readonly mask: number } | undefined;
}

/** What a person holds on one day, as category bit masks. */
export interface Holding {
  /** Categories held on the day (with ID-3's twelve months after risk elimination). */
  readonly mask: number;
  /** `mask` plus categories that ID-4 makes count on the day for medical assistance. */
  readonly assistanceMask: number;
  /** The most severe disability grade held (1 = most severe), 0 when none. */
  readonly disabilityGrade: number;
}

export const NO_HOLDING: Holding = { mask: 0, assistanceMask: 0, disabilityGrade: 0 };

function lastDay(span: IdentitySpan, rules: HoldingRules): IsoDate | undefined {
  const re = rules.riskElimination;
  if (span.riskEliminated !== undefined && re !== undefined && (re.mask & categoryBit(span.category)) !== 0) {
    // 标注风险消除后12个月内继续落实: held through the day before the twelve months run out
    const kept = addMonths(span.riskEliminated, re.months);
    const dayBefore = previousDay(kept);
    return span.end === undefined || span.end < dayBefore ? dayBefore : span.end;
  }
  return span.end;
}

/** What `spans` give on `day` under the pack's holding rules. */
export function holdingAt(spans: readonly IdentitySpan[], day: IsoDate, rules: HoldingRules): Holding {
  let mask = 0;
  let assistanceMask = 0;
  let grade = 0;
  for (const span of spans) {
    const bit = categoryBit(span.category);
    const end = lastDay(span, rules);
    if (end !== undefined && day > end) continue;
    if (day >= span.begin) {
      mask |= bit;
      assistanceMask |= bit;
      if (span.category === 'disabled' && span.level !== undefined && (grade === 0 || span.level < grade)) grade = span.level;
      continue;
    }
    const retro = rules.retroactive;
    if (span.illnessRecognised === true && retro !== undefined && (retro.mask & bit) !== 0) {
      if (day >= addMonths(span.begin, -retro.months)) assistanceMask |= bit;
    }
  }
  if (mask === 0 && assistanceMask === 0) return NO_HOLDING;
  return { mask, assistanceMask, disabilityGrade: grade };
}

function previousDay(date: IsoDate): IsoDate {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10) as IsoDate;
}
