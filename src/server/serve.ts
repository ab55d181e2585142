/**
 * `sanchong serve` (what `npm start` runs): the service on the environment's store.
 * - PORT (default 8080), HOST (default 127.0.0.1; 0.0.0.0 to listen on every interface);
 * - SANCHONG_DATA (PGlite folder, default ./data) or DATABASE_URL (PostgreSQL);
 * - SANCHONG_PACKS: comma-separated pack ids or paths the bureau runs (default: the illustrative
 *   demonstration pack, said so at start);
 * - SANCHONG_ADMIN_PASSWORD: the first admin's password when the store is new (else one is
 *   generated and printed once);
 * - SANCHONG_DEMO=0: do not load the demonstration region into a new store;
 * - SANCHONG_TRUST_PROXY=1: behind a TLS-terminating proxy;
 * - SANCHONG_WEB_DIR: the built web application to serve (default dist/web, what `npm run build` makes).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadRegions } from '../policy/load.js';
import type { RegionPolicies } from '../policy/regions.js';
import { importFile } from '../cli/import.js';
import type { Db } from '../store/db.js';
import { openDb } from '../store/db.js';
import type { ImportKind } from '../store/imports.js';
import { migrate } from '../store/migrate.js';
import { ensureFirstAdmin } from '../store/users.js';
import { buildApp } from './app.js';

/** The pack served when SANCHONG_PACKS is not set: illustrative values, never official. */
export const DEMO_PACK = 'demo-cq-pengshui';
export const DEMO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples', DEMO_PACK);
const DEMO_FILES: readonly (readonly [ImportKind, string])[] = [
  ['persons', 'persons.csv'], ['identities', 'identities.csv'], ['enrollments', 'enrollments.csv'], ['settlements', 'settlements.csv'],
];

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads the demonstration region into a store that has never imported anything: its persons,
 * identities, enrollments and a year of settlements, settled under the illustrative pack.
 * Returns the batches' counts, or undefined when the store was not new.
 */
export async function loadDemo(db: Db, policies: RegionPolicies): Promise<{ kind: ImportKind; accepted: number; rejected: number }[] | undefined> {
  const [any] = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM (SELECT 1 FROM import_batches LIMIT 1) AS b');
  if ((any?.n ?? 0) > 0) return undefined;
  // the demo files' persons all carry insuplc_admdvs; the demo pack's region is the batches' region
  const region = policies.regions.find((r) => r.id === DEMO_PACK)?.admdvs;
  const out = [];
  for (const [kind, file] of DEMO_FILES) {
    const r = await importFile(db, { kind, path: join(DEMO_DIR, file), region, importedBy: 'demo', policies });
    out.push({ kind, accepted: r.batch.accepted, rejected: r.batch.rejected });
  }
  return out;
}

export interface Started {
  readonly app: FastifyInstance;
  readonly db: Db;
  readonly url: string;
  close(): Promise<void>;
}

/** Opens the store, migrates it, prepares the first admin and the demo, and listens. */
export async function serve(env: Env = process.env, log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<Started> {
  const packs = env['SANCHONG_PACKS'] !== undefined && env['SANCHONG_PACKS'].trim() !== '' ? env['SANCHONG_PACKS'] : DEMO_PACK;
  const policies = loadRegions(packs);
  const db = await openDb(env);
  try {
    await migrate(db);
    const admin = await ensureFirstAdmin(db, env);
    if (env['SANCHONG_DEMO'] !== '0' && policies.regions.some((r) => r.id === DEMO_PACK)) {
      const loaded = await loadDemo(db, policies);
      if (loaded !== undefined) {
        log(`已载入演示地区（合成数据，演示政策包 ${DEMO_PACK}，非官方）/ loaded the demonstration region (synthetic data, illustrative pack ${DEMO_PACK}, not official):`);
        for (const l of loaded) log(`  ${l.kind}: ${l.accepted} accepted, ${l.rejected} rejected`);
      }
    }
    const app = await buildApp({ db, policies, webRoot: env['SANCHONG_WEB_DIR'] === undefined || env['SANCHONG_WEB_DIR'] === '' ? undefined : resolve(env['SANCHONG_WEB_DIR']), trustProxy: env['SANCHONG_TRUST_PROXY'] === '1', logger: env['SANCHONG_LOG'] === '0' ? false : { level: env['SANCHONG_LOG'] ?? 'warn' } });
    const port = Number(env['PORT'] ?? 8080);
    const host = env['HOST'] ?? '127.0.0.1';
    await app.listen({ port, host });
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    const url = `http://${shown}:${app.server.address() !== null && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : port}`;
    log(`三重 Sanchong 服务已启动 / serving on ${url}  (${db.engine === 'pglite' ? `PGlite ${env['SANCHONG_DATA'] ?? './data'}` : 'PostgreSQL'})`);
    log(`  网页 / web application: 用浏览器打开 open ${url} in a browser`);
    log(`  接口文档 / API page: ${url}/docs`);
    for (const r of policies.regions) log(`  政策包 / pack ${r.id} (${r.admdvs} ${r.name})${r.illustrative ? ' — 演示数值，非官方 / illustrative, not official' : ''}`);
    if (admin.created && admin.generatedPassword !== undefined) {
      log(`  首个管理员 / first admin: 用户名 user admin, 密码 password ${admin.generatedPassword}`);
      log('  （仅显示这一次，请登录后修改 / shown this once: log in and change it）');
    } else if (admin.created) log('  首个管理员 admin 已按 SANCHONG_ADMIN_PASSWORD 创建 / first admin `admin` created with SANCHONG_ADMIN_PASSWORD');
    log(`  登录 / sign in: ${url}/signin (API: POST ${url}/api/v1/session {"username":"admin","password":"…"})`);
    return {
      app, db, url,
      async close() {
        await app.close();
        await db.close();
      },
    };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}
