/**
 * A report's cells as the printed page and the spreadsheet show them (docs/reports.md §2, the rule
 * of src/reports/format.ts, in integers): an amount in fen as yuan with two decimals, a count as
 * the integer, a rate {num, den} as a percentage with one decimal rounded down (⌊num × 1000 ÷
 * den⌋, exact with BigInt), empty without a denominator; text as it is. Nothing is recomputed: the
 * report carries the figures, this only writes them.
 */

export type Cell = string | { readonly count: number } | { readonly fen: number } | { readonly num: number; readonly den: number } | null;

export interface Column {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'text' | 'count' | 'money' | 'rate';
}

export interface TableRow {
  readonly key: string;
  readonly cells: readonly Cell[];
  readonly subtotal?: boolean;
}

export interface ReportTable {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly Column[];
  readonly rows: readonly TableRow[];
  readonly totals?: TableRow;
  readonly personal?: boolean;
}

export interface ReportDocument {
  readonly kind: string;
  readonly zh: string;
  readonly en: string;
  readonly region: { readonly admdvs: string; readonly name: string };
  readonly town?: string;
  readonly period: { readonly label: string; readonly from: string; readonly to: string };
  readonly asOf: string;
  readonly packs: readonly { readonly id: string; readonly version: string; readonly illustrative: boolean }[];
  readonly definitions: readonly { readonly term: string; readonly text: string; readonly clause?: string }[];
  readonly tables: readonly ReportTable[];
}

export interface ReportMeta {
  readonly id: number;
  readonly kind: string;
  readonly period: string;
  readonly admdvs: string;
  readonly town: string | null;
  readonly as_of: string;
  readonly created_by: string;
  readonly created_at: string;
  readonly links: { readonly json: string; readonly xlsx: string; readonly html: string; readonly changes: string };
}

export interface ReportChange {
  readonly table: string;
  readonly tableZh: string;
  readonly row: string;
  readonly column: string;
  readonly columnZh: string;
  readonly before?: Cell;
  readonly after?: Cell;
}

function thousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 123456 fen → "1,234.56"; −5 → "-0.05". */
export function fenText(fen: number): string {
  const b = BigInt(fen);
  const neg = b < 0n;
  const a = neg ? -b : b;
  const yuanPart = (a / 100n).toString();
  const cents = (a % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${thousands(yuanPart)}.${cents}`;
}

/** ⌊num × 1000 ÷ den⌋ as "97.5%"; "" without a positive denominator. */
export function rateText(num: number, den: number): string {
  if (!(den > 0)) return '';
  const n = BigInt(num) * 1000n;
  const d = BigInt(den);
  let q = n / d;
  if (n % d !== 0n && n < 0n) q -= 1n;
  const neg = q < 0n;
  const a = neg ? -q : q;
  return `${neg ? '-' : ''}${(a / 10n).toString()}.${(a % 10n).toString()}%`;
}

export function cellText(c: Cell | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if ('count' in c) return thousands(String(c.count));
  if ('fen' in c) return fenText(c.fen);
  return rateText(c.num, c.den);
}

/** The seven reports: kind, number, names, and the periods each is owed for (src/reports/period.ts REPORT_PERIODS). */
export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';
export const REPORT_KINDS: readonly { kind: string; no: string; zh: string; en: string; periods: readonly PeriodKind[] }[] = [
  { kind: 'enrollment', no: 'REP-1', zh: '参保完成率及八类人群动态清零', en: 'Enrollment completion and the eight groups', periods: ['year', 'half', 'quarter', 'month'] },
  { kind: 'dispatch', no: 'REP-2', zh: '月调度月通报', en: 'Monthly dispatch', periods: ['month'] },
  { kind: 'rating', no: 'REP-3', zh: '季度评比', en: 'Quarterly township rating', periods: ['quarter'] },
  { kind: 'analysis', no: 'REP-4', zh: '数据分析报告', en: 'Half-year and annual analysis', periods: ['year', 'half'] },
  { kind: 'national', no: 'REP-5', zh: '国家调度模块', en: 'National dispatch module', periods: ['quarter'] },
  { kind: 'protection', no: 'REP-6', zh: '综合保障率及政策范围内支付比例', en: 'Comprehensive protection rate', periods: ['year', 'half', 'quarter', 'month'] },
  { kind: 'household', no: 'REP-7', zh: '户籍人员参保率', en: 'Household-registration enrollment rate', periods: ['year', 'half', 'quarter', 'month'] },
];

export function reportName(kind: string, lang: 'zh' | 'en'): string {
  const k = REPORT_KINDS.find((r) => r.kind === kind);
  return k === undefined ? kind : `${k.no} ${k[lang]}`;
}
