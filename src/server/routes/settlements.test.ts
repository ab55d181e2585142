import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../store/test-support/engines.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, serviceApp } from '../test-support/service-app.js';

// GET /api/v1/settlements/{setl_id}: the one-stop settlement bill (一单制) on the demonstration store.

interface Adjustment { id: number; setl_id: string; tier: string; amount: string; kind: string; cause: string; caused_by: string | null }
interface Tiers { hifp_pay: string; hifmi_pay: string; maf_assist_pay: string; maf_reassist_pay: string; maf_pay: string; fund_pay_sumamt: string }
interface Bill extends Record<string, unknown> {
  setl_id: string; psn_no: string; settled: boolean; reversed: boolean; reversed_by: string | null; refd_setl_flag: boolean; init_setl_id: string | null;
  hifp_pay: string | null; hifmi_pay: string | null; maf_assist_pay: string | null; maf_reassist_pay: string | null; maf_pay: string | null; fund_pay_sumamt: string | null;
  psn_part_amt: string | null; setl_proc_info: string | null; setl_proc_lines: string[]; setldetail: { fund_pay_type: string; fund_payamt: string }[];
  pack_id: string | null; pack_version: string | null; illustrative: boolean; problem: unknown;
  person: { psn_no: string; psn_name: string; certno: string; town_admdvs: string };
  first_payment: (Tiers & { pack_id: string }) | null; net_paid: Tiers; adjustments: Adjustment[]; caused_adjustments: Adjustment[];
}

const fen = (yuan: string): number => Math.round(Number(yuan) * 100);
const tiersOf = (b: Bill) => ({
  hifp_pay: b.hifp_pay, hifmi_pay: b.hifmi_pay, maf_assist_pay: b.maf_assist_pay, maf_reassist_pay: b.maf_reassist_pay, maf_pay: b.maf_pay, fund_pay_sumamt: b.fund_pay_sumamt,
});
const ZERO_TIERS = { hifp_pay: '0.00', hifmi_pay: '0.00', maf_assist_pay: '0.00', maf_reassist_pay: '0.00', maf_pay: '0.00', fund_pay_sumamt: '0.00' };

describeEachEngine('GET /api/v1/settlements/{setl_id}', (getDb) => {
  let s: ServiceTestApp;
  let bureau = '';
  beforeAll(async () => {
    s = await serviceApp(getDb(), { demo: true });
    bureau = await s.as('clerk', 'bureau');
  }, 120_000);
  afterAll(async () => {
    await s.app.close();
  });

  const get = (setlId: string, cookie = bureau) => s.app.inject({ method: 'GET', url: `/api/v1/settlements/${setlId}`, headers: { cookie } });
  const post = (url: string, payload: Record<string, unknown>) => s.app.inject({ method: 'POST', url, payload, headers: { cookie: bureau } });

  it('a demo settlement: the person masked, the inputs, the split through every tier, its trace and fund lines, the pack', async () => {
    const res = await get('S00000000099');
    expect(res.statusCode, res.body).toBe(200);
    const b = json<Bill>(res);
    expect(b).toMatchObject({
      setl_id: 'S00000000099', psn_no: 'P000000055', med_type: '21', hosp_lv: '08', setl_time: '2023-02-08 09:53:30',
      medfee_sumamt: '75946.05', inscp_scp_amt: '65476.45', fulamt_ownpay_amt: '5234.80', overlmt_selfpay: null, preselfpay_amt: null, given: { hifp_pay: null, hifmi_pay: null },
      hifmi_pay: '2642.63', maf_assist_pay: '7428.86', maf_reassist_pay: '0.00', maf_pay: '7428.86',
      pack_id: 'demo-cq-pengshui', pack_version: '2023.1-demo', illustrative: true, settled: true, problem: null, reversed: false, reversed_by: null,
      refd_setl_flag: false, init_setl_id: null, adjustments: [], caused_adjustments: [],
    });
    expect(b.person).toEqual({
      psn_no: 'P000000055', psn_name: '罗华军', certno: '500243********055X', admdvs: '500243', insuplc_admdvs: '500243', town_admdvs: '500243005', village_admdvs: '500243005005',
    });
    // the split adds up: fund = the four tiers, personal = total − fund
    expect(fen(b.fund_pay_sumamt ?? '')).toBe(fen(b.hifp_pay ?? '') + fen(b.hifmi_pay ?? '') + fen(b.maf_pay ?? ''));
    expect(fen(b.psn_part_amt ?? '')).toBe(fen('75946.05') - fen(b.fund_pay_sumamt ?? ''));
    expect(b.setldetail.map((d) => d.fund_pay_type)).toEqual(['390100', '390200', '610100']);
    expect(b.setldetail.find((d) => d.fund_pay_type === '610100')?.fund_payamt).toBe('7428.86');
    // the stored trace: each tier's rule and clause, then the personal part and the pack
    expect(b.setl_proc_lines).toHaveLength(6);
    expect(b.setl_proc_lines.join(' | ')).toBe(b.setl_proc_info);
    expect(b.setl_proc_lines[2]).toMatch(/^医疗救助 7428\.86 \[BEN-CQ-6-A .*§/);
    expect(b.setl_proc_lines[5]).toBe('政策包 pack demo-cq-pengshui 2023.1-demo 演示数值 ILLUSTRATIVE');
    // booked once, never adjusted: the first payment is what was paid
    expect(b.first_payment).toMatchObject({ ...tiersOf(b), pack_id: 'demo-cq-pengshui' });
    expect(b.net_paid).toEqual(tiersOf(b));
  });

  it('a settlement settled through POST reads back exactly as POST answered it; the read is audited with the person', async () => {
    const body = { setl_id: 'BILL-1', psn_no: 'P000000008', med_type: '21', hosp_lv: '05', setl_time: '2023-12-20 10:00:00', medfee_sumamt: '30000', inscp_scp_amt: '27000', overlmt_selfpay: '120.50' };
    const created = await post('/api/v1/settlements', body);
    expect(created.statusCode, created.body).toBe(201);
    const answer = json(created);
    delete answer['adjustments'];
    const res = await get('BILL-1');
    expect(res.statusCode, res.body).toBe(200);
    const b = json<Bill>(res);
    for (const [k, v] of Object.entries(answer)) expect(b[k], k).toEqual(v);
    expect(Object.keys(answer).length).toBeGreaterThan(15);
    expect(b).toMatchObject({ overlmt_selfpay: '120.50', medfee_sumamt: '30000.00', person: { psn_no: 'P000000008', certno: '500243********0087' } });
    const [line] = await s.db.query<{ psn_no: string; admdvs: string; username: string }>(
      "SELECT psn_no, admdvs, username FROM audit_log WHERE action = 'settlement-read' AND target = 'BILL-1'",
    );
    expect(line).toEqual({ psn_no: 'P000000008', admdvs: '500243', username: 'clerk' });
  });

  it('a reversed settlement: reversed_by names the reversal, nothing settled, the recovered lines net the first payment to 0', async () => {
    // in the demo files: reversed in the same import, so never paid
    const demo = json<Bill>(await get('S00000000021'));
    expect(demo).toMatchObject({
      reversed: true, reversed_by: 'S00000000022', settled: false, hifp_pay: null, maf_pay: null, setl_proc_info: null, setl_proc_lines: [], setldetail: [],
      first_payment: null, net_paid: ZERO_TIERS, adjustments: [],
    });
    const before = json<Bill>(await get('BILL-1'));
    const rev = await post('/api/v1/settlements/BILL-1/reversal', {});
    expect(rev.statusCode, rev.body).toBe(201);
    const b = json<Bill>(await get('BILL-1'));
    expect(b).toMatchObject({ reversed: true, reversed_by: 'BILL-1-R', settled: false, pack_id: null, first_payment: { ...tiersOf(before) }, net_paid: ZERO_TIERS });
    expect(b.adjustments.length).toBeGreaterThan(0);
    expect(b.adjustments.every((a) => a.kind === '追回' && a.cause === 'reversal' && a.caused_by === 'BILL-1-R')).toBe(true);
    expect(b.adjustments.reduce((t, a) => t + fen(a.amount), 0)).toBe(-fen(before.fund_pay_sumamt ?? ''));
    const r = json<Bill>(await get('BILL-1-R'));
    expect(r).toMatchObject({ refd_setl_flag: true, init_setl_id: 'BILL-1', settled: false, reversed: false, adjustments: [] });
    expect(r.caused_adjustments.map((a) => a.id)).toEqual(b.adjustments.map((a) => a.id));
  });

  it('a late settlement: its lines on the later settlements are listed on both sides', async () => {
    const late = await post('/api/v1/settlements', {
      setl_id: 'BILL-LATE', psn_no: 'P000000055', med_type: '21', hosp_lv: '08', setl_time: '2023-01-05 09:00:00', medfee_sumamt: '40000', inscp_scp_amt: '36000',
    });
    expect(late.statusCode, late.body).toBe(201);
    const booked = json<{ adjustments: { setl_id: string; amount: string }[] }>(late).adjustments;
    expect(booked.some((a) => a.setl_id === 'S00000000099')).toBe(true);
    const b = json<Bill>(await get('BILL-LATE'));
    expect(b.caused_adjustments.map((a) => [a.setl_id, a.amount])).toEqual(booked.map((a) => [a.setl_id, a.amount]));
    expect(b.adjustments).toEqual([]);
    const later = json<Bill>(await get('S00000000099'));
    expect(later.adjustments.length).toBeGreaterThan(0);
    expect(later.adjustments.every((a) => a.cause === 'late-settlement' && a.caused_by === 'BILL-LATE')).toBe(true);
    // the ledger's invariant, as the bill shows it: first payment + the lines = the current split
    expect(later.net_paid).toEqual(tiersOf(later));
    expect(later.first_payment?.maf_assist_pay).toBe('7428.86');
    expect(later.maf_assist_pay).not.toBe('7428.86');
  });

  it('a township user sees its own area\u2019s settlements; another area\u2019s is a 404 like an unknown setl_id; a viewer reads', async () => {
    const own = await s.as('town5', 'township', '500243005');
    const other = await s.as('town1', 'township', '500243001');
    expect((await get('S00000000099', own)).statusCode).toBe(200);
    const hidden = await get('S00000000099', other);
    const unknown = await get('NO-SUCH-SETTLEMENT', other);
    expect(hidden.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(json(hidden)['error']).toBe('not-found');
    expect(json(hidden)['message']).toBe('未找到结算 S00000000099 / settlement S00000000099 not found');
    expect(json(unknown)).toEqual({ error: 'not-found', message: '未找到结算 NO-SUCH-SETTLEMENT / settlement NO-SUCH-SETTLEMENT not found' });
    const [n] = await s.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'settlement-read' AND username = 'town1'");
    expect(n?.n).toBe(0);
    expect((await get('S00000000099', await s.as('look', 'viewer'))).statusCode).toBe(200);
    expect((await s.app.inject({ method: 'GET', url: '/api/v1/settlements/S00000000099' })).statusCode).toBe(401);
  });
});
