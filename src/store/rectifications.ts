/**
 * The rectification ledger (整改台账, CASE-4, docs/cases.md §6): problems found (问题), the measures
 * (整改措施), who is responsible (责任单位/人), the deadline (整改时限) and the status
 *
 *   open (整改中) ─rectify (with the result)→ rectified (已整改) ─close→ closed (已销号)
 *                      ↑──────────────── reopen (退回) ───────────┘
 *
 * with progress notes at any open step; overdue = still open after the deadline. A problem may
 * concern one township (its users see and report on it) or the county as a whole (bureau only).
 */
import { CaseError } from '../cases/workflow.js';
import type { RegionPolicy } from '../policy/regions.js';
import type { Actor } from './alerts.js';
import { audit } from './audit.js';
import type { Db } from './db.js';
import { Conditions } from './sql.js';

export const RECT_STATUSES = ['open', 'rectified', 'closed'] as const;
export type RectStatus = (typeof RECT_STATUSES)[number];
export const RECT_STATUS_ZH: Readonly<Record<RectStatus, string>> = { open: '整改中', rectified: '已整改', closed: '已销号' };
export type RectAction = 'create' | 'progress' | 'rectify' | 'reopen' | 'close';
const ACTION_ZH: Readonly<Record<RectAction, string>> = { create: '登记', progress: '报告进展', rectify: '报告整改完成', reopen: '退回重新整改', close: '销号' };

export interface RectRow {
  rect_id: number;
  admdvs: string;
  town_admdvs: string | null;
  problem: string;
  found_in: string | null;
  measures: string;
  owner: string;
  deadline: string;
  status: RectStatus;
  result: string | null;
  clause: string | null;
  created_at: Date;
  created_by: string;
  rectified_at: Date | null;
  closed_at: Date | null;
  /** Open after the deadline (as of the query's day). */
  overdue: boolean;
}

export interface RectEvent {
  event_id: number;
  action: RectAction;
  from_status: string | null;
  to_status: string;
  username: string;
  role: string | null;
  at: Date;
  note: string | null;
}

/** Whether the user may see the item: a township user only its township's (by code prefix). */
export type CanSeeRect = (r: Pick<RectRow, 'admdvs' | 'town_admdvs'>) => boolean;

/**
 * Whether a user limited to `scope` (an area prefix, as scopeOf gives it; null = everything, '' =
 * nothing) may see the item: a township prefix sees the items of townships under it, a 6-digit
 * prefix the whole county (its own items too). Pure; the API and the CLI check with it.
 */
export function canSeeRect(scope: string | null, r: Pick<RectRow, 'admdvs' | 'town_admdvs'>): boolean {
  return scope === null || (scope !== '' && ((r.town_admdvs !== null && r.town_admdvs.startsWith(scope)) || (scope.length === 6 && r.admdvs === scope)));
}

/** The clause a region's packs cite for the ledger (`cases.rectification`, the first that does) as 'doc §clause'; undefined when none does. */
export function rectificationClause(region: Pick<RegionPolicy, 'packs'>): string | undefined {
  const cite = region.packs.map((p) => p.cases?.rectification).find((c) => c !== undefined);
  return cite === undefined ? undefined : `${cite.doc} §${cite.clause}`;
}

const SELECT = (today: string) => `SELECT rect_id, admdvs, town_admdvs, problem, found_in, measures, owner, to_char(deadline, 'YYYY-MM-DD') AS deadline, status, result, clause,
  created_at, created_by, rectified_at, closed_at, (status = 'open' AND deadline < '${today}'::date) AS overdue FROM rectifications`;

const FROM: Readonly<Record<Exclude<RectAction, 'create'>, readonly RectStatus[]>> = {
  progress: ['open'],
  rectify: ['open'],
  reopen: ['rectified'],
  close: ['rectified'],
};
const TO: Readonly<Record<Exclude<RectAction, 'create' | 'progress'>, RectStatus>> = { rectify: 'rectified', reopen: 'open', close: 'closed' };

/** The status an action leads to, or a refusal naming the status it needs (pure). */
export function rectStep(id: number, status: RectStatus, action: Exclude<RectAction, 'create'>): RectStatus {
  if (!FROM[action].includes(status)) {
    const need = FROM[action].map((s) => `「${RECT_STATUS_ZH[s]}」`).join('或');
    throw new CaseError(
      'conflict',
      'illegal-transition',
      `整改事项 ${id} 当前为「${RECT_STATUS_ZH[status]}」，不能${ACTION_ZH[action]}；只有${need}的事项可以`,
      `rectification ${id} is ${status}: it cannot ${action}; only one that is ${FROM[action].join(' or ')} can`,
    );
  }
  return action === 'progress' ? status : TO[action];
}

export interface RectQuery {
  readonly status?: RectStatus | undefined;
  readonly overdue?: boolean | undefined;
  readonly town?: string | undefined;
  /** A township user's prefix: only items of townships under it. Undefined: everything. */
  readonly scope?: string | undefined;
  readonly today: string;
  readonly limit: number;
  readonly offset: number;
}

const day = (s: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new Error(`not a date: ${s}`);
  return s;
};

export async function listRects(db: Db, q: RectQuery): Promise<RectRow[]> {
  const c = new Conditions();
  if (q.status !== undefined) c.add('status = ?', q.status);
  if (q.overdue !== undefined) c.addEach(`(status = 'open' AND deadline < ?::date) = ?::boolean`, [q.today, q.overdue]);
  if (q.town !== undefined) c.add('starts_with(town_admdvs, ?::text)', q.town);
  // a 6-digit prefix is a whole county: its own items too
  if (q.scope !== undefined) c.add(q.scope.length === 6 ? '(admdvs = ?::text OR starts_with(town_admdvs, ?::text))' : 'starts_with(town_admdvs, ?::text)', q.scope);
  const page = c.page(q.limit, q.offset);
  return db.query<RectRow>(`${SELECT(day(q.today))} ${c.whereSql} ORDER BY deadline, rect_id ${page}`, c.params);
}

export async function getRect(db: Db, id: number, today: string, lock = false): Promise<RectRow | undefined> {
  const [r] = await db.query<RectRow>(`${SELECT(day(today))} WHERE rect_id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return r;
}

export async function rectEvents(db: Db, id: number): Promise<RectEvent[]> {
  return db.query<RectEvent>('SELECT event_id, action, from_status, to_status, username, role, at, note FROM rectification_events WHERE rect_id = $1 ORDER BY event_id', [id]);
}

export interface NewRect {
  readonly admdvs: string;
  readonly town?: string | undefined;
  readonly problem: string;
  readonly foundIn?: string | undefined;
  readonly measures: string;
  readonly owner: string;
  readonly deadline: string;
  /** The clause asking for the ledger (the pack's `cases.rectification`), when the region's pack has one. */
  readonly clause?: string | undefined;
}

async function event(tx: Db, r: Pick<RectRow, 'rect_id' | 'admdvs'>, actor: Actor, action: RectAction, from: string | null, to: string, note: string | undefined): Promise<void> {
  await tx.query('INSERT INTO rectification_events (rect_id, admdvs, action, from_status, to_status, username, role, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    r.rect_id, r.admdvs, action, from, to, actor.username, actor.role, note ?? null,
  ]);
  await audit(tx, { username: actor.username, role: actor.role, action: `rectification-${action}`, admdvs: r.admdvs, target: `rectification ${r.rect_id}`, detail: { from, to }, ip: actor.ip });
}

export async function createRect(db: Db, n: NewRect, actor: Actor, today: string): Promise<RectRow> {
  if (n.town !== undefined && !n.town.startsWith(n.admdvs)) {
    throw new CaseError('invalid', 'town-outside', `乡镇代码 ${n.town} 不属于统筹区 ${n.admdvs}`, `township ${n.town} is not in region ${n.admdvs}`);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ rect_id: number }>(
      `INSERT INTO rectifications (admdvs, town_admdvs, problem, found_in, measures, owner, deadline, clause, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7::date, $8, $9) RETURNING rect_id`,
      [n.admdvs, n.town ?? null, n.problem, n.foundIn ?? null, n.measures, n.owner, n.deadline, n.clause ?? null, actor.username],
    );
    if (row === undefined) throw new Error('rectifications: no id returned');
    await event(tx, { rect_id: row.rect_id, admdvs: n.admdvs }, actor, 'create', null, 'open', n.problem);
    return (await getRect(tx, row.rect_id, today)) as RectRow;
  });
}

/**
 * A step on an item: progress (a note), rectify (the result, required), reopen, close. A township
 * user may report progress and rectification of its own township's items only; reopening and
 * closing are the bureau's (the route's roles).
 */
export async function actOnRect(db: Db, id: number, action: Exclude<RectAction, 'create'>, note: string | undefined, actor: Actor, canSee: CanSeeRect, today: string): Promise<RectRow> {
  return db.transaction(async (tx) => {
    const r = await getRect(tx, id, today, true);
    if (r === undefined || !canSee(r)) throw new CaseError('not-found', 'not-found', `未找到整改事项 ${id}`, `rectification ${id} not found`);
    const to = rectStep(id, r.status, action);
    if ((action === 'rectify' || action === 'progress') && (note === undefined || note.trim() === '')) {
      throw new CaseError('invalid', 'note-required', action === 'rectify' ? '须说明整改结果' : '须说明进展', action === 'rectify' ? 'the result is required' : 'a progress note is required');
    }
    if (action === 'rectify') await tx.query(`UPDATE rectifications SET status = 'rectified', result = $2, rectified_at = now() WHERE rect_id = $1`, [id, note]);
    else if (action === 'reopen') await tx.query(`UPDATE rectifications SET status = 'open', rectified_at = NULL WHERE rect_id = $1`, [id]);
    else if (action === 'close') await tx.query(`UPDATE rectifications SET status = 'closed', closed_at = now() WHERE rect_id = $1`, [id]);
    await event(tx, r, actor, action, r.status, to, note);
    return (await getRect(tx, id, today)) as RectRow;
  });
}
