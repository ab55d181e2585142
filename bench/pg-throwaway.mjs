// A throwaway PostgreSQL server for a benchmark: initdb in a fresh temporary folder, a free port of
// 127.0.0.1, stopped and deleted by stop(). The same approach as the tests' server
// (src/store/test-support/postgres-server.ts): as root, the binaries run as `postgres` (runuser).
// Options: durable (fsync and synchronous_commit on, as a production server; default off, as the
// tests' server), statements (load pg_stat_statements).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The newest /usr/lib/postgresql/N/bin (Debian), else the folder of `initdb` on PATH. */
export function findPostgresBin() {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(base, versions[0], 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const initdb = join(dir, 'initdb');
    if (dir !== '' && existsSync(initdb)) return dirname(realpathSync(initdb));
  }
  return undefined;
}

const asRoot = process.getuid?.() === 0;

function run(bin, tool, args) {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  try {
    execFileSync(cmd, argv, { stdio: 'pipe', timeout: 120_000 });
  } catch (err) {
    throw new Error(`${tool} failed: ${err.stderr?.toString().trim() || err.message}`);
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the server; { url, dir, stop() }. */
export async function startPostgres({ durable = false, statements = false, maxConnections = 100 } = {}) {
  const bin = findPostgresBin();
  if (bin === undefined) throw new Error('PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH)');
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-bench-pg-'));
  if (asRoot) {
    const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const stop = () => {
    try {
      if (existsSync(join(data, 'postmaster.pid'))) run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', ...(durable ? [] : ['--no-sync'])]);
    const port = await freePort();
    const settings = [
      `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', `-c max_connections=${maxConnections}`, '-c shared_buffers=256MB',
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      ...(statements ? ['-c shared_preload_libraries=pg_stat_statements', '-c pg_stat_statements.track=all'] : []),
    ];
    run(bin, 'pg_ctl', ['-D', data, '-l', log, '-o', settings.join(' '), '-w', '-t', '60', 'start']);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, bin, stop };
  } catch (err) {
    const tail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${err.message}${tail}`);
  }
}
