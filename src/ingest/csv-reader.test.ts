import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsvText, readCsvBatches, readCsvRows } from './csv-reader.js';
import type { CsvRow } from './csv-reader.js';
import { csvLine } from './csv-writer.js';
import { IngestError } from './errors.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-csv-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
function tempFile(content: string | Buffer): string {
  const path = join(dir, `t${fileNo++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Open file descriptors of this process (Linux); -1 where that cannot be told. */
async function openHandles(): Promise<number> {
  try {
    return (await readdir('/proc/self/fd')).length;
  } catch {
    return -1;
  }
}

async function collect(path: string, chunkSize?: number): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const row of readCsvRows(path, chunkSize === undefined ? undefined : { chunkSize })) rows.push(row);
  return rows;
}

// Quotes, quoted newlines (LF and CRLF), blank lines, CRLF ends, Chinese and a 4-byte emoji.
const TRICKY =
  '\ufeffpsn_no,姓名,备注\r\n' +
  'P001,张三,"含,逗号"\r\n' +
  '\r\n' +
  'P002,"李""四""","第一行\n第二行"\r\n' +
  'P003,王五😀,"a\r\nb"\r\n' +
  '\n' +
  'P004,"",末尾没有换行';

const TRICKY_ROWS: CsvRow[] = [
  { line: 1, fields: ['psn_no', '姓名', '备注'] },
  { line: 2, fields: ['P001', '张三', '含,逗号'] },
  { line: 4, fields: ['P002', '李"四"', '第一行\n第二行'] },
  { line: 6, fields: ['P003', '王五😀', 'a\r\nb'] },
  { line: 9, fields: ['P004', '', '末尾没有换行'] },
];

describe('parseCsvText', () => {
  it('handles BOM, CRLF, blank lines, quoted commas, doubled quotes and quoted newlines', () => {
    expect(parseCsvText(TRICKY)).toEqual(TRICKY_ROWS);
  });

  it('reads LF files and a final line without newline', () => {
    expect(parseCsvText('a,b\n1,2')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('skips blank lines but keeps lines of spaces or bare commas', () => {
    expect(parseCsvText('\n\r\na\n \n,\n\n')).toEqual([
      { line: 3, fields: ['a'] },
      { line: 4, fields: [' '] },
      { line: 5, fields: ['', ''] },
    ]);
  });

  it('keeps a CR that is inside quotes and drops the one of a CRLF after a quoted field', () => {
    expect(parseCsvText('"x\r"\r\n"y"\r\n')).toEqual([
      { line: 1, fields: ['x\r'] },
      { line: 2, fields: ['y'] },
    ]);
  });

  it('reads a lone empty quoted field as one empty field, not a blank line', () => {
    expect(parseCsvText('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('is lenient with stray quotes, as real exports need', () => {
    expect(parseCsvText('ab"c,d\n"x"y,z\n')).toEqual([
      { line: 1, fields: ['ab"c', 'd'] },
      { line: 2, fields: ['xy', 'z'] },
    ]);
  });

  it('refuses an unterminated quote and says where it started', () => {
    const err = (() => {
      try {
        parseCsvText('a\nb,"open\nc\n');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('csv-unterminated-quote');
    expect((err as IngestError).message).toContain('line 2');
  });

  it('returns nothing for an empty text or a lone BOM', () => {
    expect(parseCsvText('')).toEqual([]);
    expect(parseCsvText('\ufeff')).toEqual([]);
  });
});

describe('readCsvRows', () => {
  it('matches parseCsvText with chunk boundaries at every position', async () => {
    const path = tempFile(TRICKY);
    for (const chunkSize of [1, 2, 3, 4, 5, 7, 11, 64, 1 << 20]) {
      expect(await collect(path, chunkSize), `chunkSize ${chunkSize}`).toEqual(TRICKY_ROWS);
    }
  });

  it('reads a file over 1 MiB with a multi-byte character straddling the chunk boundary', async () => {
    const body: string[][] = [];
    for (let i = 0; i < 60_000; i++) {
      body.push([`P${i}`, `张三丰${'某'.repeat(i % 7)}`, i % 50 === 0 ? `注,"${i}"\n续` : `备注${i}`]);
    }
    const bodyText = body.map(csvLine).join('');
    // Lengthen the header until byte 1 MiB is a UTF-8 continuation byte, i.e. mid-character.
    let header = ['psn_no', 'psn_name', 'note'];
    let buf = Buffer.from(csvLine(header) + bodyText);
    for (let pad = 1; ((buf[1 << 20] ?? 0) & 0xc0) !== 0x80; pad++) {
      header = ['psn_no', 'psn_name', 'note' + 'x'.repeat(pad)];
      buf = Buffer.from(csvLine(header) + bodyText);
    }
    expect(buf.length).toBeGreaterThan(2 << 20);
    const rows = await collect(tempFile(buf));
    expect(rows).toEqual(parseCsvText(buf.toString('utf8')));
    expect(rows.map((r) => r.fields)).toEqual([header, ...body]);
    // Every 50th record spans two lines.
    expect(rows.at(-1)?.line).toBe(1 + body.length + body.length / 50);
  });

  it('reads a quoted field longer than many chunks', async () => {
    const big = '长'.repeat(300_000) + '\n' + 'x'.repeat(300_000);
    const path = tempFile(`a,b\n1,"${big}"\n2,z\n`);
    const rows = await collect(path, 4096);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', big] },
      { line: 4, fields: ['2', 'z'] },
    ]);
  });

  it('rejects a GBK file instead of importing mojibake', async () => {
    // "姓名" in GBK is C3 FB C3 FB, which is not valid UTF-8.
    const path = tempFile(Buffer.concat([Buffer.from('psn_no,name\nP1,'), Buffer.from([0xd0, 0xd5, 0xc3, 0xfb]), Buffer.from('\n')]));
    await expect(collect(path)).rejects.toMatchObject({ code: 'not-utf8', message: expect.stringContaining('line 2') });
    await expect(collect(path, 3)).rejects.toMatchObject({ code: 'not-utf8', message: expect.stringContaining('line 2') });
  });

  it('gives up on a runaway quote instead of buffering the rest of the file', async () => {
    const path = tempFile(`a\nb,"oops\n${'x,y\n'.repeat(50_000)}`);
    await expect(collect(path)).rejects.toMatchObject({ code: 'csv-unterminated-quote', message: expect.stringContaining('line 2') });
    const capped = readCsvRows(path, { chunkSize: 4096, maxRecordChars: 10_000 });
    await expect(capped.next()).resolves.toEqual({ done: false, value: { line: 1, fields: ['a'] } });
    await expect(capped.next()).rejects.toMatchObject({ code: 'csv-record-too-long', message: expect.stringContaining('line 2') });
  });

  it('opens nothing until iterated and closes the file when the loop stops early', async () => {
    const path = tempFile('a\nb\nc\n');
    const lazy = readCsvRows(join(dir, 'does-not-exist.csv'));
    await expect(lazy.next()).rejects.toMatchObject({ code: 'ENOENT' });
    const before = await openHandles();
    for await (const row of readCsvRows(path)) {
      if (row.line === 2) break;
    }
    expect(await openHandles()).toBe(before);
  });

  it('yields the same rows in batches', async () => {
    const path = tempFile(TRICKY);
    const rows: CsvRow[] = [];
    for await (const batch of readCsvBatches(path, { chunkSize: 8 })) rows.push(...batch);
    expect(rows).toEqual(TRICKY_ROWS);
  });
});

describe('csvLine → parseCsvText round trip', () => {
  const unit = fc.oneof(
    fc.constantFrom(',', '"', '\n', '\r', ' ', '\t', '\u3000', '\ufeff', '张', '😀', 'a', '1'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  );
  const field = fc.string({ unit, maxLength: 8 });
  const row = fc.array(field, { minLength: 1, maxLength: 6 });

  it('gives back every field and the line where each record starts', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        let line = 1;
        const expected = rows.map((fields) => {
          const r = { line, fields };
          line += csvLine(fields).split('\n').length - 1;
          return r;
        });
        expect(parseCsvText(rows.map(csvLine).join(''))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the same back from a file at any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), fc.integer({ min: 1, max: 40 }), async (rows, chunkSize) => {
        const text = rows.map(csvLine).join('');
        expect(await collect(tempFile(text), chunkSize)).toEqual(parseCsvText(text));
      }),
      { numRuns: 60 },
    );
  });
});
