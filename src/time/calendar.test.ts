import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isLeapYear, isValidDate } from './calendar.js';

/** Independent oracle: the JS Date arithmetic (years ≥ 100, so Date.UTC does not remap 0–99). */
function oracleValid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

describe('isLeapYear', () => {
  it.each([
    [1900, false], [2000, true], [2024, true], [2023, false], [2100, false], [2400, true], [1996, true],
  ])('given the year %i, then leap is %s', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });
});

describe('isValidDate', () => {
  it.each([
    [2024, 2, 29], [2000, 2, 29], [2023, 2, 28], [2023, 1, 31], [2023, 4, 30], [2023, 12, 31], [1, 1, 1],
  ])('given %i-%i-%i, when checked, then it is a real day', (y, m, d) => {
    expect(isValidDate(y, m, d)).toBe(true);
  });
  it.each([
    [2023, 2, 29], [1900, 2, 29], [2024, 2, 30], [2023, 4, 31], [2023, 13, 1], [2023, 0, 1], [2023, 1, 0],
    [2023, 1, 32], [0, 1, 1], [2023.5, 1, 1], [2023, 1.5, 1], [2023, 1, 1.5], [Number.NaN, 1, 1],
  ])('given %s-%s-%s, when checked, then it is rejected', (y, m, d) => {
    expect(isValidDate(y, m, d)).toBe(false);
  });
  it('agrees with the JS calendar for every year/month/day combination', () => {
    fc.assert(fc.property(
      fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }),
      (y, m, d) => {
        expect(isValidDate(y, m, d)).toBe(m >= 1 && m <= 12 && d >= 1 && oracleValid(y, m, d));
      },
    ));
  });
});
