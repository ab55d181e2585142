// One-stop settlement through the HTTP API, persisted: requests/s and latency at a concurrency.
// Usage: npm run build && node bench/http.mjs [--engine postgres|pglite] [--seconds 20] [--concurrency 32]
//          [--persons 20000] [--history] [--durable] [--socket] [--statements] [--cpu-prof] [--warmup 3]
//          [--client raw|http]
// - a throwaway PostgreSQL server (bench/pg-throwaway.mjs; --durable: fsync and synchronous_commit
//   on, else off as the tests' server; --socket: reached over its Unix socket, else TCP on
//   127.0.0.1) or a temporary PGlite folder;
// - the server as a child process: node bin/sanchong.js serve (SANCHONG_DEMO=0, SANCHONG_LOG=0);
// - the synthetic population (bench/generate.mjs) imported through POST /api/v1/imports/{kind}:
//   persons and identities, and with --history their 2023 settlements;
// - PostgreSQL: ANALYZE of the tables the load wrote (what autovacuum does within a minute of it;
//   autovacuum never analyzes a table nothing was written to, so the empty ones are left alone —
//   statistics saying "empty" would make each connection cache a sequential-scan plan for the
//   foreign-key checks on settlements, which then grows under the bench);
// - POST /api/v1/settlements at the concurrency over keep-alive connections, one request in flight
//   on each, distinct setl_ids over random persons, 2024 times rising with the request count
//   (hospitals settle in real time); each answer read whole and its status counted. --client raw
//   (the default since 2026-12-05 afternoon): one TCP connection per worker, each request one
//   write, a minimal parser of the answer (bench/raw-http.mjs); --client http: node:http with a
//   keep-alive Agent, as every run before;
// - at the end: every 201 is a stored settlement (and the stored count equals the 201s), and `sanchong verify` (a fresh fold of everything
//   stored) finds no difference.
// --statements loads pg_stat_statements and prints the statements by total time; --cpu-prof writes
// the server's CPU profile to bench/out/prof/. `cores` in the result: the CPU time (user + system,
// /proc) of the bench client itself, the server, PostgreSQL's processes and the whole machine over
// the measured seconds, per second — how many of the machine's cores each used.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { generate } from './generate.mjs';
import { freePort, startPostgres } from './pg-throwaway.mjs';
import { RawConnection } from './raw-http.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function options(argv) {
  const o = { engine: 'postgres', seconds: 20, concurrency: 32, persons: 20_000, history: false, durable: false, statements: false, cpuProf: false, warmup: 3, socket: false, client: 'raw' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--engine') o.engine = next();
    else if (a === '--seconds') o.seconds = Number(next());
    else if (a === '--concurrency') o.concurrency = Number(next());
    else if (a === '--persons') o.persons = Number(next());
    else if (a === '--warmup') o.warmup = Number(next());
    else if (a === '--history') o.history = true;
    else if (a === '--durable') o.durable = true;
    else if (a === '--socket') o.socket = true;
    else if (a === '--statements') o.statements = true;
    else if (a === '--cpu-prof') o.cpuProf = true;
    else if (a === '--client') o.client = next();
    else throw new Error(`unknown option ${a}`);
  }
  if (o.engine !== 'postgres' && o.engine !== 'pglite') throw new Error('--engine postgres|pglite');
  if (o.client !== 'raw' && o.client !== 'http') throw new Error('--client raw|http');
  return o;
}

const PASSWORD = 'bench-admin-password';

// CPU time (Linux /proc): of processes, and of the whole machine, to see who uses the 2 cores ------
const TICK = 100; // USER_HZ

/** utime + stime of a process, seconds; 0 when it is gone. */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICK;
  } catch {
    return 0;
  }
}

/** The process `root` and all its descendants (e.g. the postmaster and its backends). */
function treeOf(root) {
  const parent = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

/** Busy and total CPU seconds of the machine (all cores) from /proc/stat. */
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0) / TICK;
  const idle = ((f[3] ?? 0) + (f[4] ?? 0)) / TICK;
  return { busy: total - idle, total };
}

/** A snapshot of CPU seconds: this process (the bench client), the server, PostgreSQL's processes, the machine. */
function cpuSnapshot(serverPid, pgPid) {
  const pg = pgPid === undefined ? [] : treeOf(pgPid);
  return { client: cpuOf(process.pid), server: cpuOf(serverPid), postgres: pg.reduce((a, p) => a + cpuOf(p), 0), machine: machineCpu() };
}

/** Cores used on average between two snapshots (CPU seconds per wall second). */
function coresBetween(a, b, seconds) {
  const r = (x) => Number((x / seconds).toFixed(2));
  return {
    client: r(b.client - a.client), server: r(b.server - a.server), postgres: r(b.postgres - a.postgres),
    machineBusy: r(b.machine.busy - a.machine.busy), machineCores: r(b.machine.total - a.machine.total),
  };
}

/** Starts `sanchong serve`; resolves when it prints its URL. */
function startServer(env, nodeArgs) {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin', 'sanchong.js'), 'serve'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d.toString();
      const m = /serving on (http:\/\/\S+)/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ child, url: m[1] });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => process.stderr.write(`[server] ${d}`));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function login(url) {
  const res = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
  if (res.status !== 200) throw new Error(`login: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sanchong_session='));
  return cookie.split(';')[0];
}

async function upload(url, cookie, kind, path) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), `${kind}.csv`);
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/imports/${kind}`, { method: 'POST', headers: { cookie }, body: form });
  let batch = await res.json();
  if (res.status >= 300) throw new Error(`import ${kind}: ${res.status} ${JSON.stringify(batch)}`);
  while (batch.status === 'running') {
    await new Promise((r) => setTimeout(r, 500));
    batch = await (await fetch(`${url}${batch.status_url}`, { headers: { cookie } })).json();
  }
  if (batch.status !== 'done') throw new Error(`import ${kind}: ${JSON.stringify(batch)}`);
  return { kind, accepted: batch.accepted, rejected: batch.rejected, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)) };
}

function pad(n, w) {
  return String(n).padStart(w, '0');
}

/** A deterministic stream of settlements: request i of the run. */
function settlementBody(i, persons, run) {
  // a small LCG per request: the same bodies every run
  let x = (i * 2654435761 + 12345) >>> 0;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const person = 1 + Math.floor(rnd() * persons);
  const u = rnd();
  const medType = u < 0.55 ? '11' : u < 0.7 ? '14' : '21';
  const total = medType === '11' ? 3_000 + Math.floor(rnd() * 77_000) : medType === '14' ? 20_000 + Math.floor(rnd() * 580_000) : 300_000 + Math.floor(rnd() * 3_000_000);
  const scope = Math.floor(total * (0.7 + rnd() * 0.25));
  const t = Date.UTC(2024, 0, 1) + i * 1000;
  const d = new Date(t);
  const setlTime = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  const yuan = (f) => `${Math.floor(f / 100)}.${pad(f % 100, 2)}`;
  return JSON.stringify({
    setl_id: `H${run}${pad(i, 9)}`, psn_no: `P${pad(person, 9)}`, med_type: medType, setl_time: setlTime,
    hosp_lv: medType === '11' ? '09' : '05', medfee_sumamt: yuan(total), inscp_scp_amt: yuan(scope),
  });
}

function post(agent, url, cookie, body) {
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), cookie } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    });
    req.on('error', (err) => resolve({ status: `error ${err.code ?? err.message}`, ms: Number(process.hrtime.bigint() - t0) / 1e6 }));
    req.end(body);
  });
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function drive(url, cookie, o, run, snapshot) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.concurrency });
  const target = `${url}/api/v1/settlements`;
  // one connection per worker (raw) or the agent's pool of as many (http)
  const connections = o.client === 'raw' ? Array.from({ length: o.concurrency }, () => new RawConnection(url)) : [];
  let next = 0;
  const latencies = [];
  const statuses = {};
  let created = 0;
  const start = performance.now();
  const warmEnd = start + o.warmup * 1000;
  const end = warmEnd + o.seconds * 1000;
  let measuredStart;
  let cpuStart;
  async function worker(w) {
    const c = connections[w];
    for (;;) {
      const now = performance.now();
      if (now >= end) return;
      const i = next++;
      const body = settlementBody(i, o.persons, run);
      const r = c === undefined ? await post(agent, target, cookie, body) : await c.post('/api/v1/settlements', cookie, body);
      if (r.status === 201) created++;
      if (performance.now() > warmEnd && r.status !== undefined) {
        if (measuredStart === undefined) {
          measuredStart = performance.now();
          cpuStart = snapshot();
        }
        latencies.push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - (measuredStart ?? warmEnd)) / 1000;
  const cores = cpuStart === undefined ? undefined : coresBetween(cpuStart, snapshot(), seconds);
  agent.destroy();
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  const ms = (v) => Number(v.toFixed(2));
  return {
    sent: next, created, measured: latencies.length, seconds: Number(seconds.toFixed(1)),
    perSecond: Math.round(latencies.length / seconds),
    p50: ms(quantile(latencies, 0.5)), p90: ms(quantile(latencies, 0.9)), p99: ms(quantile(latencies, 0.99)), max: ms(latencies[latencies.length - 1] ?? NaN),
    statuses, cores,
  };
}

async function main() {
  const o = options(process.argv.slice(2));
  const log = (x) => console.log(typeof x === 'string' ? x : JSON.stringify(x));
  const popDir = join(root, 'bench', 'out', `http-population-${o.persons}`);
  const counts = await generate(popDir, o.persons);
  log({ population: counts, dir: popDir });

  const cleanup = [];
  let pgServer;
  try {
    const env = { SANCHONG_DEMO: '0', SANCHONG_ADMIN_PASSWORD: PASSWORD, SANCHONG_LOG: '0', SANCHONG_PACKS: 'demo-cq-pengshui', HOST: '127.0.0.1', PORT: String(await freePort()) };
    if (o.engine === 'postgres') {
      const server = await startPostgres({ durable: o.durable, statements: o.statements });
      pgServer = server;
      cleanup.push(server.stop);
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      await admin.query('CREATE DATABASE sanchong');
      await admin.end();
      env.DATABASE_URL = server.url.replace(/\/postgres$/, '/sanchong');
      // --socket: the server talks to PostgreSQL over its Unix socket (in the throwaway's folder) instead of TCP
      if (o.socket) env.DATABASE_URL = `postgres://postgres@/sanchong?host=${encodeURIComponent(server.dir)}&port=${new URL(server.url).port}`;
      if (o.statements) {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        await c.query('CREATE EXTENSION pg_stat_statements');
        await c.end();
      }
      log({ engine: 'postgres', bin: server.bin, durable: o.durable, socket: o.socket });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'sanchong-bench-pglite-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      env.SANCHONG_DATA = dir;
      log({ engine: 'pglite', dir });
    }
    const profDir = join(root, 'bench', 'out', 'prof');
    if (o.cpuProf) mkdirSync(profDir, { recursive: true });
    const { child, url } = await startServer(env, o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []);
    let cookie;
    let created;
    try {
      cookie = await login(url);
      log(await upload(url, cookie, 'persons', join(popDir, 'persons.csv')));
      log(await upload(url, cookie, 'identities', join(popDir, 'identities.csv')));
      if (o.history) log(await upload(url, cookie, 'settlements', join(popDir, 'settlements.csv')));
      if (o.engine === 'postgres') {
        // statistics of the loaded tables, as autovacuum gathers them within a minute of a load
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        const { rows: tables } = await c.query("SELECT format('%I', relname) AS t FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname");
        const loaded = [];
        for (const { t } of tables) if ((await c.query(`SELECT EXISTS (SELECT 1 FROM ${t}) AS x`)).rows[0].x) loaded.push(t);
        // (a bare ANALYZE would analyze every table, the empty ones included: none then)
        if (loaded.length > 0) await c.query(`ANALYZE ${loaded.join(', ')}`);
        log({ analyzed: loaded });
        if (o.statements) await c.query('SELECT pg_stat_statements_reset()');
        await c.end();
      }
      const run = Date.now().toString(36).slice(-4);
      const pgPid = pgServer === undefined ? undefined : Number(readFileSync(join(pgServer.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      const r = await drive(url, cookie, o, run, () => cpuSnapshot(child.pid, pgPid));
      created = r.created;
      log({ bench: 'http-settlements', client: o.client, engine: o.engine, durable: o.engine === 'postgres' ? o.durable : undefined, concurrency: o.concurrency, persons: o.persons, history: o.history, ...r });
      if (o.statements) {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        await c.connect();
        const { rows } = await c.query(
          `SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
             FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
        );
        await c.end();
        for (const row of rows) log(`${String(row.calls).padStart(8)} ${String(row.total_ms).padStart(7)} ms ${String(row.mean_ms).padStart(8)} ms/call  ${row.query}`);
      }
    } finally {
      await stopServer(child);
    }
    // every 201 stored, and the ledger equal to a fresh fold
    const { openDb } = await import('../dist/store/db.js');
    const db = await openDb(env);
    const [{ n }] = await db.query("SELECT count(*)::bigint AS n FROM settlements WHERE setl_id LIKE 'H%'");
    await db.close();
    const t0 = performance.now();
    const verify = spawnSync(process.execPath, [join(root, 'bin', 'sanchong.js'), 'verify'], { env: { ...process.env, ...env }, encoding: 'utf8' });
    // every 201 a stored settlement (and nothing stored that was not answered 201)
    const everyCreatedStored = created === undefined || Number(n) === created;
    if (!everyCreatedStored) process.exitCode = 1;
    log({ storedFromBench: n, created, everyCreatedStored, verifyExit: verify.status, verifySeconds: Number(((performance.now() - t0) / 1000).toFixed(1)), verify: (verify.stderr + verify.stdout).trim().split('\n').slice(0, 10) });
    if (verify.status !== 0) process.exitCode = 1;
  } finally {
    for (const f of cleanup.reverse()) f();
  }
}

await main();
