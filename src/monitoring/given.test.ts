import { describe, expect, it } from 'vitest';
import { settleBatch } from '../benefits/fold.js';
import type { PersonFacts, Settlement } from '../benefits/types.js';
import { yuan } from '../money/yuan.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import type { IsoDate, IsoDateTime } from '../time/date.js';

// 菏泽 BEN-HZ-6: 脱贫不稳定户, assistance above a 3,000 deductible at 50 %, limit 10,000 (004 §一(四)).
const heze = compilePolicy(loadPacks('sd-heze'));
const tpbwd: PersonFacts = { psnNo: 'P1', identities: [{ category: 'tpbwd', begin: '2020-01-01' as IsoDate }] };
const row = (id: string, time: string, extra: Partial<Settlement>): Settlement => ({
  setlId: id, psnNo: 'P1', medType: '21', setlTime: time as IsoDateTime, total: yuan(12000), policyScope: yuan(10000),
  basicGiven: yuan(5000), criticalIllnessGiven: yuan(0), ...extra,
});

describe('a settled extract\'s maf_pay, taken as given by the engine', () => {
  it('is paid as given, books to assistance, and fills the year\'s accumulators for a later computed settlement', () => {
    const out = settleBatch(heze, new Map([['P1', tpbwd]]), [
      row('S1', '2023-03-01 10:00:00', { assistanceGiven: yuan(1000) }),
      row('S2', '2023-06-01 10:00:00', {}),
    ]);
    const s1 = out.get('S1');
    const s2 = out.get('S2');
    expect(s1?.ok && s1.result).toMatchObject({ assistance: yuan(1000), reAssistance: 0, personal: yuan(6000) });
    // S2's assistance base 5,000 comes on top of S1's 5,000: 50 % × (10,000 − 3,000) − 1,000 paid = 2,500
    // (without S1 in the pool it would be 50 % × (5,000 − 3,000) = 1,000)
    expect(s2?.ok && s2.result.assistance).toBe(yuan(2500));
  });

  it('a given maf_pay above what the first two tiers left is refused, naming the assistance tier', () => {
    const out = settleBatch(heze, new Map([['P1', tpbwd]]), [row('S1', '2023-03-01 10:00:00', { assistanceGiven: yuan(5000.01) })]);
    const s1 = out.get('S1');
    expect(s1?.ok === false && s1.problem).toMatchObject({ code: 'given-above-base', tier: 'assistance' });
  });

  it('without it, nothing changes: the same settlement computed is what settle pays', () => {
    const out = settleBatch(heze, new Map([['P1', tpbwd]]), [row('S2', '2023-06-01 10:00:00', {})]);
    const s = out.get('S2');
    expect(s?.ok && s.result.assistance).toBe(yuan(1000));
  });
});
