/**
 * A person's record as the service shows it (GET /api/v1/persons/{psn_no}): the person, their
 * identities, enrollments, a year's accumulators, settlements with their splits (or why not
 * settled, or the reversal), and adjustment lines. Amounts in fen; the caller formats and masks.
 */
import type { Db } from './db.js';

export interface PersonRow {
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
  readonly person: PersonRow;
  readonly year: number;
  readonly identities: readonly Record<string, unknown>[];
  readonly enrollments: readonly Record<string, unknown>[];
  readonly accumulators: readonly { pool: string; cum_base: number; paid: number }[];
  readonly settlements: readonly SettlementView[];
  readonly adjustments: readonly AdjustmentView[];
}

export interface SettlementView {
  readonly setl_id: string;
  readonly med_type: string | null;
  readonly setl_time: string | null;
  readonly hosp_lv: string | null;
  readonly medfee_sumamt: number | null;
  readonly inscp_scp_amt: number | null;
  readonly refd_setl_flag: boolean;
  readonly init_setl_id: string | null;
  /** The reversal that cancelled it. */
  readonly reversed_by: string | null;
  readonly hifp_pay: number | null;
  readonly hifmi_pay: number | null;
  readonly maf_assist_pay: number | null;
  readonly maf_reassist_pay: number | null;
  readonly fund_pay_sumamt: number | null;
  readonly psn_part_amt: number | null;
  readonly pack_id: string | null;
  readonly pack_version: string | null;
  readonly setl_proc_info: string | null;
  readonly problem: string | null;
}

export interface AdjustmentView {
  readonly adjustment_id: number;
  readonly setl_id: string;
  readonly tier: string;
  readonly amount: number;
  readonly cause: string;
  readonly caused_by: string | null;
  readonly reason: string;
  readonly created_at: Date;
}

export async function findPerson(db: Db, psnNo: string): Promise<PersonRow | undefined> {
  const [p] = await db.query<PersonRow>(
    'SELECT psn_no, admdvs, certno, psn_name, insuplc_admdvs, insu_tier, town_admdvs, village_admdvs, rural, employed FROM persons WHERE psn_no = $1',
    [psnNo],
  );
  return p;
}

/** The record for `year` (settlements, accumulators and adjustments of that year). */
export async function personRecord(db: Db, person: PersonRow, year: number): Promise<PersonRecord> {
  const psnNo = person.psn_no;
  const identities = await db.query<Record<string, unknown>>(
    `SELECT idet_type, to_char(begndate, 'YYYY-MM-DD') AS begndate, to_char(enddate, 'YYYY-MM-DD') AS enddate, idet_lv,
            to_char(risk_elim_date, 'YYYY-MM-DD') AS risk_elim_date, illness_recognised
       FROM identities WHERE psn_no = $1 ORDER BY begndate, idet_type`,
    [psnNo],
  );
  const enrollments = await db.query<Record<string, unknown>>(
    `SELECT year, product, tier, to_char(paid_date, 'YYYY-MM-DD') AS paid_date, contribution FROM enrollments WHERE psn_no = $1 ORDER BY year, product`,
    [psnNo],
  );
  const accumulators = await db.query<{ pool: string; cum_base: number; paid: number }>(
    'SELECT pool, cum_base, paid FROM accumulators WHERE psn_no = $1 AND year = $2 ORDER BY pool',
    [psnNo, year],
  );
  const settlements = await db.query<SettlementView>(
    `SELECT s.setl_id, s.med_type, to_char(s.setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, s.hosp_lv, s.medfee_sumamt, s.inscp_scp_amt,
            s.refd_setl_flag, s.init_setl_id, rv.setl_id AS reversed_by,
            r.hifp_pay, r.hifmi_pay, r.maf_assist_pay, r.maf_reassist_pay, r.fund_pay_sumamt, r.psn_part_amt, r.pack_id, r.pack_version, r.setl_proc_info,
            p.reason AS problem
       FROM settlements s
       LEFT JOIN settlement_results r ON r.setl_id = s.setl_id
       LEFT JOIN settlement_problems p ON p.setl_id = s.setl_id
       LEFT JOIN settlements rv ON rv.init_setl_id = s.setl_id
       LEFT JOIN settlements t ON t.setl_id = s.init_setl_id
      WHERE s.psn_no = $1
        AND coalesce(s.setl_time, t.setl_time) >= make_timestamp($2, 1, 1, 0, 0, 0) AND coalesce(s.setl_time, t.setl_time) < make_timestamp($2 + 1, 1, 1, 0, 0, 0)
      ORDER BY coalesce(s.setl_time, t.setl_time), s.setl_id`,
    [psnNo, year],
  );
  const adjustments = await db.query<AdjustmentView>(
    `SELECT a.adjustment_id, a.setl_id, a.tier, a.amount, a.cause, a.caused_by, a.reason, a.created_at
       FROM adjustments a JOIN settlements s ON s.setl_id = a.setl_id
      WHERE a.psn_no = $1 AND s.setl_time >= make_timestamp($2, 1, 1, 0, 0, 0) AND s.setl_time < make_timestamp($2 + 1, 1, 1, 0, 0, 0)
      ORDER BY a.adjustment_id`,
    [psnNo, year],
  );
  return { person, year, identities, enrollments, accumulators, settlements, adjustments };
}
