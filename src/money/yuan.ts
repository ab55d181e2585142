import type { Fen } from './fen.js';
import { MAX_FEN } from './fen.js';

/** Why a yuan text was refused; stable codes, printed by the edges in Chinese and English. */
export type YuanError = 'empty' | 'not-a-number' | 'too-many-decimals' | 'negative' | 'too-large';

const CODE_0 = 48;

/**
 * Parses a yuan amount with at most two decimals ("12", "12.3", "12.30", "-5.00") into fen.
 * Three decimals is an error, never a silent rounding. Thousands separators, exponents and
 * currency signs are refused: the platform's extracts never carry them.
 * Hand-written rather than Number(): it is on the hot path of every import and it must
 * reject, not round.
 */
export function parseYuan(text: string, allowNegative = false): Fen | YuanError {
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  if (i === end) return 'empty';
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 45 /* - */) {
    negative = true;
    i++;
  } else if (first === 43 /* + */) i++;
  let whole = 0;
  let digits = 0;
  while (i < end) {
    const c = text.charCodeAt(i) - CODE_0;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
    i++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < end && text.charCodeAt(i) === 46 /* . */) {
    i++;
    while (i < end) {
      const c = text.charCodeAt(i) - CODE_0;
      if (c < 0 || c > 9) return 'not-a-number';
      // "12.345" and even "12.500" are refused: decimal(16,2) never carries a third decimal
      if (fracDigits === 2) return 'too-many-decimals';
      frac = frac * 10 + c;
      fracDigits++;
      i++;
    }
  }
  if (i !== end || (digits === 0 && fracDigits === 0)) return 'not-a-number';
  if (digits > 15) return 'too-large';
  const value = whole * 100 + (fracDigits === 1 ? frac * 10 : frac);
  if (value > MAX_FEN) return 'too-large';
  if (negative && value !== 0) {
    if (!allowNegative) return 'negative';
    return -value as Fen;
  }
  return value as Fen;
}

export function isYuanError(v: Fen | YuanError): v is YuanError {
  return typeof v === 'string';
}

/** Fen as yuan with exactly two decimals: 1234 → "12.34", -5 → "-0.05". */
export function formatYuan(amount: Fen): string {
  const negative = amount < 0;
  const abs: number = negative ? 0 - amount : amount;
  const cents = abs % 100;
  const yuan = (abs - cents) / 100;
  return `${negative ? '-' : ''}${yuan}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Yuan from a policy pack or a test: a number or a string, at most two decimals. Throws. */
export function yuan(value: string | number): Fen {
  const parsed = parseYuan(String(value));
  if (typeof parsed === 'string') throw new RangeError(`not a yuan amount (${parsed}): ${value}`);
  return parsed;
}
