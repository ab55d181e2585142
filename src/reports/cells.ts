/** Building blocks of a report's tables: typed cells, columns, township columns, the document frame. */
import { perMille } from './format.js';
import type { Cell, Column, Rate, ReportChart, ReportDocument, ReportInput, ReportKind, ReportTable, TableRow } from './types.js';

export type Definition = ReportDocument['definitions'][number];

export const count = (n: number): Cell => ({ count: n });
export const fen = (n: number): Cell => ({ fen: n });
export const rate = (num: number, den: number): Rate => ({ num, den });
export const yesNo = (b: boolean): string => (b ? '是' : '否');

export function col(key: string, zh: string, en: string, kind: Column['kind']): Column {
  return { key, zh, en, kind };
}

/** Row key of a township: its code, or '(none)' for persons without one. */
export function townKey(code: string): string {
  return code === '' ? '(none)' : code;
}

export const TOWN_COLUMNS: readonly Column[] = [col('town', '乡镇代码', 'township code', 'text'), col('townName', '乡镇（街道）', 'township', 'text')];

/** The leading columns of a list of named persons: the township, the village, person number, name, masked ID number. */
export const PERSON_COLUMNS: readonly Column[] = [
  ...TOWN_COLUMNS,
  col('village', '村（社区）代码', 'village code', 'text'),
  col('psnNo', '人员编号', 'person number', 'text'),
  col('name', '姓名', 'name', 'text'),
  col('certno', '身份证号（脱敏）', 'ID number (masked)', 'text'),
];

export function townName(input: ReportInput, code: string): string {
  return code === '' ? '未登记乡镇' : (input.townNames?.[code] ?? '');
}

export function townCells(input: ReportInput, code: string): Cell[] {
  return [code, townName(input, code)];
}

/** The totals row's leading cells: 合计 under the first column, the rest of `lead` empty. */
export function totalsLead(lead: number, label = '合计'): Cell[] {
  return [label, ...Array<Cell>(Math.max(0, lead - 1)).fill(null)];
}

export function row(key: string, cells: readonly Cell[], subtotal = false): TableRow {
  return subtotal ? { key, cells, subtotal: true } : { key, cells };
}

export function makeTable(t: { id: string; zh: string; en: string; columns: readonly Column[]; rows: readonly TableRow[]; totals?: TableRow | undefined; personal?: boolean }): ReportTable {
  for (const r of [...t.rows, ...(t.totals === undefined ? [] : [t.totals])]) {
    if (r.cells.length !== t.columns.length) throw new Error(`reports: table ${t.id} row ${r.key} has ${r.cells.length} cells for ${t.columns.length} columns`);
  }
  const out: ReportTable = { id: t.id, zh: t.zh, en: t.en, columns: t.columns, rows: t.rows };
  return { ...out, ...(t.totals === undefined ? {} : { totals: t.totals }), ...(t.personal === true ? { personal: true } : {}) };
}

/** A township's label in a chart: its name, else its code. */
export function townLabel(input: ReportInput, code: string): string {
  const name = townName(input, code);
  return name !== '' ? name : code;
}

/** A bar chart of one rate per township (per-mille, rounded down as displayed; 0 without members). */
export function rateBarChart(input: ReportInput, c: { id: string; zh: string; en: string; towns: readonly string[]; rates: readonly Rate[]; target?: { perMille: number; zh: string; en: string } }): ReportChart {
  return {
    id: c.id, zh: c.zh, en: c.en, type: 'bar',
    labels: c.towns.map((t) => townLabel(input, t)),
    series: [{ name: c.zh, values: c.rates.map((r) => perMille(r) ?? 0) }],
    unit: 'rate',
    ...(c.target === undefined ? {} : { reference: { value: c.target.perMille, zh: c.target.zh, en: c.target.en } }),
  };
}

export const TITLES: Readonly<Record<ReportKind, { zh: string; en: string }>> = {
  enrollment: { zh: '城乡居民医保参保完成率及八类人群动态清零（REP-1）', en: 'Enrollment completion rate and the eight groups cleared (REP-1)' },
  dispatch: { zh: '脱贫人口及监测对象参保月调度月通报（REP-2）', en: 'Monthly dispatch: enrollment of people out of poverty and monitoring objects (REP-2)' },
  rating: { zh: '乡镇街道参保完成率及动态清零季度评比（REP-3）', en: 'Quarterly township rating: completion rate and clearing (REP-3)' },
  analysis: { zh: '困难群众医疗费用动态监测数据分析报告（REP-4）', en: 'Data analysis of low-income persons\' medical costs (REP-4)' },
  national: { zh: '国家医保帮扶政策和数据模块季度调度数据（REP-5）', en: 'National dispatch module: quarterly figures (REP-5)' },
  protection: { zh: '医疗费用综合保障率及政策范围内支付比例（REP-6）', en: 'Comprehensive protection rate and policy-scope payment ratios (REP-6)' },
  household: { zh: '户籍人员参保率（REP-7）', en: 'Enrollment rate of registered residents (REP-7)' },
};

export function documentOf(input: ReportInput, parts: { definitions: readonly Definition[]; tables: readonly ReportTable[]; charts: readonly ReportChart[] }): ReportDocument {
  const title = TITLES[input.kind];
  return {
    kind: input.kind, zh: title.zh, en: title.en,
    region: { admdvs: input.region.admdvs, name: input.region.name },
    ...(input.town === undefined ? {} : { town: input.town }),
    period: input.period, asOf: input.asOf,
    packs: input.packs.map((p) => ({ id: p.id, version: p.version, illustrative: p.illustrative })),
    definitions: parts.definitions, tables: parts.tables, charts: parts.charts,
  };
}
