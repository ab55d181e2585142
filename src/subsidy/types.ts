import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import type { SubsidyRule } from '../policy/subsidy-pack.js';
import type { IsoDate } from '../time/date.js';

/** One enrollment (参保缴费) of a person for a year: resident insurance, or a product the pack names. */
export interface Enrollment {
  readonly psnNo: string;
  /** The enrollment year (参保年度). */
  readonly year: number;
  /** 参保档次 (一档 1 / 二档 2). */
  readonly tier: number;
  /** The day the contribution was paid: the identity held that day decides (ID-2). */
  readonly paidDate: IsoDate;
  /** The personal contribution or price due; the pack's standard when absent. */
  readonly due?: Fen | undefined;
  /** A product id or name of the pack; absent = resident medical insurance. */
  readonly product?: string | undefined;
}

export interface SubsidyPerson {
  readonly psnNo: string;
  readonly identities: readonly IdentitySpan[];
  /** Normalised, valid 公民身份号码, for the age on the payment date. */
  readonly certno?: string | undefined;
  /** 农村户籍 */
  readonly rural?: boolean | undefined;
}

/** One line of the subsidy run: what is due, who pays how much, from which fund, under which rule. */
export interface SubsidyLine {
  readonly psnNo: string;
  readonly year: number;
  /** `resident` or the product id. */
  readonly item: string;
  readonly itemName: string;
  /** The identity the subsidy follows (the highest-ranked held on the payment date that the rule names). */
  readonly identity: Category | undefined;
  readonly due: Fen;
  readonly subsidy: Fen;
  readonly personPays: Fen;
  /** Key of the paying fund, and its name; undefined when nothing is subsidised. */
  readonly fund: string | undefined;
  readonly fundName: string | undefined;
  readonly rule: SubsidyRule | undefined;
  /** The amount the share applies to (the tier-1 standard under SUB-CQ-2). */
  readonly base: Fen;
  readonly packId: string;
  readonly packVersion: string;
  /**
   * SUB-CQ-6: `none` when the person holds a category without a waiting period and paid in the
   * year's collection period; `standard` when the general rules apply; `unknown` when the
   * collection period is [local] and unset; undefined where the pack says nothing of it.
   */
  readonly waitingPeriod: 'none' | 'standard' | 'unknown' | undefined;
  /** The pack carries illustrative values: never present the line as official. */
  readonly illustrative: boolean;
}

export type SubsidyProblem =
  | { readonly code: 'before-pack'; readonly pack: string }
  | { readonly code: 'no-subsidies'; readonly pack: string }
  | { readonly code: 'unknown-product'; readonly product: string; readonly pack: string }
  | { readonly code: 'needs-local'; readonly pack: string; readonly key: string; readonly note: string }
  | { readonly code: 'needs-field'; readonly field: string; readonly rule: string };

export type SubsidyOutcome = { readonly ok: true; readonly line: SubsidyLine } | { readonly ok: false; readonly problem: SubsidyProblem };
