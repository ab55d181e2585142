import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../ingest/csv-reader.js';
import { csvLine } from '../ingest/csv-writer.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import { settleFiles } from './settle.js';

const policy = compilePolicy(loadPacks('sd-heze'));
const HEADER = ['setl_id', 'psn_no', 'med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag', 'init_setl_id'];

/** Mostly plausible cells, sometimes garbage: what a spreadsheet sends on a bad day. */
const cell = (plausible: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '-1', '1e3', '12.345', 'NaN', '２０２２-06-01') });

const amount = fc.integer({ min: 0, max: 20_000_000 }).map((f) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`);
const row = fc.tuple(
  cell(fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8')),
  cell(fc.constantFrom('P1', 'P2', 'P3', 'P9')),
  cell(fc.constantFrom('11', '14', '21')),
  cell(fc.constantFrom('2022-06-01 10:00:00', '2022-07-15 08:30:00', '2022-04-30 09:00:00', '2023-01-02 00:00:00', '2022-02-30 10:00:00')),
  cell(amount),
  cell(amount),
  cell(fc.oneof(amount, fc.constant(''))),
  cell(fc.oneof(amount, fc.constant(''))),
  cell(fc.constantFrom('', '', '', '1', '0')),
  cell(fc.constantFrom('', 'S1', 'S2', 'S9')),
);

describe('settle never crashes and loses no row (fast-check)', () => {
  it('every data row is settled, rejected, ignored as an exact repeat, or a reversal', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sanchong-fuzz-'));
    const persons = join(d, 'persons.csv');
    writeFileSync(persons, 'psn_no,insuplc_admdvs\nP1,371702\nP2,371702\nP3,371702\n');
    const identities = join(d, 'identities.csv');
    writeFileSync(identities, 'psn_no,idet_type,begndate,enddate\nP1,特困人员,2020-01-01,\nP2,低保对象,2022-06-15,\n');
    await fc.assert(fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
      const settlements = join(d, 'settlements.csv');
      writeFileSync(settlements, csvLine(HEADER) + rows.map((r) => csvLine(r)).join(''));
      const out = join(d, 'out.csv');
      const summary = await settleFiles({ policy, persons, identities, settlements, out, explain: true });
      const written = parseCsvText(readFileSync(out, 'utf8')).length - 1;
      const dataRows = parseCsvText(readFileSync(settlements, 'utf8')).length - 1;
      const rejectedRows = summary.rejects.filter((r) => r.file === 'settlements.csv').length;
      expect(written).toBe(summary.settled);
      // each data row exactly once: settled, rejected, an ignored exact repeat, an accepted
      // reversal row, or a live settlement such a reversal cancelled
      expect(summary.settled + rejectedRows + summary.duplicates + summary.reversals + summary.cancelled).toBe(dataRows);
      for (const r of summary.rejects) expect(r.reason).toMatch(/ \/ /);
    }), { numRuns: 150 });
  });
});
