import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { settleBatch } from '../benefits/fold.js';
import type { PersonFacts, Settlement } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import { yuan } from '../money/yuan.js';
import type { Category } from '../people/category.js';
import type { Policy } from '../policy/compile.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPackFile, loadPacks, POLICIES_DIR } from '../policy/load.js';
import type { IsoDate, IsoDateTime } from '../time/date.js';
import { screenSettlements } from './from-settlements.js';

const policies = new Map<string, Policy>();
function policy(id: string): Policy {
  let p = policies.get(id);
  if (p === undefined) {
    p = compilePolicy(loadPacks(id));
    policies.set(id, p);
  }
  return p;
}

/** A bureau's override of a shipped pack, as a file (what --pack <path> loads). */
function overridePolicy(base: string, body: string): Policy {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-screen-'));
  const file = join(dir, 'bureau.yaml');
  writeFileSync(file, `extends: ${join(POLICIES_DIR, base)}\nversion: test-bureau\ndocuments:\n  bureau: { kind: local, title: 局方口径（测试） }\n${body}`);
  return compilePolicy([loadPackFile(file)]);
}

function person(psnNo: string, ...ids: [Category, string, string?][]): PersonFacts {
  return { psnNo, identities: ids.map(([category, begin, end]) => ({ category, begin: begin as IsoDate, end: end as IsoDate | undefined })) };
}

let seq = 0;
/** A settled settlement whose every tier is given, leaving `personal` yuan to the person. */
function settled(psnNo: string, time: string, personal: string, opts: { scopeShare?: number; id?: string } = {}): Settlement {
  const p = yuan(personal);
  const total = (p + yuan(30000)) as Fen;
  // the funds pay 30,000: basic 15,000, critical illness 5,000, assistance 10,000; the policy-scope
  // amount is what the funds paid plus a part of the personal burden
  return {
    setlId: opts.id ?? `S${String(++seq).padStart(6, '0')}`, psnNo, medType: '21', setlTime: time as IsoDateTime,
    total, policyScope: (yuan(30000) + Math.floor(p * (opts.scopeShare ?? 0.5))) as Fen,
    basicGiven: yuan(15000), criticalIllnessGiven: yuan(5000), assistanceGiven: yuan(10000),
  };
}

const alertsOf = (r: ReturnType<typeof screenSettlements>['result'], rule?: string) => r.alerts.filter((a) => rule === undefined || a.rule === rule);

describe('thresholds: just below, at and above', () => {
  const tekun = person('P1', ['tekun', '2020-01-01']);
  it.each([
    ['9999.99', false],
    ['10000.00', true], // 1万元以上: 以上 includes the number
    ['10000.01', true],
  ])('MON-GX-1 (广西, ≥ 10,000): a tekun person whose year leaves %s yuan → alert %s', (amount, raised) => {
    const { result } = screenSettlements(policy('gx'), [tekun], [settled('P1', '2023-03-01 10:00:00', amount)], 2023);
    expect(alertsOf(result, 'MON-GX-1').length).toBe(raised ? 1 : 0);
    if (raised) {
      expect(result.alerts[0]).toMatchObject({ psnNo: 'P1', measure: 'personal', amount: yuan(amount), threshold: yuan(10000), comparison: '>=', category: 'tekun', complete: true });
      expect(result.alerts[0]?.pushTo).toEqual(['rural_revitalisation']);
    }
  });

  it.each([
    ['49999.99', false],
    ['50000.00', false], // 超过 excludes the number
    ['50000.01', true],
  ])('MON-YC-1 (越城, > 50,000): a dibao person whose year leaves %s yuan → 一件事 %s', (amount, raised) => {
    const { result } = screenSettlements(policy('zj-yuecheng'), [person('P1', ['dibao', '2021-01-01'])], [settled('P1', '2022-05-01 10:00:00', amount)], 2022);
    expect(alertsOf(result, 'MON-YC-1').length).toBe(raised ? 1 : 0);
    if (raised) expect(result.alerts[0]).toMatchObject({ comparison: '>', threshold: yuan(50000), process: 'one_thing', category: 'dibao' });
  });

  it.each([
    ['13999.99', false],
    ['14000.00', true], // 2倍及以上 of the illustrative 7,000
    ['14000.01', true],
  ])('MON-CQ-1 (彭水 demo, ≥ 2 × 7,000): anyone whose year leaves %s yuan → alert %s', (amount, raised) => {
    const { result } = screenSettlements(policy('demo-cq-pengshui'), [person('P1')], [settled('P1', '2023-07-01 10:00:00', amount)], 2023);
    expect(alertsOf(result, 'MON-CQ-1').length).toBe(raised ? 1 : 0);
    if (raised) expect(result.alerts[0]).toMatchObject({ threshold: yuan(14000), category: undefined, illustrative: true });
  });

  it('the burden is summed over the year: the settlement that crosses raises the alert', () => {
    const s = [settled('P1', '2023-02-01 10:00:00', '6000'), settled('P1', '2023-09-01 10:00:00', '4000', { id: 'CROSS' }), settled('P1', '2023-11-01 10:00:00', '500')];
    const { result } = screenSettlements(policy('gx'), [person('P1', ['dibao', '2020-01-01'])], s, 2023);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ setlId: 'CROSS', day: '2023-09-01', amountAtAlert: yuan(10000), amount: yuan(10500) });
  });

  it('only the year asked: settlements of other years are not summed', () => {
    const s = [settled('P1', '2022-12-31 23:59:59', '9000'), settled('P1', '2023-01-01 00:00:00', '9000')];
    const { result } = screenSettlements(policy('gx'), [person('P1', ['tekun', '2020-01-01'])], s, 2023);
    expect(result.alerts).toHaveLength(0);
    expect(result.settlements).toBe(1);
  });

  it('a reversed settlement counts for nothing', () => {
    const s = [settled('P1', '2023-02-01 10:00:00', '6000'), settled('P1', '2023-03-01 10:00:00', '6000', { id: 'REV' })];
    const { result } = screenSettlements(policy('gx'), [person('P1', ['tekun', '2020-01-01'])], s, 2023, new Set(['REV']));
    expect(result.alerts).toHaveLength(0);
  });
});

describe('[local] values: the rule is named as not evaluable, never skipped silently', () => {
  it('Pengshui official: MON-CQ-1 needs the monitoring standard', () => {
    const { result } = screenSettlements(policy('cq-pengshui'), [person('P1')], [settled('P1', '2023-07-01 10:00:00', '900000')], 2023);
    expect(result.alerts).toHaveLength(0);
    expect(result.notEvaluable).toEqual([expect.objectContaining({ rule: 'MON-CQ-1', packId: 'cq-pengshui', key: 'monitoring.rules[0].threshold' })]);
  });
  it('Heze: MON-HZ-1 needs the measure the city chooses first', () => {
    const { result } = screenSettlements(policy('sd-heze'), [person('P1', ['tekun', '2020-01-01'])], [settled('P1', '2023-07-01 10:00:00', '900000')], 2023);
    expect(result.notEvaluable.map((n) => [n.rule, n.key])).toEqual([['MON-HZ-1', 'monitoring.rules[0].measure']]);
  });
  it('Guangxi: MON-GX-1 is evaluated, MON-GX-2 reported', () => {
    const { result } = screenSettlements(policy('gx'), [person('P1')], [settled('P1', '2023-07-01 10:00:00', '900000')], 2023);
    expect(result.alerts).toHaveLength(0); // no category: not MON-GX-1's population
    expect(result.notEvaluable.map((n) => n.rule)).toEqual(['MON-GX-2']);
  });
});

describe('MON-GX-2: the whole insured population', () => {
  const gx = () => overridePolicy('gx/2022.yaml', 'monitoring:\n  rules:\n    - id: MON-GX-2\n      threshold: { value: 30000, cite: "bureau §1" }\n      comparison: { value: ">=", cite: "bureau §1" }\n');
  it('a person with no category whose burden crosses the bureau\'s threshold is a candidate; a low-income person is MON-GX-1\'s', () => {
    const p = gx();
    const persons = [person('NONE'), person('TEKUN', ['tekun', '2020-01-01']), person('TUOPIN', ['tuopin', '2020-01-01'])];
    const s = persons.map((x) => settled(x.psnNo, '2023-04-01 10:00:00', '30000'));
    const { result } = screenSettlements(p, persons, s, 2023);
    expect(result.alerts.map((a) => [a.psnNo, a.rule, a.category ?? '-'])).toEqual([
      ['NONE', 'MON-GX-2', '-'], ['TEKUN', 'MON-GX-1', 'tekun'], ['TUOPIN', 'MON-GX-2', 'tuopin'],
    ]);
    expect(result.notEvaluable).toEqual([]);
  });
  it('the category is the one held at the time: crossing before recognition is MON-GX-2, the next settlement as dibao MON-GX-1', () => {
    const p = gx();
    const s = [settled('P1', '2023-03-01 10:00:00', '31000', { id: 'MARCH' }), settled('P1', '2023-08-01 10:00:00', '100', { id: 'AUGUST' })];
    const { result } = screenSettlements(p, [person('P1', ['dibao', '2023-07-01'])], s, 2023);
    expect(result.alerts.map((a) => [a.rule, a.setlId, a.category ?? '-'])).toEqual([['MON-GX-2', 'MARCH', '-'], ['MON-GX-1', 'AUGUST', 'dibao']]);
  });
});

describe('measures', () => {
  it('policy_scope_personal leaves out-of-catalogue money out; personal counts it', () => {
    const p = overridePolicy('gx/2022.yaml', 'monitoring:\n  rules:\n    - id: MON-GX-1\n      measure: { value: policy_scope_personal, cite: "bureau §2" }\n');
    // personal 12,000, of which 6,000 policy-scope (scopeShare 0.5)
    const s = [settled('P1', '2023-03-01 10:00:00', '12000')];
    expect(screenSettlements(p, [person('P1', ['tekun', '2020-01-01'])], s, 2023).result.alerts).toHaveLength(0);
    const { result } = screenSettlements(policy('gx'), [person('P1', ['tekun', '2020-01-01'])], s, 2023);
    expect(result.alerts[0]).toMatchObject({ measure: 'personal', amount: yuan(12000) });
  });

  it('computed tiers: the measure is the engine\'s psn_part_amt, summed', () => {
    const p = policy('demo-cq-pengshui');
    const who = person('P1', ['dibao', '2020-01-01']);
    const s: Settlement[] = [1, 2, 3].map((m) => ({
      setlId: `C${m}`, psnNo: 'P1', medType: '21', hospLv: '05', setlTime: `2023-0${m}-10 09:00:00` as IsoDateTime,
      total: yuan(60000), policyScope: yuan(45000),
    }));
    const settledBy = settleBatch(p, new Map([['P1', { ...who, insuredTier: 1 }]]), s);
    let personal = 0;
    for (const o of settledBy.values()) if (o.ok) personal += o.result.personal;
    const { result } = screenSettlements(p, [{ ...who, insuredTier: 1 }], s, 2023);
    expect(personal).toBeGreaterThanOrEqual(yuan(14000)); // three stays of 60,000 leave more than the line
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]?.amount).toBe(personal);
  });

  it('a settlement the engine refuses marks the person-year incomplete (its amount a lower bound)', () => {
    const refused: Settlement = { setlId: 'X', psnNo: 'P1', medType: '21', setlTime: '2023-05-01 10:00:00' as IsoDateTime, total: yuan(100), policyScope: yuan(100) };
    const { result, problems } = screenSettlements(policy('gx'), [person('P1', ['tekun', '2020-01-01'])], [settled('P1', '2023-03-01 10:00:00', '20000'), refused], 2023);
    expect(problems.get('X')?.code).toBe('needs-local');
    expect(result.incomplete).toBe(1);
    expect(result.alerts[0]).toMatchObject({ rule: 'MON-GX-1', complete: false });
  });
});

describe('MON-YC-3: the year\'s costs of tekun, dibao and dibian, tier by tier', () => {
  it('lists the person-years of the population with each tier', () => {
    const s = [settled('D', '2022-03-01 10:00:00', '100'), settled('D', '2022-04-01 10:00:00', '200'), settled('N', '2022-04-01 10:00:00', '200')];
    const { result } = screenSettlements(policy('zj-yuecheng'), [person('D', ['dibian', '2021-01-01']), person('N')], s, 2022);
    expect(result.breakdowns).toEqual([expect.objectContaining({
      psnNo: 'D', rule: 'MON-YC-3', category: 'dibian', settlements: 2, basic: yuan(30000), criticalIllness: yuan(10000), maf: yuan(20000), personal: yuan(300),
    })]);
  });
});

describe('properties', () => {
  const amounts = fc.array(fc.integer({ min: 0, max: 2_000_000 }), { minLength: 1, maxLength: 8 });
  it('an alert is raised iff the year\'s burden meets the threshold; it names the first settlement that crosses; order of rows does not matter', () => {
    const gx = policy('gx');
    fc.assert(fc.property(amounts, fc.integer({ min: 0, max: 1_000_000 }), (fens, seed) => {
      const rows = fens.map((f, k) => settled('P1', `2023-${String(k + 1).padStart(2, '0')}-01 10:00:00`, (f / 100).toFixed(2), { id: `R${k}` }));
      const shuffled = [...rows].sort((a, b) => ((a.setlId.charCodeAt(1) * 7919 + seed) % 13) - ((b.setlId.charCodeAt(1) * 7919 + seed) % 13));
      const who = [person('P1', ['tekun', '2020-01-01'])];
      const a = screenSettlements(gx, who, rows, 2023).result;
      const b = screenSettlements(gx, who, shuffled, 2023).result;
      expect(b.alerts).toEqual(a.alerts);
      const sum = fens.reduce((x, y) => x + y, 0);
      expect(a.alerts.length).toBe(sum >= 1_000_000 ? 1 : 0);
      const alert = a.alerts[0];
      if (alert !== undefined) {
        const k = Number(alert.setlId.slice(1));
        const before = fens.slice(0, k).reduce((x, y) => x + y, 0);
        expect(alert.amount).toBe(sum);
        expect(alert.amountAtAlert).toBe(before + (fens[k] as number));
        expect(before).toBeLessThan(1_000_000);
        expect(alert.amountAtAlert).toBeGreaterThanOrEqual(1_000_000);
      }
    }), { numRuns: 200 });
  });
});
