import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { Citation } from './citation.js';
import type { Param } from './pack.js';

/**
 * The burden a monitoring rule compares with its threshold, summed over a person's settled
 * settlements of a calendar year (setl_time), after every tier — basic, critical illness,
 * medical assistance and re-assistance (maf_pay = both) — given or computed:
 *  - `personal` 个人负担总金额: Σ psn_part_amt = medfee_sumamt − hifp_pay − hifmi_pay − maf_pay;
 *    includes 全自费, 超限价自费 and 先行自付 money;
 *  - `policy_scope_personal` 政策范围内个人负担: Σ inscp_scp_amt − hifp_pay − hifmi_pay − maf_pay;
 *  - `total` 医疗费用总额: Σ medfee_sumamt, before any tier.
 */
export type Measure = 'personal' | 'policy_scope_personal' | 'total';
export const MEASURES: readonly Measure[] = ['personal', 'policy_scope_personal', 'total'];

/** `>=` for 以上 / 及以上 / 达到 (the number itself included); `>` for 超过. */
export type Comparison = '>=' | '>';
export const COMPARISONS: readonly Comparison[] = ['>=', '>'];

/** Who an alert is pushed to (推送): the departments the documents name. */
export type Department = 'rural_revitalisation' | 'civil_affairs' | 'township' | 'finance';
export const DEPARTMENTS: readonly Department[] = ['rural_revitalisation', 'civil_affairs', 'township', 'finance'];

/**
 * `alert`: raises an alert for a person-year whose measure meets the threshold; `breakdown`: no
 * threshold — the person-years of the population are followed with their costs split by tier
 * (越城 §二(二)5 动态监测).
 */
export type MonitoringKind = 'alert' | 'breakdown';

export interface MonitoringRule {
  readonly id: string;
  readonly title: string;
  readonly key: string;
  readonly cite: Citation;
  readonly kind: MonitoringKind;
  /** The person holds any of these at the time; absent = no such condition. */
  readonly categories?: Param<readonly Category[]> | undefined;
  /** The person holds none of these at the time (e.g. everyone outside the low-income groups). */
  readonly notCategories?: Param<readonly Category[]> | undefined;
  readonly measure?: Param<Measure> | undefined;
  /** The amount (or, with `factor`, the standard it multiplies). */
  readonly threshold?: Param<Fen> | undefined;
  /** 2倍: the threshold is `factor` × `threshold`. */
  readonly factor?: Param<number> | undefined;
  readonly comparison?: Param<Comparison> | undefined;
  readonly pushTo?: Param<readonly Department[]> | undefined;
  /** A procedure the alert enters (一件事: `one_thing`). */
  readonly process?: Param<string> | undefined;
}

export interface Monitoring {
  readonly key: string;
  readonly rules: readonly MonitoringRule[];
}
