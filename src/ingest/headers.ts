/**
 * Column headers: NHSA exports name columns by their interface field (`psn_no`), civil-affairs
 * spreadsheets and hand-made templates by Chinese captions (人员编号). Both are accepted, and a
 * header row resolves to canonical NHSA field names → column indexes.
 */

/** Canonical NHSA field name → accepted Chinese headers; the first is used when writing. */
export type FieldAliases = Readonly<Record<string, readonly string[]>>;

const CERTNO = ['证件号码', '身份证号', '公民身份号码', '身份证号码'] as const;
const PSN_NAME = ['人员姓名', '姓名'] as const;

export const SETTLEMENT_FIELDS: FieldAliases = {
  setl_id: ['结算ID', '结算编号'],
  mdtrt_id: ['就诊ID'],
  psn_no: ['人员编号'],
  psn_name: PSN_NAME,
  certno: CERTNO,
  med_type: ['医疗类别'],
  hosp_lv: ['医院等级'],
  fixmedins_code: ['定点医药机构编号'],
  setl_time: ['结算时间'],
  begndate: ['开始日期'],
  enddate: ['结束日期'],
  medfee_sumamt: ['医疗费总额'],
  fulamt_ownpay_amt: ['全自费金额'],
  overlmt_selfpay: ['超限价自费费用'],
  preselfpay_amt: ['先行自付金额'],
  inscp_scp_amt: ['符合政策范围金额', '政策范围内金额'],
  hifp_pay: ['基本医疗保险统筹基金支出', '统筹基金支出'],
  hifmi_pay: ['居民大病保险资金支出', '大病保险支出'],
  maf_pay: ['医疗救助基金支出'],
  refd_setl_flag: ['退费结算标志'],
  init_setl_id: ['原结算ID'],
  insutype: ['险种类型'],
};

export const PERSON_FIELDS: FieldAliases = {
  psn_no: ['人员编号'],
  certno: CERTNO,
  psn_name: PSN_NAME,
  gend: ['性别'],
  brdy: ['出生日期'],
  insuplc_admdvs: ['参保地医保区划', '参保地'],
  insu_tier: ['参保档次'],
  town_admdvs: ['乡镇区划', '乡镇（街道）区划', '乡镇街道代码'],
  village_admdvs: ['村区划', '村（社区）区划'],
  rural: ['农村户籍'],
  /** 就业 / 稳定就业: SUB-CQ-7 flags employed tuopin for employee insurance. */
  employed: ['就业', '稳定就业', '是否就业'],
};

export const IDENTITY_FIELDS: FieldAliases = {
  psn_no: ['人员编号'],
  certno: CERTNO,
  idet_type: ['人员身份类别', '身份类别', '身份'],
  idet_lv: ['身份等级', '残疾等级'],
  begndate: ['开始日期', '认定日期', '身份开始日期'],
  enddate: ['结束日期', '身份结束日期'],
  risk_elim_date: ['风险消除日期', '标注风险消除日期'],
  illness_recognised: ['因病认定'],
};

/**
 * Enrollments (参保缴费记录) for `sanchong subsidize`: one row per person, year and item (resident
 * medical insurance, or a product of the pack such as 渝快保). `contribution` is the personal
 * contribution or price due, in yuan; empty = the pack's standard.
 */
export const ENROLLMENT_FIELDS: FieldAliases = {
  psn_no: ['人员编号'],
  psn_name: PSN_NAME,
  certno: CERTNO,
  year: ['参保年度', '缴费年度'],
  tier: ['参保档次', '缴费档次'],
  paid_date: ['缴费日期', '缴费时间'],
  contribution: ['应缴金额', '个人缴费金额', '个人应缴金额'],
  product: ['参保项目', '商业保险产品', '险种项目'],
};

/**
 * The matching key of a header cell. NFKC folds full-width forms onto ASCII (（）→ (), ＩＤ → ID,
 * U+3000 → space); all whitespace is then removed, surrounding or inner, because hand-typed
 * Chinese headers pad two-character captions ("姓  名") and BOMs/zero-width spaces leak in from
 * other tools; lower-casing makes PSN_NO and psn_no equal and does nothing to Chinese.
 */
export function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/[\s\ufeff\u200b-\u200d]+/g, '').toLowerCase();
}

const CERTNO_KEYS = new Set(['certno', ...CERTNO].map(headerKey));

/** Whether a header cell names the ID number (certno or a Chinese caption of it), as any import reads it. */
export function isCertnoHeader(header: string): boolean {
  return CERTNO_KEYS.has(headerKey(header));
}

const lookups = new WeakMap<FieldAliases, Map<string, string>>();

/** header key → canonical field, built once per alias table. */
function lookupFor(aliases: FieldAliases): Map<string, string> {
  let map = lookups.get(aliases);
  if (map !== undefined) return map;
  map = new Map();
  for (const [field, names] of Object.entries(aliases)) {
    for (const name of [field, ...names]) {
      const key = headerKey(name);
      const other = map.get(key);
      // An alias naming two fields would silently feed one column into the wrong field.
      if (other !== undefined && other !== field) {
        throw new Error(`header alias ${JSON.stringify(name)} names both ${other} and ${field}`);
      }
      map.set(key, field);
    }
  }
  lookups.set(aliases, map);
  return map;
}

export interface ResolvedHeader {
  /** Canonical field → index of the first column carrying it. */
  columns: Map<string, number>;
  /** Non-blank headers matching no field, as written; callers usually ignore these columns. */
  unknown: string[];
  /** Canonical fields given by more than one column (each listed once). */
  duplicates: string[];
}

export function resolveHeader(header: readonly string[], aliases: FieldAliases): ResolvedHeader {
  const lookup = lookupFor(aliases);
  const columns = new Map<string, number>();
  const unknown: string[] = [];
  const duplicates: string[] = [];
  header.forEach((raw, index) => {
    const key = headerKey(raw);
    if (key === '') return; // blank header cells (often trailing) carry nothing to report
    const field = lookup.get(key);
    if (field === undefined) unknown.push(raw);
    else if (!columns.has(field)) columns.set(field, index);
    else if (!duplicates.includes(field)) duplicates.push(field);
  });
  return { columns, unknown, duplicates };
}

/** The Chinese header to write for `field`: its first alias, or the field name if it has none. */
export function headerZh(field: string, aliases: FieldAliases): string {
  if (!Object.hasOwn(aliases, field)) throw new RangeError(`unknown field: ${field}`);
  return aliases[field]?.[0] ?? field;
}
