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

/** What PipelinedQuery reaches into: pg 8.23's Query and Connection (pg is pinned in package.json). */
interface Wire {
  parse(m: { text: string }): void;
  bind(m: Record<string, never>): void;
  describe(m: { type: 'P'; name: string }): void;
  execute(m: { portal?: string; rows?: number }): void;
  sync(): void;
}
interface QueryInternals {
  prepare(connection: Wire): void;
  portal: string;
}

/**
 * One round trip for several statements (the extended protocol's pipelining: every message up to
 * one Sync): the statements `before` (no parameters), then the query itself, then `after` (no
 * parameters), executed in order, each as its own statement (its own snapshot under READ
 * COMMITTED: the server binds a statement only once the one before it has run). The first error
 * skips the rest; the server answers once, at the Sync. Resolves with every statement's result.
 */
class PipelinedQuery extends pg.Query {
  constructor(
    config: pg.QueryConfig,
    private readonly before: readonly string[],
    private readonly after: readonly string[],
    callback: (err: Error | undefined, results: pg.QueryResult | pg.QueryResult[]) => void,
  ) {
    super({ ...config, callback } as pg.QueryConfig);
  }

  private static step(connection: Wire, text: string): void {
    connection.parse({ text });
    connection.bind({});
    connection.describe({ type: 'P', name: '' });
    connection.execute({});
  }

  prepare(connection: Wire): void {
    for (const b of this.before) PipelinedQuery.step(connection, b);
    (pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection);
  }

  /** pg's last step of prepare: Execute and Sync; here Execute, the statements after, then Sync. */
  _getRows(connection: Wire, rows?: number): void {
    connection.execute({ portal: (this as unknown as QueryInternals).portal, rows });
    for (const a of this.after) PipelinedQuery.step(connection, a);
    connection.sync();
  }
}

/** Whether `name` is parsed on this connection: pg's own record (Connection.parsedStatements). */
function parsedOn(client: pg.PoolClient, name: string, sql: string): boolean {
  return (client as unknown as { connection: { parsedStatements: Record<string, string | undefined> } }).connection.parsedStatements[name] === sql;
}

/**
 * The query with the statements `before` and `after` it in one round trip (PipelinedQuery); its
 * rows. A named statement not yet parsed on this connection is not pipelined: pg records every
 * ParseComplete of a round trip as its own, and would take it for parsed even if its Parse failed.
 * Then: the statements before in one simple-protocol message, the query, the statements after.
 */
async function pipelined<R>(client: pg.PoolClient, before: readonly string[], sql: string, params: unknown[], after: readonly string[], options?: QueryOptions): Promise<R[]> {
  const name = options?.prepare !== true && params.some((p) => Array.isArray(p)) ? undefined : nameOf(sql);
  if (name !== undefined && !parsedOn(client, name, sql)) {
    if (before.length > 0) await client.query(before.join('; '));
    const rows = rowsOf<R>(await run(client, sql, params, options));
    if (after.length > 0) await client.query(after.join('; '));
    return rows;
  }
  const results = await new Promise<pg.QueryResult | pg.QueryResult[]>((resolve, reject) => {
    const q = new PipelinedQuery(name === undefined ? { text: sql, values: params } : { name, text: sql, values: params }, before, after, (err, r) =>
      err === undefined || err === null ? resolve(r) : reject(err),
    );
    void client.query(q);
  });
  // one result per statement, in order: any other count means pg did not send what it was given
  // (a COMMIT not sent would leave the transaction open while it counts as committed), so it fails
  const all = Array.isArray(results) ? results : [results];
  if (all.length !== before.length + 1 + after.length) throw new Error(`pipelined: ${all.length} results for ${before.length + 1 + after.length} statements`);
  return (all[before.length]?.rows ?? []) as R[];
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
 * its own snapshot), else in the same round trip (PipelinedQuery). The statements a query asks to
 * run `before` it go in that round trip too; a query that is the transaction's `last` takes the
 * COMMIT with it (`committed`). A transaction that sends nothing sends no BEGIN.
 */
function lazyBegin(client: pg.PoolClient): { conn: ReturnType<typeof connection>; begun: () => boolean; committed: () => boolean } {
  const raw = connection(client);
  let begun = false;
  let committed = false;
  return {
    conn: {
      query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
        if (committed) throw new Error('a statement after the transaction\u2019s last');
        const before = [...(begun ? [] : ['BEGIN']), ...(options?.before ?? [])];
        begun = true;
        if (params === undefined || params.length === 0) {
          // the simple protocol: every statement in one message
          const rows = await raw.query<R>([...before, sql].join('; '));
          if (options?.last === true) {
            await client.query('COMMIT');
            committed = true;
          }
          return rows;
        }
        const after = options?.last === true ? ['COMMIT'] : [];
        if (before.length === 0 && after.length === 0) return raw.query<R>(sql, params, options);
        const rows = await pipelined<R>(client, before, sql, params, after, options);
        // committed only once its COMMIT is answered: on any failure the transaction ends as any other
        // (ROLLBACK, or COMMIT if the caller goes on; after a COMMIT that ran either only warns)
        committed = after.length > 0;
        return rows;
      },
      exec: async (sql: string) => {
        if (committed) throw new Error('a statement after the transaction\u2019s last');
        const joined = begun ? sql : `BEGIN; ${sql}`;
        begun = true;
        await raw.exec(joined);
      },
    },
    begun: () => begun,
    committed: () => committed,
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
    query: async <R>(sql: string, params?: unknown[], options?: QueryOptions) => {
      if ((options?.before?.length ?? 0) > 0) throw new Error('QueryOptions.before: only in a transaction');
      return connection(pool).query<R>(sql, params, options);
    },
    exec: (sql) => connection(pool).exec(sql),
    async transaction<T>(fn: (tx: Db) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const { conn, begun, committed } = lazyBegin(client);
      try {
        try {
          const result = await fn(transactionDb('postgres', conn));
          if (begun() && !committed()) await client.query('COMMIT');
          return result;
        } catch (err) {
          // (after a COMMIT that failed, or one not answered, a ROLLBACK only warns: no transaction)
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
