/**
 * CSV output (RFC 4180, LF line ends), the counterpart of csv-reader.ts: every line written here
 * reads back to the same fields.
 *
 * CsvWriter is built for million-line outputs. Lines are appended to a short string (a few dozen
 * lines), which is then UTF-8-encoded straight into a 1 MiB Buffer; full Buffers go to the fs
 * stream. Measured on 1M lines (124 MB, Chinese in every line) this costs ~0.5 s beyond building
 * the lines, disk writes included, where appending everything to one big string and letting the
 * stream encode it cost ~1.4 s: V8 must flatten a rope of thousands of two-byte pieces first.
 *
 * Backpressure follows the Node idiom: `write` returns false when the stream's queue is full and
 * the caller should `await drain()`. A caller that ignores it still gets a correct file, only with
 * higher memory use.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

// Surrounding whitespace is quoted too: spreadsheet programs and many CSV readers trim it.
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
/** Characters of text collected before encoding them into the chunk. */
const SEGMENT = 8 * 1024;
/** Bytes per chunk handed to the stream. */
const CHUNK = 1 << 20;

export function csvField(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export function csvLine(fields: readonly string[]): string {
  const n = fields.length;
  if (n === 1 && fields[0] === '') return '""\n'; // otherwise a blank line, which readers skip
  let line = n > 0 ? csvField(fields[0] ?? '') : '';
  for (let i = 1; i < n; i++) line += ',' + csvField(fields[i] ?? '');
  return line + '\n';
}

export interface CsvWriterOptions {
  /** Start the file with a UTF-8 BOM, which Excel needs to open Chinese text correctly. */
  bom?: boolean;
}

export class CsvWriter {
  private text = '';
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private failure: Error | undefined;
  private closed = false;

  private constructor(private readonly stream: WriteStream) {
    stream.on('error', (err) => {
      this.failure ??= err;
    });
  }

  /** Creates (truncates) `path` and writes the header line. Fails here if the file cannot be opened. */
  static async open(path: string, header: readonly string[], opts?: CsvWriterOptions): Promise<CsvWriter> {
    const stream = createWriteStream(path, { highWaterMark: 4 * CHUNK });
    await once(stream, 'open');
    const writer = new CsvWriter(stream);
    writer.text = (opts?.bom === true ? '\ufeff' : '') + csvLine(header);
    return writer;
  }

  /** Buffers one record. Returns false when the caller should `await drain()` before writing more. */
  write(fields: readonly string[]): boolean {
    return this.writeLine(csvLine(fields));
  }

  /**
   * Buffers a line the caller built itself (ending in '\n', fields already quoted where
   * csvField would quote them): for writers of a million rows whose fields are mostly numbers.
   */
  writeLine(line: string): boolean {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('CsvWriter: write after close');
    this.text += line;
    if (this.text.length < SEGMENT) return true;
    this.encode();
    return !this.stream.writableNeedDrain;
  }

  /**
   * Field-by-field output straight into bytes, for rows of a million-line file whose fields are
   * mostly amounts: no string per amount, no string per line. `cell` quotes as csvField does;
   * `cellFen` writes fen as yuan with two decimals, byte for byte what formatYuan returns.
   */
  cell(value: string, first = false): void {
    const v = csvField(value);
    this.reserve(v.length * 3 + 1);
    if (!first) this.chunk[this.used++] = 44;
    this.used += this.chunk.write(v, this.used);
  }

  cellFen(fen: number, first = false): void {
    this.reserve(24);
    const c = this.chunk;
    if (!first) c[this.used++] = 44;
    let abs = fen;
    if (fen < 0) {
      c[this.used++] = 45;
      abs = -fen;
    }
    const cents = abs % 100;
    let yuan = (abs - cents) / 100;
    // integer part, most significant digit first
    let digits = 1;
    for (let t = yuan; t >= 10; t = Math.floor(t / 10)) digits++;
    for (let k = digits - 1; k >= 0; k--) {
      const d = yuan % 10;
      c[this.used + k] = 48 + d;
      yuan = (yuan - d) / 10;
    }
    this.used += digits;
    c[this.used++] = 46;
    c[this.used++] = 48 + Math.floor(cents / 10);
    c[this.used++] = 48 + (cents % 10);
  }

  /** Ends the row begun with `cell`/`cellFen`; false when the caller should `await drain()`. */
  endRow(): boolean {
    this.reserve(1);
    this.chunk[this.used++] = 10;
    return !this.stream.writableNeedDrain;
  }

  private reserve(bytes: number): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('CsvWriter: write after close');
    if (this.text.length > 0) this.encode();
    if (this.used + bytes > this.chunk.length) this.sendChunk();
  }

  /** Moves the collected text into the chunk, sending the chunk on when it might not fit. */
  private encode(): void {
    const text = this.text;
    this.text = '';
    // A UTF-16 code unit never takes more than 3 bytes in UTF-8.
    const worst = text.length * 3;
    if (this.used + worst > this.chunk.length) this.sendChunk();
    if (worst > this.chunk.length) this.stream.write(text); // one huge record: let the stream encode it
    else this.used += this.chunk.write(text, this.used);
  }

  private sendChunk(): void {
    if (this.used === 0) return;
    // The stream keeps the buffer until it is written, so the next chunk must be a new one.
    this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  /** Resolves once the stream's queue has room again (at once if it has). */
  async drain(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    // events.once rejects if 'error' fires while waiting.
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Writes what is buffered and closes the file; rejects with any write error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure === undefined) {
      if (this.text.length > 0) this.encode();
      this.sendChunk();
      this.stream.end();
    }
    await finished(this.stream);
    if (this.failure !== undefined) throw this.failure;
  }
}
