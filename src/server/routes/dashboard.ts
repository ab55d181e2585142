/**
 * GET /api/v1/dashboard?year=YYYY: the figures of the web application's dashboard for the user's
 * area — a township user's township, else the region (or a township asked for) — each taken from
 * the report that defines it and naming it (`source`): the enrollment completion rate per township
 * and the eight groups (REP-1), the settlements, each tier's money and the case money of the year
 * and the comprehensive protection rate (REP-6), and the open monitoring alerts. Computed on request
 * by the report builders (src/store/dashboard.ts): what it costs is in docs/api.md.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RegionPolicies, RegionPolicy } from '../../policy/regions.js';
import { formatRate, isRate, perMille } from '../../reports/format.js';
import type { Cell, ReportDocument, ReportTable, TableRow } from '../../reports/types.js';
import type { DashboardFigures } from '../../store/dashboard.js';
import { dashboardFigures, latestSettlementYear } from '../../store/dashboard.js';
import type { Db } from '../../store/db.js';
import { regionOf } from '../../store/reports.js';
import { ERROR_SCHEMA, requireRole, scopeOf, userOf } from '../auth.js';
import { HttpError } from '../errors.js';
import { yuanOut } from '../format.js';
import { caseAnswer } from './cases.js';

// reading a report document ---------------------------------------------------------------------

function tableOf(doc: ReportDocument, id: string): ReportTable {
  const t = doc.tables.find((x) => x.id === id);
  if (t === undefined) throw new Error(`dashboard: ${doc.kind} has no table ${id}`);
  return t;
}

/** The cells of a row by column key. */
function cellsOf(t: ReportTable, r: TableRow | undefined): (key: string) => Cell {
  return (key) => {
    const i = t.columns.findIndex((c) => c.key === key);
    if (i < 0) throw new Error(`dashboard: table ${t.id} has no column ${key}`);
    return r?.cells[i] ?? null;
  };
}

function totalsOf(t: ReportTable): (key: string) => Cell {
  if (t.totals === undefined) throw new Error(`dashboard: table ${t.id} has no totals`);
  return cellsOf(t, t.totals);
}

const countOf = (c: Cell): number => (c !== null && typeof c === 'object' && 'count' in c ? c.count : 0);
const fenOf = (c: Cell): number => (c !== null && typeof c === 'object' && 'fen' in c ? c.fen : 0);
/** A rate under the reports' one rule: one decimal rounded down; null without a denominator. */
function rateOf(c: Cell): { rate: string | null; per_mille: number | null } {
  if (!isRate(c)) return { rate: null, per_mille: null };
  const text = formatRate(c);
  return { rate: text === '' ? null : text, per_mille: perMille(c) ?? null };
}
const yesNo = (c: Cell): boolean | null => (c === '是' ? true : c === '否' ? false : null);
const townOfRow = (r: TableRow): string | null => (r.key === '(none)' ? null : r.key);
const textOf = (c: Cell): string | null => (typeof c === 'string' && c !== '' ? c : null);

/** Registry persons, enrolled, not enrolled and the rate (REP-1's columns). */
function enrollmentCounts(cell: (key: string) => Cell) {
  return { members: countOf(cell('members')), enrolled: countOf(cell('enrolled')), not_enrolled: countOf(cell('notEnrolled')), ...rateOf(cell('rate')) };
}

/** The dashboard's answer from REP-1, REP-6 and the open alerts. */
export function dashboardOut(f: DashboardFigures, o: { year: number; town: string | undefined; region: RegionPolicy }) {
  const rep1 = f.enrollment;
  const rep6 = f.protection;
  const towns = tableOf(rep1, 'towns');
  const groups = tableOf(rep1, 'categories');
  const byGroup = tableOf(rep6, 'by-group');
  const byTown = tableOf(rep6, 'by-town');
  const all = totalsOf(towns);
  const money = totalsOf(byGroup);
  const tiers = { basic: fenOf(money('basic')), ci: fenOf(money('criticalIllness')), assist: fenOf(money('assistance')), reassist: fenOf(money('reAssistance')) };
  const open = f.alerts.byRule.map((r) => ({ rule: r.rule, title: r.title, open: r.raised + r.pushed + r.verified, raised: r.raised, pushed: r.pushed, verified: r.verified }));
  const sum = (k: 'open' | 'raised' | 'pushed' | 'verified') => open.reduce((t, r) => t + r[k], 0);
  const seen = new Set<string>();
  const definitions = [...rep1.definitions.map((d) => ({ source: 'REP-1', ...d })), ...rep6.definitions.map((d) => ({ source: 'REP-6', ...d }))].filter((d) => {
    const key = `${d.term}\u0000${d.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    year: o.year,
    as_of: f.asOf,
    region: { admdvs: o.region.admdvs, name: o.region.name },
    town: o.town ?? null,
    illustrative: rep6.packs.some((p) => p.illustrative),
    packs: rep6.packs,
    sources: [
      { id: 'REP-1', kind: rep1.kind, zh: rep1.zh, en: rep1.en, period: rep1.period.label },
      { id: 'REP-6', kind: rep6.kind, zh: rep6.zh, en: rep6.en, period: rep6.period.label },
    ],
    persons: { source: 'REP-1', count: countOf(all('members')) },
    settlements: { source: 'REP-6', count: countOf(money('settlements')), persons: countOf(money('withSettlements')) },
    enrollment: {
      source: 'REP-1',
      target: rateOf(all('target')).rate,
      total: { ...enrollmentCounts(all), met: yesNo(all('met')) },
      towns: towns.rows.map((r) => {
        const c = cellsOf(towns, r);
        return { town: townOfRow(r), name: textOf(c('townName')), ...enrollmentCounts(c), met: yesNo(c('met')) };
      }),
      groups: { target: rateOf(totalsOf(groups)('target')).rate, ...enrollmentCounts(totalsOf(groups)), cleared: yesNo(totalsOf(groups)('cleared')) },
    },
    alerts: {
      source: 'alerts',
      year: o.year,
      open: sum('open'),
      by_status: { raised: sum('raised'), pushed: sum('pushed'), verified: sum('verified') },
      by_rule: open,
      open_all_years: f.alerts.openAllYears,
    },
    spending: {
      source: 'REP-6',
      medfee_sumamt: yuanOut(fenOf(money('total'))),
      inscp_scp_amt: yuanOut(fenOf(money('policyScope'))),
      hifp_pay: yuanOut(tiers.basic),
      hifmi_pay: yuanOut(tiers.ci),
      maf_assist_pay: yuanOut(tiers.assist),
      maf_reassist_pay: yuanOut(tiers.reassist),
      maf_pay: yuanOut(tiers.assist + tiers.reassist),
      fund_pay_sumamt: yuanOut(tiers.basic + tiers.ci + tiers.assist + tiers.reassist),
      cases: yuanOut(fenOf(money('cases'))),
    },
    protection: {
      source: 'REP-6',
      // REP-6 compares the rate with the document's «85%左右» (its chart's line)
      target: rep6.charts.find((c) => c.id === 'towns-protection')?.reference?.zh ?? null,
      ...rateOf(money('protection')),
      with_cases: rateOf(money('protectionWithCases')),
      towns: byTown.rows.map((r) => {
        const c = cellsOf(byTown, r);
        return { town: townOfRow(r), name: textOf(c('townName')), ...rateOf(c('protection')), medfee_sumamt: yuanOut(fenOf(c('total'))) };
      }),
    },
    definitions,
  };
}

// the route -------------------------------------------------------------------------------------

const money = { type: 'string', description: '元，两位小数 / yuan, two decimals' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const RATE = {
  rate: { type: ['string', 'null'], description: '百分比，一位小数，向下取整（报表的同一规则）/ one decimal, rounded down (the reports\u2019 one rule); null without a denominator' },
  per_mille: { type: ['integer', 'null'] },
} as const;
const COUNTS = { members: { type: 'integer' }, enrolled: { type: 'integer' }, not_enrolled: { type: 'integer' }, ...RATE } as const;
const obj = (properties: Record<string, unknown>, description?: string) =>
  ({ type: 'object', properties, required: Object.keys(properties), ...(description === undefined ? {} : { description }) }) as const;
const source = (id: string) => ({ type: 'string', enum: [id] }) as const;

const DASHBOARD_SCHEMA = obj({
  year: { type: 'integer' },
  as_of: { type: 'string', format: 'date-time' },
  region: obj({ admdvs: { type: 'string' }, name: { type: 'string' } }),
  town: nullableString,
  illustrative: { type: 'boolean' },
  packs: { type: 'array', items: obj({ id: { type: 'string' }, version: { type: 'string' }, illustrative: { type: 'boolean' } }) },
  sources: { type: 'array', items: obj({ id: { type: 'string' }, kind: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' }, period: { type: 'string' } }) },
  persons: obj({ source: source('REP-1'), count: { type: 'integer' } }, '登记人员 / persons of the registry in the scope'),
  settlements: obj({ source: source('REP-6'), count: { type: 'integer' }, persons: { type: 'integer' } }, '结算人次、有结算人数（年内、未撤销）/ the year\u2019s settlements not reversed, and the persons with any'),
  enrollment: obj({
    source: source('REP-1'),
    target: { ...nullableString, description: '参保完成率目标 / the completion rate\u2019s target (95.0%)' },
    total: obj({ ...COUNTS, met: { type: ['boolean', 'null'] } }),
    towns: { type: 'array', items: obj({ town: nullableString, name: nullableString, ...COUNTS, met: { type: ['boolean', 'null'] } }) },
    groups: obj({ target: nullableString, ...COUNTS, cleared: { type: ['boolean', 'null'] } }, '八类人群（动态清零）/ the eight groups'),
  }),
  alerts: obj({
    source: source('alerts'),
    year: { type: 'integer' },
    open: { type: 'integer' },
    by_status: obj({ raised: { type: 'integer' }, pushed: { type: 'integer' }, verified: { type: 'integer' } }),
    by_rule: {
      type: 'array',
      items: obj({ rule: { type: 'string' }, title: { type: 'string' }, open: { type: 'integer' }, raised: { type: 'integer' }, pushed: { type: 'integer' }, verified: { type: 'integer' } }),
    },
    open_all_years: { type: 'integer' },
  }, '未办结的预警（预警没有等级：按状态和规则）/ open alerts (alerts have no level: by status and rule)'),
  spending: obj({
    source: source('REP-6'),
    medfee_sumamt: money, inscp_scp_amt: money, hifp_pay: money, hifmi_pay: money, maf_assist_pay: money, maf_reassist_pay: money, maf_pay: money, fund_pay_sumamt: money,
    cases: { ...money, description: '个案救助（年度，按决定记账）/ the year\u2019s case money as booked' },
  }),
  protection: obj({
    source: source('REP-6'),
    target: { ...nullableString, description: '文件的目标（85%左右）/ the document\u2019s target' },
    ...RATE,
    with_cases: obj({ ...RATE }),
    towns: { type: 'array', items: obj({ town: nullableString, name: nullableString, ...RATE, medfee_sumamt: money }) },
  }),
  definitions: { type: 'array', items: { type: 'object', properties: { source: { type: 'string' }, term: { type: 'string' }, text: { type: 'string' }, clause: { type: 'string' } }, required: ['source', 'term', 'text'] } },
});

/** The region and township a user's dashboard covers: a township user's own area (another one refused), else what was asked. */
function scopeFor(request: FastifyRequest, policies: RegionPolicies, asked: { admdvs?: string | undefined; town?: string | undefined }): { region: RegionPolicy; town: string | undefined } {
  const scope = scopeOf(userOf(request));
  if (scope === null) {
    const region = regionOf(policies, asked.admdvs ?? (asked.town === undefined ? undefined : policies.forAdmdvs(asked.town)?.admdvs));
    if (asked.town !== undefined && !asked.town.startsWith(region.prefix)) {
      throw new HttpError(422, { error: 'town-outside-region', message: `乡镇 ${asked.town} 不在统筹区 ${region.admdvs} 内 / township ${asked.town} is not in region ${region.admdvs}` });
    }
    return { region, town: asked.town };
  }
  const region = scope === '' ? undefined : policies.forAdmdvs(scope);
  if (region === undefined) throw new HttpError(403, { error: 'forbidden', message: '该用户没有辖区，或辖区没有运行中的政策包 / this user has no area, or no pack runs for it' });
  if (asked.admdvs !== undefined && asked.admdvs !== region.admdvs) {
    throw new HttpError(403, { error: 'forbidden', message: `乡镇用户只能查看本辖区 ${scope} / a township user sees its own area ${scope} only` });
  }
  if (asked.town !== undefined && !asked.town.startsWith(scope)) {
    throw new HttpError(403, { error: 'forbidden', message: `乡镇用户只能查看本辖区 ${scope} / a township user sees its own area ${scope} only` });
  }
  return { region, town: asked.town ?? scope };
}

export function dashboardRoutes(app: FastifyInstance, ctx: { readonly db: Db; readonly policies: RegionPolicies }): void {
  const { db, policies } = ctx;
  // identical requests in flight share one computation (a dashboard opened by many users at once)
  const inflight = new Map<string, Promise<DashboardFigures>>();

  app.get('/api/v1/dashboard', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['reports'],
      summary: '首页指标 / dashboard figures',
      description:
        'For the user\u2019s area (a township user: its township). Each figure names the report that defines it (source): persons and the enrollment completion rate per township, the eight groups (REP-1); settlements, each tier\u2019s money, case money and the comprehensive protection rate (REP-6); open alerts. Computed now by the report builders, nothing stored. year: default the latest year with settlements.',
      querystring: {
        type: 'object',
        properties: {
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          admdvs: { type: 'string', pattern: '^[0-9]{6}$', description: '统筹区（运行多个政策包时）/ the region, when the service runs several' },
          town: { type: 'string', pattern: '^[0-9]{9,12}$', description: '乡镇或村代码前缀 / a township or village prefix' },
        },
        additionalProperties: false,
      },
      response: { 200: DASHBOARD_SCHEMA, ...Object.fromEntries([400, 401, 403, 422].map((c) => [c, ERROR_SCHEMA])) },
    },
  }, async (request) => {
    const q = request.query as { year?: number; admdvs?: string; town?: string };
    const { region, town } = await caseAnswer(Promise.resolve().then(() => scopeFor(request, policies, q)));
    const year = q.year ?? (await latestSettlementYear(db, region)) ?? new Date().getFullYear();
    const key = `${region.admdvs}|${town ?? ''}|${year}`;
    let p = inflight.get(key);
    if (p === undefined) {
      p = dashboardFigures(db, { region, year, town }).finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return dashboardOut(await p, { year, town, region });
  });
}
