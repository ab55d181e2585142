import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db.js';

export interface Migration {
  /** '001' */
  readonly version: string;
  /** '001_initial.sql' */
  readonly file: string;
  readonly sql: string;
  /** sha256 of the file: an applied migration must never change. */
  readonly checksum: string;
}

/**
 * The folder of the .sql files. tsc does not copy them to dist/, so both src/store/migrate.ts and
 * dist/store/migrate.js read them from src/store/migrations: `../../src/store/migrations` from
 * either file is the same folder of the package.
 */
export function migrationsDir(moduleUrl: string = import.meta.url): string {
  return fileURLToPath(new URL('../../src/store/migrations/', moduleUrl));
}

const FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

/** The migrations of a folder, in order; a badly named .sql file or a repeated number is an error. */
export function readMigrations(dir: string = migrationsDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const version = FILE.exec(file)?.[1];
    if (version === undefined) throw new Error(`migration ${join(dir, file)}: the name must be NNN_name.sql`);
    if (seen.has(version)) throw new Error(`migration ${join(dir, file)}: number ${version} is used twice`);
    seen.add(version);
    const sql = readFileSync(join(dir, file), 'utf8');
    return { version, file, sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

/** Any fixed number: one migrator at a time per database. */
const LOCK = 7_240_001;

/**
 * Applies the migrations not yet in `schema_migrations`, in order, in one transaction (all or
 * none), under an advisory lock so that two processes starting together do not race. Returns the
 * files it applied: none the second time. An applied migration whose file changed is an error.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = readMigrations()): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked', [LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      file text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const rows = await tx.query<{ version: string; file: string; checksum: string }>('SELECT version, file, checksum FROM schema_migrations');
    const applied = new Map(rows.map((r) => [r.version, r]));
    const done: string[] = [];
    for (const m of migrations) {
      const before = applied.get(m.version);
      if (before !== undefined) {
        if (before.checksum !== m.checksum) {
          throw new Error(`migration ${m.file} changed after it was applied as ${before.file}: add a new migration instead`);
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, file, checksum) VALUES ($1, $2, $3)', [m.version, m.file, m.checksum]);
      done.push(m.file);
    }
    return done;
  });
}
