/**
 * Identity categories (身份类别) of POLICY-SPEC §1. Codes are ours; every Chinese name the
 * documents use is an alias, so a civil-affairs spreadsheet can say 低保对象 or 最低生活保障家庭成员.
 */
export const CATEGORIES = [
  'tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin', 'zcxkn', 'ybzp',
  'guer', 'swrfy', 'disabled', 'low_income_family', 'serious_illness',
] as const;

export type Category = (typeof CATEGORIES)[number];

export interface CategoryInfo {
  readonly code: Category;
  readonly zh: string;
  readonly en: string;
  readonly aliases: readonly string[];
}

export const CATEGORY_INFO: Readonly<Record<Category, CategoryInfo>> = {
  tekun: { code: 'tekun', zh: '特困人员', en: 'extreme-poverty (destitute) person', aliases: ['特困人员', '特困供养人员', '特困'] },
  dibao: { code: 'dibao', zh: '低保对象', en: 'minimum-living-allowance recipient', aliases: ['低保对象', '最低生活保障家庭成员', '低保'] },
  dibian: { code: 'dibian', zh: '低保边缘户', en: 'marginal low-income household member', aliases: ['低保边缘户', '低保边缘家庭成员', '低边', '低保边缘家庭'] },
  fanpin: { code: 'fanpin', zh: '返贫致贫人口', en: 'person returned to / newly in poverty', aliases: ['返贫致贫人口', '返贫致贫'] },
  tpbwd: { code: 'tpbwd', zh: '脱贫不稳定户', en: 'unstable out-of-poverty household (monitoring object)', aliases: ['脱贫不稳定户', '脱贫不稳定人口'] },
  byyzp: { code: 'byyzp', zh: '边缘易致贫户', en: 'edge, poverty-prone household (monitoring object)', aliases: ['边缘易致贫户', '边缘易致贫人口'] },
  tfkn: { code: 'tfkn', zh: '突发严重困难户', en: 'sudden severe hardship household (monitoring object)', aliases: ['突发严重困难户', '突发严重困难人口'] },
  tuopin: { code: 'tuopin', zh: '脱贫人口', en: 'person out of poverty (stable)', aliases: ['脱贫人口', '稳定脱贫人口'] },
  zcxkn: { code: 'zcxkn', zh: '支出型困难人口', en: 'expenditure-type hardship person', aliases: ['支出型困难人口', '支出型贫困对象', '支出型困难户', '支出型困难人员'] },
  ybzp: { code: 'ybzp', zh: '因病致贫重病患者', en: 'seriously ill person impoverished by illness', aliases: ['因病致贫重病患者'] },
  guer: { code: 'guer', zh: '孤儿', en: 'orphan', aliases: ['孤儿'] },
  swrfy: { code: 'swrfy', zh: '事实无人抚养儿童', en: 'de-facto unsupported child', aliases: ['事实无人抚养儿童'] },
  disabled: { code: 'disabled', zh: '残疾人', en: 'disability certificate holder (grade 1–4)', aliases: ['残疾人', '残疾人证', '持证残疾人'] },
  // Person attributes Guangxi's subsidy rules test (003 §一(一)), kept as dated identities
  low_income_family: { code: 'low_income_family', zh: '低收入家庭成员', en: 'member of a low-income family', aliases: ['低收入家庭成员', '农村低收入家庭成员', '低收入家庭'] },
  serious_illness: { code: 'serious_illness', zh: '重病患者', en: 'seriously ill person', aliases: ['重病患者', '重病'] },
};

/** 监测对象 (monitoring objects) = tpbwd ∪ byyzp ∪ tfkn (POLICY-SPEC §1). */
export const MONITORING_OBJECTS: readonly Category[] = ['tpbwd', 'byyzp', 'tfkn'];

const lookup = new Map<string, Category>();
for (const info of Object.values(CATEGORY_INFO)) {
  lookup.set(info.code, info.code);
  for (const alias of info.aliases) lookup.set(alias, info.code);
}

/** A category code or any of its Chinese names (surrounding spaces ignored); undefined if unknown. */
export function parseCategory(text: string): Category | undefined {
  return lookup.get(text.trim());
}

export function isCategory(text: string): text is Category {
  return (CATEGORIES as readonly string[]).includes(text);
}

/** Each category's bit in a 32-bit mask: rule matching is one `&`. */
export function categoryBit(c: Category): number {
  return 1 << CATEGORIES.indexOf(c);
}

export function maskOf(categories: readonly Category[]): number {
  let m = 0;
  for (const c of categories) m |= categoryBit(c);
  return m;
}
