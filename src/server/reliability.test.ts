/**
 * Reliability (issue 4, item 8):
 * 1. the server killed (SIGKILL) during a large settlements import, started again, the same file
 *    uploaded again: the final state equals one clean import into a fresh store — nothing lost or
 *    doubled — and the ledger equals a fresh fold. On PGlite (a data folder) and on PostgreSQL (a
 *    fresh database of the test server). The server is `node bin/sanchong.js serve`: run after the
 *    build (`npm test` builds first).
 * 2. malformed bodies and files get a 4xx with a reason, never a 500 (fast-check, in-process).
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Record as SyntheticRecord, SyntheticOptions } from '../demo/synthetic.js';
import { IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements } from '../demo/synthetic.js';
import { csvLine } from '../ingest/csv-writer.js';
import { importFile } from '../cli/import.js';
import type { ImportKind } from '../store/imports.js';
import type { Db } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { openPglite } from '../store/pglite.js';
import { openPostgres } from '../store/postgres.js';
import { ENGINES, postgresUrl } from '../store/test-support/engines.js';
import type { Engine } from '../store/test-support/engines.js';
import { verifyLedger } from '../store/verify.js';
import type { ServiceTestApp } from './test-support/service-app.js';
import { DEMO_POLICIES, multipart, serviceApp } from './test-support/service-app.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ADMIN_PASSWORD = 'reliability-admin-password';

// --- the population -------------------------------------------------------------------------

/** 12,000 persons: about 30,000 settlement rows, an import of several seconds in 15 chunks. */
const POPULATION: SyntheticOptions = { seed: 8808, persons: 12_000, year: 2023, admdvs: '500243', townships: 20, settlementsPerPerson: 2.5, basicGivenShare: 0.3 };

function csv(columns: readonly string[], records: Iterable<SyntheticRecord>): string {
  const lines = [csvLine(columns)];
  for (const r of records) lines.push(csvLine(columns.map((c) => r[c] ?? '')));
  return lines.join('');
}

const FILES: readonly (readonly [ImportKind, string])[] = [
  ['persons', csv(PERSON_COLUMNS, syntheticPersons(POPULATION))],
  ['identities', csv(IDENTITY_COLUMNS, syntheticIdentities(POPULATION))],
  ['settlements', csv(SETTLEMENT_COLUMNS, syntheticSettlements(POPULATION))],
];
const SETTLEMENT_ROWS = (FILES[2]?.[1].split('\n').length ?? 2) - 2; // the header, and the empty string after the last newline

// --- the final state, engine-neutral -------------------------------------------------------------

/** Everything an import and its ledger leave, as sorted text (ids of the store left out). */
async function finalState(db: Db): Promise<Record<string, string[]>> {
  const rows = async (sql: string): Promise<string[]> => (await db.query<Record<string, unknown>>(sql)).map((r) => JSON.stringify(Object.values(r))).sort();
  return {
    persons: await rows('SELECT psn_no, admdvs, certno, insu_tier, town_admdvs FROM persons'),
    identities: await rows(`SELECT psn_no, idet_type, to_char(begndate, 'YYYY-MM-DD'), to_char(enddate, 'YYYY-MM-DD') FROM identities`),
    settlements: await rows(`SELECT setl_id, psn_no, content_hash, refd_setl_flag, init_setl_id FROM settlements`),
    results: await rows(
      `SELECT setl_id, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, fund_pay_sumamt, psn_part_amt, inscp_psn_part_amt, pack_id, pack_version, md5(setl_proc_info)
         FROM settlement_results`,
    ),
    payments: await rows('SELECT setl_id, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay FROM settlement_payments'),
    adjustments: await rows('SELECT setl_id, tier, sum(amount)::bigint FROM adjustments GROUP BY setl_id, tier'),
    problems: await rows('SELECT setl_id, code, field FROM settlement_problems'),
    accumulators: await rows('SELECT psn_no, year, pool, cum_base, paid FROM accumulators'),
    batches: await rows(`SELECT kind, file_hash, accepted, rejected, status FROM import_batches`),
    rejects: await rows('SELECT count(*)::bigint FROM import_rejects'),
  };
}

// --- the server as a child process -----------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sanchong.js'), 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start within 30 s:\n${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        ok({ child, url: m[1], exited });
      }
    });
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the server exited (${code ?? signal ?? '?'}) before listening:\n${out}`));
    });
  });
}

async function stop(r: Running, signal: NodeJS.Signals): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal);
  await r.exited;
}

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sanchong_session='));
  if (cookie === undefined) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

interface BatchOut {
  id: number;
  kind: string;
  accepted: number;
  rejected: number;
  status: string;
  status_url: string;
}

function upload(url: string, cookie: string, kind: ImportKind, content: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([content]), `${kind}.csv`);
  return fetch(`${url}/api/v1/imports/${kind}`, { method: 'POST', headers: { cookie }, body: form });
}

async function batchStatus(url: string, cookie: string, path: string): Promise<BatchOut> {
  return (await (await fetch(`${url}${path}`, { headers: { cookie } })).json()) as BatchOut;
}

/** Uploads and waits for the batch to finish (polling its status URL after a 202). */
async function importDone(url: string, cookie: string, kind: ImportKind, content: string): Promise<BatchOut> {
  const res = await upload(url, cookie, kind, content);
  expect([200, 201, 202]).toContain(res.status);
  let b = (await res.json()) as BatchOut;
  const until = Date.now() + 120_000;
  while (b.status === 'running' && Date.now() < until) {
    await new Promise((ok) => setTimeout(ok, 200));
    b = await batchStatus(url, cookie, b.status_url);
  }
  expect(b.status).toBe('done');
  return b;
}

// --- 1. kill -9 during an import ------------------------------------------------------------------

describe('a server killed during an import', () => {
  let reference: Record<string, string[]>;

  beforeAll(async () => {
    // one clean import into a fresh store, in-process
    const db = await openPglite();
    try {
      await migrate(db);
      const dir = mkdtempSync(join(tmpdir(), 'sanchong-reliability-ref-'));
      try {
        for (const [kind, content] of FILES) {
          const path = join(dir, `${kind}.csv`);
          writeFileSync(path, content);
          const r = await importFile(db, { kind, path, region: '500243', importedBy: 'reference', policies: DEMO_POLICIES });
          expect(r.batch.status).toBe('done');
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      reference = await finalState(db);
    } finally {
      await db.close();
    }
    expect(reference['settlements']).toHaveLength(SETTLEMENT_ROWS);
  }, 120_000);

  for (const engine of ENGINES) {
    it(`[${engine}] resumes the interrupted batch to exactly the state of one clean import`, async () => {
      const store = await freshStore(engine);
      const env: Record<string, string> = {
        ...store.env, PORT: String(await freePort()), HOST: '127.0.0.1', SANCHONG_DEMO: '0', SANCHONG_LOG: '0', SANCHONG_PACKS: 'demo-cq-pengshui',
        SANCHONG_ADMIN_PASSWORD: ADMIN_PASSWORD,
      };
      let server: Running | undefined;
      try {
        server = await startServer(env);
        let cookie = await login(server.url);
        const [persons, identities, settlements] = FILES.map(([, c]) => c) as [string, string, string];
        await importDone(server.url, cookie, 'persons', persons);
        await importDone(server.url, cookie, 'identities', identities);

        // the large file: killed once some chunks are committed, while the batch runs
        const pending = upload(server.url, cookie, 'settlements', settlements).catch(() => undefined);
        let seen: BatchOut | undefined;
        const until = Date.now() + 60_000;
        while (Date.now() < until) {
          const list = (await (await fetch(`${server.url}/api/v1/imports?limit=1`, { headers: { cookie } })).json()) as { batches: BatchOut[] };
          const b = list.batches[0];
          if (b?.kind === 'settlements' && b.status === 'running' && b.accepted + b.rejected > 0) {
            seen = b;
            break;
          }
          if (b?.kind === 'settlements' && b.status !== 'running') break;
          await new Promise((ok) => setTimeout(ok, 25));
        }
        await stop(server, 'SIGKILL');
        await pending;
        expect(seen, 'the import was seen running with committed rows before the kill').toBeDefined();
        expect((seen?.accepted ?? 0) + (seen?.rejected ?? 0)).toBeLessThan(SETTLEMENT_ROWS);

        server = await startServer(env);
        cookie = await login(server.url);
        const interrupted = await batchStatus(server.url, cookie, `/api/v1/imports/${seen?.id ?? 0}`);
        expect(interrupted.status).toBe('running');
        expect(interrupted.accepted + interrupted.rejected).toBeLessThan(SETTLEMENT_ROWS);
        const done = await importDone(server.url, cookie, 'settlements', settlements);
        expect(done.id).toBe(seen?.id);
        expect(done.accepted + done.rejected).toBe(SETTLEMENT_ROWS);
        // and once more: nothing changes
        const again = await upload(server.url, cookie, 'settlements', settlements);
        expect(again.status).toBe(200);
        await stop(server, 'SIGTERM');
        server = undefined;

        const db = await store.open();
        try {
          expect(await finalState(db)).toEqual(reference);
          expect(await verifyLedger(db, DEMO_POLICIES)).toEqual([]);
        } finally {
          await db.close();
        }
      } finally {
        if (server !== undefined) await stop(server, 'SIGKILL');
        await store.dispose();
      }
    }, 150_000);
  }
});

interface Store {
  readonly env: Record<string, string>;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

async function freshStore(engine: Engine): Promise<Store> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-reliability-'));
    mkdirSync(join(dir, 'data'));
    const data = join(dir, 'data');
    return { env: { SANCHONG_DATA: data }, open: () => openPglite(data), dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const url = postgresUrl();
  const name = `sanchong_reliability_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  return { env: { DATABASE_URL: u.toString() }, open: () => openPostgres(u.toString(), 2), dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// --- 2. malformed input: never a 500 -------------------------------------------------------------

describe('malformed bodies and files', () => {
  let t: ServiceTestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await serviceApp(await openPglite());
    cookie = await t.as('fuzzer', 'bureau');
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-fuzz-'));
    try {
      // a person and a settlement, so that bodies naming them reach the store
      const path = join(dir, 'persons.csv');
      writeFileSync(path, 'psn_no,insuplc_admdvs,insu_tier\nP1,500243,1\n');
      await importFile(t.db, { kind: 'persons', path, region: '500243', importedBy: 'test', policies: DEMO_POLICIES });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/settlements', headers: { cookie },
      payload: { setl_id: 'S1', psn_no: 'P1', med_type: '11', setl_time: '2023-03-01 10:00:00', hosp_lv: '09', medfee_sumamt: '100.00', inscp_scp_amt: '80.00' },
    });
    expect(res.statusCode).toBe(201);
  }, 60_000);

  afterAll(async () => {
    await t.app.close();
    await t.db.close();
  });

  /** A 4xx with a reason (or a success): never a 500. */
  function expectAnswered(res: { statusCode: number; body: string }, what: string): void {
    if (res.statusCode >= 500) throw new Error(`${what} → ${res.statusCode} ${res.body}`);
    if (res.statusCode >= 400) {
      const body = JSON.parse(res.body) as { message?: unknown };
      expect(typeof body.message === 'string' && body.message.length > 0, `${what} → ${res.statusCode} without a reason: ${res.body}`).toBe(true);
    }
  }

  const FIELDS = ['setl_id', 'psn_no', 'med_type', 'setl_time', 'hosp_lv', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'hifp_pay', 'hifmi_pay'];
  const weird = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('P1', 'S1', '11', '21', '2023-03-01 10:00:00', '2023-02-30', '1e308', '-0.01', '0.001', '99999999999999999999', 'NaN', '\u0000', 'x\u0000y', "O'Brien\\"),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const settlementish = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS, 'identities', 'insuplc_admdvs', 'insu_tier', 'username', 'password'), fc.string()), weird, { maxKeys: 14 });
  const body = fc.oneof(settlementish, fc.jsonValue({ maxDepth: 3 }));
  const ROUTES = ['/api/v1/settlements', '/api/v1/trial', '/api/v1/settlements/S1/reversal', '/api/v1/settlements/x/reversal', '/api/v1/session'];

  it('random JSON bodies to the settlement, trial, reversal and session routes: a 4xx with a reason, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), body, async (url, payload) => {
        const res = await t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        expectAnswered(res, `POST ${url} ${JSON.stringify(payload)}`);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('well-formed bodies whose identifiers hold NUL, quotes or backslashes: answered, never a 500', async () => {
    const base = { setl_id: 'S9', psn_no: 'P1', med_type: '11', setl_time: '2023-04-01 10:00:00', hosp_lv: '09', medfee_sumamt: '100.00', inscp_scp_amt: '80.00' };
    for (const odd of ['P\u0000', '\u0000', "P1'; DROP TABLE persons; --", 'P1\\', "E'\\'"]) {
      for (const field of ['psn_no', 'setl_id']) {
        for (const url of ['/api/v1/settlements', '/api/v1/trial', '/api/v1/session']) {
          const payload = url === '/api/v1/session' ? { username: odd, password: odd } : { ...base, [field]: odd };
          const res = await t.app.inject({ method: 'POST', url, headers: { cookie }, payload });
          expectAnswered(res, `POST ${url} ${JSON.stringify(payload)}`);
        }
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/settlements/${encodeURIComponent(odd)}/reversal`, headers: { cookie }, payload: { setl_id: odd } });
        expectAnswered(res, `reversal of ${JSON.stringify(odd)}`);
      }
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM persons'))[0]?.n).toBe(1);
  });

  it('bodies that are not JSON, or not declared JSON: 400 or 415 with a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.string({ unit: 'binary' }), fc.constantFrom('application/json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded'), async (url, text, type) => {
        const res = await t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': type }, payload: text });
        expectAnswered(res, `POST ${url} (${type}) ${JSON.stringify(text)}`);
        // another media type: refused as such (415), or — text/plain, which Fastify reads as a string — not an object (400); an
        // empty body is no body (a reversal needs none)
        if (type !== 'application/json' && text !== '') expect([400, 415], `${type}: ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('random bytes uploaded as .csv or .xlsx: a 4xx with a reason or a batch of rejects, never a 500', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
      fc.string({ unit: 'binary', maxLength: 500 }).map((s) => Buffer.from(s)),
      // an XLSX is a ZIP: its signature and then garbage
      fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(a)])),
      // a header the reader knows, rows of garbage
      fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 5 }).map((rows) => Buffer.from(`setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt\n${rows.join('\n')}`)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<ImportKind>('persons', 'identities', 'enrollments', 'settlements'), fc.constantFrom('csv', 'xlsx'), bytes, async (kind, ext, content) => {
        const { payload, headers } = multipart('file', `upload.${ext}`, content);
        const res = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${kind}`, headers: { ...headers, cookie }, payload });
        expectAnswered(res, `import ${kind}.${ext} of ${content.length} bytes`);
        if (res.statusCode < 300) {
          const b = JSON.parse(res.body) as { status: string };
          expect(b.status).not.toBe('failed');
        }
      }),
      { numRuns: 120 },
    );
  }, 180_000);
});
