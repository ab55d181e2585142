/**
 * The codes the trial form offers: identity categories as POST /api/v1/trial accepts them (the
 * codes and names of src/people/category.ts), the common medical types (med_type) and the
 * hospital levels (hosp_lv) of the packs (docs/policy-packs.md: 01–04 → level 3, 05–07 → 2,
 * 08–10 → 1, 11 → unrated).
 */

export interface Coded {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}

/** Kept in step with CATEGORY_INFO in src/people/category.ts (the server also takes the Chinese names). */
export const CATEGORIES: readonly Coded[] = [
  { code: 'tekun', zh: '特困人员', en: 'Extreme-poverty (destitute) person' },
  { code: 'dibao', zh: '低保对象', en: 'Minimum-living-allowance recipient' },
  { code: 'dibian', zh: '低保边缘户', en: 'Marginal low-income household member' },
  { code: 'fanpin', zh: '返贫致贫人口', en: 'Person returned to / newly in poverty' },
  { code: 'tpbwd', zh: '脱贫不稳定户', en: 'Unstable out-of-poverty household (monitoring object)' },
  { code: 'byyzp', zh: '边缘易致贫户', en: 'Edge, poverty-prone household (monitoring object)' },
  { code: 'tfkn', zh: '突发严重困难户', en: 'Sudden severe hardship household (monitoring object)' },
  { code: 'tuopin', zh: '脱贫人口', en: 'Person out of poverty (stable)' },
  { code: 'zcxkn', zh: '支出型困难人口', en: 'Expenditure-type hardship person' },
  { code: 'ybzp', zh: '因病致贫重病患者', en: 'Seriously ill person impoverished by illness' },
  { code: 'guer', zh: '孤儿', en: 'Orphan' },
  { code: 'swrfy', zh: '事实无人抚养儿童', en: 'De-facto unsupported child' },
  { code: 'disabled', zh: '残疾人', en: 'Disability certificate holder (grade 1–4)' },
  { code: 'low_income_family', zh: '低收入家庭成员', en: 'Member of a low-income family' },
  { code: 'serious_illness', zh: '重病患者', en: 'Seriously ill person' },
];

export const MED_TYPES: readonly Coded[] = [
  { code: '11', zh: '普通门诊', en: 'General outpatient' },
  { code: '14', zh: '门诊慢特病', en: 'Outpatient chronic / special disease' },
  { code: '21', zh: '普通住院', en: 'Inpatient' },
  { code: '9901', zh: '“两病”门诊用药', en: 'Hypertension / diabetes outpatient medicines' },
];

export const HOSP_LEVELS: readonly Coded[] = [
  ...['01', '02', '03', '04'].map((code) => ({ code, zh: '三级', en: 'Level 3' })),
  ...['05', '06', '07'].map((code) => ({ code, zh: '二级', en: 'Level 2' })),
  ...['08', '09', '10'].map((code) => ({ code, zh: '一级', en: 'Level 1' })),
  { code: '11', zh: '未定级', en: 'Unrated' },
];

export function nameOf(list: readonly Coded[], code: string, lang: 'zh' | 'en'): string {
  const hit = list.find((c) => c.code === code);
  return hit === undefined ? code : hit[lang];
}

/** Yuan as typed: digits, at most two decimals, no sign, no thousands separators. */
export const YUAN_TEXT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** 'yyyy-MM-dd HH:mm:ss' as the API reads setl_time. */
export const SETL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
