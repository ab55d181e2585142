import type { Fen } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';
import type { IdentitySpan } from '../people/identity.js';
import type { Citation } from '../policy/citation.js';
import type { CompiledRule } from '../policy/compile.js';
import type { Cap, TierName } from '../policy/pack.js';
import type { IsoDateTime } from '../time/date.js';

/** One settlement (结算) as the engine sees it: amounts in fen, validated at the boundary. */
export interface Settlement {
  readonly setlId: string;
  readonly psnNo: string;
  readonly medType: string;
  readonly setlTime: IsoDateTime;
  readonly hospLv?: string | undefined;
  /** medfee_sumamt */
  readonly total: Fen;
  /** inscp_scp_amt: the base of every tier. */
  readonly policyScope: Fen;
  /** hifp_pay when the national platform already computed basic insurance. */
  readonly basicGiven?: Fen | undefined;
  /** hifmi_pay when the insurer already computed critical illness. */
  readonly criticalIllnessGiven?: Fen | undefined;
  /**
   * maf_pay when the settlement was already settled in full (the national platform's extract):
   * medical assistance and re-assistance together, taken as given. Only `screen` reads it, and
   * only beside given hifp_pay and hifmi_pay; the file does not split it, so it is booked to the
   * assistance tier and re-assistance is given as 0.
   */
  readonly assistanceGiven?: Fen | undefined;
}

/** What the engine needs to know of a person besides their settlements. */
export interface PersonFacts {
  readonly psnNo: string;
  readonly identities: readonly IdentitySpan[];
  /** 参保档次 (一档 / 二档) where the region has tiers of contribution. */
  readonly insuredTier?: number | undefined;
}

/** Why a tier paid what it paid: stable codes the explanation prints. */
export type TierReason =
  | 'paid'
  | 'given'
  | 'out-of-scope'
  | 'no-rule'
  | 'not-issued'
  | 'case-by-case'
  | 'below-deductible'
  | 'cap-reached'
  | 'sub-limit-reached'
  | 'no-base';

/** The explanation of one tier of one settlement: everything needed to redo the arithmetic. */
export interface TierTrace {
  readonly tier: TierName;
  readonly reason: TierReason;
  readonly rule?: CompiledRule | undefined;
  /** The clause that says who the tier does not cover, when no rule applied. */
  readonly otherwise?: Citation | undefined;
  /** This settlement's base for the tier (policy-scope money left after the tiers before it). */
  readonly base: Fen;
  /** The year's cumulative base before this settlement (year-basis rules). */
  readonly cumBaseBefore: Fen;
  readonly deductible: Fen;
  /** The bands applied, ratios after any tilt; a flat ratio is one band. */
  readonly bands: readonly { readonly upto?: Fen | undefined; readonly ratio: BasisPoints }[];
  /** What the schedule gives before caps. */
  readonly raw: Fen;
  readonly cap: Cap | undefined;
  /** Paid in the pool this year before this settlement. */
  readonly paidBefore: Fen;
  readonly subLimit?: { readonly limit: Fen; readonly paidBefore: Fen } | undefined;
  readonly paid: Fen;
}

export interface SettlementResult {
  readonly setlId: string;
  readonly psnNo: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly illustrative: boolean;
  readonly total: Fen;
  readonly policyScope: Fen;
  /** hifp_pay */
  readonly basic: Fen;
  /** hifmi_pay */
  readonly criticalIllness: Fen;
  /** The part of maf_pay paid as medical assistance (610100). */
  readonly assistance: Fen;
  /** The part of maf_pay paid as re-assistance (610102). */
  readonly reAssistance: Fen;
  /** hifp + hifmi + maf */
  readonly fundTotal: Fen;
  /** psn_part_amt = total − fundTotal */
  readonly personal: Fen;
  /** Policy-scope money the person still bears: inscp − fundTotal. */
  readonly policyScopePersonal: Fen;
  readonly traces: readonly TierTrace[];
}

/** Why a settlement cannot be settled: expected outcomes with stable codes and their context. */
export type SettleProblem =
  | { readonly code: 'before-pack'; readonly pack: string; readonly from: string }
  | { readonly code: 'needs-local'; readonly pack: string; readonly key: string; readonly note: string }
  | { readonly code: 'needs-field'; readonly field: string; readonly rule: string }
  | { readonly code: 'given-above-base'; readonly tier: TierName; readonly given: Fen; readonly base: Fen };

export type SettleOutcome =
  | { readonly ok: true; readonly result: SettlementResult; readonly state: YearState }
  | { readonly ok: false; readonly problem: SettleProblem };

/**
 * A person-year's accumulators: for each pool its cumulative base and cumulative paid, then the
 * sub-limits' cumulative paid, in the slots the policy laid out. Immutable: settling returns a
 * new state.
 */
export interface YearState {
  readonly year: number;
  readonly slots: readonly number[];
}
