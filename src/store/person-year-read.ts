/**
 * What settling a new settlement reads of its person, in ONE statement: the person and their
 * identities; the settlement if already stored (with its result or problem); the person-year's
 * live settlements, the person's reversals, and what is stored of those settlements' results —
 * what recompute(…, { year }) reads with eight statements. Two forms of the same columns:
 * - ONE_STOP_READ, one person (settleOne), prepared: $1 psn_no, $2 setl_id, $3 the year;
 * - GROUP_READ, a group of settlements (group commit, settle-batch.ts): $1 psn_nos, $2 setl_ids,
 *   $3 years, aligned; one row per settlement, in their order (column k, from 1). Planned each
 *   time (array parameters, postgres.ts): a generic plan made while the ledger's tables were
 *   still small kept sequential scans of them (11 ms a call, measured; docs/performance-service.md).
 * Rows of a person carry the person's admdvs (imports and settlements write it from the person,
 * whose region never changes), so the (admdvs, psn_no …) indexes find them. Run it after the
 * persons are locked, as its own statement: under READ COMMITTED its snapshot then includes
 * whatever the lock's last holder committed.
 */
import type { Settlement } from '../benefits/types.js';
import type { SettlementInput } from './imports.js';
import type { IdentityRow, PersonRow, SettlementRow, StoredRows } from './ledger.js';
import { settlementOfRow } from './ledger.js';

/** A settlement's split as read back from settlement_results (a replay). */
export type SplitRow = {
  setl_id: string; psn_no: string; admdvs: string; hifp_pay: number; hifmi_pay: number; maf_assist_pay: number; maf_reassist_pay: number;
  fund_pay_sumamt: number; psn_part_amt: number; inscp_psn_part_amt: number; pack_id: string; pack_version: string; setl_proc_info: string;
};

/** Everything read of one settlement's person, as one row of JSON values. */
export interface OneStopRead {
  person: PersonRow | null;
  identities: IdentityRow[] | null;
  old: { content_hash: string } | null;
  old_result: SplitRow | null;
  old_problem: { code: string; field: string; reason: string } | null;
  settlements: SettlementRow[] | null;
  reversals: { setl_id: string; init_setl_id: string }[] | null;
  results: StoredRows['results'] | null;
  payments: StoredRows['payments'] | null;
  adjustments: StoredRows['adjustments'] | null;
  problems: StoredRows['problems'] | null;
}

/** The columns after `person` and `settlements`, given SQL for the psn_no, setl_id, person's admdvs and the year's setl_ids. */
function columns(psn: string, setl: string, admdvs: string, ids: string): string {
  return `(SELECT json_agg(json_build_object('psn_no', i.psn_no, 'idet_type', i.idet_type, 'begndate', to_char(i.begndate, 'YYYY-MM-DD'),
            'enddate', to_char(i.enddate, 'YYYY-MM-DD'), 'idet_lv', i.idet_lv, 'risk_elim_date', to_char(i.risk_elim_date, 'YYYY-MM-DD'),
            'illness_recognised', i.illness_recognised) ORDER BY i.begndate, i.idet_type)
     FROM identities i WHERE i.admdvs = ${admdvs} AND i.psn_no = ${psn}) AS identities,
  (SELECT json_build_object('content_hash', content_hash) FROM settlements WHERE setl_id = ${setl}) AS old,
  (SELECT row_to_json(r) FROM settlement_results r WHERE setl_id = ${setl}) AS old_result,
  (SELECT json_build_object('code', code, 'field', field, 'reason', reason) FROM settlement_problems WHERE setl_id = ${setl}) AS old_problem,
  (SELECT json_agg(json_build_object('setl_id', s.setl_id, 'init_setl_id', s.init_setl_id))
     FROM settlements s WHERE s.admdvs = ${admdvs} AND s.psn_no = ${psn} AND s.refd_setl_flag) AS reversals,
  (SELECT json_agg(json_build_object('setl_id', r.setl_id, 'a', r.hifp_pay, 'b', r.hifmi_pay, 'c', r.maf_assist_pay, 'd', r.maf_reassist_pay,
            'pack_id', r.pack_id, 'pack_version', r.pack_version, 'setl_proc_info', r.setl_proc_info))
     FROM settlement_results r WHERE r.setl_id = ANY (${ids})) AS results,
  (SELECT json_agg(json_build_object('setl_id', r.setl_id, 'a', r.hifp_pay, 'b', r.hifmi_pay, 'c', r.maf_assist_pay, 'd', r.maf_reassist_pay))
     FROM settlement_payments r WHERE r.setl_id = ANY (${ids})) AS payments,
  (SELECT json_agg(json_build_object('setl_id', a.setl_id, 'tier', a.tier, 'amount', a.amount))
     FROM (SELECT setl_id, tier, sum(amount)::bigint AS amount FROM adjustments WHERE setl_id = ANY (${ids}) GROUP BY setl_id, tier) a) AS adjustments,
  (SELECT json_agg(json_build_object('setl_id', r.setl_id, 'code', r.code, 'field', r.field, 'reason', r.reason))
     FROM settlement_problems r WHERE r.setl_id = ANY (${ids})) AS problems`;
}

/** The person-year's live settlements of the person `psn` (region `admdvs`) in `year`, as rows of `s`. */
function yearSettlements(psn: string, admdvs: string, year: string): string {
  return `SELECT s.setl_id, s.psn_no, s.med_type, to_char(s.setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, s.hosp_lv, s.medfee_sumamt, s.inscp_scp_amt,
               s.hifp_pay, s.hifmi_pay, s.refd_setl_flag, s.init_setl_id
          FROM settlements s
         WHERE s.admdvs = ${admdvs} AND s.psn_no = ${psn} AND NOT s.refd_setl_flag
           -- the year as extract(), not a range: the person's index, whatever the statistics say (a range invites the (admdvs, setl_time) one)
           AND extract(year FROM s.setl_time) = ${year}`;
}

export const ONE_STOP_READ = `WITH p AS (SELECT psn_no, admdvs, insuplc_admdvs, insu_tier FROM persons WHERE psn_no = $1::text),
  y AS (${yearSettlements('$1::text', '(SELECT admdvs FROM p)', '$3::int')})
SELECT
  (SELECT row_to_json(p) FROM p) AS person,
  (SELECT json_agg(y) FROM y) AS settlements,
  ${columns('$1::text', '$2::text', '(SELECT admdvs FROM p)', 'ARRAY(SELECT setl_id FROM y)')}`;

export const GROUP_READ = `SELECT q.k,
  CASE WHEN p.psn_no IS NULL THEN NULL ELSE json_build_object('psn_no', p.psn_no, 'admdvs', p.admdvs, 'insuplc_admdvs', p.insuplc_admdvs, 'insu_tier', p.insu_tier) END AS person,
  ys.settlements,
  ${columns('q.psn_no', 'q.setl_id', 'p.admdvs', 'ys.ids')}
  FROM unnest($1::text[], $2::text[], $3::int[]) WITH ORDINALITY AS q(psn_no, setl_id, year, k)
  LEFT JOIN persons p ON p.psn_no = q.psn_no
  LEFT JOIN LATERAL (SELECT json_agg(y) AS settlements, array_agg(y.setl_id) AS ids FROM (${yearSettlements('q.psn_no', 'p.admdvs', 'q.year')}) y) ys ON true
 ORDER BY q.k`;

/** An amount read through JSON: a safe integer, as the adapters' int8 parser insists. */
export function safeAmounts<T extends object>(rows: readonly T[] | null, keys: readonly (keyof T)[]): T[] {
  for (const r of rows ?? []) {
    for (const k of keys) {
      const v = r[k];
      if (v !== null && !Number.isSafeInteger(v)) throw new Error(`one-stop: ${String(k)} ${String(v)} is not a safe integer`);
    }
  }
  return [...(rows ?? [])];
}

/** The stored live settlements of the person-year read. */
export function readSettlements(row: OneStopRead): Settlement[] {
  return safeAmounts(row.settlements, ['medfee_sumamt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay']).map(settlementOfRow);
}

const AMOUNT_KEYS = ['a', 'b', 'c', 'd'] as const;

/** What is stored of the results of the person-year read. */
export function readStored(row: OneStopRead): StoredRows {
  return {
    results: safeAmounts(row.results, AMOUNT_KEYS),
    payments: safeAmounts(row.payments, AMOUNT_KEYS),
    adjustments: safeAmounts(row.adjustments, ['amount']),
    problems: row.problems ?? [],
  };
}

/** A new settlement as the store gives it back once inserted (what recompute would read). */
export function freshSettlement(input: Extract<SettlementInput, { kind: 'settlement' }>): Settlement {
  const s = input.settlement;
  return settlementOfRow({
    setl_id: s.setlId, psn_no: s.psnNo, med_type: s.medType, setl_time: s.setlTime, hosp_lv: s.hospLv ?? null, medfee_sumamt: s.total,
    inscp_scp_amt: s.policyScope, hifp_pay: s.basicGiven ?? null, hifmi_pay: s.criticalIllnessGiven ?? null, refd_setl_flag: false, init_setl_id: null,
  });
}
