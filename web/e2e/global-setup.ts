/**
 * The browser tests' server: the built product itself (`node bin/sanchong.js serve`, what
 * `npm start` runs after building) on a fresh PGlite folder with the demonstration region, on a
 * free port, with users for each role made through the API. The test files get its address and
 * the users' credentials through `inject('web')`.
 *
 * The test files share this one store: each works on persons of its own (see USERS and the
 * persons each file names) so that the order of files does not matter.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { WebFixture } from './fixture';

const ROOT = new URL('../../', import.meta.url).pathname;

declare module 'vitest' {
  export interface ProvidedContext {
    web: WebFixture;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

function waitForUrl(child: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 90 s:\n${log.join('')}`)), 90_000);
    child.stdout?.on('data', (b: Buffer) => {
      const s = b.toString('utf8');
      log.push(s);
      const m = /serving on (http:\/\/\S+)/.exec(log.join(''));
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr?.on('data', (b: Buffer) => log.push(b.toString('utf8')));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before it served:\n${log.join('')}`));
    });
  });
}

async function call(url: string, path: string, cookie: string, body: unknown): Promise<void> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // SANCHONG_WEB_DIR: a build of the web application elsewhere than dist/web (the server reads it too)
  const webDir = process.env['SANCHONG_WEB_DIR'] ?? join(ROOT, 'dist', 'web');
  if (!existsSync(join(webDir, 'index.html')) || !existsSync(join(ROOT, 'dist', 'server', 'serve.js'))) {
    throw new Error('the browser tests need the built product: run `npm run build` first (npm test does)');
  }
  if (!existsSync('/usr/bin/chromium')) throw new Error('the browser tests need Chromium at /usr/bin/chromium (Debian package chromium; .ci/run installs it)');
  dataDir = mkdtempSync(join(tmpdir(), 'sanchong-web-'));
  const password = (name: string): string => `${name}-${randomBytes(6).toString('hex')}`;
  const users: WebFixture['users'] = {
    admin: { username: 'admin', password: password('admin'), role: 'admin', admdvs: null },
    bureau: { username: 'bureau1', password: password('bureau'), role: 'bureau', admdvs: null },
    town005: { username: 'town005', password: password('town'), role: 'township', admdvs: '500243005' },
    town008: { username: 'town008', password: password('town'), role: 'township', admdvs: '500243008' },
    viewer: { username: 'viewer1', password: password('viewer'), role: 'viewer', admdvs: null },
    unmasker: { username: 'bureau2', password: password('bureau'), role: 'bureau', admdvs: null, canUnmask: true },
  };
  const log: string[] = [];
  server = spawn(process.execPath, [join(ROOT, 'bin', 'sanchong.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SANCHONG_DATA: dataDir, SANCHONG_ADMIN_PASSWORD: users.admin.password, SANCHONG_LOG: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await waitForUrl(server, log);
  const login = await fetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: users.admin.password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  for (const u of Object.values(users)) {
    if (u.username === 'admin') continue;
    await call(url, '/api/v1/users', cookie, { username: u.username, password: u.password, role: u.role, admdvs: u.admdvs, canUnmask: u.canUnmask === true });
  }
  project.provide('web', { url, users, dataDir });
  return async () => {
    const child = server;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  };
}
