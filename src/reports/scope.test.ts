/**
 * Township scope: a township user (or a township report) sees its township only — no other
 * township's rows, persons, amounts or alerts, not even inside the totals, which are then the
 * township's. The input given here is the whole region's, as if the loader had not filtered it.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { reportHtml } from './html.js';
import { inputOf, T1, T2 } from './test-support/population.js';
import { keysOf, rowOf } from './test-support/read.js';
import { REPORT_KINDS } from './types.js';
import type { ReportKind } from './types.js';

const PERIOD: Readonly<Record<ReportKind, string>> = { enrollment: '2023-Q2', dispatch: '2023-05', rating: '2023-Q2', analysis: '2023-H1', national: '2023-Q2', protection: '2023-Q2', household: '2023-Q2' };
const OTHERS = ['名A', '名B', '名C', '名D', '名E', '名K', T1];

describe('a township scope', () => {
  for (const kind of REPORT_KINDS) {
    it(`${kind}: nothing of another township appears, in the document or on the page`, () => {
      const doc = buildReport(inputOf(kind, PERIOD[kind], '2023-07-10T02:00:00Z', { town: T2 }));
      expect(doc.town).toBe(T2);
      const json = JSON.stringify(doc);
      const html = reportHtml(doc);
      for (const s of OTHERS) {
        expect(json, s).not.toContain(s);
        expect(html, s).not.toContain(s);
      }
      for (const t of doc.tables) for (const r of t.rows) expect(r.key.startsWith(T1) || r.key === '(none)' || ['A', 'B', 'C', 'D', 'E', 'K'].includes(r.key), `${t.id} ${r.key}`).toBe(false);
    });
  }

  it('makes the totals the township\'s', () => {
    const enrollment = buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z', { town: T2 }));
    expect(keysOf(enrollment, 'towns')).toEqual([T2]);
    expect(rowOf(enrollment, 'towns', 'total')).toMatchObject({ members: '5', enrolled: '3', rate: '60.0%' });
    expect(rowOf(enrollment, 'categories', 'total')).toMatchObject({ members: '3', enrolled: '1' });
    expect(keysOf(enrollment, 'unenrolled')).toEqual(['G', 'J']);
    const analysis = buildReport(inputOf('analysis', '2023-H1', '2023-07-10T02:00:00Z', { town: T2 }));
    expect(rowOf(analysis, 'by-group', 'total')).toMatchObject({ persons: '5', withSettlements: '3', total: '107000.00', cases: '10000.00' });
    expect(rowOf(analysis, 'burden', 'total')).toMatchObject({ persons: '3', amount: '53500.00' });
    expect(rowOf(analysis, 'cases', 'total')).toMatchObject({ persons: '1', amount: '10000.00' });
    // T2's alerts only: MON-CQ-1 1 and MON-X 1
    expect(rowOf(analysis, 'alerts', 'total')).toMatchObject({ raised: '2', pushed: '1' });
    const protection = buildReport(inputOf('protection', '2023-Q2', '2023-07-10T02:00:00Z', { town: T2 }));
    expect(rowOf(protection, 'by-group', 'total')).toMatchObject({ total: '107000.00', protection: '50.0%' });
    const dispatch = buildReport(inputOf('dispatch', '2023-05', '2023-06-05T00:00:00Z', { town: T2 }));
    expect(rowOf(dispatch, 'dispatch-all', 'total')).toMatchObject({ members: '2', enrolled: '1' });
    expect(keysOf(dispatch, 'ledger')).toEqual(['G', 'H', 'J']);
    const rating = buildReport(inputOf('rating', '2023-Q2', '2023-07-10T02:00:00Z', { town: T2 }));
    expect(rowOf(rating, 'rating', T2)).toMatchObject({ rank: '1' });
  });

  it('a village prefix keeps the village\'s persons', () => {
    const doc = buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z', { town: '500243002001' }));
    // F (enrolled) and G (paid after the reference day)
    expect(rowOf(doc, 'towns', 'total')).toMatchObject({ members: '2', enrolled: '1' });
    expect(keysOf(doc, 'unenrolled')).toEqual(['G']);
  });

  it('without a scope, money of a person not in the registry counts under the unknown township, in no category', () => {
    const input = inputOf('analysis', '2023-H1', '2023-07-10T02:00:00Z');
    const doc = buildReport({ ...input, money: [...input.money, { psnNo: 'X', settlements: 1, total: 1_000, policyScope: 1_000, basic: 500, criticalIllness: 0, assistance: 0, reAssistance: 0, personal: 500, policyScopePersonal: 500 }] });
    expect(rowOf(doc, 'by-town', '(none)')).toMatchObject({ persons: '1', withSettlements: '2', total: '60010.00' });
    expect(rowOf(doc, 'by-group', 'others')).toMatchObject({ persons: '8', withSettlements: '5' });
    const scoped = buildReport({ ...input, town: T2, money: [...input.money, { psnNo: 'X', settlements: 1, total: 1_000, policyScope: 1_000, basic: 500, criticalIllness: 0, assistance: 0, reAssistance: 0, personal: 500, policyScopePersonal: 500 }] });
    expect(rowOf(scoped, 'by-group', 'total')).toMatchObject({ total: '107000.00' });
  });
});
