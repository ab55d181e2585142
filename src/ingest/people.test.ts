import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPersons } from '../cli/inputs.js';
import { csvField } from './csv-writer.js';
import type { Reject } from './reject.js';
import { PersonMap, readPeople } from './people.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-people-'));
let files = 0;

const COLUMNS = ['psn_no', 'certno', 'psn_name', 'insuplc_admdvs', 'insu_tier', 'town_admdvs', 'village_admdvs', 'rural', 'employed', 'gend'];
const garbage = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '"', 'a"b', '"x,y"', '"line\nbreak"', '\u3000P1', 'P1 ', '01', '1.0', '3', '是', 'y', 'x', '37170219900101123x', '371702 199001011235', 'x'.repeat(51), '名'.repeat(17), '名'.repeat(51)),
);
const plausible: Record<string, fc.Arbitrary<string>> = {
  psn_no: fc.oneof(fc.integer({ min: 1, max: 40 }).map((n) => `P${n}`), fc.constantFrom('人员1', 'P"2', 'P,3', 'x'.repeat(31))),
  certno: fc.constantFrom('', '', '371702199001011235', '371702199001011234', '11010519491231002X', '110105194912310021', '371702190001011235', '37170219900230123X'),
  psn_name: fc.constantFrom('', '张三', 'Li Si', '王五'),
  insuplc_admdvs: fc.constantFrom('', '371702', '371702', '500243', '37170', 'abcdef'),
  insu_tier: fc.constantFrom('', '1', '2', '3'),
  town_admdvs: fc.constantFrom('', '371702001', '37170200'),
  village_admdvs: fc.constantFrom('', '371702001002', '3717020010'),
  rural: fc.constantFrom('', '0', '1', '是'),
  employed: fc.constantFrom('', '0', '1'),
  gend: fc.constantFrom('1', '2', ''),
};
const cell = (col: string): fc.Arbitrary<string> =>
  fc.tuple(fc.oneof({ weight: 20, arbitrary: plausible[col] ?? garbage }, { weight: 1, arbitrary: garbage }), fc.integer({ min: 0, max: 19 })).map(([v, q]) => (q === 0 ? `"${v.replaceAll('"', '""')}"` : csvField(v)));
const CORE = ['psn_no', 'certno', 'insuplc_admdvs', 'insu_tier'];
const personsFile = fc
  .tuple(fc.oneof(fc.shuffledSubarray(COLUMNS, { minLength: 1 }), fc.constant(COLUMNS), fc.shuffledSubarray(CORE, { minLength: 4 })), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 0, max: 40 }))
  .chain(([cols, eol, n]) => fc.array(fc.tuple(...cols.map(cell)), { minLength: n, maxLength: n }).map((rows) => [cols.join(','), ...rows.map((r) => r.join(','))].join(eol) + eol));
const identitiesFile = fc
  .array(fc.tuple(plausible.psn_no as fc.Arbitrary<string>, fc.constantFrom('低保对象', 'tekun', '未知', 'dibao'), fc.constantFrom('2020-01-01', '2023-02-30', '')), { maxLength: 10 })
  .map((rows) => ['psn_no,idet_type,begndate', ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n');

describe('readPeople reads persons as readPersons does (fast-check)', () => {
  it('same persons, identities, refusals, rejects, whatever the chunk size and region', async () => {
    await fc.assert(
      fc.asyncProperty(personsFile, identitiesFile, fc.integer({ min: 1, max: 64 }), fc.constantFrom(undefined, '371702', '3717', '500243', '3717021'), async (p, i, chunk, prefix) => {
        const persons = join(dir, `p${files}.csv`);
        const identities = join(dir, `i${files++}.csv`);
        writeFileSync(persons, p);
        writeFileSync(identities, i);
        const old = await readPersons({ persons, identities }, prefix);
        for (const bytes of [true, false]) {
          const fileRejects: Reject[] = [];
          const headers = new Map<string, readonly string[]>();
          const people = await readPeople({ persons, identities }, prefix, fileRejects, headers, { bytes, chunkSize: chunk });
          const map = new PersonMap(people);
          expect([...map.keys()]).toEqual([...old.persons.keys()]);
          expect(map.size).toBe(old.persons.size);
          for (const [k, v] of old.persons) {
            expect(map.has(k)).toBe(true);
            expect({ psnNo: map.get(k)?.psnNo, insuredTier: map.get(k)?.insuredTier, identities: map.get(k)?.identities }).toEqual({ psnNo: v.psnNo, insuredTier: v.insuredTier, identities: v.identities });
          }
          expect([...people.refused]).toEqual([...old.refused]);
          expect(people.rejects).toEqual(old.rejects);
          expect(fileRejects).toEqual(old.fileRejects);
          expect([...headers]).toEqual([...old.headers]);
        }
      }),
      { numRuns: 400 },
    );
  });
});
