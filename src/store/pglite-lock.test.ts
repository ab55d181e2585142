import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './db.js';
import { openPglite } from './pglite.js';
import { LOCK_FILE, lockDataDir, StoreLockedError } from './pglite-lock.js';

const root = mkdtempSync(join(tmpdir(), 'sanchong-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => {
  const d = join(root, `d${n++}`);
  return mkdtempSync(`${d}-`);
};

function refusal(fn: () => unknown): StoreLockedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreLockedError) return e;
    throw e;
  }
  throw new Error('expected StoreLockedError');
}

/** A process that sleeps until killed. */
function sleeper(): { pid: number; kill: () => Promise<void> } {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  return { pid: child.pid ?? 0, kill: async () => void (child.kill('SIGKILL'), await exited) };
}

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

const writeLock = (dir: string, owner: Record<string, unknown>): void => writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ since: '2024-01-01T00:00:00.000Z', token: 'old', ...owner }));

describe('lockDataDir', () => {
  it('one holder at a time in this process; released, it can be taken again; the file holds our pid', () => {
    const dir = freshDir();
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const e = refusal(() => lockDataDir(dir));
    expect(e.message).toMatch(/^数据目录 .+ 正被另一个进程使用.+请先停止该进程（如 sanchong serve），或改用 PostgreSQL（设置 DATABASE_URL）.+ \/ the data folder .+ is in use by another process .+Stop that process \(e\.g\. sanchong serve\) first, or use PostgreSQL \(set DATABASE_URL\)/s);
    expect(e.message).toContain(`pid ${process.pid}`);
    release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    release(); // twice: nothing
    lockDataDir(dir)();
  });

  it('refuses a lock whose process is alive; takes it over once that process is gone', async () => {
    const dir = freshDir();
    const s = sleeper();
    try {
      writeLock(dir, { pid: s.pid, host: hostname(), procStart: procStart(s.pid) });
      expect(refusal(() => lockDataDir(dir)).owner).toMatchObject({ pid: s.pid });
    } finally {
      await s.kill();
    }
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    release();
  });

  it.skipIf(!existsSync('/proc/self/stat'))('takes over a lock whose pid now belongs to a process started at another time', async () => {
    const dir = freshDir();
    const s = sleeper();
    try {
      writeLock(dir, { pid: s.pid, host: hostname(), procStart: '1' });
      lockDataDir(dir)();
    } finally {
      await s.kill();
    }
  });

  it('takes over a lock of this pid that this process does not hold (a restarted container), refuses one of another host or unreadable', () => {
    const dir = freshDir();
    writeLock(dir, { pid: process.pid, host: hostname() });
    lockDataDir(dir)();
    writeLock(dir, { pid: 1, host: `not-${hostname()}` });
    expect(refusal(() => lockDataDir(dir)).message).toContain(`@ not-${hostname()}`);
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    refusal(() => lockDataDir(dir));
    rmSync(join(dir, LOCK_FILE));
    lockDataDir(dir)();
  });
});

describe('openPglite with a data folder', () => {
  it('refuses a second opener until the first is closed; in memory needs no lock', async () => {
    const dir = freshDir();
    const db = await openPglite(dir);
    try {
      await expect(openDb({ SANCHONG_DATA: dir })).rejects.toBeInstanceOf(StoreLockedError);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    } finally {
      await db.close();
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openDb({ SANCHONG_DATA: dir });
    await again.close();
    const [a, b] = [await openPglite(), await openPglite()];
    await Promise.all([a.close(), b.close()]);
  }, 60_000);

  it('another process holding the folder: refused; killed (-9), its lock is stale and taken over', async () => {
    const dir = freshDir();
    const script = join(root, 'hold.ts');
    writeFileSync(script, `import { openPglite } from ${JSON.stringify(new URL('./pglite.ts', import.meta.url).pathname)};\nawait openPglite(${JSON.stringify(dir)});\nconsole.log('open');\nsetInterval(() => {}, 1000);\n`);
    const bin = new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url).pathname;
    const child = spawn(process.execPath, [bin, script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    try {
      await new Promise<void>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('open')) ok();
        });
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', (code) => fail(new Error(`the holder exited (${code ?? '?'}): ${out}`)));
      });
      const e = await openPglite(dir).then(
        async (db) => {
          await db.close();
          throw new Error('opened a folder another process holds');
        },
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(StoreLockedError);
      expect((e as StoreLockedError).owner?.pid).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const db = await openPglite(dir);
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
  }, 90_000);
});
