import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsvText, readCsvRows } from './csv-reader.js';
import { CsvWriter, csvField, csvLine } from './csv-writer.js';
import fc from 'fast-check';
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-csv-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['张三', '张三'],
    ['', ''],
    ['12.30', '12.30'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['\u3000全角空格', '"\u3000全角空格"'],
    ['in side', 'in side'],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvLine', () => {
  it('joins with commas and ends with LF', () => {
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\n');
  });
  it('quotes a lone empty field so the line is not blank', () => {
    expect(csvLine([''])).toBe('""\n');
    expect(parseCsvText(csvLine(['']))).toEqual([{ line: 1, fields: [''] }]);
  });
});

describe('CsvWriter', () => {
  it('writes header, rows and an optional BOM', async () => {
    const path = join(dir, 'small.csv');
    const w = await CsvWriter.open(path, ['人员编号', '备注'], { bom: true });
    w.write(['P1', '含,逗号']);
    w.write(['P2', '换\n行']);
    await w.close();
    await w.close(); // idempotent
    const text = readFileSync(path, 'utf8');
    expect(text).toBe('\ufeff人员编号,备注\nP1,"含,逗号"\nP2,"换\n行"\n');
    expect(() => w.write(['late'])).toThrow(/after close/);
  });

  it('writes no BOM by default', async () => {
    const path = join(dir, 'nobom.csv');
    const w = await CsvWriter.open(path, ['a']);
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('a\n');
  });

  it('streams many rows, with backpressure, that read back unchanged', async () => {
    const path = join(dir, 'big.csv');
    const w = await CsvWriter.open(path, ['n', 'name', 'note']);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const note = i % 1000 === 0 ? `"引号",\n${'长'.repeat(i % 5000)}` : `备注${i}`;
      if (!w.write([String(i), '张三丰', note])) await w.drain();
    }
    await w.drain(); // resolves at once when there is nothing to wait for
    await w.close();
    let count = 0;
    for await (const row of readCsvRows(path)) {
      if (row.line === 1) continue;
      const i = count++;
      const note = i % 1000 === 0 ? `"引号",\n${'长'.repeat(i % 5000)}` : `备注${i}`;
      if (row.fields[0] !== String(i) || row.fields[2] !== note) expect(row.fields).toEqual([String(i), '张三丰', note]);
    }
    expect(count).toBe(n);
  });

  it('writes a record larger than its chunk', async () => {
    const path = join(dir, 'huge-field.csv');
    const big = '大'.repeat(1_000_000);
    const w = await CsvWriter.open(path, ['a', 'b']);
    w.write(['1', 'x']);
    w.write(['2', big]);
    w.write(['3', 'y']);
    await w.close();
    expect(parseCsvText(readFileSync(path, 'utf8')).map((r) => r.fields)).toEqual([['a', 'b'], ['1', 'x'], ['2', big], ['3', 'y']]);
  });

  it('fails at open when the file cannot be created', async () => {
    await expect(CsvWriter.open(join(dir, 'no-such-dir', 'x.csv'), ['a'])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('CsvWriter cells written as bytes', () => {
  it('writes fen exactly as formatYuan does, and text quoted as csvField does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-cells-'));
    const path = join(dir, 'cells.csv');
    const amounts = [0, 5, 99, 100, 1234, -5, -123456, 10_000_000_000_000, 987654321];
    const w = await CsvWriter.open(path, ['a', 'b', 'c']);
    for (const fen of amounts) {
      w.cell(`x,${fen}`, true);
      w.cellFen(fen);
      w.cell('中文 ');
      w.endRow();
    }
    w.write(['line', 'after', 'cells']);
    await w.close();
    const rows = parseCsvText(readFileSync(path, 'utf8')).slice(1).map((r) => r.fields);
    expect(rows).toEqual([...amounts.map((fen) => [`x,${fen}`, formatYuan(fen as Fen), '中文 ']), ['line', 'after', 'cells']]);
  });
  it('agrees with formatYuan for any amount', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-cells-'));
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: -1e13, max: 1e13 }), { maxLength: 50 }), async (amounts) => {
      const path = join(dir, 'p.csv');
      const w = await CsvWriter.open(path, ['v']);
      for (const fen of amounts) {
        w.cellFen(fen, true);
        w.endRow();
      }
      await w.close();
      expect(parseCsvText(readFileSync(path, 'utf8')).slice(1).map((r) => r.fields[0])).toEqual(amounts.map((f) => formatYuan(f as Fen)));
    }), { numRuns: 50 });
  });
});
