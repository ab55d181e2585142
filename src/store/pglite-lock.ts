/**
 * One process at a time on a PGlite data folder. PGlite is PostgreSQL in this process: it has no
 * server to arbitrate, and it opens a folder another process has open without a word — two
 * writers then corrupt it (the service running while `sanchong import` or `sanchong cases …`
 * opens ./data). So the store takes `sanchong.lock` in the folder before PGlite opens it:
 *
 * - created exclusively (written aside, then hard-linked in, so it is never seen half written),
 *   holding the pid, the host, the start time of the process and a random token;
 * - a lock whose process is gone (no such pid on this host, or the pid now belongs to a process
 *   started at another time, or it is this process's pid but not held by it: a restarted
 *   container) is stale and taken over;
 * - a second opener, in another process or in this one, is refused with StoreLockedError;
 * - removed when the store is closed, and when the process exits without closing it.
 *
 * A lock written on another host (a folder on a network share) cannot be checked and is taken as
 * held. In-memory PGlite (tests) takes no lock; PostgreSQL needs none.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'sanchong.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot), when the system has /proc. */
  readonly procStart?: string | undefined;
  readonly since: string;
  readonly token: string;
}

/** The data folder is open in another process (or already in this one). */
export class StoreLockedError extends Error {
  readonly code = 'store-locked';
  constructor(
    readonly dataDir: string,
    readonly lockPath: string,
    readonly owner: Partial<LockOwner> | undefined,
  ) {
    const who = owner?.pid === undefined ? '' : `pid ${owner.pid}${owner.host !== undefined && owner.host !== hostname() ? ` @ ${owner.host}` : ''}${owner.since === undefined ? '' : `, ${owner.since}`}`;
    super(
      `数据目录 ${dataDir} 正被另一个进程使用（${who || '未知进程'}）：PGlite 数据目录同一时间只能由一个进程打开。` +
        `请先停止该进程（如 sanchong serve），或改用 PostgreSQL（设置 DATABASE_URL），服务与命令行即可同时使用；若确认该进程已不存在，删除 ${lockPath}。` +
        ` / the data folder ${dataDir} is in use by another process (${who || 'unknown'}): a PGlite data folder can be open in one process at a time. ` +
        `Stop that process (e.g. sanchong serve) first, or use PostgreSQL (set DATABASE_URL) so that the service and the command line can run together; ` +
        `if you are sure that process is gone, delete ${lockPath}.`,
    );
    this.name = 'StoreLockedError';
  }
}

/** Lock files this process holds, by path, with their tokens. */
const held = new Map<string, string>();
let exitHook = false;

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses; fields resume after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function readOwner(path: string): Partial<LockOwner> | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof o === 'object' && o !== null ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the owner of a lock may still be running. Unknown → alive (never take a lock we cannot judge). */
function ownerAlive(owner: Partial<LockOwner>): boolean {
  if (typeof owner.pid !== 'number' || !Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.host !== hostname()) return true;
  // our pid, and not in `held` (checked before): a previous process of the same pid (a container restarted)
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: a process of another user has that pid; judged below by its start time
  }
  if (typeof owner.procStart === 'string') {
    const now = procStart(owner.pid);
    if (now !== undefined && now !== owner.procStart) return false;
  }
  return true;
}

function releaseAllOnExit(): void {
  for (const [path, token] of held) {
    try {
      if (readOwner(path)?.token === token) unlinkSync(path);
    } catch {
      // nothing to do at exit
    }
  }
  held.clear();
}

/** Creates the lock file with its whole content at once; false when one is there. */
function createLock(path: string, content: string): boolean {
  const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(aside, content, { flag: 'wx' });
  try {
    linkSync(aside, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
    // a file system without hard links: an exclusive create (a reader may see it empty for an instant)
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, content);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e2;
    }
  } finally {
    unlinkSync(aside);
  }
}

/**
 * Takes the lock of `dataDir` (which exists) for this process, or throws StoreLockedError.
 * Returns the release, to call once the database is closed.
 */
export function lockDataDir(dataDir: string): () => void {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  if (held.has(path)) throw new StoreLockedError(dir, path, readOwner(path) ?? { pid: process.pid });
  const token = randomBytes(12).toString('hex');
  const me: LockOwner = { pid: process.pid, host: hostname(), procStart: procStart(process.pid), since: new Date().toISOString(), token };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createLock(path, content)) {
      held.set(path, token);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', releaseAllOnExit);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        held.delete(path);
        if (readOwner(path)?.token === token) unlinkSync(path);
      };
    }
    const owner = readOwner(path);
    // a file we cannot read as a lock (another writer without hard links, this very instant) is left alone
    if (owner === undefined || ownerAlive(owner)) throw new StoreLockedError(dir, path, owner);
    // stale: moved aside atomically; if what we moved is not the stale lock we judged (another
    // process took it over meanwhile), it is put back and we are refused
    const stale = `${path}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      renameSync(path, stale);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    const moved = readOwner(stale);
    if (moved?.token !== owner.token) {
      try {
        linkSync(stale, path);
      } catch {
        // someone holds it again: refused all the same
      }
      unlinkSync(stale);
      throw new StoreLockedError(dir, path, moved);
    }
    unlinkSync(stale);
  }
  throw new StoreLockedError(dir, path, readOwner(path));
}
