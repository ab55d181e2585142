import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, dayOf, parseDate, parseDateTime, timeKey, yearOf } from './date.js';
import type { IsoDate, IsoDateTime } from './date.js';

const date = (s: string): IsoDate => s as IsoDate;
const dateTime = (s: string): IsoDateTime => s as IsoDateTime;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Independent oracle for a real calendar day (years ≥ 100). */
function realDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

describe('parseDate', () => {
  it.each([
    ['2023-05-07', '2023-05-07'],
    ['2023/5/7', '2023-05-07'],
    ['2023/05/07', '2023-05-07'],
    ['2023.5.7', '2023-05-07'],
    ['2023.12.31', '2023-12-31'],
    ['20230507', '2023-05-07'],
    ['  2023-05-07 ', '2023-05-07'],
    ['2024-02-29', '2024-02-29'],
    ['20240229', '2024-02-29'],
  ])('given %j, when parsed, then it is the ISO day %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each([
    ['2023-02-29'], ['2024-02-30'], ['2023-13-01'], ['2023-00-10'], ['2023-01-00'], ['2023/2/29'], ['20230229'],
    ['20231301'], ['2023.4.31'], ['not a date'], [''], ['2023-5'], ['23-05-07'], ['2023-05-07 10:00:00'],
    ['2023-05-07x'], ['2023-005-07'], ['2023-0a-07'], ['+023-05-07'], ['2023-05-0\u0660'],
  ])('given %j, when parsed, then it is refused', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });

  it('reads a ten-character yyyy-MM-dd as the calendar does, by its fast path (fast-check)', () => {
    const char = fc.constantFrom('0', '1', '2', '3', '9', '-', '/', ' ', 'a', '\u0661');
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const near = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
    const text = fc.oneof(near, fc.array(fc.oneof(char, digit), { minLength: 10, maxLength: 10 }).map((cs) => cs.join('')));
    fc.assert(
      fc.property(text, (s) => {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
        const ok = m !== null && Number(m[1]) >= 1 && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
        if (m !== null && Number(m[1]) >= 100) expect(parseDate(s)).toBe(ok ? s : undefined);
        if (m === null && /^[\d-]{10}$/.test(s)) expect(parseDate(s)).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseDateTime', () => {
  it('given the canonical form, when parsed, then it comes back unchanged', () => {
    expect(parseDateTime('2023-05-07 08:09:10')).toBe('2023-05-07 08:09:10');
    expect(parseDateTime('2024-02-29 23:59:59')).toBe('2024-02-29 23:59:59');
    expect(parseDateTime('2023-01-01 00:00:00')).toBe('2023-01-01 00:00:00');
  });
  it('given a T separator, then it is written with a space', () => {
    expect(parseDateTime('2023-05-07T08:09:10')).toBe('2023-05-07 08:09:10');
  });
  it('given no seconds, then seconds are 00', () => {
    expect(parseDateTime('2023-05-07 08:09')).toBe('2023-05-07 08:09:00');
    expect(parseDateTime('2023-05-07T08:09')).toBe('2023-05-07 08:09:00');
  });
  it('given a bare date (any form parseDate reads), then it is midnight', () => {
    expect(parseDateTime('2023-05-07')).toBe('2023-05-07 00:00:00');
    expect(parseDateTime('2023/5/7')).toBe('2023-05-07 00:00:00');
    expect(parseDateTime('20230507')).toBe('2023-05-07 00:00:00');
  });
  it('given surrounding spaces, then they are ignored', () => {
    expect(parseDateTime('  2023-05-07 08:09:10 ')).toBe('2023-05-07 08:09:10');
  });
  it.each([
    ['2023-05-07 24:00:00'], ['2023-05-07 12:60:00'], ['2023-05-07 12:00:60'], ['2022-02-30 10:00:00'],
    ['2023-02-29 00:00:00'], ['2023-13-01 10:00:00'], ['2023-05-07 24:00'], ['2022-02-30T10:00:00'],
    ['2023-05-07 1:00:00'], ['2023-05-07 ab:cd:ef'], ['2023-05-07 10:00:00.123'], ['yesterday'], [''],
  ])('given %j, when parsed, then it is refused', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });

  it('for any valid date-time built from integers, returns exactly the canonical string', () => {
    const parts = fc.record({
      y: fc.integer({ min: 1000, max: 9999 }),
      mo: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      h: fc.integer({ min: 0, max: 23 }),
      mi: fc.integer({ min: 0, max: 59 }),
      s: fc.integer({ min: 0, max: 59 }),
    }).filter(({ y, mo, d }) => realDay(y, mo, d));
    fc.assert(fc.property(parts, ({ y, mo, d, h, mi, s }) => {
      const canonical = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)} ${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
      expect(parseDateTime(canonical)).toBe(canonical);
      expect(parseDateTime(canonical.replace(' ', 'T'))).toBe(canonical);
    }));
  });

  it('for any out-of-range hour, minute or second, refuses the text', () => {
    fc.assert(fc.property(
      fc.integer({ min: 24, max: 99 }), fc.integer({ min: 60, max: 99 }),
      (badHour, badMinute) => {
        expect(parseDateTime(`2023-05-07 ${badHour}:00:00`)).toBeUndefined();
        expect(parseDateTime(`2023-05-07 10:${badMinute}:00`)).toBeUndefined();
        expect(parseDateTime(`2023-05-07 10:00:${badMinute}`)).toBeUndefined();
      },
    ));
  });
});

describe('yearOf', () => {
  it('given a date, then its calendar year', () => {
    expect(yearOf(date('2023-05-07'))).toBe(2023);
    expect(yearOf(date('1999-12-31'))).toBe(1999);
  });
  it('given a date-time, then its calendar year', () => {
    expect(yearOf(dateTime('2024-01-01 00:00:00'))).toBe(2024);
    expect(yearOf(dateTime('2023-12-31 23:59:59'))).toBe(2023);
  });
  it('agrees with Number(slice(0, 4)) for any year', () => {
    fc.assert(fc.property(fc.integer({ min: 1000, max: 9999 }), (y) => {
      expect(yearOf(date(`${y}-06-15`))).toBe(y);
    }));
  });
});

describe('dayOf', () => {
  it('given a date-time, then its day', () => {
    expect(dayOf(dateTime('2023-05-07 08:09:10'))).toBe('2023-05-07');
    expect(dayOf(dateTime('2023-12-31 23:59:59'))).toBe('2023-12-31');
  });
});

describe('addMonths', () => {
  it.each([
    ['2023-05-07', 1, '2023-06-07'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-03-31', 1, '2023-04-30'],
    ['2023-03-10', 12, '2024-03-10'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2023-11-15', 2, '2024-01-15'],
    ['2023-05-07', 0, '2023-05-07'],
    ['2023-03-15', -6, '2022-09-15'],
    ['2023-03-31', -6, '2022-09-30'],
    ['2023-07-01', -6, '2023-01-01'],
    ['2023-01-15', -1, '2022-12-15'],
    ['2023-01-15', -12, '2022-01-15'],
    ['2023-01-15', -13, '2021-12-15'],
    ['2024-08-31', -6, '2024-02-29'],
    ['2023-05-07', 25, '2025-06-07'],
  ])('given %s, when %i months are added, then %s', (from, months, expected) => {
    expect(addMonths(date(from), months)).toBe(expected);
  });

  it('for any day up to the 28th, adding then subtracting the same months returns the day', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }),
      fc.integer({ min: -240, max: 240 }),
      (y, m, d, k) => {
        const start = date(`${y}-${pad(m, 2)}-${pad(d, 2)}`);
        const there = addMonths(start, k);
        expect(parseDate(there)).toBe(there);
        expect(addMonths(there, -k)).toBe(start);
      },
    ));
  });
});

describe('timeKey', () => {
  it('orders date-times exactly as their strings do', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }), (a, b) => {
        const sa = a.toISOString().slice(0, 19).replace('T', ' ') as IsoDateTime;
        const sb = b.toISOString().slice(0, 19).replace('T', ' ') as IsoDateTime;
        expect(Math.sign(timeKey(sa) - timeKey(sb))).toBe(sa < sb ? -1 : sa > sb ? 1 : 0);
      }),
    );
  });
  it('reads 2023-09-27 08:37:34 as 20230927083734', () => {
    expect(timeKey('2023-09-27 08:37:34' as IsoDateTime)).toBe(20230927083734);
  });
  it('gives every text the number of its digits in order (fast-check)', () => {
    // the reference: the digits of the first 19 characters, read as one decimal number
    const reference = (t: string): number => {
      let v = 0;
      for (const c of t.slice(0, 19)) if (c >= '0' && c <= '9') v = v * 10 + Number(c);
      return v;
    };
    const ch = fc.constantFrom('0', '1', '5', '9', '-', ' ', ':', 'T', 'x', '/');
    const text = fc.oneof(
      fc.array(ch, { minLength: 17, maxLength: 21 }).map((cs) => cs.join('')),
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19).replace('T', ' ')),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(timeKey(t as IsoDateTime)).toBe(reference(t));
      }),
      { numRuns: 3000 },
    );
  });
});
