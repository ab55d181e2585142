import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { AuthOptions } from '../auth.js';
import { authPlugin } from '../auth.js';
import type { Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import { openPglite } from '../../store/pglite.js';
import type { NewUser, ScryptParams } from '../../store/users.js';
import { createUser } from '../../store/users.js';
import { unmaskRoutes } from '../routes/unmask.js';

/** A cheap scrypt cost for test users (the stored format and the checks are the same). */
export const TEST_SCRYPT: ScryptParams = { N: 1024, r: 8, p: 1 };

export interface AuthTestApp {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** Logs in and returns the Cookie header value to send with later requests. */
  login(username: string, password: string): Promise<string>;
  addUser(u: Omit<NewUser, 'createdBy'>): Promise<void>;
  close(): Promise<void>;
}

/** Fastify with the auth plugin and the unmask route on a migrated PGlite in memory. */
export async function authTestApp(options: Omit<AuthOptions, 'db'> = {}, fastifyOptions: { trustProxy?: boolean } = {}): Promise<AuthTestApp> {
  const db = await openPglite();
  await migrate(db);
  const app = Fastify(fastifyOptions);
  await app.register(authPlugin, { db, ...options });
  await app.register(unmaskRoutes, { db });
  await app.ready();
  return {
    app,
    db,
    async login(username, password) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'sanchong_session');
      if (cookie === undefined) throw new Error(`login ${username}: no cookie`);
      return `sanchong_session=${cookie.value}`;
    },
    async addUser(u) {
      await createUser(db, { ...u, createdBy: 'test' }, TEST_SCRYPT);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}
