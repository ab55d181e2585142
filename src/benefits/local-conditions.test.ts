import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPackFile, POLICIES_DIR } from '../policy/load.js';
import type { IsoDateTime } from '../time/date.js';
import { settleBatch } from './fold.js';
import type { PersonFacts, Settlement } from './types.js';

function packWith(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-local-'));
  const file = join(dir, 'p.yaml');
  writeFileSync(file, `extends: ${join(POLICIES_DIR, 'sd-heze', '2022.yaml')}\n${body}`);
  return compilePolicy([loadPackFile(file)]);
}

const settlement = (over: Partial<Settlement> = {}): Settlement => ({
  setlId: 'S1', psnNo: 'P1', medType: '21', setlTime: '2022-06-01 10:00:00' as IsoDateTime,
  total: 1_000_000 as Fen, policyScope: 1_000_000 as Fen, basicGiven: 500_000 as Fen, criticalIllnessGiven: undefined, ...over,
});

const tekun: PersonFacts = { psnNo: 'P1', identities: [{ category: 'tekun', begin: '2020-01-01' as never }] };
const nobody: PersonFacts = { psnNo: 'P1', identities: [] };

describe('[local] values never widen a rule, and never block a payment that is certainly 0', () => {
  it('a rule whose categories are [local] refuses the settlement instead of matching everyone', () => {
    const policy = packWith('tiers:\n  assistance:\n    rules:\n      - id: BEN-HZ-2\n        categories: { local: 局方确定 }\n');
    const out = settleBatch(policy, new Map([['P1', nobody]]), [settlement({ criticalIllnessGiven: 0 as Fen })]);
    expect(out.get('S1')).toMatchObject({ ok: false, problem: { code: 'needs-local', key: 'tiers.assistance.rules[0].categories' } });
  });
  it('a [local] scope refuses a settlement the tier must compute', () => {
    const policy = packWith('tiers:\n  assistance:\n    scope: { local: 局方确定 }\n');
    const out = settleBatch(policy, new Map([['P1', tekun]]), [settlement()]);
    expect(out.get('S1')).toMatchObject({ ok: false, problem: { code: 'needs-local', key: 'tiers.assistance.scope' } });
  });
  it('below a stated deductible the tier pays 0 even though its bands and cap are [local]', () => {
    // Heze's standard critical illness has a [local] deductible; give it one, leave bands and cap unset
    const policy = packWith('documents:\n  bureau: { kind: local, title: 局方口径（测试） }\ntiers:\n  critical_illness:\n    rules:\n      - id: CI-HZ-STD\n        deductible: { value: 15000, cite: "bureau §1" }\n');
    const out = settleBatch(policy, new Map([['P1', nobody]]), [settlement({ total: 2_000_000 as Fen, policyScope: 2_000_000 as Fen, basicGiven: 1_000_000 as Fen })]);
    expect(out.get('S1')).toMatchObject({ ok: true, result: { criticalIllness: 0 } });
    const above = settleBatch(policy, new Map([['P1', nobody]]), [settlement({ total: 4_000_000 as Fen, policyScope: 4_000_000 as Fen, basicGiven: 1_000_000 as Fen })]);
    expect(above.get('S1')).toMatchObject({ ok: false, problem: { code: 'needs-local', key: 'tiers.critical_illness.rules[1].annual_cap' } });
  });
  it('the explanation cites the clause that excludes a person from assistance', () => {
    const out = settleBatch(packWith(''), new Map([['P1', nobody]]), [settlement({ criticalIllnessGiven: 0 as Fen })]);
    const o = out.get('S1');
    expect(o?.ok && o.result.traces[2]?.otherwise?.clause).toBe('一(四)');
  });
});
