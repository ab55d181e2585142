import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Migration } from './migrate.js';
import { migrate, migrationsDir, readMigrations } from './migrate.js';
import { describeEachEngine } from './test-support/engines.js';

const TABLES = [
  'accumulators', 'adjustments', 'alert_events', 'alert_push_items', 'alert_pushes', 'alerts', 'audit_log', 'case_events', 'case_payments', 'cases', 'enrollments', 'identities',
  'import_batches', 'import_rejects', 'persons', 'rectification_events', 'rectifications', 'report_snapshots', 'schema_migrations', 'sessions', 'settlement_payments', 'settlement_problems',
  'settlement_results', 'settlements', 'users',
];
const FILES = ['001_initial.sql', '002_ledger_users_audit.sql', '003_alerts.sql', '004_cases.sql', '005_reports.sql'];
/** Tables whose rows need not belong to one person. */
const WITHOUT_PERSON = new Set(['import_batches', 'import_rejects', 'schema_migrations', 'users', 'sessions', 'alert_pushes', 'rectifications', 'rectification_events', 'report_snapshots']);
/** Tables of the platform itself, not of a region: a session belongs to a user, who may have no region. */
const WITHOUT_REGION = new Set(['schema_migrations', 'sessions']);

describeEachEngine('migrate', (getDb) => {
  it('applies the migrations once; applying again changes nothing', async () => {
    const db = getDb();
    expect(await migrate(db)).toEqual(FILES);
    expect(await migrate(db)).toEqual([]);
    expect(await db.query('SELECT version, file FROM schema_migrations')).toEqual(FILES.map((file) => ({ version: file.slice(0, 3), file })));
    const tables = await db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(TABLES);
  });

  it('puts admdvs on every table, psn_no on every table of a person, a comment on each', async () => {
    const columns = await getDb().query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name IN ('admdvs', 'psn_no')`,
    );
    const has = (t: string, c: string) => columns.some((r) => r.table_name === t && r.column_name === c);
    for (const t of TABLES.filter((t) => !WITHOUT_REGION.has(t))) {
      expect(has(t, 'admdvs'), `${t}.admdvs`).toBe(true);
      if (!WITHOUT_PERSON.has(t)) expect(has(t, 'psn_no'), `${t}.psn_no`).toBe(true);
    }
    const comments = await getDb().query<{ name: string; comment: string | null }>(
      `SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment
         FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace AND c.relname <> 'schema_migrations'`,
    );
    expect(comments).toHaveLength(TABLES.length - 1);
    for (const c of comments) expect(c.comment, c.name).toMatch(/[\u4e00-\u9fff]/);
  });

  it('applies nothing of a failing migration', async () => {
    const db = getDb();
    const bad: Migration = { version: '999', file: '999_bad.sql', checksum: 'x', sql: 'CREATE TABLE half (id int); SELECT 1 / 0;' };
    await expect(migrate(db, [...readMigrations(), bad])).rejects.toThrow(/division by zero/);
    expect(await db.query(`SELECT to_regclass('half') AS t`)).toEqual([{ t: null }]);
    expect(await db.query('SELECT count(*) AS n FROM schema_migrations')).toEqual([{ n: FILES.length }]);
  });

  it('refuses an applied migration whose file changed', async () => {
    const [first] = readMigrations();
    if (first === undefined) throw new Error('no migration');
    await expect(migrate(getDb(), [{ ...first, checksum: '0'.repeat(64) }])).rejects.toThrow(/changed after it was applied/);
  });
});

describe('migration files', () => {
  const root = new URL('../../', import.meta.url);

  it('are found from the compiled dist/store/migrate.js as from the source', () => {
    const fromDist = migrationsDir(new URL('dist/store/migrate.js', root).href);
    expect(fromDist).toBe(migrationsDir());
    expect(readMigrations(fromDist).map((m) => m.file)).toContain('001_initial.sql');
  });

  it.runIf(existsSync(new URL('dist/store/migrate.js', root)))('are read by the built module', async () => {
    const built = (await import(new URL('dist/store/migrate.js', root).href)) as { readMigrations: typeof readMigrations };
    expect(built.readMigrations()).toEqual(readMigrations());
  });

  it('are numbered NNN_name.sql without gaps', () => {
    readMigrations().forEach((m, i) => expect(m.version).toBe(String(i + 1).padStart(3, '0')));
  });
});
