/**
 * Names for the codes the person and settlement answers carry (identity categories, medical
 * types, tiers, pools, case and alert statuses, audit actions), in Chinese and English, and the
 * reading of a settlement's trace (setl_proc_info) into one explanation per tier.
 */
import type { Lang } from '../../i18n';

type Names = Readonly<Record<string, readonly [zh: string, en: string]>>;

/** The identity categories of src/people/category.ts (codes as the store keeps them). */
export const CATEGORY: Names = {
  tekun: ['特困人员', 'Extreme-poverty (destitute) person'],
  dibao: ['低保对象', 'Minimum-living-allowance recipient'],
  dibian: ['低保边缘户', 'Marginal low-income household'],
  fanpin: ['返贫致贫人口', 'Returned to / newly in poverty'],
  tpbwd: ['脱贫不稳定户', 'Unstable out-of-poverty household'],
  byyzp: ['边缘易致贫户', 'Edge, poverty-prone household'],
  tfkn: ['突发严重困难户', 'Sudden severe hardship household'],
  tuopin: ['脱贫人口', 'Out of poverty (stable)'],
  zcxkn: ['支出型困难人口', 'Expenditure-type hardship person'],
  ybzp: ['因病致贫重病患者', 'Seriously ill, impoverished by illness'],
  guer: ['孤儿', 'Orphan'],
  swrfy: ['事实无人抚养儿童', 'De-facto unsupported child'],
  disabled: ['残疾人', 'Disability certificate holder'],
  low_income_family: ['低收入家庭成员', 'Member of a low-income family'],
  serious_illness: ['重病患者', 'Seriously ill person'],
};

/** Medical types (医疗类别, NHSA med_type) the demonstration data and the engine use. */
export const MED_TYPE: Names = {
  '11': ['普通门诊', 'General outpatient'],
  '14': ['门诊慢特病', 'Chronic / special outpatient'],
  '21': ['普通住院', 'Inpatient'],
  '22': ['外伤住院', 'Inpatient (injury)'],
};

export const TIER: Names = {
  basic: ['基本医保', 'Basic insurance'],
  critical_illness: ['大病保险', 'Critical illness insurance'],
  assistance: ['医疗救助', 'Medical assistance'],
  re_assistance: ['再救助', 'Re-assistance'],
};

/** The trace's tier names (setl_proc_info) → the tier. */
const TRACE_TIER: Readonly<Record<string, string>> = { 基本医保: 'basic', 大病保险: 'critical_illness', 医疗救助: 'assistance', 再救助: 're_assistance' };

export const POOL_KIND: Names = {
  chronic_special: ['门诊慢特病', 'chronic / special outpatient'],
  general_outpatient: ['普通门诊', 'general outpatient'],
  inpatient: ['住院', 'inpatient'],
  critical_illness: ['大病', 'critical illness'],
  assistance: ['救助', 'assistance'],
  re_assistance: ['再救助', 're-assistance'],
};

export const CASE_STATUS: Names = {
  applied: ['已受理', 'Applied'],
  reviewed: ['已审核（审批中）', 'Reviewed (in approval)'],
  approved: ['已审批', 'Approved'],
  decided: ['已决定', 'Decided'],
  rejected: ['不予救助', 'Rejected'],
  revoked: ['已撤销', 'Revoked'],
  closed: ['已办结', 'Closed'],
};

export const ALERT_STATUS: Names = {
  raised: ['已预警', 'Raised'],
  pushed: ['已推送', 'Pushed'],
  verified: ['已核实', 'Verified'],
  closed: ['已办结', 'Closed'],
};

export const ADJUSTMENT_KIND: Names = { 补付: ['补付', 'Top-up'], 追回: ['追回', 'Recovery'] };

export const AUDIT_ACTION: Names = {
  'person-read': ['查看档案', 'read the record'],
  'person-search': ['查找人员', 'searched'],
  'settlement-read': ['查看结算单', 'read a settlement bill'],
  unmask: ['查看完整身份证号', 'unmasked the ID number'],
  'unmask-refused': ['查看身份证号被拒', 'unmasking refused'],
  'alert-read': ['查看预警', 'read an alert'],
  'audit-read': ['查看审计记录', 'read the audit trail'],
  settle: ['结算', 'settled'],
  'settle-replay': ['重复结算请求', 'settlement repeated'],
  reverse: ['结算撤销', 'reversed a settlement'],
  trial: ['试算', 'trial calculation'],
};

/** The name of `code` in `names` for the language, or the code itself when unknown. */
export function nameOf(names: Names, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  const n = names[code];
  return n === undefined ? code : n[lang === 'zh' ? 0 : 1];
}

/** 'basic:inpatient' → 'Basic insurance · inpatient'. */
export function poolName(pool: string, lang: Lang): string {
  const [tier, kind] = pool.split(':');
  const t = nameOf(TIER, tier, lang);
  return kind === undefined || kind === tier ? t : `${t} · ${nameOf(POOL_KIND, kind, lang)}`;
}

/** A signed yuan string is negative (no arithmetic: the sign is in the text). */
export function negative(s: string | null | undefined): boolean {
  return s !== null && s !== undefined && s.startsWith('-');
}

/** One line of the trace: a tier's payment with its rule, document and clause and the working, or a line as it stands. */
export interface TraceLine {
  readonly text: string;
  /** basic, critical_illness, assistance, re_assistance; undefined for the personal part and the pack lines. */
  readonly tier?: string;
  readonly amount?: string;
  readonly ruleId?: string;
  readonly document?: string;
  readonly clause?: string;
  /** The working after the citation (base, cumulative, deductible, bands, cap) or the reason nothing was paid. */
  readonly steps: readonly string[];
}

const TIER_LINE = /^(\S+)\s+(-?\d+\.\d{2})\s*\[(.*)\]\s*$/;
const CITATION = /^(?:([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)\s+)?(\S+\.[a-z]{2,5})\s+(§.*)$/;

/** Reads a setl_proc_info line ('基本医保 513.98 [BASIC-CQ-MTB 000_x.txt §三(二)1; 基数 base 856.63; …]'). */
export function traceLine(text: string): TraceLine {
  const m = TIER_LINE.exec(text);
  const tier = m === null ? undefined : TRACE_TIER[m[1] ?? ''];
  if (m === null || tier === undefined) return { text, steps: [] };
  const parts = (m[3] ?? '').split('; ').map((p) => p.trim()).filter((p) => p !== '');
  const c = CITATION.exec(parts[0] ?? '');
  if (c === null) return { text, tier, amount: m[2], steps: parts };
  return { text, tier, amount: m[2], ruleId: c[1], document: c[2], clause: c[3], steps: parts.slice(1) };
}
