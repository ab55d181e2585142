import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateTimeOfKey } from '../benefits/columns.js';
import type { Fen } from '../money/fen.js';
import { MAX_FEN } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { timeKey } from '../time/date.js';
import { ByteCsvWriter } from './byte-writer.js';
import { CsvWriter } from './csv-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-bytewriter-'));

describe('ByteCsvWriter writes the bytes CsvWriter writes', () => {
  it('fen as formatYuan, text as csvField, times as dateTimeOfKey (fast-check)', async () => {
    const fen = fc.oneof(fc.integer({ min: -MAX_FEN, max: MAX_FEN }), fc.integer({ min: -3000, max: 3000 }), fc.constantFrom(0, -0, 2_147_483_647, 2_147_483_648, 2_147_483_699, 99, 100, MAX_FEN));
    const time = fc
      .tuple(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
      .map(([y, mo, d, h, mi, s]) => ((y * 100 + mo) * 100 + d) * 1_000_000 + h * 10_000 + mi * 100 + s);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fen, time), { maxLength: 40 }), async (rows) => {
        const a = join(dir, `a${run}.csv`);
        const b = join(dir, `b${run++}.csv`);
        const bytes = await ByteCsvWriter.open(a, ['x', 'y', 'z']);
        const text = await CsvWriter.open(b, ['x', 'y', 'z']);
        for (const [s, f, t] of rows) {
          bytes.text(s, true);
          bytes.fen(f);
          bytes.dateTime(t);
          bytes.endRow();
          text.write([s, formatYuan(f as Fen), dateTimeOfKey(t)]);
          expect(timeKey(dateTimeOfKey(t))).toBe(t);
        }
        await bytes.close();
        await text.close();
        expect(readFileSync(a)).toEqual(readFileSync(b));
      }),
      { numRuns: 200 },
    );
  });
});
