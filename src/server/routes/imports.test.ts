import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, multipart, serviceApp } from '../test-support/service-app.js';

const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
R1,,赵一,500243,1,500243100,500243100001
`;

describeEachEngine('imports API: the batch list with paging, the rejects as JSON', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  const upload = (kind: string, name: string, body: string, cookie = bureau) => {
    const m = multipart('file', name, body);
    return s.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, payload: m.payload, headers: { ...m.headers, cookie } });
  };
  const get = (url: string, cookie = bureau) => s.app.inject({ method: 'GET', url, headers: { cookie } });

  beforeAll(async () => {
    s = await serviceApp(getDb(), { importWaitMs: 60_000 });
    bureau = await s.as('clerk', 'bureau');
    expect((await upload('persons', 'persons.csv', PERSONS)).statusCode).toBe(201);
  });
  afterAll(async () => {
    await s.app.close();
  });

  it('answers the rejected rows as JSON, by line, paged, with the row as read', async () => {
    const file = `setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt
J1,R1,21,05,2023-03-01 09:00:00,1000.00,900.00
J2,R1,21,05,2023-04-01 09:00:00,1.234,1
J3,R9,21,05,2023-04-02 09:00:00,10.00,5.00
`;
    const res = await upload('settlements', 'june.csv', file);
    expect(res.statusCode, res.body).toBe(201);
    const b = json<{ id: number; accepted: number; rejected: number }>(res);
    expect([b.accepted, b.rejected]).toEqual([1, 2]);
    const all = json<{ total: number; file_name: string; rejects: { line: number; field: string; reason: string; psn_no: string | null; content: Record<string, string> }[] }>(
      await get(`/api/v1/imports/${b.id}/rejects`),
    );
    expect(all.total).toBe(2);
    expect(all.file_name).toBe('june.csv');
    expect(all.rejects.map((r) => [r.line, r.field])).toEqual([[3, 'medfee_sumamt'], [4, 'psn_no']]);
    expect(all.rejects[0]?.reason).toMatch(/两位小数.* \/ .*two decimals/);
    expect(all.rejects[0]?.content['setl_id']).toBe('J2');
    const page = json<{ total: number; rejects: { line: number }[] }>(await get(`/api/v1/imports/${b.id}/rejects?limit=1&offset=1`));
    expect([page.total, page.rejects.map((r) => r.line)]).toEqual([2, [4]]);
    expect((await get('/api/v1/imports/999999/rejects')).statusCode).toBe(404);
    // the file downloads still answer beside the JSON
    expect((await get(`/api/v1/imports/${b.id}/rejects.csv`)).headers['content-type']).toContain('text/csv');
  });

  it('masks ID numbers in the rejected rows it shows, audits the read, and refuses ids and offsets beyond bigint', async () => {
    // Chinese headers; the person is refused (a region this service does not run); an extra column holds another ID number
    const file = `人员编号,身份证号,姓名,参保地,监护人证件
R2,500243196507240019,钱二,999999,500243200206090028
`;
    const res = await upload('persons', 'guardians.csv', file);
    const b = json<{ id: number; rejected: number }>(res);
    expect(b.rejected).toBe(1);
    const before = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import-rejects-read' AND username = 'clerk'`);
    const shown = await get(`/api/v1/imports/${b.id}/rejects`);
    expect(shown.body).not.toContain('500243196507240019');
    expect(shown.body).not.toContain('500243200206090028');
    const row = json<{ rejects: { content: Record<string, string> }[] }>(shown).rejects[0]?.content;
    expect(row?.['身份证号']).toBe('500243********0019');
    expect(row?.['监护人证件']).toBe('500243********0028');
    expect(row?.['人员编号']).toBe('R2');
    const after = await s.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import-rejects-read' AND username = 'clerk'`);
    expect((after[0]?.n ?? 0) - (before[0]?.n ?? 0)).toBe(1);
    // the download keeps the number, to correct the row (and is audited as a download)
    expect((await get(`/api/v1/imports/${b.id}/rejects.csv`)).body).toContain('500243196507240019');
    expect((await get(`/api/v1/imports/${b.id}/rejects?offset=100000000000000000000`)).statusCode).toBe(400);
    expect((await get('/api/v1/imports/100000000000000000000/rejects')).statusCode).toBe(400);
    expect((await get('/api/v1/imports?offset=100000000000000000000')).statusCode).toBe(400);
  });

  it('pages the batch list, newest first, with the total', async () => {
    const list = json<{ total: number; batches: { id: number }[] }>(await get('/api/v1/imports'));
    expect(list.total).toBe(list.batches.length);
    expect(list.total).toBeGreaterThanOrEqual(2);
    const ids = list.batches.map((x) => x.id);
    expect(ids).toEqual([...ids].sort((a, c) => c - a));
    const second = json<{ total: number; batches: { id: number }[]; offset: number }>(await get('/api/v1/imports?limit=1&offset=1'));
    expect([second.total, second.offset, second.batches.map((x) => x.id)]).toEqual([list.total, 1, [ids[1]]]);
    const persons = json<{ total: number; batches: { kind: string }[] }>(await get('/api/v1/imports?kind=persons'));
    expect([persons.total, persons.batches.map((x) => x.kind)]).toEqual([2, ['persons', 'persons']]);
    expect((await get('/api/v1/imports?kind=nonsense')).statusCode).toBe(400);
  });

  it('refuses a township user the batches and their rejects', async () => {
    const town = await s.as('town1', 'township', '500243100');
    expect((await get('/api/v1/imports', town)).statusCode).toBe(403);
    expect((await get('/api/v1/imports/1/rejects', town)).statusCode).toBe(403);
  });
});
