/**
 * One entry point for tabular input: the file extension picks the reader, and both readers yield
 * the same rows of strings.
 */
import { extname } from 'node:path';
import { readCsvRows } from './csv-reader.js';
import type { CsvRow } from './csv-reader.js';
import { IngestError } from './errors.js';
import { readXlsxRows } from './xlsx.js';

export { IngestError } from './errors.js';
export type { CsvRow } from './csv-reader.js';

/**
 * Rows of a .csv or .xlsx file (extension case-insensitive). Not itself a generator so that an
 * unsupported file throws at the call, before anyone starts iterating.
 */
export function readTable(path: string): AsyncGenerator<CsvRow> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return readCsvRows(path);
  if (ext === '.xlsx') return readXlsxRows(path);
  const hint = ext === '.xls' || ext === '.et' ? '（请另存为 .xlsx）' : '';
  const hintEn = hint === '' ? '' : ' (save it as .xlsx)';
  throw new IngestError(
    'unsupported-file',
    `不支持的文件类型${hint}，只接受 .csv 和 .xlsx / unsupported file type${hintEn}, only .csv and .xlsx are accepted: ${path}`,
  );
}
