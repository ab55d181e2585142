/**
 * REP-2 on the hand-checked population: May 2023 (reference day 05-31) against April (04-30).
 * On 05-31: tuopin = C (T1), G (T2); monitoring objects = C (tpbwd, kept by ID-3), H (byyzp from
 * 05-10). Enrolled by 05-31: C (paid 05-20), H; not G (paid 07-05). On 04-30: H is not yet a
 * monitoring object and C has not paid.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { ReportError } from './errors.js';
import { inputOf, T1, T2 } from './test-support/population.js';
import { keysOf, rowOf, tableOf } from './test-support/read.js';

const april = buildReport(inputOf('dispatch', '2023-04', '2023-05-05T00:00:00Z'));
const may = (previous = april) => buildReport(inputOf('dispatch', '2023-05', '2023-06-05T00:00:00Z', { previous }));

describe('REP-2 monthly dispatch', () => {
  it('counts tuopin and monitoring objects per township, a person holding both in both and once in the total', () => {
    const doc = buildReport(inputOf('dispatch', '2023-05', '2023-06-05T00:00:00Z'));
    expect(rowOf(doc, 'dispatch-tuopin', T1)).toMatchObject({ members: '1', enrolled: '1', notEnrolled: '0', rate: '100.0%', target: '100.0%', met: '是' });
    expect(rowOf(doc, 'dispatch-tuopin', T2)).toMatchObject({ members: '1', enrolled: '0', notEnrolled: '1', rate: '0.0%', met: '否' });
    expect(rowOf(doc, 'dispatch-tuopin', 'total')).toMatchObject({ members: '2', enrolled: '1', rate: '50.0%' });
    expect(rowOf(doc, 'dispatch-monitoring', T1)).toMatchObject({ members: '1', enrolled: '1' });
    expect(rowOf(doc, 'dispatch-monitoring', T2)).toMatchObject({ members: '1', enrolled: '1' });
    expect(rowOf(doc, 'dispatch-monitoring', 'total')).toMatchObject({ members: '2', enrolled: '2', rate: '100.0%', met: '是' });
    expect(rowOf(doc, 'dispatch-all', T1)).toMatchObject({ members: '1', enrolled: '1' });
    expect(rowOf(doc, 'dispatch-all', T2)).toMatchObject({ members: '2', enrolled: '1', notEnrolled: '1', rate: '50.0%' });
    // 2 of 3 → 66.6 %
    expect(rowOf(doc, 'dispatch-all', 'total')).toMatchObject({ members: '3', enrolled: '2', notEnrolled: '1', rate: '66.6%', met: '否' });
    expect(keysOf(doc, 'dispatch-all')).toEqual([T1, T2, '(none)']);
    expect(rowOf(doc, 'dispatch-all', '(none)')).toMatchObject({ members: '0', rate: '', met: '' });
    // no previous month: the change columns are empty
    expect(rowOf(doc, 'dispatch-all', T1)).toMatchObject({ previousRate: '', changeMembers: '', changeEnrolled: '', changeNotEnrolled: '' });
  });

  it('shows the change since the previous month\'s dispatch', () => {
    expect(rowOf(april, 'dispatch-all', T1)).toMatchObject({ members: '1', enrolled: '0' });
    expect(rowOf(april, 'dispatch-all', T2)).toMatchObject({ members: '1', enrolled: '0' });
    const doc = may();
    expect(rowOf(doc, 'dispatch-all', T1)).toMatchObject({ previousRate: '0.0%', changeMembers: '0', changeEnrolled: '1', changeNotEnrolled: '-1' });
    expect(rowOf(doc, 'dispatch-all', T2)).toMatchObject({ previousRate: '0.0%', changeMembers: '1', changeEnrolled: '1', changeNotEnrolled: '0' });
    expect(rowOf(doc, 'dispatch-all', 'total')).toMatchObject({ previousRate: '0.0%', changeMembers: '1', changeEnrolled: '2', changeNotEnrolled: '-1' });
    // April had no monitoring object in T2: 0 → 1
    expect(rowOf(doc, 'dispatch-monitoring', T2)).toMatchObject({ previousRate: '', changeMembers: '1', changeEnrolled: '1' });
    expect(doc.definitions.find((d) => d.term.startsWith('较上月'))?.text).toContain('2023-04');
  });

  it('refuses a previous report that is not last month\'s dispatch of the same scope', () => {
    const wrong = [
      buildReport(inputOf('dispatch', '2023-03', '2023-04-05T00:00:00Z')),
      buildReport(inputOf('enrollment', '2023-04', '2023-05-05T00:00:00Z')),
      buildReport(inputOf('dispatch', '2023-04', '2023-05-05T00:00:00Z', { town: T1 })),
    ];
    for (const previous of wrong) {
      expect(() => may(previous)).toThrow(ReportError);
      expect(() => may(previous)).toThrow(/上期报表应为.*2023-04.*\/ the previous report must be the dispatch of 2023-04/);
    }
  });

  it('lists the eight groups\' 参保规范台账 person by person, as personal data', () => {
    const doc = buildReport(inputOf('dispatch', '2023-05', '2023-06-05T00:00:00Z'));
    const ledger = tableOf(doc, 'ledger');
    expect(ledger.personal).toBe(true);
    expect(ledger.rows.map((r) => r.key)).toEqual(['A', 'B', 'C', 'G', 'H', 'J']);
    expect(rowOf(doc, 'ledger', 'A')).toMatchObject({ town: T1, village: '500243001001', name: '名A', category: '特困人员', held: '特困人员、低保对象', enrolled: '是', paidDate: '2022-11-01' });
    expect(rowOf(doc, 'ledger', 'B')).toMatchObject({ category: '低保对象', enrolled: '否', paidDate: '' });
    expect(rowOf(doc, 'ledger', 'C')).toMatchObject({ category: '脱贫不稳定户', held: '脱贫不稳定户、脱贫人口', enrolled: '是', paidDate: '2023-05-20' });
    expect(rowOf(doc, 'ledger', 'G')).toMatchObject({ enrolled: '否' });
    expect(rowOf(doc, 'ledger', 'total')).toMatchObject({ town: '合计 6 人', enrolled: '已参保 3 人' });
    expect(['dispatch-tuopin', 'dispatch-monitoring', 'dispatch-all'].map((id) => tableOf(doc, id).personal)).toEqual([undefined, undefined, undefined]);
  });
});
