import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, multipart, serviceApp } from '../test-support/service-app.js';

const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
Q1,500243199001011239,张一,500243,1,500243100,500243100001
Q2,,张二,500243,1,500243100,500243100002
Q3,,张三,500243,1,500243200,500243200001
Q4,,李四,500243,1,500243100,500243100001
`;

interface Found { persons: { psn_no: string; certno: string | null }[]; total: number; limit: number; offset: number }

describeEachEngine('GET /api/v1/persons (search) and the person record', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { importWaitMs: 60_000 });
    bureau = await s.as('clerk', 'bureau');
    const m = multipart('file', 'persons.csv', PERSONS);
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/imports/persons', payload: m.payload, headers: { ...m.headers, cookie: bureau } });
    expect(res.statusCode, res.body).toBe(201);
  });
  afterAll(async () => {
    await s.app.close();
  });
  const get = (url: string, cookie = bureau) => s.app.inject({ method: 'GET', url, headers: { cookie } });

  it('answers the number of matches (total) beside the page, within the user\u2019s area, and audits it', async () => {
    const page = json<Found>(await get(`/api/v1/persons?q=${encodeURIComponent('张')}&limit=2&offset=0`));
    expect(page.persons.map((p) => p.psn_no)).toEqual(['Q1', 'Q2']);
    expect([page.total, page.limit, page.offset]).toEqual([3, 2, 0]);
    const next = json<Found>(await get(`/api/v1/persons?q=${encodeURIComponent('张')}&limit=2&offset=2`));
    expect(next.persons.map((p) => p.psn_no)).toEqual(['Q3']);
    expect(next.total).toBe(3);
    expect(json<Found>(await get('/api/v1/persons?q=500243199001011239')).persons[0]?.certno).toBe('500243********1239');
    // the audit line of a search by ID number holds it masked, never in full
    const searched = await s.db.query<{ target: string | null }>("SELECT target FROM audit_log WHERE action = 'person-search' ORDER BY audit_id DESC LIMIT 1");
    expect(searched[0]?.target).toBe('500243********1239');
    await get(`/api/v1/persons?q=${encodeURIComponent('500243 19900101 1239')}`);
    const spaced = await s.db.query<{ target: string | null }>("SELECT target FROM audit_log WHERE action = 'person-search' ORDER BY audit_id DESC LIMIT 1");
    expect(spaced[0]?.target).not.toContain('19900101');
    expect((await get('/api/v1/persons?offset=100000000000000000000')).statusCode).toBe(400);
    const town = await s.as('town-a', 'township', '500243100');
    const scoped = json<Found>(await get(`/api/v1/persons?q=${encodeURIComponent('张')}&limit=1`, town));
    expect(scoped.persons.map((p) => p.psn_no)).toEqual(['Q1']);
    expect(scoped.total).toBe(2);
    expect(json<Found>(await get('/api/v1/persons', town)).total).toBe(3);
    const [line] = await s.db.query<{ detail: unknown }>("SELECT detail FROM audit_log WHERE username = 'town-a' AND action = 'person-search' ORDER BY audit_id DESC LIMIT 1");
    expect(line?.detail).toEqual({ found: 3, total: 3 });
  });

  it('the record lists the person\u2019s alerts of the year, named in the person-read audit line', async () => {
    // a stay that leaves the person far above the monitoring line (MON-CQ-1: personal burden)
    const settle = await s.app.inject({
      method: 'POST', url: '/api/v1/settlements', headers: { cookie: bureau },
      payload: { setl_id: 'QH1', psn_no: 'Q4', med_type: '21', hosp_lv: '05', setl_time: '2023-05-01 10:00:00', medfee_sumamt: '200000.00', inscp_scp_amt: '20000.00' },
    });
    expect(settle.statusCode, settle.body).toBe(201);
    const rec = json<{ alerts: { id: number; rule: string; status: string; setl_id: string | null; amount: string }[] }>(await get('/api/v1/persons/Q4?year=2023'));
    expect(rec.alerts.length).toBeGreaterThan(0);
    expect(rec.alerts[0]).toMatchObject({ rule: 'MON-CQ-1', status: 'raised' });
    const [read] = await s.db.query<{ detail: unknown }>("SELECT detail FROM audit_log WHERE username = 'clerk' AND action = 'person-read' AND psn_no = 'Q4' ORDER BY audit_id DESC LIMIT 1");
    expect(read?.detail).toEqual({ alerts: rec.alerts.map((a) => a.id) });
    expect(json<{ alerts: unknown[] }>(await get('/api/v1/persons/Q1?year=2023')).alerts).toEqual([]);
  });
});
