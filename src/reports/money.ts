/**
 * The money of a report's scope (REP-4, REP-5, REP-6): each person's PersonMoney of the period and
 * case money of the year, summed by township and group. A person's group is decided by the report
 * (e.g. the highest-ranked category held at any time in the period). Money of a person not in the
 * registry (possible only without a township scope) counts under the unknown township, in no
 * category.
 */
import type { FundSource } from '../policy/cases-pack.js';
import type { Column, PersonCaseMoney, PersonMoney, ReportChart, ReportInput, ReportPerson, ReportTable } from './types.js';
import { col, count, fen, makeTable, rate, row, TOWN_COLUMNS, townCells, townKey, totalsLead } from './cells.js';
import { populationOf, referenceDay, townOf } from './population.js';
import type { Cell } from './types.js';
import type { IsoDate } from '../time/date.js';

export class Sums {
  /** Persons of the registry in the group (whatever their settlements). */
  persons = 0;
  withSettlements = 0;
  settlements = 0;
  /** Persons with assistance + re-assistance above 0. */
  withAssistance = 0;
  total = 0;
  policyScope = 0;
  basic = 0;
  criticalIllness = 0;
  assistance = 0;
  reAssistance = 0;
  personal = 0;
  cases = 0;
  withCases = 0;
  readonly casesBySource = new Map<FundSource, number>();
  /** Persons with a non-zero amount from the source. */
  readonly casePersonsBySource = new Map<FundSource, number>();

  addMoney(m: PersonMoney): void {
    if (m.settlements > 0) this.withSettlements++;
    this.settlements += m.settlements;
    if (m.assistance + m.reAssistance > 0) this.withAssistance++;
    this.total += m.total;
    this.policyScope += m.policyScope;
    this.basic += m.basic;
    this.criticalIllness += m.criticalIllness;
    this.assistance += m.assistance;
    this.reAssistance += m.reAssistance;
    this.personal += m.personal;
  }

  addCases(c: PersonCaseMoney): void {
    if (c.total !== 0) this.withCases++;
    this.cases += c.total;
    for (const [source, amount] of Object.entries(c.bySource) as [FundSource, number | undefined][]) {
      if (amount === undefined || amount === 0) continue;
      this.casesBySource.set(source, (this.casesBySource.get(source) ?? 0) + amount);
      this.casePersonsBySource.set(source, (this.casePersonsBySource.get(source) ?? 0) + 1);
    }
  }

  get tiers(): number {
    return this.basic + this.criticalIllness + this.assistance + this.reAssistance;
  }
}

/** Sums by `${town}|${group}`, with '*' for every township and every group. */
export class Grouped {
  readonly map = new Map<string, Sums>();
  at(town: string, group: string): Sums {
    const key = `${town}|${group}`;
    let s = this.map.get(key);
    if (s === undefined) this.map.set(key, (s = new Sums()));
    return s;
  }
  /** Read only: an empty Sums when nothing was added. */
  get(town: string, group: string): Sums {
    return this.map.get(`${town}|${group}`) ?? new Sums();
  }
}

export interface MoneyOptions {
  /**
   * The groups a person counts in ('*' is added): e.g. [category] or [category, 'categories']. The
   * same array for the same groups (see groupLists): it keys the cache of a county's persons.
   */
  readonly groupsOf: (p: ReportPerson | undefined) => readonly string[];
  /** The period's money (default input.money). */
  readonly money?: readonly PersonMoney[] | undefined;
  /** Add the case money (default true). */
  readonly cases?: boolean | undefined;
}

/**
 * Every scoped person, and every money row, into its township and groups (and '*'). Persons sharing
 * a township and groups share one list of Sums, so a county costs a few hundred lists, not one per
 * person.
 */
export function groupMoney(input: ReportInput, o: MoneyOptions): { grouped: Grouped; towns: string[] } {
  const { persons, index } = populationOf(input);
  const grouped = new Grouped();
  const towns = new Set<string>();
  // by township, then by the groups array itself: groupsOf returns the same array for the same groups
  const lists = new Map<string, Map<readonly string[], Sums[]>>();
  const listOf = (p: ReportPerson | undefined): Sums[] => {
    const town = townOf(p);
    const groups = o.groupsOf(p);
    let byGroups = lists.get(town);
    if (byGroups === undefined) {
      lists.set(town, (byGroups = new Map<readonly string[], Sums[]>()));
      towns.add(town);
    }
    let list = byGroups.get(groups);
    if (list === undefined) {
      list = [];
      for (const g of [...groups, '*']) list.push(grouped.at(town, g), grouped.at('*', g));
      byGroups.set(groups, list);
    }
    return list;
  };
  const slots = persons.map((p) => {
    const list = listOf(p);
    for (const s of list) s.persons++;
    return list;
  });
  // money of a person not in the registry: the unknown township, no group — only without a scope
  let outside: Sums[] | undefined;
  const of = (psnNo: string): readonly Sums[] => {
    const i = index.get(psnNo);
    if (i !== undefined) return slots[i] ?? [];
    if (input.town !== undefined) return [];
    return (outside ??= listOf(undefined));
  };
  for (const m of o.money ?? input.money) for (const s of of(m.psnNo)) s.addMoney(m);
  if (o.cases !== false) for (const c of input.cases) for (const s of of(c.psnNo)) s.addCases(c);
  return { grouped, towns: [...towns] };
}

/** The group of everyone else (groupLists). */
export const OTHERS = 'others';

/** For each category, the one array [category, subtotal] groupsOf returns; `others` for everyone else. */
export function groupLists(categories: readonly string[], subtotal: string): { of: (c: string | undefined) => readonly string[]; others: readonly string[] } {
  const lists = new Map(categories.map((c) => [c, [c, subtotal] as readonly string[]]));
  const others: readonly string[] = [OTHERS];
  return { of: (c) => (c === undefined ? undefined : lists.get(c)) ?? others, others };
}

/** [from, reference day]: the days of the period a category held counts for (REP-4/5/6 groups). */
export function heldRange(input: ReportInput): { from: IsoDate; to: IsoDate } {
  return { from: input.period.from, to: referenceDay(input) };
}

export type MoneyColumn =
  | 'persons' | 'withSettlements' | 'settlements' | 'withAssistance' | 'total' | 'policyScope' | 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance'
  | 'personal' | 'cases' | 'personalAfterCases' | 'protection' | 'protectionWithCases'
  | 'basicRatio' | 'criticalIllnessRatio' | 'assistanceRatio' | 'reAssistanceRatio' | 'tiersRatio' | 'assistanceOfSelfPaid';

export const MONEY_COLUMNS: Readonly<Record<MoneyColumn, Column>> = {
  persons: col('persons', '人数', 'persons', 'count'),
  withSettlements: col('withSettlements', '有结算人数', 'persons with settlements', 'count'),
  settlements: col('settlements', '结算人次', 'settlements', 'count'),
  withAssistance: col('withAssistance', '享受医疗救助人数', 'persons assisted', 'count'),
  total: col('total', '医疗费用总额', 'total cost', 'money'),
  policyScope: col('policyScope', '政策范围内费用', 'policy-scope cost', 'money'),
  basic: col('basic', '基本医保支付', 'basic insurance', 'money'),
  criticalIllness: col('criticalIllness', '大病保险支付', 'critical illness insurance', 'money'),
  assistance: col('assistance', '医疗救助支付', 'medical assistance', 'money'),
  reAssistance: col('reAssistance', '再救助支付', 're-assistance', 'money'),
  personal: col('personal', '个人负担', 'personal burden', 'money'),
  cases: col('cases', '个案救助', 'case money', 'money'),
  personalAfterCases: col('personalAfterCases', '个案救助后个人负担', 'personal burden after cases', 'money'),
  protection: col('protection', '综合保障率', 'comprehensive protection rate', 'rate'),
  protectionWithCases: col('protectionWithCases', '综合保障率（含个案救助）', 'protection rate with case money', 'rate'),
  basicRatio: col('basicRatio', '基本医保政策范围内支付比例', 'basic: policy-scope ratio', 'rate'),
  criticalIllnessRatio: col('criticalIllnessRatio', '大病保险政策范围内支付比例', 'critical illness: policy-scope ratio', 'rate'),
  assistanceRatio: col('assistanceRatio', '医疗救助政策范围内支付比例', 'assistance: policy-scope ratio', 'rate'),
  reAssistanceRatio: col('reAssistanceRatio', '再救助政策范围内支付比例', 're-assistance: policy-scope ratio', 'rate'),
  tiersRatio: col('tiersRatio', '三重制度政策范围内支付比例', 'all tiers: policy-scope ratio', 'rate'),
  assistanceOfSelfPaid: col('assistanceOfSelfPaid', '政策范围内个人自付救助比例', 'assistance of the policy-scope self-paid part', 'rate'),
};

/**
 * A Sums as cells of `columns`. `withYearCases`: figures that combine the period's money with the
 * year's case money (personalAfterCases, protectionWithCases) are given; otherwise they are empty.
 */
export function moneyCells(s: Sums | undefined, columns: readonly MoneyColumn[], withYearCases: boolean): Cell[] {
  if (s === undefined) return columns.map(() => null);
  return columns.map((c): Cell => {
    switch (c) {
      case 'persons': return count(s.persons);
      case 'withSettlements': return count(s.withSettlements);
      case 'settlements': return count(s.settlements);
      case 'withAssistance': return count(s.withAssistance);
      case 'total': return fen(s.total);
      case 'policyScope': return fen(s.policyScope);
      case 'basic': return fen(s.basic);
      case 'criticalIllness': return fen(s.criticalIllness);
      case 'assistance': return fen(s.assistance);
      case 'reAssistance': return fen(s.reAssistance);
      case 'personal': return fen(s.personal);
      case 'cases': return fen(s.cases);
      case 'personalAfterCases': return withYearCases ? fen(s.personal - s.cases) : null;
      case 'protection': return rate(s.tiers, s.total);
      case 'protectionWithCases': return withYearCases ? rate(s.tiers + s.cases, s.total) : null;
      case 'basicRatio': return rate(s.basic, s.policyScope);
      case 'criticalIllnessRatio': return rate(s.criticalIllness, s.policyScope);
      case 'assistanceRatio': return rate(s.assistance, s.policyScope);
      case 'reAssistanceRatio': return rate(s.reAssistance, s.policyScope);
      case 'tiersRatio': return rate(s.tiers, s.policyScope);
      case 'assistanceOfSelfPaid': return rate(s.assistance, s.policyScope - s.basic - s.criticalIllness);
    }
  });
}

export interface MoneyTables {
  readonly columns: readonly MoneyColumn[];
  /** The titles of the by-group table ('by-group'). */
  readonly byGroup: { readonly zh: string; readonly en: string };
  /** Its first rows: each group's key (as groupsOf gives it) and label. */
  readonly groups: readonly { readonly key: string; readonly zh: string }[];
  /** The row after them, shown in bold: the groups together (the second key groupLists gives each). */
  readonly subtotal: { readonly key: string; readonly zh: string };
  /** The per-township tables, in this order, each of one group ('*': everyone). */
  readonly byTown: readonly { readonly id: string; readonly zh: string; readonly en: string; readonly group: string }[];
}

/**
 * The money tables of REP-4 and REP-6: by group (each group, the subtotal, 其他人员, and 全体人员 as
 * the totals) and per township (each township, the scope as the totals), on the same columns.
 * `towns` in the order of the rows (sortTowns).
 */
export function moneyTables(input: ReportInput, grouped: Grouped, towns: readonly string[], t: MoneyTables): { byGroup: ReportTable; byTown: ReportTable[] } {
  const year = input.period.kind === 'year';
  const columns = t.columns.map((c) => MONEY_COLUMNS[c]);
  const cells = (town: string, group: string): Cell[] => moneyCells(grouped.get(town, group), t.columns, year);
  const byGroup = makeTable({
    id: 'by-group', zh: t.byGroup.zh, en: t.byGroup.en,
    columns: [col('group', '类别', 'category', 'text'), ...columns],
    rows: [
      ...t.groups.map((g) => row(g.key, [g.zh, ...cells('*', g.key)])),
      row(t.subtotal.key, [t.subtotal.zh, ...cells('*', t.subtotal.key)], true),
      row(OTHERS, ['其他人员', ...cells('*', OTHERS)]),
    ],
    totals: row('total', ['全体人员', ...cells('*', '*')]),
  });
  const byTown = t.byTown.map(({ id, zh, en, group }) =>
    makeTable({
      id, zh, en, columns: [...TOWN_COLUMNS, ...columns],
      rows: towns.map((town) => row(townKey(town), [...townCells(input, town), ...cells(town, group)])),
      totals: row('total', [...totalsLead(TOWN_COLUMNS.length), ...cells('*', group)]),
    }));
  return { byGroup, byTown };
}

/** Burden bands of the analysis (ours, not the documents'): lower bound inclusive, fen. */
export const BURDEN_BANDS: readonly { readonly key: string; readonly zh: string; readonly en: string; readonly from: number }[] = [
  { key: 'lt1k', zh: '1千元以下', en: 'below 1,000', from: Number.NEGATIVE_INFINITY },
  { key: '1k-5k', zh: '1千–5千元', en: '1,000–5,000', from: 100_000 },
  { key: '5k-10k', zh: '5千–1万元', en: '5,000–10,000', from: 500_000 },
  { key: '10k-20k', zh: '1万–2万元', en: '10,000–20,000', from: 1_000_000 },
  { key: '20k-50k', zh: '2万–5万元', en: '20,000–50,000', from: 2_000_000 },
  { key: 'ge50k', zh: '5万元及以上', en: '50,000 and above', from: 5_000_000 },
];

/** The index of the band a personal burden (fen) falls in. */
export function bandOf(personal: number): number {
  let i = 0;
  for (let b = 0; b < BURDEN_BANDS.length; b++) if (personal >= (BURDEN_BANDS[b]?.from ?? 0)) i = b;
  return i;
}

/**
 * How the total cost was borne (pie, fen): each tier, then — in a year's report — the case money and
 * what the person was left with after it, else the personal burden. A negative share (case money
 * above the burden) shows as 0.
 */
export function tierSharesChart(s: Sums, withYearCases: boolean, id = 'tier-shares'): ReportChart {
  const parts: [string, number][] = [
    ['基本医保', s.basic], ['大病保险', s.criticalIllness], ['医疗救助', s.assistance], ['再救助', s.reAssistance],
    ...(withYearCases ? ([['个案救助', s.cases], ['个案救助后个人负担', s.personal - s.cases]] as [string, number][]) : ([['个人负担', s.personal]] as [string, number][])),
  ];
  return {
    id, zh: '医疗费用构成（各层次支付及个人负担）', en: 'How the total cost was borne: each tier and the person', type: 'pie',
    labels: parts.map(([l]) => l), series: [{ name: '金额', values: parts.map(([, v]) => Math.max(0, v)) }], unit: 'fen',
  };
}
