import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../store/test-support/engines.js';
import { verifyLedger } from '../store/verify.js';
import type { ServiceTestApp } from './test-support/service-app.js';
import { DEMO_POLICIES, json, multipart, serviceApp } from './test-support/service-app.js';

const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs
A1,500243199001011239,张一,500243,1,500243100,500243100001
A2,,李二,500243,1,500243100,500243100002
B1,,王三,500243,1,500243200,500243200001
`;
const IDENTITIES = `psn_no,idet_type,begndate,enddate
A1,低保对象,2023-01-01,
B1,特困人员,2023-01-01,
`;

const stay = (setlId: string, psnNo: string, time: string, total: string | number, scope: string | number) => ({
  setl_id: setlId, psn_no: psnNo, med_type: '21', hosp_lv: '05', setl_time: time, medfee_sumamt: total, inscp_scp_amt: scope,
});

describeEachEngine('service API', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { importWaitMs: 60_000 });
    bureau = await s.as('clerk', 'bureau');
    for (const [kind, body] of [['persons', PERSONS], ['identities', IDENTITIES]] as const) {
      const res = await s.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, ...merge(multipart('file', `${kind}.csv`, body), bureau) });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterAll(async () => {
    await s.app.close();
  });

  function merge(m: ReturnType<typeof multipart>, cookie: string) {
    return { payload: m.payload, headers: { ...m.headers, cookie } };
  }
  const post = (url: string, payload: unknown, cookie = bureau) => s.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown>, headers: { cookie } });

  it('settles one settlement: 201 with the split, setl_proc_info and fund lines that balance', async () => {
    const res = await post('/api/v1/settlements', stay('H1', 'A1', '2023-05-01 10:00:00', '30000.00', 27000));
    expect(res.statusCode, res.body).toBe(201);
    const b = json<Record<string, string | boolean | { fund_pay_type: string; fund_payamt: string }[]>>(res);
    expect(b['illustrative']).toBe(true);
    const fen = (k: string) => Math.round(Number(b[k]) * 100);
    expect(fen('hifp_pay') + fen('hifmi_pay') + fen('maf_pay') + fen('psn_part_amt')).toBe(3_000_000);
    expect(fen('maf_assist_pay')).toBeGreaterThan(0);
    const lines = b['setldetail'] as { fund_pay_type: string; fund_payamt: string }[];
    expect(lines.map((l) => l.fund_pay_type)).toContain('610100');
    expect(lines.reduce((t, l) => t + Math.round(Number(l.fund_payamt) * 100), 0)).toBe(fen('fund_pay_sumamt'));
    expect(b['setl_proc_info']).toMatch(/§/);
  });

  it('the same setl_id and body again → 200 with the same result; another body → 409', async () => {
    const again = await post('/api/v1/settlements', stay('H1', 'A1', '2023-05-01 10:00:00', 30000, '27000'));
    expect(again.statusCode).toBe(200);
    const first = await post('/api/v1/settlements', stay('H1', 'A1', '2023-05-01 10:00:00', 30000, 27000));
    expect(json(again)).toEqual(json(first));
    const other = await post('/api/v1/settlements', stay('H1', 'A1', '2023-05-01 10:00:00', 30001, 27000));
    expect(other.statusCode).toBe(409);
    expect(json(other)['error']).toBe('setl-id-conflict');
  });

  it('malformed bodies get a 400 with the field and reason, never a 500', async () => {
    const cases: unknown[] = [
      stay('X1', 'A1', '2023-05-01 10:00:00', '1.234', 1),
      stay('X1', 'A1', 'yesterday', 100, 1),
      stay('X1', 'A1', '2023-05-01 10:00:00', 100, 200),
      { ...stay('X1', 'A1', '2023-05-01 10:00:00', 100, 1), medfee_sumamt: { yuan: 1 } },
      { setl_id: 'X1' },
      [],
    ];
    for (const c of cases) {
      const res = await post('/api/v1/settlements', c);
      expect(res.statusCode, JSON.stringify(c)).toBe(400);
      expect(json(res)['message'], JSON.stringify(c)).toMatch(/\//);
    }
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/settlements', payload: '{"setl_id": ', headers: { cookie: bureau, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    // not JSON at all: refused with its reason (400, or 415 for a media type the API does not take)
    for (const type of ['text/plain', 'application/xml']) {
      const text = await s.app.inject({ method: 'POST', url: '/api/v1/settlements', payload: 'not json', headers: { cookie: bureau, 'content-type': type } });
      expect([400, 415], type).toContain(text.statusCode);
      expect(json(text)['message']).toMatch(/\//);
    }
    const unknown = await post('/api/v1/settlements', stay('X2', 'NOBODY', '2023-05-01 10:00:00', 100, 50));
    expect(unknown.statusCode).toBe(422);
    expect(json(unknown)['field']).toBe('psn_no');
  });

  it('a settlement arriving late adjusts the later one; a reversal answers with its adjustment lines', async () => {
    const late = await post('/api/v1/settlements', stay('H0', 'A1', '2023-02-01 10:00:00', 50000, 45000));
    expect(late.statusCode).toBe(201);
    const lateBody = json<{ adjustments: { setl_id: string; cause: string }[] }>(late);
    expect(lateBody.adjustments.length).toBeGreaterThan(0);
    expect(lateBody.adjustments.every((a) => a.setl_id === 'H1' && a.cause === 'late-settlement')).toBe(true);
    const rev = await post('/api/v1/settlements/H0/reversal', {});
    expect(rev.statusCode, rev.body).toBe(201);
    const r = json<{ setl_id: string; adjustments: { setl_id: string; amount: string; kind: string }[] }>(rev);
    expect(r.setl_id).toBe('H0-R');
    expect(r.adjustments.filter((a) => a.setl_id === 'H0').every((a) => a.kind === '追回' && Number(a.amount) < 0)).toBe(true);
    const again = await post('/api/v1/settlements/H0/reversal', {});
    expect(again.statusCode).toBe(200);
    expect(json(again)).toEqual(json(rev));
    expect((await post('/api/v1/settlements/H0/reversal', { setl_id: 'OTHER' })).statusCode).toBe(409);
    expect((await post('/api/v1/settlements/NOPE/reversal', {})).statusCode).toBe(404);
    expect(await verifyLedger(getDb(), DEMO_POLICIES)).toEqual([]);
  });

  it('the person record shows settlements, adjustments and accumulators, masks the ID number and is audited', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/api/v1/persons/A1?year=2023', headers: { cookie: bureau } });
    expect(res.statusCode).toBe(200);
    const p = json<{ person: { certno: string }; settlements: { setl_id: string; reversed_by: string | null }[]; adjustments: unknown[]; accumulators: unknown[]; identities: unknown[] }>(res);
    expect(p.person.certno).toBe('500243********1239');
    expect(p.settlements.map((x) => x.setl_id)).toEqual(['H0', 'H0-R', 'H1']);
    expect(p.settlements[0]?.reversed_by).toBe('H0-R');
    expect(p.adjustments.length).toBeGreaterThan(0);
    expect(p.accumulators.length).toBeGreaterThan(0);
    expect(res.body).not.toContain('500243199001011239');
    const audit = await getDb().query<{ username: string; action: string }>("SELECT username, action FROM audit_log WHERE psn_no = 'A1' AND action = 'person-read'");
    expect(audit).toEqual([{ username: 'clerk', action: 'person-read' }]);
    const trail = await s.app.inject({ method: 'GET', url: '/api/v1/persons/A1/audit', headers: { cookie: bureau } });
    expect(trail.statusCode).toBe(200);
    const actions = json<{ entries: { username: string; action: string }[] }>(trail).entries.map((e) => e.action);
    expect(actions).toContain('person-read');
    expect(actions).toContain('settle');
    expect(actions).toContain('reverse');
  });

  it('a township user sees only their township: another one\u2019s person is a 404, search is scoped', async () => {
    const town = await s.as('town-b', 'township', '500243200');
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/persons/A1', headers: { cookie: town } })).statusCode).toBe(404);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/persons/B1', headers: { cookie: town } })).statusCode).toBe(200);
    const found = json<{ persons: { psn_no: string }[] }>(await s.app.inject({ method: 'GET', url: '/api/v1/persons', headers: { cookie: town } }));
    expect(found.persons.map((p) => p.psn_no)).toEqual(['B1']);
    expect((await post('/api/v1/trial', { psn_no: 'A1', med_type: '21', hosp_lv: '05', setl_time: '2023-06-01 10:00:00', medfee_sumamt: 100, inscp_scp_amt: 90 }, town)).statusCode).toBe(404);
    expect((await post('/api/v1/settlements', stay('T1', 'B1', '2023-05-01 10:00:00', 100, 50), town)).statusCode).toBe(403);
  });

  it('without a session: 401; a viewer cannot settle: 403', async () => {
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/settlements', payload: stay('Z1', 'A1', '2023-05-01 10:00:00', 100, 50) })).statusCode).toBe(401);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/persons/A1' })).statusCode).toBe(401);
    const viewer = await s.as('viewer', 'viewer');
    expect((await post('/api/v1/settlements', stay('Z1', 'A1', '2023-05-01 10:00:00', 100, 50), viewer)).statusCode).toBe(403);
  });

  it('a trial stores nothing, for a stored person and for a hypothetical one', async () => {
    const [before] = await getDb().query<{ n: number }>('SELECT count(*)::bigint AS n FROM settlements');
    const stored = await post('/api/v1/trial', { psn_no: 'A1', med_type: '21', hosp_lv: '05', setl_time: '2023-06-01 10:00:00', medfee_sumamt: 20000, inscp_scp_amt: 18000 });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(json(stored)['trial']).toBe(true);
    const hypo = await post('/api/v1/trial', {
      insuplc_admdvs: '500243', identities: [{ idet_type: '特困人员', begndate: '2020-01-01' }], med_type: '21', hosp_lv: '05', setl_time: '2023-06-01 10:00:00', medfee_sumamt: 20000, inscp_scp_amt: 18000,
    });
    expect(hypo.statusCode, hypo.body).toBe(200);
    expect(Number(json(hypo)['maf_assist_pay'])).toBeGreaterThan(0);
    const none = await post('/api/v1/trial', { insuplc_admdvs: '500243', med_type: '21', hosp_lv: '05', setl_time: '2023-06-01 10:00:00', medfee_sumamt: 20000, inscp_scp_amt: 18000 });
    expect(Number(json(none)['maf_assist_pay'])).toBe(0);
    expect((await post('/api/v1/trial', { insuplc_admdvs: '500243', identities: [{ idet_type: '火星人', begndate: '2020-01-01' }], med_type: '21', setl_time: '2023-06-01 10:00:00', medfee_sumamt: 1, inscp_scp_amt: 1 })).statusCode).toBe(400);
    const [after] = await getDb().query<{ n: number }>('SELECT count(*)::bigint AS n FROM settlements');
    expect(after?.n).toBe(before?.n);
  });

  it('imports a settlements file with a bad row: counts, the rejects as XLSX, the same file again changes nothing', async () => {
    const file = `setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt\nF1,A2,21,05,2023-03-01 09:00:00,1000.00,900.00\nF2,A2,21,05,2023-04-01 09:00:00,1.234,1\n`;
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/imports/settlements', ...merge(multipart('file', 'month.csv', file), bureau) });
    expect(res.statusCode, res.body).toBe(201);
    const b = json<{ id: number; accepted: number; rejected: number; rejects_url: string; status: string }>(res);
    expect([b.accepted, b.rejected, b.status]).toEqual([1, 1, 'done']);
    const x = await s.app.inject({ method: 'GET', url: b.rejects_url, headers: { cookie: bureau } });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const again = await s.app.inject({ method: 'POST', url: '/api/v1/imports/settlements', ...merge(multipart('file', 'month.csv', file), bureau) });
    expect(again.statusCode).toBe(200);
    expect(json(again)['id']).toBe(b.id);
    const status = await s.app.inject({ method: 'GET', url: `/api/v1/imports/${b.id}`, headers: { cookie: bureau } });
    expect(json(status)['status']).toBe('done');
    // the imported settlement is settled in the ledger
    const [r] = await getDb().query<{ n: number }>("SELECT count(*)::bigint AS n FROM settlement_results WHERE setl_id = 'F1'");
    expect(r?.n).toBe(1);
    for (const bad of [multipart('file', 'x.txt', 'a'), multipart('other', 'x.csv', 'a')]) {
      expect((await s.app.inject({ method: 'POST', url: '/api/v1/imports/settlements', ...merge(bad, bureau) })).statusCode).toBe(400);
    }
    expect((await s.app.inject({ method: 'POST', url: '/api/v1/imports/nonsense', ...merge(multipart('file', 'x.csv', 'a'), bureau) })).statusCode).toBe(400);
    expect((await post('/api/v1/imports/settlements', { file: 'x' })).statusCode).toBe(400);
  });

  it('concurrent settlements of one person are serialised: no lost accumulator update', async () => {
    const posts = Array.from({ length: 16 }, (_, i) => post('/api/v1/settlements', stay(`C${i}`, 'B1', `2023-07-${String(i + 1).padStart(2, '0')} 10:00:00`, 8000 + i, 7000)));
    const answers = await Promise.all(posts);
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 201));
    expect(await verifyLedger(getDb(), DEMO_POLICIES)).toEqual([]);
  });

  it('one setl_id posted at once for two persons: one is stored, the other is a 409, never a 500', async () => {
    const [a, b] = await Promise.all([
      post('/api/v1/settlements', stay('SAME', 'A2', '2023-08-01 10:00:00', 500, 400)),
      post('/api/v1/settlements', stay('SAME', 'B1', '2023-08-01 10:00:00', 500, 400)),
    ]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([201, 409]);
  });

  it('random interleavings of settlements and reversals across persons end in the state of a fresh fold', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(
          fc.record({ kind: fc.constant('settle' as const), p: fc.constantFrom('A1', 'A2', 'B1'), day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 12 }), yuan: fc.integer({ min: 1, max: 200_000 }) }),
          fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
        ), { minLength: 1, maxLength: 10 }),
        async (ops) => {
          const made: string[] = [];
          const requests = ops.map((o) => {
            n++;
            if (o.kind === 'settle') {
              const id = `Q${n}`;
              made.push(id);
              return post('/api/v1/settlements', stay(id, o.p, `2023-${String(o.month).padStart(2, '0')}-${String(o.day).padStart(2, '0')} 08:00:00`, o.yuan, Math.floor(o.yuan * 0.9)));
            }
            const target = made[o.pick % Math.max(1, made.length)];
            return target === undefined ? Promise.resolve(undefined) : post(`/api/v1/settlements/${target}/reversal`, {});
          });
          const answers = await Promise.all(requests);
          for (const a of answers) if (a !== undefined) expect([200, 201, 404, 409]).toContain(a.statusCode);
          expect(await verifyLedger(getDb(), DEMO_POLICIES)).toEqual([]);
        },
      ),
      { numRuns: 8, seed: 4242 },
    );
  }, 120_000);

  it('serves the OpenAPI document and its page', async () => {
    const doc = await s.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(json<{ paths: Record<string, unknown> }>(doc).paths);
    for (const p of ['/api/v1/settlements', '/api/v1/settlements/{setl_id}/reversal', '/api/v1/trial', '/api/v1/persons/{psn_no}', '/api/v1/imports/{kind}', '/api/v1/session', '/api/v1/users']) {
      expect(paths).toContain(p);
    }
    const page = await s.app.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger');
  });
});
