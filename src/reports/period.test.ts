import { describe, expect, it } from 'vitest';
import { ReportError } from './errors.js';
import { parsePeriod, previousPeriod, yearToDate } from './period.js';

describe('periods', () => {
  it('parses a month, a quarter, a half and a year into their first and last days', () => {
    expect(parsePeriod('2023-05')).toEqual({ kind: 'month', year: 2023, index: 5, from: '2023-05-01', to: '2023-05-31', label: '2023-05' });
    expect(parsePeriod('2024-02')).toMatchObject({ from: '2024-02-01', to: '2024-02-29' });
    expect(parsePeriod('2023-02')).toMatchObject({ to: '2023-02-28' });
    expect(parsePeriod('2023-Q2')).toEqual({ kind: 'quarter', year: 2023, index: 2, from: '2023-04-01', to: '2023-06-30', label: '2023-Q2' });
    expect(parsePeriod('2023-q4')).toMatchObject({ from: '2023-10-01', to: '2023-12-31', label: '2023-Q4' });
    expect(parsePeriod('2023-H1')).toEqual({ kind: 'half', year: 2023, index: 1, from: '2023-01-01', to: '2023-06-30', label: '2023-H1' });
    expect(parsePeriod('2023-H2')).toMatchObject({ from: '2023-07-01', to: '2023-12-31' });
    expect(parsePeriod(' 2023 ')).toEqual({ kind: 'year', year: 2023, index: 1, from: '2023-01-01', to: '2023-12-31', label: '2023' });
  });

  it('refuses anything else, in Chinese and English', () => {
    for (const bad of ['', '23', '2023-5', '2023-13', '2023-00', '2023-Q0', '2023-Q5', '2023-H3', '2023/05', '2023-05-01', '2023-M05', 'Q2-2023', '0999']) {
      let err: unknown;
      try {
        parsePeriod(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ReportError);
      expect((err as ReportError).code).toBe('bad-period');
      expect((err as ReportError).message).toMatch(/期间.*无效.* \/ period .* is not valid/);
    }
  });

  it('gives the previous period of the same kind, across the year', () => {
    expect(previousPeriod(parsePeriod('2023-05')).label).toBe('2023-04');
    expect(previousPeriod(parsePeriod('2023-01')).label).toBe('2022-12');
    expect(previousPeriod(parsePeriod('2023-Q1')).label).toBe('2022-Q4');
    expect(previousPeriod(parsePeriod('2023-Q3')).label).toBe('2023-Q2');
    expect(previousPeriod(parsePeriod('2023-H1')).label).toBe('2022-H2');
    expect(previousPeriod(parsePeriod('2023')).label).toBe('2022');
    expect(yearToDate(parsePeriod('2023-Q3'))).toEqual({ from: '2023-01-01', to: '2023-09-30' });
  });
});
