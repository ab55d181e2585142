import { expect, it } from 'vitest';
import { audit, auditTrail } from './audit.js';
import { migrate } from './migrate.js';
import { createSession, deleteSession, findSession, purgeExpiredSessions, tokenHash } from './sessions.js';
import { describeEachEngine } from './test-support/engines.js';
import type { ScryptParams } from './users.js';
import { checkCredentials, createUser, ensureFirstAdmin, findUser, hashPassword, listUsers, updateUser, UserError, verifyPassword } from './users.js';

/** A cheap cost for tests: the format and the checks are the same. */
const FAST: ScryptParams = { N: 1024, r: 8, p: 1 };

it('hashes passwords as scrypt$N$r$p$salt$hash with a random salt and verifies them', async () => {
  const a = await hashPassword('correct horse battery', FAST);
  const b = await hashPassword('correct horse battery', FAST);
  expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  expect(a).not.toBe(b);
  expect(await verifyPassword('correct horse battery', a)).toBe(true);
  expect(await verifyPassword('correct horse batterY', a)).toBe(false);
  expect(await verifyPassword('correct horse battery', 'plain text')).toBe(false);
  expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toBe(false);
});

it('uses the default cost (2^15, 8, 1) when none is given', async () => {
  expect(await hashPassword('a long enough password')).toMatch(/^scrypt\$32768\$8\$1\$/);
});

describeEachEngine('users, sessions and the audit log', (getDb) => {
  it('migrates', async () => {
    await migrate(getDb());
  });

  it('creates the first admin from SANCHONG_ADMIN_PASSWORD, once', async () => {
    const db = getDb();
    await expect(ensureFirstAdmin(db, { SANCHONG_ADMIN_PASSWORD: 'short' }, FAST)).rejects.toThrow(/SANCHONG_ADMIN_PASSWORD.*at least 10/);
    const first = await ensureFirstAdmin(db, { SANCHONG_ADMIN_PASSWORD: 'admin-secret-1' }, FAST);
    expect(first).toEqual({ created: true, username: 'admin' });
    expect(await ensureFirstAdmin(db, { SANCHONG_ADMIN_PASSWORD: 'another-secret' }, FAST)).toEqual({ created: false, username: 'admin' });
    const admin = await checkCredentials(db, 'admin', 'admin-secret-1');
    expect(admin).toMatchObject({ username: 'admin', role: 'admin', admdvs: null, canUnmask: false, disabled: false, createdBy: 'system' });
    expect(await checkCredentials(db, 'admin', 'another-secret')).toBeUndefined();
  });

  it('creates users with validation; a taken name is refused', async () => {
    const db = getDb();
    const t = await createUser(db, { username: 'pingan.town', password: 'town-password', role: 'township', admdvs: '500243101', createdBy: 'admin' }, FAST);
    expect(t).toMatchObject({ username: 'pingan.town', role: 'township', admdvs: '500243101', canUnmask: false, disabled: false, createdBy: 'admin' });
    expect(t.userId).toEqual(expect.any(Number));
    expect(t.createdAt).toBeInstanceOf(Date);
    await createUser(db, { username: 'clerk', password: 'clerk-password', role: 'bureau', canUnmask: true, createdBy: 'admin' }, FAST);
    const bad = async (u: Parameters<typeof createUser>[1], code: string, msg: RegExp): Promise<void> => {
      const e: unknown = await createUser(db, u, FAST).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).code).toBe(code);
      expect((e as UserError).message).toMatch(msg);
    };
    await bad({ username: 'clerk', password: 'clerk-password', role: 'viewer', createdBy: 'admin' }, 'taken', /已被使用 \/ the user name clerk is taken/);
    await bad({ username: 'town2', password: 'town-password', role: 'township', createdBy: 'admin' }, 'invalid', /needs admdvs/);
    await bad({ username: 'town2', password: 'town-password', role: 'township', admdvs: '5002431', createdBy: 'admin' }, 'invalid', /6, 9 or 12 digits/);
    await bad({ username: 'viewer', password: 'view-password', role: 'viewer', admdvs: '500243', createdBy: 'admin' }, 'invalid', /only a township user/);
    await bad({ username: 'viewer', password: 'short', role: 'viewer', createdBy: 'admin' }, 'invalid', /at least 10 characters/);
    await bad({ username: 'has space', password: 'long-enough-pw', role: 'viewer', createdBy: 'admin' }, 'invalid', /user name must be/);
    await bad({ username: 'v', password: 'long-enough-pw', role: 'root' as 'admin', createdBy: 'admin' }, 'invalid', /role must be one of/);
    expect((await listUsers(db)).map((u) => u.username)).toEqual(['admin', 'clerk', 'pingan.town']);
    expect(await findUser(db, 'nobody')).toBeUndefined();
    expect(await findUser(db, 'clerk')).toMatchObject({ role: 'bureau', canUnmask: true });
  });

  it('stores only the hash of the password', async () => {
    const rows = await getDb().query<{ password_hash: string }>("SELECT password_hash FROM users WHERE username = 'clerk'");
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
    expect(rows[0]?.password_hash).not.toContain('clerk-password');
  });

  it('opens sessions by token, stores only the sha256, expires them after 12 hours', async () => {
    const db = getDb();
    const clerk = await findUser(db, 'clerk');
    if (clerk === undefined) throw new Error('no clerk');
    const now = new Date('2024-05-01T08:00:00Z');
    const s = await createSession(db, clerk.userId, now);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.expiresAt.toISOString()).toBe('2024-05-01T20:00:00.000Z');
    const stored = await db.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE user_id = $1', [clerk.userId]);
    expect(stored.map((r) => r.token_hash)).toEqual([tokenHash(s.token)]);
    expect(await findSession(db, s.token, new Date('2024-05-01T19:59:59Z'))).toEqual({ userId: clerk.userId, username: 'clerk', role: 'bureau', admdvs: null, canUnmask: true });
    expect(await findSession(db, s.token, new Date('2024-05-01T20:00:00Z'))).toBeUndefined();
    expect(await findSession(db, 'x'.repeat(43), now)).toBeUndefined();
    expect(await findSession(db, "'; DROP TABLE users; --", now)).toBeUndefined();
    expect(await purgeExpiredSessions(db, new Date('2024-05-01T19:00:00Z'))).toBe(0);
    expect(await purgeExpiredSessions(db, new Date('2024-05-01T20:00:00Z'))).toBe(1);
    expect(await findSession(db, s.token, now)).toBeUndefined();
  });

  it('logs out, and a disabled user or a new password ends the sessions', async () => {
    const db = getDb();
    const t = await findUser(db, 'pingan.town');
    if (t === undefined) throw new Error('no township user');
    const a = await createSession(db, t.userId);
    const b = await createSession(db, t.userId);
    expect(await findSession(db, a.token)).toMatchObject({ username: 'pingan.town', role: 'township', admdvs: '500243101' });
    await deleteSession(db, a.token);
    expect(await findSession(db, a.token)).toBeUndefined();
    expect(await findSession(db, b.token)).toBeDefined();
    await updateUser(db, 'pingan.town', { password: 'new-town-password' }, FAST);
    expect(await findSession(db, b.token)).toBeUndefined();
    expect(await checkCredentials(db, 'pingan.town', 'town-password')).toBeUndefined();
    expect(await checkCredentials(db, 'pingan.town', 'new-town-password')).toMatchObject({ username: 'pingan.town' });
    const c = await createSession(db, t.userId);
    await updateUser(db, 'pingan.town', { disabled: true }, FAST);
    expect(await findSession(db, c.token)).toBeUndefined();
    expect(await checkCredentials(db, 'pingan.town', 'new-town-password')).toBeUndefined();
    await updateUser(db, 'pingan.town', { disabled: false }, FAST);
    expect(await checkCredentials(db, 'pingan.town', 'new-town-password')).toBeDefined();
  });

  it('updates role, area and unmask right; a session sees the change at once', async () => {
    const db = getDb();
    const t = await findUser(db, 'pingan.town');
    if (t === undefined) throw new Error('no township user');
    const s = await createSession(db, t.userId);
    await expect(updateUser(db, 'pingan.town', { admdvs: '50024310' }, FAST)).rejects.toThrow(/6, 9 or 12 digits/);
    expect(await updateUser(db, 'pingan.town', { admdvs: '500243101202', canUnmask: true }, FAST)).toMatchObject({ admdvs: '500243101202', canUnmask: true });
    expect(await findSession(db, s.token)).toMatchObject({ admdvs: '500243101202', canUnmask: true });
    // Away from township: the area goes with it.
    expect(await updateUser(db, 'pingan.town', { role: 'viewer' }, FAST)).toMatchObject({ role: 'viewer', admdvs: null });
    await expect(updateUser(db, 'pingan.town', { role: 'township' }, FAST)).rejects.toThrow(/needs admdvs/);
    expect(await updateUser(db, 'pingan.town', { role: 'township', admdvs: '500243101' }, FAST)).toMatchObject({ role: 'township', admdvs: '500243101' });
    await expect(updateUser(db, 'nobody', { disabled: true }, FAST)).rejects.toMatchObject({ code: 'not-found' });
    await expect(updateUser(db, 'clerk', { password: 'short' }, FAST)).rejects.toMatchObject({ code: 'invalid' });
  });

  it('never leaves the service without an enabled admin', async () => {
    const db = getDb();
    await expect(updateUser(db, 'admin', { disabled: true }, FAST)).rejects.toMatchObject({ code: 'last-admin' });
    await expect(updateUser(db, 'admin', { role: 'bureau' }, FAST)).rejects.toMatchObject({ code: 'last-admin' });
    await updateUser(db, 'clerk', { role: 'admin' }, FAST);
    // Two demotions at once: one of them must be refused.
    const results = await Promise.allSettled([updateUser(db, 'admin', { role: 'bureau' }, FAST), updateUser(db, 'clerk', { role: 'bureau' }, FAST)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const admins = (await listUsers(db)).filter((u) => u.role === 'admin' && !u.disabled);
    expect(admins).toHaveLength(1);
  });

  it('does not create a first admin when users exist', async () => {
    expect(await ensureFirstAdmin(getDb(), {}, FAST)).toEqual({ created: false, username: 'admin' });
  });

  it('appends to the audit log and reads the trail newest first', async () => {
    const db = getDb();
    await audit(db, { username: 'clerk', role: 'bureau', action: 'person-read', admdvs: '500243', psnNo: 'P1', ip: '10.0.0.1' });
    await audit(db, { username: 'clerk', role: 'bureau', action: 'unmask', admdvs: '500243', psnNo: 'P1', target: 'certno', detail: { reason: '核实身份' } });
    await audit(db, { username: 'admin', role: 'admin', action: 'person-read', admdvs: '500243', psnNo: 'P2' });
    await audit(db, { username: null, action: 'login-failed', detail: { reason: 'bad-credentials' } });
    const p1 = await auditTrail(db, { psnNo: 'P1', limit: 10 });
    expect(p1.map((r) => r.action)).toEqual(['unmask', 'person-read']);
    expect(p1[0]).toMatchObject({ username: 'clerk', role: 'bureau', admdvs: '500243', psnNo: 'P1', target: 'certno', detail: { reason: '核实身份' }, ip: null });
    expect(p1[0]?.at).toBeInstanceOf(Date);
    expect(p1[1]).toMatchObject({ ip: '10.0.0.1', detail: null });
    expect((await auditTrail(db, { username: 'clerk', limit: 1 })).map((r) => r.action)).toEqual(['unmask']);
    expect((await auditTrail(db, { action: 'person-read', limit: 10 })).map((r) => r.psnNo)).toEqual(['P2', 'P1']);
    const all = await auditTrail(db, { limit: 100 });
    expect(all).toHaveLength(4);
    const older = await auditTrail(db, { before: all[1]?.auditId, limit: 100 });
    expect(older.map((r) => r.auditId)).toEqual(all.slice(2).map((r) => r.auditId));
  });
});

describeEachEngine('the first admin with a generated password', (getDb) => {
  it('generates a password, returns it once, and it logs in', async () => {
    const db = getDb();
    await migrate(db);
    const first = await ensureFirstAdmin(db, { SANCHONG_ADMIN_PASSWORD: '' }, FAST);
    expect(first.created).toBe(true);
    const password = first.generatedPassword ?? '';
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(await checkCredentials(db, 'admin', password)).toMatchObject({ role: 'admin' });
    expect(await ensureFirstAdmin(db, {}, FAST)).toEqual({ created: false, username: 'admin' });
  });
});
