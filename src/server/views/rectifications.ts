/**
 * An item of the rectification ledger and its steps as JSON: the shape the API answers
 * (src/server/routes/rectifications.ts) and the CLI prints with `--json` (src/cli/rectifications-cli.ts).
 */
import type { RectEvent, RectRow } from '../../store/rectifications.js';
import { RECT_STATUS_ZH } from '../../store/rectifications.js';
import { iso } from '../format.js';

export function rectOut(r: RectRow) {
  return {
    id: r.rect_id, admdvs: r.admdvs, town_admdvs: r.town_admdvs, problem: r.problem, found_in: r.found_in, measures: r.measures, owner: r.owner, deadline: r.deadline,
    status: r.status, status_zh: RECT_STATUS_ZH[r.status], overdue: r.overdue, result: r.result, clause: r.clause, created_at: r.created_at.toISOString(), created_by: r.created_by,
    rectified_at: iso(r.rectified_at), closed_at: iso(r.closed_at),
  };
}

export const rectEventOut = (e: RectEvent) => ({ id: e.event_id, action: e.action, from: e.from_status, to: e.to_status, username: e.username, role: e.role, at: e.at.toISOString(), note: e.note });
