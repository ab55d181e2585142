import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CsvRow } from './csv-reader.js';
import { IngestError } from './errors.js';
import { readXlsxRows, writeXlsx } from './xlsx.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>';
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

/** A zip of deflated entries, in the given order: enough to hand-craft an .xlsx. */
function storedZip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const fileName = Buffer.from(name);
    const raw = Buffer.from(text);
    const crc = crc32(raw);
    const data = deflateRawSync(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, fileName, data);
    centrals.push(central, fileName);
    offset += local.length + fileName.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

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
    // exceljs always writes parts in workbook order, so build a workbook whose first tab is the
    // second part, as other producers may.
    const cell = (text: string): string => `<c r="A1" t="inlineStr"><is><t>${text}</t></is></c>`;
    const sheet = (text: string): string =>
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData><row r="1">${cell(text)}</row></sheetData></worksheet>`;
    const path = join(dir, 'order.xlsx');
    writeFileSync(
      path,
      storedZip([
        ['[Content_Types].xml', CONTENT_TYPES],
        ['_rels/.rels', ROOT_RELS],
        ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="前" sheetId="2" r:id="rId2"/><sheet name="后" sheetId="1" r:id="rId1"/></sheets></workbook>`],
        ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`],
        ['xl/worksheets/sheet1.xml', sheet('second')],
        ['xl/worksheets/sheet2.xml', sheet('first')],
      ]),
    );
    const check = new ExcelJS.Workbook();
    await check.xlsx.readFile(path);
    expect(check.worksheets.map((ws) => ws.name)).toEqual(['前', '后']);
    expect(await collect(path)).toEqual([{ line: 1, fields: ['first'] }]);
  });

  it('fails on a file that is not a workbook', async () => {
    const path = join(dir, 'fake.xlsx');
    writeFileSync(path, 'a,b\n1,2\n');
    await expect(collect(path)).rejects.toMatchObject({ code: 'bad-xlsx' });
    await expect(collect(join(dir, 'missing.xlsx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
