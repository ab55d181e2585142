import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { openDb } from '../store/db.js';
import { importCommand } from './import.js';
import { rescreenCommand } from './rescreen.js';
import { screenCommand } from './screen.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-rescreen-'));
const env = { SANCHONG_DATA: dir, SANCHONG_PACKS: 'demo-cq-pengshui', USER: 'tester' };
const DEMO = 'examples/demo-cq-pengshui';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Row = { psn_no: string; rule_id: string; amount: string; setl_id: string };

async function stored(): Promise<Row[]> {
  const db = await openDb(env);
  try {
    return await db.query<Row>(`SELECT psn_no, rule_id, (amount::numeric / 100)::numeric(14, 2)::text AS amount, setl_id FROM alerts ORDER BY psn_no, rule_id`);
  } finally {
    await db.close();
  }
}

it('imports raise through the ledger the alerts `sanchong screen` gives on the same files; rescreen raises them again once deleted, then nothing', async () => {
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    for (const kind of ['persons', 'identities', 'settlements']) expect(await importCommand([kind, join(DEMO, `${kind}.csv`)], env)).toBe(0);
    const out = join(dir, 'alerts.csv');
    const args = ['--pack', 'demo-cq-pengshui', '--persons', join(DEMO, 'persons.csv'), '--identities', join(DEMO, 'identities.csv')];
    expect(await screenCommand([...args, '--settlements', join(DEMO, 'settlements.csv'), '--year', '2023', '--out', out])).toBe(0);
    const [, ...lines] = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    const screened = lines.map((l) => l.split(',')).map((f) => ({ psn_no: f[0], rule_id: f[1], amount: f[3], setl_id: f[8] })).sort((a, b) => ((a.psn_no ?? '') < (b.psn_no ?? '') ? -1 : 1));
    expect(screened.length).toBeGreaterThan(0);
    expect(await stored()).toEqual(screened);

    const db = await openDb(env);
    try {
      await db.exec('DELETE FROM alert_events; DELETE FROM alerts');
    } finally {
      await db.close();
    }
    expect(await rescreenCommand(['--year', '2023', '--by', 'tester'], env)).toBe(0);
    expect(await stored()).toEqual(screened);
    expect(await rescreenCommand(['--year', '2023'], env)).toBe(0);
    expect(quiet.mock.calls.map((c) => String(c[0])).at(-1)).toMatch(/新预警 0 条 \/ re-screened 2023: \d+ persons, 0 new alerts/);
    expect(await rescreenCommand(['--year', '23'], env)).toBe(2);
    expect(await rescreenCommand([], env)).toBe(2);
  } finally {
    quiet.mockRestore();
  }
}, 120_000);
