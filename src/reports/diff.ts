/**
 * What changed between two runs of the same report (issue 6: "a fresh run shows what changed
 * since"): table by table, row key by row key, cell by column key. A cell is compared exactly — a
 * rate by numerator and denominator, so 1/2 → 2/4 is a change (the counts behind it moved) — and a
 * row or table present on one side only gives one change per cell with the other side `undefined`.
 */
import { ReportError } from './errors.js';
import type { Cell, ReportDocument, ReportTable, TableRow } from './types.js';

export interface ReportChange {
  readonly table: string;
  readonly tableZh: string;
  /** The row key ('total' for the totals row). */
  readonly row: string;
  readonly column: string;
  readonly columnZh: string;
  /** undefined: the row (or table) is not in that document. */
  readonly before: Cell | undefined;
  readonly after: Cell | undefined;
}

export function sameCell(a: Cell, b: Cell): boolean {
  if (a === null || b === null || typeof a === 'string' || typeof b === 'string') return a === b;
  if ('fen' in a) return 'fen' in b && a.fen === b.fen;
  if ('count' in a) return 'count' in b && a.count === b.count;
  return 'num' in b && a.num === b.num && a.den === b.den;
}

function rowsOf(t: ReportTable | undefined): Map<string, TableRow> {
  const m = new Map<string, TableRow>();
  if (t === undefined) return m;
  for (const r of t.rows) m.set(r.key, r);
  if (t.totals !== undefined) m.set('total', t.totals);
  return m;
}

/** The changes from `before` to `after`, in `after`'s table and row order, then what only `before` had. */
export function diffReports(before: ReportDocument, after: ReportDocument): ReportChange[] {
  if (before.kind !== after.kind || before.period.label !== after.period.label || before.region.admdvs !== after.region.admdvs || before.town !== after.town) {
    const what = (d: ReportDocument): string => `${d.kind} ${d.period.label} ${d.region.admdvs}${d.town === undefined ? '' : ` ${d.town}`}`;
    throw new ReportError('not-comparable', `只能比较同一报表、期间和范围：${what(before)} 与 ${what(after)}`, `only the same report, period and scope compare: ${what(before)} and ${what(after)}`);
  }
  const changes: ReportChange[] = [];
  const ids = [...after.tables.map((t) => t.id), ...before.tables.map((t) => t.id).filter((id) => !after.tables.some((t) => t.id === id))];
  for (const id of ids) {
    const tb = before.tables.find((t) => t.id === id);
    const ta = after.tables.find((t) => t.id === id);
    const shape = (ta ?? tb) as ReportTable;
    const rb = rowsOf(tb);
    const ra = rowsOf(ta);
    const keys = [...ra.keys(), ...[...rb.keys()].filter((k) => !ra.has(k))];
    const columns = [...(ta?.columns ?? []), ...(tb?.columns ?? []).filter((c) => !(ta?.columns ?? []).some((x) => x.key === c.key))];
    for (const key of keys) {
      const b = rb.get(key);
      const a = ra.get(key);
      for (const c of columns) {
        const ib = tb?.columns.findIndex((x) => x.key === c.key) ?? -1;
        const ia = ta?.columns.findIndex((x) => x.key === c.key) ?? -1;
        const cb = b === undefined || ib < 0 ? undefined : (b.cells[ib] ?? null);
        const ca = a === undefined || ia < 0 ? undefined : (a.cells[ia] ?? null);
        if (cb === undefined && ca === undefined) continue;
        if (cb !== undefined && ca !== undefined && sameCell(cb, ca)) continue;
        changes.push({ table: id, tableZh: shape.zh, row: key, column: c.key, columnZh: c.zh, before: cb, after: ca });
      }
    }
  }
  return changes;
}
