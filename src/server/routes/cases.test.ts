import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../store/test-support/engines.js';
import { verifyLedger } from '../../store/verify.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { DEMO_POLICIES, json, multipart, serviceApp } from '../test-support/service-app.js';

// The walk-through, through the API: one person from a large bill to an alert (MON-CQ-1 of the
// illustrative demo pack: a year's personal burden of 14,000 yuan or more), a push list, the township's
// verification, the alert closed, a 一事一议 case (CASE-1, levels township → bureau in the demo pack)
// opened from it, decided, booked into the person's ledger and closed — every step in the audit log.
const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
A1,500243199001011239,张一,500243,1,500243100,500243100001
B1,500243196507240019,王三,500243,1,500243200,500243200001
`;
const IDENTITIES = `psn_no,idet_type,begndate,enddate
A1,脱贫人口,2020-01-01,
B1,脱贫人口,2020-01-01,
`;

interface CaseOut {
  id: number; psn_no: string; status: string; next_level: string | null; decided: string | null; alert_id: number | null; certno: string | null;
  events?: { action: string; username: string; level: string | null }[];
  lines?: { source: string; amount: string; cause: string }[];
  totals?: { psn_part_amt: string; cases_total: string; psn_part_after_cases: string; cases: Record<string, string> };
}

describeEachEngine('cases API', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  let town100 = '';
  let town200 = '';
  let viewer = '';
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
  const ok = async <T>(p: ReturnType<typeof post>, status = 200): Promise<T> => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(status);
    return json<T>(res);
  };

  it('walks one person from a large bill to a closed case, every step audited', async () => {
    // 1. the bill: one stay of 60,000 yuan settled through the one-stop API
    const bill = await ok<{ psn_part_amt: string }>(post('/api/v1/settlements', { setl_id: 'H1', psn_no: 'A1', med_type: '21', hosp_lv: '05', setl_time: '2023-05-01 10:00:00', medfee_sumamt: 60_000, inscp_scp_amt: 54_000 }), 201);
    expect(Number(bill.psn_part_amt)).toBeGreaterThanOrEqual(14_000);
    // 2. the alert it raised
    const { alerts } = await ok<{ alerts: { id: number; rule: string; status: string }[] }>(get('/api/v1/alerts?status=raised'));
    expect(alerts).toMatchObject([{ rule: 'MON-CQ-1', status: 'raised' }]);
    const alertId = alerts[0]?.id ?? 0;
    // 3. the push list to rural revitalisation, for the township
    const list = await post('/api/v1/alerts/push-list', { department: 'rural_revitalisation', town: '500243100' });
    expect(list.statusCode, list.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(list.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getRow(2).getCell(3).value).toBe('A1');
    // the recorded list again (the file lost): the same alert, nothing pushed again; not for another township
    const pushId = String(list.headers['x-push-ids']);
    const again = await get(`/api/v1/alerts/push-lists/${pushId}`, town100);
    expect(again.statusCode, again.body).toBe(200);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(again.rawPayload as unknown as ArrayBuffer);
    expect(wb2.worksheets[0]?.getRow(2).getCell(3).value).toBe('A1');
    expect((await get(`/api/v1/alerts/push-lists/${pushId}`, town200)).statusCode).toBe(404);
    expect((await get('/api/v1/alerts/push-lists/999999')).statusCode).toBe(404);
    // 4. the township verifies, the bureau closes the alert
    await ok(post(`/api/v1/alerts/${alertId}/verify`, { outcome: 'included', note: '入户核实，纳入监测' }, town100));
    await ok(post(`/api/v1/alerts/${alertId}/close`, {}));
    // 5. a 一事一议 case from the alert, opened by the township
    const opened = await ok<CaseOut>(post('/api/v1/cases', { psn_no: 'A1', kind: 'CASE-1', year: 2023, reason: '大额住院费用，家庭基本生活困难', requested: '10000', alert_id: alertId }, town100), 201);
    expect(opened).toMatchObject({ status: 'applied', alert_id: alertId, certno: '500243********1239' });
    const id = opened.id;
    expect(await ok<CaseOut>(post(`/api/v1/cases/${id}/review`, { passed: true }, town100))).toMatchObject({ status: 'reviewed', next_level: 'township' });
    expect(await ok<CaseOut>(post(`/api/v1/cases/${id}/approve`, { level: 'township' }, town100))).toMatchObject({ next_level: 'bureau' });
    expect((await post(`/api/v1/cases/${id}/approve`, {}, town100)).statusCode).toBe(403);
    expect(await ok<CaseOut>(post(`/api/v1/cases/${id}/approve`, { note: '同意' }))).toMatchObject({ status: 'approved' });
    // the viewer cannot decide; nor may the amount exceed the year's personal burden
    expect((await post(`/api/v1/cases/${id}/decide`, { lines: [{ source: 'donation', amount: '1' }] }, viewer)).statusCode).toBe(403);
    const tooMuch = await post(`/api/v1/cases/${id}/decide`, { lines: [{ source: 'donation', amount: '999999' }] });
    expect(tooMuch.statusCode, tooMuch.body).toBe(422);
    expect(json(tooMuch)).toMatchObject({ error: 'above-cap' });
    expect((await post(`/api/v1/cases/${id}/decide`, { lines: [{ source: 'donation', amount: '1.234' }] })).statusCode).toBe(400);
    const decided = await ok<CaseOut>(post(`/api/v1/cases/${id}/decide`, { lines: [{ source: 'social_assistance', amount: '6000' }, { source: 'mutual_aid', amount: 2000 }], note: '议定' }));
    expect(decided).toMatchObject({ status: 'decided', decided: '8000.00' });
    expect(decided.lines?.map((l) => [l.source, l.amount, l.cause])).toEqual([['social_assistance', '6000.00', 'decision'], ['mutual_aid', '2000.00', 'decision']]);
    expect(await ok<CaseOut>(post(`/api/v1/cases/${id}/close`, { note: '已发放' }))).toMatchObject({ status: 'closed' });
    expect((await post(`/api/v1/cases/${id}/close`, {})).statusCode).toBe(409);
    // 6. the person's record counts the case money in the year's totals
    const rec = await ok<{ cases: { id: number; status: string }[]; case_lines: unknown[]; totals: NonNullable<CaseOut['totals']> }>(get('/api/v1/persons/A1?year=2023'));
    expect(rec.cases).toMatchObject([{ id, status: 'closed' }]);
    expect(rec.case_lines).toHaveLength(2);
    expect(rec.totals).toMatchObject({ psn_part_amt: bill.psn_part_amt, cases_total: '8000.00', cases: { social_assistance: '6000.00', mutual_aid: '2000.00' } });
    expect(Number(rec.totals.psn_part_after_cases)).toBeCloseTo(Number(bill.psn_part_amt) - 8000, 2);
    const shown = await ok<CaseOut>(get(`/api/v1/cases/${id}`));
    expect(shown.events?.map((e) => `${e.action}:${e.username}`)).toEqual([
      'open:town100', 'review:town100', 'approve:town100', 'approve:clerk', 'decide:clerk', 'close:clerk',
    ]);
    expect(await verifyLedger(s.db, DEMO_POLICIES)).toEqual([]);
    // 7. every step in the person's audit trail
    const trail = await ok<{ entries: { action: string; username: string }[] }>(get('/api/v1/persons/A1/audit?limit=1000'));
    const actions = trail.entries.map((e) => `${e.action}:${e.username}`).reverse();
    for (const step of [
      'settle:clerk', 'alert-raise:system', 'alert-read:clerk', 'alert-push-list:clerk', 'alert-push-list-again:town100', 'alert-verify:town100', 'alert-close:clerk', 'case-open:town100', 'case-review:town100', 'case-approve:town100',
      'case-approve:clerk', 'case-decide:clerk', 'case-close:clerk', 'person-read:clerk', 'case-read:clerk',
    ]) {
      expect(actions, step).toContain(step);
    }
  });

  it('township users see and act on their own township\u2019s cases only', async () => {
    const c = await ok<CaseOut>(post('/api/v1/cases', { psn_no: 'B1', kind: 'CASE-1', year: 2023, reason: '突发重病' }), 201);
    expect((await get(`/api/v1/cases/${c.id}`, town100)).statusCode).toBe(404);
    expect((await post(`/api/v1/cases/${c.id}/review`, { passed: true }, town100)).statusCode).toBe(404);
    expect((await post('/api/v1/cases', { psn_no: 'B1', kind: 'CASE-1', year: 2023, reason: 'x' }, town100)).statusCode).toBe(404);
    const mine = await ok<{ cases: CaseOut[] }>(get('/api/v1/cases', town100));
    expect(mine.cases.map((x) => x.psn_no)).toEqual(['A1']);
    const theirs = await ok<{ cases: CaseOut[] }>(get('/api/v1/cases', town200));
    expect(theirs.cases.map((x) => x.psn_no)).toEqual(['B1']);
    // a page says whether another follows; the bureau sees both
    const page1 = await ok<{ cases: CaseOut[]; more: boolean }>(get('/api/v1/cases?limit=1'));
    expect([page1.cases.length, page1.more]).toEqual([1, true]);
    const page2 = await ok<{ cases: CaseOut[]; more: boolean }>(get('/api/v1/cases?limit=1&offset=1'));
    expect([page2.cases.length, page2.more]).toEqual([1, false]);
    // a second open CASE-1 for B1's 2023: 409; an unknown kind, a year to come: 422
    expect((await post('/api/v1/cases', { psn_no: 'B1', kind: 'CASE-1', year: 2023, reason: 'again' })).statusCode).toBe(409);
    expect((await post('/api/v1/cases', { psn_no: 'B1', kind: 'CASE-7', year: 2023, reason: 'x' })).statusCode).toBe(422);
    expect((await post('/api/v1/cases', { psn_no: 'B1', kind: 'CASE-1', year: 2099, reason: 'x' })).statusCode).toBe(422);
    expect((await post(`/api/v1/cases/${c.id}/reject`, { note: '不符合条件' }, town200)).statusCode).toBe(200);
  });

  it('lists each region\u2019s case kinds with the values the pack sets', async () => {
    const kinds = await ok<{ regions: { id: string; versions: { kinds: { id: string; unset: string | null; levels?: { level: string }[] }[] }[] }[] }>(get('/api/v1/case-kinds', viewer));
    const k = kinds.regions[0]?.versions[0]?.kinds ?? [];
    expect(k.map((x) => x.id)).toEqual(['CASE-1', 'CASE-2']);
    expect(k[0]).toMatchObject({ unset: null, levels: [{ level: 'township' }, { level: 'bureau' }] });
  });

  it('the rectification ledger: the bureau records, the township reports, the bureau closes; townships see their own', async () => {
    const r = await ok<{ id: number; status: string; overdue: boolean }>(
      post('/api/v1/rectifications', { admdvs: '500243', town: '500243100', problem: '部分监测对象未参保', found_in: '后评估通报问题一', measures: '逐户动员参保', owner: '某镇政府', deadline: '2020-06-30' }),
      201,
    );
    expect(r).toMatchObject({ status: 'open', overdue: true });
    expect((await post('/api/v1/rectifications', { admdvs: '500243', problem: 'x', measures: 'y', owner: 'z', deadline: '2030-01-01' }, town100)).statusCode).toBe(403);
    expect((await get(`/api/v1/rectifications/${r.id}`, town200)).statusCode).toBe(404);
    expect((await ok<{ rectifications: unknown[] }>(get('/api/v1/rectifications', town200))).rectifications).toEqual([]);
    expect((await ok<{ rectifications: unknown[] }>(get('/api/v1/rectifications?overdue=true', town100))).rectifications).toHaveLength(1);
    expect((await post(`/api/v1/rectifications/${r.id}/rectify`, {}, town100)).statusCode).toBe(400);
    expect(await ok(post(`/api/v1/rectifications/${r.id}/rectify`, { note: '已全部参保' }, town100))).toMatchObject({ status: 'rectified', overdue: false });
    expect((await post(`/api/v1/rectifications/${r.id}/close`, {}, town100)).statusCode).toBe(403);
    expect(await ok(post(`/api/v1/rectifications/${r.id}/close`, {}))).toMatchObject({ status: 'closed' });
    expect((await post(`/api/v1/rectifications/${r.id}/close`, {})).statusCode).toBe(409);
    const shown = await ok<{ events: { action: string; username: string }[] }>(get(`/api/v1/rectifications/${r.id}`, town100));
    expect(shown.events.map((e) => `${e.action}:${e.username}`)).toEqual(['create:clerk', 'rectify:town100', 'close:clerk']);
  });
});
