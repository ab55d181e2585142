/**
 * `sanchong rectifications …`: the rectification ledger (整改台账, CASE-4, docs/cases.md) from the
 * command line — list (overdue flagged), read with its steps, record a problem (bureau), report
 * progress and rectification (the township concerned or the bureau), send back and close
 * (bureau). Thin over src/store/rectifications.ts, with the roles and the area of the API
 * (src/server/routes/rectifications.ts); who acts: `--as` (src/cli/store-cli.ts).
 */
import { rectEventOut, rectOut } from '../server/views/rectifications.js';
import { todayInChina } from '../store/cases.js';
import type { RectAction, RectEvent, RectRow, RectStatus } from '../store/rectifications.js';
import { actOnRect, canSeeRect, createRect, getRect, listRects, RECT_STATUS_ZH, RECT_STATUSES, rectEvents, rectificationClause } from '../store/rectifications.js';
import { parseDate } from '../time/date.js';
import type { Env } from './store-cli.js';
import {
  CliRefusal, CliUsageError, idOf, matching, need, noPositionals, noteOf, oneOf, PAGE_OPTIONS, pageOf, parse, policiesOf, print, printJson, printList, requireRole, str, subcommands,
  when, withStore,
} from './store-cli.js';

export const RECTIFICATIONS_USAGE = `  sanchong rectifications list [--status open|rectified|closed] [--overdue] [--town <code>] [--limit n] [--offset n]
  sanchong rectifications show <id>
  sanchong rectifications add --admdvs <6 digits> [--town <code>] --problem <text> [--found-in <text>] --measures <text>
                  --owner <text> --deadline <yyyy-MM-dd>
  sanchong rectifications progress|rectify|reopen <id> --note <text>
  sanchong rectifications close <id> [--note <text>]
                                      整改台账 / the rectification ledger (docs/cli-workflow.md)`;

const STEPS = ['progress', 'rectify', 'reopen', 'close'] as const satisfies readonly Exclude<RectAction, 'create'>[];
type Step = (typeof STEPS)[number];

const oneLine = (s: string): string => s.replace(/\s+/g, ' ');

function rectLine(r: RectRow): string {
  return [
    `整改 ${r.rect_id}`, `${RECT_STATUS_ZH[r.status]} ${r.status}${r.overdue ? ' 逾期 OVERDUE' : ''}`, `时限 ${r.deadline}`, `${r.town_admdvs ?? `${r.admdvs}（县级 county）`}`,
    `责任 ${oneLine(r.owner)}`, oneLine(r.problem).slice(0, 60),
  ].join('  ');
}

function printRect(r: RectRow, events: readonly RectEvent[]): void {
  print(rectLine(r));
  print(`  问题 problem   ${r.problem}`);
  if (r.found_in !== null) print(`  来源 found in  ${r.found_in}`);
  print(`  措施 measures  ${r.measures}`);
  print(`  责任 owner     ${r.owner} · 时限 deadline ${r.deadline}${r.clause === null ? '' : ` · 依据 ${r.clause}`}`);
  if (r.result !== null) print(`  结果 result    ${r.result}`);
  for (const e of events) print(`  ${when(e.at)}  ${e.action}  ${e.from_status ?? '—'} → ${e.to_status}  ${e.username}${e.role === null ? '' : ` (${e.role})`}${e.note === null ? '' : `  ${oneLine(e.note)}`}`);
}

async function list(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { status: { type: 'string' }, overdue: { type: 'boolean' }, town: { type: 'string' }, ...PAGE_OPTIONS });
  noPositionals(positionals);
  const status = oneOf<RectStatus>(values, 'status', RECT_STATUSES);
  const town = matching(values, 'town', /^[0-9]{6,12}$/, '6–12 位区划代码 / a 6–12 digit code');
  const overdue = values['overdue'] === true ? true : undefined;
  const page = pageOf(values);
  return withStore(env, str(values, 'as'), async (db, op) => {
    const rows = op.prefix === '' ? [] : await listRects(db, { status, overdue, town, scope: op.prefix ?? undefined, today: todayInChina(), ...page });
    printList(values, rows, page, { key: 'rectifications', json: rectOut, line: rectLine, counted: (n) => `${n} 项 / ${n} items` });
    return 0;
  });
}

async function show(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  const id = idOf(positionals, '整改事项', 'rectification');
  return withStore(env, str(values, 'as'), async (db, op) => {
    const r = await getRect(db, id, todayInChina());
    if (r === undefined || !canSeeRect(op.prefix, r)) throw new CliRefusal(`未找到整改事项 ${id} / rectification ${id} not found`);
    const events = await rectEvents(db, id);
    if (values['json'] === true) printJson({ ...rectOut(r), events: events.map(rectEventOut) });
    else printRect(r, events);
    return 0;
  });
}

function text(values: Record<string, unknown>, name: string, max: number, required: boolean): string | undefined {
  return noteOf(values, max, required, name);
}

async function add(env: Env, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    admdvs: { type: 'string' }, town: { type: 'string' }, problem: { type: 'string' }, 'found-in': { type: 'string' }, measures: { type: 'string' }, owner: { type: 'string' },
    deadline: { type: 'string' },
  });
  noPositionals(positionals);
  const admdvs = matching(values, 'admdvs', /^[0-9]{6}$/, '6 位统筹区代码 / a 6-digit region code') ?? need(values, 'admdvs');
  const town = matching(values, 'town', /^[0-9]{9,12}$/, '9–12 位乡镇代码 / a 9–12 digit township code');
  const problem = text(values, 'problem', 2000, true) ?? '';
  const foundIn = text(values, 'found-in', 500, false);
  const measures = text(values, 'measures', 4000, true) ?? '';
  const owner = text(values, 'owner', 200, true) ?? '';
  const deadlineText = need(values, 'deadline');
  const deadline = /^\d{4}-\d{2}-\d{2}$/.test(deadlineText) ? parseDate(deadlineText) : undefined;
  if (deadline === undefined) throw new CliUsageError(`--deadline 应为日期 yyyy-MM-dd / --deadline is a date yyyy-MM-dd: ${deadlineText}`);
  return withStore(env, str(values, 'as'), async (db, op) => {
    requireRole(op, 'admin', 'bureau');
    const region = policiesOf(env).forAdmdvs(admdvs);
    if (region === undefined) throw new CliRefusal(`统筹区 ${admdvs} 没有运行中的政策包 / no pack runs for region ${admdvs}`);
    const r = await createRect(db, { admdvs, town, problem, foundIn, measures, owner, deadline, clause: rectificationClause(region) }, op.actor, todayInChina());
    if (values['json'] === true) printJson(rectOut(r));
    else print(rectLine(r));
    return 0;
  });
}

async function step(env: Env, sub: Step, args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { note: { type: 'string' } });
  const id = idOf(positionals, '整改事项', 'rectification');
  const note = text(values, 'note', 4000, sub !== 'close');
  return withStore(env, str(values, 'as'), async (db, op) => {
    if (sub === 'progress' || sub === 'rectify') requireRole(op, 'admin', 'bureau', 'township');
    else requireRole(op, 'admin', 'bureau');
    const r = await actOnRect(db, id, sub, note, op.actor, (item) => canSeeRect(op.prefix, item), todayInChina());
    if (values['json'] === true) printJson(rectOut(r));
    else print(rectLine(r));
    return 0;
  });
}

export function rectificationsCommand(args: string[], env: Env = process.env): Promise<number> {
  const steps = Object.fromEntries(STEPS.map((s) => [s, (rest: string[]) => step(env, s, rest)]));
  return subcommands(RECTIFICATIONS_USAGE, 'rectifications', args, { list: (rest) => list(env, rest), show: (rest) => show(env, rest), add: (rest) => add(env, rest), ...steps });
}
