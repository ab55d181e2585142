// A full re-screen (issue 5 item 7): every person-year of a synthetic population folded through
// the pack and screened against its monitoring rules. Target: 1,000,000 insured people with
// 5,000,000 settlements within 60 s. Run `npm run build` first.
//
//   node --expose-gc --max-old-space-size=16384 bench/screen.mjs memory [persons] [perPerson] [pack]
//       settlements already in memory as engine values (what the store's re-screen starts from):
//       the fold (settleColumns) and the screen timed apart, then together
//   node --max-old-space-size=16384 bench/screen.mjs cli <dir> [persons] [perPerson] [pack]
//       writes the population's CSVs to <dir> (once), then times `sanchong screen` on them as a
//       child process: reading and checking the files, the fold, the screen, writing the alerts
//   node --max-old-space-size=16384 bench/screen.mjs cli-settled <dir> [persons] [perPerson] [pack]
//       the same on a settled extract (hifp_pay, hifmi_pay and maf_pay given on every row)
//
// Defaults: 1,000,000 persons, 5 settlements per person on average (≈ 5.0 million rows), pack
// demo-cq-pengshui (the only shipped pack whose every tier and MON-CQ-1 can be computed; its
// values are illustrative). Prints one JSON line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { settleColumns, SETTLED } from '../dist/benefits/columns.js';
import { syntheticIdentities, syntheticPersons, syntheticSettlements, IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS } from '../dist/demo/synthetic.js';
import { csvLine } from '../dist/ingest/csv-writer.js';
import { parseCategory } from '../dist/people/category.js';
import { parseYuan } from '../dist/money/yuan.js';
import { screen, ROW_SETTLED, ROW_REFUSED } from '../dist/monitoring/screen.js';
import { compilePolicy } from '../dist/policy/compile.js';
import { loadPacks } from '../dist/policy/load.js';
import { timeKey } from '../dist/time/date.js';
import { writeLines } from './write-lines.mjs';

const [mode = 'memory', ...rest] = process.argv.slice(2);
const dir = mode === 'cli' || mode === 'cli-settled' ? rest.shift() : undefined;
const persons = Number(rest[0] ?? 1_000_000);
const perPerson = Number(rest[1] ?? 5);
const pack = rest[2] ?? 'demo-cq-pengshui';
const opts = { seed: 20231, persons, year: 2023, admdvs: '500243', townships: 30, settlementsPerPerson: perPerson, basicGivenShare: 0.3 };
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

if (mode === 'memory') {
  const policy = compilePolicy(loadPacks(pack));
  const people = [];
  const index = new Map();
  for (const p of syntheticPersons(opts)) {
    index.set(p.psn_no, people.length);
    people.push({ psnNo: p.psn_no, identities: [], insuredTier: Number(p.insu_tier) });
  }
  for (const i of syntheticIdentities(opts)) people[index.get(i.psn_no)].identities.push({ category: parseCategory(i.idet_type), begin: i.begndate, end: i.enddate || undefined });
  const settlements = [];
  const reversed = new Set();
  for (const s of syntheticSettlements(opts)) {
    if (s.refd_setl_flag === '1') { reversed.add(s.init_setl_id); continue; }
    settlements.push({
      setlId: s.setl_id, psnNo: s.psn_no, medType: s.med_type, setlTime: s.setl_time, hospLv: s.hosp_lv,
      total: parseYuan(s.medfee_sumamt), policyScope: parseYuan(s.inscp_scp_amt),
      basicGiven: s.hifp_pay === '' ? undefined : parseYuan(s.hifp_pay), criticalIllnessGiven: undefined,
    });
  }
  const n = settlements.length;
  const cancelled = new Uint8Array(n);
  const byId = new Map(settlements.map((s, i) => [s.setlId, i]));
  for (const id of reversed) { const i = byId.get(id); if (i !== undefined) cancelled[i] = 1; }
  byId.clear();
  const owners = settlements.map((s) => people[index.get(s.psnNo)]);
  // what a store keeps per settlement anyway: its person, its time and its amounts as columns
  const owner = new Int32Array(n);
  const time = new Float64Array(n);
  const total = new Float64Array(n);
  const policyScope = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const s = settlements[i];
    owner[i] = index.get(s.psnNo);
    time[i] = timeKey(s.setlTime);
    total[i] = s.total;
    policyScope[i] = s.policyScope;
  }
  const byPsn = new Map(people.map((p) => [p.psnNo, p]));
  globalThis.gc?.();

  const t0 = process.hrtime.bigint();
  const cols = settleColumns(policy, { persons: byPsn, settlements, cancelled, owners });
  const t1 = process.hrtime.bigint();
  const maf = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    maf[i] = cols.assistance[i] + cols.reAssistance[i];
    status[i] = cols.status[i] === SETTLED ? ROW_SETTLED : cols.status[i] === 2 ? ROW_REFUSED : 0;
  }
  const rows = {
    count: n, owner, time, total, policyScope, basic: cols.basic, criticalIllness: cols.criticalIllness, maf, status,
    setlId: (i) => settlements[i].setlId,
    compareSetlIds: (i, j) => (settlements[i].setlId < settlements[j].setlId ? -1 : settlements[i].setlId > settlements[j].setlId ? 1 : 0),
  };
  const result = screen({ policy, year: 2023, persons: people, rows });
  const t2 = process.hrtime.bigint();
  const byRule = {};
  for (const a of result.alerts) byRule[a.rule] = (byRule[a.rule] ?? 0) + 1;
  console.log(JSON.stringify({
    bench: 'screen-memory', pack, persons, settlements: n, settled: result.settlements, personYears: result.personYears, incomplete: result.incomplete,
    alerts: byRule, notEvaluable: result.notEvaluable.map((x) => x.rule),
    foldSeconds: Number(t1 - t0) / 1e9, screenSeconds: Number(t2 - t1) / 1e9, totalSeconds: Number(t2 - t0) / 1e9, maxRssMiB: rss(),
  }));
} else if (mode === 'cli' || mode === 'cli-settled') {
  if (dir === undefined) throw new Error('usage: bench/screen.mjs cli|cli-settled <dir> [persons] [perPerson] [pack]');
  mkdirSync(dir, { recursive: true });
  const stamp = join(dir, 'generated.json');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== JSON.stringify(opts)) {
    const write = (name, columns, records) => writeLines(join(dir, name), (function* () {
      yield csvLine(columns);
      for (const r of records) yield csvLine(columns.map((c) => r[c] ?? ''));
    })());
    await write('persons.csv', PERSON_COLUMNS, syntheticPersons(opts));
    await write('identities.csv', IDENTITY_COLUMNS, syntheticIdentities(opts));
    const rowsWritten = await write('settlements.csv', SETTLEMENT_COLUMNS, syntheticSettlements(opts));
    writeFileSync(join(dir, 'rows.json'), JSON.stringify({ settlementRows: rowsWritten - 1 }));
    writeFileSync(stamp, JSON.stringify(opts));
  }
  // cli-settled: the same settlements as a settled extract — every tier given (hifp_pay as given
  // or 60 % of the policy-scope amount, hifmi_pay 10 %, maf_pay 10 %), as the national platform's
  const settledFile = join(dir, 'settlements-settled.csv');
  if (mode === 'cli-settled' && (!existsSync(settledFile) || !existsSync(stamp))) {
    const fen = (t) => Math.round(Number(t) * 100);
    const y = (f) => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
    const columns = [...SETTLEMENT_COLUMNS, 'maf_pay'];
    await writeLines(settledFile, (function* () {
      yield csvLine(columns);
      for (const r of syntheticSettlements(opts)) {
        if (r.refd_setl_flag !== '1') {
          const scope = fen(r.inscp_scp_amt);
          r.hifp_pay = r.hifp_pay === '' ? y(Math.floor(scope * 0.6)) : r.hifp_pay;
          r.hifmi_pay = y(Math.floor(scope * 0.1));
          r.maf_pay = y(Math.floor(scope * 0.1));
        }
        yield csvLine(columns.map((c) => r[c] ?? ''));
      }
    })());
  }
  const { settlementRows } = JSON.parse(readFileSync(join(dir, 'rows.json'), 'utf8'));
  const bin = new URL('../bin/sanchong.js', import.meta.url).pathname;
  const args = ['--max-old-space-size=16384', bin, 'screen', '--pack', pack, '--persons', join(dir, 'persons.csv'), '--identities', join(dir, 'identities.csv'),
    '--settlements', join(dir, mode === 'cli' ? 'settlements.csv' : 'settlements-settled.csv'), '--year', '2023', '--out', join(dir, 'alerts.csv'), '--rejects', join(dir, 'rejects.csv')];
  const t0 = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%M KB max RSS', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  // exit 1 means some rows were rejected: still a full run
  if (run.status !== 0 && run.status !== 1) throw new Error(`sanchong screen failed (${run.status}): ${run.stderr}`);
  const stderr = run.stderr;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ bench: mode === 'cli' ? 'screen-cli' : 'screen-cli-settled', pack, persons, settlementRows, seconds, stderr: stderr.trim() }));
}
