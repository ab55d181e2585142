import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFold, settleTable } from '../benefits/columns.js';
import { IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements } from '../demo/synthetic.js';
import type { Record as SyntheticRecord } from '../demo/synthetic.js';
import { ByteFileWriter } from '../ingest/byte-writer.js';
import { csvLine } from '../ingest/csv-writer.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import { writeRows } from './fold-worker.js';
import { readInputs } from './inputs.js';
import { formatSettled, settledSource } from './settled-rows.js';

function write(path: string, columns: readonly string[], records: Iterable<SyntheticRecord>): void {
  let text = csvLine(columns);
  for (const r of records) text += csvLine(columns.map((c) => r[c] ?? ''));
  writeFileSync(path, text);
}

describe('the worker writes a row only once its person is folded', () => {
  it('writes every row when every group is done, and stops at the first row of a group not yet folded', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sanchong-writer-'));
    const opts = { seed: 5, persons: 800, year: 2023, admdvs: '500243', townships: 3, settlementsPerPerson: 2.5, basicGivenShare: 0.3 };
    const files = { persons: join(d, 'persons.csv'), identities: join(d, 'identities.csv'), settlements: join(d, 'settlements.csv') };
    write(files.persons, PERSON_COLUMNS, syntheticPersons(opts));
    write(files.identities, IDENTITY_COLUMNS, syntheticIdentities(opts));
    write(files.settlements, SETTLEMENT_COLUMNS, syntheticSettlements(opts));
    const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
    const inputs = await readInputs(files, '500243');
    const t = inputs.settlements;
    const plan = planFold(t);
    const source = settledSource(policy, t, inputs.people, settleTable(policy, t));
    /** Rows [0, to) as formatSettled writes them, to a file of their own. */
    const expected = (to: number): Buffer => {
      const path = join(d, `expected-${to}.csv`);
      const fd = openSync(path, 'w');
      const out = new ByteFileWriter(fd, 0);
      formatSettled(source, 0, to, out, { settled: 0, fundTotal: 0 });
      out.flush();
      closeSync(fd);
      return readFileSync(path);
    };
    /** writeRows with the main thread's progress at `folded`; `gaveUp`: it will never go further. */
    const written = (folded: number, gaveUp: boolean): { bytes: Buffer; error: unknown } => {
      const path = join(d, `written-${folded}.csv`);
      const fd = openSync(path, 'w');
      const progress = new Int32Array(new SharedArrayBuffer(8));
      progress[0] = folded;
      progress[1] = gaveUp ? 1 : 0;
      let error: unknown;
      try {
        writeRows({ source, rows: t.count, progress, fd, position: 0 }, plan);
      } catch (e) {
        error = e;
      } finally {
        closeSync(fd);
      }
      return { bytes: readFileSync(path), error };
    };
    const all = written(plan.groups, false);
    expect(all.error).toBeUndefined();
    expect(all.bytes.equals(expected(t.count))).toBe(true);
    // half the groups folded, the main thread gone: the rows before the first row of a later group, no more
    const half = plan.groups >> 1;
    const groupOf = new Int32Array(t.owners.length).fill(-1);
    for (let g = 0; g < plan.groups; g++) groupOf[plan.order[g] as number] = g;
    let first = 0;
    while (first < t.count && (groupOf[t.owner[first] as number] as number) < half) first++;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(t.count);
    const partial = written(half, true);
    expect(String(partial.error)).toMatch(/gave up/);
    expect(partial.bytes.equals(expected(first))).toBe(true);
  });
});
