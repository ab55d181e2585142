/**
 * A CSV file written field by field straight into bytes, for outputs of a million rows whose
 * fields are amounts and codes already held as bytes (setl_ids from the reader's index, codes
 * encoded once): no string per field or per line. The bytes are those CsvWriter writes for the
 * same fields (`text` quotes as csvField does; `fen` writes what formatYuan returns).
 * Backpressure as CsvWriter: `endRow` returns false when the caller should `await drain()`.
 */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { csvField, csvLine } from './csv-writer.js';

const CHUNK = 1 << 20;

export class ByteCsvWriter {
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
  static async open(path: string, header: readonly string[]): Promise<ByteCsvWriter> {
    const stream = createWriteStream(path, { highWaterMark: 4 * CHUNK });
    await once(stream, 'open');
    const w = new ByteCsvWriter(stream);
    const head = Buffer.from(csvLine(header));
    w.reserve(head.length);
    w.used += head.copy(w.chunk, w.used);
    return w;
  }

  /** Bytes that need no quoting (the caller knows: no '"', ',', CR or LF, nothing to trim). */
  bytes(src: Uint8Array, start: number, end: number, first = false): void {
    this.reserve(end - start + 1);
    const c = this.chunk;
    if (!first) c[this.used++] = 44;
    for (let i = start; i < end; i++) c[this.used++] = src[i] as number;
  }

  /** A text field, quoted as csvField quotes it. */
  text(value: string, first = false): void {
    const v = csvField(value);
    this.reserve(v.length * 3 + 1);
    if (!first) this.chunk[this.used++] = 44;
    this.used += this.chunk.write(v, this.used);
  }

  /** 'yyyy-MM-dd HH:mm:ss' of a timeKey (yyyyMMddHHmmss). */
  dateTime(key: number): void {
    this.reserve(20);
    const c = this.chunk;
    let u = this.used;
    c[u++] = 44;
    let date = Math.floor(key / 1_000_000);
    let clock = key - date * 1_000_000;
    // written right to left: ss, mm, HH, dd, MM, yyyy
    for (let k = 0; k < 3; k++) {
      const two = clock % 100;
      clock = (clock - two) / 100;
      c[u + 18 - 3 * k] = 48 + (two % 10);
      c[u + 17 - 3 * k] = 48 + ((two - (two % 10)) / 10);
    }
    c[u + 16] = 58;
    c[u + 13] = 58;
    c[u + 10] = 32;
    for (let k = 0; k < 2; k++) {
      const two = date % 100;
      date = (date - two) / 100;
      c[u + 9 - 3 * k] = 48 + (two % 10);
      c[u + 8 - 3 * k] = 48 + ((two - (two % 10)) / 10);
    }
    c[u + 7] = 45;
    c[u + 4] = 45;
    for (let k = 3; k >= 0; k--) {
      const d = date % 10;
      date = (date - d) / 10;
      c[u + k] = 48 + d;
    }
    this.used = u + 19;
  }

  /** Fen as yuan with two decimals, byte for byte what formatYuan returns. */
  fen(fen: number): void {
    this.reserve(24);
    const c = this.chunk;
    let u = this.used;
    c[u++] = 44;
    let abs = fen;
    if (fen < 0) {
      c[u++] = 45;
      abs = -fen;
    }
    if (abs < 2_147_483_648) {
      // int32 arithmetic: `%` and `/` on a double (what a Float64Array gives) are a C call in V8
      let a = abs | 0;
      const cents = a % 100;
      a = ((a - cents) / 100) | 0;
      const digits = a < 10 ? 1 : a < 100 ? 2 : a < 1000 ? 3 : a < 10_000 ? 4 : a < 100_000 ? 5 : a < 1_000_000 ? 6 : a < 10_000_000 ? 7 : 8;
      for (let k = u + digits - 1; k >= u; k--) {
        const q = (a / 10) | 0;
        c[k] = 48 + a - q * 10;
        a = q;
      }
      u += digits;
      c[u++] = 46;
      const tens = (cents / 10) | 0;
      c[u++] = 48 + tens;
      c[u++] = 48 + cents - tens * 10;
      this.used = u;
      return;
    }
    const cents = abs - Math.floor(abs / 100) * 100;
    let yuan = (abs - cents) / 100;
    let digits = 1;
    for (let t = yuan; t >= 10; t = Math.floor(t / 10)) digits++;
    for (let k = digits - 1; k >= 0; k--) {
      const q = Math.floor(yuan / 10);
      c[u + k] = 48 + yuan - q * 10;
      yuan = q;
    }
    u += digits;
    c[u++] = 46;
    c[u++] = 48 + Math.floor(cents / 10);
    c[u++] = 48 + cents - Math.floor(cents / 10) * 10;
    this.used = u;
  }

  /** Bytes encoded once (a code, a pack id: csvField already applied), after a comma. */
  encoded(bytes: Uint8Array): void {
    this.reserve(bytes.length + 1);
    const c = this.chunk;
    let u = this.used;
    c[u++] = 44;
    for (let i = 0; i < bytes.length; i++) c[u++] = bytes[i] as number;
    this.used = u;
  }

  /** Ends a row; false when the caller should `await drain()` before more. */
  endRow(): boolean {
    this.reserve(1);
    this.chunk[this.used++] = 10;
    return !this.stream.writableNeedDrain;
  }

  private reserve(bytes: number): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('ByteCsvWriter: write after close');
    if (this.used + bytes > this.chunk.length) {
      this.send();
      if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
    }
  }

  private send(): void {
    if (this.used === 0) return;
    // the stream keeps the buffer until it is written: the next chunk is a new one
    this.stream.write(this.chunk.subarray(0, this.used));
    this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  async drain(): Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  /** Writes what is buffered and closes the file; rejects with any write error. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.failure === undefined) {
      this.send();
      this.stream.end();
    }
    await finished(this.stream);
    if (this.failure !== undefined) throw this.failure;
  }
}
