import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPackFile, loadPacks, POLICIES_DIR } from '../policy/load.js';
import type { IsoDate } from '../time/date.js';
import { subsidize } from './subsidize.js';
import type { Enrollment, SubsidyOutcome } from './types.js';

// Pengshui 2023 as issued, plus contribution standards the notice leaves to the municipality:
// ILLUSTRATIVE test values (380 and 650 yuan), not Chongqing's.
const dir = mkdtempSync(join(tmpdir(), 'sanchong-subsidy-'));
const file = join(dir, 'pengshui-test.yaml');
writeFileSync(file, `extends: ${join(POLICIES_DIR, 'cq-pengshui', '2023.yaml')}
version: test
documents:
  test: { kind: illustrative, title: 测试用缴费标准（演示数值） }
subsidies:
  contributions:
    - { year: 2023, tier: 1, amount: { value: 380, cite: "test §1" } }
    - { year: 2023, tier: 2, amount: { value: 650, cite: "test §1" } }
  products:
    - { id: ykb-upgrade, price: { value: 299, cite: "test §2" } }
`);
const policy = compilePolicy([loadPackFile(file)]);
const official = compilePolicy(loadPacks('cq-pengshui'));

const d = (s: string): IsoDate => s as IsoDate;
const person = (...ids: [Category, string, string?][]): { psnNo: string; identities: IdentitySpan[] } => ({
  psnNo: 'P1',
  identities: ids.map(([category, begin, end]) => ({ category, begin: d(begin), end: end === undefined ? undefined : d(end) })),
});
const enroll = (over: Partial<Enrollment> = {}): Enrollment => ({ psnNo: 'P1', year: 2023, tier: 1, paidDate: d('2022-11-15'), ...over });

function line(o: SubsidyOutcome): Record<string, unknown> {
  if (!o.ok) return { problem: o.problem.code, ...('key' in o.problem ? { key: o.problem.key } : {}) };
  const l = o.line;
  return { item: l.item, identity: l.identity ?? '-', due: l.due / 100, subsidy: l.subsidy / 100, pays: l.personPays / 100, fund: l.fund ?? '-', rule: l.rule?.id ?? '-' };
}

describe('Pengshui 2023 enrollment subsidies (000 §三(一))', () => {
  it.each([
    ['SUB-CQ-1 特困人员一档 100%', person(['tekun', '2020-01-01']), enroll(), { identity: 'tekun', due: 380, subsidy: 380, pays: 0, fund: 'medical_assistance', rule: 'SUB-CQ-1-tekun' }],
    ['SUB-CQ-1 低保对象一档 90%', person(['dibao', '2020-01-01']), enroll(), { identity: 'dibao', subsidy: 342, pays: 38, rule: 'SUB-CQ-1-dibao' }],
    ['SUB-CQ-1 低保边缘户一档 70%', person(['dibian', '2020-01-01']), enroll(), { identity: 'dibian', subsidy: 266, pays: 114, rule: 'SUB-CQ-1-others' }],
    ['SUB-CQ-1 突发严重困难户一档 70%', person(['tfkn', '2022-06-01']), enroll(), { identity: 'tfkn', subsidy: 266, rule: 'SUB-CQ-1-others' }],
    ['SUB-CQ-2 特困人员自愿参加二档：一档标准的 100%，余额自付', person(['tekun', '2020-01-01']), enroll({ tier: 2 }), { due: 650, subsidy: 380, pays: 270, rule: 'SUB-CQ-2' }],
    ['SUB-CQ-3/4 稳定脱贫人口 50 元，统筹衔接资金', person(['tuopin', '2019-01-01']), enroll(), { identity: 'tuopin', subsidy: 50, pays: 330, fund: 'linkage', rule: 'SUB-CQ-3' }],
    ['ID-1 就高：既是脱贫人口又是低保对象，按低保对象', person(['tuopin', '2019-01-01'], ['dibao', '2021-01-01']), enroll(), { identity: 'dibao', subsidy: 342 }],
    ['没有身份：不资助，全额自付', person(), enroll(), { identity: '-', subsidy: 0, pays: 380, fund: '-', rule: '-' }],
    ['个人应缴额由数据给出时，比例仍按一档标准', person(['dibao', '2020-01-01']), enroll({ due: 40_000 as Fen }), { due: 400, subsidy: 342, pays: 58 }],
    ['SUB-CQ-8 监测对象购买升级款 150 元', person(['tpbwd', '2021-01-01']), enroll({ product: '升级款' }), { item: 'ykb-upgrade', due: 299, subsidy: 150, pays: 149, rule: 'SUB-CQ-8-monitoring-upgrade' }],
    ['SUB-CQ-8 监测对象购买普惠款 69 元全额', person(['byyzp', '2021-01-01']), enroll({ product: '渝快保普惠款' }), { item: 'ykb-puhui', due: 69, subsidy: 69, pays: 0 }],
    ['SUB-CQ-8 脱贫人口购买普惠款 50 元', person(['tuopin', '2019-01-01']), enroll({ product: 'ykb-puhui' }), { subsidy: 50, pays: 19, rule: 'SUB-CQ-8-tuopin' }],
    ['定额不超过应缴额', person(['tuopin', '2019-01-01']), enroll({ due: 3000 as Fen }), { due: 30, subsidy: 30, pays: 0 }],
  ])('%s', (_name, p, e, expected) => {
    expect(line(subsidize(policy, p, e))).toMatchObject(expected);
  });

  it('ID-2: the identity held on the payment date decides; a later change triggers no top-up', () => {
    expect(line(subsidize(policy, person(['dibao', '2022-11-16']), enroll()))).toMatchObject({ subsidy: 0 });
    expect(line(subsidize(policy, person(['dibao', '2020-01-01', '2022-11-16']), enroll()))).toMatchObject({ subsidy: 342 });
    expect(line(subsidize(policy, person(['dibian', '2020-01-01'], ['tekun', '2023-03-01']), enroll()))).toMatchObject({ identity: 'dibian', subsidy: 266 });
  });

  it('the official pack refuses, naming the contribution standard it lacks (SUB-CQ-5 [local])', () => {
    expect(line(subsidize(official, person(['dibao', '2020-01-01']), enroll()))).toEqual({ problem: 'needs-local', key: 'subsidies.contributions[0].amount' });
    // a product whose price the row gives needs no standard: 渝快保 for a monitoring object
    expect(line(subsidize(official, person(['tpbwd', '2020-01-01']), enroll({ product: '升级款', due: 29_900 as Fen })))).toMatchObject({ subsidy: 150, pays: 149 });
  });

  it('`requires` needs every category it lists, `categories` any one', () => {
    const both = join(dir, 'requires.yaml');
    writeFileSync(both, `extends: ${file}
subsidies:
  rules:
    - id: T-REQUIRES
      title: 低收入家庭中的重病患者（测试）
      cite: "test §3"
      item: resident
      categories: { value: [serious_illness], cite: "test §3" }
      requires: { value: [low_income_family], cite: "test §3" }
      share: { value: 60%, cite: "test §3" }
      fund: medical_assistance
`);
    const p2 = compilePolicy([loadPackFile(both)]);
    expect(line(subsidize(p2, person(['serious_illness', '2020-01-01']), enroll()))).toMatchObject({ subsidy: 0 });
    expect(line(subsidize(p2, person(['serious_illness', '2020-01-01'], ['low_income_family', '2020-01-01']), enroll()))).toMatchObject({ subsidy: 228, rule: 'T-REQUIRES' });
  });

  it('SUB-CQ-6: no waiting period for the 8 groups enrolling in the collection period', () => {
    const demo = compilePolicy(loadPacks('demo-cq-pengshui'));
    const wait = (p: ReturnType<typeof person>, e: Enrollment): unknown => {
      const o = subsidize(demo, p, e);
      return o.ok ? o.line.waitingPeriod : o.problem.code;
    };
    expect(wait(person(['tuopin', '2019-01-01']), enroll({ paidDate: d('2022-12-31') }))).toBe('none');
    expect(wait(person(['tuopin', '2019-01-01']), enroll({ paidDate: d('2023-01-05') }))).toBe('standard');
    expect(wait(person(), enroll({ paidDate: d('2022-10-01') }))).toBe('standard');
    expect(wait(person(['tuopin', '2019-01-01']), enroll({ paidDate: d('2022-10-01'), product: '普惠款' }))).toBeUndefined();
    // the official pack leaves the collection period to the county government
    const o = subsidize(official, person(['tpbwd', '2020-01-01']), enroll({ product: '升级款', due: 29_900 as Fen }));
    expect(o.ok).toBe(true);
    const r = subsidize(official, person(['tuopin', '2019-01-01']), enroll({ due: 38_000 as Fen }));
    expect(r.ok && r.line.waitingPeriod).toBe('unknown');
  });

  it('an unknown product is a problem, never a guess', () => {
    expect(line(subsidize(policy, person(), enroll({ product: '惠民保' })))).toEqual({ problem: 'unknown-product' });
  });

  it('never subsidises more than is due, and a later identity change changes nothing (fast-check)', () => {
    const cats: Category[] = ['tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin', 'zcxkn'];
    const day = fc.integer({ min: 0, max: 700 }).map((n) => new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.constantFrom(...cats), day), { maxLength: 3 }),
      fc.constantFrom(1, 2), day, fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
      fc.constantFrom(undefined, '普惠款', '升级款'), fc.constantFrom(...cats), day,
      (ids, tier, paid, due, product, lateCat, lateDay) => {
        const p = person(...ids.map(([c, b]) => [c, b] as [Category, string]));
        const e = enroll({ tier, paidDate: d(paid), due: due as Fen | undefined, product });
        const o = subsidize(policy, p, e);
        if (!o.ok) return;
        expect(o.line.subsidy).toBeGreaterThanOrEqual(0);
        expect(o.line.subsidy).toBeLessThanOrEqual(o.line.due);
        expect(o.line.subsidy + o.line.personPays).toBe(o.line.due);
        if (lateDay > paid) {
          const later = { ...p, identities: [...p.identities, { category: lateCat, begin: d(lateDay) }] };
          expect(subsidize(policy, later, e)).toEqual(o);
        }
      },
    ), { numRuns: 300 });
  });
});
