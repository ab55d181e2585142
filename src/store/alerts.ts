/**
 * The alert workflow (issue 5 items 2 and 3, docs/monitoring.md §7–§9): alerts raised by the
 * screening (src/store/alert-raise.ts: from the ledger, or a full re-screen here), then
 *
 *   raised (已预警) → pushed (已推送: to 乡村振兴 or 民政, per the rule's push_to)
 *          → verified (已核实 by the township: 纳入监测 / 不符合条件 / 已是帮扶对象) → closed (已办结)
 *
 * each step with who and when (alert_events), every other transition refused with its reason in
 * Chinese and English; push lists (one per department and township) recorded in alert_pushes and
 * alert_push_items. The HTTP routes (src/server/routes/alerts.ts) are thin over these.
 */
import type { Settlement } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { ROW_REFUSED, ROW_SETTLED } from '../monitoring/screen.js';
import { CATEGORY_INFO, isCategory } from '../people/category.js';
import type { RegionPolicies } from '../policy/regions.js';
import type { FoldRow } from './alert-raise.js';
import { screenFold, storeAlerts } from './alert-raise.js';
import { audit } from './audit.js';
import type { Db } from './db.js';
import type { SettlementRow } from './ledger.js';
import { loadPersons, settlementOfRow } from './ledger.js';
import type { PersonListQuery } from './sql.js';
import { Conditions, insertMany, PERSON_TOWN } from './sql.js';

export const ALERT_STATUSES = ['raised', 'pushed', 'verified', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const OUTCOMES = ['included', 'not_eligible', 'already_covered'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** The departments a push list goes to. */
export const PUSH_DEPARTMENTS = ['rural_revitalisation', 'civil_affairs'] as const;
export type PushDepartment = (typeof PUSH_DEPARTMENTS)[number];

export const STATUS_ZH: Record<AlertStatus, string> = { raised: '已预警', pushed: '已推送', verified: '已核实', closed: '已办结' };
export const OUTCOME_ZH: Record<Outcome, string> = { included: '纳入监测', not_eligible: '不符合条件', already_covered: '已是帮扶对象' };
export const DEPARTMENT_ZH: Record<string, string> = { rural_revitalisation: '乡村振兴部门', civil_affairs: '民政部门', township: '乡镇街道', finance: '财政部门' };
const MEASURE_ZH: Record<string, string> = { personal: '个人负担总金额', policy_scope_personal: '政策范围内个人负担', total: '医疗费用总额' };

/** An expected refusal: the HTTP status it maps to, a stable code, the reason in Chinese and English. */
export class AlertError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who acts (a logged-in user, or 'system'). */
export interface Actor {
  readonly username: string;
  readonly role: string | null;
  readonly ip?: string | null | undefined;
}

/** An alert as stored, with the person's area (for the township scope) and name. */
export interface AlertRow {
  alert_id: number;
  admdvs: string;
  psn_no: string;
  psn_name: string | null;
  certno: string | null;
  town_admdvs: string | null;
  village_admdvs: string | null;
  rule_id: string;
  rule_title: string;
  year: number;
  measure: string;
  amount: number;
  amount_at_alert: number;
  threshold: number;
  comparison: string;
  category: string | null;
  risk_elim_date: string | null;
  setl_id: string;
  alert_date: string;
  complete: boolean;
  push_to: string;
  process: string | null;
  clause: string;
  pack_id: string;
  pack_version: string;
  illustrative: boolean;
  status: AlertStatus;
  raised_at: Date;
  raised_by: string;
  screened_at: Date;
  department: string | null;
  pushed_at: Date | null;
  pushed_by: string | null;
  outcome: Outcome | null;
  verified_at: Date | null;
  verified_by: string | null;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface AlertEvent {
  event_id: number;
  from_status: AlertStatus | null;
  to_status: AlertStatus;
  username: string;
  role: string | null;
  at: Date;
  note: string | null;
  department: string | null;
  town_admdvs: string | null;
  outcome: Outcome | null;
  push_id: number | null;
}

const ALERT_SELECT = `SELECT a.alert_id, a.admdvs, a.psn_no, p.psn_name, p.certno, p.town_admdvs, p.village_admdvs, a.rule_id, a.rule_title, a.year, a.measure,
  a.amount, a.amount_at_alert, a.threshold, a.comparison, a.category, to_char(a.risk_elim_date, 'YYYY-MM-DD') AS risk_elim_date, a.setl_id,
  to_char(a.alert_date, 'YYYY-MM-DD') AS alert_date, a.complete, a.push_to, a.process, a.clause, a.pack_id, a.pack_version, a.illustrative, a.status,
  a.raised_at, a.raised_by, a.screened_at, a.department, a.pushed_at, a.pushed_by, a.outcome, a.verified_at, a.verified_by, a.closed_at, a.closed_by
  FROM alerts a JOIN persons p ON p.psn_no = a.psn_no`;

// raising ---------------------------------------------------------------------------------------

/**
 * Screens the stored person-years of `psnNos` in `year` — persons, identities and the ledger's
 * results (tiers as stored: computed or given) — and stores the new alerts (see alert-raise.ts).
 * Locks the persons: run it in a transaction. Returns the new alerts' ids.
 */
export async function raiseAlerts(tx: Db, policies: RegionPolicies, psnNos: readonly string[], year: number, by: Actor = { username: 'system', role: null }): Promise<number[]> {
  const persons = await loadPersons(tx, policies, psnNos, true);
  const rows = await tx.query<SettlementRow & { basic: number | null; ci: number | null; maf: number | null; refused: boolean }>(
    `SELECT s.setl_id, s.psn_no, s.med_type, to_char(s.setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, s.hosp_lv, s.medfee_sumamt, s.inscp_scp_amt,
            s.hifp_pay, s.hifmi_pay, s.refd_setl_flag, s.init_setl_id,
            r.hifp_pay AS basic, r.hifmi_pay AS ci, r.maf_pay AS maf, (pr.setl_id IS NOT NULL) AS refused
       FROM settlements s
       LEFT JOIN settlement_results r ON r.setl_id = s.setl_id
       LEFT JOIN settlement_problems pr ON pr.setl_id = s.setl_id
      WHERE s.psn_no = ANY($1::text[]) AND NOT s.refd_setl_flag
        AND s.setl_time >= make_timestamp($2, 1, 1, 0, 0, 0) AND s.setl_time < make_timestamp($2 + 1, 1, 1, 0, 0, 0)`,
    [[...persons.keys()], year],
  );
  const fold: FoldRow[] = rows.map((r) => {
    const settlement: Settlement = settlementOfRow(r);
    if (r.basic !== null) return { settlement, status: ROW_SETTLED, basic: r.basic, criticalIllness: r.ci ?? 0, maf: r.maf ?? 0 };
    return { settlement, status: r.refused ? ROW_REFUSED : 0, basic: 0, criticalIllness: 0, maf: 0 };
  });
  const raised = screenFold(persons, fold, year);
  const note = by.username === 'system' ? '筛查 / screening' : `全量重新筛查（${by.username}）/ full re-screen by ${by.username}`;
  return storeAlerts(tx, raised, { username: by.username, note: () => note });
}

export interface RescreenResult {
  readonly year: number;
  /** Persons with a settlement in the year, screened. */
  readonly persons: number;
  /** Alerts newly raised. */
  readonly raised: number;
}

/** A full re-screen of a year: every person with a settlement in it, 1,000 at a time, each group in its own transaction. */
export async function rescreen(db: Db, policies: RegionPolicies, year: number, by: Actor, chunk = 1000): Promise<RescreenResult> {
  const persons = (
    await db.query<{ psn_no: string }>(
      `SELECT DISTINCT psn_no FROM settlements
        WHERE NOT refd_setl_flag AND setl_time >= make_timestamp($1, 1, 1, 0, 0, 0) AND setl_time < make_timestamp($1 + 1, 1, 1, 0, 0, 0) ORDER BY psn_no`,
      [year],
    )
  ).map((r) => r.psn_no);
  let raised = 0;
  for (let i = 0; i < persons.length; i += chunk) {
    const part = persons.slice(i, i + chunk);
    raised += (await db.transaction((tx) => raiseAlerts(tx, policies, part, year, by))).length;
  }
  await audit(db, { username: by.username, role: by.role, action: 'alert-rescreen', target: String(year), detail: { persons: persons.length, raised }, ip: by.ip });
  return { year, persons: persons.length, raised };
}

// reading ---------------------------------------------------------------------------------------

export interface AlertQuery extends PersonListQuery {
  readonly status?: AlertStatus | undefined;
  readonly rule?: string | undefined;
  readonly year?: number | undefined;
}

export async function listAlerts(db: Db, q: AlertQuery): Promise<AlertRow[]> {
  const c = new Conditions();
  if (q.status !== undefined) c.add('a.status = ?', q.status);
  if (q.rule !== undefined) c.add('a.rule_id = ?', q.rule);
  if (q.year !== undefined) c.add('a.year = ?::smallint', q.year);
  if (q.town !== undefined) c.add(PERSON_TOWN, q.town);
  c.addScope(q.scope);
  const page = c.page(q.limit, q.offset);
  return db.query<AlertRow>(`${ALERT_SELECT} ${c.whereSql} ORDER BY a.alert_id ${page}`, c.params);
}

export async function getAlert(db: Db, id: number, lock = false): Promise<AlertRow | undefined> {
  const [r] = await db.query<AlertRow>(`${ALERT_SELECT} WHERE a.alert_id = $1${lock ? ' FOR UPDATE OF a' : ''}`, [id]);
  return r;
}

export async function alertEvents(db: Db, id: number): Promise<AlertEvent[]> {
  return db.query<AlertEvent>(
    `SELECT event_id, from_status, to_status, username, role, at, note, department, town_admdvs, outcome, push_id FROM alert_events WHERE alert_id = $1 ORDER BY event_id`,
    [id],
  );
}

const AUDIT_COLS = [['username', 'text'], ['role', 'text'], ['action', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['target', 'text'], ['detail', 'json'], ['ip', 'text']] as const;

/** One audit line per alert read (action 'alert-read', target the alert id): every read of a person's alerts is recorded. */
export async function auditAlertReads(db: Db, actor: Actor, alerts: readonly AlertRow[], action = 'alert-read', detail?: unknown): Promise<void> {
  const d = detail === undefined ? null : JSON.stringify(detail);
  await insertMany(db, 'audit_log', AUDIT_COLS, alerts.map((a) => [actor.username, actor.role, action, a.admdvs, a.psn_no, String(a.alert_id), d, actor.ip ?? null]));
}

// the lifecycle ---------------------------------------------------------------------------------

const NEXT: Record<AlertStatus, AlertStatus | undefined> = { raised: 'pushed', pushed: 'verified', verified: 'closed', closed: undefined };
const STEP_ZH: Record<AlertStatus, string> = { raised: '预警', pushed: '推送', verified: '核实', closed: '办结' };
const STEP_EN: Record<AlertStatus, string> = { raised: 'raise', pushed: 'push', verified: 'verify', closed: 'close' };

/** The only transitions: raised → pushed → verified → closed. Anything else is refused (409) with its reason. */
export function checkTransition(id: number, from: AlertStatus, to: AlertStatus): void {
  if (NEXT[from] === to) return;
  const need = (Object.keys(NEXT) as AlertStatus[]).find((s) => NEXT[s] === to);
  const zhNeed = need === undefined ? '' : `，只有「${STATUS_ZH[need]}」的预警才能${STEP_ZH[to]}`;
  const enNeed = need === undefined ? '' : `; only a ${need} alert can be ${to}`;
  throw new AlertError(
    409,
    'illegal-transition',
    `预警 ${id} 当前为「${STATUS_ZH[from]}」，不能${STEP_ZH[to]}${zhNeed} / alert ${id} is ${from}: it cannot ${STEP_EN[to]}${enNeed}`,
  );
}

/** A person's area, to decide whether the acting user may see the alert. */
export type CanSee = (a: AlertRow) => boolean;

async function lockedAlert(tx: Db, id: number, canSee: CanSee): Promise<AlertRow> {
  const a = await getAlert(tx, id, true);
  // outside the user's area: answered exactly as an alert that does not exist
  if (a === undefined || !canSee(a)) throw new AlertError(404, 'not-found', `未找到预警 ${id} / alert ${id} not found`);
  return a;
}

interface EventInput {
  readonly from: AlertStatus | null;
  readonly to: AlertStatus;
  readonly note?: string | null | undefined;
  readonly department?: string | null | undefined;
  readonly outcome?: Outcome | null | undefined;
  readonly pushId?: number | null | undefined;
}

async function addEvent(tx: Db, a: AlertRow, actor: Actor, e: EventInput): Promise<void> {
  await tx.query(
    `INSERT INTO alert_events (alert_id, admdvs, psn_no, from_status, to_status, username, role, note, department, town_admdvs, outcome, push_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [a.alert_id, a.admdvs, a.psn_no, e.from, e.to, actor.username, actor.role, e.note ?? null, e.department ?? null, a.town_admdvs, e.outcome ?? null, e.pushId ?? null],
  );
}

/** The departments the rule names (empty: the pack leaves them [local]). */
export function pushToOf(a: Pick<AlertRow, 'push_to'>): string[] {
  return a.push_to === '' ? [] : a.push_to.split(',');
}

/** Refuses a department the rule does not push to (any of the two when the pack leaves push_to [local]). */
export function checkDepartment(a: Pick<AlertRow, 'alert_id' | 'rule_id' | 'push_to'>, department: PushDepartment): void {
  const to = pushToOf(a);
  if (to.length === 0 || to.includes(department)) return;
  throw new AlertError(
    409,
    'wrong-department',
    `规则 ${a.rule_id} 推送至 ${to.map((d) => DEPARTMENT_ZH[d] ?? d).join('、')}，不含 ${DEPARTMENT_ZH[department] ?? department} / rule ${a.rule_id} pushes to ${to.join(', ')}, not ${department}`,
  );
}

async function recordPush(tx: Db, actor: Actor, p: { admdvs: string; department: PushDepartment; town: string | null; year: number | null; kind: 'list' | 'single'; alerts: readonly AlertRow[]; masked: boolean }): Promise<number> {
  const [row] = await tx.query<{ push_id: number }>(
    `INSERT INTO alert_pushes (admdvs, department, town_admdvs, year, kind, alerts, masked, username, role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING push_id`,
    [p.admdvs, p.department, p.town, p.year, p.kind, p.alerts.length, p.masked, actor.username, actor.role],
  );
  if (row === undefined) throw new Error('alert_pushes: no id returned');
  await insertMany(tx, 'alert_push_items', [['push_id', 'bigint'], ['alert_id', 'bigint'], ['admdvs', 'text'], ['psn_no', 'text']], p.alerts.map((a) => [row.push_id, a.alert_id, a.admdvs, a.psn_no]));
  return row.push_id;
}

async function markPushed(tx: Db, actor: Actor, alerts: readonly AlertRow[], department: PushDepartment, pushId: number, note: string | null): Promise<void> {
  if (alerts.length === 0) return;
  await tx.query(`UPDATE alerts SET status = 'pushed', department = $2, pushed_at = now(), pushed_by = $3 WHERE alert_id = ANY($1::bigint[])`, [
    alerts.map((a) => a.alert_id), department, actor.username,
  ]);
  for (const a of alerts) await addEvent(tx, a, actor, { from: 'raised', to: 'pushed', department, pushId, note });
}

/** raised → pushed: the alert sent to a department (recorded as a push of one alert). */
export async function pushAlert(db: Db, id: number, department: PushDepartment, actor: Actor, canSee: CanSee, note?: string): Promise<AlertRow> {
  return db.transaction(async (tx) => {
    const a = await lockedAlert(tx, id, canSee);
    checkTransition(id, a.status, 'pushed');
    checkDepartment(a, department);
    const pushId = await recordPush(tx, actor, { admdvs: a.admdvs, department, town: a.town_admdvs, year: a.year, kind: 'single', alerts: [a], masked: true });
    await markPushed(tx, actor, [a], department, pushId, note ?? null);
    await audit(tx, { username: actor.username, role: actor.role, action: 'alert-push', admdvs: a.admdvs, psnNo: a.psn_no, target: String(id), detail: { department, push_id: pushId }, ip: actor.ip });
    return (await getAlert(tx, id)) as AlertRow;
  });
}

/** pushed → verified: the township's outcome (纳入监测 / 不符合条件 / 已是帮扶对象). */
export async function verifyAlert(db: Db, id: number, outcome: Outcome, note: string | undefined, actor: Actor, canSee: CanSee): Promise<AlertRow> {
  return db.transaction(async (tx) => {
    const a = await lockedAlert(tx, id, canSee);
    checkTransition(id, a.status, 'verified');
    await tx.query(`UPDATE alerts SET status = 'verified', outcome = $2, verified_at = now(), verified_by = $3 WHERE alert_id = $1`, [id, outcome, actor.username]);
    await addEvent(tx, a, actor, { from: 'pushed', to: 'verified', outcome, note, department: a.department });
    await audit(tx, { username: actor.username, role: actor.role, action: 'alert-verify', admdvs: a.admdvs, psnNo: a.psn_no, target: String(id), detail: { outcome }, ip: actor.ip });
    return (await getAlert(tx, id)) as AlertRow;
  });
}

/** verified → closed. */
export async function closeAlert(db: Db, id: number, note: string | undefined, actor: Actor, canSee: CanSee): Promise<AlertRow> {
  return db.transaction(async (tx) => {
    const a = await lockedAlert(tx, id, canSee);
    checkTransition(id, a.status, 'closed');
    await tx.query(`UPDATE alerts SET status = 'closed', closed_at = now(), closed_by = $2 WHERE alert_id = $1`, [id, actor.username]);
    await addEvent(tx, a, actor, { from: 'verified', to: 'closed', note, outcome: a.outcome, department: a.department });
    await audit(tx, { username: actor.username, role: actor.role, action: 'alert-close', admdvs: a.admdvs, psnNo: a.psn_no, target: String(id), ip: actor.ip });
    return (await getAlert(tx, id)) as AlertRow;
  });
}

// push lists ------------------------------------------------------------------------------------

export const PUSH_LIST_HEADER = [
  '序号', '预警编号', '人员编号', '姓名', '公民身份号码', '乡镇（街道）', '村（社区）', '预警规则', '规则名称', '年度', '负担口径', '年度金额（元）',
  '预警时金额（元）', '预警线（元）', '比较', '身份类别', '风险消除标注日期', '触发结算ID', '预警日期', '数据完整', '条款', '政策包', '推送部门',
] as const;

export interface PushListSheet {
  /** The township code ('' when the person has none). */
  readonly town: string;
  readonly pushId: number;
  readonly rows: (string | number)[][];
  readonly alerts: readonly AlertRow[];
}

export interface PushListRequest {
  readonly department: PushDepartment;
  readonly town?: string | undefined;
  readonly year?: number | undefined;
  /** False: ID numbers in full (a user with the unmask right). */
  readonly masked: boolean;
  readonly mask: (certno: string | null) => string | null;
}

function pushRow(n: number, a: AlertRow, certno: string | null, department: PushDepartment): (string | number)[] {
  const category = a.category !== null && isCategory(a.category) ? CATEGORY_INFO[a.category].zh : (a.category ?? '无');
  return [
    n, a.alert_id, a.psn_no, a.psn_name ?? '', certno ?? '', a.town_admdvs ?? '', a.village_admdvs ?? '', a.rule_id, a.rule_title, a.year, MEASURE_ZH[a.measure] ?? a.measure,
    formatYuan(a.amount as Fen), formatYuan(a.amount_at_alert as Fen), formatYuan(a.threshold as Fen), a.comparison === '>=' ? '达到及以上' : '超过', category,
    a.risk_elim_date ?? '', a.setl_id, a.alert_date, a.complete ? '是' : '否（金额为下限）', a.clause, `${a.pack_id} ${a.pack_version}${a.illustrative ? '（示例数据）' : ''}`,
    DEPARTMENT_ZH[department] ?? department,
  ];
}

/**
 * Push lists: the raised alerts whose rule pushes to `department` (or leaves it [local]), of the
 * year and township asked, one list per township; each list is recorded (alert_pushes, its items,
 * the alerts pushed with their events, one audit line per person — 'alert-push-list', or
 * 'alert-push-list-unmasked' when the ID numbers were given in full). One transaction.
 */
export async function pushLists(db: Db, req: PushListRequest, actor: Actor): Promise<PushListSheet[]> {
  return db.transaction(async (tx) => {
    const c = new Conditions().add(`a.status = 'raised' AND (a.push_to = '' OR (',' || a.push_to || ',') LIKE '%,' || ? || ',%')`, req.department);
    if (req.year !== undefined) c.add('a.year = ?::smallint', req.year);
    if (req.town !== undefined) c.add(PERSON_TOWN, req.town);
    const alerts = await tx.query<AlertRow>(`${ALERT_SELECT} ${c.whereSql} ORDER BY p.town_admdvs, a.alert_id FOR UPDATE OF a`, c.params);
    const byTown = new Map<string, AlertRow[]>();
    for (const a of alerts) {
      const t = a.town_admdvs ?? '';
      const list = byTown.get(t);
      if (list === undefined) byTown.set(t, [a]);
      else list.push(a);
    }
    if (byTown.size === 0) byTown.set(req.town ?? '', []);
    const sheets: PushListSheet[] = [];
    const action = req.masked ? 'alert-push-list' : 'alert-push-list-unmasked';
    for (const [town, list] of byTown) {
      const admdvs = list[0]?.admdvs ?? (town.length >= 6 ? town.slice(0, 6) : '000000');
      const pushId = await recordPush(tx, actor, { admdvs, department: req.department, town: town === '' ? null : town, year: req.year ?? null, kind: 'list', alerts: list, masked: req.masked });
      await markPushed(tx, actor, list, req.department, pushId, `推送清单 ${pushId} / push list ${pushId}`);
      await auditAlertReads(tx, actor, list, action, { push_id: pushId, department: req.department, masked: req.masked });
      await audit(tx, {
        username: actor.username, role: actor.role, action, target: `push ${pushId}`,
        detail: { push_id: pushId, department: req.department, town: town === '' ? null : town, year: req.year ?? null, alerts: list.length, masked: req.masked }, ip: actor.ip,
      });
      sheets.push({ town, pushId, alerts: list, rows: list.map((a, i) => pushRow(i + 1, a, req.masked ? req.mask(a.certno) : a.certno, req.department)) });
    }
    return sheets;
  });
}

/** A push as recorded (alert_pushes). */
export interface PushRecord {
  push_id: number;
  admdvs: string;
  department: PushDepartment;
  town_admdvs: string | null;
  year: number | null;
  kind: 'list' | 'single';
  alerts: number;
  masked: boolean;
  username: string;
  at: Date;
}

/**
 * A recorded push list again (the file lost, or another copy asked): the same alerts in the same
 * order, as they are now, ID numbers masked unless `req.masked` is false. Nothing is pushed again;
 * the reading is audited person by person ('alert-push-list-again', or '-unmasked'). Undefined
 * when there is no such push or the reader may not see every person on it (a township user: a
 * list of its own township only).
 */
export async function pushListAgain(
  db: Db,
  pushId: number,
  req: { readonly masked: boolean; readonly mask: (certno: string | null) => string | null },
  actor: Actor,
  canSee: CanSee,
): Promise<{ push: PushRecord; sheet: PushListSheet } | undefined> {
  const [push] = await db.query<PushRecord>(
    'SELECT push_id, admdvs, department, town_admdvs, year, kind, alerts, masked, username, at FROM alert_pushes WHERE push_id = $1',
    [pushId],
  );
  if (push === undefined) return undefined;
  const alerts = await db.query<AlertRow>(`${ALERT_SELECT} JOIN alert_push_items i ON i.alert_id = a.alert_id WHERE i.push_id = $1 ORDER BY p.town_admdvs, a.alert_id`, [pushId]);
  if (!alerts.every(canSee)) return undefined;
  const action = req.masked ? 'alert-push-list-again' : 'alert-push-list-again-unmasked';
  await auditAlertReads(db, actor, alerts, action, { push_id: pushId, masked: req.masked });
  const rows = alerts.map((a, i) => pushRow(i + 1, a, req.masked ? req.mask(a.certno) : a.certno, push.department));
  return { push, sheet: { town: push.town_admdvs ?? '', pushId, alerts, rows } };
}
