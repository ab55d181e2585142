/**
 * The packs a bureau runs (SANCHONG_PACKS): each region's versions compiled into one Policy. A
 * person is settled under the pack whose region code prefixes their insuplc_admdvs — '371700'
 * (a city) covers '371702'; the longest prefix wins when a county runs its own pack inside a city's.
 */
import type { Policy } from './compile.js';
import { compilePolicy } from './compile.js';
import type { Pack } from './pack.js';

export interface RegionPolicy {
  /** The pack id (its versions share it). */
  readonly id: string;
  readonly admdvs: string;
  /** The code prefix it covers ('3717' for 371700). */
  readonly prefix: string;
  readonly name: string;
  readonly illustrative: boolean;
  readonly packs: readonly Pack[];
  readonly policy: Policy;
}

/** '371700' → '3717', '450000' → '45', '500243' → '500243'. */
export function codePrefix(admdvs: string): string {
  let p = admdvs;
  while (p.length > 2 && p.endsWith('00')) p = p.slice(0, -2);
  return p;
}

export class RegionPolicies {
  readonly regions: readonly RegionPolicy[];

  /** Each entry: every version of one region's pack. Two entries for one region code are refused. */
  constructor(packSets: readonly (readonly Pack[])[]) {
    const regions: RegionPolicy[] = [];
    for (const packs of packSets) {
      const first = packs[0];
      if (first === undefined) continue;
      for (const p of packs) {
        if (p.region.admdvs !== first.region.admdvs) throw new Error(`pack ${p.id} ${p.version}: region ${p.region.admdvs} differs from ${first.region.admdvs}`);
      }
      const other = regions.find((r) => r.admdvs === first.region.admdvs);
      if (other !== undefined) {
        throw new Error(`两个政策包属于同一统筹区 ${first.region.admdvs}：${other.id}、${first.id} / packs ${other.id} and ${first.id} both cover region ${first.region.admdvs}`);
      }
      regions.push({
        id: first.id,
        admdvs: first.region.admdvs,
        prefix: codePrefix(first.region.admdvs),
        name: first.region.name,
        illustrative: packs.some((p) => p.illustrative),
        packs,
        policy: compilePolicy(packs),
      });
    }
    // longest prefix first: the first match is the most specific
    this.regions = regions.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The region whose code prefixes `admdvs` (a person's insuplc_admdvs or stored admdvs). */
  forAdmdvs(admdvs: string): RegionPolicy | undefined {
    return this.regions.find((r) => admdvs.startsWith(r.prefix));
  }
}
