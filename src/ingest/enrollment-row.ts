import type { Enrollment } from '../subsidy/types.js';
import { FIELD_REASONS } from './field-reasons.js';
import { INGEST_REASONS } from './reject.js';
import type { Row } from './row.js';
import { own } from './row.js';

/** The columns an enrollment row must have (ENROLLMENT_FIELDS names them and their Chinese headers). */
export const ENROLLMENT_REQUIRED = ['psn_no', 'year', 'tier', 'paid_date'] as const;

/**
 * enrollments: `psn_no`, `year` (参保年度), `tier` (参保档次 1/2), `paid_date` (缴费日期, in the
 * year or the year before it: the collection period runs in the autumn before the year), an
 * optional `contribution` (yuan, ≤ 2 decimals, ≥ 0: what the person owed before any subsidy;
 * empty = the pack's standard) and an optional `product` (a product id or name of the pack;
 * empty = resident medical insurance). Every problem of the row is recorded on it.
 */
export function enrollmentFromRow(row: Row): Enrollment | undefined {
  const psnNo = row.required('psn_no', 30);
  const year = requiredInteger(row, 'year', 2000, 2099, FIELD_REASONS.enrollmentYear);
  const tier = requiredInteger(row, 'tier', 1, 2, FIELD_REASONS.insuredTier);
  const paidDate = row.date('paid_date', true);
  if (year !== undefined && paidDate !== undefined) {
    const paidYear = Number(paidDate.slice(0, 4));
    if (paidYear !== year && paidYear !== year - 1) row.reject('paid_date', FIELD_REASONS.paidOutsideYear);
  }
  const due = row.money('contribution', { required: false });
  const product = row.optional('product');
  if (!row.ok || psnNo === undefined || year === undefined || tier === undefined || paidDate === undefined) return undefined;
  return { psnNo: own(psnNo), year, tier, paidDate, due, product };
}

function requiredInteger(row: Row, field: string, min: number, max: number, reason: string): number | undefined {
  if (row.text(field) === '') return row.reject(field, INGEST_REASONS.required);
  return row.integer(field, min, max, reason);
}
