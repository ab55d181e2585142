/**
 * Reporting periods (docs/reports.md §1): a month '2023-05' (REP-2 月调度), a quarter '2023-Q2'
 * (REP-3 季度评比, REP-5 国家调度), a half '2023-H1' (REP-4 半年分析) or a year '2023' (REP-4 年度
 * 分析). Each has inclusive first and last days and a previous period of the same kind, for the
 * change since the last dispatch or rating.
 */
import { isLeapYear } from '../time/calendar.js';
import type { IsoDate } from '../time/date.js';
import { ReportError } from './errors.js';
import type { Period, ReportKind } from './types.js';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function lastDayOfMonth(year: number, month: number): IsoDate {
  const days = month === 2 && isLeapYear(year) ? 29 : (MONTH_DAYS[month - 1] ?? 31);
  return `${year}-${pad2(month)}-${days}` as IsoDate;
}

/** Months a period covers, first and last (1–12). */
function monthsOf(kind: Period['kind'], index: number): [number, number] {
  switch (kind) {
    case 'month':
      return [index, index];
    case 'quarter':
      return [index * 3 - 2, index * 3];
    case 'half':
      return [index * 6 - 5, index * 6];
    case 'year':
      return [1, 12];
  }
}

const COUNT: Readonly<Record<Period['kind'], number>> = { month: 12, quarter: 4, half: 2, year: 1 };

/** The period of `kind`, `year`, `index` (1-based; 1 for a year). */
export function periodOf(kind: Period['kind'], year: number, index: number): Period {
  if (!Number.isInteger(year) || year < 1000 || year > 9999 || !Number.isInteger(index) || index < 1 || index > COUNT[kind]) {
    throw new ReportError('bad-period', `期间无效：${kind} ${year} ${index}`, `not a period: ${kind} ${year} ${index}`);
  }
  const [first, last] = monthsOf(kind, index);
  const label = kind === 'month' ? `${year}-${pad2(index)}` : kind === 'quarter' ? `${year}-Q${index}` : kind === 'half' ? `${year}-H${index}` : String(year);
  return { kind, year, index, from: `${year}-${pad2(first)}-01` as IsoDate, to: lastDayOfMonth(year, last), label };
}

const FORMS = /^(\d{4})(?:-(?:(\d{2})|[Qq]([1-4])|[Hh]([12])))?$/;

/**
 * '2023-05' (month, two digits), '2023-Q2' (quarter), '2023-H1' (half), '2023' (year); the letter in
 * either case, surrounding spaces ignored. Anything else is a ReportError 'bad-period'.
 */
export function parsePeriod(text: string): Period {
  const s = text.trim();
  const m = FORMS.exec(s);
  const bad = (): ReportError =>
    new ReportError(
      'bad-period',
      `期间「${text}」无效：应为月份 2023-05、季度 2023-Q2、半年 2023-H1 或年度 2023`,
      `period "${text}" is not valid: write a month 2023-05, a quarter 2023-Q2, a half 2023-H1 or a year 2023`,
    );
  if (m === null) throw bad();
  const year = Number(m[1]);
  if (year < 1000) throw bad();
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw bad();
    return periodOf('month', year, month);
  }
  if (m[3] !== undefined) return periodOf('quarter', year, Number(m[3]));
  if (m[4] !== undefined) return periodOf('half', year, Number(m[4]));
  return periodOf('year', year, 1);
}

/** The period of the same kind just before: 2023-01 → 2022-12, 2023-Q1 → 2022-Q4, 2023-H1 → 2022-H2, 2023 → 2022. */
export function previousPeriod(p: Period): Period {
  return p.index > 1 ? periodOf(p.kind, p.year, p.index - 1) : periodOf(p.kind, p.year - 1, COUNT[p.kind]);
}

/** From 1 January to the period's last day: the year to date REP-5 reports beside the quarter. */
export function yearToDate(p: Period): { readonly from: IsoDate; readonly to: IsoDate } {
  return { from: `${p.year}-01-01` as IsoDate, to: p.to };
}

/**
 * The periods each report is owed for (POLICY-SPEC §6): REP-2 monthly, REP-3 and REP-5 quarterly,
 * REP-4 by half-year and year; REP-1, REP-6, REP-7 for any period. The builders compute any
 * period; an edge may refuse the others with this table.
 */
export const REPORT_PERIODS: Readonly<Record<ReportKind, readonly Period['kind'][]>> = {
  enrollment: ['month', 'quarter', 'half', 'year'],
  dispatch: ['month'],
  rating: ['quarter'],
  analysis: ['half', 'year'],
  national: ['quarter'],
  protection: ['month', 'quarter', 'half', 'year'],
  household: ['month', 'quarter', 'half', 'year'],
};
