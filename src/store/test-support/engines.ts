import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Db } from '../db.js';
import { openPglite } from '../pglite.js';
import { openPostgres } from '../postgres.js';
import type {} from './provided.js';

export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

export interface EngineDb {
  readonly db: Db;
  readonly dispose: () => Promise<void>;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server's URL from the globalSetup, or its reason for failing the PostgreSQL half. */
export function postgresUrl(): string {
  const { url, error } = inject('postgres');
  if (url === undefined) throw new Error(error ?? 'no test PostgreSQL: is src/store/test-support/postgres-server.ts the globalSetup?');
  return url;
}

/** A fresh, empty database: PGlite in memory, or a new database on the run's PostgreSQL server. */
export async function openTestDb(engine: Engine): Promise<EngineDb> {
  if (engine === 'pglite') {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  }
  const url = postgresUrl();
  const name = `sanchong_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(url, (c) => c.query(`CREATE DATABASE ${name}`));
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openPostgres(u.toString(), 4);
  return {
    db,
    dispose: async () => {
      await db.close();
      await admin(url, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * A store test written once, run on both engines: `body` registers its tests with `getDb()`, a
 * fresh empty database per engine, shared by the tests of the block (they run in order). The
 * PostgreSQL half fails — never skips — when the server is missing.
 */
export function describeEachEngine(name: string, body: (getDb: () => Db, engine: Engine) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let handle: EngineDb | undefined;
      beforeAll(async () => {
        handle = await openTestDb(engine);
      }, 60_000);
      afterAll(async () => {
        await handle?.dispose();
      }, 60_000);
      body(() => {
        if (handle === undefined) throw new Error(`the ${engine} test database did not open`);
        return handle.db;
      }, engine);
    });
  }
}
