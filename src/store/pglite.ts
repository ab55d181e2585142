import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, QueryOptions } from './db.js';
import { PARSERS } from './parsers.js';
import { lockDataDir } from './pglite-lock.js';
import { transactionDb } from './savepoint.js';

/**
 * PGlite (PostgreSQL in WebAssembly, in this process): a data folder, created when missing, or
 * in memory when `dataDir` is undefined. One connection: statements run one at a time. A data
 * folder is locked for this process until `close` (src/store/pglite-lock.ts): a second opener —
 * the service running while a command opens the same folder — gets StoreLockedError.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  let release = (): void => undefined;
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir, { parsers: { ...PARSERS } });
  } catch (e) {
    release();
    throw e;
  }
  return {
    engine: 'pglite',
    async query<R>(sql: string, params?: unknown[], options?: QueryOptions) {
      if ((options?.before?.length ?? 0) > 0) throw new Error('QueryOptions.before: only in a transaction');
      return (await pg.query<R>(sql, params)).rows;
    },
    async exec(sql) {
      await pg.exec(sql);
    },
    transaction<T>(fn: (tx: Db) => Promise<T>) {
      return pg.transaction((tx) =>
        fn(
          transactionDb('pglite', {
            query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
              // one connection in this process: the statements before it simply go first
              for (const b of options?.before ?? []) await tx.query(b);
              return (await tx.query<R>(sql, params)).rows;
            },
            exec: async (sql) => void (await tx.exec(sql)),
          }),
        ),
      );
    },
    async close() {
      try {
        await pg.close();
      } finally {
        release();
      }
    },
  };
}
