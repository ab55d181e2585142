/**
 * The ledger's invariants, checked against a fresh fold of everything stored (`sanchong verify`,
 * and the tests of every path that changes the store):
 * 1. settlement_results holds exactly the fold's results of the live settlements, to the fen;
 * 2. for each settlement and tier, payment + Σ adjustments = the fold's amount (0 when reversed or
 *    refused);
 * 3. accumulators hold each person-year's final state;
 * 4. the case lines of every case sum to its decided amount while the decision stands, to 0 once
 *    revoked, and none is booked without a decision (src/store/case-money.ts).
 */
import type { RegionPolicies } from '../policy/regions.js';
import { verifyCaseLines } from './case-money.js';
import type { Db } from './db.js';
import { LEDGER_TIERS, recompute } from './ledger.js';

export interface Discrepancy {
  readonly setlId?: string | undefined;
  readonly psnNo?: string | undefined;
  readonly what: string;
}

type Amounts = Record<string, number>;

async function snapshot(db: Db): Promise<{ results: Map<string, Amounts>; booked: Map<string, Amounts>; accumulators: Map<string, Amounts> }> {
  const results = new Map<string, Amounts>();
  for (const r of await db.query<{ setl_id: string; a: number; b: number; c: number; d: number; p: number; q: number }>(
    `SELECT setl_id, hifp_pay AS a, hifmi_pay AS b, maf_assist_pay AS c, maf_reassist_pay AS d, psn_part_amt AS p, inscp_psn_part_amt AS q
       FROM settlement_results`,
  )) {
    results.set(r.setl_id, { basic: r.a, critical_illness: r.b, assistance: r.c, re_assistance: r.d, personal: r.p, policy_scope_personal: r.q });
  }
  const booked = new Map<string, Amounts>();
  for (const r of await db.query<{ setl_id: string; tier: string; amount: number }>(
    `SELECT setl_id, tier, sum(amount)::bigint AS amount FROM (
       SELECT setl_id, 'basic' AS tier, hifp_pay AS amount FROM settlement_payments
       UNION ALL SELECT setl_id, 'critical_illness', hifmi_pay FROM settlement_payments
       UNION ALL SELECT setl_id, 'assistance', maf_assist_pay FROM settlement_payments
       UNION ALL SELECT setl_id, 're_assistance', maf_reassist_pay FROM settlement_payments
       UNION ALL SELECT setl_id, tier, amount FROM adjustments) AS l
     GROUP BY setl_id, tier`,
  )) {
    const b = booked.get(r.setl_id) ?? {};
    b[r.tier] = r.amount;
    booked.set(r.setl_id, b);
  }
  const accumulators = new Map<string, Amounts>();
  for (const r of await db.query<{ psn_no: string; year: number; pool: string; cum_base: number; paid: number }>(
    'SELECT psn_no, year, pool, cum_base, paid FROM accumulators',
  )) {
    accumulators.set(`${r.psn_no} ${r.year} ${r.pool}`, { cum_base: r.cum_base, paid: r.paid });
  }
  return { results, booked, accumulators };
}

const same = (a: Amounts | undefined, b: Amounts | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Folds everything stored afresh (in a transaction rolled back at the end: nothing changes) and
 * lists every difference from what is stored. Empty = the ledger is right.
 */
export async function verifyLedger(db: Db, policies: RegionPolicies): Promise<Discrepancy[]> {
  const before = await snapshot(db);
  const found: Discrepancy[] = [];
  const rollback = new Error('verify: roll back');
  try {
    await db.transaction(async (tx) => {
      // a fresh fold: nothing stored of the results, then every person recomputed
      await tx.exec('DELETE FROM settlement_results; DELETE FROM settlement_payments; DELETE FROM adjustments; DELETE FROM settlement_problems; DELETE FROM accumulators');
      const persons = (await tx.query<{ psn_no: string }>('SELECT psn_no FROM persons ORDER BY psn_no')).map((r) => r.psn_no);
      await recompute(tx, policies, persons, { cause: 'recompute', causedBy: 'verify' });
      const fresh = await snapshot(tx);
      for (const id of new Set([...before.results.keys(), ...fresh.results.keys()])) {
        if (!same(before.results.get(id), fresh.results.get(id))) {
          found.push({ setlId: id, what: `result ${JSON.stringify(before.results.get(id) ?? null)} ≠ fold ${JSON.stringify(fresh.results.get(id) ?? null)}` });
        }
      }
      // what a fresh fold books is the fold itself; the stored ledger must sum to it per tier
      for (const id of new Set([...before.booked.keys(), ...fresh.booked.keys()])) {
        const want = fresh.results.get(id);
        const got = before.booked.get(id) ?? {};
        for (const tier of LEDGER_TIERS) {
          if ((got[tier] ?? 0) !== (want?.[tier] ?? 0)) {
            found.push({ setlId: id, what: `${tier}: payment + adjustments ${got[tier] ?? 0} ≠ fold ${want?.[tier] ?? 0}` });
          }
        }
      }
      for (const key of new Set([...before.accumulators.keys(), ...fresh.accumulators.keys()])) {
        if (!same(before.accumulators.get(key), fresh.accumulators.get(key))) {
          found.push({ psnNo: key.split(' ')[0], what: `accumulator ${key}: ${JSON.stringify(before.accumulators.get(key) ?? null)} ≠ fold ${JSON.stringify(fresh.accumulators.get(key) ?? null)}` });
        }
      }
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
  found.push(...(await verifyCaseLines(db)));
  return found;
}
