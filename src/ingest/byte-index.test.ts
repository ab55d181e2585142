import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteIndex } from './byte-index.js';

describe('ByteIndex', () => {
  it('answers as a Map<string, number> does, by bytes and by string (fast-check)', () => {
    const key = fc.oneof(
      fc.integer({ min: 0, max: 5000 }).map((n) => `S${String(n).padStart(11, '0')}`),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', '人员', '\ud800', '\ud800x', '\udc00', '\ufffd', 'a'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 0, max: 3 })), { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), (ops, expected) => {
        const index = new ByteIndex(expected);
        const map = new Map<string, number>();
        ops.forEach(([k, op], i) => {
          if (op === 0) {
            index.addString(k, i);
            if (!map.has(k)) map.set(k, i);
          } else if (op === 2 && i % 7 === 0) {
            index.reserve(map.size + i * 3, 4);
          } else if (op === 1 && !/\p{Cs}/u.test(k)) {
            const b = Buffer.from(k);
            const e = index.addNew(b, 0, b.length, i);
            expect(e >= 0).toBe(!map.has(k));
            if (!map.has(k)) map.set(k, i);
          }
          expect(index.getString(k, -1)).toBe(map.get(k) ?? -1);
          if (!/\p{Cs}/u.test(k)) {
            const b = Buffer.from(`xx${k}yy`);
            expect(index.get(b, 2, b.length - 2, -1)).toBe(map.get(k) ?? -1);
          }
        });
        expect(index.size).toBe(map.size);
        for (const [k, v] of map) {
          const e = index.findString(k);
          expect(index.value(e)).toBe(v);
          if (!/\p{Cs}/u.test(k)) expect(index.key(e)).toBe(k);
        }
      }),
      { numRuns: 300 },
    );
  });
});
