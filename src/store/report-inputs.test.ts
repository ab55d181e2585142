import { beforeAll, expect, it } from 'vitest';
import { loadPacks } from '../policy/load.js';
import { RegionPolicies } from '../policy/regions.js';
import { parsePeriod } from '../reports/period.js';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import type { ReportRequest } from './report-inputs.js';
import { loadCaseMoneyAsOf, loadMoneyAsOf, loadMoneyWithYearToDate, loadPersonsAsOf } from './report-inputs.js';
import { describeEachEngine } from './test-support/engines.js';

// Money as of a cut-off, by hand: what was received, booked and reversed by then, and nothing later.
const REGION = new RegionPolicies([loadPacks('demo-cq-pengshui')]).regions[0];
const CUT = '2024-01-10T00:00:00Z';
const BEFORE = '2024-01-05T00:00:00Z';
const AFTER = '2024-01-20T00:00:00Z';

async function settlement(db: Db, id: string, psn: string, time: string, total: number, received: string, paid: [number, number, number], booked = received): Promise<void> {
  await db.query(
    `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, content_hash, received_at)
     VALUES ($1, '500243', $2, '21', $3, '05', $4, $5, $1, $6::timestamptz)`,
    [id, psn, time, total, total - 1000, received],
  );
  await db.query(
    `INSERT INTO settlement_payments (setl_id, admdvs, psn_no, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, pack_id, pack_version, booked_at)
     VALUES ($1, '500243', $2, $3, $4, $5, 0, 'p', '1', $6::timestamptz)`,
    [id, psn, ...paid, booked],
  );
}

describeEachEngine('report inputs as of a cut-off', (getDb) => {
  const ask = (period: string, kind: ReportRequest['kind'] = 'protection'): ReportRequest => ({ kind, period: parsePeriod(period), region: REGION as NonNullable<typeof REGION>, asOf: CUT });
  beforeAll(async () => {
    const db = getDb();
    await migrate(db);
    await db.query(`INSERT INTO persons (psn_no, admdvs, insuplc_admdvs, town_admdvs, created_at) VALUES ('A', '500243', '500243', '500243001', $1), ('B', '500243', '500243', '500243002', $1), ('LATE', '500243', '500243', '500243001', $2)`, [BEFORE, AFTER]);
    await settlement(db, 'A-Q1', 'A', '2023-02-01 10:00:00', 100_000, BEFORE, [50_000, 5_000, 1_000]);
    await settlement(db, 'A-Q3', 'A', '2023-08-01 10:00:00', 200_000, BEFORE, [100_000, 10_000, 0]);
    // received after the cut-off: not counted
    await settlement(db, 'A-LATE', 'A', '2023-08-02 10:00:00', 999_999, AFTER, [1, 1, 1]);
    // reversed before the cut-off: not counted; B's other one reversed only after it: counted
    await settlement(db, 'B-1', 'B', '2023-08-03 10:00:00', 300_000, BEFORE, [150_000, 0, 0]);
    await settlement(db, 'B-2', 'B', '2023-09-03 10:00:00', 400_000, BEFORE, [200_000, 0, 0]);
    await db.query(`INSERT INTO settlements (setl_id, admdvs, psn_no, refd_setl_flag, init_setl_id, content_hash, received_at) VALUES
      ('B-1R', '500243', 'B', true, 'B-1', 'r1', $1), ('B-2R', '500243', 'B', true, 'B-2', 'r2', $2)`, [BEFORE, AFTER]);
    // an adjustment before the cut-off counts, one after does not
    await db.query(`INSERT INTO adjustments (admdvs, psn_no, setl_id, tier, amount, reason, pack_id, pack_version, cause, created_at) VALUES
      ('500243', 'A', 'A-Q3', 'assistance', 7000, 'x', 'p', '1', 'identity', $1), ('500243', 'A', 'A-Q3', 'basic', -3000, 'x', 'p', '1', 'recompute', $2)`, [BEFORE, AFTER]);
  });

  it('counts what was received, booked and reversed by the cut-off, and nothing later', async () => {
    const money = await loadMoneyAsOf(getDb(), ask('2023'));
    expect(money).toEqual([
      { psnNo: 'A', settlements: 2, total: 300_000, policyScope: 298_000, basic: 150_000, criticalIllness: 15_000, assistance: 8_000, reAssistance: 0, personal: 127_000, policyScopePersonal: 125_000 },
      { psnNo: 'B', settlements: 1, total: 400_000, policyScope: 399_000, basic: 200_000, criticalIllness: 0, assistance: 0, reAssistance: 0, personal: 200_000, policyScopePersonal: 199_000 },
    ]);
  });

  it('gives the quarter and the year to date from one pass, equal to reading each alone', async () => {
    const db = getDb();
    const both = await loadMoneyWithYearToDate(db, ask('2023-Q3', 'national'));
    expect(both.money).toEqual(await loadMoneyAsOf(db, ask('2023-Q3')));
    const ytd = await loadMoneyAsOf(db, { ...ask('2023-Q3'), period: { ...parsePeriod('2023-Q3'), from: parsePeriod('2023').from } });
    expect(both.yearToDate).toEqual(ytd);
    expect(both.yearToDate.find((m) => m.psnNo === 'A')?.settlements).toBe(2);
    expect(both.money.find((m) => m.psnNo === 'A')?.settlements).toBe(1);
  });

  it('counts persons recorded by the cut-off, within the township asked', async () => {
    const db = getDb();
    expect((await loadPersonsAsOf(db, ask('2023'))).map((p) => p.psnNo)).toEqual(['A', 'B']);
    expect((await loadPersonsAsOf(db, { ...ask('2023'), town: '500243002' })).map((p) => p.psnNo)).toEqual(['B']);
    expect((await loadMoneyAsOf(db, { ...ask('2023'), town: '500243002' })).map((m) => m.psnNo)).toEqual(['B']);
    expect(await loadCaseMoneyAsOf(db, ask('2023'))).toEqual([]);
  });
});
