/** SQL shared by the store: bulk statements for its writers (one statement for many rows, through unnest), and the WHERE clause of its list queries. */
import type { Db, QueryOptions } from './db.js';

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

/** The person's area under a township (or village) code prefix, on `persons p`: one value (both `?`). */
export const PERSON_TOWN = '(starts_with(p.town_admdvs, ?::text) OR starts_with(p.village_admdvs, ?::text))';

/** What a list of persons' records (alerts, cases) shares besides its own filters: the township asked, the user's area, the page. */
export interface PersonListQuery {
  /** A township (or village) code prefix of the person's area (PERSON_TOWN). */
  readonly town?: string | undefined;
  /** The user's area as SQL on `persons p`, given the index of its first parameter (personScopeSql). */
  readonly scope: (firstParamIndex: number) => { sql: string; params: string[] };
  readonly limit: number;
  readonly offset: number;
}

/**
 * The WHERE clause of a list query and its parameters, numbered in the order they are added:
 * `add` a condition on one value (every `?` in it stands for that value), `addEach` one on several
 * values (the n-th `?` for the n-th value), `addScope` one that numbers its own parameters from the
 * next index (personScopeSql); then `whereSql`, and `page` last (LIMIT and OFFSET bound after every
 * condition). Pass `params` to the query.
 */
export class Conditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.conditions.push(sql.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  addEach(sql: string, values: readonly unknown[]): this {
    const first = this.params.length + 1;
    let n = 0;
    const text = sql.replaceAll('?', () => `$${first + n++}`);
    if (n !== values.length) throw new Error(`Conditions.addEach: ${n} placeholders for ${values.length} values in ${sql}`);
    this.params.push(...values);
    this.conditions.push(text);
    return this;
  }

  addScope(scope: (firstParamIndex: number) => { readonly sql: string; readonly params: readonly unknown[] }): this {
    const s = scope(this.params.length + 1);
    this.params.push(...s.params);
    this.conditions.push(s.sql);
    return this;
  }

  /** 'WHERE a AND b …', or '' without conditions. */
  get whereSql(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }

  /** 'LIMIT $n' (and ' OFFSET $n+1'), their values bound as the next parameters: call it after the last condition. */
  page(limit: number, offset?: number): string {
    this.params.push(limit);
    const sql = `LIMIT $${this.params.length}`;
    if (offset === undefined) return sql;
    this.params.push(offset);
    return `${sql} OFFSET $${this.params.length}`;
  }
}

/**
 * Several data-modifying statements sent as ONE (`WITH w0 AS (…), w1 AS (…) SELECT …`): one round
 * trip instead of one per statement. All parts see the same snapshot, taken when the statement
 * starts, and none sees another's rows except through a part's RETURNING; foreign keys are checked
 * at the end of the whole statement. So the parts must touch disjoint rows, or read only what
 * another part returns.
 */
export class WithStatement {
  private readonly parts: string[] = [];
  private readonly params: unknown[] = [];

  /** A parameter: its placeholder. */
  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  /** A part (INSERT / UPDATE / DELETE, with RETURNING to be read by later parts, or a SELECT): its name for later parts. */
  part(sql: string): string {
    this.parts.push(sql);
    return `w${this.parts.length - 1}`;
  }

  /** A data-modifying part nothing refers to. */
  add(sql: string): void {
    this.part(sql);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** Sends the statement (nothing when it has no part); `select` reads the parts' names, else nothing is returned. */
  async run<R>(tx: Db, select?: string, options?: QueryOptions): Promise<R[]> {
    if (this.parts.length === 0) return [];
    const sql = this.parts.length === 1 && select === undefined
      ? (this.parts[0] as string)
      : `WITH ${this.parts.map((q, i) => `w${i} AS (${q})`).join(',\n')} ${select ?? 'SELECT 1'}`;
    return tx.query<R>(sql, this.params, options);
  }
}
