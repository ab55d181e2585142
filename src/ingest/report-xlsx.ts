/**
 * A report document (src/reports/types.ts) as an XLSX workbook people hand on (issue 6 item 3): a
 * first sheet 说明 with the report, region, period, cut-off, pack versions (and the illustrative
 * warning) and the definition of every figure; then one sheet per table with a bold frozen header
 * row, sized columns, amounts as numbers in yuan with two decimals, counts as integers, rates as
 * percentages under the one rounding rule of the HTML page (src/reports/format.ts), and the totals
 * row (合计) and subtotal rows (小计) in bold. Charts are in the printable page.
 */
import ExcelJS from 'exceljs';
import type { Cell, Column, ReportDocument, ReportTable } from '../reports/types.js';
import { rateValue } from '../reports/format.js';
import { textWidth } from './xlsx-cell.js';

const BAD = /[[\]:*?/\\]/g;

/** Unique sheet names within Excel's 31 characters. */
function sheetNames(tables: readonly ReportTable[]): string[] {
  const used = new Set<string>(['说明']);
  return tables.map((t, i) => {
    const base = t.zh.replace(BAD, ' ').replace(/^'+|'+$/g, '').slice(0, 28).trim() || `表${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)}(${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** The cell as Excel gets it: a number with its format, or text. */
function excelValue(cell: Cell): { value: string | number | null; numFmt?: string } {
  if (cell === null) return { value: null };
  if (typeof cell === 'string') return { value: cell };
  if ('fen' in cell) return { value: cell.fen / 100, numFmt: '#,##0.00' };
  if ('count' in cell) return { value: cell.count, numFmt: '#,##0' };
  const v = rateValue(cell);
  if (v === undefined) return { value: '' };
  return { value: v, numFmt: '0.0%' };
}

const COLUMN_FORMAT: Readonly<Record<Column['kind'], string | undefined>> = { text: undefined, money: '#,##0.00', count: '#,##0', rate: '0.0%' };

function cellWidth(cell: Cell): number {
  if (cell === null) return 0;
  if (typeof cell === 'string') return textWidth(cell);
  if ('fen' in cell) return String(cell.fen / 100).length + 4;
  if ('count' in cell) return String(cell.count).length + 2;
  return 7;
}

function addTable(ws: ExcelJS.Worksheet, t: ReportTable): void {
  const widths = t.columns.map((c) => textWidth(c.zh));
  const rows = t.totals === undefined ? t.rows : [...t.rows, t.totals];
  for (const r of rows.slice(0, 2000)) r.cells.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, cellWidth(c))));
  // the number format set on the column once (exceljs gives a new cell its column's style); a cell
  // whose kind differs from its column's gets its own
  const formats = t.columns.map((c) => COLUMN_FORMAT[c.kind]);
  ws.columns = widths.map((w, i) => ({ width: Math.min(60, Math.max(8, w + 2)), ...(formats[i] === undefined ? {} : { style: { numFmt: formats[i] } }) }));
  const head = ws.addRow(t.columns.map((c) => c.zh));
  head.font = { bold: true };
  head.alignment = { vertical: 'middle', wrapText: true };
  head.commit();
  const write = (r: { cells: readonly Cell[]; subtotal?: boolean | undefined }, bold: boolean): void => {
    const values = r.cells.map(excelValue);
    const row = ws.addRow(values.map((v) => v.value));
    values.forEach((v, i) => {
      if (v.numFmt !== undefined && v.numFmt !== formats[i]) row.getCell(i + 1).numFmt = v.numFmt;
    });
    if (bold || r.subtotal === true) row.font = { bold: true };
    row.commit();
  };
  for (const r of t.rows) write(r, false);
  if (t.totals !== undefined) write(t.totals, true);
  ws.commit();
}

/** The workbook's bytes. */
export async function reportXlsx(doc: ReportDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const cover = wb.addWorksheet('说明', { views: [{ state: 'frozen', ySplit: 0 }] });
  cover.columns = [{ width: 24 }, { width: 100 }];
  const line = (a: string, b: string, bold = false): void => {
    const r = cover.addRow([a, b]);
    if (bold) r.font = { bold: true };
    r.alignment = { vertical: 'top', wrapText: true };
    r.commit();
  };
  line(doc.zh, doc.en, true);
  if (doc.packs.some((p) => p.illustrative)) line('注意 / note', '本报表使用演示政策包的示例数值，非官方数据 / computed under an illustrative pack: not official figures', true);
  line('统筹区 / region', `${doc.region.name}（${doc.region.admdvs}）${doc.town === undefined ? '' : ` · 乡镇 / township ${doc.town}`}`);
  line('期间 / period', `${doc.period.label}（${doc.period.from} 至 ${doc.period.to}）`);
  line('数据截止 / cut-off', doc.asOf);
  line('政策包 / packs', doc.packs.map((p) => `${p.id} ${p.version}${p.illustrative ? '（演示）' : ''}`).join('；'));
  line('', '');
  line('口径 / definitions', '', true);
  for (const d of doc.definitions) line(d.term, d.clause === undefined ? d.text : `${d.text}（${d.clause}）`);
  cover.commit();
  const names = sheetNames(doc.tables);
  doc.tables.forEach((t, i) => addTable(wb.addWorksheet(names[i], { views: [{ state: 'frozen', ySplit: 1 }] }), t));
  await wb.commit();
  return Buffer.concat(chunks);
}
