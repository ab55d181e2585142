// npm run bench: the synthetic population (≥ 1 million settlements), then each measurement in its
// own process so that peak memory is its own. Prints a table and writes bench/out/results.json.
// BENCH_PERSONS sets the population (default 420,000 persons ≈ 1.05 million settlements).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { generate } from './generate.mjs';

const persons = Number(process.env.BENCH_PERSONS ?? 420_000);
const pack = process.env.BENCH_PACK ?? 'demo-cq-pengshui';
const dir = new URL('./out/', import.meta.url).pathname;
const counts = await generate(dir, persons);
console.log(`population: ${persons} persons, ${counts.identities} identities, ${counts.settlements} settlement rows (seed fixed) under ${pack}`);

function child(script, args) {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', join(import.meta.dirname, script), ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

const fold = child('fold.mjs', [pack, String(persons)]);
const baseline = child('baseline.mjs', [dir]);
const settle = child('settle-csv.mjs', [pack, dir]);
const results = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, counts, fold, baseline, settle, settleOverBaseline: settle.seconds / baseline.seconds };
writeFileSync(join(dir, 'results.json'), JSON.stringify(results, null, 2));
const f = (n) => n.toLocaleString('en-US');
console.log(`
pure fold (one core)       ${f(fold.perSecond)} settlements/s   (${f(fold.settlements)} in ${fold.seconds.toFixed(2)} s, peak RSS ${fold.maxRssMiB} MiB)
settle CSV→CSV             ${f(settle.perSecond)} rows/s          (${f(settle.rows)} rows in ${settle.seconds.toFixed(2)} s, peak RSS ${settle.maxRssMiB} MiB)
  of which                 read+check ${(settle.timingsMs.read / 1000).toFixed(2)} s · fold ${(settle.timingsMs.fold / 1000).toFixed(2)} s · write ${(settle.timingsMs.write / 1000).toFixed(2)} s
baseline read+write        ${baseline.seconds.toFixed(2)} s                 (peak RSS ${baseline.maxRssMiB} MiB)
settle / baseline          ${results.settleOverBaseline.toFixed(2)} ×  (target ≤ 3 ×)
fold target ≥ 1,000,000/s: ${fold.perSecond >= 1_000_000 ? 'met' : 'NOT met'} · CSV target ≤ 3 × baseline: ${results.settleOverBaseline <= 3 ? 'met' : 'NOT met'}
`);
