/** The table of an enrollment rate per township against a target (REP-1's 95 %, REP-7's 97 %). */
import { CATEGORY_INFO } from '../people/category.js';
import type { Category } from '../people/category.js';
import type { Definition } from './cells.js';
import { col, count, makeTable, rate, row, TOWN_COLUMNS, townCells, townKey, totalsLead, yesNo } from './cells.js';
import type { Counts, EnrollmentFacts } from './enrollment-facts.js';
import { countsOf } from './enrollment-facts.js';
import { compareRates } from './format.js';
import type { Cell, Column, Rate, ReportInput, ReportTable } from './types.js';

/** Enrolled ÷ members. */
export function enrolledRate(c: Counts): Rate {
  return rate(c.enrolled, c.members);
}

export function countCells(c: Counts): Cell[] {
  return [count(c.members), count(c.enrolled), count(c.notEnrolled), enrolledRate(c)];
}

/** Target met: the exact rate at or above it; empty without members. */
export function metCell(r: Rate, target: Rate): Cell {
  return r.den === 0 ? '' : yesNo(compareRates(r, target) >= 0);
}

/** 动态清零: nobody left without enrollment; empty without members. */
export function clearedCell(c: Counts): Cell {
  return c.members === 0 ? '' : yesNo(c.notEnrolled === 0);
}

/** The columns after rateColumns that targetCells fills: the target and whether it is met. */
export const TARGET_COLUMNS: readonly Column[] = [col('target', '目标', 'target', 'rate'), col('met', '是否达标', 'target met', 'text')];

/** countCells, then the target and whether the rate meets it (rateColumns, TARGET_COLUMNS). */
export function targetCells(c: Counts, target: Rate): Cell[] {
  return [...countCells(c), target, metCell(enrolledRate(c), target)];
}

export function rateColumns(members: { zh: string; en: string }, rateName: { zh: string; en: string }): Column[] {
  return [
    col('members', members.zh, members.en, 'count'),
    col('enrolled', '已参保', 'enrolled', 'count'),
    col('notEnrolled', '未参保', 'not enrolled', 'count'),
    col('rate', rateName.zh, rateName.en, 'rate'),
  ];
}

/** Per township: registry persons, enrolled, not enrolled, the rate, the target and whether it is met. */
export function townRatesTable(input: ReportInput, f: EnrollmentFacts, t: { id: string; zh: string; en: string; rateZh: string; rateEn: string; target: Rate }): ReportTable {
  const columns = [
    ...TOWN_COLUMNS,
    ...rateColumns({ zh: '登记人员', en: 'persons in the registry' }, { zh: t.rateZh, en: t.rateEn }),
    ...TARGET_COLUMNS,
  ];
  return makeTable({
    id: t.id, zh: t.zh, en: t.en, columns,
    rows: f.towns.map((town) => row(townKey(town), [...townCells(input, town), ...targetCells(countsOf(f, town, 'all'), t.target)])),
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length), ...targetCells(countsOf(f, null, 'all'), t.target)]),
  });
}

export function categoryName(c: Category): string {
  return CATEGORY_INFO[c].zh;
}

/** The rate of the registry's persons enrolled, per township, against a target. */
export function townRateDefinition(term: string, target: string, clause: string): Definition {
  return {
    term,
    text: `已参保的登记人员 ÷ 登记人员（按统计日），目标${target}；“是否达标”比较精确的分数，不比较显示的四舍五入值。 / Enrolled persons of the registry ÷ persons of the registry (on the reference day), target ${target}; "target met" compares the exact fraction, not the displayed one.`,
    clause,
  };
}
