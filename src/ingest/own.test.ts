import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { own } from './row.js';

describe('own', () => {
  it('returns the same text for any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 100 }), (s) => {
      expect(own(s)).toBe(s);
    }));
  });
  // That the copy keeps no reference to its parent is a property of V8's string representation,
  // which JavaScript cannot observe; this checks only that nothing of the text is lost.
  it('keeps a 30-character setl_id taken out of a longer line intact', () => {
    const line = `${'S0123456789'.repeat(3)},${'x'.repeat(1000)}`;
    const id = line.slice(0, 30);
    expect(own(id)).toBe(id);
  });
});
