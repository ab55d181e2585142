/**
 * The shapes the API answers that more than one page reads: a person as lists carry it (the person
 * search, alerts, cases), alerts and cases with their steps, a case's ledger lines and the
 * person-year's totals (src/server/routes/persons.ts, views/alerts.ts, views/cases.ts). Amounts are
 * yuan strings; ID numbers come masked.
 */

/** A person as a list row carries them (GET /api/v1/persons, and the person fields of an alert or a case). */
export interface PersonHit {
  readonly psn_no: string;
  readonly psn_name: string | null;
  readonly certno: string | null;
  readonly admdvs: string;
  readonly town_admdvs: string | null;
  readonly village_admdvs: string | null;
}

/** GET /api/v1/persons. */
export interface PersonSearch {
  readonly persons: readonly PersonHit[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export type AlertStatus = 'raised' | 'pushed' | 'verified' | 'closed';
export type CaseStatus = 'applied' | 'reviewed' | 'approved' | 'decided' | 'rejected' | 'revoked' | 'closed';

export interface AlertOut extends PersonHit {
  readonly id: number;
  readonly rule: string;
  readonly title: string;
  readonly year: number;
  readonly measure: string;
  readonly amount: string | null;
  readonly amount_at_alert: string | null;
  readonly threshold: string | null;
  readonly comparison: string;
  readonly category: string | null;
  readonly risk_elim_date: string | null;
  readonly setl_id: string | null;
  readonly alert_date: string | null;
  readonly complete: boolean;
  readonly push_to: readonly string[];
  readonly process: string | null;
  readonly clause: string;
  readonly pack_id: string;
  readonly pack_version: string;
  readonly illustrative: boolean;
  readonly status: AlertStatus;
  readonly status_zh: string;
  readonly raised_at: string | null;
  readonly raised_by: string | null;
  readonly department: string | null;
  readonly department_zh: string | null;
  readonly pushed_at: string | null;
  readonly pushed_by: string | null;
  readonly outcome: string | null;
  readonly outcome_zh: string | null;
  readonly verified_at: string | null;
  readonly verified_by: string | null;
  readonly closed_at: string | null;
  readonly closed_by: string | null;
}

/** An alert as the person record lists it. */
export type AlertRef = Pick<AlertOut, 'id' | 'rule' | 'title' | 'year' | 'measure' | 'amount' | 'threshold' | 'setl_id' | 'alert_date' | 'status' | 'status_zh' | 'clause'>;

export interface AlertEventOut {
  readonly id: number;
  readonly from: AlertStatus | null;
  readonly to: AlertStatus;
  readonly username: string;
  readonly role: string | null;
  readonly at: string;
  readonly note: string | null;
  readonly department: string | null;
  readonly town_admdvs: string | null;
  readonly outcome: string | null;
  readonly push_id: number | null;
}

export interface CaseOut extends PersonHit {
  readonly id: number;
  readonly kind: string;
  readonly type: string;
  readonly title: string;
  readonly year: number;
  readonly category: string | null;
  readonly alert_id: number | null;
  readonly reason: string;
  readonly requested: string | null;
  readonly levels: readonly { level: string; level_zh: string }[];
  readonly approved_levels: number;
  readonly next_level: string | null;
  readonly cap_measure: string | null;
  readonly cap_amount: string | null;
  readonly decided: string | null;
  readonly status: CaseStatus;
  readonly status_zh: string;
  readonly closed_from: string | null;
  readonly clause: string;
  readonly pack_id: string;
  readonly pack_version: string;
  readonly illustrative: boolean;
  readonly opened_at: string | null;
  readonly opened_by: string | null;
  readonly updated_at: string | null;
}

/** A case as the person record lists it. */
export type CaseRef = Pick<CaseOut, 'id' | 'kind' | 'title' | 'status' | 'decided' | 'alert_id' | 'clause'>;

export interface CaseEventOut {
  readonly id: number;
  readonly action: string;
  readonly action_zh: string;
  readonly from: CaseStatus | null;
  readonly to: CaseStatus;
  readonly level: string | null;
  readonly amount: string | null;
  readonly username: string;
  readonly role: string | null;
  readonly at: string;
  readonly note: string | null;
}

/** A case's ledger line (the case and the person record). */
export interface CaseLineOut {
  readonly id: number;
  readonly case_id: number;
  readonly kind: string;
  readonly year: number;
  readonly source: string;
  readonly source_zh: string;
  readonly amount: string;
  readonly cause: string;
  readonly clause: string;
  readonly booked_at: string;
  readonly booked_by: string;
}

/** The person-year's totals, before and after the cases (the case and the person record). */
export interface TotalsOut {
  readonly year: number;
  readonly settlements: number;
  readonly medfee_sumamt: string | null;
  readonly inscp_scp_amt: string | null;
  readonly hifp_pay: string | null;
  readonly hifmi_pay: string | null;
  readonly maf_assist_pay: string | null;
  readonly maf_reassist_pay: string | null;
  readonly psn_part_amt: string | null;
  readonly inscp_psn_part_amt: string | null;
  readonly cases: Readonly<Record<string, string | null>>;
  readonly cases_total: string | null;
  readonly psn_part_after_cases: string | null;
}
