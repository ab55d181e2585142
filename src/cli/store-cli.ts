/**
 * What the store commands of the alert, case and rectification workflows share
 * (docs/cli-workflow.md): opening the store, who acts (`--as <user>`: a stored, enabled user whose
 * role, area and unmask right apply exactly as in the API; without it the operating-system user
 * with role `cli`: every role's steps, no area limit, but not the unmask right, which an admin
 * grants to named users only), the role a command needs, and the exit codes — 0 done, 1
 * refused (role, area, workflow), 2 usage (or an unknown or disabled `--as`, or a store another
 * process holds).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CaseError } from '../cases/workflow.js';
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { loadRegions } from '../policy/load.js';
import type { RegionPolicies } from '../policy/regions.js';
import type { ScopedPerson } from '../server/auth.js';
import { canSeePerson, personScopeSql, scopeOf } from '../server/auth.js';
import { DEMO_PACK } from '../server/serve.js';
import type { Actor } from '../store/alerts.js';
import { AlertError } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { StoreLockedError } from '../store/pglite-lock.js';
import type { SessionUser } from '../store/sessions.js';
import type { Role } from '../store/users.js';
import { findUser } from '../store/users.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** A usage error: exit 2. */
export class CliUsageError extends Error {}

/** A refusal of the role or area (the API's 403 / 404): exit 1, as the workflow's own refusals. */
export class CliRefusal extends Error {}

/** Who acts on the store from the command line. */
export interface Operator {
  /** As recorded in the events and the audit log (no ip: the command line). */
  readonly actor: Actor;
  /** The stored user's role, or `cli` for the operating-system user. */
  readonly role: Role | 'cli';
  /** Whether ID numbers may be given in full (a stored user's can_unmask; the operator: no). */
  readonly canUnmask: boolean;
  /** A township user's area prefix ('' = nothing); null = no limit. */
  readonly prefix: string | null;
  /** Whether the person (of an alert, a case) is within the operator's area. */
  canSeePerson(p: ScopedPerson): boolean;
  /** The same as SQL on `persons p` (listAlerts, listCases). */
  personScope(firstParamIndex: number): { sql: string; params: string[] };
}

/**
 * The operating-system user: role `cli`, every role's steps, no area limit — the operator's full
 * rights (they hold the store). Not the unmask right: full ID numbers only through `--as` a user
 * an admin granted it to, so that every full number given out names that user.
 */
export function operatorOf(env: Env): Operator {
  const username = env['USER'] !== undefined && env['USER'] !== '' ? env['USER'] : userInfo().username;
  return {
    actor: { username, role: 'cli', ip: null },
    role: 'cli',
    canUnmask: false,
    prefix: null,
    canSeePerson: () => true,
    personScope: () => ({ sql: 'TRUE', params: [] }),
  };
}

/** `--as <username>`: a stored, enabled user; CliUsageError otherwise. Without it, the operating-system user. */
export async function resolveOperator(db: Db, as: string | undefined, env: Env): Promise<Operator> {
  if (as === undefined) return operatorOf(env);
  const u = await findUser(db, as);
  if (u === undefined) throw new CliUsageError(`--as ${as}：没有这个用户 / --as ${as}: no such user`);
  if (u.disabled) throw new CliUsageError(`--as ${as}：该用户已停用 / --as ${as}: the user is disabled`);
  const session: SessionUser = { userId: u.userId, username: u.username, role: u.role, admdvs: u.admdvs, canUnmask: u.canUnmask };
  return {
    actor: { username: u.username, role: u.role, ip: null },
    role: u.role,
    canUnmask: u.canUnmask,
    prefix: scopeOf(session),
    canSeePerson: (p) => canSeePerson(session, p),
    personScope: (i) => personScopeSql(session, 'p', i),
  };
}

/** Refuses (exit 1) a role the API's route does not admit; `cli` (the operator) may do everything. */
export function requireRole(op: Operator, ...roles: Role[]): void {
  if (op.role === 'cli' || roles.includes(op.role)) return;
  throw new CliRefusal(`没有权限（需要角色 ${roles.join('、')}，${op.actor.username} 是 ${op.role}）/ not allowed: this needs the role ${roles.join(' or ')}; ${op.actor.username} is ${op.role}`);
}

/** The packs the service runs: SANCHONG_PACKS, else the demonstration pack (as `sanchong serve`). */
export function policiesOf(env: Env): RegionPolicies {
  const spec = env['SANCHONG_PACKS'];
  return loadRegions(spec !== undefined && spec.trim() !== '' ? spec : DEMO_PACK);
}

/** Opens the store (migrated), resolves `--as`, runs `fn`, closes the store. */
export async function withStore<T>(env: Env, as: string | undefined, fn: (db: Db, op: Operator) => Promise<T>): Promise<T> {
  const db = await openDb(env);
  try {
    await migrate(db);
    return await fn(db, await resolveOperator(db, as, env));
  } finally {
    await db.close();
  }
}

/**
 * Runs a store command and maps what it throws to its exit code: usage (and an unparsable
 * option) → 2 with the usage text, a store another process holds → 2, a refusal (role, area,
 * CaseError, AlertError) → 1 with its reason in Chinese and English. Anything else is a bug: thrown.
 */
export async function storeCommand(usage: string, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof CliUsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${e.message}\n${usage}\n`);
      return 2;
    }
    if (e instanceof StoreLockedError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof CliRefusal || e instanceof CaseError || e instanceof AlertError) {
      process.stderr.write(`拒绝 / refused: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * `sanchong <group> <subcommand> …`: the subcommand's handler, given the arguments after it, run
 * under storeCommand (its exit codes); a missing or unknown subcommand is a usage error.
 */
export async function subcommands(usage: string, group: string, args: readonly string[], handlers: Readonly<Record<string, (rest: string[]) => Promise<number>>>): Promise<number> {
  const [sub, ...rest] = args;
  return storeCommand(usage, async () => {
    if (sub === undefined) throw new CliUsageError('缺少子命令 / missing subcommand');
    const run = Object.hasOwn(handlers, sub) ? handlers[sub] : undefined;
    if (run === undefined) throw new CliUsageError(`未知子命令 / unknown subcommand: ${group} ${sub}`);
    return run(rest);
  });
}

// parsing ----------------------------------------------------------------------------------------

export type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Options and positionals of a subcommand (strict: an unknown option is a usage error). */
export function parse(args: string[], options: Options): { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] } {
  const { values, positionals } = parseArgs({ args, options: { ...options, as: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  return { values, positionals };
}

/** A string option's value (undefined when absent); a usage error when given empty. */
export function str(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new CliUsageError(`--${name} 不能为空 / --${name} is empty`);
  return v;
}

export function need(values: Record<string, unknown>, name: string): string {
  const v = str(values, name);
  if (v === undefined) throw new CliUsageError(`缺少参数 --${name} / missing --${name}`);
  return v;
}

/** The one positional `<id>`: a positive integer. */
export function idOf(positionals: readonly string[], zh: string, en: string): number {
  if (positionals.length !== 1) throw new CliUsageError(`需要一个${zh}编号 / one ${en} id is needed`);
  const text = positionals[0] ?? '';
  const id = Number(text);
  if (!/^\d{1,15}$/.test(text) || !Number.isSafeInteger(id) || id < 1) throw new CliUsageError(`编号应为正整数 / an id is a positive integer: ${text}`);
  return id;
}

export function noPositionals(positionals: readonly string[]): void {
  if (positionals.length > 0) throw new CliUsageError(`多余的参数 / unexpected arguments: ${positionals.join(' ')}`);
}

export function yearOf(values: Record<string, unknown>, name = 'year'): number | undefined {
  const t = str(values, name);
  if (t === undefined) return undefined;
  const y = Number(t);
  if (!/^\d{4}$/.test(t) || y < 2000 || y > 2100) throw new CliUsageError(`--${name} 应为年份 yyyy / --${name} is a year yyyy: ${t}`);
  return y;
}

export function oneOf<T extends string>(values: Record<string, unknown>, name: string, allowed: readonly T[]): T | undefined {
  const t = str(values, name);
  if (t === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(t)) throw new CliUsageError(`--${name} 应为 ${allowed.join(' | ')} / --${name} is one of ${allowed.join(', ')}: ${t}`);
  return t as T;
}

export function needOneOf<T extends string>(values: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  need(values, name);
  return oneOf(values, name, allowed) as T;
}

export function matching(values: Record<string, unknown>, name: string, re: RegExp, what: string): string | undefined {
  const t = str(values, name);
  if (t !== undefined && !re.test(t)) throw new CliUsageError(`--${name} 应为${what} / --${name}: ${t}`);
  return t;
}

/** A note (意见 / 说明) within the API's length; required or not. */
export function noteOf(values: Record<string, unknown>, max: number, required: boolean, name = 'note'): string | undefined {
  const t = required ? need(values, name) : str(values, name);
  if (t !== undefined && t.length > max) throw new CliUsageError(`--${name} 至多 ${max} 个字符 / --${name} has at most ${max} characters`);
  return t;
}

export function pageOf(values: Record<string, unknown>): { limit: number; offset: number } {
  const limit = str(values, 'limit') ?? '100';
  const offset = str(values, 'offset') ?? '0';
  if (!/^\d{1,4}$/.test(limit) || Number(limit) < 1 || Number(limit) > 1000) throw new CliUsageError(`--limit 应为 1–1000 / --limit is 1–1000: ${limit}`);
  if (!/^\d{1,9}$/.test(offset)) throw new CliUsageError(`--offset 应为非负整数 / --offset is a whole number: ${offset}`);
  return { limit: Number(limit), offset: Number(offset) };
}

export const PAGE_OPTIONS: Options = { limit: { type: 'string' }, offset: { type: 'string' } };
export const TOWN = /^[0-9]{6,12}$/;

// output -----------------------------------------------------------------------------------------

export const print = (line = ''): void => void process.stdout.write(`${line}\n`);
export const printJson = (v: unknown): void => print(JSON.stringify(v, null, 2));

/**
 * A list: with `--json` `{ [key]: the rows as JSON, limit, offset }` (as the API answers it), else a
 * line a row on stdout and how many on stderr.
 */
export function printList<T>(
  values: Record<string, unknown>, rows: readonly T[], page: { limit: number; offset: number },
  o: { key: string; json: (row: T) => unknown; line: (row: T) => string; counted: (n: number) => string },
): void {
  if (values['json'] === true) printJson({ [o.key]: rows.map((r) => o.json(r)), ...page });
  else {
    for (const r of rows) print(o.line(r));
    process.stderr.write(`${o.counted(rows.length)}\n`);
  }
}

export const yuanText = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '—' : formatYuan(fen as Fen));
/** A timestamp in Beijing time, to the minute ('2024-03-01 10:05'). */
export const when = (d: Date | null | undefined): string =>
  d === null || d === undefined ? '—' : new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(d);
