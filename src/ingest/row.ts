import type { Fen } from '../money/fen.js';
import { parseYuan } from '../money/yuan.js';
import type { IsoDate, IsoDateTime } from '../time/date.js';
import { parseDate, parseDateTime } from '../time/date.js';
import { FIELD_REASONS, YUAN_REASONS } from './field-reasons.js';
import { INGEST_REASONS } from './reject.js';
import type { Reject } from './reject.js';

/**
 * A copy of `text` that keeps no reference to the block it was read from. V8 represents a
 * substring of 13 or more characters as a slice of its parent, so keeping a long setl_id or
 * psn_no from every row of a file would keep every 1 MiB block of the file alive. Pieces of
 * fewer than 13 characters are copied; their concatenation references only the copies.
 */
export function own(text: string): string {
  if (text.length < 13) return text;
  let out = '';
  for (let i = 0; i < text.length; i += 12) out += text.slice(i, i + 12);
  return out;
}

/**
 * One input row with its header's column map: typed field access that records a reject for
 * every bad field instead of throwing, so one pass reports all of a row's problems.
 */
export class Row {
  private found: Reject[] | undefined;

  constructor(
    readonly file: string,
    readonly line: number,
    readonly fields: readonly string[],
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  reject(field: string, reason: string): undefined {
    (this.found ??= []).push({ file: this.file, line: this.line, field, reason });
    return undefined;
  }

  /** The row's problems; allocated only for a bad row (a million good rows allocate none). */
  get rejects(): readonly Reject[] {
    return this.found ?? [];
  }

  get ok(): boolean {
    return this.found === undefined;
  }

  /** The trimmed cell, '' when the column is absent or the cell empty. */
  text(field: string): string {
    const i = this.columns.get(field);
    if (i === undefined) return '';
    const v = this.fields[i];
    return v === undefined ? '' : v.trim();
  }

  required(field: string, maxLength = 64): string | undefined {
    const v = this.text(field);
    if (v === '') return this.reject(field, INGEST_REASONS.required);
    if (v.length > maxLength) return this.reject(field, FIELD_REASONS.tooLong);
    return v;
  }

  optional(field: string, maxLength = 64): string | undefined {
    const v = this.text(field);
    if (v === '') return undefined;
    if (v.length > maxLength) return this.reject(field, FIELD_REASONS.tooLong);
    return v;
  }

  /** Yuan → fen; more than two decimals is a reject, never rounded. */
  money(field: string, opts: { required: boolean; allowNegative?: boolean }): Fen | undefined {
    const v = this.text(field);
    if (v === '') return opts.required ? this.reject(field, INGEST_REASONS.required) : undefined;
    const parsed = parseYuan(v, opts.allowNegative ?? false);
    return typeof parsed === 'string' ? this.reject(field, YUAN_REASONS[parsed]) : parsed;
  }

  date(field: string, required: boolean): IsoDate | undefined {
    const v = this.text(field);
    if (v === '') return required ? this.reject(field, INGEST_REASONS.required) : undefined;
    return parseDate(v) ?? this.reject(field, FIELD_REASONS.date);
  }

  dateTime(field: string): IsoDateTime | undefined {
    const v = this.text(field);
    if (v === '') return this.reject(field, INGEST_REASONS.required);
    return parseDateTime(v) ?? this.reject(field, FIELD_REASONS.dateTime);
  }

  /** 1/0, 是/否, Y/N, true/false; empty = undefined. */
  flag(field: string): boolean | undefined {
    const v = this.text(field).toLowerCase();
    if (v === '') return undefined;
    if (v === '1' || v === '是' || v === 'y' || v === 'true') return true;
    if (v === '0' || v === '否' || v === 'n' || v === 'false') return false;
    return this.reject(field, FIELD_REASONS.flag);
  }

  integer(field: string, min: number, max: number, reason: string): number | undefined {
    const v = this.text(field);
    if (v === '') return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? n : this.reject(field, reason);
  }
}
