/**
 * XLSX in and out through exceljs, presenting a sheet as the same rows of strings as a CSV file so
 * that everything downstream has one input shape.
 *
 * Reading uses exceljs's streaming reader: NHSA exports can approach Excel's 1,048,576-row limit,
 * and the in-memory reader would hold the whole workbook as objects.
 */
import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Cell } from 'exceljs';
import type { CsvRow } from './csv-reader.js';
import { IngestError } from './errors.js';
import { cellText, textWidth } from './xlsx-cell.js';

/**
 * The name of the first sheet in workbook order, when exceljs has read workbook.xml by now. The
 * streaming reader emits sheets in zip-entry order, which need not be the order the user sees.
 * exceljs's typings do not declare `model`, hence the careful probing.
 */
function firstSheetName(reader: object): string | undefined {
  const model: unknown = Reflect.get(reader, 'model');
  if (typeof model !== 'object' || model === null) return undefined;
  const sheets: unknown = Reflect.get(model, 'sheets');
  if (!Array.isArray(sheets)) return undefined;
  const first: unknown = sheets[0];
  if (typeof first !== 'object' || first === null) return undefined;
  const name: unknown = Reflect.get(first, 'name');
  return typeof name === 'string' ? name : undefined;
}

/**
 * Yields the non-blank rows of the first worksheet, every cell as text (see xlsx-cell.ts), `line`
 * being the Excel row number. Trailing empty cells are dropped, leading and inner ones are ''.
 */
export async function* readXlsxRows(path: string): AsyncGenerator<CsvRow> {
  const input = createReadStream(path);
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
      worksheets: 'emit',
      sharedStrings: 'cache',
      // Dates are numbers with a date number format; without styles they would read as serials.
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    let done = false;
    for await (const sheet of reader) {
      if (done) continue; // keep iterating so exceljs removes its temporary sheet files
      const wanted = firstSheetName(reader);
      console.log('DBG', wanted, Reflect.get(sheet, 'name'), Reflect.get(sheet, 'id'));
      const name: unknown = Reflect.get(sheet, 'name');
      if (wanted !== undefined && name !== wanted) continue;
      done = true;
      for await (const row of sheet) {
        const fields: string[] = [];
        let last = -1;
        row.eachCell((cell: Cell, col: number) => {
          const text = cellText(cell.value, cell.numFmt);
          if (text === '') return;
          while (fields.length < col - 1) fields.push('');
          fields[col - 1] = text;
          last = col - 1;
        });
        if (last >= 0) yield { line: row.number, fields: fields.slice(0, last + 1) };
      }
    }
    if (!done) throw new IngestError('xlsx-no-sheet', `工作簿中没有工作表 / the workbook has no worksheet: ${path}`);
  } finally {
    input.destroy();
  }
}

export interface XlsxSheet {
  name: string;
  header: readonly string[];
  rows: readonly (readonly (string | number)[])[];
}

// Excel refuses these in sheet names and caps the length at 31 characters.
const BAD_SHEET_CHARS = /[[\]:*?/\\]/;

function checkSheetNames(sheets: readonly XlsxSheet[]): void {
  if (sheets.length === 0) throw new IngestError('bad-sheet', '至少需要一个工作表 / at least one sheet is required');
  const seen = new Set<string>();
  for (const { name } of sheets) {
    const key = name.toLowerCase();
    if (name.length === 0 || name.length > 31 || BAD_SHEET_CHARS.test(name) || name.startsWith("'") || name.endsWith("'")) {
      throw new IngestError('bad-sheet', `工作表名称无效 / invalid sheet name: ${JSON.stringify(name)}`);
    }
    if (seen.has(key)) throw new IngestError('bad-sheet', `工作表名称重复 / duplicate sheet name: ${name}`);
    seen.add(key);
  }
}

/** Column widths from the header and a sample of rows, in Excel's character units. */
function columnWidths(sheet: XlsxSheet): number[] {
  const widths = sheet.header.map((h) => textWidth(h));
  const sample = Math.min(sheet.rows.length, 1000);
  for (let r = 0; r < sample; r++) {
    const row = sheet.rows[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      const w = textWidth(typeof v === 'number' ? String(v) : (v ?? ''));
      if (w > (widths[c] ?? 0)) widths[c] = w;
    }
  }
  return Array.from(widths, (w) => Math.min(60, Math.max(8, (w ?? 0) + 2)));
}

/**
 * Writes a workbook with one sheet per entry: bold frozen header row, sized columns. Strings stay
 * strings (an 18-digit 身份证号 must not become a number), numbers become number cells.
 */
export async function writeXlsx(path: string, sheets: readonly XlsxSheet[]): Promise<void> {
  checkSheetNames(sheets);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columnWidths(sheet).map((width) => ({ width }));
    const head = ws.addRow([...sheet.header]);
    head.font = { bold: true };
    head.commit();
    for (const row of sheet.rows) {
      for (const v of row) {
        if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`writeXlsx: not a finite number: ${v}`);
      }
      ws.addRow([...row]).commit();
    }
    ws.commit();
  }
  await wb.commit();
}
