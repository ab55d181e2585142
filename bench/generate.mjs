// Writes the synthetic population's CSVs for the benchmark (deterministic: same bytes every time).
// Usage: node bench/generate.mjs <dir> <persons>
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements,
} from '../dist/demo/synthetic.js';
import { csvLine } from '../dist/ingest/csv-writer.js';
import { writeLines } from './write-lines.mjs';

export function benchOptions(persons) {
  return { seed: 20231, persons, year: 2023, admdvs: '500243', townships: 30, settlementsPerPerson: 2.5, basicGivenShare: 0.3 };
}

function write(path, columns, records) {
  function* lines() {
    for (const r of records) yield csvLine(columns.map((c) => r[c] ?? ''));
  }
  return writeLines(path, (function* () { yield csvLine(columns); yield* lines(); })()).then((n) => n - 1);
}

export async function generate(dir, persons) {
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, 'generated.json');
  const opts = benchOptions(persons);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === JSON.stringify(opts)) return JSON.parse(readFileSync(join(dir, 'counts.json'), 'utf8'));
  const counts = {
    persons: await write(join(dir, 'persons.csv'), PERSON_COLUMNS, syntheticPersons(opts)),
    identities: await write(join(dir, 'identities.csv'), IDENTITY_COLUMNS, syntheticIdentities(opts)),
    settlements: await write(join(dir, 'settlements.csv'), SETTLEMENT_COLUMNS, syntheticSettlements(opts)),
  };
  writeFileSync(join(dir, 'counts.json'), JSON.stringify(counts));
  writeFileSync(stamp, JSON.stringify(opts));
  return counts;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await generate(process.argv[2], Number(process.argv[3]))));
}
