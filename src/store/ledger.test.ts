import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { loadPacks } from '../policy/load.js';
import { RegionPolicies } from '../policy/regions.js';
import type { Db } from './db.js';
import type { RecomputeCause } from './ledger.js';
import { recompute } from './ledger.js';
import { migrate } from './migrate.js';
import { describeEachEngine } from './test-support/engines.js';
import { verifyLedger } from './verify.js';

const POLICIES = new RegionPolicies([loadPacks('demo-cq-pengshui')]);

async function person(db: Db, psnNo: string): Promise<void> {
  await db.query(`INSERT INTO persons (psn_no, admdvs, insuplc_admdvs, insu_tier, town_admdvs) VALUES ($1, '500243', '500243', 1, '500243100')`, [psnNo]);
}

async function identity(db: Db, psnNo: string, category: string, begin: string): Promise<void> {
  await db.query(`INSERT INTO identities (admdvs, psn_no, idet_type, begndate) VALUES ('500243', $1, $2, $3)`, [psnNo, category, begin]);
}

/** An inpatient stay (med_type 21) at a county hospital; amounts in yuan. */
async function stay(db: Db, setlId: string, psnNo: string, time: string, totalYuan: number): Promise<void> {
  await db.query(
    `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, content_hash)
     VALUES ($1, '500243', $2, '21', $3, '05', $4, $5, $1)`,
    [setlId, psnNo, time, totalYuan * 100, totalYuan * 90],
  );
}

async function reverse(db: Db, setlId: string, psnNo: string, target: string): Promise<void> {
  await db.query(
    `INSERT INTO settlements (setl_id, admdvs, psn_no, refd_setl_flag, init_setl_id, content_hash) VALUES ($1, '500243', $2, true, $3, $1)`,
    [setlId, psnNo, target],
  );
}

const run = (db: Db, psnNos: string[], why: RecomputeCause, year?: number) => db.transaction((tx) => recompute(tx, POLICIES, psnNos, why, { year }));

async function ledgerOf(db: Db, setlId: string) {
  return db.query<{ tier: string; amount: number; cause: string; caused_by: string; reason: string }>(
    'SELECT tier, amount, cause, caused_by, reason FROM adjustments WHERE setl_id = $1 ORDER BY adjustment_id',
    [setlId],
  );
}

async function paidOf(db: Db, setlId: string): Promise<number[] | undefined> {
  const [r] = await db.query<{ a: number; b: number; c: number; d: number }>(
    'SELECT hifp_pay AS a, hifmi_pay AS b, maf_assist_pay AS c, maf_reassist_pay AS d FROM settlement_results WHERE setl_id = $1',
    [setlId],
  );
  return r === undefined ? undefined : [r.a, r.b, r.c, r.d];
}

describeEachEngine('ledger', (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await migrate(db);
    for (const p of ['P1', 'P2', 'P3']) await person(db, p);
    await identity(db, 'P1', 'dibao', '2023-01-01');
  });

  it('books a first settlement as its payment, with no adjustment', async () => {
    const db = getDb();
    await stay(db, 'S2', 'P1', '2023-06-01 10:00:00', 60_000);
    const r = await run(db, ['P1'], { cause: 'late-settlement', causedBy: 'S2' }, 2023);
    const o = r.outcomes.get('S2');
    expect(o?.ok).toBe(true);
    expect(r.adjustments).toEqual([]);
    const paid = await paidOf(db, 'S2');
    const [payment] = await db.query<{ a: number; b: number; c: number; d: number }>(
      'SELECT hifp_pay AS a, hifmi_pay AS b, maf_assist_pay AS c, maf_reassist_pay AS d FROM settlement_payments WHERE setl_id = $1',
      ['S2'],
    );
    expect(payment && [payment.a, payment.b, payment.c, payment.d]).toEqual(paid);
    expect(paid?.[2]).toBeGreaterThan(0); // dibao: assistance paid
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
    const acc = await db.query<{ pool: string; cum_base: number; paid: number }>("SELECT pool, cum_base, paid FROM accumulators WHERE psn_no = 'P1' AND year = 2023");
    expect(acc.length).toBeGreaterThan(0);
  });

  it('a settlement arriving before later ones recomputes them and books the differences', async () => {
    const db = getDb();
    const before = await paidOf(db, 'S2');
    await stay(db, 'S1', 'P1', '2023-03-01 10:00:00', 60_000);
    const r = await run(db, ['P1'], { cause: 'late-settlement', causedBy: 'S1' }, 2023);
    const after = await paidOf(db, 'S2');
    expect(after).not.toEqual(before);
    const lines = await ledgerOf(db, 'S2');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.cause === 'late-settlement' && l.caused_by === 'S1')).toBe(true);
    expect(r.adjustments.map((a) => a.setlId)).toEqual(lines.map(() => 'S2'));
    // each line is the change of its tier
    const tiers = ['basic', 'critical_illness', 'assistance', 're_assistance'];
    tiers.forEach((t, k) => {
      const sum = lines.filter((l) => l.tier === t).reduce((s, l) => s + l.amount, 0);
      expect(sum, t).toBe((after?.[k] ?? 0) - (before?.[k] ?? 0));
    });
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('a reversal recovers what the cancelled settlement paid and recomputes the rest', async () => {
    const db = getDb();
    const s1 = await paidOf(db, 'S1');
    await reverse(db, 'R1', 'P1', 'S1');
    const r = await run(db, ['P1'], { cause: 'reversal', causedBy: 'R1' }, 2023);
    expect(r.outcomes.get('S1')).toMatchObject({ ok: false, code: 'reversed' });
    expect(await paidOf(db, 'S1')).toBeUndefined();
    const lines = await ledgerOf(db, 'S1');
    const recovered = lines.reduce((s, l) => s + l.amount, 0);
    expect(recovered).toBe(-(s1 ?? []).reduce((s, a) => s + a, 0));
    expect(lines.every((l) => l.amount < 0 && l.reason.startsWith('追回') && l.cause === 'reversal')).toBe(true);
    // S2 is back to what it paid alone: its adjustments sum to zero per tier
    const s2 = await ledgerOf(db, 'S2');
    for (const t of ['basic', 'critical_illness', 'assistance', 're_assistance']) {
      expect(s2.filter((l) => l.tier === t).reduce((s, l) => s + l.amount, 0), t).toBe(0);
    }
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('an identity recognised retroactively pays assistance on settlements already made (补付)', async () => {
    const db = getDb();
    await stay(db, 'S10', 'P2', '2023-05-01 10:00:00', 40_000);
    await run(db, ['P2'], { cause: 'late-settlement', causedBy: 'S10' });
    expect((await paidOf(db, 'S10'))?.[2]).toBe(0);
    await identity(db, 'P2', 'tekun', '2023-01-01');
    const r = await run(db, ['P2'], { cause: 'identity', causedBy: 'batch 7' });
    const assistance = r.adjustments.filter((a) => a.tier === 'assistance');
    expect(assistance).toHaveLength(1);
    expect(assistance[0]?.amount).toBeGreaterThan(0);
    expect(assistance[0]?.reason).toMatch(/^补付/);
    expect((await paidOf(db, 'S10'))?.[2]).toBe(assistance[0]?.amount);
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('verify reports a tampered result, payment or accumulator', async () => {
    const db = getDb();
    await db.query("UPDATE settlement_results SET hifp_pay = hifp_pay + 1, fund_pay_sumamt = fund_pay_sumamt + 1, psn_part_amt = psn_part_amt - 1 WHERE setl_id = 'S2'");
    await db.query("UPDATE accumulators SET paid = paid + 1 WHERE psn_no = 'P2' AND ctid = (SELECT min(ctid) FROM accumulators WHERE psn_no = 'P2')");
    const found = await verifyLedger(db, POLICIES);
    expect(found.some((d) => d.setlId === 'S2' && d.what.startsWith('result'))).toBe(true);
    expect(found.some((d) => d.setlId === 'S2' && d.what.startsWith('basic'))).toBe(false); // the ledger lines are right; the result is not
    expect(found.some((d) => d.psnNo === 'P2' && d.what.startsWith('accumulator'))).toBe(true);
    await run(db, ['P1', 'P2'], { cause: 'recompute', causedBy: 'test' });
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('any interleaving of settlements, reversals and identities ends in the state of a fresh fold', async () => {
    const db = getDb();
    type Op =
      | { kind: 'stay'; p: number; day: number; yuan: number }
      | { kind: 'reverse'; pick: number }
      | { kind: 'identity'; p: number; category: 'dibao' | 'tekun' | 'disabled'; month: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('stay' as const), p: fc.integer({ min: 0, max: 2 }), day: fc.integer({ min: 0, max: 360 }), yuan: fc.integer({ min: 100, max: 400_000 }) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('identity' as const), p: fc.integer({ min: 0, max: 2 }), category: fc.constantFrom('dibao' as const, 'tekun' as const, 'disabled' as const), month: fc.integer({ min: 1, max: 12 }) }) },
    );
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        round++;
        const who = [`Q${round}a`, `Q${round}b`, `Q${round}c`];
        for (const p of who) await person(db, p);
        const live: { id: string; p: string }[] = [];
        let n = 0;
        for (const o of ops) {
          n++;
          if (o.kind === 'stay') {
            const p = who[o.p] as string;
            const id = `${p}-S${n}`;
            const d = new Date(Date.UTC(2023, 0, 1 + o.day));
            await stay(db, id, p, `${d.toISOString().slice(0, 10)} 09:00:00`, o.yuan);
            live.push({ id, p });
            await run(db, [p], { cause: 'late-settlement', causedBy: id }, 2023);
          } else if (o.kind === 'reverse' && live.length > 0) {
            const [t] = live.splice(o.pick % live.length, 1);
            if (t === undefined) continue;
            await reverse(db, `${t.id}-R`, t.p, t.id);
            await run(db, [t.p], { cause: 'reversal', causedBy: `${t.id}-R` }, 2023);
          } else if (o.kind === 'identity') {
            const p = who[o.p] as string;
            await db.query(
              `INSERT INTO identities (admdvs, psn_no, idet_type, begndate, idet_lv) VALUES ('500243', $1, $2, $3, $4) ON CONFLICT DO NOTHING`,
              [p, o.category, `2023-${String(o.month).padStart(2, '0')}-01`, o.category === 'disabled' ? 1 : null],
            );
            await run(db, [p], { cause: 'identity', causedBy: `op ${n}` });
          }
        }
        expect(await verifyLedger(db, POLICIES)).toEqual([]);
      }),
      { numRuns: 12, seed: 20261123 },
    );
  }, 120_000);
});
