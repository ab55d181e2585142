import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveHeader, SETTLEMENT_FIELDS } from './headers.js';
import { writeRejectsXlsx } from './rejects-xlsx.js';
import { readXlsxRows } from './xlsx.js';

async function rows(path: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of readXlsxRows(path)) out.push(r.fields);
  return out;
}

describe('rejects as a workbook to correct', () => {
  it('puts each rejected row under its own header, after line, field and reason, so a corrected sheet re-imports', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sanchong-rejects-')), 'rejects.xlsx');
    const header = ['setl_id', 'psn_no', 'medfee_sumamt'];
    await writeRejectsXlsx(path, [
      { file: 'settlements.csv', line: 3, field: 'medfee_sumamt', reason: '金额超过两位小数 / more than two decimals', content: 'S2,P1,"1,000.345"' },
    ], new Map([['settlements.csv', header]]));
    const [head, row] = await rows(path);
    expect(head).toEqual(['行号 line', '字段 field', '原因 reason', ...header]);
    expect(row).toEqual(['3', 'medfee_sumamt', '金额超过两位小数 / more than two decimals', 'S2', 'P1', '1,000.345']);
    // the settlement reader finds its columns and ignores the three added ones
    const resolved = resolveHeader(head ?? [], SETTLEMENT_FIELDS);
    expect([...resolved.columns.keys()]).toEqual(['setl_id', 'psn_no', 'medfee_sumamt']);
    expect(resolved.duplicates).toEqual([]);
  });
});
