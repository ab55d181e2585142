import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { describeEachEngine, postgresUrl } from './test-support/engines.js';

describeEachEngine('Db adapter', (getDb, engine) => {
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

  it('runs the statements `before` a query first, in its transaction, each seeing the ones before it; a failure rolls them back', async () => {
    const db = getDb();
    const before = ['INSERT INTO t VALUES (20, 1)', 'INSERT INTO t VALUES (21, 1)'];
    await expect(
      db.transaction(async (tx) => {
        // array parameters: an unnamed statement, in the round trip of BEGIN and the statements before
        expect(await tx.query('SELECT id FROM t WHERE id = ANY($1::int[]) ORDER BY id', [[20, 21, 22, 23]], { before })).toEqual([{ id: 20 }, { id: 21 }]);
        // a prepared statement: alone the first time on this connection, then in one round trip with those before
        for (const id of [22, 23]) {
          expect(await tx.query('SELECT count(*)::int AS n FROM t WHERE id >= $1', [20], { before: [`INSERT INTO t VALUES (${id}, 1)`] })).toEqual([{ n: id - 19 }]);
        }
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // a failing statement after them: none of them stays, and the store stays usable
    await expect(db.transaction((tx) => tx.query('INSERT INTO t VALUES ($1, $2)', [1, 5], { before }))).rejects.toMatchObject({ code: '23505' });
    await expect(db.transaction((tx) => tx.query('INSERT INTO t VALUES ($1, $2)', [22, 5], { before: ['INSERT INTO t VALUES (1, 5)'] }))).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM t WHERE id >= 20 ORDER BY id')).toEqual([]);
    await expect(db.query('SELECT 1 AS x', [], { before })).rejects.toThrow(/only in a transaction/);
  });

  it('a transaction\u2019s `last` statement commits it: its rows stay, nothing may follow, a failed one leaves nothing', async () => {
    const db = getDb();
    const out = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, $2)', [30, 1]);
      const rows = await tx.query<{ id: number }>('INSERT INTO t SELECT * FROM unnest($1::int[], $2::bigint[]) RETURNING id', [[31], [1]], { last: true });
      // PGlite commits when the transaction ends, and takes `last` as a plain statement
      if (engine === 'postgres') await expect(tx.query('SELECT 1 AS x')).rejects.toThrow(/after the transaction/);
      return rows;
    });
    expect(out).toEqual([{ id: 31 }]);
    // committed, not left open on its connection (where a later query of the pool could still see its rows)
    if (engine === 'postgres') {
      expect(await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).toEqual([{ n: 0 }]);
    }
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [32, 1]);
        await tx.query('INSERT INTO t SELECT * FROM unnest($1::int[], $2::bigint[])', [[30], [1]], { last: true });
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await db.query('SELECT id FROM t WHERE id >= 30 ORDER BY id')).toEqual([{ id: 30 }, { id: 31 }]);
    // a failed last statement the caller catches: the transaction still ends, with nothing of it kept
    // (PGlite reports that its COMMIT rolled back; PostgreSQL answers a failed transaction's COMMIT with ROLLBACK, no error)
    await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [34, 1]);
        await expect(tx.query('INSERT INTO t SELECT * FROM unnest($1::int[], $2::bigint[])', [[30], [1]], { last: true })).rejects.toMatchObject({ code: '23505' });
      })
      .catch((e: unknown) => expect(String(e)).toMatch(/rolled back/));
    expect(await db.query('SELECT id FROM t WHERE id = $1', [34])).toEqual([]);
    if (engine === 'postgres') {
      expect(await db.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'")).toEqual([{ n: 0 }]);
    }
    // in a savepoint, `last` is not the transaction's end
    const kept = await db.transaction(async (tx) => {
      await tx.transaction((inner) => inner.query('INSERT INTO t VALUES ($1, $2)', [33, 1], { last: true }));
      return tx.query<{ id: number }>('SELECT id FROM t WHERE id = $1', [33]);
    });
    expect(kept).toEqual([{ id: 33 }]);
  });

  it.runIf(engine === 'postgres')('a statement after a lock in the same round trip reads what the lock\u2019s last holder committed', async () => {
    const db = getDb();
    await db.exec('CREATE TABLE holder (id int PRIMARY KEY); CREATE TABLE written (id int); INSERT INTO holder VALUES (1)');
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM holder WHERE id = $1 FOR UPDATE', [1]);
      locked();
      await held;
      await tx.query('INSERT INTO written VALUES ($1)', [1]);
    });
    await isLocked;
    // the lock waits for the holder; the read is bound only once the lock is taken
    // (array parameters: an unnamed statement, always in the round trip of BEGIN and the lock)
    const waiting = db.transaction((tx) => tx.query<{ n: number }>('SELECT count(*)::int AS n FROM written WHERE id = ANY($1::int[])', [[1]], { before: ['SELECT 1 FROM holder WHERE id = 1 FOR UPDATE'] }));
    for (let i = 0; i < 200; i++) {
      const [w] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
      if ((w?.n ?? 0) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await holding;
    expect(await waiting).toEqual([{ n: 1 }]);
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
