import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settleTable } from '../benefits/columns.js';
import { IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements } from '../demo/synthetic.js';
import type { Record as SyntheticRecord } from '../demo/synthetic.js';
import { csvLine } from '../ingest/csv-writer.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import { FoldWorker, settleTableParallel } from './fold-parallel.js';
import { readInputs } from './inputs.js';

// the worker runs compiled code: `npm test` builds before it tests
const compiled = new URL('../../dist/cli/fold-worker.js', import.meta.url);

function write(path: string, columns: readonly string[], records: Iterable<SyntheticRecord>): void {
  let text = csvLine(columns);
  for (const r of records) text += csvLine(columns.map((c) => r[c] ?? ''));
  writeFileSync(path, text);
}

describe.skipIf(!existsSync(compiled))('the fold on two threads', () => {
  it('gives the results of one thread, problems included, and falls back to one when the worker fails', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sanchong-par-'));
    const opts = { seed: 7, persons: 3000, year: 2023, admdvs: '500243', townships: 5, settlementsPerPerson: 2.5, basicGivenShare: 0.3 };
    const files = { persons: join(d, 'persons.csv'), identities: join(d, 'identities.csv'), settlements: join(d, 'settlements.csv') };
    write(files.persons, PERSON_COLUMNS, syntheticPersons(opts));
    write(files.identities, IDENTITY_COLUMNS, syntheticIdentities(opts));
    // every 37th row without its hospital level: inpatient ones cannot be settled (problems on both threads)
    write(files.settlements, SETTLEMENT_COLUMNS, [...syntheticSettlements(opts)].map((r, i) => (i % 37 === 0 ? { ...r, hosp_lv: '' } : r)));
    const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
    const inputs = await readInputs(files, '500243');
    const one = settleTable(policy, inputs.settlements);
    const plain = (c: typeof one): unknown => ({ ...c, status: [...c.status], basic: [...c.basic], criticalIllness: [...c.criticalIllness], assistance: [...c.assistance], reAssistance: [...c.reAssistance], version: [...c.version], problems: [...c.problems].sort((a, b) => a[0] - b[0]) });
    const worker = await FoldWorker.start(files.settlements, compiled, 0, true);
    expect(worker).toBeDefined();
    try {
      // the scan on the worker reads as the main thread does
      const scanned = await worker?.scan(files.settlements);
      const fromScan = await readInputs(files, '500243', {}, Promise.resolve(scanned));
      expect(scanned?.count).toBeGreaterThan(5000);
      expect([...fromScan.settlements.time.subarray(0, fromScan.settlements.count)]).toEqual([...inputs.settlements.time.subarray(0, inputs.settlements.count)]);
      expect([...fromScan.settlements.owner.subarray(0, fromScan.settlements.count)]).toEqual([...inputs.settlements.owner.subarray(0, inputs.settlements.count)]);
      expect(fromScan.rejects).toEqual(inputs.rejects);
      const two = await settleTableParallel(policy, inputs.settlements, worker);
      expect(plain(two)).toEqual(plain(one));
    } finally {
      await worker?.stop();
    }
    // a stopped worker fails every task: the main thread folds it all
    const again = await settleTableParallel(policy, inputs.settlements, worker);
    expect(plain(again)).toEqual(plain(one));
    expect([...one.status].filter((s) => s === 1).length).toBeGreaterThan(5000);
    expect(one.problems.size).toBeGreaterThan(0);
  });
});
