// settle CSV→CSV in process, as `sanchong settle` runs it. Usage: node bench/settle-csv.mjs <pack> <dir>
// cpuSeconds: user + system time of all threads (the fold's worker included), less sensitive than
// `seconds` to other work on a shared machine.
import { join } from 'node:path';
import { compilePolicy } from '../dist/policy/compile.js';
import { loadPacks } from '../dist/policy/load.js';
import { settleFiles } from '../dist/cli/settle.js';

const [pack, dir] = process.argv.slice(2);
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const policy = compilePolicy(loadPacks(pack));
const summary = await settleFiles({
  policy, persons: join(dir, 'persons.csv'), identities: join(dir, 'identities.csv'), settlements: join(dir, 'settlements.csv'),
  out: join(dir, 'settled.csv'), rejects: join(dir, 'rejects.csv'), explain: false,
  // BENCH_THREADS=2: a worker for the scan, the fold and the writing whatever the load
  // (settle's `threads: 2`); =1: one thread; unset: settle's default (a worker when a core is free)
  threads: process.env.BENCH_THREADS === undefined ? undefined : Number(process.env.BENCH_THREADS),
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const rows = summary.settled + summary.rejected + summary.duplicates + summary.reversals + summary.cancelled;
console.log(JSON.stringify({ bench: 'settle-csv', rows, settled: summary.settled, rejected: summary.rejected, fundTotalFen: summary.fundTotal, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, perSecond: Math.round(rows / seconds), timingsMs: summary.timings, threads: summary.threads, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
