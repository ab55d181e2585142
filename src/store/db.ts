/**
 * The store's one door to a database: the same SQL (PostgreSQL dialect) on PGlite, embedded, and
 * on a PostgreSQL server (DESIGN principle 7). Both adapters return
 * - bigint (int8) columns — amounts in fen, counts — as JS numbers, refusing an unsafe integer;
 * - `timestamp` columns as 'yyyy-MM-dd HH:mm:ss' strings and `date` columns as 'yyyy-MM-dd';
 * - `timestamptz` columns (when a row was written) as Date; `numeric` (e.g. `sum(bigint)`) as a
 *   string — cast sums back with `::bigint`.
 * See src/store/parsers.ts and docs/data-model.md.
 */
/** How a statement is sent (PostgreSQL; PGlite ignores it). */
export interface QueryOptions {
  /**
   * Prepare it even with array parameters (named by its text, parsed once per connection): for
   * the statements of one-stop settlement's group path, which runs them under a generic plan of
   * index scans (settle-batch.ts). Other statements with array parameters are planned each time.
   */
  readonly prepare?: boolean;
  /**
   * Statements without parameters to run first, in order, in the same transaction (each with its
   * own snapshot, as separate statements): on PostgreSQL sent in the same message as this one
   * (and as BEGIN, when this is the transaction's first statement), one round trip for all.
   */
  readonly before?: readonly string[];
  /**
   * The transaction's last statement: on PostgreSQL its COMMIT may be sent in the same message,
   * and the transaction sends none afterwards (nothing may follow it). Only in a transaction;
   * ignored in a savepoint and on PGlite (the transaction commits when it ends).
   */
  readonly last?: boolean;
}

export interface Db {
  /** One statement, parameters as $1, $2 …; the rows. */
  query<R>(sql: string, params?: unknown[], options?: QueryOptions): Promise<R[]>;
  /** Statements without parameters, separated by `;` (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Use only
   * `tx` inside: on PGlite the outer Db waits for the transaction to end (one connection). A
   * transaction inside `tx` is a savepoint.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly engine: 'pglite' | 'postgres';
}

/** Where the data lives: `DATABASE_URL` → PostgreSQL; else PGlite in `SANCHONG_DATA` or ./data. */
export async function openDb(env: Readonly<Record<string, string | undefined>> = process.env): Promise<Db> {
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(url);
  }
  const { openPglite } = await import('./pglite.js');
  const dir = env['SANCHONG_DATA'];
  return openPglite(dir !== undefined && dir !== '' ? dir : './data');
}
