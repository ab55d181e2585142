// settle CSV→CSV and the baseline, alternately, N rounds (each in its own process), for a shared
// machine where one run says little: prints every round and, for each, the best and the range,
// and settle ÷ baseline per round and of the bests. Wall time is what the target is set in;
// cpuSeconds (all threads) moves less with other work on the machine.
// Usage: node bench/repeat.mjs [rounds] (after `npm run bench` generated bench/out/)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const rounds = Number(process.argv[2] ?? 5);
const pack = process.env.BENCH_PACK ?? 'demo-cq-pengshui';
const dir = new URL('./out/', import.meta.url).pathname;
const child = (script, args) => JSON.parse(execFileSync(process.execPath, ['--max-old-space-size=8192', join(import.meta.dirname, script), ...args], { encoding: 'utf8' }).trim().split('\n').pop());
const runs = [];
for (let r = 1; r <= rounds; r++) {
  const baseline = child('baseline.mjs', [dir]);
  const settle = child('settle-csv.mjs', [pack, dir]);
  runs.push({ baseline, settle });
  console.log(JSON.stringify({ round: r, baseline: baseline.seconds, baselineCpu: baseline.cpuSeconds, settle: settle.seconds, settleCpu: settle.cpuSeconds, timingsMs: settle.timingsMs, threads: settle.threads, ratio: settle.seconds / baseline.seconds }));
}
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const b = runs.map((x) => x.baseline.seconds);
const s = runs.map((x) => x.settle.seconds);
console.log(`
baseline   best ${Math.min(...b).toFixed(2)} s, range ${range(b)} s (cpu ${range(runs.map((x) => x.baseline.cpuSeconds))} s)
settle     best ${Math.min(...s).toFixed(2)} s, range ${range(s)} s (cpu ${range(runs.map((x) => x.settle.cpuSeconds))} s)
settle ÷ baseline: of the bests ${(Math.min(...s) / Math.min(...b)).toFixed(2)} ×, per round ${range(runs.map((x) => x.settle.seconds / x.baseline.seconds))} ×`);
