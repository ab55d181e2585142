import { afterAll, beforeAll, expect, it } from 'vitest';
import { fen } from '../money/fen.js';
import type { IsoDateTime } from '../time/date.js';
import type { Db } from './db.js';
import type { ImportItem, ImportOptions, SettlementInput } from './imports.js';
import { batchRejects, importRows } from './imports.js';
import { migrate } from './migrate.js';
import type { EngineDb } from './test-support/engines.js';
import { describeEachEngine, openTestDb } from './test-support/engines.js';

const HEADER = ['setl_id', 'psn_no', 'medfee_sumamt'];

function settlement(i: number, total = 10_000 + i, psnNo = `P${i % 5}`): ImportItem<'settlements'> {
  const record: SettlementInput = {
    kind: 'settlement',
    settlement: { setlId: `S${i}`, psnNo, medType: '21', setlTime: `2024-03-${String((i % 28) + 1).padStart(2, '0')} 10:00:00` as IsoDateTime, total: fen(total), policyScope: fen(total - 100) },
  };
  return { line: i + 2, fields: [`S${i}`, psnNo, String(total / 100)], record };
}

/** 60 rows: settlements, a bad row, an in-file repeat with other content, an exact repeat, a reversal, an unknown person. */
function file(): ImportItem<'settlements'>[] {
  const rows: ImportItem<'settlements'>[] = [];
  for (let i = 0; i < 55; i++) rows.push(settlement(i));
  rows.push({ line: 57, fields: ['S55', 'P1', '1.234'], reject: { field: 'medfee_sumamt', reason: 'too many decimals', psnNo: 'P1' } });
  rows.push({ ...settlement(3, 999_999), line: 58 });
  rows.push({ ...settlement(4), line: 59 });
  rows.push({ line: 60, fields: ['R1', 'P2', ''], record: { kind: 'reversal', setlId: 'R1', psnNo: 'P2', target: 'S7' } });
  rows.push({ ...settlement(99, 100, 'NOBODY'), line: 61 });
  return rows;
}

const OPTIONS: ImportOptions<'settlements'> = { kind: 'settlements', fileName: 'settlements.csv', fileHash: 'c'.repeat(64), importedBy: 'tester', region: '500243', header: () => HEADER, chunkRows: 7 };

async function* from<T>(rows: readonly T[], failAfter = Infinity): AsyncGenerator<T> {
  let n = 0;
  for (const r of rows) {
    if (n++ === failAfter) throw new Error('simulated crash');
    yield r;
  }
}

async function seedPersons(db: Db): Promise<void> {
  await migrate(db);
  await importRows(
    db,
    { kind: 'persons', fileName: 'persons.csv', fileHash: 'a'.repeat(64), importedBy: 'tester', region: '500243', header: () => ['psn_no'] },
    from([0, 1, 2, 3, 4].map((i) => ({ line: i + 2, fields: [`P${i}`], record: { psnNo: `P${i}` } }))),
  );
}

/** What an import leaves, without generated ids and timestamps. */
async function state(db: Db): Promise<unknown> {
  return {
    batches: await db.query('SELECT batch_id, admdvs, kind, file_name, file_hash, imported_by, accepted, rejected, status FROM import_batches ORDER BY batch_id'),
    settlements: await db.query('SELECT setl_id, admdvs, psn_no, med_type, setl_time, medfee_sumamt, inscp_scp_amt, refd_setl_flag, init_setl_id, content_hash, batch_id FROM settlements ORDER BY setl_id'),
    rejects: await db.query('SELECT batch_id, admdvs, psn_no, line, field, reason, content::text AS content FROM import_rejects ORDER BY batch_id, line, field'),
  };
}

describeEachEngine('imports', (getDb, engine) => {
  beforeAll(async () => seedPersons(getDb()));

  it('accepts and rejects rows, keeping each reject with its line, reason and content', async () => {
    const db = getDb();
    const r = await importRows(db, OPTIONS, from(file()));
    expect(r.outcome).toBe('imported');
    expect(r.batch).toMatchObject({ accepted: 57, rejected: 3, status: 'done', kind: 'settlements', importedBy: 'tester', admdvs: '500243' });
    expect(r.written).toBe(56);
    const rejects = await batchRejects(db, r.batch.batchId);
    expect(rejects.map((x) => [x.line, x.field, x.psnNo])).toEqual([[57, 'medfee_sumamt', 'P1'], [58, 'setl_id', 'P3'], [61, 'psn_no', 'NOBODY']]);
    expect(rejects[1]?.reason).toMatch(/never overwritten/);
    expect(rejects[0]?.content).toEqual({ setl_id: 'S55', psn_no: 'P1', medfee_sumamt: '1.234' });
    expect(await db.query(`SELECT medfee_sumamt, admdvs FROM settlements WHERE setl_id = 'S3'`)).toEqual([{ medfee_sumamt: 10_003, admdvs: '500243' }]);
    expect(await db.query(`SELECT init_setl_id FROM settlements WHERE setl_id = 'R1'`)).toEqual([{ init_setl_id: 'S7' }]);
  });

  it('changes nothing when the same file is imported again, and answers the earlier batch', async () => {
    const db = getDb();
    const before = await state(db);
    const r = await importRows(db, OPTIONS, from([] as ImportItem<'settlements'>[]));
    expect(r.outcome).toBe('already-imported');
    expect(r.batch.batchId).toBe(2);
    expect(await state(db)).toEqual(before);
  });

  it('rejects, in another file, a stored setl_id with other content and accepts it with the same content', async () => {
    const db = getDb();
    const r = await importRows(db, { ...OPTIONS, fileHash: 'd'.repeat(64), fileName: 'more.csv' }, from([{ ...settlement(1, 5), line: 2 }, { ...settlement(2), line: 3 }]));
    expect(r.batch).toMatchObject({ accepted: 1, rejected: 1 });
    expect(r.written).toBe(0);
    expect(await db.query(`SELECT medfee_sumamt, batch_id FROM settlements WHERE setl_id = 'S1'`)).toEqual([{ medfee_sumamt: 10_001, batch_id: 2 }]);
  });

  it('completes an interrupted import to exactly the state of one clean run', async () => {
    let other: EngineDb | undefined;
    try {
      other = await openTestDb(engine);
      await seedPersons(other.db);
      await importRows(other.db, OPTIONS, from(file()));

      const db = getDb();
      await db.query('DELETE FROM import_rejects');
      await db.query('DELETE FROM settlements');
      await db.query(`DELETE FROM import_batches WHERE kind = 'settlements'`);
      await db.query('ALTER TABLE import_batches ALTER COLUMN batch_id RESTART WITH 2');
      // stops in the middle of the fourth chunk of 7 rows: three chunks are stored
      await expect(importRows(db, OPTIONS, from(file(), 24))).rejects.toThrow('simulated crash');
      expect(await db.query(`SELECT status, accepted + rejected AS done FROM import_batches WHERE batch_id = 2`)).toEqual([{ status: 'failed', done: 21 }]);
      // a crash that could not mark it
      await db.query(`UPDATE import_batches SET status = 'running' WHERE batch_id = 2`);
      await expect(importRows(db, OPTIONS, from(file(), 40))).rejects.toThrow('simulated crash');
      const r = await importRows(db, OPTIONS, from(file()));
      expect(r.outcome).toBe('resumed');
      expect(await state(db)).toEqual(await state(other.db));
    } finally {
      await other?.dispose();
    }
  });

  afterAll(() => undefined);
});
