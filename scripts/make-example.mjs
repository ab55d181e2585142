// Writes the bundled example (examples/demo-cq-pengshui/*.csv) from the synthetic generator.
// Run after `npm run build`: node scripts/make-example.mjs. The output is committed; rerunning
// it gives the same bytes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements,
} from '../dist/demo/synthetic.js';
import { csvLine } from '../dist/ingest/csv-writer.js';

const dir = new URL('../examples/demo-cq-pengshui/', import.meta.url).pathname;
mkdirSync(dir, { recursive: true });
const options = { seed: 2023, persons: 400, year: 2023, admdvs: '500243', townships: 8, settlementsPerPerson: 2 };

function write(name, columns, records) {
  let text = csvLine(columns);
  for (const r of records) text += csvLine(columns.map((c) => r[c] ?? ''));
  writeFileSync(join(dir, name), text);
}

write('persons.csv', PERSON_COLUMNS, syntheticPersons(options));
write('identities.csv', IDENTITY_COLUMNS, syntheticIdentities({ ...options }));
write('settlements.csv', SETTLEMENT_COLUMNS, syntheticSettlements(options));
console.log(`wrote ${dir}`);
