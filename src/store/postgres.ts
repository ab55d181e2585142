import pg from 'pg';
import type { Db } from './db.js';
import { PARSERS } from './parsers.js';
import { transactionDb } from './savepoint.js';

/** Our parsers for int8, date and timestamp (text format); pg's own for every other type. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  const ours = format === 'binary' ? undefined : PARSERS[oid];
  return ours ?? (pg.types.getTypeParser(oid, format) as (value: string) => unknown);
}

/** A Pool (any free connection) or one client (a transaction). */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
}

function connection(client: Queryable) {
  return {
    query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
    exec: async (sql: string) => void (await client.query(sql)),
  };
}

/** A PostgreSQL server through a `pg` Pool (`postgres://user@host:port/db`). */
export function openPostgres(connectionString: string, max = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max, types: { getTypeParser } });
  // An idle connection the server dropped: the pool replaces it; the next query reports any lasting fault.
  pool.on('error', () => undefined);
  const db: Db = {
    engine: 'postgres',
    query: (sql, params) => connection(pool).query(sql, params),
    exec: (sql) => connection(pool).exec(sql),
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        try {
          const result = await fn(transactionDb('postgres', connection(client)));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
          throw err;
        }
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
  return Promise.resolve(db);
}
