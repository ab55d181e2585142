// The pure fold on one core: settlements already in memory as engine values (no parsing, no I/O).
// Usage: node bench/fold.mjs <pack> <persons>; prints one JSON line.
import { compilePolicy } from '../dist/policy/compile.js';
import { loadPacks } from '../dist/policy/load.js';
import { settleBatchInOrder } from "../dist/benefits/fold.js";
import { settleColumns, SETTLED } from "../dist/benefits/columns.js";
import { parseYuan } from '../dist/money/yuan.js';
import { parseCategory } from '../dist/people/category.js';
import { syntheticIdentities, syntheticPersons, syntheticSettlements } from '../dist/demo/synthetic.js';
import { benchOptions } from './generate.mjs';

const [pack, personsArg] = process.argv.slice(2);
const opts = benchOptions(Number(personsArg));
const policy = compilePolicy(loadPacks(pack));
const persons = new Map();
for (const p of syntheticPersons(opts)) persons.set(p.psn_no, { psnNo: p.psn_no, identities: [], insuredTier: Number(p.insu_tier) });
for (const i of syntheticIdentities(opts)) {
  persons.get(i.psn_no).identities.push({ category: parseCategory(i.idet_type), begin: i.begndate, end: i.enddate || undefined });
}
// Strings as a file reader gives them: flat. The generator builds setl_time, setl_id and psn_no by
// concatenation (V8 cons strings), which the first read flattens — in the timed fold, where a
// settlement read from a CSV file never pays it.
const flat = (s) => Buffer.from(s, 'latin1').toString('latin1');
const settlements = [];
const reversed = new Set();
for (const s of syntheticSettlements(opts)) {
  if (s.refd_setl_flag === '1') { reversed.add(s.init_setl_id); continue; }
  settlements.push({
    setlId: flat(s.setl_id), psnNo: flat(s.psn_no), medType: flat(s.med_type), setlTime: flat(s.setl_time), hospLv: s.hosp_lv,
    total: parseYuan(s.medfee_sumamt), policyScope: parseYuan(s.inscp_scp_amt),
    basicGiven: s.hifp_pay === '' ? undefined : parseYuan(s.hifp_pay), criticalIllnessGiven: undefined,
  });
}
// reversal rows resolved to the rows they cancel, as the file reader does (it indexes setl_ids
// for duplicate checks anyway): a mask by index
const index = new Map(settlements.map((s, i) => [s.setlId, i]));
const cancelled = new Uint8Array(settlements.length);
for (const id of reversed) { const i = index.get(id); if (i !== undefined) cancelled[i] = 1; }
// each settlement's person, as the file reader resolves it while validating the row
const owners = settlements.map((s) => persons.get(s.psnNo));
// default: the batch keeps amounts as columns (what `settle` writes); 'explain': every result
// object and every tier's trace is kept (what --explain and the API need)
const explain = process.argv[4] === 'explain';
const run = (xs) => {
  const input = { persons, settlements: xs, cancelled, owners };
  return explain ? settleBatchInOrder(policy, input, true) : settleColumns(policy, input);
};
run(settlements.slice(0, 100_000)); // warm-up, so the figure is the steady state of a long batch
globalThis.gc?.();
const t0 = process.hrtime.bigint();
const out = run(settlements);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
let ok = 0;
let fund = 0;
if (explain) for (const o of out) { if (o?.ok) { ok++; fund += o.result.fundTotal; } }
else for (let i = 0; i < settlements.length; i++) if (out.status[i] === SETTLED) { ok++; fund += out.basic[i] + out.criticalIllness[i] + out.assistance[i] + out.reAssistance[i]; }
console.log(JSON.stringify({ bench: explain ? 'fold+traces' : 'fold', settlements: settlements.length, settled: ok, fundTotalFen: fund, seconds, perSecond: Math.round(settlements.length / seconds), maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) }));
