/**
 * REP-1, REP-7 and REP-3 on the hand-checked population (test-support/population.ts), 2023-Q2 with
 * a cut-off of 2023-07-10 10:00 Beijing time: the reference day is 2023-06-30. Every expected figure
 * below is counted by hand from the table in population.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { rankTowns } from './rating.js';
import { enrollmentFacts } from './enrollment-facts.js';
import { inputOf, T1, T2 } from './test-support/population.js';
import { keysOf, rowOf, tableOf } from './test-support/read.js';
import type { ReportPerson } from './types.js';

const Q2 = '2023-07-10T02:00:00Z';

describe('REP-1 enrollment completion and the eight groups', () => {
  const doc = buildReport(inputOf('enrollment', '2023-Q2', Q2));

  it('counts the registry and the enrolled per township, against 95 %', () => {
    // T1: A C D E enrolled (C paid 05-20), B only 2022 and 渝快保 → 4 / 5
    expect(rowOf(doc, 'towns', T1)).toMatchObject({ members: '5', enrolled: '4', notEnrolled: '1', rate: '80.0%', target: '95.0%', met: '否' });
    // T2: F H I (no paid date) enrolled; G paid 07-05, after the reference day; J never → 3 / 5
    expect(rowOf(doc, 'towns', T2)).toMatchObject({ members: '5', enrolled: '3', notEnrolled: '2', rate: '60.0%', met: '否' });
    // K has no township
    expect(rowOf(doc, 'towns', '(none)')).toMatchObject({ town: '', townName: '未登记乡镇', members: '1', enrolled: '1', rate: '100.0%', met: '是' });
    // 8 / 11 = 72.72… → 72.7 %
    expect(rowOf(doc, 'towns', 'total')).toMatchObject({ town: '合计', members: '11', enrolled: '8', notEnrolled: '3', rate: '72.7%', met: '否' });
    expect(keysOf(doc, 'towns')).toEqual([T1, T2, '(none)']);
  });

  it('counts each member of the eight groups once, in the highest category held on the reference day', () => {
    // A tekun (also dibao), B dibao, C tpbwd (kept by ID-3 to 2023-08-31; also tuopin), G tuopin, H byyzp, J fanpin; F's dibian ended 05-15
    expect(rowOf(doc, 'categories', 'tekun')).toMatchObject({ category: '特困人员', members: '1', enrolled: '1', rate: '100.0%', cleared: '是' });
    expect(rowOf(doc, 'categories', 'dibao')).toMatchObject({ members: '1', enrolled: '0', notEnrolled: '1', rate: '0.0%', cleared: '否' });
    expect(rowOf(doc, 'categories', 'dibian')).toMatchObject({ members: '0', rate: '', cleared: '' });
    expect(rowOf(doc, 'categories', 'tpbwd')).toMatchObject({ members: '1', enrolled: '1' });
    expect(rowOf(doc, 'categories', 'tuopin')).toMatchObject({ members: '1', enrolled: '0' });
    expect(rowOf(doc, 'categories', 'total')).toMatchObject({ category: '八类人群合计', members: '6', enrolled: '3', notEnrolled: '3', rate: '50.0%', target: '100.0%', cleared: '否' });
    expect(keysOf(doc, 'categories')).toEqual(['tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin']);
    // 2 of 3 → 66.66… shows 66.6 %, never 66.7 %
    expect(rowOf(doc, 'towns-groups', T1)).toMatchObject({ members: '3', enrolled: '2', notEnrolled: '1', rate: '66.6%', cleared: '否' });
    expect(rowOf(doc, 'towns-groups', T2)).toMatchObject({ members: '3', enrolled: '1', notEnrolled: '2', rate: '33.3%' });
    expect(rowOf(doc, 'towns-groups', '(none)')).toMatchObject({ members: '0', rate: '', cleared: '' });
    expect(keysOf(doc, 'towns-categories')).toEqual([`${T1}/tekun`, `${T1}/dibao`, `${T1}/tpbwd`, `${T2}/fanpin`, `${T2}/byyzp`, `${T2}/tuopin`]);
    expect(rowOf(doc, 'towns-categories', 'total')).toMatchObject({ members: '6', enrolled: '3' });
  });

  it('names every member not enrolled (动态清零名单), by township, village and number, as personal data', () => {
    const list = tableOf(doc, 'unenrolled');
    expect(list.personal).toBe(true);
    expect(list.rows.map((r) => r.key)).toEqual(['B', 'G', 'J']);
    expect(rowOf(doc, 'unenrolled', 'G')).toMatchObject({ town: T2, village: '500243002001', psnNo: 'G', name: '名G', category: '脱贫人口' });
    expect(rowOf(doc, 'unenrolled', 'B').certno).toBe('500243********B00X');
    expect(['towns', 'categories', 'towns-groups', 'towns-categories'].map((id) => tableOf(doc, id).personal)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('draws the completion rate per township against the target, as displayed (per-mille rounded down)', () => {
    const chart = doc.charts.find((c) => c.id === 'towns-rate');
    expect(chart).toMatchObject({ type: 'bar', unit: 'rate', labels: [T1, T2, '未登记乡镇'], series: [{ values: [800, 600, 1000] }], reference: { value: 950 } });
  });

  it('takes the year end as the reference day for the year: G, paid on 07-05, is then enrolled', () => {
    const year = buildReport(inputOf('enrollment', '2023', '2024-01-15T00:00:00Z'));
    expect(rowOf(year, 'towns', T2)).toMatchObject({ enrolled: '4', rate: '80.0%' });
    // on 2023-12-31 C's tpbwd has lapsed (kept to 2023-08-31): C is a tuopin
    expect(rowOf(year, 'categories', 'tpbwd')).toMatchObject({ members: '0' });
    expect(rowOf(year, 'categories', 'tuopin')).toMatchObject({ members: '2', enrolled: '2' });
  });

  it('takes the cut-off day when it comes before the period ends (UTC+8: 2023-06-14 20:00 Z is the 15th)', () => {
    const early = buildReport(inputOf('enrollment', '2023-06', '2023-06-14T20:00:00Z'));
    expect(early.definitions.find((d) => d.term.startsWith('统计日'))?.text).toMatch(/^2023-06-15：/);
  });
});

describe('REP-7 household enrollment rate', () => {
  it('is the registry\'s rate per township against 97 %, and says what stands for 户籍人员', () => {
    const doc = buildReport(inputOf('household', '2023-Q2', Q2));
    expect(rowOf(doc, 'towns', T1)).toMatchObject({ members: '5', enrolled: '4', rate: '80.0%', target: '97.0%', met: '否' });
    expect(rowOf(doc, 'towns', 'total')).toMatchObject({ members: '11', enrolled: '8', rate: '72.7%', target: '97.0%', met: '否' });
    const def = doc.definitions.find((d) => d.term.startsWith('户籍人员 /'));
    expect(def?.text).toContain('没有公安户籍登记');
    expect(def?.clause).toContain('户籍人员参保率稳定在97%以上');
    expect(doc.charts[0]?.reference?.value).toBe(970);
  });
});

describe('REP-3 quarterly rating', () => {
  it('ranks by completion rate, the unknown township last and unranked', () => {
    const doc = buildReport(inputOf('rating', '2023-Q2', Q2));
    expect(keysOf(doc, 'rating')).toEqual([T1, T2, '(none)']);
    expect(rowOf(doc, 'rating', T1)).toMatchObject({ rank: '1', rate: '80.0%', groupMembers: '3', groupNotEnrolled: '1', groupRate: '66.6%', cleared: '否' });
    expect(rowOf(doc, 'rating', T2)).toMatchObject({ rank: '2', rate: '60.0%', groupNotEnrolled: '2' });
    expect(rowOf(doc, 'rating', '(none)')).toMatchObject({ rank: '' });
    expect(rowOf(doc, 'rating', 'total')).toMatchObject({ rank: '合计', members: '11', enrolled: '8', groupNotEnrolled: '3' });
    expect(doc.definitions.find((d) => d.term.startsWith('名次'))?.text).toContain('[local]');
  });

  it('breaks a tie of rates on the eight groups not enrolled, and gives equal standing an equal rank', () => {
    // four townships of 2 persons each; t1, t2, t3 at 50 %, t4 at 100 %
    const p = (psnNo: string, town: string, tekun: boolean): ReportPerson => ({
      psnNo, name: psnNo, certnoMasked: null, town, village: null, rural: null, employed: null,
      identities: tekun ? [{ category: 'tekun', begin: '2020-01-01' as never }] : [],
    });
    const persons = [
      p('a1', '500243011', true), p('a2', '500243011', false), // 50 %; the tekun a1 not enrolled → 1 to clear
      p('b1', '500243012', false), p('b2', '500243012', false), // 50 %; nobody to clear
      p('c1', '500243013', false), p('c2', '500243013', false), // 50 %; nobody to clear
      p('d1', '500243014', false), p('d2', '500243014', false), // 100 %
    ];
    const enrollments = ['a2', 'b1', 'c2', 'd1', 'd2'].map((psnNo) => ({ psnNo, year: 2023, product: '', paidDate: null }));
    const input = inputOf('rating', '2023-Q2', Q2, { persons, enrollments, money: [], cases: [], alerts: [] });
    expect(rankTowns(enrollmentFacts(input))).toEqual([
      { town: '500243014', rank: 1 },
      { town: '500243012', rank: 2 },
      { town: '500243013', rank: 2 },
      { town: '500243011', rank: 4 },
    ]);
  });
});
