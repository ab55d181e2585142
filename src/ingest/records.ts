import { extname } from 'node:path';
import { readCsvBatches } from './csv-reader.js';
import type { CsvRow } from './csv-reader.js';
import type { FieldAliases } from './headers.js';
import { resolveHeader } from './headers.js';
import { INGEST_REASONS, reason } from './reject.js';
import type { Reject } from './reject.js';
import { Row } from './row.js';
import { readTable } from './table.js';

/** Rows of a CSV or XLSX file in batches (CSV straight from the fast reader). */
async function* batches(path: string): AsyncGenerator<CsvRow[]> {
  // readTable checks the extension and reads .xlsx; .csv goes to the batch reader directly
  if (extname(path).toLowerCase() === '.csv') {
    yield* readCsvBatches(path);
    return;
  }
  let batch: CsvRow[] = [];
  for await (const row of readTable(path)) {
    batch.push(row);
    if (batch.length >= 4096) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/**
 * The records of one input file as typed Rows, the header resolved against NHSA names and their
 * Chinese aliases. A missing required column rejects the file (line 1) and yields nothing. The
 * header row as written is recorded in `headers` under the file's label, when given.
 */
export async function* readRecords(
  path: string,
  fileLabel: string,
  aliases: FieldAliases,
  required: readonly string[],
  rejects: Reject[],
  headers?: Map<string, readonly string[]>,
): AsyncGenerator<Row[]> {
  let columns: Map<string, number> | undefined;
  for await (const batch of batches(path)) {
    const rows: Row[] = [];
    for (const r of batch) {
      if (columns === undefined) {
        headers?.set(fileLabel, r.fields);
        const header = resolveHeader(r.fields, aliases);
        const missing = required.filter((f) => !header.columns.has(f));
        for (const f of missing) rejects.push({ file: fileLabel, line: r.line, field: f, reason: INGEST_REASONS.missingColumn });
        for (const f of header.duplicates) rejects.push({ file: fileLabel, line: r.line, field: f, reason: INGEST_REASONS.duplicateColumn });
        if (missing.length > 0 || header.duplicates.length > 0) return;
        columns = header.columns;
        continue;
      }
      rows.push(new Row(fileLabel, r.line, r.fields, columns));
    }
    if (rows.length > 0) yield rows;
  }
  if (columns === undefined) rejects.push({ file: fileLabel, line: 1, field: '', reason: reason('文件没有表头', 'the file has no header') });
}
