/**
 * A CSV file written field by field straight into bytes, for outputs of a million rows whose
 * fields are amounts and codes already held as bytes (setl_ids from the reader's index, codes
 * encoded once): no string per field or per line. The bytes are those CsvWriter writes for the
 * same fields (`text` quotes as csvField does; `fen` writes what formatYuan returns).
 * Backpressure as CsvWriter: `endRow` returns false when the caller should `await drain()`.
 */
import { createWriteStream, writeSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { csvField, csvLine } from './csv-writer.js';

const CHUNK = 1 << 20;
/** '00'…'99' as bytes: digit pairs by value × 2. */
const PAIRS = new Uint8Array(200);
for (let v = 0; v < 100; v++) {
  PAIRS[2 * v] = 48 + Math.floor(v / 10);
  PAIRS[2 * v + 1] = 48 + (v % 10);
}

/**
 * Rows formatted into 1 MiB chunks; what happens to a full chunk is the subclass's: ByteCsvWriter
 * streams it to a file, ByteFileWriter writes it at a position at once.
 */
export abstract class ByteRowWriter {
  protected chunk: Buffer = Buffer.allocUnsafe(CHUNK);
  protected used = 0;
  protected closed = false;

  /** Throws when the writer cannot take more (a write error, a close). */
  protected abstract check(): void;
  /** Hands over chunk[0, used): the subclass owns it from then on. */
  protected abstract send(): void;

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

  /** 'yyyy-MM-dd HH:mm:ss' of a timeKey (yyyyMMddHHmmss), after a comma. */
  dateTime(key: number): void {
    this.reserve(20);
    const c = this.chunk;
    const u = this.used;
    const date = Math.floor(key / 1_000_000) | 0;
    let clock = (key - date * 1_000_000) | 0;
    let d = date;
    c[u] = 44;
    // right to left, two digits at a time: ss, mm, HH, then dd, MM, yy, yy
    for (let at = u + 18; at >= u + 12; at -= 3) {
      const q = (clock / 100) | 0;
      const two = (clock - q * 100) * 2;
      c[at] = PAIRS[two] as number;
      c[at + 1] = PAIRS[two + 1] as number;
      clock = q;
    }
    c[u + 17] = 58;
    c[u + 14] = 58;
    c[u + 11] = 32;
    for (let at = u + 9; at >= u + 6; at -= 3) {
      const q = (d / 100) | 0;
      const two = (d - q * 100) * 2;
      c[at] = PAIRS[two] as number;
      c[at + 1] = PAIRS[two + 1] as number;
      d = q;
    }
    c[u + 8] = 45;
    c[u + 5] = 45;
    const q = (d / 100) | 0;
    let two = (d - q * 100) * 2;
    c[u + 3] = PAIRS[two] as number;
    c[u + 4] = PAIRS[two + 1] as number;
    two = (q % 100) * 2;
    c[u + 1] = PAIRS[two] as number;
    c[u + 2] = PAIRS[two + 1] as number;
    this.used = u + 20;
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
      // int32 arithmetic, two digits at a time: `%` and `/` on a double (what a Float64Array
      // gives) are a C call in V8
      let a = abs | 0;
      const q0 = (a / 100) | 0;
      const cents = (a - q0 * 100) * 2;
      a = q0;
      const digits = a < 10 ? 1 : a < 100 ? 2 : a < 1000 ? 3 : a < 10_000 ? 4 : a < 100_000 ? 5 : a < 1_000_000 ? 6 : a < 10_000_000 ? 7 : 8;
      let k = u + digits - 2;
      while (a >= 100) {
        const q = (a / 100) | 0;
        const two = (a - q * 100) * 2;
        c[k] = PAIRS[two] as number;
        c[k + 1] = PAIRS[two + 1] as number;
        a = q;
        k -= 2;
      }
      if (a >= 10) {
        c[u] = PAIRS[a * 2] as number;
        c[u + 1] = PAIRS[a * 2 + 1] as number;
      } else c[u] = 48 + a;
      u += digits;
      c[u] = 46;
      c[u + 1] = PAIRS[cents] as number;
      c[u + 2] = PAIRS[cents + 1] as number;
      this.used = u + 3;
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
    return this.ready();
  }

  /** False when the caller should wait before more rows (a file's backpressure). */
  protected ready(): boolean {
    return true;
  }

  protected reserve(bytes: number): void {
    this.check();
    if (this.used + bytes > this.chunk.length) {
      this.send();
      if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
    }
  }
}

/**
 * Rows written straight to an open file at a position, synchronously (writeSync), the chunk reused:
 * for a thread that has nothing else to do meanwhile (settle's second thread writes the output
 * while the main thread folds). The file descriptor stays the caller's to close.
 */
export class ByteFileWriter extends ByteRowWriter {
  constructor(
    private readonly fd: number,
    /** Where the next bytes go in the file. */
    private position: number,
  ) {
    super();
  }

  protected check(): void {
    if (this.closed) throw new Error('ByteFileWriter: write after flush');
  }

  protected send(): void {
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.chunk, done, this.used - done, this.position + done);
    this.position += this.used;
    this.used = 0;
  }

  /** Writes what is buffered; the writer takes no more rows. */
  flush(): void {
    this.send();
    this.closed = true;
  }
}

/** A CSV file written by bytes (see the top of this file). */
export class ByteCsvWriter extends ByteRowWriter {
  /** Chunks the stream has written, to fill again: a large output allocates a few, not one per MiB. */
  private readonly spare: Buffer[] = [];
  private failure: Error | undefined;

  private constructor(private readonly stream: WriteStream) {
    super();
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

  protected override ready(): boolean {
    return !this.stream.writableNeedDrain;
  }

  protected check(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new Error('ByteCsvWriter: write after close');
  }

  protected send(): void {
    if (this.used === 0) return;
    // the stream keeps the buffer until it is written: the next chunk is another, and this one
    // is filled again once written
    const full = this.chunk;
    this.stream.write(full.subarray(0, this.used), () => {
      if (full.length === CHUNK) this.spare.push(full);
    });
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK);
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
