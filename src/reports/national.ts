/**
 * REP-5 国家调度模块 quarterly figures (004 §二(二)). The notice names the module and its quarterly
 * dispatch, not its form: these are the quantities of the notice's subjects the data holds — the
 * enrollment of the groups the pack ranks (帮扶对象, §一(一)–(二)), their settlements and each
 * tier's spending (§一(三)–(四)), the comprehensive protection rate, case money and alerts (§二(一)),
 * for the quarter and for the year to date.
 */
import type { Category } from '../people/category.js';
import { alertsTable, casesTable } from './alerts-cases.js';
import type { Definition } from './cells.js';
import { col, documentOf, makeTable, row } from './cells.js';
import { alertDefinitions, CLAUSE, enrollmentDefinitions, frameDefinitions, moneyDefinitions, protectionDefinitions } from './definitions.js';
import { countsOf, enrollmentFacts } from './enrollment-facts.js';
import type { Grouped, MoneyColumn } from './money.js';
import { groupLists, groupMoney, heldRange, MONEY_COLUMNS, moneyCells, tierSharesChart } from './money.js';
import type { IsoDate } from '../time/date.js';
import { heldDuring, highestOf, rankedCategories, referenceDay } from './population.js';
import { categoryName, countCells, rateColumns } from './town-rates.js';
import type { PersonMoney, ReportDocument, ReportInput, ReportPerson, ReportTable } from './types.js';

const COLUMNS: readonly MoneyColumn[] = ['withSettlements', 'settlements', 'withAssistance', 'total', 'policyScope', 'basic', 'criticalIllness', 'assistance', 'reAssistance', 'personal', 'protection'];
const LOW_INCOME = 'categories';

/** The year-to-date money: given, or the period's own when it starts on 1 January; undefined otherwise. */
export function yearToDateMoney(input: ReportInput): readonly PersonMoney[] | undefined {
  if (input.yearToDate !== undefined) return input.yearToDate.money;
  return input.period.from.endsWith('-01-01') ? input.money : undefined;
}

function benefitTable(id: string, zh: string, en: string, categories: readonly Category[], g: Grouped | undefined, withCases: boolean): ReportTable {
  const cols: readonly MoneyColumn[] = withCases ? [...COLUMNS, 'cases'] : COLUMNS;
  return makeTable({
    id, zh, en,
    columns: [col('category', '类别', 'category', 'text'), ...cols.map((c) => MONEY_COLUMNS[c])],
    rows: categories.map((c) => row(c, [categoryName(c), ...moneyCells(g?.get('*', c), cols, false)])),
    totals: row('total', ['合计', ...moneyCells(g?.get('*', LOW_INCOME), cols, false)]),
  });
}

export function nationalReport(input: ReportInput): ReportDocument {
  const f = enrollmentFacts(input);
  const categories = rankedCategories(input.policy, referenceDay(input));
  const { from, to } = heldRange(input);
  const ytdFrom = `${input.period.year}-01-01` as IsoDate;
  const lists = groupLists(categories, LOW_INCOME);
  const none: readonly string[] = [];
  const group = (p: ReportPerson | undefined, start: IsoDate): readonly string[] => {
    const c = p === undefined || p.identities.length === 0 ? undefined : highestOf(heldDuring(p, start, to, input.policy), categories);
    return c === undefined ? none : lists.of(c);
  };
  const quarter = groupMoney(input, { groupsOf: (p) => group(p, from), cases: false }).grouped;
  const ytdMoney = yearToDateMoney(input);
  const ytd = ytdMoney === undefined ? undefined : groupMoney(input, { groupsOf: (p) => group(p, ytdFrom), money: ytdMoney }).grouped;
  const enrollment = makeTable({
    id: 'enrollment', zh: '帮扶对象参保情况', en: 'Enrollment of the assisted groups',
    columns: [col('category', '类别', 'category', 'text'), ...rateColumns({ zh: '人数', en: 'members' }, { zh: '参保率', en: 'enrollment rate' })],
    rows: categories.map((c) => row(c, [categoryName(c), ...countCells(countsOf(f, null, c))])),
    totals: row('total', ['合计', ...countCells(countsOf(f, null, 'categories'))]),
  });
  const cases = ytd === undefined ? groupMoney(input, { groupsOf: (p) => group(p, ytdFrom), money: [] }).grouped : ytd;
  return documentOf(input, {
    definitions: [
      ...frameDefinitions(input),
      ...enrollmentDefinitions(),
      ...moneyDefinitions(input),
      ...protectionDefinitions(input).filter((d) => !d.term.includes('含个案')),
      ...alertDefinitions(),
      ...nationalDefinitions(input, ytdMoney !== undefined),
    ],
    tables: [
      enrollment,
      benefitTable('benefit-period', `帮扶对象待遇享受情况（${input.period.label}）`, `Benefits of the assisted groups (${input.period.label})`, categories, quarter, false),
      benefitTable('benefit-ytd', `帮扶对象待遇享受情况（${input.period.year}年初至${input.period.to}）`, `Benefits of the assisted groups (year to ${input.period.to})`, categories, ytd, true),
      { ...casesTable(cases.get('*', LOW_INCOME)), zh: '帮扶对象个案救助金额（按资金来源，本年度）', en: 'Case money of the assisted groups of the year by fund source' },
      alertsTable(input),
    ],
    charts: [{ ...tierSharesChart(quarter.get('*', LOW_INCOME), false), zh: `帮扶对象医疗费用构成（${input.period.label}）`, en: `How the assisted groups' costs were borne (${input.period.label})` }],
  });
}

function nationalDefinitions(input: ReportInput, ytd: boolean): Definition[] {
  return [
    {
      term: '国家调度模块 / the national module',
      text: '菏泽通知只规定了“巩固拓展医保脱贫攻坚成果有效衔接乡村振兴政策和数据模块”须按季度准确填报，没有给出模块的表式和指标。本报表给出的是通知所涉事项中本系统数据能够提供的数量：帮扶对象的参保（应保尽保）、就医结算及各层次支付、综合保障率、个案救助和监测预警；报送时须按模块的实际表式对应填写。 / The Heze notice requires the module to be filled in accurately every quarter but gives neither its form nor its fields. These are the quantities of the notice\'s subjects the data holds — enrollment of the assisted groups, their settlements and each tier\'s spending, the protection rate, case money and alerts —, to be transcribed into the module\'s actual form.',
      clause: CLAUSE.national,
    },
    {
      term: '帮扶对象 / assisted groups',
      text: '政策包身份排序所列类别（菏泽为通知§一(一)所列特困人员、低保对象、返贫致贫人口、低保边缘家庭成员、脱贫不稳定户、边缘易致贫户、支出型困难户；彭水为八类人群）。参保表按统计日持有的最高类别；待遇表按期间（或年初）至统计日任一日持有的最高类别，每人只计入一类。 / The categories of the pack\'s ranking (in Heze the groups of §一(一); in Pengshui the eight). Enrollment: the highest held on the reference day; benefits: the highest held on any day from the period\'s (or the year\'s) first day to the reference day, one per person.',
      clause: CLAUSE.nationalGroups,
    },
    {
      term: '享受医疗救助人数 / persons assisted',
      text: '期间医疗救助与再救助合计大于0的人数。 / Persons whose assistance plus re-assistance of the period is above 0.',
    },
    {
      term: '年初至今 / year to date',
      text: ytd
        ? `${input.period.year}-01-01 至 ${input.period.to} 的结算，口径同本期；个案救助为本年度截止时间前记账的金额。 / Settlements of 1 January to ${input.period.to}, under the same rules; case money as booked for the year by the cut-off.`
        : `未提供 ${input.period.year}-01-01 至 ${input.period.to} 的结算数据，年初至今一表为空。 / The year-to-date money was not supplied: that table is empty.`,
    },
  ];
}
