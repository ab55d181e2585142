/**
 * A rejected input record. Imports never stop at a bad row: the row goes to a rejects file
 * (file, line, field, reason) that the operator fixes and re-imports. Reasons are bilingual,
 * "中文 / English", because the file is read by bureau staff and by developers.
 */
export interface Reject {
  file: string;
  /** Physical line (CSV) or row number (XLSX) where the record starts; 0 for the file as a whole. */
  line: number;
  /** Canonical field name, or '' when the whole record is at fault. */
  field: string;
  /** "中文 / English". */
  reason: string;
}

export const REJECT_HEADER = ['file', 'line', 'field', 'reason'] as const;

/** Joins the two halves of a reason the one way every reason is spelled. */
export function reason(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

/** Reasons raised by the ingest layer itself; field validators add their own. */
export const INGEST_REASONS = {
  missingColumn: reason('缺少必需的列', 'required column is missing'),
  duplicateColumn: reason('列重复', 'column appears more than once'),
  fieldCount: reason('字段个数与表头不一致', 'number of fields differs from the header'),
  required: reason('必填字段为空', 'required field is empty'),
} as const;

/** A reject as a CSV/XLSX row in REJECT_HEADER order. */
export function rejectFields(r: Reject): string[] {
  return [r.file, String(r.line), r.field, r.reason];
}

/**
 * A new array ordered by file, then line; equal keys keep their input order (Array#sort is
 * stable), so several rejects of one line stay in the order the checks found them. Files compare
 * by code unit, not locale, so the order is the same on every machine.
 */
export function sortRejects(rs: Reject[]): Reject[] {
  return [...rs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
