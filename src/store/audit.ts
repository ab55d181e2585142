import type { Db } from './db.js';
import { Conditions } from './sql.js';

/**
 * The audit log (审计日志): who did or read what, when. Append only — this module has no update
 * or delete. Every read of a person's record, every unmasked ID number, logins (and refused
 * ones), logouts, user changes, imports and settlements are written here by the routes that do
 * them. See docs/access.md.
 */
export interface AuditEntry {
  /** Who (the attempted user name for a failed login); null when nobody is logged in. */
  readonly username: string | null;
  readonly role?: string | null | undefined;
  /** What: 'login', 'login-failed', 'logout', 'person-read', 'unmask', 'user-create' … */
  readonly action: string;
  /** The pooling region of the person concerned (6 digits), when there is one. */
  readonly admdvs?: string | null | undefined;
  readonly psnNo?: string | null | undefined;
  /** What else was acted on: a user name, a setl_id, a batch id, a field. */
  readonly target?: string | null | undefined;
  /** Anything more, as JSON (never a password or a full ID number). */
  readonly detail?: unknown;
  readonly ip?: string | null | undefined;
}

export interface AuditRecord {
  readonly auditId: number;
  readonly at: Date;
  readonly username: string | null;
  readonly role: string | null;
  readonly action: string;
  readonly admdvs: string | null;
  readonly psnNo: string | null;
  readonly target: string | null;
  readonly detail: unknown;
  readonly ip: string | null;
}

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (username, role, action, admdvs, psn_no, target, detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8)', [
    e.username,
    e.role ?? null,
    e.action,
    e.admdvs ?? null,
    e.psnNo ?? null,
    e.target ?? null,
    e.detail === undefined ? null : JSON.stringify(e.detail),
    e.ip ?? null,
  ]);
}

export interface TrailQuery {
  readonly psnNo?: string | undefined;
  readonly username?: string | undefined;
  readonly action?: string | undefined;
  /** Only entries older than this id (to page back). */
  readonly before?: number | undefined;
  /** At most this many, newest first (capped at 1000). */
  readonly limit: number;
}

/** Audit entries, newest first, filtered by person, user and action. */
export async function auditTrail(db: Db, q: TrailQuery): Promise<AuditRecord[]> {
  const c = new Conditions();
  if (q.psnNo !== undefined) c.add('psn_no = ?', q.psnNo);
  if (q.username !== undefined) c.add('username = ?', q.username);
  if (q.action !== undefined) c.add('action = ?', q.action);
  if (q.before !== undefined) c.add('audit_id < ?', q.before);
  const limit = c.page(Math.max(0, Math.min(1000, Math.floor(q.limit))));
  const rows = await db.query<{ audit_id: number; at: Date; username: string | null; role: string | null; action: string; admdvs: string | null; psn_no: string | null; target: string | null; detail: unknown; ip: string | null }>(
    `SELECT audit_id, at, username, role, action, admdvs, psn_no, target, detail, ip FROM audit_log
     ${c.whereSql} ORDER BY audit_id DESC ${limit}`,
    c.params,
  );
  return rows.map((r) => ({ auditId: r.audit_id, at: r.at, username: r.username, role: r.role, action: r.action, admdvs: r.admdvs, psnNo: r.psn_no, target: r.target, detail: r.detail, ip: r.ip }));
}
