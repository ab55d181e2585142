import type { BasisPoints } from '../money/ratio.js';
import type { Category } from '../people/category.js';
import type { Citation } from './citation.js';
import type { Param } from './pack.js';

/**
 * Cases (POLICY-SPEC §5): the procedures by which a person gets an amount decided by people
 * rather than computed by a tier — 一事一议 (CASE-1), 依申请救助 (CASE-2), 一件事 (CASE-3) — and
 * the rectification ledger (CASE-4). A pack states, for each kind its documents name, who may
 * apply, where the money comes from, which levels approve, what a decision may not exceed and (一件事)
 * the township's minimum share; every value cited or [local]. The workflow itself is in
 * src/cases (pure) and src/store/cases.ts.
 */

/** 一事一议 · 依申请救助 · 一件事. */
export type CaseType = 'special' | 'application' | 'one_thing';
export const CASE_TYPES: readonly CaseType[] = ['special', 'application', 'one_thing'];

/**
 * Where a decided amount comes from (资金来源). The documents name: 社会救助, 社会捐赠, 医疗互助
 * (一事一议, 000 §三(三)3); the medical-assistance fund (依申请救助, 000 §三(三)1: 纳入医疗救助范围);
 * the township and the district treasury (一件事, 001 §二(四)12).
 */
export type FundSource = 'social_assistance' | 'donation' | 'mutual_aid' | 'medical_assistance' | 'township' | 'treasury';
export const FUND_SOURCES: readonly FundSource[] = ['social_assistance', 'donation', 'mutual_aid', 'medical_assistance', 'township', 'treasury'];
export const FUND_SOURCE_ZH: Readonly<Record<FundSource, string>> = {
  social_assistance: '社会救助',
  donation: '社会捐赠',
  mutual_aid: '医疗互助',
  medical_assistance: '医疗救助基金',
  township: '属地镇街',
  treasury: '区（县）财政',
};

/** The levels that approve a case, in order (审批层级). */
export type ApprovalLevel = 'township' | 'bureau' | 'civil_affairs' | 'leading_group' | 'finance';
export const APPROVAL_LEVELS: readonly ApprovalLevel[] = ['township', 'bureau', 'civil_affairs', 'leading_group', 'finance'];
export const APPROVAL_LEVEL_ZH: Readonly<Record<ApprovalLevel, string>> = {
  township: '乡镇（街道）',
  bureau: '医保局',
  civil_affairs: '民政部门',
  leading_group: '领导小组',
  finance: '财政部门',
};

/**
 * What the amounts decided in a person-year's cases, together, may not exceed — one of the
 * monitoring measures after every tier (src/policy/monitoring-pack.ts): `personal` (个人负担总金额)
 * or `policy_scope_personal` (政策范围内个人负担: 经基本医保、大病保险支付后符合规定的个人自付,
 * less the assistance already paid on it).
 */
export type CaseCap = 'personal' | 'policy_scope_personal';
export const CASE_CAPS: readonly CaseCap[] = ['personal', 'policy_scope_personal'];

export interface CaseKind {
  /** CASE-1, CASE-2, CASE-3 (POLICY-SPEC §5). */
  readonly id: string;
  readonly type: CaseType;
  readonly title: string;
  /** YAML path, for messages. */
  readonly key: string;
  readonly cite: Citation;
  /** Who may apply: the person holds one of these on some day of the case's year (ID-3 included). */
  readonly categories: Param<readonly Category[]>;
  readonly sources: Param<readonly FundSource[]>;
  /** In order; [] = decided after the review alone. */
  readonly approvalLevels: Param<readonly ApprovalLevel[]>;
  readonly cap: Param<CaseCap>;
  /** 一件事: the township bears at least this share of the decided amount (60%以上: inclusive). */
  readonly townshipShareMin?: Param<BasisPoints> | undefined;
  /** The monitoring rule whose alerts open this kind of case (一件事 ← MON-YC-1), if any. */
  readonly alertRule?: string | undefined;
}

export interface Cases {
  readonly key: string;
  readonly kinds: readonly CaseKind[];
  /** CASE-4: the clause that asks for a rectification ledger (整改台账), where a document does. */
  readonly rectification?: Citation | undefined;
}
