// The phases of `settle` CSV→CSV on one thread, each timed on its own (after `npm run bench`
// generated the population): persons and identities, the settlements file, the fold, then the
// whole command.
// Usage: node --expose-gc bench/phases.mjs <pack> <dir> [rounds]
import { join } from 'node:path';
import { compilePolicy } from '../dist/policy/compile.js';
import { loadPacks } from '../dist/policy/load.js';
import { readPeople } from '../dist/ingest/people.js';
import { readSettlements } from '../dist/ingest/settlement-columns.js';
import { settleTable } from '../dist/benefits/columns.js';
import { settleFiles } from '../dist/cli/settle.js';

const [pack, dir, roundsArg] = process.argv.slice(2);
const policy = compilePolicy(loadPacks(pack));
const ms = (t) => Math.round(performance.now() - t);
for (let round = 1; round <= Number(roundsArg ?? 1); round++) {
  globalThis.gc?.();
  let t = performance.now();
  const people = await readPeople({ persons: join(dir, 'persons.csv'), identities: join(dir, 'identities.csv') }, '500243', [], new Map());
  const persons = ms(t);
  t = performance.now();
  const read = await readSettlements(join(dir, 'settlements.csv'), people, [], new Map());
  const settlements = ms(t);
  t = performance.now();
  const cols = settleTable(policy, read.table);
  const fold = ms(t);
  t = performance.now();
  const summary = await settleFiles({
    policy, persons: join(dir, 'persons.csv'), identities: join(dir, 'identities.csv'), settlements: join(dir, 'settlements.csv'),
    out: join(dir, 'settled.csv'), rejects: join(dir, 'rejects.csv'), explain: false, threads: 1,
  });
  const whole = ms(t);
  console.log(JSON.stringify({ round, personsMs: persons, settlementsMs: settlements, slowRows: read.table.slowIds.size, foldMs: fold, settled: cols.status.filter((s) => s === 1).length, wholeMs: whole, wholeTimings: summary.timings }));
}
