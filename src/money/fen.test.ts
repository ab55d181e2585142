import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_RATIO_BASE, roundHalfUp } from './fen.js';
import { applyRatio, formatRatio, parseRatio } from './ratio.js';
import type { Fen } from './fen.js';
import { formatYuan, parseYuan, yuan } from './yuan.js';

describe('parseYuan', () => {
  it.each([
    ['0', 0], ['12', 1200], ['12.3', 1230], ['12.30', 1230], ['0.05', 5], ['.5', 50], [' 7.00 ', 700],
    ['120000', 12_000_000], ['12.', 1200],
  ])('reads %s as %i fen', (text, expected) => {
    expect(parseYuan(text)).toBe(expected);
  });
  it.each([
    ['12.345', 'too-many-decimals'], ['12.500', 'too-many-decimals'], ['', 'empty'], ['abc', 'not-a-number'],
    ['1e5', 'not-a-number'], ['1,000', 'not-a-number'], ['-1', 'negative'], ['.', 'not-a-number'],
    ['9999999999999999', 'too-large'],
  ])('refuses %s (%s), never rounds', (text, reason) => {
    expect(parseYuan(text)).toBe(reason);
  });
  it('reads negatives only when asked (reversal rows carry negated amounts)', () => {
    expect(parseYuan('-12.50', true)).toBe(-1250);
  });
  it('round-trips every amount through formatYuan', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
      expect(parseYuan(formatYuan(n as Fen), true)).toBe(n);
    }));
  });
});

describe('roundHalfUp', () => {
  it('rounds half up exactly at the boundary', () => {
    expect(roundHalfUp(5, 10)).toBe(1);
    expect(roundHalfUp(4, 10)).toBe(0);
    expect(roundHalfUp(15_000, 10_000)).toBe(2);
    expect(roundHalfUp(14_999, 10_000)).toBe(1);
  });
  it('is exact where a floating-point quotient is not: (10^15 + 4999) / 10^4', () => {
    expect(roundHalfUp(1e15 + 4999, 10_000)).toBe(1e11);
    expect(roundHalfUp(1e15 + 5000, 10_000)).toBe(1e11 + 1);
    expect(roundHalfUp(MAX_RATIO_BASE * 10_000 - 1, 10_000)).toBe(MAX_RATIO_BASE);
  });
  it('agrees with exact rational rounding for large numerators', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: BigInt(MAX_RATIO_BASE) * 10_000n }), fc.integer({ min: 1, max: 10_000 }), (n, d) => {
      const expected = (n * 2n + BigInt(d)) / (2n * BigInt(d));
      expect(roundHalfUp(Number(n), d)).toBe(Number(expected));
    }));
  });
});

describe('ratios', () => {
  it('parses percentages and decimals into basis points', () => {
    expect(parseRatio('70%')).toBe(7000);
    expect(parseRatio('0.65')).toBe(6500);
    expect(parseRatio('12.5%')).toBe(1250);
    expect(parseRatio('100%')).toBe(10_000);
    expect(parseRatio('0.12345')).toBeUndefined();
    expect(parseRatio('101%')).toBeUndefined();
    expect(formatRatio(parseRatio('12.5%')!)).toBe('12.5%');
  });
  it('applies a ratio exactly: 5,175 − 5,000 at 70 % is 122.50 (Heze worked example)', () => {
    expect(applyRatio(yuan('175'), parseRatio('70%')!)).toBe(12_250);
    expect(applyRatio(1 as Fen, parseRatio('50%')!)).toBe(1);
  });
});
