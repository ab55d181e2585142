/**
 * `sanchong cases …`: 一事一议, 依申请救助 and 一件事 from the command line (docs/cases.md) — open,
 * review, approve level by level, reject, decide the amount by fund source (booked into the
 * person's ledger), revoke, close, supervise; list and read (audited as `case-read`). Thin over
 * src/store/cases.ts, with the roles and the area of the API (src/server/routes/cases.ts); who
 * acts: `--as` (src/cli/store-cli.ts).
 */
import type { CaseStatus } from '../cases/workflow.js';
import { CASE_ACTION_ZH, CASE_STATUS_ZH, CASE_STATUSES } from '../cases/workflow.js';
import { parseYuan } from '../money/yuan.js';
import { maskCertno } from '../people/certno.js';
import type { ApprovalLevel, FundSource } from '../policy/cases-pack.js';
import { APPROVAL_LEVEL_ZH, FUND_SOURCE_ZH, FUND_SOURCES } from '../policy/cases-pack.js';
import { caseEventOut, caseLineOut, caseOut, totalsOut } from '../server/views/cases.js';
import type { PersonYearTotals } from '../store/case-money.js';
import { personYearTotals } from '../store/case-money.js';
import type { CaseEvent, CaseLine, CaseRow } from '../store/cases.js';
import {
  approveCase, auditCaseReads, caseEvents, caseLines, closeCase, decideCase, getCase, listCases, openCase, rejectCase, reviewCase, revokeCase, superviseCase,
} from '../store/cases.js';
import type { Env, Options } from './store-cli.js';
import {
  CliRefusal, CliUsageError, idOf, matching, need, noPositionals, noteOf, oneOf, PAGE_OPTIONS, pageOf, parse, policiesOf, print, printJson, printList, requireRole, str, subcommands, TOWN,
  when, withStore, yearOf, yuanText,
} from './store-cli.js';

export const CASES_USAGE = `  sanchong cases list [--status <s>] [--kind CASE-n] [--year <yyyy>] [--psn <psn_no>] [--town <code>] [--limit n] [--offset n]
  sanchong cases show <id>
  sanchong cases open --psn <psn_no> --kind CASE-n --year <yyyy> --reason <text> [--requested <yuan>] [--alert <id>]
  sanchong cases review <id> --passed|--refused [--note <text>]
  sanchong cases approve <id> [--level <level>] [--note <text>]
  sanchong cases reject <id> --note <text>
  sanchong cases decide <id> --line <source>=<yuan> [--line <source>=<yuan> …] [--note <text>]
  sanchong cases revoke|supervise <id> --note <text>
  sanchong cases close <id> [--note <text>]
                                      个案（一事一议、依申请救助、一件事）/ cases (docs/cli-workflow.md)`;

const NOTE_MAX = 2000;
const KIND = /^[A-Za-z0-9_-]{1,30}$/;

const levelsOf = (c: CaseRow): string[] => (c.levels === '' ? [] : c.levels.split(','));
const levelZh = (l: string): string => APPROVAL_LEVEL_ZH[l as ApprovalLevel] ?? l;
const sourceZh = (s: string): string => FUND_SOURCE_ZH[s as FundSource] ?? s;

function caseLine(c: CaseRow): string {
  const levels = levelsOf(c);
  const next = c.status === 'reviewed' ? levels[c.approved_levels] : undefined;
  return [
    `个案 ${c.case_id}`, `${c.kind_id} ${c.year}`, `${CASE_STATUS_ZH[c.status]} ${c.status}${next === undefined ? '' : `（待 ${levelZh(next)} 审批 / awaits ${next}）`}`,
    `${c.psn_no} ${c.psn_name ?? ''} ${maskCertno(c.certno) ?? ''}`.trim(), `乡镇 ${c.town_admdvs ?? '—'}`,
    c.requested === null ? '' : `申请 ${yuanText(c.requested)} 元`, c.decided === null ? '' : `决定 ${yuanText(c.decided)} 元`,
  ].filter((s) => s !== '').join('  ');
}

function printTotals(t: PersonYearTotals): void {
  print(`  ${t.year} 年合计 person-year (${t.settlements} 笔结算 settlements)`);
  print(`    医疗费总额 ${yuanText(t.medfee)} · 政策范围内 ${yuanText(t.policyScope)} · 基本医保 ${yuanText(t.basic)} · 大病保险 ${yuanText(t.criticalIllness)} · 医疗救助 ${yuanText(t.assistance)} · 再救助 ${yuanText(t.reAssistance)}`);
  print(`    个人负担 personal ${yuanText(t.personal)} · 政策范围内个人负担 ${yuanText(t.policyScopePersonal)} · 个案 cases ${yuanText(t.casesTotal)}` +
    `${Object.keys(t.cases).length === 0 ? '' : ` (${Object.entries(t.cases).map(([s, v]) => `${sourceZh(s)} ${yuanText(v)}`).join('、')})`} · 个案后个人负担 after cases ${yuanText(t.personalAfterCases)}`);
}

function printLines(lines: readonly CaseLine[]): void {
  for (const l of lines) print(`  账目 line ${l.line_id}  ${sourceZh(l.source)} ${l.source}  ${yuanText(l.amount)} 元  ${l.cause}  ${when(l.booked_at)} ${l.booked_by}`);
}

function printCase(c: CaseRow, events: readonly CaseEvent[], lines: readonly CaseLine[], totals: PersonYearTotals): void {
  print(caseLine(c));
  print(`  类别 kind      ${c.kind_id} ${c.title} (${c.clause}) · 身份 category ${c.category ?? '—'}${c.alert_id === null ? '' : ` · 预警 alert ${c.alert_id}`}`);
  print(`  事由 reason    ${c.reason}`);
  print(`  审批 levels    ${levelsOf(c).map(levelZh).join(' → ') || '（无，审核后即审批 / none）'} · 已审批 ${c.approved_levels}`);
  if (c.cap_measure !== null) print(`  上限 cap       ${c.cap_measure}${c.cap_amount === null ? '' : ` ${yuanText(c.cap_amount)} 元（决定时 at decision）`}`);
  print(`  政策包 pack    ${c.pack_id} ${c.pack_version}${c.illustrative ? '（演示数值 illustrative）' : ''} · 受理 ${when(c.opened_at)} ${c.opened_by}`);
  for (const e of events) {
    const extra = [e.level === null ? '' : levelZh(e.level), e.amount === null ? '' : `${yuanText(e.amount)} 元`, e.note ?? ''].filter((s) => s !== '').join(' · ');
    print(`  ${when(e.at)}  ${CASE_ACTION_ZH[e.action]} ${e.action}  ${e.from_status ?? '—'} → ${e.to_status}  ${e.username}${e.role === null ? '' : ` (${e.role})`}${extra === '' ? '' : `  ${extra}`}`);
  }
  printLines(lines);
  printTotals(totals);
}

/** An amount in yuan above 0, two decimals at most, → fen. */
function fenOf(text: string, what: string): number {
  const v = parseYuan(text);
  if (typeof v === 'string' || v <= 0) throw new CliUsageError(`${what}：金额无效（元，大于 0，至多两位小数）/ ${what}: not an amount (yuan above 0, two decimals at most): ${text}`);
  return v;
}

async function list(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { status: { type: 'string' }, kind: { type: 'string' }, year: { type: 'string' }, psn: { type: 'string' }, town: { type: 'string' }, ...PAGE_OPTIONS });
  noPositionals(positionals);
  const status = oneOf<CaseStatus>(values, 'status', CASE_STATUSES);
  const kind = matching(values, 'kind', KIND, '个案类别 / a case kind');
  const town = matching(values, 'town', TOWN, '6–12 位区划代码 / a 6–12 digit code');
  const psnNo = str(values, 'psn');
  const year = yearOf(values);
  const page = pageOf(values);
  return withStore(env, str(values, 'as'), async (db, op) => {
    const rows = await listCases(db, { status, kind, year, psnNo, town, scope: (i) => op.personScope(i), ...page });
    await auditCaseReads(db, op.actor, rows);
    printList(values, rows, page, { key: 'cases', json: caseOut, line: caseLine, counted: (n) => `${n} 个个案 / ${n} cases` });
    return 0;
  });
}

async function show(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = idOf(positionals, '个案', 'case');
  return withStore(env, str(values, 'as'), async (db, op) => {
    const c = await getCase(db, id);
    // another area's case: answered as one that does not exist (the API's 404)
    if (c === undefined || !op.canSeePerson(c)) throw new CliRefusal(`未找到个案 ${id} / case ${id} not found`);
    const [events, lines, totals] = [await caseEvents(db, id), await caseLines(db, { caseId: id }), await personYearTotals(db, c.psn_no, c.year)];
    await auditCaseReads(db, op.actor, [c]);
    if (values['json'] === true) printJson({ ...caseOut(c), events: events.map(caseEventOut), lines: lines.map(caseLineOut), totals: totalsOut(totals) });
    else printCase(c, events, lines, totals);
    return 0;
  });
}

async function open(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { psn: { type: 'string' }, kind: { type: 'string' }, year: { type: 'string' }, reason: { type: 'string' }, requested: { type: 'string' }, alert: { type: 'string' } });
  noPositionals(positionals);
  const psnNo = need(values, 'psn');
  if (psnNo.length > 30) throw new CliUsageError(`--psn 至多 30 个字符 / --psn has at most 30 characters`);
  const kindId = matching(values, 'kind', KIND, '个案类别 / a case kind') ?? need(values, 'kind');
  const year = yearOf(values) ?? Number(need(values, 'year'));
  const reason = noteOf(values, NOTE_MAX, true, 'reason') ?? '';
  const requestedText = str(values, 'requested');
  const requested = requestedText === undefined ? undefined : fenOf(requestedText, '--requested');
  const alertText = str(values, 'alert');
  const alertId = alertText === undefined ? undefined : idOf([alertText], '预警', 'alert');
  return withStore(env, str(values, 'as'), async (db, op) => {
    requireRole(op, 'admin', 'bureau', 'township');
    const c = await openCase(db, policiesOf(env), { psnNo, kindId, year, reason, requested, alertId }, op.actor, (p) => op.canSeePerson(p));
    if (values['json'] === true) printJson(caseOut(c));
    else print(caseLine(c));
    return 0;
  });
}

const STEPS = ['review', 'approve', 'reject', 'decide', 'revoke', 'close', 'supervise'] as const;
type Step = (typeof STEPS)[number];

async function step(env: Env, sub: Step, args: string[]): Promise<number> {
  const options: Options = { note: { type: 'string' } };
  if (sub === 'review') Object.assign(options, { passed: { type: 'boolean' }, refused: { type: 'boolean' } });
  if (sub === 'approve') options['level'] = { type: 'string' };
  if (sub === 'decide') options['line'] = { type: 'string', multiple: true };
  const { values, positionals } = parse(args, options);
  const id = idOf(positionals, '个案', 'case');
  const note = noteOf(values, NOTE_MAX, sub === 'reject' || sub === 'revoke' || sub === 'supervise');
  const passed = values['passed'] === true;
  if (sub === 'review' && passed === (values['refused'] === true)) throw new CliUsageError('cases review 需要 --passed 或 --refused 之一 / needs one of --passed, --refused');
  const level = sub === 'approve' ? matching(values, 'level', KIND, '审批层级 / an approval level') : undefined;
  const lines = sub === 'decide' ? decisionLines(values['line']) : [];
  return withStore(env, str(values, 'as'), async (db, op) => {
    const see = (c: Pick<CaseRow, 'admdvs' | 'town_admdvs' | 'village_admdvs'>) => op.canSeePerson(c);
    let c: CaseRow;
    switch (sub) {
      case 'review':
        requireRole(op, 'admin', 'bureau', 'township');
        c = await reviewCase(db, id, passed, note, op.actor, see);
        break;
      case 'approve':
        requireRole(op, 'admin', 'bureau', 'township');
        c = await approveCase(db, id, level, note, op.actor, see);
        break;
      case 'reject':
        requireRole(op, 'admin', 'bureau', 'township');
        c = await rejectCase(db, id, note, op.actor, see);
        break;
      case 'decide':
        requireRole(op, 'admin', 'bureau');
        c = (await decideCase(db, policiesOf(env), id, lines, note, op.actor, see)).case;
        break;
      case 'revoke':
        requireRole(op, 'admin', 'bureau');
        c = await revokeCase(db, id, note ?? '', op.actor, see);
        break;
      case 'close':
        requireRole(op, 'admin', 'bureau');
        c = await closeCase(db, id, note, op.actor, see);
        break;
      case 'supervise':
        requireRole(op, 'admin', 'bureau');
        c = await superviseCase(db, id, note ?? '', op.actor, see);
        break;
    }
    const booked = sub === 'decide' || sub === 'revoke' ? await caseLines(db, { caseId: id }) : undefined;
    if (values['json'] === true) printJson(booked === undefined ? caseOut(c) : { ...caseOut(c), lines: booked.map(caseLineOut) });
    else {
      print(caseLine(c));
      if (booked !== undefined) printLines(booked);
    }
    return 0;
  });
}

/** `--line source=yuan`, one to ten; the sources the packs may name. */
function decisionLines(raw: unknown): { source: string; amount: number }[] {
  const texts = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  if (texts.length === 0) throw new CliUsageError('cases decide 需要至少一个 --line <source>=<yuan> / needs at least one --line <source>=<yuan>');
  if (texts.length > 10) throw new CliUsageError('至多 10 个 --line / at most 10 --line');
  return texts.map((t) => {
    const eq = t.indexOf('=');
    const source = eq < 0 ? t : t.slice(0, eq);
    if (eq < 0 || !(FUND_SOURCES as readonly string[]).includes(source)) {
      throw new CliUsageError(`--line 应为 <资金来源>=<元>，来源为 ${FUND_SOURCES.join(' | ')} / --line is <source>=<yuan>, a source one of ${FUND_SOURCES.join(', ')}: ${t}`);
    }
    return { source, amount: fenOf(t.slice(eq + 1), `--line ${source}`) };
  });
}

export function casesCommand(args: string[], env: Env = process.env): Promise<number> {
  const steps = Object.fromEntries(STEPS.map((s) => [s, (rest: string[]) => step(env, s, rest)]));
  return subcommands(CASES_USAGE, 'cases', args, { list: (rest) => list(env, rest), show: (rest) => show(env, rest), open: (rest) => open(env, rest), ...steps });
}
