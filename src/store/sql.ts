/** Bulk statements shared by the store's writers: one statement for many rows, through unnest. */
import type { Db } from './db.js';

/** A value bound to a statement's parameter. */
export type Value = string | number | boolean | null;

/** undefined → NULL. */
export const norm = (v: unknown): Value => (v === undefined ? null : (v as Value));

/** (column, PostgreSQL type) pairs, in the order of each row's values. */
export type Columns = readonly (readonly [string, string])[];

/** INSERT INTO table (cols) SELECT * FROM unnest($1::t1[], …): one statement for a whole chunk. */
export async function insertMany(tx: Db, table: string, cols: Columns, rows: readonly Value[][], suffix = ''): Promise<void> {
  if (rows.length === 0) return;
  const params = cols.map((_, j) => rows.map((r) => r[j] ?? null));
  const names = cols.map(([n]) => n).join(', ');
  const arrays = cols.map(([, t], j) => `$${j + 1}::${t}[]`).join(', ');
  await tx.query(`INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})${suffix === '' ? '' : ` ${suffix}`}`, params);
}

/** UPDATE table SET cols = u.cols FROM unnest(…) AS u WHERE the key matches; `also` adds SET items. */
export async function updateMany(tx: Db, table: string, key: readonly string[], cols: Columns, rows: readonly Value[][], also = ''): Promise<void> {
  if (rows.length === 0) return;
  const params = cols.map((_, j) => rows.map((r) => r[j] ?? null));
  const names = cols.map(([n]) => n);
  const arrays = cols.map(([, t], j) => `$${j + 1}::${t}[]`).join(', ');
  const sets = names.filter((n) => !key.includes(n)).map((n) => `${n} = u.${n}`);
  const where = key.map((k) => `t.${k} = u.${k}`).join(' AND ');
  await tx.query(`UPDATE ${table} AS t SET ${[...sets, ...(also === '' ? [] : [also])].join(', ')} FROM unnest(${arrays}) AS u(${names.join(', ')}) WHERE ${where}`, params);
}
