import type { Fen } from '../money/fen.js';
import { roundHalfUp } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';

export interface ScheduleBand {
  readonly upto?: Fen | undefined;
  readonly ratio: BasisPoints;
}

/**
 * The cumulative schedule: what a base of `x` earns above `deductible`, band by band, rounded
 * half up once. Bands start at the deductible and their limits are absolute (Heze: the
 * 5,000–100,000 band covers 95,000 of base). A settlement's payment is g(after) − g(before),
 * so the year's payments add up to g(year's base) exactly, whatever the order of settlements.
 */
export function cumulative(x: Fen, deductible: Fen, bands: readonly ScheduleBand[]): Fen {
  if (x <= deductible) return 0 as Fen;
  let numerator = 0;
  let lower: number = deductible;
  for (const band of bands) {
    const upper = band.upto === undefined ? x : Math.min(x, band.upto);
    if (upper > lower) {
      numerator += (upper - lower) * band.ratio;
      lower = upper;
    }
    if (band.upto === undefined || x <= band.upto) break;
  }
  return roundHalfUp(numerator, 10_000) as Fen;
}

/** The part of [from, to) of the cumulative base that each band covers, for explanations. */
export function bandPortions(from: Fen, to: Fen, deductible: Fen, bands: readonly ScheduleBand[]): { lower: Fen; upper: Fen; ratio: BasisPoints }[] {
  const out: { lower: Fen; upper: Fen; ratio: BasisPoints }[] = [];
  let lower = Math.max(from, deductible);
  for (const band of bands) {
    const upper = band.upto === undefined ? to : Math.min(to, band.upto);
    if (upper > lower) {
      out.push({ lower: lower as Fen, upper: upper as Fen, ratio: band.ratio });
      lower = upper;
    }
    if (band.upto !== undefined && band.upto >= to) break;
  }
  return out;
}
