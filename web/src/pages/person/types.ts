/** The answers of the person and settlement routes, as src/server/routes/persons.ts and settlements.ts give them (amounts: yuan strings). */

export interface PersonHit {
  readonly psn_no: string;
  readonly psn_name: string | null;
  readonly certno: string | null;
  readonly admdvs: string;
  readonly town_admdvs: string | null;
  readonly village_admdvs: string | null;
}

export interface PersonSearch {
  readonly persons: readonly PersonHit[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

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

export interface AdjustmentRow {
  readonly adjustment_id: number;
  readonly setl_id: string;
  readonly tier: string;
  readonly amount: string;
  readonly kind: '补付' | '追回';
  readonly cause: string;
  readonly caused_by: string | null;
  readonly reason: string;
  readonly created_at: string;
}

export interface CaseRef {
  readonly id: number;
  readonly kind: string;
  readonly title: string;
  readonly status: string;
  readonly decided: string | null;
  readonly alert_id: number | null;
  readonly clause: string | null;
}

export interface CaseLine {
  readonly id: number;
  readonly case_id: number;
  readonly kind: string;
  readonly source: string;
  readonly source_zh: string;
  readonly amount: string;
  readonly cause: string;
  readonly clause: string | null;
  readonly booked_at: string;
  readonly booked_by: string;
}

export interface AlertRef {
  readonly id: number;
  readonly rule: string;
  readonly title: string;
  readonly year: number;
  readonly measure: string;
  readonly amount: string | null;
  readonly threshold: string | null;
  readonly setl_id: string | null;
  readonly alert_date: string | null;
  readonly status: string;
  readonly status_zh: string;
  readonly clause: string | null;
}

export interface YearTotals {
  readonly year: number;
  readonly settlements: number;
  readonly medfee_sumamt: string;
  readonly inscp_scp_amt: string;
  readonly hifp_pay: string;
  readonly hifmi_pay: string;
  readonly maf_assist_pay: string;
  readonly maf_reassist_pay: string;
  readonly psn_part_amt: string;
  readonly inscp_psn_part_amt: string;
  readonly cases: Readonly<Record<string, string>>;
  readonly cases_total: string;
  readonly psn_part_after_cases: string;
}

export interface PersonInfo {
  readonly psn_no: string;
  readonly admdvs: string;
  readonly certno: string | null;
  readonly psn_name: string | null;
  readonly insuplc_admdvs: string | null;
  readonly insu_tier: number | null;
  readonly town_admdvs: string | null;
  readonly village_admdvs: string | null;
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
  readonly case_lines: readonly CaseLine[];
  /** Added with the person search's total (persons.ts); absent from an older server. */
  readonly alerts?: readonly AlertRef[];
  readonly totals: YearTotals;
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

export interface BillAdjustment {
  readonly id: number;
  readonly setl_id: string;
  readonly tier: string;
  readonly amount: string;
  readonly kind: '补付' | '追回';
  readonly cause: string;
  readonly caused_by: string | null;
  readonly reason: string;
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
