import { describe, expect, it } from 'vitest';
import { enrollmentFromRow } from './enrollment-row.js';
import { ENROLLMENT_FIELDS, PERSON_FIELDS, resolveHeader } from './headers.js';
import { Row } from './row.js';

const HEADER = ['人员编号', '参保年度', '参保档次', '缴费日期', '应缴金额', '参保项目'];
const columns = resolveHeader(HEADER, ENROLLMENT_FIELDS).columns;
const row = (...fields: string[]): Row => new Row('enrollments.csv', 2, fields, columns);

describe('enrollment rows', () => {
  it('resolves every alias of the enrollment and employed-persons tables to its own field', () => {
    for (const table of [ENROLLMENT_FIELDS, PERSON_FIELDS]) {
      for (const [field, names] of Object.entries(table)) {
        for (const name of [field, ...names]) expect(resolveHeader([name], table).columns.get(field), `${name} → ${field}`).toBe(0);
      }
    }
  });

  it('reads the Chinese headers, yuan to fen, an empty product as resident insurance', () => {
    expect(enrollmentFromRow(row('P1', '2023', '2', '2022-10-15', '380.5', ''))).toEqual({ psnNo: 'P1', year: 2023, tier: 2, paidDate: '2022-10-15', due: 38_050, product: undefined });
    expect(enrollmentFromRow(row('P1', '2023', '1', '2023/03/01', '', '普惠款'))).toEqual({ psnNo: 'P1', year: 2023, tier: 1, paidDate: '2023-03-01', due: undefined, product: '普惠款' });
  });

  it('records every problem of a row', () => {
    const r = row('', '23', '0', '2022-13-01', '-1', '');
    expect(enrollmentFromRow(r)).toBeUndefined();
    expect(r.rejects.map((x) => x.field)).toEqual(['psn_no', 'year', 'tier', 'paid_date', 'contribution']);
    const late = row('P1', '2023', '1', '2024-01-02', '', '');
    expect(enrollmentFromRow(late)).toBeUndefined();
    expect(late.rejects).toEqual([expect.objectContaining({ field: 'paid_date', reason: expect.stringMatching(/参保年度或其前一年/) })]);
    const missing = row('P1', '', '', '', '', '');
    enrollmentFromRow(missing);
    expect(missing.rejects.map((x) => `${x.field}:${x.reason.slice(0, 6)}`)).toEqual(['year:必填字段为空', 'tier:必填字段为空', 'paid_date:必填字段为空']);
  });
});
