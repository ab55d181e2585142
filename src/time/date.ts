/**
 * Dates are ISO strings: 'yyyy-MM-dd' for days and 'yyyy-MM-dd HH:mm:ss' for settlement times
 * (NHSA `setl_time`). Fixed-width ISO strings compare chronologically as plain strings, so the
 * fold sorts and tests without allocating Date objects. Wall-clock time of the pooling region;
 * no time zones are involved.
 */
import { isValidDate } from './calendar.js';

export type IsoDate = string & { readonly __kind: 'date' };
export type IsoDateTime = string & { readonly __kind: 'datetime' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_LOOSE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** 'yyyy-MM-dd', also 'yyyy/M/d', 'yyyy.M.d' and 'yyyyMMdd' as spreadsheets write them. */
export function parseDate(text: string): IsoDate | undefined {
  // the canonical form, as it is (what almost every row holds): by char codes, no regex and no new string
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 5, 2);
    const d = digits(text, 8, 2);
    if (y >= 0 && mo >= 0 && d >= 0) return isValidDate(y, mo, d) ? (text as IsoDate) : undefined;
  }
  const s = text.trim();
  let m = DATE.exec(s) ?? DATE_LOOSE.exec(s);
  if (!m && /^\d{8}$/.test(s)) m = [s, s.slice(0, 4), s.slice(4, 6), s.slice(6, 8)] as unknown as RegExpExecArray;
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (!isValidDate(y, mo, d)) return undefined;
  return `${m[1]}-${pad2(mo)}-${pad2(d)}` as IsoDate;
}

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** The canonical 'yyyy-MM-dd HH:mm:ss' checked by char codes: a million settlements pass here. */
function canonicalDateTime(s: string): IsoDateTime | undefined {
  if (s.length !== 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return undefined;
  }
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || !isValidDate(y, mo, d)) return undefined;
  // copies, not a slice of the file block the text came from (see normaliseCertno)
  return (s.slice(0, 10) + s.slice(10)) as IsoDateTime;
}

/** 'yyyy-MM-dd HH:mm:ss' (seconds optional, 'T' accepted); a bare date means 00:00:00. */
export function parseDateTime(text: string): IsoDateTime | undefined {
  const fast = canonicalDateTime(text);
  if (fast !== undefined) return fast;
  const s = text.trim();
  const m = DATETIME.exec(s);
  if (!m) {
    const d = parseDate(s);
    return d === undefined ? undefined : (`${d} 00:00:00` as IsoDateTime);
  }
  const [, y, mo, d, h, mi, sec] = m;
  if (!isValidDate(Number(y), Number(mo), Number(d))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? '0') > 59) return undefined;
  return `${y}-${mo}-${d} ${h}:${mi}:${sec ?? '00'}` as IsoDateTime;
}

/** A date-time as the number yyyyMMddHHmmss (below 2^53): orders like the string, compares faster. */
export function timeKey(t: IsoDateTime): number {
  let v = 0;
  for (let i = 0; i < 19; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) v = v * 10 + c;
  }
  return v;
}

export function dayOf(t: IsoDateTime): IsoDate {
  return t.slice(0, 10) as IsoDate;
}

export function yearOf(t: IsoDate | IsoDateTime): number {
  // digits by char code: on the path of every settlement, and no substring is allocated
  return (t.charCodeAt(0) - 48) * 1000 + (t.charCodeAt(1) - 48) * 100 + (t.charCodeAt(2) - 48) * 10 + (t.charCodeAt(3) - 48);
}

/** Calendar months later, the day clamped to the month's end (2023-01-31 + 1 → 2023-02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const ny = y + Math.floor(m / 12);
  const nm = ((m % 12) + 12) % 12 + 1;
  let nd = d;
  while (!isValidDate(ny, nm, nd)) nd--;
  return `${ny}-${pad2(nm)}-${pad2(nd)}` as IsoDate;
}
