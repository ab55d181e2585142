import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvRow } from './csv-reader.js';
import { IngestError, readTable } from './table.js';
import { writeXlsx } from './xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(rows: AsyncGenerator<CsvRow>): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('readTable', () => {
  const expected = [
    { line: 1, fields: ['人员编号', '姓名'] },
    { line: 2, fields: ['P1', '张三'] },
  ];

  it('reads CSV and XLSX to the same rows, whatever the case of the extension', async () => {
    const csv = join(dir, 'people.CSV');
    writeFileSync(csv, '\ufeff人员编号,姓名\r\nP1,张三\r\n');
    const xlsx = join(dir, 'people.XLSX');
    await writeXlsx(xlsx, [{ name: '人员', header: ['人员编号', '姓名'], rows: [['P1', '张三']] }]);
    expect(await collect(readTable(csv))).toEqual(expected);
    expect(await collect(readTable(xlsx))).toEqual(expected);
  });

  it('refuses other files at the call, with a hint for old Excel files', () => {
    for (const name of ['people.txt', 'people.xls', 'people', 'people.csv.gz']) {
      let err: unknown;
      try {
        readTable(join(dir, name));
      } catch (e) {
        err = e;
      }
      expect(err, name).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe('unsupported-file');
    }
    expect(() => readTable('a.xls')).toThrow(/另存为 \.xlsx.*save it as \.xlsx/);
  });
});
