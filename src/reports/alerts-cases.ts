/** The alert and case-money tables REP-4 and REP-5 share. */
import { FUND_SOURCES, FUND_SOURCE_ZH } from '../policy/cases-pack.js';
import { col, count, fen, makeTable, row } from './cells.js';
import type { Sums } from './money.js';
import { packOn, referenceDay } from './population.js';
import type { AlertCounts, ReportInput, ReportTable } from './types.js';

/**
 * The input's alerts within the scope. The loader has already limited them to the scope's persons;
 * here a township prefix keeps its townships' rows, and a village prefix its township's (the
 * counts carry no village).
 */
export function scopedAlerts(input: ReportInput): AlertCounts[] {
  const prefix = input.town;
  if (prefix === undefined) return [...input.alerts];
  return input.alerts.filter((a) => a.town !== null && (a.town.startsWith(prefix) || (prefix.length > a.town.length && prefix.startsWith(a.town))));
}

const STEPS = ['raised', 'pushed', 'verified', 'included', 'closed'] as const;

/** Alerts by rule (the rule's title from the pack in force on the reference day). */
export function alertsTable(input: ReportInput, id = 'alerts'): ReportTable {
  const rules = packOn(input.policy, referenceDay(input)).pack.monitoring?.rules ?? [];
  const byRule = new Map<string, Record<(typeof STEPS)[number], number>>();
  const total = { raised: 0, pushed: 0, verified: 0, included: 0, closed: 0 };
  for (const a of scopedAlerts(input)) {
    let r = byRule.get(a.rule);
    if (r === undefined) byRule.set(a.rule, (r = { raised: 0, pushed: 0, verified: 0, included: 0, closed: 0 }));
    for (const s of STEPS) {
      r[s] += a[s];
      total[s] += a[s];
    }
  }
  const ids = [...byRule.keys()].sort();
  return makeTable({
    id, zh: '防范因病返贫致贫预警（本年度）', en: 'Alerts of the year (risk of poverty through illness)',
    columns: [
      col('rule', '规则', 'rule', 'text'),
      col('title', '规则名称', 'rule title', 'text'),
      col('raised', '已预警', 'raised', 'count'),
      col('pushed', '已推送', 'pushed', 'count'),
      col('verified', '已核实', 'verified', 'count'),
      col('included', '纳入监测', 'included', 'count'),
      col('closed', '已办结', 'closed', 'count'),
    ],
    rows: ids.map((rule) => {
      const r = byRule.get(rule) ?? total;
      return row(rule, [rule, rules.find((x) => x.id === rule)?.title ?? '', ...STEPS.map((s) => count(r[s]))]);
    }),
    totals: row('total', ['合计', null, ...STEPS.map((s) => count(total[s]))]),
  });
}

/** Case money of the year by fund source. */
export function casesTable(s: Sums): ReportTable {
  return makeTable({
    id: 'cases', zh: '个案救助金额（按资金来源，本年度）', en: 'Case money of the year by fund source',
    columns: [col('source', '资金来源', 'fund source', 'text'), col('persons', '人数', 'persons', 'count'), col('amount', '金额', 'amount', 'money')],
    rows: FUND_SOURCES.map((src) => row(src, [FUND_SOURCE_ZH[src], count(s.casePersonsBySource.get(src) ?? 0), fen(s.casesBySource.get(src) ?? 0)])),
    // a person with money from two sources is one person in the total
    totals: row('total', ['合计', count(s.withCases), fen(s.cases)]),
  });
}
