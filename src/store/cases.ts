/**
 * Cases in the store (issue 5 item 4, docs/cases.md): 一事一议, 依申请救助 and 一件事 opened for a
 * person-year under the pack's kind, reviewed, approved level by level, decided (the amount booked
 * into the person's ledger, src/store/case-money.ts), revoked, closed, supervised — each step one
 * transaction with its event (case_events) and its audit line. The rules of the steps are pure
 * (src/cases); the HTTP routes (src/server/routes/cases.ts) and the CLI are thin over this.
 */
import type { Decision } from '../cases/decision.js';
import { checkDecision } from '../cases/decision.js';
import type { CompiledCaseKind } from '../cases/kinds.js';
import { caseVersion, checkEligible, findCaseKind } from '../cases/kinds.js';
import type { CaseAction, CaseStatus, Step } from '../cases/workflow.js';
import { CaseError, step } from '../cases/workflow.js';
import type { CompiledPack } from '../policy/compile.js';
import type { RegionPolicies, RegionPolicy } from '../policy/regions.js';
import type { IsoDate } from '../time/date.js';
import type { Actor } from './alerts.js';
import { audit } from './audit.js';
import { bookCaseLines, caseNetLines, otherCasesPay, personYearTotals } from './case-money.js';
import type { Db } from './db.js';
import { loadPersons } from './ledger.js';
import type { StoredPerson } from './ledger.js';
import type { PersonListQuery } from './sql.js';
import { Conditions, insertMany, PERSON_TOWN } from './sql.js';

export interface CaseRow {
  case_id: number;
  admdvs: string;
  psn_no: string;
  psn_name: string | null;
  certno: string | null;
  town_admdvs: string | null;
  village_admdvs: string | null;
  kind_id: string;
  case_type: string;
  title: string;
  year: number;
  category: string | null;
  alert_id: number | null;
  reason: string;
  requested: number | null;
  levels: string;
  approved_levels: number;
  cap_measure: string | null;
  cap_amount: number | null;
  decided: number | null;
  status: CaseStatus;
  closed_from: string | null;
  clause: string;
  pack_id: string;
  pack_version: string;
  illustrative: boolean;
  opened_at: Date;
  opened_by: string;
  updated_at: Date;
}

export interface CaseEvent {
  event_id: number;
  action: CaseAction;
  from_status: string | null;
  to_status: string;
  level: string | null;
  amount: number | null;
  username: string;
  role: string | null;
  at: Date;
  note: string | null;
}

export interface CaseLine {
  line_id: number;
  case_id: number;
  kind_id: string;
  year: number;
  source: string;
  amount: number;
  cause: string;
  clause: string;
  booked_at: Date;
  booked_by: string;
}

const CASE_SELECT = `SELECT c.case_id, c.admdvs, c.psn_no, p.psn_name, p.certno, p.town_admdvs, p.village_admdvs, c.kind_id, c.case_type, c.title, c.year, c.category,
  c.alert_id, c.reason, c.requested, c.levels, c.approved_levels, c.cap_measure, c.cap_amount, c.decided, c.status, c.closed_from, c.clause, c.pack_id,
  c.pack_version, c.illustrative, c.opened_at, c.opened_by, c.updated_at
  FROM cases c JOIN persons p ON p.psn_no = c.psn_no`;

/** Today in Beijing time (every region the packs cover keeps it), as the service dates an application. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now) as IsoDate;
}

/** Whether the acting user may see the case's person (a township user: its area only). */
export type CanSeeCase = (c: Pick<CaseRow, 'admdvs' | 'town_admdvs' | 'village_admdvs'>) => boolean;

const levelsOf = (c: Pick<CaseRow, 'levels'>): string[] => (c.levels === '' ? [] : c.levels.split(','));

// reading ---------------------------------------------------------------------------------------

export async function getCase(db: Db, id: number, lock = false): Promise<CaseRow | undefined> {
  const [c] = await db.query<CaseRow>(`${CASE_SELECT} WHERE c.case_id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [id]);
  return c;
}

export interface CaseQuery extends PersonListQuery {
  readonly status?: CaseStatus | undefined;
  readonly kind?: string | undefined;
  readonly year?: number | undefined;
  readonly psnNo?: string | undefined;
}

export async function listCases(db: Db, q: CaseQuery): Promise<CaseRow[]> {
  const w = new Conditions();
  if (q.status !== undefined) w.add('c.status = ?', q.status);
  if (q.kind !== undefined) w.add('c.kind_id = ?', q.kind);
  if (q.year !== undefined) w.add('c.year = ?::smallint', q.year);
  if (q.psnNo !== undefined) w.add('c.psn_no = ?', q.psnNo);
  if (q.town !== undefined) w.add(PERSON_TOWN, q.town);
  w.addScope(q.scope);
  const page = w.page(q.limit, q.offset);
  return db.query<CaseRow>(`${CASE_SELECT} ${w.whereSql} ORDER BY c.case_id ${page}`, w.params);
}

export async function caseEvents(db: Db, id: number): Promise<CaseEvent[]> {
  return db.query<CaseEvent>(
    'SELECT event_id, action, from_status, to_status, level, amount, username, role, at, note FROM case_events WHERE case_id = $1 ORDER BY event_id',
    [id],
  );
}

/** The ledger lines of some cases (or of a person-year), in booking order. */
export async function caseLines(db: Db, where: { caseId: number } | { psnNo: string; year: number }): Promise<CaseLine[]> {
  const [sql, params] = 'caseId' in where ? ['case_id = $1', [where.caseId]] : ['psn_no = $1 AND year = $2::smallint', [where.psnNo, where.year]];
  return db.query<CaseLine>(
    `SELECT line_id, case_id, kind_id, year, source, amount, cause, clause, booked_at, booked_by FROM case_payments WHERE ${sql} ORDER BY line_id`,
    params,
  );
}

const AUDIT_COLS = [['username', 'text'], ['role', 'text'], ['action', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['target', 'text'], ['ip', 'text']] as const;

/** One audit line per case read ('case-read', target 'case <id>'). */
export async function auditCaseReads(db: Db, actor: Actor, cases: readonly CaseRow[]): Promise<void> {
  await insertMany(db, 'audit_log', AUDIT_COLS, cases.map((c) => [actor.username, actor.role, 'case-read', c.admdvs, c.psn_no, `case ${c.case_id}`, actor.ip ?? null]));
}

// opening ---------------------------------------------------------------------------------------

export interface OpenCaseRequest {
  readonly psnNo: string;
  readonly kindId: string;
  readonly year: number;
  /** 申请事由. */
  readonly reason: string;
  /** 申请金额, fen. */
  readonly requested?: number | undefined;
  /** The alert the case follows (required for a kind opened from a rule's alerts, found when not given). */
  readonly alertId?: number | undefined;
}

function notFound(what: string, id: string | number): never {
  throw new CaseError('not-found', 'not-found', `未找到${what} ${id}`, `${what === '人员' ? 'person' : what === '预警' ? 'alert' : 'case'} ${id} not found`);
}

interface Context {
  readonly person: StoredPerson;
  readonly region: RegionPolicy;
  readonly version: CompiledPack;
  readonly kind: CompiledCaseKind;
}

function contextOf(person: StoredPerson | undefined, psnNo: string, year: number, kindId: string, today: IsoDate): Context {
  if (person === undefined) notFound('人员', psnNo);
  const region = person.region;
  if (region === undefined) {
    throw new CaseError('invalid', 'no-pack', `人员 ${psnNo} 所在统筹区 ${person.admdvs} 没有运行中的政策包`, `no pack runs for the region ${person.admdvs} of person ${psnNo}`);
  }
  const version = caseVersion(region.policy, year, today);
  if (version === undefined) {
    const first = region.policy.versions[0];
    throw new CaseError(
      'invalid',
      'before-pack',
      `${year} 年早于政策包 ${region.id} 的生效日期 ${first?.from ?? ''}`,
      `${year} is before pack ${region.id} takes effect (${first?.from ?? ''})`,
    );
  }
  return { person, region, version, kind: findCaseKind(version, kindId) };
}

async function linkedAlert(tx: Db, kind: CompiledCaseKind, req: OpenCaseRequest): Promise<number | null> {
  if (req.alertId !== undefined) {
    const [a] = await tx.query<{ psn_no: string; year: number; rule_id: string; status: string }>('SELECT psn_no, year, rule_id, status FROM alerts WHERE alert_id = $1', [req.alertId]);
    if (a === undefined || a.psn_no !== req.psnNo) notFound('预警', req.alertId);
    if (a.year !== req.year) {
      throw new CaseError('invalid', 'alert-mismatch', `预警 ${req.alertId} 属于 ${a.year} 年，不是 ${req.year} 年`, `alert ${req.alertId} is of ${a.year}, not ${req.year}`);
    }
    if (kind.alertRule !== undefined && a.rule_id !== kind.alertRule) {
      throw new CaseError('invalid', 'alert-mismatch', `${kind.id} 由规则 ${kind.alertRule} 的预警启动，预警 ${req.alertId} 是 ${a.rule_id}`, `${kind.id} follows alerts of ${kind.alertRule}; alert ${req.alertId} is ${a.rule_id}`);
    }
    return req.alertId;
  }
  if (kind.alertRule === undefined) return null;
  const [a] = await tx.query<{ alert_id: number }>('SELECT alert_id FROM alerts WHERE psn_no = $1 AND year = $2::smallint AND rule_id = $3 ORDER BY alert_id DESC LIMIT 1', [
    req.psnNo, req.year, kind.alertRule,
  ]);
  if (a === undefined) {
    throw new CaseError(
      'invalid',
      'no-alert',
      `${kind.id}（${kind.title}）由规则 ${kind.alertRule} 的预警启动：该人员 ${req.year} 年没有这样的预警（${kind.clause}）`,
      `${kind.id} (${kind.title}) follows an alert of ${kind.alertRule}: the person has none in ${req.year} (${kind.clause})`,
    );
  }
  return a.alert_id;
}

async function addEvent(tx: Db, c: Pick<CaseRow, 'case_id' | 'admdvs' | 'psn_no'>, actor: Actor, e: { action: CaseAction; from: string | null; to: string; level?: string | undefined; amount?: number | undefined; note?: string | null | undefined }): Promise<void> {
  await tx.query(
    `INSERT INTO case_events (case_id, admdvs, psn_no, action, from_status, to_status, level, amount, username, role, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [c.case_id, c.admdvs, c.psn_no, e.action, e.from, e.to, e.level ?? null, e.amount ?? null, actor.username, actor.role, e.note ?? null],
  );
}

/**
 * Opens a case (受理): the person exists and is visible to the user, the pack in force has the
 * kind with every value it needs set, the person holds one of its categories in the year (up to
 * today), the alert (if any) is theirs and of the kind's rule, and no case of the kind is open for
 * the person-year. The pack's approval levels are stored with the case.
 */
export async function openCase(db: Db, policies: RegionPolicies, req: OpenCaseRequest, actor: Actor, canSee: CanSeeCase, today: IsoDate = todayInChina()): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ admdvs: string; town_admdvs: string | null; village_admdvs: string | null }>(
      'SELECT admdvs, town_admdvs, village_admdvs FROM persons WHERE psn_no = $1 FOR UPDATE',
      [req.psnNo],
    );
    if (row === undefined || !canSee(row)) notFound('人员', req.psnNo);
    if (req.year > Number(today.slice(0, 4))) {
      throw new CaseError('invalid', 'future-year', `${req.year} 年尚未到来`, `${req.year} is in the future`);
    }
    const person = (await loadPersons(tx, policies, [req.psnNo])).get(req.psnNo);
    const { version, kind } = contextOf(person, req.psnNo, req.year, req.kindId, today);
    const until = (`${req.year}-12-31` < today ? `${req.year}-12-31` : today) as IsoDate;
    const category = checkEligible(kind, person?.facts.identities ?? [], version, req.year, until);
    const alertId = await linkedAlert(tx, kind, req);
    const [open] = await tx.query<{ case_id: number }>(
      `SELECT case_id FROM cases WHERE psn_no = $1 AND kind_id = $2 AND year = $3::smallint AND status NOT IN ('rejected', 'revoked', 'closed')`,
      [req.psnNo, kind.id, req.year],
    );
    if (open !== undefined) {
      throw new CaseError('conflict', 'case-open', `该人员 ${req.year} 年已有办理中的 ${kind.id} 个案 ${open.case_id}`, `the person already has an open ${kind.id} case for ${req.year}: ${open.case_id}`);
    }
    const [ins] = await tx.query<{ case_id: number }>(
      `INSERT INTO cases (admdvs, psn_no, kind_id, case_type, title, year, category, alert_id, reason, requested, levels, cap_measure, clause, pack_id, pack_version, illustrative, opened_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING case_id`,
      [row.admdvs, req.psnNo, kind.id, kind.type, kind.title, req.year, category, alertId, req.reason, req.requested ?? null, kind.levels.join(','), kind.cap, kind.clause,
        kind.packId, kind.packVersion, kind.illustrative, actor.username],
    );
    if (ins === undefined) throw new Error('cases: no id returned');
    const c = { case_id: ins.case_id, admdvs: row.admdvs, psn_no: req.psnNo };
    await addEvent(tx, c, actor, { action: 'open', from: null, to: 'applied', amount: req.requested, note: req.reason });
    await audit(tx, {
      username: actor.username, role: actor.role, action: 'case-open', admdvs: row.admdvs, psnNo: req.psnNo, target: `case ${ins.case_id}`,
      detail: { kind: kind.id, year: req.year, alert_id: alertId, requested: req.requested ?? null }, ip: actor.ip,
    });
    return (await getCase(tx, ins.case_id)) as CaseRow;
  });
}

// the steps -------------------------------------------------------------------------------------

async function lockedCase(tx: Db, id: number, canSee: CanSeeCase): Promise<CaseRow> {
  const c = await getCase(tx, id, true);
  // outside the user's area: answered exactly as a case that does not exist
  if (c === undefined || !canSee(c)) notFound('个案', id);
  return c;
}

/** A township user acts at the township level only; the other levels are the bureau's (which records them). */
function checkLevelRole(c: CaseRow, s: Step, actor: Actor): void {
  if (s.level === undefined || s.level === 'township' || actor.role !== 'township') return;
  throw new CaseError('forbidden', 'wrong-role', `个案 ${c.case_id} 待「${s.level}」审批，乡镇用户不能代为审批`, `case ${c.case_id} awaits approval at level ${s.level}: a township user cannot record it`);
}

async function finishStep(tx: Db, c: CaseRow, actor: Actor, action: CaseAction, s: Step, note: string | undefined, extra: { amount?: number; detail?: Record<string, unknown> } = {}): Promise<CaseRow> {
  await addEvent(tx, c, actor, { action, from: c.status, to: s.to, level: s.level, amount: extra.amount, note });
  await audit(tx, {
    username: actor.username, role: actor.role, action: `case-${action}`, admdvs: c.admdvs, psnNo: c.psn_no, target: `case ${c.case_id}`,
    detail: { from: c.status, to: s.to, level: s.level ?? null, amount: extra.amount ?? null, ...extra.detail }, ip: actor.ip,
  });
  return (await getCase(tx, c.case_id)) as CaseRow;
}

/** 审核: passed → reviewed (or approved when the pack has no level); not passed → rejected. */
export async function reviewCase(db: Db, id: number, passed: boolean, note: string | undefined, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'review', { passed });
    await tx.query('UPDATE cases SET status = $2, updated_at = now() WHERE case_id = $1', [id, s.to]);
    return finishStep(tx, c, actor, 'review', s, note, { detail: { passed } });
  });
}

/** 审批 at the next level (given, it must be that one); the last level makes the case approved. */
export async function approveCase(db: Db, id: number, level: string | undefined, note: string | undefined, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'approve', { level });
    checkLevelRole(c, s, actor);
    await tx.query('UPDATE cases SET status = $2, approved_levels = approved_levels + 1, updated_at = now() WHERE case_id = $1', [id, s.to]);
    return finishStep(tx, c, actor, 'approve', s, note);
  });
}

/** 不予批准: at review time or at the next approval level. */
export async function rejectCase(db: Db, id: number, note: string | undefined, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'reject');
    checkLevelRole(c, s, actor);
    await tx.query('UPDATE cases SET status = $2, updated_at = now() WHERE case_id = $1', [id, s.to]);
    return finishStep(tx, c, actor, 'reject', s, note);
  });
}

/**
 * 决定: the amount by fund source, checked against the kind as the pack in force states it (its
 * sources, the cap on the person-year's case amounts, 一件事's township share), booked into the
 * person's ledger. The person is locked, so two decisions for one person-year cannot both pass the cap.
 */
export async function decideCase(
  db: Db,
  policies: RegionPolicies,
  id: number,
  lines: readonly { source: string; amount: number }[],
  note: string | undefined,
  actor: Actor,
  canSee: CanSeeCase,
  today: IsoDate = todayInChina(),
): Promise<{ case: CaseRow; decision: Decision }> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'decide');
    const person = (await loadPersons(tx, policies, [c.psn_no], true)).get(c.psn_no);
    const { kind } = contextOf(person, c.psn_no, c.year, c.kind_id, today);
    const totals = await personYearTotals(tx, c.psn_no, c.year);
    const cap = kind.cap === 'personal' ? totals.personal : totals.policyScopePersonal;
    const decision = checkDecision({ kind, lines, cap, otherCases: await otherCasesPay(tx, c.psn_no, c.year, id) });
    await bookCaseLines(tx, { caseId: id, admdvs: c.admdvs, psnNo: c.psn_no, year: c.year, kindId: c.kind_id, clause: kind.clause }, decision.lines, 'decision', actor.username);
    await tx.query('UPDATE cases SET status = $2, decided = $3, cap_measure = $4, cap_amount = $5, updated_at = now() WHERE case_id = $1', [id, s.to, decision.total, kind.cap, cap]);
    const updated = await finishStep(tx, c, actor, 'decide', s, note, { amount: decision.total, detail: { lines: decision.lines, cap_measure: kind.cap, cap } });
    return { case: updated, decision };
  });
}

/** 撤销 (supervision finds the decision wrong): the opposite lines booked (追回), the case revoked. */
export async function revokeCase(db: Db, id: number, note: string, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'revoke');
    const net = await caseNetLines(tx, id);
    await bookCaseLines(tx, { caseId: id, admdvs: c.admdvs, psnNo: c.psn_no, year: c.year, kindId: c.kind_id, clause: c.clause }, net.map((l) => ({ source: l.source, amount: -l.amount })), 'revocation', actor.username);
    await tx.query('UPDATE cases SET status = $2, updated_at = now() WHERE case_id = $1', [id, s.to]);
    return finishStep(tx, c, actor, 'revoke', s, note, { amount: -net.reduce((t, l) => t + l.amount, 0) });
  });
}

/** 办结: a decided, rejected or revoked case closed. */
export async function closeCase(db: Db, id: number, note: string | undefined, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    const s = step({ id, status: c.status, levels: levelsOf(c), approvedLevels: c.approved_levels }, 'close');
    await tx.query('UPDATE cases SET status = $2, closed_from = $3, updated_at = now() WHERE case_id = $1', [id, s.to, c.status]);
    return finishStep(tx, c, actor, 'close', s, note);
  });
}

/** 监督意见: a note in the trail at any status; nothing else changes. */
export async function superviseCase(db: Db, id: number, note: string, actor: Actor, canSee: CanSeeCase): Promise<CaseRow> {
  return db.transaction(async (tx) => {
    const c = await lockedCase(tx, id, canSee);
    return finishStep(tx, c, actor, 'supervise', { to: c.status }, note);
  });
}
