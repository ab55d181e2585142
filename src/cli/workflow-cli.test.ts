/**
 * One person followed through the command line only (docs/cli-workflow.md): a large bill imported
 * → an alert (MON-CQ-1, demo-cq-pengshui: a personal burden of 14,000 yuan or more) → a push list
 * → the township's verification → closed → a 一事一议 case opened, reviewed, approved by the
 * township and the bureau, decided, closed; every step in the audit log under the user who did
 * it, and the refusals of role, area and `--as`.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { auditTrail } from '../store/audit.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createUser, updateUser } from '../store/users.js';
import { alertsCommand } from './alerts-cli.js';
import { auditCommand } from './audit-cli.js';
import { casesCommand } from './cases-cli.js';
import { importCommand } from './import.js';
import { rectificationsCommand } from './rectifications-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-workflow-cli-'));
const env = { SANCHONG_DATA: join(dir, 'data'), SANCHONG_PACKS: 'demo-cq-pengshui', USER: 'operator' };
const CERTNO = '500243196507240019';
const FAST = { N: 1024, r: 8, p: 1 };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Command = (args: string[], env: Record<string, string>) => Promise<number>;

/** Runs a command; its exit code and what it printed. */
async function run(cmd: Command, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  try {
    const code = await cmd(args, env);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

async function json<T>(cmd: Command, ...args: string[]): Promise<T> {
  const r = await run(cmd, ...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

/** Exit 1 with the refusal printed. */
async function refused(pattern: RegExp, cmd: Command, ...args: string[]): Promise<void> {
  const r = await run(cmd, ...args);
  expect(r.code, r.err + r.out).toBe(1);
  expect(r.err).toMatch(pattern);
}

beforeAll(async () => {
  const write = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const files = {
    persons: write('persons.csv', `psn_no,certno,psn_name,insuplc_admdvs,insu_tier,town_admdvs,village_admdvs,rural\nP1,${CERTNO},张三,500243,1,500243001,500243001001,1\n`),
    identities: write('identities.csv', 'psn_no,idet_type,begndate,enddate\nP1,脱贫人口,2020-01-01,\n'),
    // 200,000 yuan in hospital: far above the 14,000 yuan line after every tier
    settlements: write('settlements.csv', 'setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt\nW1,P1,21,05,2023-06-01 10:00:00,200000.00,180000.00\n'),
  };
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    for (const kind of ['persons', 'identities', 'settlements'] as const) expect(await importCommand([kind, files[kind]], env)).toBe(0);
  } finally {
    quiet.mockRestore();
  }
  const db = await openDb(env);
  try {
    await migrate(db);
    const user = (username: string, role: 'bureau' | 'township' | 'viewer', admdvs: string | null = null, canUnmask = false) =>
      createUser(db, { username, password: 'a long enough password', role, admdvs, canUnmask, createdBy: 'test' }, FAST);
    await user('clerk', 'bureau');
    await user('town1', 'township', '500243001');
    await user('town2', 'township', '500243002');
    await user('viewer1', 'viewer');
    await user('unmasker', 'bureau', null, true);
    await user('gone', 'bureau');
    await updateUser(db, 'gone', { disabled: true }, FAST);
  } finally {
    await db.close();
  }
}, 120_000);

interface AlertOut {
  id: number;
  psn_no: string;
  certno: string;
  rule: string;
  status: string;
  amount: string;
  events?: { to: string; username: string; outcome: string | null }[];
}
interface CaseOut {
  id: number;
  status: string;
  next_level: string | null;
  decided: string | null;
  lines?: { source: string; amount: string }[];
  events?: { action: string; username: string }[];
  totals?: { cases_total: string };
}

it('a large bill → alert → push list → township verification → closed → 一事一议 decided and closed, all from the command line, all audited', async () => {
  // the alert the import raised
  const { alerts } = await json<{ alerts: AlertOut[] }>(alertsCommand, 'list', '--status', 'raised', '--year', '2023', '--as', 'clerk');
  expect(alerts).toHaveLength(1);
  const alert = alerts[0] as AlertOut;
  expect(alert).toMatchObject({ psn_no: 'P1', rule: 'MON-CQ-1', status: 'raised', certno: '500243********0019' });
  expect(Number(alert.amount)).toBeGreaterThanOrEqual(14_000);
  const id = String(alert.id);

  // another township sees nothing of it
  expect((await json<{ alerts: AlertOut[] }>(alertsCommand, 'list', '--as', 'town2')).alerts).toEqual([]);
  await refused(/未找到预警 \d+ \/ alert \d+ not found/, alertsCommand, 'show', id, '--as', 'town2');
  // a township user cannot push, nor export push lists
  await refused(/需要角色 admin、bureau/, alertsCommand, 'push', id, '--department', 'rural_revitalisation', '--as', 'town1');

  // the push list, as the bureau (no unmask right): XLSX, one sheet per township, ID numbers masked
  const xlsx = join(dir, 'push.xlsx');
  const pushed = await run(alertsCommand, 'push-list', '--department', 'rural_revitalisation', '--year', '2023', '--out', xlsx, '--as', 'clerk');
  expect(pushed.code, pushed.err).toBe(0);
  expect(pushed.out).toMatch(/1 个乡镇，1 条预警已推送.*身份证号已脱敏 \/ push list .*: rural_revitalisation, 1 township, 1 alert pushed \(push ids \d+\), ID numbers masked/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx);
  const sheet = wb.getWorksheet('500243001');
  expect(sheet?.getRow(1).getCell(5).value).toBe('公民身份号码');
  const row = (sheet?.getRow(2).values ?? []) as unknown[];
  expect(row.slice(1, 8)).toEqual([1, alert.id, 'P1', '张三', '500243********0019', '500243001', '500243001001']);
  expect(row[8]).toBe('MON-CQ-1');
  expect(row.at(-1)).toBe('乡村振兴部门');

  // verified by the person's township (not another), closed by the bureau (not the township)
  await refused(/未找到预警/, alertsCommand, 'verify', id, '--outcome', 'included', '--as', 'town2');
  expect((await json<AlertOut>(alertsCommand, 'verify', id, '--outcome', 'included', '--note', '入户核实', '--as', 'town1')).status).toBe('verified');
  await refused(/需要角色 admin、bureau/, alertsCommand, 'close', id, '--as', 'town1');
  await refused(/不能推送.*\/ alert \d+ is verified: it cannot push/, alertsCommand, 'push', id, '--department', 'rural_revitalisation', '--as', 'clerk');
  expect((await json<AlertOut>(alertsCommand, 'close', id, '--note', '已纳入监测', '--as', 'clerk')).status).toBe('closed');
  const shown = await json<AlertOut>(alertsCommand, 'show', id, '--as', 'town1');
  expect(shown.events?.map((e) => [e.to, e.username])).toEqual([['raised', 'system'], ['pushed', 'clerk'], ['verified', 'town1'], ['closed', 'clerk']]);

  // the case: 一事一议 (P1 holds 脱贫人口), opened and approved by the township, the bureau's level and decision by the bureau
  const openArgs = ['open', '--psn', 'P1', '--kind', 'CASE-1', '--year', '2023', '--reason', '大病住院，家庭基本生活困难', '--requested', '10000', '--alert', id];
  await refused(/未找到人员 P1 \/ person P1 not found/, casesCommand, ...openArgs, '--as', 'town2');
  await refused(/需要角色 admin、bureau、township/, casesCommand, ...openArgs, '--as', 'viewer1');
  const opened = await json<CaseOut>(casesCommand, ...openArgs, '--as', 'town1');
  expect(opened.status).toBe('applied');
  const cid = String(opened.id);
  expect((await json<CaseOut>(casesCommand, 'review', cid, '--passed', '--note', '材料齐全', '--as', 'town1')).status).toBe('reviewed');
  expect(await json<CaseOut>(casesCommand, 'approve', cid, '--level', 'township', '--note', '乡镇同意', '--as', 'town1')).toMatchObject({ status: 'reviewed', next_level: 'bureau' });
  await refused(/乡镇用户不能代为审批/, casesCommand, 'approve', cid, '--as', 'town1');
  expect((await json<CaseOut>(casesCommand, 'approve', cid, '--level', 'bureau', '--as', 'clerk')).status).toBe('approved');
  const decideArgs = ['decide', cid, '--line', 'social_assistance=5000', '--line', 'donation=2000.50', '--note', '议定'];
  await refused(/需要角色 admin、bureau.*viewer1 是 viewer/, casesCommand, ...decideArgs, '--as', 'viewer1');
  await refused(/需要角色 admin、bureau/, casesCommand, ...decideArgs, '--as', 'town1');
  const decided = await json<CaseOut>(casesCommand, ...decideArgs, '--as', 'clerk');
  expect(decided).toMatchObject({ status: 'decided', decided: '7000.50' });
  expect(decided.lines?.map((l) => [l.source, l.amount])).toEqual([['social_assistance', '5000.00'], ['donation', '2000.50']]);
  await refused(/未找到个案 \d+ \/ case \d+ not found/, casesCommand, 'show', cid, '--as', 'town2');
  const text = await run(casesCommand, 'show', cid, '--as', 'town1');
  expect(text.code).toBe(0);
  expect(text.out).toContain('决定 7000.50 元');
  expect(text.out).toContain('500243********0019');
  expect(text.out).not.toContain(CERTNO);
  expect(text.out).toMatch(/个案 cases 7000\.50 \(社会捐赠 2000\.50、社会救助 5000\.00\)/);
  expect((await json<CaseOut>(casesCommand, 'close', cid, '--note', '已发放', '--as', 'clerk')).status).toBe('closed');
  const c = await json<CaseOut>(casesCommand, 'show', cid);
  expect(c.events?.map((e) => [e.action, e.username])).toEqual([
    ['open', 'town1'], ['review', 'town1'], ['approve', 'town1'], ['approve', 'clerk'], ['decide', 'clerk'], ['close', 'clerk'],
  ]);
  expect(c.totals?.cases_total).toBe('7000.50');

  // the person's trail from the command line: the bureau's (not a township's), itself audited
  await refused(/需要角色 admin、bureau/, auditCommand, 'P1', '--as', 'town1');
  await refused(/未找到人员 P9/, auditCommand, 'P9', '--as', 'clerk');
  const { entries } = await json<{ entries: { action: string; username: string }[] }>(auditCommand, 'P1', '--as', 'clerk');
  expect(entries.map((e) => e.action)).toContain('case-decide');

  // every step in the audit log, under the user who did it (reads included; the operator without --as as `cli`)
  const db = await openDb(env);
  try {
    const trail = (await auditTrail(db, { psnNo: 'P1', limit: 1000 })).reverse().filter((e) => /^(alert|case)-/.test(e.action));
    expect(trail.map((e) => `${e.username}:${e.role ?? ''}:${e.action}`)).toEqual([
      'system::alert-raise',
      'clerk:bureau:alert-read',
      'clerk:bureau:alert-push-list',
      'town1:township:alert-verify',
      'clerk:bureau:alert-close',
      'town1:township:alert-read',
      'town1:township:case-open',
      'town1:township:case-review',
      'town1:township:case-approve',
      'clerk:bureau:case-approve',
      'clerk:bureau:case-decide',
      'town1:township:case-read',
      'clerk:bureau:case-close',
      'operator:cli:case-read',
    ]);
    expect((await auditTrail(db, { psnNo: 'P1', action: 'audit-read', limit: 10 })).map((e) => e.username)).toEqual(['clerk']);
    const [list] = await auditTrail(db, { action: 'alert-push-list', username: 'clerk', limit: 10 });
    expect(list).toMatchObject({ psnNo: null, target: expect.stringMatching(/^push \d+$/), detail: { department: 'rural_revitalisation', alerts: 1, masked: true } });
    // the command line has no address: what the API records with an ip, the CLI records without
    expect(trail.every((e) => e.ip === null)).toBe(true);
  } finally {
    await db.close();
  }
}, 300_000);

it('refuses an unknown or disabled --as user, and wrong usage, with exit 2; a store held by another opener, with exit 2', async () => {
  for (const as of ['nobody', 'gone']) {
    const r = await run(alertsCommand, 'list', '--as', as);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(as === 'gone' ? /该用户已停用 \/ --as gone: the user is disabled/ : /没有这个用户 \/ --as nobody: no such user/);
  }
  for (const args of [['review', '1'], ['decide', '1', '--line', 'treasury=12.345'], ['decide', '1', '--line', 'cash=10'], ['open', '--psn', 'P1'], ['frobnicate'], [], ['show', 'x'], ['list', '--bogus']]) {
    expect((await run(casesCommand, ...args)).code, args.join(' ')).toBe(2);
  }
  expect((await run(alertsCommand, 'push-list', '--department', 'rural_revitalisation', '--out', join(dir, 'list.csv'))).code).toBe(2);
  expect((await run(alertsCommand, 'verify', '1', '--outcome', 'maybe')).code).toBe(2);
  expect((await run(rectificationsCommand, 'add', '--admdvs', '500243', '--problem', 'p', '--measures', 'm', '--owner', 'o', '--deadline', '2024-02-30')).code).toBe(2);

  // full ID numbers in a push list: only a user granted the unmask right, unless --mask; never the operator without --as
  const list = (...as: string[]) => json<{ masked: boolean; alerts: number }>(alertsCommand, 'push-list', '--department', 'civil_affairs', '--out', join(dir, 'empty.xlsx'), ...as);
  expect(await list()).toMatchObject({ masked: true, alerts: 0 });
  expect(await list('--as', 'unmasker')).toMatchObject({ masked: false, alerts: 0 });
  expect(await list('--as', 'unmasker', '--mask')).toMatchObject({ masked: true, alerts: 0 });

  const db = await openDb(env);
  try {
    const r = await run(alertsCommand, 'list');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/请先停止该进程（如 sanchong serve），或改用 PostgreSQL（设置 DATABASE_URL）/);
  } finally {
    await db.close();
  }
}, 120_000);

it('the rectification ledger: recorded by the bureau, reported on by its township only, closed by the bureau', async () => {
  interface RectOut { id: number; status: string; overdue: boolean; clause: string | null; town_admdvs: string | null; events?: { action: string; username: string }[] }
  await refused(/需要角色 admin、bureau/, rectificationsCommand, 'add', '--admdvs', '500243', '--town', '500243001', '--problem', 'p', '--measures', 'm', '--owner', 'o', '--deadline', '2020-01-31', '--as', 'town1');
  const r = await json<RectOut>(
    rectificationsCommand, 'add', '--admdvs', '500243', '--town', '500243001', '--problem', '后评估通报：资助参保未全覆盖', '--found-in', '通报第3条', '--measures', '逐户核实补缴',
    '--owner', '某镇社保所', '--deadline', '2020-01-31', '--as', 'clerk',
  );
  expect(r).toMatchObject({ status: 'open', overdue: true, town_admdvs: '500243001' });
  const rid = String(r.id);
  expect((await json<{ rectifications: RectOut[] }>(rectificationsCommand, 'list', '--overdue', '--as', 'town2')).rectifications).toEqual([]);
  expect((await json<{ rectifications: RectOut[] }>(rectificationsCommand, 'list', '--overdue', '--as', 'town1')).rectifications.map((x) => x.id)).toEqual([r.id]);
  await refused(/未找到整改事项/, rectificationsCommand, 'progress', rid, '--note', '已核实 10 户', '--as', 'town2');
  expect((await json<RectOut>(rectificationsCommand, 'progress', rid, '--note', '已核实 10 户', '--as', 'town1')).status).toBe('open');
  expect((await json<RectOut>(rectificationsCommand, 'rectify', rid, '--note', '已全部补缴', '--as', 'town1')).status).toBe('rectified');
  await refused(/需要角色 admin、bureau/, rectificationsCommand, 'close', rid, '--as', 'town1');
  expect((await json<RectOut>(rectificationsCommand, 'close', rid, '--as', 'clerk')).status).toBe('closed');
  await refused(/不能报告进展/, rectificationsCommand, 'progress', rid, '--note', 'x', '--as', 'clerk');
  const shown = await json<RectOut>(rectificationsCommand, 'show', rid, '--as', 'viewer1');
  expect(shown.events?.map((e) => [e.action, e.username])).toEqual([['create', 'clerk'], ['progress', 'town1'], ['rectify', 'town1'], ['close', 'clerk']]);
  const db = await openDb(env);
  try {
    const trail = (await auditTrail(db, { limit: 1000 })).reverse().filter((e) => e.action.startsWith('rectification-'));
    expect(trail.map((e) => `${e.username}:${e.action}`)).toEqual(['clerk:rectification-create', 'town1:rectification-progress', 'town1:rectification-rectify', 'clerk:rectification-close']);
  } finally {
    await db.close();
  }
}, 300_000);
