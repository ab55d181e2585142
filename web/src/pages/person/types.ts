/** The answers of the person and settlement routes, as src/server/routes/persons.ts and settlements.ts give them (amounts: yuan strings). */
import type { AlertRef, CaseLineOut, CaseRef, PersonHit, TotalsOut } from '../../types';

export interface Identity {
  readonly idet_type: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly idet_lv: number | null;
  readonly risk_elim_date: string | null;
  readonly illness_recognised: boolean | null;
}

export interface Enrollment {
  readonly year: number;
  readonly product: string;
  readonly tier: number | null;
  readonly paid_date: string | null;
  readonly contribution: string | null;
}

export interface SettlementRow {
  readonly setl_id: string;
  readonly med_type: string | null;
  readonly setl_time: string | null;
  readonly hosp_lv: string | null;
  readonly medfee_sumamt: string | null;
  readonly inscp_scp_amt: string | null;
  readonly refd_setl_flag: boolean;
  readonly init_setl_id: string | null;
  readonly reversed_by: string | null;
  readonly hifp_pay: string | null;
  readonly hifmi_pay: string | null;
  readonly maf_assist_pay: string | null;
  readonly maf_reassist_pay: string | null;
  readonly fund_pay_sumamt: string | null;
  readonly psn_part_amt: string | null;
  readonly pack_id: string | null;
  readonly pack_version: string | null;
  readonly problem: string | null;
}

/** A settlement's later top-up or recovery by a tier (the person record's and the bill's). */
interface Adjustment {
  readonly setl_id: string;
  readonly tier: string;
  readonly amount: string;
  readonly kind: '补付' | '追回';
  readonly cause: string;
  readonly caused_by: string | null;
  readonly reason: string;
}

export interface AdjustmentRow extends Adjustment {
  readonly adjustment_id: number;
  readonly created_at: string;
}

export interface PersonInfo extends PersonHit {
  readonly insuplc_admdvs: string | null;
  readonly insu_tier: number | null;
  readonly rural: boolean | null;
  readonly employed: boolean | null;
}

export interface PersonRecord {
  readonly person: PersonInfo;
  readonly year: number;
  readonly identities: readonly Identity[];
  readonly enrollments: readonly Enrollment[];
  readonly accumulators: readonly { pool: string; cum_base: string; paid: string }[];
  readonly settlements: readonly SettlementRow[];
  readonly adjustments: readonly AdjustmentRow[];
  readonly cases: readonly CaseRef[];
  readonly case_lines: readonly CaseLineOut[];
  /** Added with the person search's total (persons.ts); absent from an older server. */
  readonly alerts?: readonly AlertRef[];
  readonly totals: TotalsOut;
}

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly username: string;
  readonly role: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly ip: string | null;
}

export interface BillAdjustment extends Adjustment {
  readonly id: number;
  readonly created_at?: string;
}

export interface TierAmounts {
  readonly hifp_pay: string | null;
  readonly hifmi_pay: string | null;
  readonly maf_assist_pay: string | null;
  readonly maf_reassist_pay: string | null;
  readonly maf_pay: string | null;
  readonly fund_pay_sumamt: string | null;
}

/** GET /api/v1/settlements/{setl_id}: the one-stop settlement bill. */
export interface Bill extends TierAmounts {
  readonly setl_id: string;
  readonly psn_no: string;
  readonly med_type: string | null;
  readonly setl_time: string | null;
  readonly medfee_sumamt: string | null;
  readonly inscp_scp_amt: string | null;
  readonly psn_part_amt: string | null;
  readonly inscp_psn_part_amt: string | null;
  readonly pack_id: string | null;
  readonly pack_version: string | null;
  readonly illustrative: boolean;
  readonly setl_proc_info: string | null;
  readonly setl_proc_lines: readonly string[];
  readonly setldetail: readonly { fund_pay_type: string; fund_pay_type_name: string; fund_payamt: string | null }[];
  readonly hosp_lv: string | null;
  readonly fulamt_ownpay_amt: string | null;
  readonly overlmt_selfpay: string | null;
  readonly preselfpay_amt: string | null;
  readonly given: { readonly hifp_pay: string | null; readonly hifmi_pay: string | null };
  readonly refd_setl_flag: boolean;
  readonly init_setl_id: string | null;
  readonly settled: boolean;
  readonly problem: { code: string; field: string; reason: string } | null;
  readonly reversed: boolean;
  readonly reversed_by: string | null;
  readonly reversed_at: string | null;
  readonly person: Pick<PersonInfo, 'psn_no' | 'psn_name' | 'certno' | 'admdvs' | 'insuplc_admdvs' | 'town_admdvs' | 'village_admdvs'>;
  readonly first_payment: (TierAmounts & { pack_id: string; pack_version: string; booked_at: string }) | null;
  readonly net_paid: TierAmounts;
  readonly adjustments: readonly BillAdjustment[];
  readonly caused_adjustments: readonly BillAdjustment[];
  readonly received_at: string;
  readonly computed_at: string | null;
}

/** GET /api/v1/packs/{id}, the parts the bill reads to quote a rule's clause. */
export interface PackAnswer {
  readonly versions: readonly {
    readonly version: string;
    readonly documents: readonly { key: string; title: string; file: string | null }[];
    readonly rules: readonly { id: string; title: string; citation: { doc: string; title: string | null; file: string | null; clause: string; quote: string | null; text: string } }[];
  }[];
}
