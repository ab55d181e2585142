import type { Pack, Param } from '../policy/pack.js';
import { TIER_NAMES } from '../policy/pack.js';
import { listPackIds, loadPacks } from '../policy/load.js';

/** The [local] values a pack leaves to the bureau (tiers, subsidies, monitoring, cases), as YAML keys with what must be set. */
export function localGaps(pack: Pack): { key: string; note: string }[] {
  const out: { key: string; note: string }[] = [];
  const visit = (p: Param<unknown> | undefined): void => {
    if (p?.kind === 'local') out.push({ key: p.key, note: p.note });
  };
  for (const name of TIER_NAMES) {
    const tier = pack.tiers[name];
    if (tier.local !== undefined) out.push({ key: tier.key, note: tier.local });
    visit(tier.scope);
    for (const r of tier.rules) {
      for (const p of [r.categories, r.deductible, r.deductibleFactor, r.ratio, r.ratioByHospLevel, r.bands, r.ratioAdd, r.annualCap]) visit(p);
      for (const s of r.subLimits) visit(s.limit);
    }
  }
  const sub = pack.subsidies;
  if (sub !== undefined) {
    for (const f of Object.values(sub.funds)) visit(f);
    for (const c of sub.contributions) visit(c.amount);
    for (const c of sub.collectionPeriods) for (const d of [c.from, c.to]) visit(d);
    visit(sub.noWaitingPeriod);
    visit(sub.employeeInsuranceGuidance);
    for (const p of sub.products) visit(p.price);
    for (const r of sub.rules) for (const p of [r.categories, r.insuredTiers, r.share, r.fixed]) visit(p);
  }
  for (const r of pack.monitoring?.rules ?? []) {
    for (const p of [r.categories, r.notCategories, r.measure, r.threshold, r.factor, r.comparison, r.pushTo, r.process]) visit(p);
  }
  for (const k of pack.cases?.kinds ?? []) {
    for (const p of [k.categories, k.sources, k.approvalLevels, k.cap, k.townshipShareMin]) visit(p);
  }
  return out;
}

export function runPacks(args: string[]): number {
  const ids = args.length > 0 ? args : listPackIds();
  for (const id of ids) {
    for (const pack of loadPacks(id)) {
      const from = pack.effectiveFrom.kind === 'set' ? pack.effectiveFrom.value : '?';
      const gaps = localGaps(pack);
      process.stdout.write(`${pack.id} ${pack.version} — ${pack.title}\n  地区 region ${pack.region.admdvs} ${pack.region.name} · 生效 in force from ${from}${pack.illustrative ? ' · 演示数值 ILLUSTRATIVE' : ''}\n`);
      process.stdout.write(`  本地参数未设 [local] values unset: ${gaps.length}\n`);
      for (const g of gaps) process.stdout.write(`    - ${g.key}: ${g.note}\n`);
    }
  }
  return 0;
}
