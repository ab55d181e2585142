import type { Fen } from './fen.js';
import { MAX_RATIO_BASE, roundHalfUp } from './fen.js';

/** A ratio in basis points (万分之一): 70 % = 7,000. Never a float. */
export type BasisPoints = number & { readonly __unit: 'bp' };

export const FULL: BasisPoints = 10_000 as BasisPoints;

/** Exact `amount × ratio`, rounded half up to the fen. */
export function applyRatio(amount: Fen, ratio: BasisPoints): Fen {
  if (amount > MAX_RATIO_BASE) throw new RangeError(`amount ${amount} fen is above the ratio base bound`);
  return roundHalfUp(amount * ratio, 10_000) as Fen;
}

/**
 * Parses "70%", "70.5%", "0.7", "0.705" into basis points; more precision than a basis point is an
 * error, never rounded.
 */
export function parseRatio(text: string): BasisPoints | undefined {
  const s = text.trim();
  const pct = /^(\d{1,3})(?:\.(\d{1,2}))?\s*%$/.exec(s);
  if (pct) {
    const bp = Number(pct[1]) * 100 + Number((pct[2] ?? '').padEnd(2, '0'));
    return bp <= 10_000 ? (bp as BasisPoints) : undefined;
  }
  const dec = /^(0|1)(?:\.(\d{1,4}))?$/.exec(s);
  if (dec) {
    const bp = Number(dec[1]) * 10_000 + Number((dec[2] ?? '').padEnd(4, '0'));
    return bp <= 10_000 ? (bp as BasisPoints) : undefined;
  }
  return undefined;
}

export function formatRatio(bp: BasisPoints): string {
  const whole = Math.floor(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}%` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}%`;
}
