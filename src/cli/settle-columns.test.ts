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

const HEADER = ['setl_id', 'psn_no', 'med_type', 'hosp_lv', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag', 'init_setl_id'];
const cell = (plausible: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc.oneof({ weight: 60, arbitrary: plausible }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '12.345', '"', 'a,b') });
const yuan = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((f) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`);
const amount = yuan(0, 30_000_000);
const row = fc.tuple(
  cell(fc.oneof(fc.integer({ min: 1, max: 60 }).map((n) => `S${n}`), fc.constantFrom('S1', 'S2', 'S10', 'S"12', 'S,13', 'Sé'))),
  cell(fc.constantFrom('P1', 'P2', 'P3', 'P9', 'P,4')),
  cell(fc.constantFrom('11', '14', '21', '2101')),
  cell(fc.constantFrom('', '09', '09', '01', '02', '03')),
  cell(fc.constantFrom('2023-06-01 10:00:00', '2023-06-01 10:00:00', '2023-07-15 08:30:00', '2023-04-30 09:00:00', '2024-01-02 00:00:00', '2022-03-01 00:00:00')),
  cell(fc.oneof(yuan(10_000_000, 30_000_000), amount)),
  cell(fc.oneof(yuan(0, 10_000_000), amount)),
  cell(fc.oneof(yuan(0, 2_000_000), fc.constant(''), fc.constant(''), fc.constant(''))),
  cell(fc.oneof(yuan(0, 1_000_000), fc.constant(''), fc.constant(''), fc.constant(''))),
  cell(fc.constantFrom('', '', '', '', '', '', '', '1', '0')),
  cell(fc.constantFrom('', 'S1', 'S2', 'S9', 'S10', 'S20')),
);

describe('settle by columns', () => {
  it('orders a person\'s settlements of the same time by setl_id, as strings', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sanchong-cols-'));
    const persons = join(d, 'persons.csv');
    writeFileSync(persons, 'psn_no,insuplc_admdvs,insu_tier\nP1,500243,1\n');
    const identities = join(d, 'identities.csv');
    writeFileSync(identities, 'psn_no,idet_type,begndate,enddate\nP1,低保对象,2020-01-01,\n');
    const settlements = join(d, 'settlements.csv');
    // S2 then S10 in the file; S10 < S2 as strings, so S10 goes first into the year's pools
    writeFileSync(settlements, 'setl_id,psn_no,hosp_lv,med_type,setl_time,medfee_sumamt,inscp_scp_amt\nS2,P1,09,21,2023-06-01 10:00:00,300000.00,200000.00\nS10,P1,09,21,2023-06-01 10:00:00,90000.00,70000.00\n');
    const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
    const out = (explain: boolean): string => join(d, `out-${explain}.csv`);
    await settleFiles({ policy, persons, identities, settlements, out: out(false), explain: false });
    await settleFiles({ policy, persons, identities, settlements, out: out(true), explain: true });
    const withoutTrace = parseCsvText(readFileSync(out(true), 'utf8')).map((r) => csvLine(r.fields.slice(0, -1))).join('');
    expect(readFileSync(out(false), 'utf8')).toBe(withoutTrace);
  });

  it('writes what the object fold writes, reading by bytes or by rows (fast-check)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'sanchong-cols-'));
    const persons = join(d, 'persons.csv');
    writeFileSync(persons, 'psn_no,insuplc_admdvs,insu_tier\nP1,500243,1\nP2,500243,2\n"P,4",500243,1\nP3,500243,\n');
    const identities = join(d, 'identities.csv');
    writeFileSync(identities, 'psn_no,idet_type,begndate,enddate,idet_lv\nP1,特困人员,2020-01-01,,\nP2,低保对象,2023-06-15,,\nP2,残疾人,2022-01-01,,2\n');
    const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
    let settledRows = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), async (rows) => {
        const settlements = join(d, 'settlements.csv');
        writeFileSync(settlements, csvLine(HEADER) + rows.map((r) => csvLine(r)).join(''));
        const run = async (explain: boolean, bytes: boolean): Promise<{ out: string; summary: unknown }> => {
          const out = join(d, `out-${explain}-${bytes}.csv`);
          const s = await settleFiles({ policy, persons, identities, settlements, out, explain, read: { bytes } });
          return { out: readFileSync(out, 'utf8'), summary: { ...s, timings: undefined } };
        };
        const cols = await run(false, true);
        settledRows += (cols.summary as { settled: number }).settled;
        const colsByRows = await run(false, false);
        const objects = await run(true, true);
        expect(cols).toEqual(colsByRows);
        expect(cols.summary).toEqual(objects.summary);
        const withoutTrace = parseCsvText(objects.out).map((r) => csvLine(r.fields.slice(0, -1))).join('');
        expect(cols.out).toBe(withoutTrace);
      }),
      { numRuns: 150 },
    );
    expect(settledRows).toBeGreaterThan(100);
  });
});
