import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fen } from '../money/fen.js';
import { loadPacks } from '../policy/load.js';
import { RegionPolicies } from '../policy/regions.js';
import type { IsoDateTime } from '../time/date.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import type { OneStopError } from './one-stop.js';
import { settleOne } from './one-stop.js';
import type { SettleInput } from './settle-batch.js';
import { SettleBatcher, settleMany } from './settle-batch.js';
import type { EngineDb } from './test-support/engines.js';
import { describeEachEngine, openTestDb } from './test-support/engines.js';
import { verifyLedger } from './verify.js';

const POLICIES = new RegionPolicies([loadPacks('demo-cq-pengshui')]);
const PERSONS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'];

async function seed(db: Db): Promise<void> {
  await migrate(db);
  for (const p of PERSONS) await db.query(`INSERT INTO persons (psn_no, admdvs, insuplc_admdvs, insu_tier) VALUES ($1, '500243', '500243', 1)`, [p]);
  await db.query(`INSERT INTO identities (admdvs, psn_no, idet_type, begndate) VALUES ('500243', 'G1', 'dibao', '2023-01-01'), ('500243', 'G2', 'tekun', '2023-01-01')`);
}

function stay(setlId: string, psnNo: string, month: number, yuan: number, year = 2023): SettleInput {
  return {
    kind: 'settlement',
    settlement: {
      setlId, psnNo, medType: '21', hospLv: '05', setlTime: `${year}-${String(month).padStart(2, '0')}-10 09:00:00` as IsoDateTime,
      total: fen(yuan * 100), policyScope: fen(yuan * 90),
    },
  };
}

/** The Db with a count of the transactions begun on it (a group settled together is one). */
function counting(db: Db): { db: Db; transactions: () => number } {
  let n = 0;
  return {
    db: { ...db, engine: db.engine, query: (sql, params, options) => db.query(sql, params, options), exec: (sql) => db.exec(sql), close: () => db.close(), transaction: (fn) => (n++, db.transaction(fn)) },
    transactions: () => n,
  };
}

const AUDIT = { username: 'hospital', role: 'bureau', ip: '10.0.0.1' };

/** What the store holds of the results and the ledger, to compare two stores. */
async function state(db: Db) {
  return {
    results: await db.query('SELECT setl_id, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, setl_proc_info FROM settlement_results ORDER BY setl_id'),
    payments: await db.query('SELECT setl_id, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay FROM settlement_payments ORDER BY setl_id'),
    adjustments: await db.query('SELECT setl_id, tier, amount, cause, caused_by FROM adjustments ORDER BY setl_id, tier, amount, caused_by'),
    accumulators: await db.query('SELECT psn_no, year, pool, cum_base, paid FROM accumulators ORDER BY psn_no, year, pool'),
    alerts: await db.query('SELECT psn_no, rule_id, year, amount, amount_at_alert, setl_id, status, raised_by FROM alerts ORDER BY psn_no, rule_id, year, setl_id'),
    alertEvents: await db.query('SELECT psn_no, from_status, to_status, username, note FROM alert_events ORDER BY psn_no, note'),
    // the alert lines name the alert by its id, which follows the order of insertion: compared without it
    audit: await db.query(
      `SELECT username, role, action, admdvs, psn_no, CASE WHEN action = 'alert-raise' THEN NULL ELSE target END AS target, detail::text, ip FROM audit_log
        ORDER BY action, psn_no, target, detail::text`,
    ),
  };
}

describeEachEngine('settlements settled together', (getDb, engine) => {
  let one: EngineDb | undefined;
  beforeAll(async () => {
    await seed(getDb());
    one = await openTestDb(engine);
    await seed(one.db);
  }, 60_000);
  afterAll(async () => {
    await one?.dispose();
  });

  it('a group gives the answers and the store of the same settlements one by one', async () => {
    const other = one?.db;
    if (other === undefined) throw new Error('no second store');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        // two years: a group's persons settle in different years, and a person's years each have their own accumulators
        fc.array(fc.record({ p: fc.constantFrom(...PERSONS), year: fc.constantFrom(2023, 2024), month: fc.integer({ min: 1, max: 12 }), yuan: fc.integer({ min: 1, max: 300_000 }) }), { minLength: 1, maxLength: 12 }),
        async (list) => {
          // one settlement per person per group, as the batcher forms them
          const seen = new Set<string>();
          const items = list.filter((x) => !seen.has(x.p) && seen.add(x.p) !== undefined).map((x) => ({ input: stay(`B${++n}`, x.p, x.month, x.yuan, x.year), audit: AUDIT }));
          const counted = counting(getDb());
          const together = await settleMany(counted.db, POLICIES, items);
          // settled together, not one by one after a fallback
          expect(counted.transactions()).toBe(1);
          const alone = [];
          for (const i of items) alone.push(await settleOne(other, POLICIES, i.input, i.audit));
          expect(together.map((t): unknown => (t.status === 'fulfilled' ? t.value : t.reason))).toEqual(alone);
        },
      ),
      { numRuns: 15, seed: 777 },
    );
    const stored = await state(getDb());
    expect(stored).toEqual(await state(other));
    // the comparison covers the monitoring hook and the audit lines too
    expect(stored.alerts.length).toBeGreaterThan(0);
    // and persons' years in both years
    expect(new Set(stored.accumulators.map((a) => Number((a as { year: number }).year)))).toEqual(new Set([2023, 2024]));
    expect(stored.audit.filter((a) => (a as { action: string }).action === 'settle').length).toBe(n);
    // in the person's trail a settlement's line comes before the alerts it raised (same transaction, same \`at\`)
    const pairs = await getDb().query<{ ordered: boolean }>(
      `SELECT s.audit_id < a.audit_id AS ordered FROM audit_log a JOIN audit_log s ON s.psn_no = a.psn_no AND s.at = a.at AND s.action = 'settle'
        WHERE a.action = 'alert-raise'`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.every((p) => p.ordered)).toBe(true);
    expect(await verifyLedger(getDb(), POLICIES)).toEqual([]);
  }, 120_000);

  it('a group with a replay, a conflict and an unknown person answers each as settleOne does', async () => {
    const db = getDb();
    await settleOne(db, POLICIES, stay('K1', 'G3', 3, 1000));
    const answers = await settleMany(db, POLICIES, [
      { input: stay('K1', 'G3', 3, 1000) },
      { input: stay('K2', 'G4', 3, 1000) },
      { input: stay('K3', 'NOBODY', 3, 1000) },
    ]);
    expect(answers[0]).toMatchObject({ status: 'fulfilled', value: { status: 'replayed' } });
    expect(answers[1]).toMatchObject({ status: 'fulfilled', value: { status: 'created' } });
    expect(answers[2]?.status).toBe('rejected');
    expect(answers[2]?.status === 'rejected' ? (answers[2].reason as OneStopError).status : 0).toBe(422);
    const conflict = await settleMany(db, POLICIES, [{ input: stay('K1', 'G5', 3, 999) }, { input: stay('K4', 'G6', 3, 1000) }]);
    expect(conflict[0]?.status === 'rejected' ? (conflict[0].reason as OneStopError).status : 0).toBe(409);
    expect(conflict[1]).toMatchObject({ status: 'fulfilled', value: { status: 'created' } });
  });

  it.runIf(engine === 'postgres')('the group\u2019s write runs prepared under a generic plan, and its planner settings end with its transaction', async () => {
    const db = getDb();
    const answers = await settleMany(db, POLICIES, [{ input: stay('GP1', 'G1', 5, 1200) }, { input: stay('GP2', 'G2', 5, 1300) }]);
    expect(answers.every((a) => a.status === 'fulfilled')).toBe(true);
    // every connection of the test pool (4) at once: the group's is one of them
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        db.transaction(async (tx) => {
          const [settings] = await tx.query<{ seqscan: string; mode: string }>(
            "SELECT current_setting('enable_seqscan') AS seqscan, current_setting('plan_cache_mode') AS mode FROM pg_sleep(0.2)",
          );
          const plans = await tx.query<{ generic_plans: number; custom_plans: number }>(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'WITH w0 AS (INSERT INTO settlements %'",
          );
          return { settings, plans };
        }),
      ),
    );
    // SET LOCAL: nothing of the group's settings is left on any connection
    expect(seen.map((s) => s.settings)).toEqual(Array.from({ length: 4 }, () => ({ seqscan: 'on', mode: 'auto' })));
    const plans = seen.flatMap((s) => s.plans);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((p) => p.generic_plans >= 1 && p.custom_plans === 0)).toBe(true);
  });

  it('the batcher serialises one person\u2019s settlements and groups the others', async () => {
    const db = getDb();
    const b = new SettleBatcher(db, POLICIES, { groups: 1 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => b.submit({ input: stay(`Z${i}`, PERSONS[i % 3] as string, (i % 12) + 1, 5000 + i) })),
    );
    expect(answers.every((a) => a.status === 'created')).toBe(true);
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('a lone settlement does not wait for a slow group in flight: a second group starts after maxWaitMs', async () => {
    const db = getDb();
    let release: (() => void) | undefined;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    // the first group is held back (as by a lock an import holds); the others go through settleMany
    const settle: typeof settleMany = async (d, p, items) => {
      if (calls++ === 0) await held;
      return settleMany(d, p, items);
    };
    const b = new SettleBatcher(db, POLICIES, { groups: 2, minGroup: 12, maxWaitMs: 5, settle });
    const slow = b.submit({ input: stay('W1', PERSONS[0] as string, 1, 7001) });
    const lone = await b.submit({ input: stay('W2', PERSONS[1] as string, 1, 7002) });
    expect(lone.status).toBe('created');
    expect(calls).toBe(2);
    release?.();
    expect((await slow).status).toBe('created');
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });
});
