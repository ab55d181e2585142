/**
 * XLSX in and out through exceljs, presenting a sheet as the same rows of strings as a CSV file so
 * that everything downstream has one input shape.
 *
 * Reading deliberately uses exceljs's in-memory reader, not its streaming WorkbookReader. The
 * streaming reader (exceljs 4.4.0 with unzipper 0.10) parses zip entries as they arrive and loses
 * entries when the zip ends while it is busy: on an Excel-ordered workbook with three sheets
 * (sheet1..3.xml, then styles.xml, sharedStrings.xml) most runs came back with every string as
 * {sharedString: n} and dates as serial numbers, silently. The in-memory reader reads the zip's
 * central directory and has no such race; the price is memory, hence the size guard below.
 * Million-row inputs are expected as CSV.
 */
import { stat } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import type ExcelJS from 'exceljs';
import type { Cell } from 'exceljs';
import type { CsvRow } from './csv-reader.js';
import { IngestError } from './errors.js';
import { cellText, textWidth } from './xlsx-cell.js';

/**
 * Heap bytes per file byte beyond which a workbook is refused. Measured: a 7.5 MB, 100,000-row,
 * 12-column sheet took ~600 MB of heap to load (~80×); 100× leaves a margin. With Node's default
 * 4 GB heap this admits workbooks up to ~40 MB, about half a million such rows.
 */
const HEAP_PER_FILE_BYTE = 100;

/**
 * Yields the non-blank rows of the first worksheet (in workbook order), every cell as text (see
 * xlsx-cell.ts), `line` being the Excel row number. Trailing empty cells are dropped, leading and
 * inner ones are ''. A merged range gives its value once, in its top-left cell, as a CSV export
 * from Excel would.
 */
/**
 * exceljs, loaded on first use: it takes ≈ 0.25 s to load, which a CSV-only run (settle's reader
 * and its worker thread) should not pay.
 */
async function excel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

export async function* readXlsxRows(path: string): AsyncGenerator<CsvRow> {
  const { size } = await stat(path);
  const limit = getHeapStatistics().heap_size_limit / HEAP_PER_FILE_BYTE;
  if (size > limit) {
    const mb = (n: number): string => (n / 1e6).toFixed(0);
    throw new IngestError(
      'xlsx-too-large',
      `XLSX 文件过大（${mb(size)} MB，上限 ${mb(limit)} MB），请导出为 CSV / XLSX file too large (${mb(size)} MB, limit ${mb(limit)} MB), export it as CSV: ${path}`,
    );
  }
  const wb = new (await excel()).Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (cause) {
    throw new IngestError('bad-xlsx', `无法读取 XLSX 文件 / not a readable XLSX file: ${path}`, { cause });
  }
  const sheet = wb.worksheets[0];
  if (sheet === undefined) throw new IngestError('bad-xlsx', `工作簿中没有工作表 / the workbook has no worksheet: ${path}`);
  const rowCount = sheet.rowCount;
  for (let r = 1; r <= rowCount; r++) {
    const row = sheet.findRow(r);
    if (row === undefined) continue;
    const fields: string[] = [];
    row.eachCell((cell: Cell, col: number) => {
      if (cell.master !== cell) return; // inside a merged range
      const text = cellText(cell.value, cell.numFmt);
      if (text === '') return;
      while (fields.length < col - 1) fields.push('');
      fields[col - 1] = text;
    });
    if (fields.length > 0) yield { line: r, fields };
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
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: true });
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
