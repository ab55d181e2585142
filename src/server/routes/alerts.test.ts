import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, multipart, serviceApp } from '../test-support/service-app.js';

// demo-cq-pengshui: MON-CQ-1 raises at a year's personal burden of 14,000 yuan or more (docs/monitoring.md §2, illustrative)
const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
A1,500243199001011239,张一,500243,1,500243100,500243100001
A2,500243196507240019,李二,500243,1,500243100,500243100002
B1,,王三,500243,1,500243200,500243200001
`;
const IDENTITIES = `psn_no,idet_type,begndate,enddate
B1,特困人员,2023-01-01,
`;

const stay = (setlId: string, psnNo: string, time: string, total: number) => ({
  setl_id: setlId, psn_no: psnNo, med_type: '21', hosp_lv: '05', setl_time: time, medfee_sumamt: total, inscp_scp_amt: total * 0.9,
});

interface AlertOut {
  id: number; psn_no: string; rule: string; amount: string; threshold: string; status: string; certno: string | null; setl_id: string; town_admdvs: string;
  events?: { from: string | null; to: string; username: string; outcome: string | null; department: string | null }[];
}

async function sheetsOf(body: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const out = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v as string | number)))));
    out.set(ws.name, rows);
  });
  return out;
}

describeEachEngine('alerts API', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  let town100 = '';
  let town200 = '';
  let viewer = '';
  const burden = new Map<string, number>();
  beforeAll(async () => {
    s = await serviceApp(getDb(), { importWaitMs: 60_000 });
    bureau = await s.as('clerk', 'bureau');
    town100 = await s.as('town100', 'township', '500243100');
    town200 = await s.as('town200', 'township', '500243200');
    viewer = await s.as('watcher', 'viewer');
    for (const [kind, body] of [['persons', PERSONS], ['identities', IDENTITIES]] as const) {
      const m = multipart('file', `${kind}.csv`, body);
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, payload: m.payload, headers: { ...m.headers, cookie: bureau } });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await s.app.close();
  });

  const post = (url: string, payload: unknown, cookie = bureau) => s.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { cookie } });
  const get = (url: string, cookie = bureau) => s.app.inject({ method: 'GET', url, headers: { cookie } });
  async function settle(setlId: string, psnNo: string, time: string, total: number): Promise<void> {
    const res = await post('/api/v1/settlements', stay(setlId, psnNo, time, total));
    expect(res.statusCode, res.body).toBe(201);
    burden.set(psnNo, (burden.get(psnNo) ?? 0) + Math.round(Number(json<{ psn_part_amt: string }>(res).psn_part_amt) * 100));
  }
  const alerts = async (query = '', cookie = bureau) => {
    const res = await get(`/api/v1/alerts${query}`, cookie);
    expect(res.statusCode, res.body).toBe(200);
    return json<{ alerts: AlertOut[] }>(res).alerts;
  };
  const idOf = async (psnNo: string) => (await alerts()).find((a) => a.psn_no === psnNo)?.id ?? 0;

  it('a settlement through POST /api/v1/settlements that pushes the year over 14,000 raises MON-CQ-1, once', async () => {
    await settle('H1', 'A1', '2023-03-01 10:00:00', 3_000);
    expect(burden.get('A1')).toBeLessThan(1_400_000);
    expect(await alerts()).toEqual([]);
    await settle('H2', 'A1', '2023-05-01 10:00:00', 60_000);
    expect(burden.get('A1')).toBeGreaterThanOrEqual(1_400_000);
    const [a, ...rest] = await alerts('?year=2023&rule=MON-CQ-1');
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ psn_no: 'A1', rule: 'MON-CQ-1', threshold: '14000.00', status: 'raised', setl_id: 'H2', certno: '500243********1239', town_admdvs: '500243100' });
    expect(Math.round(Number(a?.amount) * 100)).toBe(burden.get('A1'));
    await settle('H3', 'A1', '2023-06-01 10:00:00', 1_000);
    expect(await alerts()).toHaveLength(1);
    await settle('K1', 'B1', '2023-04-01 10:00:00', 150_000);
    await settle('L1', 'A2', '2023-04-01 10:00:00', 90_000);
    expect((await alerts('?status=raised')).map((x) => x.psn_no).sort()).toEqual(['A1', 'A2', 'B1']);
    expect((await alerts('?town=500243200')).map((x) => x.psn_no)).toEqual(['B1']);
    expect(await alerts('?status=closed')).toEqual([]);
  });

  it('township isolation: a township user reads and verifies only its own area; another area\u2019s alert is a 404', async () => {
    expect((await alerts('', town100)).map((a) => a.psn_no).sort()).toEqual(['A1', 'A2']);
    expect((await alerts('?town=500243200', town100))).toEqual([]);
    const b1 = await idOf('B1');
    const other = await get(`/api/v1/alerts/${b1}`, town100);
    expect([other.statusCode, json(other)['error']]).toEqual([404, 'not-found']);
    expect((await post(`/api/v1/alerts/${b1}/push`, { department: 'rural_revitalisation' })).statusCode).toBe(200);
    const verify = await post(`/api/v1/alerts/${b1}/verify`, { outcome: 'included' }, town100);
    expect(verify.statusCode).toBe(404);
    expect((await get(`/api/v1/alerts/${b1}`, town200)).statusCode).toBe(200);
    // roles: push, close, push lists and re-screens are the bureau's
    expect((await post(`/api/v1/alerts/${b1}/close`, {}, town200)).statusCode).toBe(403);
    expect((await post('/api/v1/alerts/push-list', { department: 'rural_revitalisation' }, town100)).statusCode).toBe(403);
    expect((await post(`/api/v1/alerts/${await idOf('A1')}/push`, { department: 'rural_revitalisation' }, viewer)).statusCode).toBe(403);
    expect((await post('/api/v1/alerts/rescreen', { year: 2023 }, town100)).statusCode).toBe(403);
  });

  it('the lifecycle over HTTP: illegal steps are 409 with the reason, each step recorded with who and when', async () => {
    const b1 = await idOf('B1');
    const early = await post(`/api/v1/alerts/${b1}/close`, { note: 'x' });
    expect(early.statusCode).toBe(409);
    expect(json(early)).toMatchObject({ error: 'illegal-transition', message: expect.stringMatching(/不能办结.* \/ .*cannot close/) as unknown });
    const again = await post(`/api/v1/alerts/${b1}/push`, { department: 'rural_revitalisation' });
    expect([again.statusCode, json(again)['error']]).toEqual([409, 'illegal-transition']);
    const a1 = await idOf('A1');
    const wrong = await post(`/api/v1/alerts/${a1}/push`, { department: 'civil_affairs' });
    expect([wrong.statusCode, json(wrong)['error']]).toEqual([409, 'wrong-department']);
    expect((await post(`/api/v1/alerts/${a1}/verify`, { outcome: 'included' }, town100)).statusCode).toBe(409);
    expect((await post(`/api/v1/alerts/${b1}/verify`, { outcome: 'maybe' }, town200)).statusCode).toBe(400);
    const verified = await post(`/api/v1/alerts/${b1}/verify`, { outcome: 'already_covered', note: '特困供养' }, town200);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(json(verified)).toMatchObject({ status: 'verified', outcome: 'already_covered', outcome_zh: '已是帮扶对象', verified_by: 'town200' });
    const closed = await post(`/api/v1/alerts/${b1}/close`, { note: '已是特困供养对象，办结' });
    expect(json(closed)).toMatchObject({ status: 'closed', closed_by: 'clerk' });
    const one = await get(`/api/v1/alerts/${b1}`);
    expect(json<AlertOut>(one).events?.map((e) => [e.from, e.to, e.username, e.outcome])).toEqual([
      [null, 'raised', 'system', null],
      ['raised', 'pushed', 'clerk', null],
      ['pushed', 'verified', 'town200', 'already_covered'],
      ['verified', 'closed', 'clerk', 'already_covered'],
    ]);
    expect((await get('/api/v1/alerts/999999')).statusCode).toBe(404);
  });

  it('push lists as XLSX: Chinese headers, one sheet per township, masked without the right, in full with it, every push recorded and audited', async () => {
    const bad = await post('/api/v1/alerts/push-list', { department: 'finance' });
    expect(bad.statusCode).toBe(400);
    const res = await post('/api/v1/alerts/push-list', { department: 'rural_revitalisation', town: '500243100', year: 2023 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['x-masked']).toBe('1');
    const sheets = await sheetsOf(res.rawPayload);
    expect([...sheets.keys()]).toEqual(['500243100']);
    const [header, ...rows] = sheets.get('500243100') ?? [];
    expect(header?.slice(0, 6)).toEqual(['序号', '预警编号', '人员编号', '姓名', '公民身份号码', '乡镇（街道）']);
    expect(rows.map((r) => [r[2], r[3], r[4], r[7]])).toEqual([
      ['A1', '张一', '500243********1239', 'MON-CQ-1'],
      ['A2', '李二', '500243********0019', 'MON-CQ-1'],
    ]);
    expect((await alerts('?status=pushed', town100)).map((a) => a.psn_no).sort()).toEqual(['A1', 'A2']);
    const trail = await s.db.query<{ action: string; username: string }>(`SELECT action, username FROM audit_log WHERE psn_no = 'A2' AND action LIKE 'alert-push%'`);
    expect(trail).toEqual([{ action: 'alert-push-list', username: 'clerk' }]);

    // a user with the unmask right gets the numbers in full: audited as such
    const unmasker = await s.as('unmasker', 'bureau', undefined, true);
    await settle('M1', 'A2', '2024-02-01 10:00:00', 90_000);
    const full = await post('/api/v1/alerts/push-list', { department: 'rural_revitalisation', year: 2024 }, unmasker);
    expect(full.headers['x-masked']).toBe('0');
    const fullRows = (await sheetsOf(full.rawPayload)).get('500243100')?.slice(1) ?? [];
    expect(fullRows.map((r) => [r[2], r[4], r[9]])).toEqual([['A2', '500243196507240019', '2024']]);
    const unmasked = await s.db.query<{ action: string; username: string }>(`SELECT action, username FROM audit_log WHERE psn_no = 'A2' AND action = 'alert-push-list-unmasked'`);
    expect(unmasked).toEqual([{ action: 'alert-push-list-unmasked', username: 'unmasker' }]);
    const pushes = await s.db.query<{ department: string; town_admdvs: string; alerts: number; masked: boolean; username: string; kind: string }>(
      `SELECT department, town_admdvs, alerts, masked, username, kind FROM alert_pushes WHERE kind = 'list' ORDER BY push_id`,
    );
    expect(pushes).toEqual([
      { department: 'rural_revitalisation', town_admdvs: '500243100', alerts: 2, masked: true, username: 'clerk', kind: 'list' },
      { department: 'rural_revitalisation', town_admdvs: '500243100', alerts: 1, masked: false, username: 'unmasker', kind: 'list' },
    ]);
  });

  it('every read of a person\u2019s alert is audited; a re-screen of unchanged data raises nothing', async () => {
    const before = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'alert-read' AND psn_no = 'A1' AND username = 'town100'`);
    await alerts('', town100);
    await get(`/api/v1/alerts/${await idOf('A1')}`, town100);
    const after = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'alert-read' AND psn_no = 'A1' AND username = 'town100'`);
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(2);
    const r = await post('/api/v1/alerts/rescreen', { year: 2023 });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toEqual({ year: 2023, persons: 3, raised: 0 });
  });

  it('a page says whether another follows (`more`), and only the alerts answered are read (audited)', async () => {
    const all = await alerts();
    expect(all.length).toBeGreaterThan(1);
    const count = async () => (await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'alert-read' AND username = 'clerk'`))[0]?.n ?? 0;
    const before = await count();
    const first = json<{ alerts: AlertOut[]; more: boolean }>(await get('/api/v1/alerts?limit=1'));
    expect(first.alerts.length).toBe(1);
    expect(first.more).toBe(true);
    expect((await count()) - before).toBe(1);
    const last = json<{ alerts: AlertOut[]; more: boolean }>(await get(`/api/v1/alerts?limit=1&offset=${all.length - 1}`));
    expect(last.alerts.length).toBe(1);
    expect(last.more).toBe(false);
  });

  it('the routes are on the OpenAPI page', async () => {
    const doc = json<{ paths: Record<string, unknown> }>(await s.app.inject({ method: 'GET', url: '/openapi.json' }));
    for (const p of ['/api/v1/alerts', '/api/v1/alerts/{id}', '/api/v1/alerts/{id}/push', '/api/v1/alerts/{id}/verify', '/api/v1/alerts/{id}/close', '/api/v1/alerts/push-list', '/api/v1/alerts/rescreen']) {
      expect(doc.paths[p], p).toBeDefined();
    }
  });
});
