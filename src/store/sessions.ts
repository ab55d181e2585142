import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.js';
import type { Role } from './users.js';

/**
 * Login sessions (会话). The cookie carries a random 32-byte token (base64url); the store keeps only
 * its sha256, so a copy of the database opens no session. A session lasts 12 hours from login
 * (not sliding); a disabled user's sessions open nothing, and disabling a user or changing the
 * password deletes them (users.ts).
 */
export const SESSION_HOURS = 12;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Who a session belongs to, as the server's routes see it. */
export interface SessionUser {
  readonly userId: number;
  readonly username: string;
  readonly role: Role;
  /** A township user's area (administrative-code prefix); null for the other roles. */
  readonly admdvs: string | null;
  readonly canUnmask: boolean;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  readonly token: string;
  readonly expiresAt: Date;
}

export async function createSession(db: Db, userId: number, now: Date = new Date()): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await db.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [tokenHash(token), userId, now, expiresAt]);
  return { token, expiresAt };
}

/** The user of a live session: the token known, not expired, the user not disabled. */
export async function findSession(db: Db, token: string, now: Date = new Date()): Promise<SessionUser | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const rows = await db.query<{ user_id: number; username: string; role: Role; admdvs: string | null; can_unmask: boolean }>(
    `SELECT u.user_id, u.username, u.role, u.admdvs, u.can_unmask
       FROM sessions s JOIN users u USING (user_id)
      WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT u.disabled`,
    [tokenHash(token), now],
  );
  const r = rows[0];
  return r === undefined ? undefined : { userId: r.user_id, username: r.username, role: r.role, admdvs: r.admdvs, canUnmask: r.can_unmask };
}

/** Ends a session (logout); nothing for an unknown token. */
export async function deleteSession(db: Db, token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash(token)]);
}

/** Deletes expired sessions; the number deleted. */
export async function purgeExpiredSessions(db: Db, now: Date = new Date()): Promise<number> {
  const rows = await db.query<{ token_hash: string }>('DELETE FROM sessions WHERE expires_at <= $1 RETURNING token_hash', [now]);
  return rows.length;
}
