/**
 * Money is integer fen (分). A branded number so that the compiler refuses to mix fen with
 * yuan, counts or ratios.
 *
 * Why a JS number is safe: every amount is an integer of at most MAX_FEN (10^13 fen = 100 billion
 * yuan); a ratio is applied as `fen × basisPoints` with basis points ≤ 10,000, so the largest
 * intermediate is 10^17 … which would NOT be exact. The engine therefore applies ratios only to
 * a person-year's cumulative base, bounded by MAX_RATIO_BASE (9 × 10^11 fen = 9 billion yuan),
 * which keeps `base × 10,000` below Number.MAX_SAFE_INTEGER (≈ 9.007 × 10^15).
 */
export type Fen = number & { readonly __unit: 'fen' };

/** Largest amount accepted at a boundary: 100 billion yuan. */
export const MAX_FEN = 10_000_000_000_000;
/** Largest base a ratio may be applied to, see the module comment. */
export const MAX_RATIO_BASE = 900_000_000_000;

export const ZERO = 0 as Fen;

export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an integer amount of fen: ${n}`);
  return n as Fen;
}

export function add(a: Fen, b: Fen): Fen {
  return (a + b) as Fen;
}

export function sub(a: Fen, b: Fen): Fen {
  return (a - b) as Fen;
}

export function min(a: Fen, b: Fen): Fen {
  return a < b ? a : b;
}

export function max(a: Fen, b: Fen): Fen {
  return a > b ? a : b;
}

/** max(0, a) */
export function nonNegative(a: Fen): Fen {
  return (a > 0 ? a : 0) as Fen;
}

/**
 * The one rounding rule of the product: half up (away from zero for the non-negative amounts the
 * engine produces) of `numerator / denominator`, both integers, denominator > 0, |numerator| below
 * 2^53. Exact: a floating-point quotient is only a guess, corrected with exact integer products
 * (V8 computes `%` on numbers above 2^31 with a slow fmod, and this is on every tier's path).
 */
export function roundHalfUp(numerator: number, denominator: number): number {
  if (numerator < 0) return -roundHalfUp(-numerator, denominator);
  let q = Math.floor(numerator / denominator);
  let r = numerator - q * denominator; // exact: q × d ≤ numerator + d < 2^53
  if (r < 0) {
    q--;
    r += denominator;
  } else if (r >= denominator) {
    q++;
    r -= denominator;
  }
  return r * 2 >= denominator ? q + 1 : q;
}
