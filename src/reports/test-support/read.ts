/** Reading a document in tests: a table, a row's cells as displayed, keyed by column. */
import { formatCell } from '../format.js';
import type { ReportDocument, ReportTable } from '../types.js';

export function tableOf(doc: ReportDocument, id: string): ReportTable {
  const t = doc.tables.find((x) => x.id === id);
  if (t === undefined) throw new Error(`no table ${id} in ${doc.kind}: ${doc.tables.map((x) => x.id).join(', ')}`);
  return t;
}

/** The row (or 'total') as displayed: column key → text. */
export function rowOf(doc: ReportDocument, id: string, key: string): Record<string, string> {
  const t = tableOf(doc, id);
  const r = key === 'total' ? t.totals : t.rows.find((x) => x.key === key);
  if (r === undefined) throw new Error(`no row ${key} in ${id}: ${t.rows.map((x) => x.key).join(', ')}`);
  return Object.fromEntries(t.columns.map((c, i) => [c.key, formatCell(r.cells[i] ?? null)]));
}

export function keysOf(doc: ReportDocument, id: string): string[] {
  return tableOf(doc, id).rows.map((r) => r.key);
}
