import type { Fen } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';
import type { Category } from '../people/category.js';
import type { IsoDate } from '../time/date.js';
import type { Citation } from './citation.js';
import type { Param } from './pack.js';

/**
 * Enrollment subsidies (资助参保, POLICY-SPEC §2) as a pack states them. An enrollment is of an
 * item: `resident` — the personal contribution to resident medical insurance — or a product the
 * pack names (commercial supplementary insurance, a family-doctor contract fee).
 */
export interface SubsidyRule {
  readonly id: string;
  readonly title: string;
  readonly key: string;
  readonly cite: Citation;
  /** `resident` or a product id of the pack. */
  readonly item: string;
  /** Held on the payment date: any one of these … */
  readonly categories?: Param<readonly Category[]> | undefined;
  /** … and every one of these (e.g. 低收入家庭成员 and 重病患者: 003 §一(一)). */
  readonly requires?: Param<readonly Category[]> | undefined;
  readonly insuredTiers?: Param<readonly number[]> | undefined;
  /** Age in whole years on the payment date, from the ID number: min ≤ age ≤ max. */
  readonly ageMin?: Param<number> | undefined;
  readonly ageMax?: Param<number> | undefined;
  /** Rural household registration (农村户籍) required. */
  readonly rural?: Param<boolean> | undefined;
  readonly disabilityMaxGrade?: Param<number> | undefined;
  readonly from?: Param<IsoDate> | undefined;
  readonly until?: Param<IsoDate> | undefined;
  /** A share of the base … */
  readonly share?: Param<BasisPoints> | undefined;
  /** … or a fixed amount (定额), never more than the contribution due. */
  readonly fixed?: Param<Fen> | undefined;
  /** `due`: the contribution due for what was bought; `tier1`: the tier-1 standard (SUB-CQ-2). */
  readonly base: 'due' | 'tier1';
  /** Key of the pack's `funds:` that pays it. */
  readonly fund: string;
}

export interface Contribution {
  readonly year: number;
  readonly tier: number;
  readonly amount: Param<Fen>;
}

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** The personal premium or fee when the enrollment row does not give it. */
  readonly price: Param<Fen>;
}

/** The collection period (集中参保期) of an enrollment year. */
export interface CollectionPeriod {
  readonly year: number;
  readonly from: Param<IsoDate>;
  readonly to: Param<IsoDate>;
}

export interface Subsidies {
  readonly key: string;
  readonly collectionPeriods: readonly CollectionPeriod[];
  /** Categories whose employed members are guided to employee insurance (SUB-CQ-7): the ledger lists them. */
  readonly employeeInsuranceGuidance?: Param<readonly Category[]> | undefined;
  /** Categories with no waiting period when they enroll in the collection period (SUB-CQ-6). */
  readonly noWaitingPeriod?: Param<readonly Category[]> | undefined;
  readonly funds: Readonly<Record<string, Param<string>>>;
  readonly contributions: readonly Contribution[];
  readonly products: readonly Product[];
  readonly rules: readonly SubsidyRule[];
}
