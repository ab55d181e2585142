/**
 * A case, its steps, its ledger lines and the person-year's totals as JSON: the shapes the API
 * answers (src/server/routes/cases.ts, persons.ts) and the CLI prints with `--json`
 * (src/cli/cases-cli.ts). Amounts as yuan strings, the ID number masked.
 */
import { CASE_ACTION_ZH, CASE_STATUS_ZH } from '../../cases/workflow.js';
import { maskCertno } from '../../people/certno.js';
import type { ApprovalLevel, FundSource } from '../../policy/cases-pack.js';
import { APPROVAL_LEVEL_ZH, FUND_SOURCE_ZH } from '../../policy/cases-pack.js';
import type { PersonYearTotals } from '../../store/case-money.js';
import type { CaseEvent, CaseLine, CaseRow } from '../../store/cases.js';
import { iso, yuanOut } from '../format.js';

export function caseOut(c: CaseRow) {
  const levels = c.levels === '' ? [] : c.levels.split(',');
  return {
    id: c.case_id, psn_no: c.psn_no, psn_name: c.psn_name, certno: maskCertno(c.certno), admdvs: c.admdvs, town_admdvs: c.town_admdvs, village_admdvs: c.village_admdvs,
    kind: c.kind_id, type: c.case_type, title: c.title, year: c.year, category: c.category, alert_id: c.alert_id, reason: c.reason, requested: yuanOut(c.requested),
    levels: levels.map((l) => ({ level: l, level_zh: APPROVAL_LEVEL_ZH[l as ApprovalLevel] ?? l })), approved_levels: c.approved_levels,
    next_level: c.status === 'reviewed' ? (levels[c.approved_levels] ?? null) : null,
    cap_measure: c.cap_measure, cap_amount: yuanOut(c.cap_amount), decided: yuanOut(c.decided), status: c.status, status_zh: CASE_STATUS_ZH[c.status], closed_from: c.closed_from,
    clause: c.clause, pack_id: c.pack_id, pack_version: c.pack_version, illustrative: c.illustrative, opened_at: iso(c.opened_at), opened_by: c.opened_by,
    updated_at: iso(c.updated_at),
  };
}

export function caseEventOut(e: CaseEvent) {
  return {
    id: e.event_id, action: e.action, action_zh: CASE_ACTION_ZH[e.action], from: e.from_status, to: e.to_status, level: e.level, amount: yuanOut(e.amount), username: e.username,
    role: e.role, at: e.at.toISOString(), note: e.note,
  };
}

export function caseLineOut(l: CaseLine) {
  return {
    id: l.line_id, case_id: l.case_id, kind: l.kind_id, year: l.year, source: l.source, source_zh: FUND_SOURCE_ZH[l.source as FundSource] ?? l.source, amount: yuanOut(l.amount),
    cause: l.cause, clause: l.clause, booked_at: l.booked_at.toISOString(), booked_by: l.booked_by,
  };
}

export function totalsOut(t: PersonYearTotals) {
  return {
    year: t.year, settlements: t.settlements, medfee_sumamt: yuanOut(t.medfee), inscp_scp_amt: yuanOut(t.policyScope), hifp_pay: yuanOut(t.basic), hifmi_pay: yuanOut(t.criticalIllness),
    maf_assist_pay: yuanOut(t.assistance), maf_reassist_pay: yuanOut(t.reAssistance), psn_part_amt: yuanOut(t.personal), inscp_psn_part_amt: yuanOut(t.policyScopePersonal),
    cases: Object.fromEntries(Object.entries(t.cases).map(([k, v]) => [k, yuanOut(v)])), cases_total: yuanOut(t.casesTotal), psn_part_after_cases: yuanOut(t.personalAfterCases),
  };
}
