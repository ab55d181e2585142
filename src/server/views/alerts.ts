/**
 * An alert and its steps as JSON: the shape the API answers (src/server/routes/alerts.ts) and the
 * CLI prints with `--json` (src/cli/alerts-cli.ts). Amounts as yuan strings, the ID number masked.
 */
import { maskCertno } from '../../people/certno.js';
import type { AlertEvent, AlertRow } from '../../store/alerts.js';
import { DEPARTMENT_ZH, OUTCOME_ZH, pushToOf, STATUS_ZH } from '../../store/alerts.js';
import { iso, yuanOut } from '../format.js';

export function alertOut(a: AlertRow) {
  return {
    id: a.alert_id, psn_no: a.psn_no, psn_name: a.psn_name, certno: maskCertno(a.certno), admdvs: a.admdvs, town_admdvs: a.town_admdvs, village_admdvs: a.village_admdvs,
    rule: a.rule_id, title: a.rule_title, year: a.year, measure: a.measure, amount: yuanOut(a.amount), amount_at_alert: yuanOut(a.amount_at_alert),
    threshold: yuanOut(a.threshold), comparison: a.comparison, category: a.category, risk_elim_date: a.risk_elim_date, setl_id: a.setl_id, alert_date: a.alert_date,
    complete: a.complete, push_to: pushToOf(a), process: a.process, clause: a.clause, pack_id: a.pack_id, pack_version: a.pack_version, illustrative: a.illustrative,
    status: a.status, status_zh: STATUS_ZH[a.status], raised_at: iso(a.raised_at), raised_by: a.raised_by, department: a.department,
    department_zh: a.department === null ? null : (DEPARTMENT_ZH[a.department] ?? a.department), pushed_at: iso(a.pushed_at), pushed_by: a.pushed_by,
    outcome: a.outcome, outcome_zh: a.outcome === null ? null : OUTCOME_ZH[a.outcome], verified_at: iso(a.verified_at), verified_by: a.verified_by,
    closed_at: iso(a.closed_at), closed_by: a.closed_by,
  };
}

export function alertEventOut(e: AlertEvent) {
  return {
    id: e.event_id, from: e.from_status, to: e.to_status, username: e.username, role: e.role, at: e.at.toISOString(), note: e.note, department: e.department,
    town_admdvs: e.town_admdvs, outcome: e.outcome, push_id: e.push_id,
  };
}
