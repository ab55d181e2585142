/**
 * REP-6 医疗费用综合保障率 (001 §一 «稳定在85%左右») and the policy-scope payment ratio of each tier
 * (000 §三(二)1–3), per group — each category of the pack's ranking, 特殊群体合计, everyone else, and
 * all — and per township, over the period's settlements as booked by the cut-off.
 */
import { CATEGORY_INFO } from '../people/category.js';
import type { Definition } from './cells.js';
import { documentOf, rate, rateBarChart } from './cells.js';
import { CLAUSE, enrollmentDefinitions, frameDefinitions, moneyDefinitions, protectionDefinitions } from './definitions.js';
import type { MoneyColumn } from './money.js';
import { groupLists, groupMoney, heldRange, moneyTables, tierSharesChart } from './money.js';
import { heldDuring, highestOf, rankedCategories, sortTowns } from './population.js';
import type { ReportDocument, ReportInput } from './types.js';

const COLUMNS: readonly MoneyColumn[] = [
  'withSettlements', 'settlements', 'total', 'policyScope', 'basic', 'criticalIllness', 'assistance', 'reAssistance', 'cases',
  'protection', 'protectionWithCases', 'basicRatio', 'criticalIllnessRatio', 'assistanceRatio', 'reAssistanceRatio', 'tiersRatio', 'assistanceOfSelfPaid',
];
const SPECIAL = 'categories';

export function protectionReport(input: ReportInput): ReportDocument {
  const { from, to } = heldRange(input);
  const categories = rankedCategories(input.policy, to);
  const lists = groupLists(categories, SPECIAL);
  const { grouped, towns: seen } = groupMoney(input, {
    groupsOf: (p) => lists.of(p === undefined || p.identities.length === 0 ? undefined : highestOf(heldDuring(p, from, to, input.policy), categories)),
  });
  const towns = sortTowns(seen);
  const year = input.period.kind === 'year';
  const { byGroup, byTown } = moneyTables(input, grouped, towns, {
    columns: COLUMNS,
    byGroup: { zh: '分类别综合保障率及政策范围内支付比例', en: 'Protection rate and policy-scope ratios by category' },
    groups: categories.map((c) => ({ key: c, zh: CATEGORY_INFO[c].zh })),
    subtotal: { key: SPECIAL, zh: '特殊群体合计' },
    byTown: [
      { id: 'by-town', zh: '各乡镇全体人员综合保障率', en: 'Protection per township: everyone', group: '*' },
      { id: 'by-town-special', zh: '各乡镇特殊群体综合保障率', en: 'Protection per township: the special groups', group: SPECIAL },
    ],
  });
  const all = grouped.get('*', '*');
  return documentOf(input, {
    definitions: [
      ...frameDefinitions(input),
      enrollmentDefinitions().find((d) => d.term.startsWith('持有身份')) as Definition,
      ...moneyDefinitions(input),
      ...protectionDefinitions(input),
      ...ratioDefinitions(),
    ],
    tables: [
      byGroup,
      ...byTown,
    ],
    charts: [
      tierSharesChart(all, year),
      rateBarChart(input, {
        id: 'towns-protection', zh: '各乡镇综合保障率', en: 'Protection rate per township', towns,
        rates: towns.map((t) => { const s = grouped.get(t, '*'); return rate(s.tiers, s.total); }),
        target: { perMille: 850, zh: '85%左右', en: 'about 85 %' },
      }),
    ],
  });
}

function ratioDefinitions(): Definition[] {
  return [
    {
      term: '类别（期间内就高） / category (highest held in the period)',
      text: '期间第一日至统计日之间任一日持有（含ID-3）的、政策包身份排序中最高的一类，每人只计入一类；“特殊群体合计”是各类别之和（小计），“其他人员”不持有排序所列类别，“全体人员”= 特殊群体合计 + 其他人员。 / The highest of the pack\'s ranking held on any day from the period\'s first to the reference day, one per person; 特殊群体合计 adds the categories (a subtotal), others hold none of them, all = the subtotal + others.',
      clause: CLAUSE.ranking,
    },
    {
      term: '政策范围内支付比例 / policy-scope payment ratio of a tier',
      text: '该层次支付 ÷ 政策范围内费用（基本医保、大病保险、医疗救助、再救助各一项，及四项合计 ÷ 政策范围内费用）。文件的目标口径更窄：基本医保为县域政策范围内住院费用按医院等级（二级70%、一级80%），大病保险为倾斜对象的政策范围内支付比例（60%左右）。本系统按人员汇总的金额不区分医疗类别和医院等级，故这里是期间全部结算（含门诊）的比例，不能直接与这些目标比较。 / The tier ÷ policy-scope cost (each tier, and all four together). The documents\' targets are narrower — basic: county inpatient costs by hospital level (70 % level 2, 80 % level 1); critical illness: about 60 % for the favoured groups. The per-person money does not split by medical type or hospital level, so these ratios are over all settlements (outpatient included) and not directly comparable with those targets.',
      clause: `${CLAUSE.basicRatio}；${CLAUSE.criticalIllnessRatio}`,
    },
    {
      term: '政策范围内个人自付救助比例 / assistance of the policy-scope self-paid part',
      text: '医疗救助 ÷（政策范围内费用 − 基本医保 − 大病保险）：经基本医保、大病保险后政策范围内个人自付部分中由医疗救助支付的比例（不含再救助）。按人员所有结算合计，不区分是否在年度救助限额内。 / Assistance ÷ (policy-scope cost − basic − critical illness): the share of the policy-scope part left after basic and critical-illness insurance that assistance paid (re-assistance excluded), over all settlements, whether or not within the year\'s cap.',
      clause: CLAUSE.assistanceRatio,
    },
  ];
}
