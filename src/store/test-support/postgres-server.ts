/**
 * vitest globalSetup: one throwaway PostgreSQL server for the whole test run, in a fresh temporary
 * folder, on a free port of 127.0.0.1, stopped and deleted at the end. PostgreSQL refuses to run
 * as root, so as root the binaries run as the `postgres` user (runuser), in a folder it owns.
 * Test files create their own database on it (engines.ts).
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { PostgresInfo } from './provided.js';

const MISSING =
  'PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin or on PATH. The store tests run on PGlite and on a real ' +
  "PostgreSQL: install Debian's package (apt-get update && apt-get install -y postgresql), as .ci/run does.";

/** The newest /usr/lib/postgresql/N/bin (Debian), else the folder of `initdb` on PATH. */
export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(base, versions[0], 'bin');
  }
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    const initdb = join(dir, 'initdb');
    if (dir !== '' && existsSync(initdb)) return dirname(realpathSync(initdb));
  }
  return undefined;
}

const asRoot = process.getuid?.() === 0;

function run(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  try {
    execFileSync(cmd, argv, { stdio: 'pipe', timeout: 60_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`${tool} failed: ${e.stderr?.toString().trim() || e.message}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function start(bin: string): Promise<{ info: PostgresInfo; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-pg-'));
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
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
    run(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    // A throwaway server: durability off, it is deleted at the end anyway.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    run(bin, 'pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    return { info: { url: `postgres://postgres@127.0.0.1:${port}/postgres` }, stop };
  } catch (err) {
    const tail = existsSync(log) ? `\n${readFileSync(log, 'utf8').slice(-2000)}` : '';
    stop();
    throw new Error(`${(err as Error).message}${tail}`);
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    project.provide('postgres', { error: MISSING });
    return () => undefined;
  }
  try {
    const server = await start(bin);
    project.provide('postgres', server.info);
    return server.stop;
  } catch (err) {
    project.provide('postgres', { error: `the test PostgreSQL (${bin}) did not start: ${(err as Error).message}` });
    return () => undefined;
  }
}
