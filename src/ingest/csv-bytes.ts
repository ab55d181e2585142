/**
 * A CSV file read by bytes for the million-row inputs of `settle`: records are cut at commas in
 * the file's Buffer and the fields a reader wants are handed over as byte ranges, so a clean row
 * makes no string and no object. The reader (`ByteRows.take`) says whether it took a row; every
 * row it does not take, and every record with a quote, is decoded to a Row exactly as the string
 * reader (csv-reader.ts, records.ts) would have made it, line number included, and handed to
 * `ByteRows.row`.
 *
 * The rules are csv-reader's: a BOM at the start is dropped, CRLF or LF, blank lines skipped
 * (but counted), a record with a '"' goes through the same state machine (parseQuotedRecord). What
 * the byte path does not decide itself about the file — bytes that are not UTF-8, a record longer
 * than maxRecord bytes, an unterminated quote, a quoted header — it leaves to the string reader:
 * readCsvBytes returns false and the caller reads the file again the old way (which then reports
 * it exactly as before).
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import { parseQuotedRecord } from './csv-reader.js';
import type { FieldAliases } from './headers.js';
import { resolveHeader } from './headers.js';
import { INGEST_REASONS, reason } from './reject.js';
import type { Reject } from './reject.js';
import { Row } from './row.js';

export interface ByteRows {
  /** The fields the byte path cuts out, by canonical name; slot k of `take` is wanted[k]. */
  readonly wanted: readonly string[];
  /**
   * A row by bytes: wanted[k] is b[starts[k], ends[k]) (empty when the column is absent or the
   * row short); the row is `length` bytes at `offset` in the file (its CR and LF left out). True
   * when taken; false leaves the row, untouched, to `row`.
   */
  take(b: Buffer, line: number, starts: Int32Array, ends: Int32Array, offset: number, length: number): boolean;
  /** Every row not taken by bytes, as the string reader makes it. */
  row(row: Row): void;
  /** Rows the whole file is expected to hold, estimated once after the first chunk. */
  expect?(rows: number): void;
  /** After each chunk's rows (the header row as written, once read): a reader on another thread reports progress. */
  chunk?(header: readonly string[] | undefined): void;
}

export interface CsvBytesOptions {
  /** Bytes per read; tests shrink it to put chunk boundaries everywhere. */
  chunkSize?: number;
  /** Longest record kept in memory before the file is left to the string reader. */
  maxRecordBytes?: number;
}

/** Every byte printable ASCII (no space, no control, nothing to trim or decode). */
export function plain(b: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i] as number;
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

/** Decimal digits at b[from, from + n), or −1. */
export function digitsAt(b: Uint8Array, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = (b[i] as number) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Reads `path` into `sink`, the header resolved against `aliases` as readRecords resolves it
 * (missing required columns and repeated ones go to `fileRejects`, the header row as written to
 * `headers`). False when it gave up: the caller reads the file by the string reader instead, and
 * must drop what `sink` received; `fileRejects` and `headers` are then untouched.
 */
export async function readCsvBytes(
  path: string,
  fileLabel: string,
  aliases: FieldAliases,
  required: readonly string[],
  fileRejects: Reject[],
  headers: Map<string, readonly string[]>,
  sink: ByteRows,
  opts: CsvBytesOptions = {},
): Promise<boolean> {
  const chunkSize = opts.chunkSize ?? 1 << 20;
  const maxRecord = opts.maxRecordBytes ?? 32 << 20;
  const localRejects: Reject[] = [];
  let header: readonly string[] | undefined;
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    let buf = Buffer.allocUnsafe(chunkSize);
    let have = 0;
    /** Offset in the file of buf[0]. */
    let base = 0;
    /** buf[0, checked) is known to be UTF-8. */
    let checked = 0;
    let line = 1;
    let eof = false;
    let first = true;
    let columns: Map<string, number> | undefined;
    /** Column of each wanted field; `n` (a slot always empty) when absent. */
    let columnOf = new Int32Array(0);
    /** Columns cut per row: up to the last wanted one. */
    let n = 0;
    let starts = new Int32Array(1);
    let ends = new Int32Array(1);
    const wanted = sink.wanted.length;
    const ws = new Int32Array(wanted);
    const we = new Int32Array(wanted);
    let rowsFrom = -1;
    let rowsTaken = 0;
    for (;;) {
      if (have === buf.length) {
        if (have > maxRecord) return false;
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, have, buf.length - have, null);
      if (bytesRead === 0) eof = true;
      have += bytesRead;
      if (first) {
        if (have < 3 && !eof) continue;
        first = false;
        // a leading BOM, as the decoder drops it
        if (have >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
          buf.copyWithin(0, 3, have);
          have -= 3;
          base = 3;
        }
      }
      const end = eof ? have : buf.lastIndexOf(10, have - 1) + 1;
      if (end === 0 && !eof) continue;
      if (end > checked) {
        if (!isUtf8(buf.subarray(checked, end))) return false;
        checked = end;
      }
      const b = buf;
      let pos = 0;
      /** The next '"' at or after pos (end when none): searched once, reused while ahead. */
      let quote = -1;
      while (pos < end) {
        // one physical line: its end, whether it holds a quote, its commas up to the last column wanted
        let nl = b.indexOf(10, pos);
        if (nl < 0 || nl >= end) nl = end;
        if (quote < pos) {
          quote = b.indexOf(34, pos);
          if (quote < 0 || quote >= end) quote = end;
        }
        const quoted = quote < nl;
        let f = 0;
        let start = pos;
        if (!quoted) {
          for (let k = pos; f < n && k < nl; k++) {
            if (b[k] === 44) {
              starts[f] = start;
              ends[f] = k;
              f++;
              start = k + 1;
            }
          }
        }
        if (quoted) {
          // the string state machine decides where the record ends; it is given whole lines
          let w = nl >= end ? end : nl + 1;
          let rec: { fields: string[]; bytes: number; lines: number } | undefined;
          for (;;) {
            const text = b.toString('utf8', pos, w);
            const atEnd = w >= end;
            let r;
            try {
              r = parseQuotedRecord(text, 0, eof && atEnd, line);
            } catch {
              return false;
            }
            if (r !== undefined) {
              rec = { fields: r.fields, bytes: r.next === text.length ? w - pos : Buffer.byteLength(text.slice(0, r.next)), lines: r.lines };
              break;
            }
            if (atEnd) break;
            const target = pos + 2 * (w - pos);
            if (target >= end) w = end;
            else {
              const nl = b.indexOf(10, target);
              w = nl < 0 || nl >= end ? end : nl + 1;
            }
          }
          if (rec === undefined) break; // the record goes on past what was read: read more
          if (columns === undefined) return false; // a quoted header: the string reader reads it
          sink.row(new Row(fileLabel, line, rec.fields, columns));
          line += rec.lines;
          pos += rec.bytes;
          continue;
        }
        let ce = nl;
        if (ce > pos && b[ce - 1] === 13) ce--;
        if (ce > pos) {
          if (columns === undefined) {
            header = b.toString('utf8', pos, ce).split(',');
            const resolved = resolveHeader(header, aliases);
            const missing = required.filter((x) => !resolved.columns.has(x));
            for (const x of missing) localRejects.push({ file: fileLabel, line, field: x, reason: INGEST_REASONS.missingColumn });
            for (const x of resolved.duplicates) localRejects.push({ file: fileLabel, line, field: x, reason: INGEST_REASONS.duplicateColumn });
            if (missing.length > 0 || resolved.duplicates.length > 0) break;
            columns = resolved.columns;
            n = 0;
            for (const w of sink.wanted) n = Math.max(n, (columns.get(w) ?? -1) + 1);
            columnOf = Int32Array.from(sink.wanted, (w) => columns?.get(w) ?? n);
            starts = new Int32Array(n + 1);
            ends = new Int32Array(n + 1);
            rowsFrom = nl + 1;
          } else {
            if (f < n) {
              starts[f] = start;
              ends[f] = ce;
              for (let k = f + 1; k < n; k++) starts[k] = ends[k] = 0;
            }
            for (let k = 0; k < wanted; k++) {
              const c = columnOf[k] as number;
              ws[k] = starts[c] as number;
              we[k] = ends[c] as number;
            }
            if (sink.take(b, line, ws, we, base + pos, ce - pos)) rowsTaken++;
            else sink.row(new Row(fileLabel, line, b.toString('utf8', pos, ce).split(','), columns));
          }
        }
        pos = nl + 1;
        line++;
      }
      if (columns === undefined && localRejects.length > 0) break;
      if (rowsFrom >= 0 && pos > rowsFrom) {
        // the rows to come, estimated from the first chunk's, so that columns grow once
        if (rowsTaken > 0) sink.expect?.(Math.min(Math.ceil(size / 16), Math.ceil(rowsTaken * (size / (pos - rowsFrom)) * 1.05)));
        rowsFrom = -1;
      }
      sink.chunk?.(header);
      if (eof) {
        if (columns === undefined) localRejects.push({ file: fileLabel, line: 1, field: '', reason: reason('文件没有表头', 'the file has no header') });
        break;
      }
      if (pos > 0) {
        buf.copyWithin(0, pos, have);
        base += pos;
        have -= pos;
        checked -= pos;
        if (rowsFrom >= 0) rowsFrom -= pos;
      }
      if (have > maxRecord) return false;
    }
  } finally {
    await fh.close();
  }
  if (header !== undefined) headers.set(fileLabel, header);
  fileRejects.push(...localRejects);
  return true;
}
