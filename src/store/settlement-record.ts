/**
 * One stored settlement as the one-stop settlement bill (一单制) shows it
 * (GET /api/v1/settlements/{setl_id}): the settlement's inputs, its current split and trace
 * (settlement_results, the fold's cache; none when reversed or refused), why it was not settled
 * (settlement_problems), what it paid when first booked (settlement_payments), the reversal that
 * cancelled it, the adjustment lines booked on it and those it caused on the person's other
 * settlements. Amounts in fen; the caller formats and masks, and checks the reader may see the person.
 */
import type { Db } from './db.js';
import type { AdjustmentLine, SettlementRow } from './ledger.js';

/** The settlement row as stored (SETL_D names), amounts in fen. */
export interface StoredSettlementRow extends SettlementRow {
  readonly admdvs: string;
  readonly fulamt_ownpay_amt: number | null;
  readonly overlmt_selfpay: number | null;
  readonly preselfpay_amt: number | null;
  readonly batch_id: number | null;
  readonly received_at: Date;
}

/** settlement_results: the fold's current split of a live settlement. */
export interface ResultRow {
  readonly hifp_pay: number;
  readonly hifmi_pay: number;
  readonly maf_assist_pay: number;
  readonly maf_reassist_pay: number;
  readonly fund_pay_sumamt: number;
  readonly psn_part_amt: number;
  readonly inscp_psn_part_amt: number;
  readonly pack_id: string;
  readonly pack_version: string;
  readonly setl_proc_info: string;
  readonly computed_at: Date;
}

/** settlement_payments: what the settlement paid per tier when first booked. */
export interface PaymentRow {
  readonly hifp_pay: number;
  readonly hifmi_pay: number;
  readonly maf_assist_pay: number;
  readonly maf_reassist_pay: number;
  readonly pack_id: string;
  readonly pack_version: string;
  readonly booked_at: Date;
}

export interface StoredAdjustment extends AdjustmentLine {
  readonly adjustmentId: number;
  readonly createdAt: Date;
}

export interface SettlementRecord {
  readonly settlement: StoredSettlementRow;
  readonly result: ResultRow | undefined;
  readonly problem: { readonly code: string; readonly field: string; readonly reason: string } | undefined;
  readonly payment: PaymentRow | undefined;
  /** The reversal (结算撤销) that cancelled it. */
  readonly reversal: { readonly setl_id: string; readonly received_at: Date } | undefined;
  /** Adjustment lines booked on this settlement (补付 / 追回), oldest first. */
  readonly adjustments: readonly StoredAdjustment[];
  /** Adjustment lines on the person's other settlements caused by this one (it arrived late) or by its reversal. */
  readonly caused: readonly StoredAdjustment[];
}

interface AdjustmentDbRow {
  adjustment_id: number; setl_id: string; psn_no: string; admdvs: string; tier: AdjustmentLine['tier']; amount: number; cause: AdjustmentLine['cause'];
  caused_by: string | null; reason: string; pack_id: string; pack_version: string; created_at: Date;
}

function adjustmentOf(r: AdjustmentDbRow): StoredAdjustment {
  return {
    adjustmentId: r.adjustment_id, setlId: r.setl_id, psnNo: r.psn_no, admdvs: r.admdvs, tier: r.tier, amount: r.amount as AdjustmentLine['amount'], cause: r.cause,
    causedBy: r.caused_by ?? '', reason: r.reason, packId: r.pack_id, packVersion: r.pack_version, createdAt: r.created_at,
  };
}

const ADJUSTMENT_SELECT = 'SELECT adjustment_id, setl_id, psn_no, admdvs, tier, amount, cause, caused_by, reason, pack_id, pack_version, created_at FROM adjustments';

/** The settlement `setlId` with everything the bill shows; undefined when no such settlement is stored. */
export async function settlementRecord(db: Db, setlId: string): Promise<SettlementRecord | undefined> {
  const [s] = await db.query<StoredSettlementRow>(
    `SELECT setl_id, admdvs, psn_no, med_type, to_char(setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt,
            fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, hifp_pay, hifmi_pay, refd_setl_flag, init_setl_id, batch_id, received_at
       FROM settlements WHERE setl_id = $1`,
    [setlId],
  );
  if (s === undefined) return undefined;
  const [result] = await db.query<ResultRow>(
    `SELECT hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, fund_pay_sumamt, psn_part_amt, inscp_psn_part_amt, pack_id, pack_version, setl_proc_info, computed_at
       FROM settlement_results WHERE setl_id = $1`,
    [setlId],
  );
  const [problem] = await db.query<{ code: string; field: string; reason: string }>('SELECT code, field, reason FROM settlement_problems WHERE setl_id = $1', [setlId]);
  const [payment] = await db.query<PaymentRow>(
    'SELECT hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, pack_id, pack_version, booked_at FROM settlement_payments WHERE setl_id = $1',
    [setlId],
  );
  const [reversal] = await db.query<{ setl_id: string; received_at: Date }>(
    'SELECT setl_id, received_at FROM settlements WHERE init_setl_id = $1 ORDER BY received_at, setl_id LIMIT 1',
    [setlId],
  );
  const adjustments = await db.query<AdjustmentDbRow>(`${ADJUSTMENT_SELECT} WHERE setl_id = $1 ORDER BY adjustment_id`, [setlId]);
  // lines on the person's other settlements: the (admdvs, psn_no …) index, the person's lines only
  const causes = [setlId, ...(reversal === undefined ? [] : [reversal.setl_id])];
  const caused = await db.query<AdjustmentDbRow>(
    `${ADJUSTMENT_SELECT} WHERE admdvs = $1 AND psn_no = $2 AND caused_by = ANY($3::text[]) AND setl_id <> $4 ORDER BY adjustment_id`,
    [s.admdvs, s.psn_no, causes, setlId],
  );
  return { settlement: s, result, problem, payment, reversal, adjustments: adjustments.map(adjustmentOf), caused: caused.map(adjustmentOf) };
}
