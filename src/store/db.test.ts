import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { describeEachEngine, postgresUrl } from './test-support/engines.js';

describeEachEngine('Db adapter', (getDb) => {
  it('returns bigint as numbers, timestamp and date as ISO strings', async () => {
    const [row] = await getDb().query<{ fen: unknown; big: unknown; count: unknown; t: unknown; d: unknown; total: unknown }>(
      `SELECT 12345::bigint AS fen, 9007199254740991::bigint AS big, count(*) AS count,
              '2024-03-01 08:05:09'::timestamp(0) AS t, '2024-02-29'::date AS d, sum(x)::bigint AS total
         FROM (VALUES (1::bigint), (-3::bigint)) AS v(x)`,
    );
    expect(row).toEqual({ fen: 12345, big: Number.MAX_SAFE_INTEGER, count: 2, t: '2024-03-01 08:05:09', d: '2024-02-29', total: -2 });
  });

  it('refuses a bigint beyond the safe integers loudly, and stays usable', async () => {
    await expect(getDb().query('SELECT 9007199254740993::bigint AS n')).rejects.toThrow(/safe integers/);
    await expect(getDb().query('SELECT -9007199254740992::bigint AS n')).rejects.toThrow(/safe integers/);
    expect(await getDb().query('SELECT $1::bigint AS n', [-42])).toEqual([{ n: -42 }]);
  });

  it('commits a transaction and rolls it back on error', async () => {
    const db = getDb();
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, amount bigint NOT NULL)');
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 100]);
    });
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [2, 200]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [3, 300]);
        await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 999]);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id, amount FROM t ORDER BY id')).toEqual([{ id: 1, amount: 100 }]);
  });

  it('nests a transaction as a savepoint', async () => {
    const db = getDb();
    const kept = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (10, 1)');
      await expect(
        tx.transaction(async (inner) => {
          await inner.query('INSERT INTO t VALUES (11, 1)');
          throw new Error('inner');
        }),
      ).rejects.toThrow('inner');
      await tx.transaction((inner) => inner.query('INSERT INTO t VALUES (12, 1)'));
      return tx.query<{ id: number }>('SELECT id FROM t WHERE id >= 10 ORDER BY id');
    });
    expect(kept).toEqual([{ id: 10 }, { id: 12 }]);
    expect(await db.query('SELECT id FROM t WHERE id >= 10 ORDER BY id')).toEqual([{ id: 10 }, { id: 12 }]);
  });
});

describe('openDb', () => {
  it('opens PGlite in SANCHONG_DATA and keeps the data there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-data-'));
    try {
      const db = await openDb({ SANCHONG_DATA: join(dir, 'data') });
      expect(db.engine).toBe('pglite');
      await db.exec('CREATE TABLE kept (fen bigint)');
      await db.query('INSERT INTO kept VALUES ($1)', [123]);
      await db.close();
      const again = await openDb({ SANCHONG_DATA: join(dir, 'data'), DATABASE_URL: '' });
      expect(await again.query('SELECT fen FROM kept')).toEqual([{ fen: 123 }]);
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens PostgreSQL when DATABASE_URL is set', async () => {
    const db = await openDb({ DATABASE_URL: postgresUrl(), SANCHONG_DATA: '/nonexistent' });
    try {
      expect(db.engine).toBe('postgres');
      expect(await db.query('SELECT 1::bigint AS one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
