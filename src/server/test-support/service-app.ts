import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadPacks } from '../../policy/load.js';
import { RegionPolicies } from '../../policy/regions.js';
import type { Db } from '../../store/db.js';
import { migrate } from '../../store/migrate.js';
import type { NewUser } from '../../store/users.js';
import { createUser } from '../../store/users.js';
import { buildApp } from '../app.js';
import { loadDemo } from '../serve.js';
import { TEST_SCRYPT } from './auth-app.js';

export const DEMO_POLICIES = new RegionPolicies([loadPacks('demo-cq-pengshui')]);
export const PASSWORD = 'correct horse battery';

export interface ServiceTestApp {
  readonly app: FastifyInstance;
  readonly db: Db;
  /** The Cookie header of a logged-in user (created on first use with PASSWORD). */
  as(username: string, role?: NewUser['role'], admdvs?: string, canUnmask?: boolean): Promise<string>;
}

/** The whole app on a migrated store (either engine), users created on demand; `demo` loads the demonstration region first. */
export async function serviceApp(db: Db, options: { importWaitMs?: number; demo?: boolean } = {}): Promise<ServiceTestApp> {
  await migrate(db);
  if (options.demo === true) await loadDemo(db, DEMO_POLICIES);
  const app = await buildApp({ db, policies: DEMO_POLICIES, importWaitMs: options.importWaitMs, loginLimit: { max: 1000, windowMs: 60_000 } });
  const cookies = new Map<string, string>();
  return {
    app,
    db,
    async as(username, role = 'bureau', admdvs, canUnmask = false) {
      const known = cookies.get(username);
      if (known !== undefined) return known;
      await createUser(db, { username, password: PASSWORD, role, admdvs, canUnmask, createdBy: 'test' }, TEST_SCRYPT);
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: PASSWORD } });
      const c = res.cookies.find((k) => k.name === 'sanchong_session');
      if (res.statusCode !== 200 || c === undefined) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
      const header = `sanchong_session=${c.value}`;
      cookies.set(username, header);
      return header;
    },
  };
}

/** A multipart/form-data body with one file field. */
export function multipart(field: string, fileName: string, content: Buffer | string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----sanchong${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export function json<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  return JSON.parse(res.body) as T;
}
