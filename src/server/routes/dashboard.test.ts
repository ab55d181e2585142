import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Fen } from '../../money/fen.js';
import { formatYuan } from '../../money/yuan.js';
import { formatRate } from '../../reports/format.js';
import type { Cell, Rate } from '../../reports/types.js';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, serviceApp } from '../test-support/service-app.js';

// GET /api/v1/dashboard on the demonstration store: the figures are REP-1's and REP-6's.

interface Counts { members: number; enrolled: number; not_enrolled: number; rate: string | null; per_mille: number | null }
interface Dashboard {
  year: number; as_of: string; town: string | null; illustrative: boolean;
  persons: { source: string; count: number }; settlements: { source: string; count: number; persons: number };
  enrollment: { source: string; target: string; total: Counts & { met: boolean }; towns: (Counts & { town: string | null; met: boolean | null })[]; groups: Counts & { target: string; cleared: boolean | null } };
  alerts: { source: string; year: number; open: number; by_status: { raised: number; pushed: number; verified: number }; by_rule: { rule: string; open: number }[]; open_all_years: number };
  spending: Record<string, string>;
  protection: { source: string; target: string; rate: string | null; per_mille: number | null; with_cases: { rate: string | null }; towns: { town: string | null; rate: string | null }[] };
  definitions: { source: string; term: string }[];
}
interface Table { id: string; columns: { key: string }[]; rows: { key: string; cells: Cell[] }[]; totals?: { cells: Cell[] } }
interface Doc { tables: Table[] }

/** A stored report's table as rows of cells by column key (the totals under 'total'). */
function rowsOf(doc: Doc, id: string): Map<string, (key: string) => Cell> {
  const t = doc.tables.find((x) => x.id === id);
  if (t === undefined) throw new Error(`no table ${id}`);
  const by = (cells: Cell[]) => (key: string) => cells[t.columns.findIndex((c) => c.key === key)] ?? null;
  const out = new Map(t.rows.map((r) => [r.key, by(r.cells)]));
  if (t.totals !== undefined) out.set('total', by(t.totals.cells));
  return out;
}
const n = (c: Cell): number => (c as { count: number }).count;
const yuan = (c: Cell): string => formatYuan((c as { fen: number }).fen as Fen);
const pct = (c: Cell): string => formatRate(c as Rate);

describeEachEngine('GET /api/v1/dashboard', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { demo: true });
    bureau = await s.as('clerk', 'bureau');
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
  });

  const get = (url: string, cookie = bureau) => s.app.inject({ method: 'GET', url, headers: { cookie } });
  const post = (url: string, payload: Record<string, unknown>, cookie = bureau) => s.app.inject({ method: 'POST', url, payload, headers: { cookie } });
  const dashboard = async (query = '', cookie = bureau): Promise<Dashboard> => {
    const res = await get(`/api/v1/dashboard${query}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return json<Dashboard>(res);
  };
  /** The report of `kind` for 2023 produced through the API as of the dashboard's cut-off. */
  const report = async (kind: string, asOf: string, cookie = bureau): Promise<Doc> => {
    const made = await post('/api/v1/reports', { kind, period: '2023', as_of: asOf }, cookie);
    expect(made.statusCode, made.body).toBe(201);
    return json<{ document: Doc }>(await get(`/api/v1/reports/${json<{ id: number }>(made).id}`, cookie)).document;
  };

  it('the region\u2019s figures for the latest year with settlements (2023), from the demo files', async () => {
    const d = await dashboard();
    expect(d).toMatchObject({
      year: 2023, town: null, illustrative: true,
      persons: { source: 'REP-1', count: 400 },
      settlements: { source: 'REP-6', count: 731, persons: 308 },
      enrollment: { source: 'REP-1', target: '95.0%', total: { members: 400, enrolled: 382, not_enrolled: 18, rate: '95.5%', per_mille: 955, met: true } },
      alerts: { source: 'alerts', year: 2023, open: 54, by_status: { raised: 54, pushed: 0, verified: 0 }, by_rule: [{ rule: 'MON-CQ-1', open: 54 }], open_all_years: 54 },
      spending: {
        source: 'REP-6', medfee_sumamt: '6352439.62', inscp_scp_amt: '5222317.32', hifp_pay: '3764171.91', hifmi_pay: '145730.76', maf_assist_pay: '62144.40',
        maf_reassist_pay: '0.00', maf_pay: '62144.40', fund_pay_sumamt: '3972047.07', cases: '0.00',
      },
      protection: { source: 'REP-6', target: '85%左右', rate: '62.5%', per_mille: 625 },
    });
    expect(d.enrollment.towns.map((t) => [t.town, t.members, t.rate, t.met])).toEqual([
      ['500243001', 51, '90.1%', false], ['500243002', 47, '97.8%', true], ['500243003', 54, '94.4%', false], ['500243004', 49, '97.9%', true],
      ['500243005', 50, '96.0%', true], ['500243006', 47, '95.7%', true], ['500243007', 43, '95.3%', true], ['500243008', 59, '96.6%', true],
    ]);
    expect(d.enrollment.groups).toMatchObject({ target: '100.0%', members: 71, enrolled: 69, not_enrolled: 2, cleared: false });
    expect(new Set(d.definitions.map((x) => x.source))).toEqual(new Set(['REP-1', 'REP-6']));
    expect(d.definitions.some((x) => x.term.startsWith('综合保障率'))).toBe(true);
    expect(await dashboard('?year=2023')).toMatchObject({ year: 2023, persons: { count: 400 } });
  });

  it('every figure equals the report that defines it, produced as of the same cut-off', async () => {
    const d = await dashboard();
    const rep1 = rowsOf(await report('enrollment', d.as_of), 'towns');
    const rep6 = await report('protection', d.as_of);
    const total1 = rep1.get('total');
    if (total1 === undefined) throw new Error('no totals');
    expect(d.persons.count).toBe(n(total1('members')));
    expect(d.enrollment.total).toMatchObject({ members: n(total1('members')), enrolled: n(total1('enrolled')), not_enrolled: n(total1('notEnrolled')), rate: pct(total1('rate')) });
    for (const t of d.enrollment.towns) {
      const r = rep1.get(t.town ?? '(none)');
      expect(r, String(t.town)).toBeDefined();
      if (r !== undefined) expect([t.members, t.enrolled, t.rate]).toEqual([n(r('members')), n(r('enrolled')), pct(r('rate'))]);
    }
    expect(d.enrollment.towns).toHaveLength(rep1.size - 1);
    const all = rowsOf(rep6, 'by-group').get('total');
    if (all === undefined) throw new Error('no totals');
    expect(d.settlements).toMatchObject({ count: n(all('settlements')), persons: n(all('withSettlements')) });
    expect([d.spending['hifp_pay'], d.spending['hifmi_pay'], d.spending['maf_assist_pay'], d.spending['maf_reassist_pay'], d.spending['cases'], d.spending['medfee_sumamt']]).toEqual(
      [yuan(all('basic')), yuan(all('criticalIllness')), yuan(all('assistance')), yuan(all('reAssistance')), yuan(all('cases')), yuan(all('total'))],
    );
    expect([d.protection.rate, d.protection.with_cases.rate]).toEqual([pct(all('protection')), pct(all('protectionWithCases'))]);
    const towns = rowsOf(rep6, 'by-town');
    expect(d.protection.towns.map((t) => t.rate)).toEqual(d.protection.towns.map((t) => pct(towns.get(t.town ?? '(none)')?.('protection') ?? null)));
  });

  it('a township user sees its township only, as its own REP-1 says; another area is refused', async () => {
    const town = await s.as('town5', 'township', '500243005');
    const d = await dashboard('', town);
    expect(d).toMatchObject({ town: '500243005', persons: { count: 50 }, enrollment: { total: { members: 50, enrolled: 48, rate: '96.0%' } }, alerts: { open: 3 } });
    expect(d.enrollment.towns.map((t) => t.town)).toEqual(['500243005']);
    expect(d.protection.towns.map((t) => t.town)).toEqual(['500243005']);
    const own = rowsOf(await report('enrollment', d.as_of, town), 'towns');
    expect(n(own.get('total')?.('members') ?? null)).toBe(50);
    expect((await get('/api/v1/dashboard?town=500243001', town)).statusCode).toBe(403);
    expect((await get('/api/v1/dashboard?admdvs=371700', town)).statusCode).toBe(403);
    // the bureau may look at one township
    expect(await dashboard('?town=500243005')).toMatchObject({ town: '500243005', persons: { count: 50 }, alerts: { open: 3 } });
  });

  it('it is computed on request: a new settlement and an alert\u2019s steps show at once', async () => {
    const before = await dashboard();
    const created = await post('/api/v1/settlements', {
      setl_id: 'DASH-1', psn_no: 'P000000008', med_type: '21', hosp_lv: '05', setl_time: '2023-12-20 10:00:00', medfee_sumamt: '30000', inscp_scp_amt: '27000',
    });
    expect(created.statusCode, created.body).toBe(201);
    const paid = json<{ hifp_pay: string }>(created).hifp_pay;
    const after = await dashboard();
    expect(after.settlements.count).toBe(before.settlements.count + 1);
    expect(after.spending['medfee_sumamt']).toBe('6382439.62');
    expect(Math.round(Number(after.spending['hifp_pay']) * 100)).toBe(Math.round(Number(before.spending['hifp_pay']) * 100) + Math.round(Number(paid) * 100));
    const [a] = await s.db.query<{ alert_id: number }>("SELECT alert_id FROM alerts WHERE status = 'raised' ORDER BY alert_id LIMIT 1");
    if (a === undefined) throw new Error('no alert');
    const step = async (path: string, body: Record<string, unknown>) => expect((await post(`/api/v1/alerts/${a.alert_id}/${path}`, body)).statusCode).toBe(200);
    const open0 = after.alerts.open;
    await step('push', { department: 'rural_revitalisation' });
    expect((await dashboard()).alerts).toMatchObject({ open: open0, by_status: { raised: open0 - 1, pushed: 1, verified: 0 } });
    await step('verify', { outcome: 'included', note: '已核实' });
    await step('close', { note: '办结' });
    expect((await dashboard()).alerts).toMatchObject({ open: open0 - 1, by_status: { raised: open0 - 1, pushed: 0, verified: 0 }, open_all_years: open0 - 1 });
  });

  it('a year without settlements has empty money figures; a bad year is a 400; every role reads it; no session is a 401', async () => {
    const d = await dashboard('?year=2022');
    expect(d).toMatchObject({ year: 2022, persons: { count: 400 }, settlements: { count: 0 }, spending: { hifp_pay: '0.00' }, protection: { rate: null, per_mille: null }, alerts: { open: 0 } });
    expect(d.enrollment.total).toMatchObject({ enrolled: 0, rate: '0.0%', met: false });
    expect((await get('/api/v1/dashboard?year=1999')).statusCode).toBe(400);
    expect((await get('/api/v1/dashboard', await s.as('look', 'viewer'))).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/dashboard' })).statusCode).toBe(401);
  });
});
