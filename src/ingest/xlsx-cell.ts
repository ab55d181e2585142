/**
 * Turning an exceljs cell value into the text a CSV export of the same sheet would contain.
 * Pure functions, kept apart from xlsx.ts so they can be tested without building workbooks.
 */
/** Excel serial day 25569 is 1970-01-01 in the 1900 date system. */
const EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

/** Same test exceljs applies: date/time tokens outside [..] sections and "..." literals. */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (numFmt === undefined || numFmt === '') return false;
  return /[ymdhMsb]/.test(numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * 'yyyy-MM-dd', or 'yyyy-MM-dd HH:mm:ss' when there is a time of day. Excel dates have no time
 * zone; exceljs maps the wall-clock value onto UTC, so the UTC fields are the wall clock. Rounded
 * to the second because serials are floating-point days (12:00 may arrive as 11:59:59.9999).
 */
export function dateText(d: Date): string {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) return '';
  const t = new Date(Math.round(ms / 1000) * 1000);
  const day = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const s = t.getUTCSeconds();
  if (h === 0 && m === 0 && s === 0) return day;
  return `${day} ${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
}

/**
 * Plain decimal text. Rounded to 15 significant digits, which is what Excel itself shows: a
 * formula total stored as 1234.5600000000002 must read as the amount 1234.56. Very small or large
 * magnitudes are spelled out because String() would switch to exponent notation.
 */
export function numberText(n: number): string {
  if (!Number.isFinite(n)) return '';
  const r = Number(n.toPrecision(15));
  const s = String(r);
  if (!s.includes('e')) return s;
  return r.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null;
}

/** Any cell value exceljs may produce (its CellValue union), including a formula's result and rich text runs. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // The streaming reader applies date formats to plain cells only, not to formula results.
    if (isDateFormat(numFmt)) return dateText(new Date(Math.round((value - EPOCH_SERIAL) * MS_PER_DAY)));
    return numberText(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'bigint') return value.toString();
  if (!isObject(value)) return typeof value === 'symbol' ? value.toString() : '';
  const rich: unknown = Reflect.get(value, 'richText');
  if (Array.isArray(rich)) {
    let text = '';
    for (const run of rich) {
      const t: unknown = isObject(run) ? Reflect.get(run, 'text') : undefined;
      if (typeof t === 'string') text += t;
    }
    return text;
  }
  if ('formula' in value || 'sharedFormula' in value) return cellText(Reflect.get(value, 'result'), numFmt);
  if ('error' in value) {
    const e: unknown = Reflect.get(value, 'error');
    return typeof e === 'string' ? e : '';
  }
  // A hyperlink cell shows its text, which may itself be rich text.
  if ('text' in value) return cellText(Reflect.get(value, 'text'));
  return '';
}

/** Display width in Excel character units: CJK and other wide characters take two. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) || // Hangul Jamo
      (c >= 0x2e80 && c <= 0xa4cf) || // CJK radicals … Yi, including CJK punctuation and ideographs
      (c >= 0xac00 && c <= 0xd7a3) || // Hangul syllables
      (c >= 0xf900 && c <= 0xfaff) || // CJK compatibility ideographs
      (c >= 0xfe30 && c <= 0xfe4f) || // CJK compatibility forms
      (c >= 0xff00 && c <= 0xff60) || // full-width forms
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x1f300 && c <= 0x1faff) || // emoji
      c >= 0x20000; // CJK extensions
    w += wide ? 2 : 1;
  }
  return w;
}
