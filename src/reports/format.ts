/**
 * The one rendering rule of a report's cells (docs/reports.md §2), used by the printable page and
 * the spreadsheet alike:
 *  - an amount ({fen}) is yuan with two decimals (formatYuan: 123456 → "1234.56");
 *  - a count ({count}) is the integer;
 *  - a rate ({num, den}) is a percentage with one decimal **rounded down** (per-mille = ⌊num × 1000 ÷
 *    den⌋, exact in integers), as the enrollment ledger's formatRate: 100.0 % shows only when every
 *    member is enrolled, and 94.99 % never shows as 95.0 % beside a 95 % target; a rate without a
 *    denominator (no members, no cost) is empty;
 *  - text as it is, nothing as empty.
 */
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import type { Cell, Rate } from './types.js';

/** ⌊a ÷ b⌋ for integers, b > 0, exact. */
function floorDivBig(a: bigint, b: bigint): bigint {
  const q = a / b; // truncates toward zero
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** ⌊num × 1000 ÷ den⌋, exact: integer arithmetic below 2^53, BigInt past it. */
function floorPerMille(num: number, den: number): number {
  const n = num * 1000;
  if (Number.isSafeInteger(n) && Number.isSafeInteger(den)) {
    let q = Math.floor(n / den);
    let r = n - q * den; // |q × den| ≤ |n| + den: exact
    // the float quotient is a guess, corrected with exact products
    while (r < 0) {
      q--;
      r += den;
    }
    while (r >= den) {
      q++;
      r -= den;
    }
    return q;
  }
  return Number(floorDivBig(BigInt(num) * 1000n, BigInt(den)));
}

/** The rate in per-mille, rounded down (exact while the per-mille is below 2^53); undefined without a (positive) denominator. */
export function perMille(rate: Rate): number | undefined {
  return rate.den > 0 ? floorPerMille(rate.num, rate.den) : undefined;
}

/** 975 per-mille → "97.5%"; no denominator → "". */
export function formatRate(rate: Rate): string {
  const pm = perMille(rate);
  if (pm === undefined) return '';
  const sign = pm < 0 ? '-' : '';
  const a = Math.abs(pm);
  return `${sign}${Math.floor(a / 10)}.${a % 10}%`;
}

/**
 * The number a spreadsheet shows with the format 0.0 % so that it reads exactly as formatRate:
 * the per-mille rounded down, ÷ 1000 (975 → 0.975). A display value only — the figure is the rate.
 */
export function rateValue(rate: Rate): number | undefined {
  const pm = perMille(rate);
  return pm === undefined ? undefined : pm / 1000;
}

/** −1, 0, 1 as a < b, a = b, a > b, compared exactly (cross products); a rate without a denominator is below every other. */
export function compareRates(a: Rate, b: Rate): number {
  const ea = a.den > 0;
  const eb = b.den > 0;
  if (!ea || !eb) return ea === eb ? 0 : ea ? 1 : -1;
  const l = a.num * b.den;
  const r = b.num * a.den;
  if (Number.isSafeInteger(l) && Number.isSafeInteger(r)) return l < r ? -1 : l > r ? 1 : 0;
  const L = BigInt(a.num) * BigInt(b.den);
  const R = BigInt(b.num) * BigInt(a.den);
  return L < R ? -1 : L > R ? 1 : 0;
}

export function isRate(cell: Cell): cell is Rate {
  return cell !== null && typeof cell === 'object' && 'num' in cell;
}

/** A cell as text under the one rule. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if ('fen' in cell) return formatYuan(cell.fen as Fen);
  if ('count' in cell) return String(cell.count);
  return formatRate(cell);
}
