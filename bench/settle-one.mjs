// One settlement through the four tiers, repeated: the engine's cost per settlement with nothing
// kept and no batch around it. Usage: node bench/settle-one.mjs [pack] (default demo-cq-pengshui)
import { compilePolicy } from '../dist/policy/compile.js';
import { loadPacks } from '../dist/policy/load.js';
import { settle } from '../dist/benefits/settle.js';

const policy = compilePolicy(loadPacks(process.argv[2] ?? 'demo-cq-pengshui'));
const person = { psnNo: 'P', identities: [{ category: 'dibao', begin: '2020-01-01' }], insuredTier: 1 };
const s = {
  setlId: 'S', psnNo: 'P', medType: '21', setlTime: '2023-05-01 10:00:00', hospLv: '05',
  total: 1_000_000, policyScope: 800_000, basicGiven: undefined, criticalIllnessGiven: undefined,
};
const N = 1_000_000;
let last;
for (let round = 1; round <= 3; round++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) last = settle(policy, undefined, s, person, false);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  console.log(JSON.stringify({ bench: 'settle-one', round, nsPerSettlement: Math.round(ns), ok: last.ok }));
}
