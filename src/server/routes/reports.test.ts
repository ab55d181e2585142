import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildReport } from '../../reports/build.js';
import { parsePeriod } from '../../reports/period.js';
import { loadReportInput } from '../../store/report-inputs.js';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { DEMO_POLICIES, json, multipart, serviceApp } from '../test-support/service-app.js';

// Every report of POLICY-SPEC §6 from the demonstration region (examples/demo-cq-pengshui), through the API.
const DEMO = new URL('../../../examples/demo-cq-pengshui/', import.meta.url);
const ASKS = [
  ['enrollment', '2023'], ['dispatch', '2023-11'], ['rating', '2023-Q4'], ['analysis', '2023-H1'], ['analysis', '2023'], ['national', '2023-Q3'], ['protection', '2023'],
  ['household', '2023'],
] as const;

interface Meta { id: number; kind: string; period: string; town: string | null; as_of: string; links: { xlsx: string; html: string; changes: string } }
interface Doc { document: { tables: { id: string; zh: string; rows: { key: string; cells: unknown[] }[]; totals?: { cells: unknown[] } }[]; definitions: unknown[] } }

describeEachEngine('reports API', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  let town = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { importWaitMs: 120_000 });
    bureau = await s.as('clerk', 'bureau');
    town = await s.as('town2', 'township', '500243002');
    for (const kind of ['persons', 'identities', 'enrollments', 'settlements'] as const) {
      const m = multipart('file', `${kind}.csv`, readFileSync(new URL(`${kind}.csv`, DEMO)));
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, payload: m.payload, headers: { ...m.headers, cookie: bureau } });
      expect(res.statusCode, res.body).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
  });

  const post = (url: string, payload: unknown, cookie = bureau) => s.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { cookie } });
  const get = (url: string, cookie = bureau) => s.app.inject({ method: 'GET', url, headers: { cookie } });

  it('produces every report of §6 from the demo region, as JSON, XLSX that opens, and a printable page', async () => {
    for (const [kind, period] of ASKS) {
      const res = await post('/api/v1/reports', { kind, period });
      expect(res.statusCode, `${kind} ${period}: ${res.body}`).toBe(201);
      const m = json<Meta>(res);
      const doc = json<Doc>(await get(`/api/v1/reports/${m.id}`)).document;
      expect(doc.tables.length, kind).toBeGreaterThan(0);
      expect(doc.definitions.length, kind).toBeGreaterThan(0);
      const x = await get(m.links.xlsx);
      expect(x.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)[0]).toBe('说明');
      expect(wb.worksheets).toHaveLength(doc.tables.length + 1);
      expect(wb.worksheets[1]?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const h = await get(m.links.html);
      expect(h.statusCode).toBe(200);
      expect(h.headers['content-type']).toMatch(/text\/html/);
      expect(h.body).toContain(doc.tables[0]?.zh ?? '');
    }
  }, 120_000);

  it('refuses a report for a period it is not owed for, and a township user another township', async () => {
    expect((await post('/api/v1/reports', { kind: 'dispatch', period: '2023-Q1' })).statusCode).toBe(422);
    expect((await post('/api/v1/reports', { kind: 'rating', period: '2023-05' })).statusCode).toBe(422);
    // a township code outside the region is refused, not reported as an empty township
    const outside = await post('/api/v1/reports', { kind: 'enrollment', period: '2023', town: '999999999' });
    expect(outside.statusCode).toBe(422);
    expect(outside.body).toContain('999999999');
    expect((await post('/api/v1/reports', { kind: 'enrollment', period: '2023', town: '500243001' }, town)).statusCode).toBe(403);
  });

  it('a township user\u2019s report holds its township only; it cannot read the region\u2019s', async () => {
    const mine = json<Meta>(await post('/api/v1/reports', { kind: 'enrollment', period: '2023' }, town));
    expect(mine.town).toBe('500243002');
    const doc = json<Doc>(await get(`/api/v1/reports/${mine.id}`, town)).document;
    const text = JSON.stringify(doc.tables);
    for (const other of ['500243001', '500243003', '500243008']) expect(text).not.toContain(other);
    const region = json<Meta>(await post('/api/v1/reports', { kind: 'enrollment', period: '2023' }));
    expect((await get(`/api/v1/reports/${region.id}`, town)).statusCode).toBe(404);
    expect((await get(`/api/v1/reports/${region.id}/xlsx`, town)).statusCode).toBe(404);
    const listed = json<{ reports: Meta[] }>(await get('/api/v1/reports', town)).reports;
    expect(listed.every((r) => r.town?.startsWith('500243002'))).toBe(true);
  });

  it('a snapshot stays as produced after a back-dated settlement; a fresh run shows the change; as of the old cut-off it is the same', async () => {
    const before = json<Meta>(await post('/api/v1/reports', { kind: 'protection', period: '2023' }));
    const stored = json<Doc>(await get(`/api/v1/reports/${before.id}`)).document;
    const late = await post('/api/v1/settlements', { setl_id: 'LATE-1', psn_no: 'P000000001', med_type: '21', hosp_lv: '05', setl_time: '2023-03-01 10:00:00', medfee_sumamt: 12_000, inscp_scp_amt: 10_000 });
    expect(late.statusCode, late.body).toBe(201);
    expect(json<Doc>(await get(`/api/v1/reports/${before.id}`)).document).toEqual(stored);
    const changes = json<{ changes: { table: string; row: string }[] }>(await get(before.links.changes)).changes;
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.some((c) => c.row === 'total')).toBe(true);
    const again = json<Meta>(await post('/api/v1/reports', { kind: 'protection', period: '2023', as_of: before.as_of }));
    expect(json<Doc>(await get(`/api/v1/reports/${again.id}`)).document).toEqual(stored);
  });

  it('REP-5 read from the persons with an identity alone is the same document as read from everyone', async () => {
    const region = DEMO_POLICIES.regions[0];
    if (region === undefined) throw new Error('no demo region');
    for (const period of ['2023-Q1', '2023-Q3']) {
      const ask = { kind: 'national' as const, period: parsePeriod(period), region, asOf: new Date().toISOString() };
      const narrow = await loadReportInput(s.db, ask);
      const wide = await loadReportInput(s.db, { ...ask, onlyWithIdentities: false });
      expect(narrow.persons.length).toBeLessThan(wide.persons.length);
      expect(buildReport(narrow)).toEqual(buildReport(wide));
    }
  });
});
