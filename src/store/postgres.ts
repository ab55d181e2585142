import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Db, QueryOptions } from './db.js';
import { PARSERS } from './parsers.js';
import { transactionDb } from './savepoint.js';

/** Our parsers for int8, date and timestamp (text format); pg's own for every other type. */
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  const ours = format === 'binary' ? undefined : PARSERS[oid];
  return ours ?? (pg.types.getTypeParser(oid, format) as (value: string) => unknown);
}

/** A Pool (any free connection) or one client (a transaction). */
interface Queryable {
  query(sql: string | pg.QueryConfig): Promise<pg.QueryResult | pg.QueryResult[]>;
}

/** The rows of a statement; of the last one when several were sent at once (no parameters: the simple protocol). */
function rowsOf<R>(r: pg.QueryResult | pg.QueryResult[]): R[] {
  const last = Array.isArray(r) ? r[r.length - 1] : r;
  return (last?.rows ?? []) as R[];
}

/**
 * Statements with scalar parameters are prepared (named by a hash of their text): each connection
 * parses a statement once, then binds and executes it, and the plan cache may keep a generic plan.
 * The texts are the store's own, a bounded set. Statements with array parameters (bulk writes and
 * reads of whole chunks) are planned each time: a generic plan does not know the arrays' sizes and
 * made imports seven times slower (measured, docs/performance-service.md).
 */
const names = new Map<string, string>();
/** More distinct texts than this: the rest run unnamed (parsed and planned each time), as before. */
const MAX_PREPARED = 2000;
function nameOf(sql: string): string | undefined {
  let name = names.get(sql);
  if (name === undefined && names.size < MAX_PREPARED) names.set(sql, (name = `s_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`));
  return name;
}

function run(client: Queryable, sql: string, params: unknown[] | undefined, options?: QueryOptions): Promise<pg.QueryResult | pg.QueryResult[]> {
  if (params === undefined || params.length === 0) return client.query(sql);
  const name = options?.prepare !== true && params.some((p) => Array.isArray(p)) ? undefined : nameOf(sql);
  return client.query(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params });
}

function connection(client: Queryable) {
  return {
    query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => rowsOf<R>(await run(client, sql, params, options)),
    exec: async (sql: string) => void (await client.query(sql)),
  };
}

/**
 * A transaction's connection that sends BEGIN with its first statement: in the same message when
 * that statement has no parameters (the simple protocol carries several statements, each with
 * its own snapshot), else just before it. A transaction that sends nothing sends no BEGIN.
 */
function lazyBegin(client: pg.PoolClient): { conn: ReturnType<typeof connection>; begun: () => boolean } {
  const raw = connection(client);
  let begun = false;
  const first = async (sql: string, params: unknown[] | undefined): Promise<string | undefined> => {
    if (begun) return undefined;
    begun = true;
    if (params === undefined || params.length === 0) return `BEGIN; ${sql}`;
    await client.query('BEGIN');
    return undefined;
  };
  return {
    conn: {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        const joined = await first(sql, params);
        return joined === undefined ? raw.query<R>(sql, params, options) : raw.query<R>(joined);
      },
      exec: async (sql: string) => raw.exec((await first(sql, undefined)) ?? sql),
    },
    begun: () => begun,
  };
}

/**
 * Connections of the pool when not given: enough to keep both the server's cores busy while
 * others wait on the network, few enough that the server does not thrash (measured with
 * bench/http.mjs, docs/performance-service.md).
 */
export const POOL_SIZE = 10;

/** A PostgreSQL server through a `pg` Pool (`postgres://user@host:port/db`). */
export function openPostgres(connectionString: string, max = POOL_SIZE): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max, types: { getTypeParser } });
  // An idle connection the server dropped: the pool replaces it; the next query reports any lasting fault.
  pool.on('error', () => undefined);
  const db: Db = {
    engine: 'postgres',
    query: (sql, params, options) => connection(pool).query(sql, params, options),
    exec: (sql) => connection(pool).exec(sql),
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const { conn, begun } = lazyBegin(client);
      try {
        try {
          const result = await fn(transactionDb('postgres', conn));
          if (begun()) await client.query('COMMIT');
          return result;
        } catch (err) {
          if (begun()) await client.query('ROLLBACK').catch((e: unknown) => (broken = e instanceof Error ? e : new Error(String(e))));
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
