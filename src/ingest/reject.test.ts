import { describe, expect, it } from 'vitest';
import { INGEST_REASONS, reason, REJECT_HEADER, rejectFields, sortRejects } from './reject.js';
import type { Reject } from './reject.js';

describe('reject records', () => {
  it('have a fixed header and row shape', () => {
    expect(REJECT_HEADER).toEqual(['file', 'line', 'field', 'reason']);
    const r: Reject = { file: 'a.csv', line: 12, field: 'certno', reason: reason('证件号码无效', 'invalid ID number') };
    expect(rejectFields(r)).toEqual(['a.csv', '12', 'certno', '证件号码无效 / invalid ID number']);
  });

  it('have bilingual built-in reasons', () => {
    for (const text of Object.values(INGEST_REASONS)) expect(text).toMatch(/^[^/]*[\u4e00-\u9fff][^/]* \/ [ -~]+$/);
  });

  it('sort by file then line, keep the order of equal keys, and leave the input alone', () => {
    const rs: Reject[] = [
      { file: 'b.csv', line: 2, field: 'x', reason: '1' },
      { file: 'a.csv', line: 10, field: 'x', reason: '2' },
      { file: 'a.csv', line: 9, field: 'y', reason: '3' },
      { file: 'a.csv', line: 10, field: 'z', reason: '4' },
      { file: 'b.csv', line: 1, field: 'x', reason: '5' },
    ];
    const before = [...rs];
    expect(sortRejects(rs).map((r) => r.reason)).toEqual(['3', '2', '4', '5', '1']);
    expect(rs).toEqual(before);
  });
});
