/** The table of an enrollment rate per township against a target (REP-1's 95 %, REP-7's 97 %). */
import { CATEGORY_INFO } from '../people/category.js';
import type { Category } from '../people/category.js';
import type { Definition } from './cells.js';
import { col, count, makeTable, rate, row, TOWN_COLUMNS, townCells, townKey, totalsLead, yesNo } from './cells.js';
import type { Counts, EnrollmentFacts } from './enrollment-facts.js';
import { countsOf } from './enrollment-facts.js';
import { compareRates } from './format.js';
import type { Cell, Column, Rate, ReportInput, ReportTable } from './types.js';

export function countCells(c: Counts): Cell[] {
  return [count(c.members), count(c.enrolled), count(c.notEnrolled), rate(c.enrolled, c.members)];
}

/** Target met: the exact rate at or above it; empty without members. */
export function metCell(r: Rate, target: Rate): Cell {
  return r.den === 0 ? '' : yesNo(compareRates(r, target) >= 0);
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
    col('target', '目标', 'target', 'rate'),
    col('met', '是否达标', 'target met', 'text'),
  ];
  const line = (c: Counts): Cell[] => [...countCells(c), t.target, metCell(rate(c.enrolled, c.members), t.target)];
  return makeTable({
    id: t.id, zh: t.zh, en: t.en, columns,
    rows: f.towns.map((town) => row(townKey(town), [...townCells(input, town), ...line(countsOf(f, town, 'all'))])),
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length), ...line(countsOf(f, null, 'all'))]),
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
