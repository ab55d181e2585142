import { beforeAll, expect, it } from 'vitest';
import type { Db } from './db.js';
import { migrate } from './migrate.js';
import { describeEachEngine } from './test-support/engines.js';

const HASH = 'a'.repeat(64);

async function seed(db: Db): Promise<number> {
  const [batch] = await db.query<{ batch_id: number }>(
    `INSERT INTO import_batches (admdvs, kind, file_name, file_hash, imported_by, accepted, rejected, status)
     VALUES ('500243', 'settlements', 'settlements.csv', $1, 'tester', 2, 1, 'done') RETURNING batch_id`,
    [HASH],
  );
  if (batch === undefined) throw new Error('no batch');
  await db.query(
    `INSERT INTO persons (psn_no, admdvs, certno, psn_name, insuplc_admdvs, insu_tier, town_admdvs, village_admdvs, rural)
     VALUES ('P001', '500243', '500243199001011234', '张三', '500243', 1, '500243100', '500243100001', true)`,
  );
  await db.query(
    `INSERT INTO identities (admdvs, psn_no, idet_type, begndate, enddate, idet_lv) VALUES
       ('500243', 'P001', 'dibao', '2024-01-01', NULL, NULL), ('500243', 'P001', 'disabled', '2023-06-01', '2024-12-31', 2)`,
  );
  await db.query(`INSERT INTO enrollments (admdvs, psn_no, year, tier, paid_date, contribution) VALUES ('500243', 'P001', 2024, 1, '2023-12-20', 38000)`);
  const settle = `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, medfee_sumamt, inscp_scp_amt, hifp_pay,
                    refd_setl_flag, init_setl_id, content_hash, batch_id)
                  VALUES ($1, '500243', 'P001', $2, $3, $4, $5, $6, $7, $8, $9, $10)`;
  await db.query(settle, ['S1', '21', '2024-03-01 10:00:00', 1_234_567_89, 1_000_000_00, null, false, null, HASH, batch.batch_id]);
  await db.query(settle, ['S2', null, null, null, null, null, true, 'S1', HASH, batch.batch_id]);
  return batch.batch_id;
}

describeEachEngine('store round trip', (getDb) => {
  let batchId = 0;
  beforeAll(async () => {
    await migrate(getDb());
    batchId = await seed(getDb());
  });

  it('reads a person, their identities and enrollment back', async () => {
    const db = getDb();
    expect(await db.query('SELECT psn_no, admdvs, psn_name, insu_tier, rural, employed FROM persons')).toEqual([
      { psn_no: 'P001', admdvs: '500243', psn_name: '张三', insu_tier: 1, rural: true, employed: null },
    ]);
    expect(await db.query('SELECT idet_type, begndate, enddate, idet_lv FROM identities WHERE psn_no = $1 ORDER BY begndate', ['P001'])).toEqual([
      { idet_type: 'disabled', begndate: '2023-06-01', enddate: '2024-12-31', idet_lv: 2 },
      { idet_type: 'dibao', begndate: '2024-01-01', enddate: null, idet_lv: null },
    ]);
    expect(await db.query('SELECT year, product, paid_date, contribution FROM enrollments')).toEqual([
      { year: 2024, product: '', paid_date: '2023-12-20', contribution: 38000 },
    ]);
  });

  it('reads settlements back: fen as numbers, setl_time as yyyy-MM-dd HH:mm:ss', async () => {
    const rows = await getDb().query(
      'SELECT setl_id, med_type, setl_time, medfee_sumamt, inscp_scp_amt, hifp_pay, refd_setl_flag, init_setl_id, batch_id FROM settlements ORDER BY setl_id',
    );
    expect(rows).toEqual([
      { setl_id: 'S1', med_type: '21', setl_time: '2024-03-01 10:00:00', medfee_sumamt: 123456789, inscp_scp_amt: 100000000, hifp_pay: null, refd_setl_flag: false, init_setl_id: null, batch_id: batchId },
      { setl_id: 'S2', med_type: null, setl_time: null, medfee_sumamt: null, inscp_scp_amt: null, hifp_pay: null, refd_setl_flag: true, init_setl_id: 'S1', batch_id: batchId },
    ]);
  });

  it('reports a second settlement under a stored setl_id and keeps the first', async () => {
    const db = getDb();
    await expect(
      db.query(
        `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, medfee_sumamt, inscp_scp_amt, content_hash)
         VALUES ('S1', '500243', 'P001', '11', '2024-04-01 09:00:00', 1, 1, $1)`,
        ['b'.repeat(64)],
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query(`SELECT medfee_sumamt, content_hash FROM settlements WHERE setl_id = 'S1'`)).toEqual([{ medfee_sumamt: 123456789, content_hash: HASH }]);
  });

  it('stores results with the pack, accumulators and signed adjustments', async () => {
    const db = getDb();
    await db.query(
      `INSERT INTO settlement_results (setl_id, admdvs, psn_no, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, maf_pay,
         fund_pay_sumamt, psn_part_amt, inscp_psn_part_amt, pack_id, pack_version, setl_proc_info)
       VALUES ('S1', '500243', 'P001', 60000000, 10000000, 8000000, 2000000, 10000000, 80000000, 43456789, 20000000, 'cq-pengshui', '2024.1', 'basic: …')`,
    );
    await db.query(`INSERT INTO accumulators (admdvs, psn_no, year, pool, cum_base, paid) VALUES ('500243', 'P001', 2024, 'basic:basic', 100000000, 60000000)`);
    await db.query(
      `INSERT INTO adjustments (admdvs, psn_no, setl_id, tier, amount, reason, pack_id, pack_version) VALUES
         ('500243', 'P001', 'S1', 'assistance', -8000000, '结算撤销 S2', 'cq-pengshui', '2024.1'),
         ('500243', 'P001', 'S1', 're_assistance', 150, '身份追溯', 'cq-pengshui', '2024.1')`,
    );
    const [result] = await db.query<Record<string, unknown>>('SELECT * FROM settlement_results WHERE setl_id = $1', ['S1']);
    expect(result).toMatchObject({ hifp_pay: 60000000, maf_pay: 10000000, psn_part_amt: 43456789, pack_id: 'cq-pengshui', pack_version: '2024.1' });
    expect(result?.['computed_at']).toBeInstanceOf(Date);
    expect(await db.query('SELECT year, pool, cum_base, paid FROM accumulators')).toEqual([{ year: 2024, pool: 'basic:basic', cum_base: 100000000, paid: 60000000 }]);
    expect(await db.query('SELECT tier, amount, reason FROM adjustments ORDER BY adjustment_id')).toEqual([
      { tier: 'assistance', amount: -8000000, reason: '结算撤销 S2' },
      { tier: 're_assistance', amount: 150, reason: '身份追溯' },
    ]);
    expect(await db.query(`SELECT sum(amount)::bigint AS net FROM adjustments WHERE psn_no = 'P001'`)).toEqual([{ net: -7999850 }]);
  });

  it('refuses a result that does not add up', async () => {
    await expect(
      getDb().query(
        `INSERT INTO settlement_results (setl_id, admdvs, psn_no, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, maf_pay,
           fund_pay_sumamt, psn_part_amt, inscp_psn_part_amt, pack_id, pack_version, setl_proc_info)
         VALUES ('S2', '500243', 'P001', 1, 0, 0, 0, 0, 2, 0, 0, 'p', 'v', '')`,
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('keeps rejects with their row as read', async () => {
    const db = getDb();
    const content = { 结算ID: 'S9', 医疗费总额: '12.345' };
    await db.query(
      `INSERT INTO import_rejects (batch_id, admdvs, psn_no, line, field, reason, content) VALUES ($1, '500243', NULL, 4, 'medfee_sumamt', '金额超过两位小数', $2)`,
      [batchId, JSON.stringify(content)],
    );
    expect(await db.query('SELECT line, field, content FROM import_rejects WHERE batch_id = $1', [batchId])).toEqual([{ line: 4, field: 'medfee_sumamt', content }]);
  });

  it('rolls back every row of a failed transaction', async () => {
    const db = getDb();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO persons (psn_no, admdvs) VALUES ('P002', '500243')`);
        await tx.query(
          `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, medfee_sumamt, inscp_scp_amt, content_hash)
           VALUES ('S3', '500243', 'P002', '11', '2024-05-01 08:00:00', 100, 100, $1)`,
          [HASH],
        );
        await tx.query(`INSERT INTO persons (psn_no, admdvs) VALUES ('P003', 'bad')`);
      }),
    ).rejects.toMatchObject({ code: '23514' });
    expect(await db.query(`SELECT psn_no FROM persons ORDER BY psn_no`)).toEqual([{ psn_no: 'P001' }]);
    expect(await db.query(`SELECT count(*) AS n FROM settlements WHERE setl_id = 'S3'`)).toEqual([{ n: 0 }]);
  });
});
