import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.js';

/**
 * Users (用户) of the bureau's service: admin (管理员), bureau (医保局), township (乡镇, limited to
 * the persons under its administrative-code prefix) and viewer (只读). Passwords are stored as
 * scrypt hashes in a self-describing string `scrypt$N$r$p$salt$hash` (salt and hash base64url), so
 * the cost can be raised later without invalidating stored passwords. See docs/access.md.
 */
export const ROLES = ['admin', 'bureau', 'township', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const USERNAME = /^[A-Za-z0-9_.@-]{1,64}$/;
export const ADMDVS_PREFIX = /^(\d{6}|\d{9}|\d{12})$/;
export const MIN_PASSWORD = 10;
/** Longer passwords are refused: scrypt would take them, but nobody types 256 characters. */
export const MAX_PASSWORD = 256;

export interface User {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  readonly admdvs: string | null;
  readonly canUnmask: boolean;
  readonly disabled: boolean;
  readonly createdBy: string | null;
  readonly createdAt: Date;
}

/** A refused user operation: `code` for the API, `message` in Chinese and English. */
export class UserError extends Error {
  constructor(
    readonly code: 'invalid' | 'taken' | 'not-found' | 'last-admin',
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

// ---------------------------------------------------------------------------------------------
// Passwords

export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

/** 2^15 × 8 × 1: 32 MiB and about 90 ms per hash on the bureau's 2-core machine. */
export const SCRYPT_DEFAULT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, keyLength: number, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) => {
      if (err !== null) reject(err);
      else resolve(key);
    });
  });
}

/** `scrypt$N$r$p$salt$hash` with a random 16-byte salt. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/** Whether `password` matches a stored hash (constant-time comparison); false for a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = STORED.exec(stored);
  if (m === null) return false;
  const [, n, r, p, salt, hash] = m as unknown as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // A stored string is ours, but never let a damaged one ask for gigabytes.
  if (params.N < 2 || params.N > 2 ** 20 || (params.N & (params.N - 1)) !== 0 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return false;
  const expected = Buffer.from(hash, 'base64url');
  if (expected.length < 16) return false;
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, params);
  return timingSafeEqual(key, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification against a hash of nothing: a login for an unknown or
 * disabled user takes as long as one with a wrong password, so the answer's timing does not say
 * which user names exist.
 */
export async function spendVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(18).toString('base64url'));
  await verifyPassword(password, await dummyHash);
}

// ---------------------------------------------------------------------------------------------
// Validation

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) {
    throw new UserError('invalid', `用户名只能包含字母、数字和 _ . @ -，长度 1–64 / the user name must be 1–64 letters, digits or _ . @ -: '${username.slice(0, 80)}'`);
  }
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD) throw new UserError('invalid', `密码至少 ${MIN_PASSWORD} 个字符 / the password must have at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw new UserError('invalid', `密码最多 ${MAX_PASSWORD} 个字符 / the password must have at most ${MAX_PASSWORD} characters`);
}

function checkRole(role: string): asserts role is Role {
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new UserError('invalid', `角色必须是 ${ROLES.join('、')} 之一 / the role must be one of ${ROLES.join(', ')}: '${role.slice(0, 40)}'`);
  }
}

/** A township user needs its area; for the other roles an area is refused (they see every person). */
function checkScope(role: Role, admdvs: string | null): void {
  if (admdvs !== null && !ADMDVS_PREFIX.test(admdvs)) {
    throw new UserError('invalid', `区划代码必须是 6、9 或 12 位数字 / admdvs must be 6, 9 or 12 digits: '${admdvs.slice(0, 40)}'`);
  }
  if (role === 'township' && admdvs === null) {
    throw new UserError('invalid', '乡镇用户必须指定区划代码（6、9 或 12 位） / a township user needs admdvs (6, 9 or 12 digits)');
  }
  if (role !== 'township' && admdvs !== null) {
    throw new UserError('invalid', `只有乡镇用户限定区划，${role} 用户不能指定区划代码 / only a township user is limited to an admdvs; a ${role} user cannot have one`);
  }
}

// ---------------------------------------------------------------------------------------------
// Users

interface UserRow {
  user_id: number;
  username: string;
  role: Role;
  admdvs: string | null;
  can_unmask: boolean;
  disabled: boolean;
  created_by: string | null;
  created_at: Date;
}

const COLUMNS = 'user_id, username, role, admdvs, can_unmask, disabled, created_by, created_at';

function toUser(r: UserRow): User {
  return { userId: r.user_id, username: r.username, role: r.role, admdvs: r.admdvs, canUnmask: r.can_unmask, disabled: r.disabled, createdBy: r.created_by, createdAt: r.created_at };
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  /** A township user's area (6, 9 or 12 digits); none for the other roles. */
  readonly admdvs?: string | null | undefined;
  readonly canUnmask?: boolean | undefined;
  /** Who created it (a user name, or 'system' for the first admin). */
  readonly createdBy: string;
}

/** Creates a user; UserError 'invalid' for a bad field, 'taken' for a user name in use. */
export async function createUser(db: Db, u: NewUser, params: ScryptParams = SCRYPT_DEFAULT): Promise<User> {
  checkUsername(u.username);
  checkRole(u.role);
  const admdvs = u.admdvs ?? null;
  checkScope(u.role, admdvs);
  checkPassword(u.password);
  const hash = await hashPassword(u.password, params);
  const rows = await db.query<UserRow>(
    `INSERT INTO users (username, password_hash, role, admdvs, can_unmask, created_by) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
    [u.username, hash, u.role, admdvs, u.canUnmask ?? false, u.createdBy],
  );
  const row = rows[0];
  if (row === undefined) throw new UserError('taken', `用户名 ${u.username} 已被使用 / the user name ${u.username} is taken`);
  return toUser(row);
}

export async function findUser(db: Db, username: string): Promise<User | undefined> {
  const rows = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
  const row = rows[0];
  return row === undefined ? undefined : toUser(row);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY username`)).map(toUser);
}

/**
 * The user whose name and password match, enabled; undefined otherwise. Spends one scrypt
 * verification whether or not the user exists.
 */
export async function checkCredentials(db: Db, username: string, password: string): Promise<User | undefined> {
  const rows = await db.query<UserRow & { password_hash: string }>(`SELECT ${COLUMNS}, password_hash FROM users WHERE username = $1`, [username]);
  const row = rows[0];
  if (row === undefined) {
    await spendVerification(password);
    return undefined;
  }
  const ok = await verifyPassword(password, row.password_hash);
  return ok && !row.disabled ? toUser(row) : undefined;
}

/** Any fixed number (migrate.ts uses 7_240_001). */
const USERS_LOCK = 7_240_002;

export interface UserChanges {
  readonly role?: Role | undefined;
  /** null removes the area (only for a role other than township). */
  readonly admdvs?: string | null | undefined;
  readonly canUnmask?: boolean | undefined;
  readonly disabled?: boolean | undefined;
  readonly password?: string | undefined;
}

/**
 * Changes a user. Changing the role away from township clears its area unless one is given; a
 * disabled user or a new password ends the user's sessions. Refuses ('last-admin') to leave no
 * enabled admin. UserError 'not-found' for an unknown user name.
 */
export async function updateUser(db: Db, username: string, changes: UserChanges, params: ScryptParams = SCRYPT_DEFAULT): Promise<User> {
  if (changes.role !== undefined) checkRole(changes.role);
  if (changes.password !== undefined) checkPassword(changes.password);
  const hash = changes.password === undefined ? undefined : await hashPassword(changes.password, params);
  return db.transaction(async (tx) => {
    // One user change at a time: two requests cannot each remove one of the last two admins.
    await tx.query('SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked', [USERS_LOCK]);
    const rows = await tx.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
    const before = rows[0];
    if (before === undefined) throw new UserError('not-found', `没有用户 ${username} / no user ${username}`);
    const role = changes.role ?? before.role;
    const admdvs = changes.admdvs !== undefined ? changes.admdvs : role === 'township' ? before.admdvs : null;
    checkScope(role, admdvs);
    const disabled = changes.disabled ?? before.disabled;
    const canUnmask = changes.canUnmask ?? before.can_unmask;
    if (before.role === 'admin' && !before.disabled && (role !== 'admin' || disabled)) {
      const others = await tx.query<{ n: number }>("SELECT count(*)::bigint AS n FROM users WHERE role = 'admin' AND NOT disabled AND user_id <> $1", [before.user_id]);
      if ((others[0]?.n ?? 0) === 0) {
        throw new UserError('last-admin', '不能停用或降级最后一个管理员 / the last enabled admin cannot be disabled or given another role');
      }
    }
    const updated = await tx.query<UserRow>(
      `UPDATE users SET role = $2, admdvs = $3, can_unmask = $4, disabled = $5, password_hash = coalesce($6, password_hash)
       WHERE user_id = $1 RETURNING ${COLUMNS}`,
      [before.user_id, role, admdvs, canUnmask, disabled, hash ?? null],
    );
    if (disabled || hash !== undefined) await tx.query('DELETE FROM sessions WHERE user_id = $1', [before.user_id]);
    const row = updated[0];
    if (row === undefined) throw new Error(`user ${username} vanished during its update`);
    return toUser(row);
  });
}

export interface FirstAdmin {
  /** Whether the admin was created now (the users table was empty). */
  readonly created: boolean;
  readonly username: string;
  /**
   * The generated password, when `SANCHONG_ADMIN_PASSWORD` was not set: the caller prints it once.
   * Absent otherwise: a password given in the environment is never echoed.
   */
  readonly generatedPassword?: string;
}

/**
 * At first start (no user at all), creates the admin `admin` with `SANCHONG_ADMIN_PASSWORD`, or
 * with a random password returned for the caller to print once. Does nothing when any user
 * exists. Two processes starting together create one admin.
 */
export async function ensureFirstAdmin(db: Db, env: Readonly<Record<string, string | undefined>> = process.env, params: ScryptParams = SCRYPT_DEFAULT): Promise<FirstAdmin> {
  const username = 'admin';
  const any = await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM (SELECT 1 FROM users LIMIT 1) AS u');
  if ((any[0]?.n ?? 0) > 0) return { created: false, username };
  const given = env['SANCHONG_ADMIN_PASSWORD'];
  const generated = given === undefined || given === '' ? randomBytes(15).toString('base64url') : undefined;
  const password = generated ?? given ?? '';
  try {
    checkPassword(password);
  } catch (e) {
    if (e instanceof UserError) throw new UserError('invalid', `SANCHONG_ADMIN_PASSWORD: ${e.message}`);
    throw e;
  }
  const hash = await hashPassword(password, params);
  const rows = await db.query<{ user_id: number }>(
    `INSERT INTO users (username, password_hash, role, created_by)
     SELECT $1, $2, 'admin', 'system' WHERE NOT EXISTS (SELECT 1 FROM users)
     ON CONFLICT (username) DO NOTHING RETURNING user_id`,
    [username, hash],
  );
  if (rows.length === 0) return { created: false, username };
  return generated === undefined ? { created: true, username } : { created: true, username, generatedPassword: generated };
}
