/**
 * `sanchong alerts …`: the alert workflow of docs/monitoring.md §8–§9 from the command line —
 * list and read (audited as `alert-read`), push, the township's verification, close, and push
 * lists as XLSX. Thin over src/store/alerts.ts, with the roles and the area of the API
 * (src/server/routes/alerts.ts); who acts: `--as` (src/cli/store-cli.ts).
 */
import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeXlsx } from '../ingest/xlsx.js';
import { maskCertno } from '../people/certno.js';
import { alertEventOut, alertOut } from '../server/views/alerts.js';
import type { AlertEvent, AlertRow, AlertStatus, Outcome, PushDepartment } from '../store/alerts.js';
import {
  ALERT_STATUSES, alertEvents, auditAlertReads, closeAlert, DEPARTMENT_ZH, getAlert, listAlerts, OUTCOME_ZH, OUTCOMES, PUSH_DEPARTMENTS, PUSH_LIST_HEADER, pushAlert,
  pushLists, pushToOf, STATUS_ZH, verifyAlert,
} from '../store/alerts.js';
import type { Db } from '../store/db.js';
import type { Env, Operator } from './store-cli.js';
import {
  CliRefusal, CliUsageError, idOf, matching, need, needOneOf, noPositionals, noteOf, oneOf, PAGE_OPTIONS, pageOf, parse, print, printJson, printList, requireRole, str, subcommands, TOWN, when,
  withStore, yearOf, yuanText,
} from './store-cli.js';

export const ALERTS_USAGE = `  sanchong alerts list [--status raised|pushed|verified|closed] [--rule <MON-…>] [--year <yyyy>] [--town <code>] [--limit n] [--offset n]
  sanchong alerts show <id>
  sanchong alerts push <id> --department rural_revitalisation|civil_affairs [--note <text>]
  sanchong alerts verify <id> --outcome included|not_eligible|already_covered [--note <text>]
  sanchong alerts close <id> [--note <text>]
  sanchong alerts push-list --department <d> [--town <code>] [--year <yyyy>] --out <file.xlsx> [--mask]
                                      监测预警：推送、乡镇核实、办结、推送清单 / the alert workflow (docs/cli-workflow.md)
      every alerts/cases/rectifications/audit command, after its subcommand: [--as <user>] [--json]`;

const NOTE_MAX = 500;
const RULE = /^[A-Za-z0-9_-]{1,30}$/;

/** One line: id, status, person (ID number masked), township, rule, year, the amount against the line. */
function alertLine(a: AlertRow): string {
  const cmp = a.comparison === '>=' ? '≥' : '>';
  return [
    `预警 ${a.alert_id}`, `${STATUS_ZH[a.status]} ${a.status}`, `${a.psn_no} ${a.psn_name ?? ''} ${maskCertno(a.certno) ?? ''}`.trim(), `乡镇 ${a.town_admdvs ?? '—'}`,
    `${a.rule_id} ${a.year}`, `${yuanText(a.amount)} 元 ${cmp} ${yuanText(a.threshold)}`,
    a.department === null ? '' : `→ ${DEPARTMENT_ZH[a.department] ?? a.department}`, a.outcome === null ? '' : `核实 ${OUTCOME_ZH[a.outcome]}`,
  ].filter((s) => s !== '').join('  ');
}

function printAlert(a: AlertRow, events: readonly AlertEvent[]): void {
  print(alertLine(a));
  print(`  规则 rule      ${a.rule_id} ${a.rule_title} (${a.clause})`);
  print(`  人员 person    ${a.psn_no} ${a.psn_name ?? ''} ${maskCertno(a.certno) ?? ''} · 区划 ${a.admdvs} · 乡镇 ${a.town_admdvs ?? '—'} · 村 ${a.village_admdvs ?? '—'}`);
  print(`  口径 measure   ${a.measure}: 年度 ${yuanText(a.amount)} 元 · 预警时 at alert ${yuanText(a.amount_at_alert)} 元 · 预警线 threshold ${a.comparison} ${yuanText(a.threshold)} 元${a.complete ? '' : ' · 数据不完整 incomplete'}`);
  print(`  触发 crossing  ${a.setl_id} ${a.alert_date} · 身份 category ${a.category ?? '—'}${a.risk_elim_date === null ? '' : ` · 风险消除 ${a.risk_elim_date}`}`);
  print(`  推送至 push to ${pushToOf(a).map((d) => DEPARTMENT_ZH[d] ?? d).join('、') || '（本地参数 [local]）'} · 政策包 ${a.pack_id} ${a.pack_version}${a.illustrative ? '（演示数值 illustrative）' : ''}`);
  for (const e of events) {
    const extra = [e.department === null ? '' : (DEPARTMENT_ZH[e.department] ?? e.department), e.outcome === null ? '' : OUTCOME_ZH[e.outcome], e.push_id === null ? '' : `push ${e.push_id}`, e.note ?? '']
      .filter((s) => s !== '').join(' · ');
    print(`  ${when(e.at)}  ${e.from_status ?? '—'} → ${e.to_status}  ${e.username}${e.role === null ? '' : ` (${e.role})`}${extra === '' ? '' : `  ${extra}`}`);
  }
}

async function list(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { status: { type: 'string' }, rule: { type: 'string' }, year: { type: 'string' }, town: { type: 'string' }, ...PAGE_OPTIONS });
  noPositionals(positionals);
  const status = oneOf<AlertStatus>(values, 'status', ALERT_STATUSES);
  const rule = matching(values, 'rule', RULE, '规则编号 / a rule id');
  const town = matching(values, 'town', TOWN, '6–12 位区划代码 / a 6–12 digit code');
  const year = yearOf(values);
  const page = pageOf(values);
  return withStore(env, str(values, 'as'), async (db, op) => {
    const rows = await listAlerts(db, { status, rule, year, town, scope: (i) => op.personScope(i), ...page });
    await auditAlertReads(db, op.actor, rows);
    printList(values, rows, page, { key: 'alerts', json: alertOut, line: alertLine, counted: (n) => `${n} 条预警 / ${n} alerts` });
    return 0;
  });
}

async function show(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = idOf(positionals, '预警', 'alert');
  return withStore(env, str(values, 'as'), async (db, op) => {
    const a = await getAlert(db, id);
    // another area's alert: answered as one that does not exist (the API's 404)
    if (a === undefined || !op.canSeePerson(a)) throw new CliRefusal(`未找到预警 ${id} / alert ${id} not found`);
    const events = await alertEvents(db, id);
    await auditAlertReads(db, op.actor, [a]);
    if (values['json'] === true) printJson({ ...alertOut(a), events: events.map(alertEventOut) });
    else printAlert(a, events);
    return 0;
  });
}

/** push, verify, close: one step on one alert, with the roles of the API's route. */
async function act(env: Env, sub: 'push' | 'verify' | 'close', args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { ...(sub === 'push' ? { department: { type: 'string' } } : {}), ...(sub === 'verify' ? { outcome: { type: 'string' } } : {}), note: { type: 'string' } });
  const id = idOf(positionals, '预警', 'alert');
  const note = noteOf(values, NOTE_MAX, false);
  // the step, with the roles of the API's route
  let run: (db: Db, op: Operator) => Promise<AlertRow>;
  if (sub === 'push') {
    const department = needOneOf<PushDepartment>(values, 'department', PUSH_DEPARTMENTS);
    run = (db, op) => {
      requireRole(op, 'admin', 'bureau');
      return pushAlert(db, id, department, op.actor, (a) => op.canSeePerson(a), note);
    };
  } else if (sub === 'verify') {
    const outcome = needOneOf<Outcome>(values, 'outcome', OUTCOMES);
    run = (db, op) => {
      requireRole(op, 'admin', 'bureau', 'township');
      return verifyAlert(db, id, outcome, note, op.actor, (a) => op.canSeePerson(a));
    };
  } else {
    run = (db, op) => {
      requireRole(op, 'admin', 'bureau');
      return closeAlert(db, id, note, op.actor, (a) => op.canSeePerson(a));
    };
  }
  return withStore(env, str(values, 'as'), async (db, op) => {
    const a = await run(db, op);
    if (values['json'] === true) printJson(alertOut(a));
    else print(alertLine(a));
    return 0;
  });
}

async function pushList(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { department: { type: 'string' }, town: { type: 'string' }, year: { type: 'string' }, out: { type: 'string' }, mask: { type: 'boolean', default: false } });
  noPositionals(positionals);
  const department = needOneOf<PushDepartment>(values, 'department', PUSH_DEPARTMENTS);
  const town = matching(values, 'town', TOWN, '6–12 位区划代码 / a 6–12 digit code');
  const year = yearOf(values);
  const out = resolve(need(values, 'out'));
  if (!out.toLowerCase().endsWith('.xlsx')) throw new CliUsageError(`--out 应为 .xlsx 文件 / --out is an .xlsx file: ${out}`);
  // before anything is recorded: the alerts become pushed in the same step
  try {
    accessSync(dirname(out), constants.W_OK);
  } catch {
    throw new CliUsageError(`无法写入 ${dirname(out)} / cannot write into ${dirname(out)}`);
  }
  return withStore(env, str(values, 'as'), async (db, op: Operator) => {
    requireRole(op, 'admin', 'bureau');
    const masked = !op.canUnmask || values['mask'] === true;
    const sheets = await pushLists(db, { department, town, year, masked, mask: (c) => maskCertno(c) }, op.actor);
    await writeXlsx(out, sheets.map((s) => ({ name: s.town === '' ? '推送清单' : s.town, header: PUSH_LIST_HEADER, rows: s.rows })));
    const alerts = sheets.reduce((n, s) => n + s.rows.length, 0);
    const ids = sheets.map((s) => s.pushId);
    if (values['json'] === true) printJson({ file: out, department, town: town ?? null, year: year ?? null, push_ids: ids, alerts, masked, townships: sheets.map((s) => ({ town: s.town, push_id: s.pushId, alerts: s.rows.length })) });
    else {
      print(
        `推送清单 ${out}：${DEPARTMENT_ZH[department] ?? department}，${sheets.length} 个乡镇，${alerts} 条预警已推送（清单编号 ${ids.join(', ')}），身份证号${masked ? '已脱敏' : '完整（已审计）'}` +
          ` / push list ${out}: ${department}, ${sheets.length} township${sheets.length === 1 ? '' : 's'}, ${alerts} alert${alerts === 1 ? '' : 's'} pushed (push ids ${ids.join(', ')}), ID numbers ${masked ? 'masked' : 'in full (audited)'}`,
      );
    }
    return 0;
  });
}

export function alertsCommand(args: string[], env: Env = process.env): Promise<number> {
  return subcommands(ALERTS_USAGE, 'alerts', args, {
    list: (rest) => list(env, rest),
    show: (rest) => show(env, rest),
    push: (rest) => act(env, 'push', rest),
    verify: (rest) => act(env, 'verify', rest),
    close: (rest) => act(env, 'close', rest),
    'push-list': (rest) => pushList(env, rest),
  });
}
