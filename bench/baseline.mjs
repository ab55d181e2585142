// The baseline `settle` is compared with: Node merely reading the same three input files line by
// line and writing one line per settlement row. Usage: node bench/baseline.mjs <dir>
// Deliberately the plainest loop (no shared helper, no generator): it is the floor we compare with.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dir = process.argv[2];
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
let rows = 0;
for (const f of ['persons.csv', 'identities.csv']) {
  for await (const _line of createInterface({ input: createReadStream(join(dir, f)), crlfDelay: Infinity })) rows += 0;
}
const out = createWriteStream(join(dir, 'baseline-out.csv'));
let buf = '';
for await (const line of createInterface({ input: createReadStream(join(dir, 'settlements.csv')), crlfDelay: Infinity })) {
  buf += `${line.length}\n`;
  rows++;
  if (buf.length > 1 << 20) {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  }
}
out.end(buf);
await once(out, 'finish');
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ bench: 'baseline', rows: rows - 1, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
