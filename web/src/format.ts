/** Display formats. Amounts arrive from the API as yuan strings with two decimals and stay strings: no float arithmetic here. */

/** '27768.12' → '27,768.12'; '-5.00' → '-5.00'; null → '—'. */
export function yuan(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '—';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(s);
  if (m === null) return s;
  return `${m[1] ?? ''}${(m[2] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

/** An ISO timestamp as local date and time, 'YYYY-MM-DD HH:mm'. */
export function dateTime(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '—';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) return s;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A date as 'YYYY-MM-DD' (the API's dates already are; timestamps are cut). */
export function day(s: string | null | undefined): string {
  if (s === null || s === undefined || s === '') return '—';
  return s.slice(0, 10);
}

/** A signed yuan string is negative (no arithmetic: the sign is in the text). */
export function negative(s: string | null | undefined): boolean {
  return s !== null && s !== undefined && s.startsWith('-');
}
