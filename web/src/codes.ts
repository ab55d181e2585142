/**
 * The names of the codes the API answers and takes, in Chinese and English, once for every page:
 * identity categories (src/people/category.ts), medical types (med_type), hospital levels
 * (hosp_lv), tiers and pools, adjustments, audit actions, alert and case statuses, the steps of a
 * case, departments, outcomes, measures, fund sources, approval levels and case kinds. A table
 * keeps its codes in the order it is written (the order choices are offered in).
 */
import type { Lang } from './i18n';

export interface Coded {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** A code table: code → its names, in the order written. */
export type Codes = ReadonlyMap<string, Coded>;

function codes(rows: readonly (readonly [code: string, zh: string, en: string])[]): Codes {
  return new Map(rows.map(([code, zh, en]) => [code, { code, zh, en }]));
}

/** A code's name in the reader's language; the code itself when unknown, '—' when there is none. */
export function nameOf(names: Codes, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  return names.get(code)?.[lang] ?? code;
}

/** The table's entries, in order (to offer them as choices). */
export function entriesOf(names: Codes): readonly Coded[] {
  return [...names.values()];
}

/** The identity categories, kept in step with CATEGORY_INFO in src/people/category.ts (the server also takes the Chinese names). */
export const CATEGORY = codes([
  ['tekun', '特困人员', 'Extreme-poverty (destitute) person'],
  ['dibao', '低保对象', 'Minimum-living-allowance recipient'],
  ['dibian', '低保边缘户', 'Marginal low-income household member'],
  ['fanpin', '返贫致贫人口', 'Person returned to / newly in poverty'],
  ['tpbwd', '脱贫不稳定户', 'Unstable out-of-poverty household (monitoring object)'],
  ['byyzp', '边缘易致贫户', 'Edge, poverty-prone household (monitoring object)'],
  ['tfkn', '突发严重困难户', 'Sudden severe hardship household (monitoring object)'],
  ['tuopin', '脱贫人口', 'Person out of poverty (stable)'],
  ['zcxkn', '支出型困难人口', 'Expenditure-type hardship person'],
  ['ybzp', '因病致贫重病患者', 'Seriously ill person impoverished by illness'],
  ['guer', '孤儿', 'Orphan'],
  ['swrfy', '事实无人抚养儿童', 'De-facto unsupported child'],
  ['disabled', '残疾人', 'Disability certificate holder (grade 1–4)'],
  ['low_income_family', '低收入家庭成员', 'Member of a low-income family'],
  ['serious_illness', '重病患者', 'Seriously ill person'],
]);

/** Medical types (医疗类别, NHSA med_type) the packs, the demonstration data and the engine use. */
export const MED_TYPE = codes([
  ['11', '普通门诊', 'General outpatient'],
  ['14', '门诊慢特病', 'Outpatient chronic / special disease'],
  ['21', '普通住院', 'Inpatient'],
  ['22', '外伤住院', 'Inpatient (injury)'],
  ['9901', '“两病”门诊用药', 'Hypertension / diabetes outpatient medicines'],
]);

/** Hospital levels (hosp_lv) as the packs group them (docs/policy-packs.md: 01–04 → level 3, 05–07 → 2, 08–10 → 1, 11 → unrated). */
export const HOSP_LV = codes([
  ...['01', '02', '03', '04'].map((c) => [c, '三级', 'Level 3'] as const),
  ...['05', '06', '07'].map((c) => [c, '二级', 'Level 2'] as const),
  ...['08', '09', '10'].map((c) => [c, '一级', 'Level 1'] as const),
  ['11', '未定级', 'Unrated'],
]);

export const TIER = codes([
  ['basic', '基本医保', 'Basic insurance'],
  ['critical_illness', '大病保险', 'Critical illness insurance'],
  ['assistance', '医疗救助', 'Medical assistance'],
  ['re_assistance', '再救助', 'Re-assistance'],
]);

/** The kinds of an accumulator's pool ('basic:inpatient'). */
export const POOL_KIND = codes([
  ['chronic_special', '门诊慢特病', 'chronic / special outpatient'],
  ['general_outpatient', '普通门诊', 'general outpatient'],
  ['inpatient', '住院', 'inpatient'],
  ['critical_illness', '大病', 'critical illness'],
  ['assistance', '救助', 'assistance'],
  ['re_assistance', '再救助', 're-assistance'],
]);

/** 'basic:inpatient' → 'Basic insurance · inpatient'. */
export function poolName(pool: string, lang: Lang): string {
  const [tier, kind] = pool.split(':');
  const t = nameOf(TIER, tier, lang);
  return kind === undefined || kind === tier ? t : `${t} · ${nameOf(POOL_KIND, kind, lang)}`;
}

export const ADJUSTMENT_KIND = codes([['补付', '补付', 'Top-up'], ['追回', '追回', 'Recovery']]);

export const AUDIT_ACTION = codes([
  ['person-read', '查看档案', 'read the record'],
  ['person-search', '查找人员', 'searched'],
  ['settlement-read', '查看结算单', 'read a settlement bill'],
  ['unmask', '查看完整身份证号', 'unmasked the ID number'],
  ['unmask-refused', '查看身份证号被拒', 'unmasking refused'],
  ['alert-read', '查看预警', 'read an alert'],
  ['audit-read', '查看审计记录', 'read the audit trail'],
  ['settle', '结算', 'settled'],
  ['settle-replay', '重复结算请求', 'settlement repeated'],
  ['reverse', '结算撤销', 'reversed a settlement'],
  ['trial', '试算', 'trial calculation'],
]);

export const ALERT_STATUS = codes([
  ['raised', '已预警', 'raised'], ['pushed', '已推送', 'pushed'], ['verified', '已核实', 'verified'], ['closed', '已办结', 'closed'],
]);
export const ALERT_STATUS_COLOR: Readonly<Record<string, string>> = { raised: 'red', pushed: 'orange', verified: 'blue', closed: 'default' };

export const OUTCOME = codes([
  ['included', '纳入监测', 'included in monitoring'], ['not_eligible', '不符合条件', 'not eligible'], ['already_covered', '已是帮扶对象', 'already covered'],
]);

export const DEPARTMENT = codes([
  ['rural_revitalisation', '乡村振兴部门', 'rural revitalisation'], ['civil_affairs', '民政部门', 'civil affairs'],
  ['township', '乡镇街道', 'township'], ['finance', '财政部门', 'finance'],
]);
/** The departments a push may name (the API's PUSH_DEPARTMENTS). */
export const PUSH_DEPARTMENTS = ['rural_revitalisation', 'civil_affairs'] as const;

export const MEASURE = codes([
  ['personal', '个人负担总金额', 'personal burden (after every tier)'],
  ['policy_scope_personal', '政策范围内个人负担', 'policy-scope personal burden'],
  ['total', '医疗费用总额', 'total medical cost'],
]);

export const CASE_STATUS = codes([
  ['applied', '已受理', 'applied'], ['reviewed', '已审核（审批中）', 'reviewed (in approval)'], ['approved', '已审批', 'approved'],
  ['decided', '已决定', 'decided'], ['rejected', '不予救助', 'rejected'], ['revoked', '已撤销', 'revoked'], ['closed', '已办结', 'closed'],
]);
export const CASE_STATUS_COLOR: Readonly<Record<string, string>> = {
  applied: 'gold', reviewed: 'orange', approved: 'cyan', decided: 'green', rejected: 'red', revoked: 'magenta', closed: 'default',
};

export const CASE_ACTION = codes([
  ['open', '受理', 'opened'], ['review', '审核', 'reviewed'], ['approve', '审批', 'approved'], ['reject', '不予批准', 'rejected'],
  ['decide', '决定救助金额', 'decided'], ['revoke', '撤销', 'revoked'], ['close', '办结', 'closed'], ['supervise', '监督', 'supervision note'],
]);

export const FUND_SOURCE = codes([
  ['social_assistance', '社会救助', 'social assistance'], ['donation', '社会捐赠', 'donations'], ['mutual_aid', '医疗互助', 'medical mutual aid'],
  ['medical_assistance', '医疗救助基金', 'medical assistance fund'], ['township', '属地镇街', 'township'], ['treasury', '区财政', 'district treasury'],
]);

/** The approval levels of a case. */
export const LEVEL = codes([
  ['township', '乡镇（街道）', 'township'], ['bureau', '医保局', 'medical security bureau'], ['civil_affairs', '民政部门', 'civil affairs'],
  ['leading_group', '领导小组', 'leading group'], ['finance', '财政部门', 'finance'],
]);

/** The types of a case kind. */
export const KIND_TYPE = codes([
  ['special', '一事一议', 'case-by-case'], ['application', '依申请救助', 'on application'], ['one_thing', '一件事', 'one-thing'],
]);
