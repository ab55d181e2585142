import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../store/test-support/engines.js';
import type { ServiceTestApp } from './test-support/service-app.js';
import { json, serviceApp } from './test-support/service-app.js';

// docs/cases.md §6 step by step on a fresh demonstration store, as `npm start` loads it: the ids and
// amounts the page quotes (alert 55, 27,768.12, four alerts on the push list, case 1, 15,000.00 decided,
// 12,768.12 left) are checked here, so the page cannot drift from what the product does.
describeEachEngine('the walk-through of docs/cases.md', (getDb) => {
  let s: ServiceTestApp;
  let admin = '';
  let town = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { demo: true });
    admin = await s.as('admin', 'admin');
    town = await s.as('town005', 'township', '500243005');
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
  });

  const post = async <T>(url: string, payload: unknown, cookie: string, status = 200): Promise<T> => {
    const res = await s.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { cookie } });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return json<T>(res);
  };
  const get = async <T>(url: string, cookie: string): Promise<T> => json<T>(await s.app.inject({ method: 'GET', url, headers: { cookie } }));

  it('gives the ids and amounts the page quotes', async () => {
    await post('/api/v1/settlements', { setl_id: 'WALK-1', psn_no: 'P000000008', med_type: '21', hosp_lv: '05', setl_time: '2023-11-20 10:00:00', medfee_sumamt: '80000', inscp_scp_amt: '72000' }, admin, 201);
    const { alerts } = await get<{ alerts: { id: number; psn_no: string; rule: string; amount: string }[] }>('/api/v1/alerts?status=raised&town=500243005', admin);
    expect(alerts.find((a) => a.psn_no === 'P000000008')).toMatchObject({ id: 55, rule: 'MON-CQ-1', amount: '27768.12' });
    const list = await s.app.inject({ method: 'POST', url: '/api/v1/alerts/push-list', payload: { department: 'rural_revitalisation', town: '500243005', year: 2023 }, headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-alerts']).toBe('4');
    await post('/api/v1/alerts/55/verify', { outcome: 'included', note: '入户核实：因病支出大，纳入监测' }, town);
    await post('/api/v1/alerts/55/close', { note: '已纳入监测，转一事一议' }, admin);
    const c = await post<{ id: number }>('/api/v1/cases', { psn_no: 'P000000008', kind: 'CASE-1', year: 2023, reason: '住院费用8万元，家庭基本生活困难', requested: '15000', alert_id: 55 }, town, 201);
    expect(c.id).toBe(1);
    await post('/api/v1/cases/1/review', { passed: true, note: '材料齐全' }, town);
    await post('/api/v1/cases/1/approve', { level: 'township', note: '乡镇同意' }, town);
    await post('/api/v1/cases/1/approve', { level: 'bureau', note: '局审批同意' }, admin);
    const decided = await post<{ decided: string; cap_amount: string }>('/api/v1/cases/1/decide', { lines: [{ source: 'social_assistance', amount: '10000' }, { source: 'mutual_aid', amount: '5000' }], note: '议定救助1.5万元' }, admin);
    expect(decided).toMatchObject({ decided: '15000.00', cap_amount: '27768.12' });
    await post('/api/v1/cases/1/close', { note: '已发放' }, admin);
    const rec = await get<{ totals: { psn_part_amt: string; cases_total: string; psn_part_after_cases: string } }>('/api/v1/persons/P000000008?year=2023', admin);
    expect(rec.totals).toMatchObject({ psn_part_amt: '27768.12', cases_total: '15000.00', psn_part_after_cases: '12768.12' });
    const trail = await get<{ entries: { action: string; username: string }[] }>('/api/v1/persons/P000000008/audit', admin);
    const steps = trail.entries.map((e) => `${e.action}:${e.username}`).reverse().filter((a) => !a.startsWith('person-read') && !a.startsWith('case-read'));
    expect(steps).toEqual([
      'settle:admin', 'alert-raise:system', 'alert-read:admin', 'alert-push-list:admin', 'alert-verify:town005', 'alert-close:admin',
      'case-open:town005', 'case-review:town005', 'case-approve:town005', 'case-approve:admin', 'case-decide:admin', 'case-close:admin',
    ]);
  }, 60_000);
});
