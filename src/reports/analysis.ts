/**
 * REP-4 半年 / 年度数据分析报告 (001 §二(二)5): the medical costs of 特困供养人员, 最低生活保障家庭成员
 * and 低保边缘家庭成员 — and, for comparison, of everyone — split by tier (基本医疗, 大病保险, 医疗救助
 * with 再救助) with the personal burden and the case money, per category and per township; the
 * distribution of the personal burden; the year's alerts by rule. 商业补充保险 is not in the data.
 */
import type { Category } from '../people/category.js';
import { CATEGORY_INFO } from '../people/category.js';
import { col, count, documentOf, fen, makeTable, row } from './cells.js';
import type { Definition } from './cells.js';
import { alertsTable, casesTable } from './alerts-cases.js';
import { alertDefinitions, CLAUSE, enrollmentDefinitions, frameDefinitions, moneyDefinitions, protectionDefinitions } from './definitions.js';
import type { MoneyColumn } from './money.js';
import { BURDEN_BANDS, bandOf, groupLists, groupMoney, heldRange, moneyTables, tierSharesChart } from './money.js';
import { heldDuring, highestOf, populationOf, scopedPersons, sortTowns } from './population.js';
import type { IsoDate } from '../time/date.js';
import type { ReportChart, ReportDocument, ReportInput, ReportPerson, ReportTable } from './types.js';

/** The three groups 001 §二(二)5 monitors, in the order of every pack's ranking (ID-1). */
export const ANALYSIS_GROUPS: readonly Category[] = ['tekun', 'dibao', 'dibian'];
const THREE = 'three';

const COLUMNS: readonly MoneyColumn[] = ['persons', 'withSettlements', 'settlements', 'total', 'policyScope', 'basic', 'criticalIllness', 'assistance', 'reAssistance', 'personal', 'cases', 'personalAfterCases', 'protection'];

/** The person's group: the first of tekun, dibao, dibian held at any time in [from, to] (the period up to the reference day). */
export function analysisGroup(input: ReportInput, p: ReportPerson, range: { from: IsoDate; to: IsoDate }): Category | undefined {
  return highestOf(heldDuring(p, range.from, range.to, input.policy), ANALYSIS_GROUPS);
}

function burdenTable(input: ReportInput, groupOf: Map<string, string>): { table: ReportTable; chart: ReportChart } {
  const { index } = populationOf(input);
  const n = BURDEN_BANDS.length;
  const all = Array<number>(n).fill(0);
  const three = Array<number>(n).fill(0);
  const sums = Array<number>(n).fill(0);
  const byGroup = new Map(ANALYSIS_GROUPS.map((g) => [g as string, Array<number>(n).fill(0)]));
  for (const m of input.money) {
    if (m.settlements <= 0 || (input.town !== undefined && !index.has(m.psnNo))) continue;
    const b = bandOf(m.personal);
    all[b] = (all[b] ?? 0) + 1;
    sums[b] = (sums[b] ?? 0) + m.personal;
    const g = groupOf.get(m.psnNo);
    const counts = g === undefined ? undefined : byGroup.get(g);
    if (counts !== undefined) {
      counts[b] = (counts[b] ?? 0) + 1;
      three[b] = (three[b] ?? 0) + 1;
    }
  }
  const sum = (a: readonly number[]): number => a.reduce((x, y) => x + y, 0);
  const table = makeTable({
    id: 'burden', zh: '个人负担分布（有结算人员）', en: 'Distribution of the personal burden (persons with settlements)',
    columns: [
      col('band', '个人负担', 'personal burden (yuan)', 'text'),
      col('persons', '全体人数', 'persons (all)', 'count'),
      ...ANALYSIS_GROUPS.map((g) => col(g, `${CATEGORY_INFO[g].zh}人数`, `persons (${g})`, 'count')),
      col('amount', '个人负担合计（全体）', 'their personal burden (all)', 'money'),
    ],
    rows: BURDEN_BANDS.map((b, i) => row(b.key, [b.zh, count(all[i] ?? 0), ...ANALYSIS_GROUPS.map((g) => count(byGroup.get(g)?.[i] ?? 0)), fen(sums[i] ?? 0)])),
    totals: row('total', ['合计', count(sum(all)), ...ANALYSIS_GROUPS.map((g) => count(sum(byGroup.get(g) ?? []))), fen(sum(sums))]),
  });
  const chart: ReportChart = {
    id: 'burden', zh: '个人负担分布', en: 'Distribution of the personal burden', type: 'histogram', unit: 'count',
    labels: BURDEN_BANDS.map((b) => b.zh),
    series: [{ name: '全体人员', values: all }, { name: '特困、低保、低边', values: three }],
  };
  return { table, chart };
}

export function analysisReport(input: ReportInput): ReportDocument {
  const range = heldRange(input);
  const groupOf = new Map<string, string>();
  for (const p of scopedPersons(input)) {
    if (p.identities.length === 0) continue;
    const g = analysisGroup(input, p, range);
    if (g !== undefined) groupOf.set(p.psnNo, g);
  }
  const lists = groupLists(ANALYSIS_GROUPS, THREE);
  const { grouped, towns: seen } = groupMoney(input, { groupsOf: (p) => lists.of(p === undefined ? undefined : groupOf.get(p.psnNo)) });
  const year = input.period.kind === 'year';
  const { byGroup, byTown } = moneyTables(input, grouped, sortTowns(seen), {
    columns: COLUMNS,
    byGroup: { zh: '分类别医疗费用及保障情况', en: 'Costs and protection by category' },
    groups: ANALYSIS_GROUPS.map((g) => ({ key: g, zh: CATEGORY_INFO[g].zh })),
    subtotal: { key: THREE, zh: '三类人员小计' },
    byTown: [
      { id: 'by-town-three', zh: '各乡镇特困、低保、低边人员医疗费用', en: 'Costs of the three groups per township', group: THREE },
      { id: 'by-town', zh: '各乡镇全体人员医疗费用', en: 'Costs of everyone per township', group: '*' },
    ],
  });
  const burden = burdenTable(input, groupOf);
  return documentOf(input, {
    definitions: [
      ...frameDefinitions(input),
      enrollmentDefinitions().find((d) => d.term.startsWith('登记人员')) as Definition,
      enrollmentDefinitions().find((d) => d.term.startsWith('持有身份')) as Definition,
      ...moneyDefinitions(input),
      ...protectionDefinitions(input).filter((d) => !d.term.includes('含个案')),
      ...(year ? protectionDefinitions(input).filter((d) => d.term.includes('含个案')) : []),
      ...analysisDefinitions(input),
      ...alertDefinitions(),
    ],
    tables: [
      byGroup,
      ...byTown,
      burden.table,
      casesTable(grouped.get('*', '*')),
      alertsTable(input),
    ],
    charts: [burden.chart, tierSharesChart(grouped.get('*', '*'), year)],
  });
}

function analysisDefinitions(input: ReportInput): Definition[] {
  return [
    {
      term: '类别（期间内就高） / category (highest held in the period)',
      text: '特困人员、低保对象、低保边缘户三类：期间第一日至统计日之间任一日持有（含ID-3）的最高一类（特困 > 低保 > 低边，各政策包排序一致），每人只计入一类；不持有这三类的为“其他人员”。“三类人员小计”是前三行之和，“全体人员”是三类与其他人员之和。人数为登记人员数（不论有无结算）。 / The highest of tekun > dibao > dibian held on any day from the period\'s first to the reference day (ID-3 included), one per person; everyone else is "others". The subtotal adds the three; the total adds the three and the others. "Persons" counts the registry, with or without settlements.',
      clause: CLAUSE.analysis,
    },
    {
      term: '个人负担分布 / distribution of the personal burden',
      text: '期间有结算的人员按期间个人负担（个案救助前）分档：1千元以下、1千–5千、5千–1万、1万–2万、2万–5万、5万元及以上，下限含本数（如恰为1万元计入“1万–2万元”）。分档是本系统所定，不是文件规定。 / Persons with settlements in the period by their personal burden of the period (before case money): below 1,000; 1,000–5,000; 5,000–10,000; 10,000–20,000; 20,000–50,000; 50,000 and above yuan, each lower bound included. The bands are ours, not the documents\'.',
    },
    {
      term: '报告时间 / when it is due',
      text: `半年报告每年7月底前、全年报告次年1月底前形成；本期 ${input.period.label}。 / The half-year report by the end of July, the annual report by the end of January of the next year; this one covers ${input.period.label}.`,
      clause: CLAUSE.analysis,
    },
  ];
}
