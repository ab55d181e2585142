/**
 * `sanchong report` on a store holding the demonstration region: a report produced, written as
 * XLSX / page / JSON, listed, written again from its snapshot with the same numbers, compared with
 * a fresh run; a township user limited to its township; a period the report is not owed for refused.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { createUser } from '../store/users.js';
import { importCommand } from './import.js';
import { reportCommand } from './report-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-report-cli-'));
const env = { SANCHONG_DATA: join(dir, 'data'), SANCHONG_PACKS: 'demo-cq-pengshui', USER: 'operator' };
const DEMO = new URL('../../examples/demo-cq-pengshui/', import.meta.url).pathname;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  try {
    return { code: await reportCommand(args, env), out: out.join(''), err: err.join('') };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

beforeAll(async () => {
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    for (const kind of ['persons', 'identities', 'enrollments', 'settlements'] as const) expect(await importCommand([kind, join(DEMO, `${kind}.csv`)], env)).toBe(0);
  } finally {
    quiet.mockRestore();
  }
  const db = await openDb(env);
  try {
    await migrate(db);
    await createUser(db, { username: 'town2', password: 'a long enough password', role: 'township', admdvs: '500243002', canUnmask: false, createdBy: 'test' }, { N: 1024, r: 8, p: 1 });
  } finally {
    await db.close();
  }
}, 120_000);

it('produces a report, writes it, lists it, writes the snapshot again identically, and finds no change on a fresh run', async () => {
  const x = join(dir, 'enrollment.xlsx');
  const h = join(dir, 'enrollment.html');
  const r = await run('enrollment', '--period', '2023', '--out', x, '--html', h, '--json');
  expect(r.code, r.err).toBe(0);
  const id = /stored as report (\d+)/.exec(r.err)?.[1] ?? '';
  const produced = JSON.parse(r.out) as { document: unknown };
  expect(id).not.toBe('');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(x);
  expect(wb.worksheets[0]?.name).toBe('说明');
  expect(readFileSync(h, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  expect((await run('list')).out).toContain(`${id}\tenrollment\t2023`);
  const again = await run('show', id, '--json');
  expect(again.code).toBe(0);
  expect((JSON.parse(again.out) as { document: unknown }).document).toEqual(produced.document);
  const changes = await run('changes', id);
  expect(changes.code, changes.err).toBe(0);
  expect(changes.out).toContain('0 changes');
}, 60_000);

it('limits a township user to its township and refuses a period the report is not owed for', async () => {
  const mine = await run('enrollment', '--period', '2023', '--as', 'town2', '--json');
  expect(mine.code, mine.err).toBe(0);
  const doc = (JSON.parse(mine.out) as { document: { town: string; tables: unknown[] } }).document;
  expect(doc.town).toBe('500243002');
  expect(JSON.stringify(doc.tables)).not.toContain('500243001');
  expect((await run('enrollment', '--period', '2023', '--as', 'town2', '--town', '500243001')).code).toBe(1);
  const region = /stored as report (\d+)/.exec((await run('protection', '--period', '2023')).err)?.[1] ?? '';
  expect((await run('show', region, '--as', 'town2')).code).toBe(1);
  const wrong = await run('dispatch', '--period', '2023-Q1');
  expect(wrong.code).toBe(1);
  expect(wrong.err).toMatch(/dispatch/);
  expect((await run('nonsense', '--period', '2023')).code).toBe(2);
}, 60_000);
