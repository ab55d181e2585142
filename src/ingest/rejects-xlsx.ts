import { parseCsvText } from './csv-reader.js';
import type { Reject } from './reject.js';
import { writeXlsx } from './xlsx.js';
import type { XlsxSheet } from './xlsx.js';

/** A rejected row with its content as read (a CSV line), as the batch commands keep it. */
export interface RejectWithContent extends Reject {
  readonly content: string;
}

export const REJECT_XLSX_LEAD = ['行号 line', '字段 field', '原因 reason'] as const;

/**
 * Rejects as a workbook a clerk can correct: one sheet per input file, each rejected row with its
 * line, field and reason, then the row's own columns under the file's own header. The readers
 * ignore columns they do not know, so a corrected sheet can be imported as it is.
 */
export async function writeRejectsXlsx(
  path: string,
  rejects: readonly RejectWithContent[],
  headers: ReadonlyMap<string, readonly string[]>,
): Promise<void> {
  const byFile = new Map<string, RejectWithContent[]>();
  for (const r of rejects) {
    const list = byFile.get(r.file);
    if (list === undefined) byFile.set(r.file, [r]);
    else list.push(r);
  }
  const sheets: XlsxSheet[] = [];
  const names = new Set<string>();
  for (const [file, list] of byFile) {
    const header = headers.get(file) ?? [];
    sheets.push({
      name: sheetName(file, names),
      header: [...REJECT_XLSX_LEAD, ...header],
      rows: list.map((r) => [r.line, r.field, r.reason, ...(r.content === '' ? [] : (parseCsvText(r.content)[0]?.fields ?? []))]),
    });
  }
  if (sheets.length === 0) sheets.push({ name: '拒绝 rejects', header: [...REJECT_XLSX_LEAD], rows: [] });
  await writeXlsx(path, sheets);
}

/** The file's name without extension, cut to Excel's 31 characters and made unique. */
function sheetName(file: string, taken: Set<string>): string {
  const base = (file.replace(/\.[^.]*$/, '').replace(/[[\]:*?/\\]/g, '_') || 'sheet').slice(0, 28);
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base}~${k}`;
  taken.add(name);
  return name;
}
