/**
 * REP-1 参保完成率和八类人群动态清零 (000 §二): per township and for the scope, the rate of the
 * registry's persons enrolled in resident insurance against the 95 % target; the eight groups' members
 * (each in the highest-ranked category held on the reference day), enrolled and not enrolled against
 * 100 %; and the named 动态清零 list of members not enrolled.
 */
import type { Category } from '../people/category.js';
import type { Definition } from './cells.js';
import { col, makeTable, PERSON_COLUMNS, rate, rateBarChart, row, TOWN_COLUMNS, townCells, townKey, totalsLead, documentOf } from './cells.js';
import { CLAUSE, enrollmentDefinitions, frameDefinitions } from './definitions.js';
import type { Counts, EnrollmentFacts } from './enrollment-facts.js';
import { countsOf, enrollmentFacts } from './enrollment-facts.js';
import { categoryName, clearedCell, countCells, enrolledRate, rateColumns, townRateDefinition, townRatesTable } from './town-rates.js';
import type { Cell, Column, ReportDocument, ReportInput, ReportTable } from './types.js';

export const TARGET_ALL = rate(95, 100);
export const TARGET_GROUPS = rate(100, 100);

const GROUP_RATE = { zh: '参保率', en: 'enrollment rate' };
const MEMBERS = { zh: '人数', en: 'members' };

/** The scope's members of each category, against 100 %, and whether the category is cleared. */
function categoriesTable(f: EnrollmentFacts): ReportTable {
  const columns: Column[] = [
    col('category', '类别', 'category', 'text'),
    ...rateColumns(MEMBERS, GROUP_RATE),
    col('target', '目标', 'target', 'rate'),
    col('cleared', '是否动态清零', 'cleared', 'text'),
  ];
  const line = (c: Counts): Cell[] => [...countCells(c), TARGET_GROUPS, clearedCell(c)];
  return makeTable({
    id: 'categories', zh: '八类人群参保情况', en: 'Enrollment of the eight groups', columns,
    rows: f.categories.map((c) => row(c, [categoryName(c), ...line(countsOf(f, null, c))])),
    totals: row('total', ['八类人群合计', ...line(countsOf(f, null, 'categories'))]),
  });
}

/** Per township: the eight groups together, and per township and category (categories with members). */
function townCategoryTables(input: ReportInput, f: EnrollmentFacts): ReportTable[] {
  const totals = countsOf(f, null, 'categories');
  const byTown = makeTable({
    id: 'towns-groups', zh: '各乡镇八类人群动态清零情况', en: 'The eight groups per township',
    columns: [...TOWN_COLUMNS, ...rateColumns(MEMBERS, GROUP_RATE), col('cleared', '是否动态清零', 'cleared', 'text')],
    rows: f.towns.map((t) => {
      const c = countsOf(f, t, 'categories');
      return row(townKey(t), [...townCells(input, t), ...countCells(c), clearedCell(c)]);
    }),
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length), ...countCells(totals), clearedCell(totals)]),
  });
  const detail: { town: string; category: Category }[] = [];
  for (const t of f.towns) for (const c of f.categories) if (countsOf(f, t, c).members > 0) detail.push({ town: t, category: c });
  const byTownCategory = makeTable({
    id: 'towns-categories', zh: '各乡镇分类别参保情况', en: 'Enrollment per township and category',
    columns: [...TOWN_COLUMNS, col('category', '类别', 'category', 'text'), ...rateColumns(MEMBERS, GROUP_RATE)],
    rows: detail.map(({ town, category }) => row(`${townKey(town)}/${category}`, [...townCells(input, town), categoryName(category), ...countCells(countsOf(f, town, category))])),
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length + 1), ...countCells(totals)]),
  });
  return [byTown, byTownCategory];
}

/** 动态清零名单: every member of a category not enrolled, by township, village, psn_no. */
export function unenrolledTable(input: ReportInput, f: EnrollmentFacts): ReportTable {
  return makeTable({
    id: 'unenrolled', zh: '八类人群未参保人员名单（动态清零名单）', en: 'Members of the eight groups not enrolled (the clearing list)', personal: true,
    columns: [...PERSON_COLUMNS, col('category', '类别', 'category', 'text')],
    rows: f.ledger.unenrolled.map((u) => row(u.psnNo, [...townCells(input, u.town), u.village, u.psnNo, u.name, f.personOf(u.psnNo)?.certnoMasked ?? '', categoryName(u.category)])),
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length, `合计 ${f.ledger.unenrolled.length} 人`), null, null, null, null, null]),
  });
}

export function eightGroupDefinitions(): Definition[] {
  return [
    { term: '八类人群参保率 / enrollment rate of the eight groups', text: '已参保的类别人员 ÷ 类别人员（按统计日持有、就高计入一类），目标100%。 / Enrolled members ÷ members (held on the reference day, each in their highest-ranked category), target 100 %.', clause: CLAUSE.eightGroups },
    { term: '动态清零 / cleared', text: '类别人员中未参保人数为 0；“动态清零名单”列出未参保的每一个人（姓名、身份证号脱敏）。 / No member left without enrollment; the clearing list names every member not enrolled (ID numbers masked).', clause: CLAUSE.enrollmentTarget },
  ];
}

/** The definitions REP-1 and REP-3 share: the frame, enrollment, the completion rate (95 %) and the eight groups'. */
export function completionDefinitions(input: ReportInput): Definition[] {
  return [
    ...frameDefinitions(input),
    ...enrollmentDefinitions(),
    townRateDefinition('参保完成率 / enrollment completion rate', '95%', CLAUSE.enrollmentTarget),
    ...eightGroupDefinitions(),
  ];
}

export function enrollmentReport(input: ReportInput): ReportDocument {
  const f = enrollmentFacts(input);
  const towns = townRatesTable(input, f, { id: 'towns', zh: '各乡镇城乡居民医保参保完成率', en: 'Enrollment completion rate per township', rateZh: '参保完成率', rateEn: 'completion rate', target: TARGET_ALL });
  return documentOf(input, {
    definitions: completionDefinitions(input),
    tables: [towns, categoriesTable(f), ...townCategoryTables(input, f), unenrolledTable(input, f)],
    charts: [
      rateBarChart(input, {
        id: 'towns-rate', zh: '各乡镇参保完成率', en: 'Completion rate per township', towns: f.towns,
        rates: f.towns.map((t) => enrolledRate(countsOf(f, t, 'all'))),
        target: { perMille: 950, zh: '目标 95%', en: 'target 95 %' },
      }),
      rateBarChart(input, {
        id: 'towns-groups-rate', zh: '各乡镇八类人群参保率', en: 'Enrollment rate of the eight groups per township', towns: f.towns,
        rates: f.towns.map((t) => enrolledRate(countsOf(f, t, 'categories'))),
        target: { perMille: 1000, zh: '目标 100%', en: 'target 100 %' },
      }),
    ],
  });
}

