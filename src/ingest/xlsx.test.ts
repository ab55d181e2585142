import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvRow } from './csv-reader.js';
import { IngestError } from './errors.js';
import { craftXlsx } from './test-support/xlsx-zip.js';
import { readXlsxRows, writeXlsx } from './xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(path: string): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readXlsxRows(path)) rows.push(row);
  return rows;
}

describe('writeXlsx → readXlsxRows', () => {
  it('round-trips Chinese sheet names, headers and values, reading the first sheet', async () => {
    const path = join(dir, 'round-trip.xlsx');
    await writeXlsx(path, [
      {
        name: '救助结算（2024）',
        header: ['人员编号', '姓名', '身份证号', '医疗费总额', '备注'],
        rows: [
          ['P0001', '张三', '110101199001011234', 1234.56, '含,逗号"引号"'],
          ['P0002', '李四', '11010119900101123X', 0, ''],
          ['00123', '王五', '', 7, '换\n行'],
        ],
      },
      { name: '第二页', header: ['x'], rows: [['not read']] },
    ]);
    expect(await collect(path)).toEqual([
      { line: 1, fields: ['人员编号', '姓名', '身份证号', '医疗费总额', '备注'] },
      { line: 2, fields: ['P0001', '张三', '110101199001011234', '1234.56', '含,逗号"引号"'] },
      { line: 3, fields: ['P0002', '李四', '11010119900101123X', '0'] },
      { line: 4, fields: ['00123', '王五', '', '7', '换\n行'] },
    ]);
  });

  it('makes a bold, frozen header row and sized columns', async () => {
    const path = join(dir, 'layout.xlsx');
    await writeXlsx(path, [{ name: '人员', header: ['人员编号', 'x'], rows: [['P1', '长'.repeat(100)]] }]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0];
    expect(ws?.name).toBe('人员');
    expect(ws?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws?.getColumn(1).width).toBe(10); // 8 wide characters + 2
    expect(ws?.getColumn(2).width).toBe(60); // capped
  });

  it('refuses sheet names Excel would refuse', async () => {
    for (const name of ['', 'a/b', 'x'.repeat(32), "'quoted'"]) {
      await expect(writeXlsx(join(dir, 'bad.xlsx'), [{ name, header: ['a'], rows: [] }])).rejects.toBeInstanceOf(IngestError);
    }
    const dup = [{ name: '表', header: ['a'], rows: [] }, { name: '表', header: ['a'], rows: [] }];
    await expect(writeXlsx(join(dir, 'bad.xlsx'), dup)).rejects.toMatchObject({ code: 'bad-sheet' });
    await expect(writeXlsx(join(dir, 'bad.xlsx'), [])).rejects.toMatchObject({ code: 'bad-sheet' });
  });

  it('rejects when the file cannot be written', async () => {
    await expect(writeXlsx(join(dir, 'no-such-dir', 'x.xlsx'), [{ name: 'a', header: ['a'], rows: [] }])).rejects.toThrow();
  });
});

describe('readXlsxRows', () => {
  it('turns dates, formulas, rich text, booleans, links and errors into text', async () => {
    const path = join(dir, 'kinds.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('明细');
    ws.addRow(['开始日期', '结算时间', '金额', '公式', '日期公式', '富文本', '布尔', '链接', '错误']);
    ws.addRow([
      new Date(Date.UTC(2024, 1, 29)),
      new Date(Date.UTC(2024, 1, 29, 14, 3, 7)),
      0.1 + 0.2,
      { formula: 'C2*2', result: 0.6000000000000001 },
      { formula: 'A2+1', result: new Date(Date.UTC(2024, 2, 1)) },
      { richText: [{ text: '富', font: { bold: true } }, { text: '文本' }] },
      true,
      { text: '链接', hyperlink: 'https://example.org' },
      { error: '#N/A' },
    ]);
    ws.getCell('A2').numFmt = 'yyyy-mm-dd';
    ws.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm:ss';
    ws.getCell('E2').numFmt = 'yyyy-mm-dd';
    ws.getRow(3).getCell(1).style = { font: { bold: true } }; // styled but empty: not a record
    ws.addRow([]);
    ws.getCell('C5').value = '中间';
    await wb.xlsx.writeFile(path);
    expect(await collect(path)).toEqual([
      { line: 1, fields: ['开始日期', '结算时间', '金额', '公式', '日期公式', '富文本', '布尔', '链接', '错误'] },
      { line: 2, fields: ['2024-02-29', '2024-02-29 14:03:07', '0.3', '0.6', '2024-03-01', '富文本', 'TRUE', '链接', '#N/A'] },
      { line: 5, fields: ['', '', '中间'] },
    ]);
  });

  it('reads the first sheet in workbook order, not zip order', async () => {
    const inline = (text: string): string => `<row r="1"><c r="A1" t="inlineStr"><is><t>${text}</t></is></c></row>`;
    const path = join(dir, 'order.xlsx');
    writeFileSync(path, craftXlsx([{ name: '后', rows: inline('second') }, { name: '前', rows: inline('first') }], { tabOrder: [2, 1] }));
    expect(await collect(path)).toEqual([{ line: 1, fields: ['first'] }]);
  });

  it('reads shared strings and date styles stored after the sheets, as Excel stores them', async () => {
    // Regression guard for the reader choice (see xlsx.ts): exceljs's streaming reader lost the
    // shared strings and styles of exactly this layout in most runs.
    let rows = '';
    for (let r = 1; r <= 200; r++) rows += `<row r="${r}"><c r="A${r}" t="s"><v>${r % 2}</v></c><c r="B${r}" s="1"><v>45292</v></c></row>`;
    const path = join(dir, 'excel-order.xlsx');
    const empty = { rows: '' };
    writeFileSync(path, craftXlsx([{ name: 'Sheet1', rows }, { name: 'Sheet2', ...empty }, { name: 'Sheet3', ...empty }], { sharedStrings: ['张三', '李四'] }));
    for (let attempt = 0; attempt < 5; attempt++) {
      const got = await collect(path);
      expect(got.length).toBe(200);
      expect(got[0]).toEqual({ line: 1, fields: ['李四', '2024-01-01'] });
      expect(got[1]).toEqual({ line: 2, fields: ['张三', '2024-01-01'] });
    }
  });

  it('gives a merged range its value once, in the top-left cell', async () => {
    const path = join(dir, 'merged.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.getCell('A1').value = '某县2024年特困人员名单';
    ws.mergeCells('A1:C1');
    ws.addRow(['人员编号', '姓名', '身份']);
    await wb.xlsx.writeFile(path);
    expect(await collect(path)).toEqual([
      { line: 1, fields: ['某县2024年特困人员名单'] },
      { line: 2, fields: ['人员编号', '姓名', '身份'] },
    ]);
  });

  it('fails on a file that is not a workbook', async () => {
    const path = join(dir, 'fake.xlsx');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(collect(path)).rejects.toMatchObject({ code: 'bad-xlsx' });
    await expect(collect(join(dir, 'missing.xlsx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
