import { describe, expect, it } from 'vitest';
import { cellText, dateText, isDateFormat, numberText, textWidth } from './xlsx-cell.js';

describe('numberText', () => {
  it.each([
    [0, '0'], [-0, '0'], [12, '12'], [1234.56, '1234.56'], [0.1 + 0.2, '0.3'], [1234.5600000000002, '1234.56'],
    [-7.5, '-7.5'], [1e-7, '0.0000001'], [1e21, '1000000000000000000000'], [110101199001011230, '110101199001011000'],
    [Number.NaN, ''], [Number.POSITIVE_INFINITY, ''],
  ])('%d → %s', (n, text) => {
    expect(numberText(n)).toBe(text);
  });
});

describe('dateText', () => {
  it('drops a midnight time and keeps any other, reading UTC as the wall clock', () => {
    expect(dateText(new Date(Date.UTC(2024, 0, 5)))).toBe('2024-01-05');
    expect(dateText(new Date(Date.UTC(2024, 11, 31, 23, 5, 9)))).toBe('2024-12-31 23:05:09');
  });
  it('rounds floating-point serials to the second', () => {
    expect(dateText(new Date(Date.UTC(2024, 0, 5, 11, 59, 59, 999)))).toBe('2024-01-05 12:00:00');
    expect(dateText(new Date(Date.UTC(2024, 0, 5, 23, 59, 59, 700)))).toBe('2024-01-06');
  });
  it('gives an invalid date as empty text', () => {
    expect(dateText(new Date(Number.NaN))).toBe('');
  });
});

describe('isDateFormat', () => {
  it.each([
    ['yyyy-mm-dd', true], ['yyyy"年"m"月"d"日"', true], ['h:mm:ss', true], ['[$-804]yyyy/m/d', true],
    ['0.00', false], ['#,##0.00_);[Red](#,##0.00)', false], ['"days"0', false], ['General', false], ['@', false],
  ])('%s → %s', (fmt, isDate) => {
    expect(isDateFormat(fmt)).toBe(isDate);
  });
});

describe('cellText', () => {
  it('converts every kind of exceljs value', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText('00123')).toBe('00123');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText(false)).toBe('FALSE');
    expect(cellText(new Date(Date.UTC(2023, 5, 1)))).toBe('2023-06-01');
    expect(cellText({ richText: [{ text: '富' }, { text: '文本' }] })).toBe('富文本');
    expect(cellText({ formula: 'A1*2', result: 2469.12 })).toBe('2469.12');
    expect(cellText({ sharedFormula: 'A1', result: '甲' })).toBe('甲');
    expect(cellText({ formula: 'NOW()' })).toBe('');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText({ text: '链接', hyperlink: 'https://example.org' })).toBe('链接');
    expect(cellText({ text: { richText: [{ text: '富' }, { text: '链接' }] }, hyperlink: 'https://example.org' })).toBe('富链接');
  });
  it('reads a formula result in a date format as a date, as the streaming reader leaves it a serial', () => {
    expect(cellText({ formula: 'A1+1', result: 45292 }, 'yyyy-mm-dd')).toBe('2024-01-01');
    expect(cellText({ formula: 'A1+1', result: 45292.75 }, 'yyyy-mm-dd hh:mm')).toBe('2024-01-01 18:00:00');
  });
});

describe('textWidth', () => {
  it('counts CJK and full-width characters double', () => {
    expect(textWidth('psn_no')).toBe(6);
    expect(textWidth('人员编号')).toBe(8);
    expect(textWidth('乡镇（街道）区划')).toBe(16);
    expect(textWidth('😀')).toBe(2);
  });
});
