import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPackFile, POLICIES_DIR } from '../policy/load.js';
import type { IsoDate } from '../time/date.js';
import type { LedgerPerson, LedgerRow } from './ledger.js';
import { maskCertno } from '../people/certno.js';
import { buildLedger, formatRate, rateInPerMille } from './ledger.js';
import type { SubsidyLine } from './types.js';

/** Heze (ranking: tekun, dibao, fanpin, [dibian, tpbwd, byyzp], zcxkn) with two funds and no subsidy rule: the ledger only needs these. */
function policy() {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-ledger-'));
  const file = join(dir, 'p.yaml');
  writeFileSync(file, `extends: ${join(POLICIES_DIR, 'sd-heze', '2022.yaml')}
documents:
  test: { kind: illustrative, title: 测试 }
subsidies:
  employee_insurance_guidance: { value: [tuopin], cite: "test §1" }
  funds:
    assistance: { value: 医疗救助资金, cite: "test §1" }
    link: { value: 统筹衔接资金, cite: "test §1" }
`);
  return compilePolicy([loadPackFile(file)]);
}

const POLICY = policy();
const d = (s: string): IsoDate => s as IsoDate;

function line(psnNo: string, year: number, item: string, subsidy: number, fund: string | undefined): SubsidyLine {
  return {
    psnNo, year, item, itemName: item, identity: undefined, due: 100_000 as Fen, subsidy: subsidy as Fen, personPays: (100_000 - subsidy) as Fen,
    fund, fundName: fund, rule: undefined, base: 100_000 as Fen, packId: 'sd-heze', packVersion: 'x', waitingPeriod: undefined, illustrative: false,
  };
}

const span = (category: Category, begin: string, end?: string): IdentitySpan => ({ category, begin: d(begin), end: end === undefined ? undefined : d(end) });

describe('the enrollment ledger', () => {
  it('counts members by township and highest-ranked category on the as-of date, names the un-enrolled, flags employed tuopin', () => {
    const persons: LedgerPerson[] = [
      { psnNo: 'A', name: '甲', certno: '371702199001011235', townAdmdvs: '371702001', villageAdmdvs: '371702001001', identities: [span('dibao', '2020-01-01'), span('tekun', '2023-06-01')] },
      { psnNo: 'B', name: '乙', townAdmdvs: '371702001', identities: [span('tpbwd', '2020-01-01')] },
      { psnNo: 'C', name: '丙', townAdmdvs: '371702002', identities: [span('tuopin', '2020-01-01')], employed: true },
      { psnNo: 'D', name: '丁', identities: [span('dibao', '2020-01-01', '2023-03-31')] },
    ];
    const lines = [line('A', 2023, 'resident', 34_200, 'assistance'), line('C', 2023, 'resident', 5_000, 'link'), line('C', 2023, 'ykb', 5_000, 'link'), line('B', 2022, 'resident', 100, 'assistance')];
    const l = buildLedger({ policy: POLICY, year: 2023, persons, lines });
    expect(l.asOf).toBe('2023-12-31');
    expect(l.funds).toEqual([{ key: 'assistance', name: '医疗救助资金' }, { key: 'link', name: '统筹衔接资金' }]);
    const at = (town: string | null, group: string): LedgerRow | undefined => l.rows.find((r) => r.town === town && r.group === group);
    expect(at('371702001', 'tekun')).toMatchObject({ members: 1, enrolled: 1, notEnrolled: 0, subsidy: { assistance: 34_200 } });
    expect(at('371702001', 'tpbwd')).toMatchObject({ members: 1, enrolled: 0, notEnrolled: 1, subsidyTotal: 0 });
    expect(at('371702001', 'dibao')).toBeUndefined();
    // tuopin is not in Heze's ranking: C counts only among all persons, but is still flagged as employed tuopin
    expect(at('371702002', 'categories')).toMatchObject({ members: 0 });
    expect(at('371702002', 'all')).toMatchObject({ members: 1, enrolled: 1, subsidy: { link: 10_000 }, subsidyTotal: 10_000 });
    expect(at('', 'all')).toMatchObject({ members: 1, enrolled: 0 });
    expect(at(null, 'all')).toMatchObject({ members: 4, enrolled: 2, notEnrolled: 2, subsidyTotal: 44_200 });
    expect(l.rows.map((r) => `${r.town ?? '*'}:${r.group}`)).toEqual([
      '371702001:tekun', '371702001:tpbwd', '371702001:categories', '371702001:all',
      '371702002:categories', '371702002:all', ':categories', ':all',
      '*:tekun', '*:tpbwd', '*:categories', '*:all',
    ]);
    expect(l.unenrolled).toEqual([{ town: '371702001', village: '', psnNo: 'B', name: '乙', maskedCertno: '', category: 'tpbwd', enrollmentRejected: false }]);
    expect(l.employedTuopin).toEqual([{ town: '371702002', village: '', psnNo: 'C', name: '丙', maskedCertno: '', category: 'tuopin', enrolled: true }]);

    // as of 31 March, A is dibao and D still is: D joins the 动态清零 list (unknown township last)
    const march = buildLedger({ policy: POLICY, year: 2023, asOf: d('2023-03-31'), persons, lines, rejectedEnrollments: new Set(['D']) });
    expect(march.rows.find((r) => r.town === '371702001' && r.group === 'dibao')).toMatchObject({ members: 1, enrolled: 1 });
    expect(march.unenrolled.map((u) => [u.psnNo, u.category, u.enrollmentRejected])).toEqual([['B', 'tpbwd', false], ['D', 'dibao', true]]);
  });

  it('masks ID numbers and rounds rates down to a tenth of a percent', () => {
    expect(maskCertno('371702199001011235')).toBe('371702********1235');
    expect(maskCertno(undefined)).toBe(null);
    expect(formatRate(999, 1000)).toBe('99.9%');
    expect(formatRate(1999, 2000)).toBe('99.9%'); // never 100.0% while someone is missing
    expect(formatRate(5, 7)).toBe('71.4%');
    expect(formatRate(3, 3)).toBe('100.0%');
    expect(formatRate(0, 4)).toBe('0.0%');
    expect(formatRate(0, 0)).toBe('');
    expect(rateInPerMille(2, 3)).toBe(666);
  });

  const CATS: Category[] = ['tekun', 'dibao', 'fanpin', 'dibian', 'tpbwd', 'zcxkn', 'tuopin', 'disabled'];
  const date = fc.constantFrom('2021-03-01', '2022-09-15', '2023-01-01', '2023-06-30', '2023-12-31', '2024-02-01');
  const person = fc.record({
    town: fc.constantFrom('371702001', '371702002', '371702003', undefined),
    employed: fc.option(fc.boolean(), { nil: undefined }),
    identities: fc.array(fc.tuple(fc.constantFrom(...CATS), date, fc.option(date, { nil: undefined })), { maxLength: 3 }),
    lines: fc.array(fc.tuple(fc.constantFrom(2022, 2023), fc.constantFrom('resident', 'resident', 'ykb'), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('assistance', 'link', undefined)), { maxLength: 3 }),
  });

  it('adds up: members = enrolled + not enrolled; townships sum to the total; categories sum to their subtotal (fast-check)', () => {
    fc.assert(fc.property(fc.array(person, { maxLength: 40 }), fc.constantFrom('2023-06-30', '2023-12-31', '2022-10-01'), (ps, asOf) => {
      const persons: LedgerPerson[] = ps.map((p, i) => ({
        psnNo: `P${i}`, townAdmdvs: p.town, employed: p.employed,
        identities: p.identities.map(([c, b, e]) => span(c, b, e !== undefined && e >= b ? e : undefined)),
      }));
      const lines = ps.flatMap((p, i) => p.lines.map(([year, item, amount, fund]) => line(`P${i}`, year, item, fund === undefined ? 0 : amount, fund)));
      const l = buildLedger({ policy: POLICY, year: 2023, asOf: d(asOf), persons, lines });
      const total = (group: string): LedgerRow | undefined => l.rows.find((r) => r.town === null && r.group === group);

      for (const r of l.rows) {
        expect(r.members).toBe(r.enrolled + r.notEnrolled);
        expect(r.subsidyTotal).toBe(Object.values(r.subsidy).reduce((a, b) => a + b, 0));
      }
      const groups = new Set(l.rows.map((r) => r.group));
      for (const g of groups) {
        const towns = l.rows.filter((r) => r.town !== null && r.group === g);
        const t = total(g);
        expect(t).toBeDefined();
        expect(towns.reduce((a, r) => a + r.members, 0)).toBe(t?.members);
        expect(towns.reduce((a, r) => a + r.enrolled, 0)).toBe(t?.enrolled);
        for (const f of l.funds) expect(towns.reduce((a, r) => a + (r.subsidy[f.key] ?? 0), 0)).toBe(t?.subsidy[f.key] ?? 0);
      }
      for (const town of new Set(l.rows.map((r) => r.town))) {
        const rows = l.rows.filter((r) => r.town === town);
        const cats = rows.filter((r) => r.group !== 'categories' && r.group !== 'all');
        const sub = rows.find((r) => r.group === 'categories');
        const all = rows.find((r) => r.group === 'all');
        expect(cats.reduce((a, r) => a + r.members, 0)).toBe(sub?.members);
        expect(cats.reduce((a, r) => a + r.enrolled, 0)).toBe(sub?.enrolled);
        expect(cats.reduce((a, r) => a + r.subsidyTotal, 0)).toBe(sub?.subsidyTotal);
        expect(all?.members ?? 0).toBeGreaterThanOrEqual(sub?.members ?? 0);
      }
      expect(total('all')?.members).toBe(persons.length);
      const enrolled = new Set(lines.filter((x) => x.year === 2023 && x.item === 'resident').map((x) => x.psnNo));
      expect(total('all')?.enrolled).toBe(enrolled.size);
      expect(total('all')?.subsidyTotal).toBe(lines.filter((x) => x.year === 2023).reduce((a, x) => a + x.subsidy, 0));
      expect(l.unenrolled).toHaveLength(total('categories')?.notEnrolled ?? 0);
      expect(l.unenrolled.every((u) => !enrolled.has(u.psnNo))).toBe(true);
      expect(l.employedTuopin.every((u) => persons.find((p) => p.psnNo === u.psnNo)?.employed === true)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('SUB-CQ-7 is pack data', () => {
  it('a pack that does not state the guidance lists no employed person', async () => {
    const { compilePolicy: compile } = await import('../policy/compile.js');
    const { loadPacks } = await import('../policy/load.js');
    const ledger = buildLedger({
      policy: compile(loadPacks('zj-yuecheng')), year: 2023, lines: [],
      persons: [{ psnNo: 'P1', identities: [{ category: 'tuopin', begin: '2020-01-01' as IsoDate }], employed: true }],
    });
    expect(ledger.employedTuopin).toEqual([]);
  });
});
