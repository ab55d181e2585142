/** Amounts out of the API: yuan strings with exactly two decimals ("1234.50"), exact to the fen. */
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';

export function yuanOut(amount: number | null | undefined): string | null {
  return amount === null || amount === undefined ? null : formatYuan(amount as Fen);
}

/** The national fund codes (fund_pay_type, DATA-CONVENTIONS) of the four tiers. */
export const FUND_PAY_TYPES = [
  { tier: 'basic', code: '390100', name: '城乡居民基本医疗保险基金' },
  { tier: 'critical_illness', code: '390200', name: '城乡居民大病医疗保险基金' },
  { tier: 'assistance', code: '610100', name: '医疗救助基金' },
  { tier: 're_assistance', code: '610102', name: '医疗再救助基金' },
] as const;

/** A timestamp out of the API: ISO 8601 in UTC, or null. */
export const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
