import type { Fen } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';
import type { Category } from '../people/category.js';
import type { IsoDate } from '../time/date.js';
import type { Cases } from './cases-pack.js';
import type { Citation, PackDocument } from './citation.js';
import type { Monitoring } from './monitoring-pack.js';
import type { Subsidies } from './subsidy-pack.js';

/**
 * A parameter as a pack states it: a value with the clause that gives it, or an explicit
 * [local] marker — a value the document leaves to the bureau, which the engine refuses to
 * guess. `key` is the YAML path, for messages.
 */
export type Param<T> = SetParam<T> | LocalParam;

export interface SetParam<T> {
  readonly kind: 'set';
  readonly key: string;
  readonly value: T;
  readonly cite: Citation;
  readonly interpretation?: string | undefined;
}

export interface LocalParam {
  readonly kind: 'local';
  readonly key: string;
  /** What the bureau must set and on what authority (e.g. 市级医疗救助政策). */
  readonly note: string;
}

/** A band of a cumulative schedule; bands start at the deductible, `upto` is absolute. */
export interface Band {
  readonly upto?: Fen | undefined;
  readonly ratio: BasisPoints;
}

export type Cap = Fen | 'none';

export type TierName = 'basic' | 'critical_illness' | 'assistance' | 're_assistance';
export const TIER_NAMES: readonly TierName[] = ['basic', 'critical_illness', 'assistance', 're_assistance'];

/** active: computed; not_issued: the document says rules will follow; case_by_case: decided by a case. */
export type RuleStatus = 'active' | 'not_issued' | 'case_by_case';

export interface SubLimit {
  readonly medTypes: readonly string[];
  readonly limit: Param<Fen>;
}

export interface Rule {
  readonly id: string;
  readonly title: string;
  readonly key: string;
  readonly cite: Citation;
  readonly status: RuleStatus;
  readonly categories?: Param<readonly Category[]> | undefined;
  readonly disabilityMaxGrade?: Param<number> | undefined;
  readonly insuredTiers?: Param<readonly number[]> | undefined;
  readonly hospLevels?: Param<readonly number[]> | undefined;
  readonly medTypes?: Param<readonly string[]> | undefined;
  readonly from?: Param<IsoDate> | undefined;
  readonly until?: Param<IsoDate> | undefined;
  /** Another rule of the same tier whose deductible, bands and cap this one starts from. */
  readonly inherits?: string | undefined;
  readonly deductible?: Param<Fen> | undefined;
  readonly deductibleFactor?: Param<BasisPoints> | undefined;
  readonly deductibleBasis: 'year' | 'settlement';
  readonly ratio?: Param<BasisPoints> | undefined;
  readonly ratioByHospLevel?: Param<Readonly<Record<string, BasisPoints>>> | undefined;
  readonly bands?: Param<readonly Band[]> | undefined;
  readonly ratioAdd?: Param<BasisPoints> | undefined;
  readonly annualCap?: Param<Cap> | undefined;
  readonly subLimits: readonly SubLimit[];
  /** Accumulator shared with the other rules naming the same pool (default: the tier). */
  readonly pool?: string | undefined;
}

export interface Tier {
  readonly name: TierName;
  readonly key: string;
  /** med_type codes (or group names) the tier covers; absent = every settlement. */
  readonly scope?: Param<readonly string[]> | undefined;
  /** Why the tier pays nothing when no rule matches (e.g. 上述范围以外的其他人员，不享受医疗救助政策). */
  readonly otherwise?: Citation | undefined;
  /** Set when the document leaves the whole tier to the bureau: the tier must then be given. */
  readonly local?: string | undefined;
  readonly rules: readonly Rule[];
}

export interface HoldingParam {
  readonly months: Param<number>;
  readonly categories: Param<readonly Category[]>;
}

export interface Pack {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  /** The pack files read, base first. */
  readonly files: readonly string[];
  readonly region: { readonly admdvs: string; readonly name: string };
  readonly effectiveFrom: Param<IsoDate>;
  readonly effectiveTo?: Param<IsoDate> | undefined;
  readonly documents: Readonly<Record<string, PackDocument>>;
  /** True when any value cites an illustrative document: never present such results as official. */
  readonly illustrative: boolean;
  readonly identityRanking: Param<readonly (readonly Category[])[]>;
  readonly medTypeGroups: Readonly<Record<string, Param<readonly string[]>>>;
  readonly hospitalLevels?: Param<Readonly<Record<string, number>>> | undefined;
  readonly riskElimination?: HoldingParam | undefined;
  readonly retroactive?: HoldingParam | undefined;
  readonly tiers: Readonly<Record<TierName, Tier>>;
  /** Enrollment subsidies (资助参保), where the pack's documents state them. */
  readonly subsidies?: Subsidies | undefined;
  /** Monitoring and early-warning rules (防范因病返贫致贫监测预警), where the documents state them. */
  readonly monitoring?: Monitoring | undefined;
  /** Cases (一事一议, 依申请救助, 一件事) and the rectification ledger, where the documents name them. */
  readonly cases?: Cases | undefined;
}
