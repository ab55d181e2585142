import type { Settlement } from '../benefits/types.js';
import { FIELD_REASONS } from './field-reasons.js';
import type { Row } from './row.js';
import { own } from './row.js';

export type SettlementRecord =
  | { readonly kind: 'settlement'; readonly line: number; readonly settlement: Settlement }
  | { readonly kind: 'reversal'; readonly line: number; readonly setlId: string; readonly psnNo: string; readonly target: string };

/** The fields that make two rows under one setl_id the same settlement (an exact repeat is ignored). */
export const SETTLEMENT_CONTENT = [
  'psn_no', 'med_type', 'setl_time', 'hosp_lv', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay',
  'preselfpay_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag', 'init_setl_id',
] as const;

/**
 * A settlement row (SETL_D): amounts validated, policy-scope within the total, given tiers
 * within policy-scope. A reversal row (refd_setl_flag = 1) is identified by its flag and
 * init_setl_id whatever the sign of its amounts.
 */
export function settlementFromRow(row: Row): SettlementRecord | undefined {
  const setlId = row.required('setl_id', 30);
  const psnNo = row.required('psn_no', 30);
  if (row.flag('refd_setl_flag') === true) {
    const target = row.text('init_setl_id');
    if (target === '') row.reject('init_setl_id', FIELD_REASONS.reversalTarget);
    if (!row.ok || setlId === undefined || psnNo === undefined) return undefined;
    return { kind: 'reversal', line: row.line, setlId: own(setlId), psnNo: own(psnNo), target: own(target) };
  }
  const medType = row.required('med_type', 10);
  const setlTime = row.dateTime('setl_time');
  const total = row.money('medfee_sumamt', { required: true });
  const policyScope = row.money('inscp_scp_amt', { required: true });
  for (const f of ['fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt'] as const) {
    const part = row.money(f, { required: false });
    if (part !== undefined && total !== undefined && part > total) row.reject(f, FIELD_REASONS.partAboveTotal);
  }
  const basicGiven = row.money('hifp_pay', { required: false });
  const ciGiven = row.money('hifmi_pay', { required: false });
  if (policyScope !== undefined && total !== undefined && policyScope > total) row.reject('inscp_scp_amt', FIELD_REASONS.policyScopeAboveTotal);
  else if (policyScope !== undefined && basicGiven !== undefined && basicGiven > policyScope) row.reject('hifp_pay', FIELD_REASONS.givenBasicAboveScope);
  else if (policyScope !== undefined && ciGiven !== undefined && (basicGiven ?? 0) + ciGiven > policyScope) row.reject('hifmi_pay', FIELD_REASONS.givenTiersAboveScope);
  if (!row.ok || setlId === undefined || psnNo === undefined || medType === undefined || setlTime === undefined || total === undefined || policyScope === undefined) {
    return undefined;
  }
  const hospLv = row.text('hosp_lv');
  return {
    kind: 'settlement',
    line: row.line,
    // kept for the whole batch: own copies, not slices of the file's text
    settlement: { setlId: own(setlId), psnNo: own(psnNo), medType: own(medType), setlTime, hospLv: hospLv === '' ? undefined : own(hospLv), total, policyScope, basicGiven, criticalIllnessGiven: ciGiven },
  };
}
