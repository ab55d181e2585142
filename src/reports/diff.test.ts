import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { diffReports } from './diff.js';
import { ReportError } from './errors.js';
import { ENROLLMENTS, inputOf, T1, T2 } from './test-support/population.js';

describe('what changed since a report', () => {
  const before = buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z'));

  it('nothing, for the same input', () => {
    expect(diffReports(before, buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z')))).toEqual([]);
  });

  it('each cell that moved, by table, row key and column, and a row gone from the list', () => {
    // B enrolls (back-dated to 2023-06-01): T1 5/5, the region 9/11, dibao 1/1, B off the clearing list
    const after = buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z', { enrollments: [...ENROLLMENTS, { psnNo: 'B', year: 2023, product: '', paidDate: '2023-06-01' as never }] }));
    const changes = diffReports(before, after);
    const at = (table: string, row: string) => changes.filter((c) => c.table === table && c.row === row).map((c) => [c.column, c.before, c.after]);
    expect(at('towns', T1)).toEqual([
      ['enrolled', { count: 4 }, { count: 5 }],
      ['notEnrolled', { count: 1 }, { count: 0 }],
      ['rate', { num: 4, den: 5 }, { num: 5, den: 5 }],
      ['met', '否', '是'],
    ]);
    expect(at('towns', T2)).toEqual([]);
    expect(at('towns', 'total')).toEqual([
      ['enrolled', { count: 8 }, { count: 9 }],
      ['notEnrolled', { count: 3 }, { count: 2 }],
      ['rate', { num: 8, den: 11 }, { num: 9, den: 11 }],
    ]);
    expect(at('categories', 'dibao')).toEqual([
      ['enrolled', { count: 0 }, { count: 1 }],
      ['notEnrolled', { count: 1 }, { count: 0 }],
      ['rate', { num: 0, den: 1 }, { num: 1, den: 1 }],
      ['cleared', '否', '是'],
    ]);
    const gone = changes.filter((c) => c.table === 'unenrolled' && c.row === 'B');
    expect(gone.length).toBe(7);
    expect(gone.every((c) => c.after === undefined && c.before !== undefined)).toBe(true);
    expect(gone.find((c) => c.column === 'name')).toMatchObject({ tableZh: '八类人群未参保人员名单（动态清零名单）', columnZh: '姓名', before: '名B', after: undefined });
    expect(changes.filter((c) => c.table === 'unenrolled' && c.row === 'total').map((c) => [c.before, c.after])).toEqual([['合计 3 人', '合计 2 人']]);
    expect(changes.find((c) => c.table.startsWith('towns-categories') && c.row === `${T2}/fanpin`)).toBeUndefined();
  });

  it('refuses two documents of another kind, period or scope', () => {
    for (const other of [
      buildReport(inputOf('household', '2023-Q2', '2023-07-10T02:00:00Z')),
      buildReport(inputOf('enrollment', '2023-Q3', '2023-10-10T02:00:00Z')),
      buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z', { town: T2 })),
    ]) {
      expect(() => diffReports(before, other)).toThrow(ReportError);
    }
  });
});
