/**
 * Case money in the person's ledger (issue 5 item 4, docs/cases.md §4): the person-year's burden
 * the decisions are capped by, the lines a decision or a revocation books (case_payments), and
 * the invariant `verifyLedger` checks — for every case, Σ lines = its decided amount while it
 * stands (decided, or closed from decided), 0 once revoked, none before a decision.
 */
import type { DecisionLine } from '../cases/decision.js';
import type { Db } from './db.js';
import { insertMany } from './sql.js';

/** A person-year's money after every tier and after cases, fen. */
export interface PersonYearTotals {
  readonly year: number;
  /** Settled (not reversed, not refused) settlements counted. */
  readonly settlements: number;
  readonly medfee: number;
  readonly policyScope: number;
  readonly basic: number;
  readonly criticalIllness: number;
  readonly assistance: number;
  readonly reAssistance: number;
  /** Σ psn_part_amt: medfee − every tier (个人负担总金额). */
  readonly personal: number;
  /** Σ (inscp_scp_amt − every tier) (政策范围内个人负担). */
  readonly policyScopePersonal: number;
  /** Σ of the person's case lines of the year, by fund source. */
  readonly cases: Readonly<Record<string, number>>;
  readonly casesTotal: number;
  /** personal − casesTotal: what the person is left with after cases. */
  readonly personalAfterCases: number;
}

/** The person-year's totals: results as the ledger holds them (adjustments included, being the fold), and the case lines. */
export async function personYearTotals(db: Db, psnNo: string, year: number): Promise<PersonYearTotals> {
  const [t] = await db.query<{ n: number; medfee: number; scope: number; basic: number; ci: number; assist: number; reassist: number; personal: number; scope_personal: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(s.medfee_sumamt), 0)::bigint AS medfee, coalesce(sum(coalesce(s.inscp_scp_amt, 0)), 0)::bigint AS scope,
            coalesce(sum(r.hifp_pay), 0)::bigint AS basic, coalesce(sum(r.hifmi_pay), 0)::bigint AS ci, coalesce(sum(r.maf_assist_pay), 0)::bigint AS assist,
            coalesce(sum(r.maf_reassist_pay), 0)::bigint AS reassist, coalesce(sum(r.psn_part_amt), 0)::bigint AS personal,
            coalesce(sum(coalesce(s.inscp_scp_amt, 0) - r.fund_pay_sumamt), 0)::bigint AS scope_personal
       FROM settlements s JOIN settlement_results r ON r.setl_id = s.setl_id
      WHERE s.psn_no = $1 AND NOT s.refd_setl_flag
        AND s.setl_time >= make_timestamp($2, 1, 1, 0, 0, 0) AND s.setl_time < make_timestamp($2 + 1, 1, 1, 0, 0, 0)`,
    [psnNo, year],
  );
  const lines = await db.query<{ source: string; amount: number }>(
    'SELECT source, sum(amount)::bigint AS amount FROM case_payments WHERE psn_no = $1 AND year = $2::smallint GROUP BY source ORDER BY source',
    [psnNo, year],
  );
  const cases: Record<string, number> = {};
  let casesTotal = 0;
  for (const l of lines) {
    if (l.amount === 0) continue;
    cases[l.source] = l.amount;
    casesTotal += l.amount;
  }
  const personal = t?.personal ?? 0;
  return {
    year,
    settlements: t?.n ?? 0,
    medfee: t?.medfee ?? 0,
    policyScope: t?.scope ?? 0,
    basic: t?.basic ?? 0,
    criticalIllness: t?.ci ?? 0,
    assistance: t?.assist ?? 0,
    reAssistance: t?.reassist ?? 0,
    personal,
    policyScopePersonal: t?.scope_personal ?? 0,
    cases,
    casesTotal,
    personalAfterCases: personal - casesTotal,
  };
}

/** What the person's cases of the year other than `caseId` pay now (Σ of their lines). */
export async function otherCasesPay(db: Db, psnNo: string, year: number, caseId: number): Promise<number> {
  const [r] = await db.query<{ amount: number }>(
    'SELECT coalesce(sum(amount), 0)::bigint AS amount FROM case_payments WHERE psn_no = $1 AND year = $2::smallint AND case_id <> $3',
    [psnNo, year, caseId],
  );
  return r?.amount ?? 0;
}

/** The net lines of a case by source (what a revocation takes back). */
export async function caseNetLines(db: Db, caseId: number): Promise<{ source: string; amount: number }[]> {
  return db.query<{ source: string; amount: number }>(
    'SELECT source, sum(amount)::bigint AS amount FROM case_payments WHERE case_id = $1 GROUP BY source HAVING sum(amount) <> 0 ORDER BY min(line_id)',
    [caseId],
  );
}

export interface BookedCase {
  readonly caseId: number;
  readonly admdvs: string;
  readonly psnNo: string;
  readonly year: number;
  readonly kindId: string;
  readonly clause: string;
}

const LINE_COLS = [
  ['case_id', 'bigint'], ['admdvs', 'text'], ['psn_no', 'text'], ['year', 'smallint'], ['kind_id', 'text'], ['source', 'text'], ['amount', 'bigint'],
  ['cause', 'text'], ['clause', 'text'], ['booked_by', 'text'],
] as const;

/** Books the lines of a decision (> 0) or of a revocation (the opposite of what stands, < 0). */
export async function bookCaseLines(tx: Db, c: BookedCase, lines: readonly DecisionLine[] | readonly { source: string; amount: number }[], cause: 'decision' | 'revocation', by: string): Promise<void> {
  await insertMany(tx, 'case_payments', LINE_COLS, lines.map((l) => [c.caseId, c.admdvs, c.psnNo, c.year, c.kindId, l.source, l.amount, cause, c.clause, by]));
}

/** Every case whose lines do not sum to what its status says they should. */
export async function verifyCaseLines(db: Db): Promise<{ psnNo: string; what: string }[]> {
  const rows = await db.query<{ case_id: number; psn_no: string; status: string; closed_from: string | null; decided: number | null; lines: number; net: number }>(
    `SELECT c.case_id, c.psn_no, c.status, c.closed_from, c.decided, count(l.line_id)::int AS lines, coalesce(sum(l.amount), 0)::bigint AS net
       FROM cases c LEFT JOIN case_payments l ON l.case_id = c.case_id
      GROUP BY c.case_id, c.psn_no, c.status, c.closed_from, c.decided
      ORDER BY c.case_id`,
  );
  const out: { psnNo: string; what: string }[] = [];
  for (const r of rows) {
    const stands = r.status === 'decided' || (r.status === 'closed' && r.closed_from === 'decided');
    const was = stands || r.status === 'revoked' || (r.status === 'closed' && r.closed_from === 'revoked');
    const want = stands ? (r.decided ?? 0) : 0;
    if (r.net !== want) out.push({ psnNo: r.psn_no, what: `case ${r.case_id} (${r.status}): lines sum to ${r.net} ≠ ${want}` });
    if (!was && r.lines > 0) out.push({ psnNo: r.psn_no, what: `case ${r.case_id} (${r.status}): ${r.lines} lines booked without a decision` });
  }
  const wrongPerson = await db.query<{ line_id: number; psn_no: string }>(
    `SELECT l.line_id, l.psn_no FROM case_payments l JOIN cases c ON c.case_id = l.case_id
      WHERE l.psn_no <> c.psn_no OR l.year <> c.year OR l.admdvs <> c.admdvs OR l.kind_id <> c.kind_id`,
  );
  for (const w of wrongPerson) out.push({ psnNo: w.psn_no, what: `case line ${w.line_id} does not match its case's person, year, region or kind` });
  return out;
}
