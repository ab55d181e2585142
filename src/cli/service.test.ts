import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { openDb } from '../store/db.js';
import { importCommand } from './import.js';
import { recomputeCommand, verifyCommand } from './service.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-service-'));
const env = { SANCHONG_DATA: dir, SANCHONG_PACKS: 'demo-cq-pengshui', USER: 'tester' };
const DEMO = 'examples/demo-cq-pengshui';

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('imports settle through the ledger; verify finds a tampered result; recompute books it back', async () => {
  const quiet = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    for (const kind of ['persons', 'identities', 'settlements']) expect(await importCommand([kind, join(DEMO, `${kind}.csv`)], env)).toBe(0);
    expect(await verifyCommand([], env)).toBe(0);
    const db = await openDb(env);
    try {
      // 747 rows: 739 settlements, 8 of them reversed by the other 8 rows; none refused
      const [r] = await db.query<{ n: number; p: number }>('SELECT (SELECT count(*) FROM settlement_results)::bigint AS n, (SELECT count(*) FROM settlement_problems)::bigint AS p');
      expect(r).toEqual({ n: 731, p: 0 });
      await db.query("UPDATE settlement_results SET hifp_pay = hifp_pay + 100, fund_pay_sumamt = fund_pay_sumamt + 100, psn_part_amt = psn_part_amt - 100 WHERE setl_id = 'S00000000001'");
      await db.query("UPDATE settlement_payments SET hifp_pay = hifp_pay + 100 WHERE setl_id = 'S00000000001'");
    } finally {
      await db.close();
    }
    expect(await verifyCommand([], env)).toBe(1);
    expect(await recomputeCommand(['--by', 'tester'], env)).toBe(0);
    expect(await verifyCommand([], env)).toBe(0);
    const db2 = await openDb(env);
    try {
      const lines = await db2.query<{ tier: string; amount: number; cause: string; caused_by: string }>("SELECT tier, amount, cause, caused_by FROM adjustments WHERE setl_id = 'S00000000001'");
      expect(lines).toEqual([{ tier: 'basic', amount: -100, cause: 'recompute', caused_by: 'tester' }]);
    } finally {
      await db2.close();
    }
    expect(await verifyCommand(['extra'], env)).toBe(2);
  } finally {
    quiet.mockRestore();
    out.mockRestore();
  }
}, 120_000);
