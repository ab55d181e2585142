import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditTrail } from '../store/audit.js';
import type { SessionUser } from '../store/sessions.js';
import { AttemptLimiter, canSeePerson, personScopeSql, scopeOf } from './auth.js';
import type { AuthTestApp } from './test-support/auth-app.js';
import { authTestApp } from './test-support/auth-app.js';

const ADMIN = { username: 'boss', password: 'admin-password-1', role: 'admin' } as const;
const CLERK = { username: 'clerk', password: 'clerk-password', role: 'bureau' } as const;

function cookieHeader(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  return first ?? '';
}

describe('login, session, logout', () => {
  let t: AuthTestApp;
  beforeAll(async () => {
    t = await authTestApp();
    await t.addUser(ADMIN);
    await t.addUser(CLERK);
    await t.addUser({ username: 'gone', password: 'gone-password', role: 'viewer' });
    await t.db.query("UPDATE users SET disabled = true WHERE username = 'gone'");
  });
  afterAll(() => t.close());

  it('logs in: 200 with the user and an HttpOnly, SameSite=Strict session cookie on Path=/', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'clerk', password: 'clerk-password' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ username: 'clerk', role: 'bureau', admdvs: null, canUnmask: false });
    const set = cookieHeader(res.headers['set-cookie']);
    expect(set).toMatch(/^sanchong_session=[A-Za-z0-9_-]{43};/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(set).toContain('Max-Age=43200');
    expect(set).not.toContain('Secure'); // plain http here
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: set.split(';')[0] ?? '' } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({ username: 'clerk', role: 'bureau', admdvs: null, canUnmask: false });
  });

  it('answers the same 401 for a wrong password, an unknown user and a disabled user', async () => {
    const answers = await Promise.all(
      [
        { username: 'clerk', password: 'wrong-password' },
        { username: 'nobody', password: 'clerk-password' },
        { username: 'gone', password: 'gone-password' },
      ].map((payload) => t.app.inject({ method: 'POST', url: '/api/v1/session', payload })),
    );
    for (const a of answers) {
      expect(a.statusCode).toBe(401);
      expect(a.json()).toEqual({ error: 'bad-credentials', message: '用户名或密码错误 / wrong user name or password' });
      expect(a.headers['set-cookie']).toBeUndefined();
    }
  });

  it('audits logins and refused logins, never the password', async () => {
    const trail = await auditTrail(t.db, { limit: 100 });
    expect(trail.filter((e) => e.action === 'login').map((e) => [e.username, e.role, e.ip])).toEqual([['clerk', 'bureau', '127.0.0.1']]);
    expect(
      trail
        .filter((e) => e.action === 'login-failed')
        .map((e) => [e.username, e.detail])
        .sort(),
    ).toEqual([
      ['clerk', { reason: 'bad-credentials' }],
      ['gone', { reason: 'bad-credentials' }],
      ['nobody', { reason: 'bad-credentials' }],
    ]);
    expect(JSON.stringify(trail)).not.toMatch(/password/);
  });

  it('401 without a session or with an unknown or malformed cookie', async () => {
    for (const cookie of [undefined, 'sanchong_session=' + 'A'.repeat(43), 'sanchong_session=%%%', 'sanchong_session=']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/session', ...(cookie === undefined ? {} : { headers: { cookie } }) });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'unauthenticated', message: '请先登录 / please log in' });
    }
  });

  it('logs out: 204, the cookie cleared, the session gone, audited', async () => {
    const cookie = await t.login('clerk', 'clerk-password');
    const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(cookieHeader(out.headers['set-cookie'])).toMatch(/^sanchong_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await auditTrail(t.db, { action: 'logout', limit: 5 })).map((e) => e.username)).toEqual(['clerk']);
    // Logging out without a session is harmless.
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
  });

  it('refuses malformed login bodies with 400, never 500', async () => {
    const bodies: { payload: string; type?: string }[] = [
      { payload: '' },
      { payload: '{' },
      { payload: 'null' },
      { payload: '[]' },
      { payload: '"clerk"' },
      { payload: '{}' },
      { payload: '{"username":"clerk"}' },
      { payload: '{"username":"","password":"x"}' },
      { payload: '{"username":{"$ne":1},"password":"x"}' },
      { payload: JSON.stringify({ username: 'clerk', password: 'x'.repeat(300) }) },
      { payload: JSON.stringify({ username: 'u'.repeat(65), password: 'xxxxxxxxxxxx' }) },
      { payload: 'username=clerk&password=x', type: 'application/x-www-form-urlencoded' },
    ];
    for (const b of bodies) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: b.payload, headers: { 'content-type': b.type ?? 'application/json' } });
      expect(res.statusCode, `${b.payload} → ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, `${b.payload} → ${res.body}`).toBeLessThan(500);
      expect(res.statusCode === 400 || res.statusCode === 415).toBe(true);
      const body = res.json<{ error: string; message: string }>();
      expect(body.error).toEqual(expect.any(String));
      expect(body.message).toContain(' / ');
    }
  });

  it('sets Secure on the cookie when the request came over https', async () => {
    const s = await authTestApp({}, { trustProxy: true });
    try {
      await s.addUser(CLERK);
      const res = await s.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'clerk', password: 'clerk-password' }, headers: { 'x-forwarded-proto': 'https' } });
      expect(res.statusCode).toBe(200);
      expect(cookieHeader(res.headers['set-cookie'])).toMatch(/; Secure/);
    } finally {
      await s.close();
    }
  });
});

describe('login rate limit', () => {
  let t: AuthTestApp;
  let clock = 1_000_000;
  beforeAll(async () => {
    t = await authTestApp({ loginLimit: { max: 3, windowMs: 60_000 }, now: () => clock });
    await t.addUser(CLERK);
    await t.addUser({ username: 'other', password: 'other-password', role: 'viewer' });
  });
  afterAll(() => t.close());

  const attempt = (username: string, password: string, remoteAddress = '10.0.0.1') => t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, remoteAddress });

  it('per user name: after 3 failures, 429 with Retry-After even from another address and with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await attempt('clerk', 'wrong-password', `10.1.0.${i}`)).statusCode).toBe(401);
    const limited = await attempt('clerk', 'clerk-password', '10.1.0.9');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toMatchObject({ error: 'too-many-attempts', message: expect.stringContaining('too many login attempts') });
    // Other user names are not held up.
    expect((await attempt('other', 'other-password', '10.1.0.9')).statusCode).toBe(200);
    const refused = await auditTrail(t.db, { username: 'clerk', action: 'login-failed', limit: 1 });
    expect(refused[0]?.detail).toEqual({ reason: 'rate-limited' });
    clock += 30_000;
    expect((await attempt('clerk', 'clerk-password', '10.1.0.9')).headers['retry-after']).toBe('30');
    clock += 30_000;
    expect((await attempt('clerk', 'clerk-password', '10.1.0.9')).statusCode).toBe(200);
  });

  it('per IP address: many user names from one address are held up too', async () => {
    clock += 120_000;
    for (let i = 0; i < 3; i++) expect((await attempt(`guess${i}`, 'wrong-password', '10.2.0.1')).statusCode).toBe(401);
    expect((await attempt('other', 'other-password', '10.2.0.1')).statusCode).toBe(429);
    expect((await attempt('other', 'other-password', '10.2.0.2')).statusCode).toBe(200);
  });

  it('successful logins do not use up an address (an office behind one IP)', async () => {
    clock += 120_000;
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 === 0 ? 'clerk' : 'other', i % 2 === 0 ? 'clerk-password' : 'other-password', '10.3.0.1')).statusCode).toBe(200);
  });

  it('AttemptLimiter: a fixed window per key', () => {
    let now = 0;
    const l = new AttemptLimiter({ max: 2, windowMs: 10_000 }, () => now);
    expect([l.hit('a'), l.hit('a'), l.hit('a'), l.hit('b')]).toEqual([0, 0, 10, 0]);
    now = 9_001;
    expect(l.hit('a')).toBe(1);
    now = 10_000;
    expect(l.hit('a')).toBe(0);
    l.forgive('a'); // the attempt just made is given back
    l.hit('b');
    l.hit('b');
    l.clear('b');
    expect([l.hit('a'), l.hit('a'), l.hit('a'), l.hit('b')]).toEqual([0, 0, 10, 0]);
  });
});

describe('users (admin)', () => {
  let t: AuthTestApp;
  let admin: string;
  let clerk: string;
  beforeAll(async () => {
    t = await authTestApp();
    await t.addUser(ADMIN);
    await t.addUser(CLERK);
    admin = await t.login('boss', 'admin-password-1');
    clerk = await t.login('clerk', 'clerk-password');
  });
  afterAll(() => t.close());

  const post = (payload: unknown, cookie?: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/users', payload: JSON.stringify(payload), headers: { 'content-type': 'application/json', ...(cookie === undefined ? {} : { cookie }) } });

  it('creates a township user: 201, audited without the password', async () => {
    const res = await post({ username: 'pingan', password: 'township-password', role: 'township', admdvs: '500243101', canUnmask: true }, admin);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'pingan', role: 'township', admdvs: '500243101', canUnmask: true, disabled: false, createdBy: 'boss', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(res.body).not.toContain('password');
    const a = await auditTrail(t.db, { action: 'user-create', limit: 1 });
    expect(a[0]).toMatchObject({ username: 'boss', role: 'admin', target: 'pingan', detail: { role: 'township', admdvs: '500243101', canUnmask: true } });
    expect(await t.login('pingan', 'township-password')).toMatch(/^sanchong_session=/);
  });

  it('401 without a session, 403 for another role', async () => {
    const body = { username: 'x1', password: 'some-password', role: 'viewer' };
    expect((await post(body)).statusCode).toBe(401);
    const forbidden = await post(body, clerk);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ error: 'forbidden', message: expect.stringContaining(' / not allowed') });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: clerk } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/users/clerk', payload: { role: 'admin' }, headers: { cookie: clerk } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users' })).statusCode).toBe(401);
  });

  it('409 for a taken user name', async () => {
    const res = await post({ username: 'clerk', password: 'some-password', role: 'viewer' }, admin);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'taken', message: '用户名 clerk 已被使用 / the user name clerk is taken' });
  });

  it('400 with a reason for bad bodies, never 500', async () => {
    const bad: unknown[] = [
      {},
      [],
      'admin',
      { username: 'v1', password: 'some-password' },
      { username: 'v1', password: 'short', role: 'viewer' },
      { username: 'v 1', password: 'some-password', role: 'viewer' },
      { username: 'v1', password: 'some-password', role: 'root' },
      { username: 'v1', password: 'some-password', role: 'township' },
      { username: 'v1', password: 'some-password', role: 'township', admdvs: '5002431' },
      { username: 'v1', password: 'some-password', role: 'township', admdvs: 5002431 },
      { username: 'v1', password: 'some-password', role: 'viewer', admdvs: '500243' },
      { username: 'v1', password: 'some-password', role: 'viewer', canUnmask: 'perhaps' },
      { username: ['v1', 'v2'], password: 'some-password', role: 'viewer' },
      { username: 'v1', password: { length: 20 }, role: 'viewer' },
    ];
    for (const b of bad) {
      const res = await post(b, admin);
      expect(res.statusCode, `${JSON.stringify(b)} → ${res.body}`).toBe(400);
      expect(res.json<{ message: string }>().message).toMatch(/ \/ /);
    }
    const notJson = await t.app.inject({ method: 'POST', url: '/api/v1/users', payload: '{"username":', headers: { cookie: admin, 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: admin } })).json<{ users: { username: string }[] }>().users.map((u) => u.username)).toEqual(['boss', 'clerk', 'pingan']);
  });

  it('changes a user: role, area, unmask right, disabled; a new password ends its sessions', async () => {
    const patch = (name: string, payload: unknown) => t.app.inject({ method: 'PATCH', url: `/api/v1/users/${name}`, payload: JSON.stringify(payload), headers: { cookie: admin, 'content-type': 'application/json' } });
    const pingan = await t.login('pingan', 'township-password');
    const moved = await patch('pingan', { admdvs: '500243101001' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ username: 'pingan', role: 'township', admdvs: '500243101001', canUnmask: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: pingan } })).json()).toMatchObject({ admdvs: '500243101001' });
    const pw = await patch('pingan', { password: 'another-township-pw' });
    expect(pw.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: pingan } })).statusCode).toBe(401);
    const a = await auditTrail(t.db, { action: 'user-update', limit: 1 });
    expect(a[0]).toMatchObject({ username: 'boss', target: 'pingan', detail: { passwordChanged: true } });
    expect(JSON.stringify(a)).not.toContain('another-township-pw');
    expect((await patch('nobody', { disabled: true })).statusCode).toBe(404);
    expect((await patch('pingan', {})).statusCode).toBe(400);
    expect((await patch('pingan', { role: 'township', admdvs: 'abc' })).statusCode).toBe(400);
    expect((await patch('pingan', { disabled: 'no' })).statusCode).toBe(400);
    expect((await patch('pingan', { password: 'short' })).statusCode).toBe(400);
    const last = await patch('boss', { role: 'viewer' });
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ error: 'last-admin' });
    expect((await patch('pingan', { disabled: true })).json()).toMatchObject({ disabled: true });
    await expect(t.login('pingan', 'another-township-pw')).rejects.toThrow(/401/);
  });
});

describe('township scope', () => {
  const user = (role: SessionUser['role'], admdvs: string | null): SessionUser => ({ userId: 1, username: 'u', role, admdvs, canUnmask: false });
  const persons = [
    { psn_no: 'A', admdvs: '500243', town_admdvs: '500243101', village_admdvs: '500243101001' },
    { psn_no: 'B', admdvs: '500243', town_admdvs: '500243101', village_admdvs: '500243101002' },
    { psn_no: 'C', admdvs: '500243', town_admdvs: '500243102', village_admdvs: null },
    { psn_no: 'D', admdvs: '500243', town_admdvs: null, village_admdvs: null },
    { psn_no: 'E', admdvs: '500244', town_admdvs: '500244101', village_admdvs: '500244101001' },
  ];
  const cases: [SessionUser, string[]][] = [
    [user('admin', null), ['A', 'B', 'C', 'D', 'E']],
    [user('bureau', null), ['A', 'B', 'C', 'D', 'E']],
    [user('viewer', null), ['A', 'B', 'C', 'D', 'E']],
    [user('township', '500243'), ['A', 'B', 'C', 'D']],
    [user('township', '500243101'), ['A', 'B']],
    [user('township', '500243102'), ['C']],
    [user('township', '500243101002'), ['B']],
    [user('township', null), []],
  ];

  it('scopeOf: a township user is limited to its admdvs, the others to nothing', () => {
    expect(scopeOf(user('township', '500243101'))).toBe('500243101');
    expect(scopeOf(user('bureau', null))).toBeNull();
  });

  it('canSeePerson', () => {
    for (const [u, seen] of cases) expect(persons.filter((p) => canSeePerson(u, p)).map((p) => p.psn_no), `${u.role} ${u.admdvs}`).toEqual(seen);
  });

  it('personScopeSql selects the same persons as canSeePerson', async () => {
    const t = await authTestApp();
    try {
      for (const p of persons) await t.db.query('INSERT INTO persons (psn_no, admdvs, town_admdvs, village_admdvs) VALUES ($1, $2, $3, $4)', [p.psn_no, p.admdvs, p.town_admdvs, p.village_admdvs]);
      for (const [u, seen] of cases) {
        const scope = personScopeSql(u, 'p', 2);
        const rows = await t.db.query<{ psn_no: string }>(`SELECT p.psn_no FROM persons p WHERE p.psn_no <> $1 AND ${scope.sql} ORDER BY p.psn_no`, ['Z', ...scope.params]);
        expect(rows.map((r) => r.psn_no), `${u.role} ${u.admdvs}`).toEqual(seen);
      }
      expect(() => personScopeSql(user('township', '500243'), 'p; DROP TABLE persons', 1)).toThrow(/not an SQL alias/);
    } finally {
      await t.close();
    }
  });
});
