import type { Db, QueryOptions } from './db.js';

/** The statements a transaction-bound Db needs: an adapter supplies them from its connection. */
export interface Connection {
  query<R>(sql: string, params?: unknown[], options?: QueryOptions): Promise<R[]>;
  exec(sql: string): Promise<void>;
}

/** A Db bound to an open transaction; a nested transaction is a savepoint. */
export function transactionDb(engine: Db['engine'], conn: Connection, depth = 0): Db {
  return {
    engine,
    // a savepoint's statement is never the transaction's last
    query: (sql, params, options) => conn.query(sql, params, depth === 0 || options?.last !== true ? options : { ...options, last: false }),
    exec: (sql) => conn.exec(sql),
    async transaction(fn) {
      const name = `sp_${depth + 1}`;
      await conn.exec(`SAVEPOINT ${name}`);
      try {
        const result = await fn(transactionDb(engine, conn, depth + 1));
        await conn.exec(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (err) {
        await conn.exec(`ROLLBACK TO SAVEPOINT ${name}`);
        throw err;
      }
    },
    close: () => Promise.reject(new Error('close the Db, not a transaction')),
  };
}
