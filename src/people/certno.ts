/**
 * 公民身份号码 (GB 11643-1999): 17 digits and a check character computed with ISO 7064 MOD 11-2.
 * Spreadsheets carry a lower-case x and stray spaces: normalise, then validate.
 */
import { isValidDate } from '../time/calendar.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type CertnoProblem = 'length' | 'characters' | 'birth-date' | 'checksum';

export function normaliseCertno(text: string): string {
  const s = text.replace(/\s+/g, '').toUpperCase();
  // Two short slices are copies, and their concatenation keeps no reference to the file block
  // an 18-character field read from a CSV chunk would otherwise keep alive.
  return s.slice(0, 9) + s.slice(9);
}

export function certnoCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '?';
}

/** undefined when valid; else why not. Expects a normalised number. */
export function certnoProblem(certno: string): CertnoProblem | undefined {
  if (certno.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(certno)) return 'characters';
  const y = Number(certno.slice(6, 10));
  const m = Number(certno.slice(10, 12));
  const d = Number(certno.slice(12, 14));
  if (y < 1870 || !isValidDate(y, m, d)) return 'birth-date';
  if (certnoCheckChar(certno.slice(0, 17)) !== certno[17]) return 'checksum';
  return undefined;
}

/** The birth date (yyyy-MM-dd) a valid number carries. */
export function birthDateOf(certno: string): string {
  return `${certno.slice(6, 10)}-${certno.slice(10, 12)}-${certno.slice(12, 14)}`;
}

/** Age in whole years at a date (yyyy-MM-dd); a birthday on the date counts. */
export function ageAt(certno: string, date: string): number {
  const birth = birthDateOf(certno);
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5, 10) >= birth.slice(5, 10) ? years : years - 1;
}

/**
 * ID numbers (公民身份号码) are masked in every response and list (DESIGN principle 9): an 18-digit number
 * shows its first 6 (the place of registration) and last 4 characters, 500243********1234, so a
 * clerk can tell people apart without reading the number. A user with the unmask right asks for
 * one number at a time (POST /api/v1/persons/{psn_no}/certno), and each time is audited.
 *
 * Other lengths never show more than 10 characters, nor more than 4 of a short value:
 * - 15 characters or more (the old 15-digit numbers, passports of that length): first 6, last 4;
 * - 8 to 14: first 2, last 2;
 * - fewer than 8: every character masked.
 */
export function maskCertno(certno: string): string;
export function maskCertno(certno: string | null | undefined): string | null;
export function maskCertno(certno: string | null | undefined): string | null {
  if (certno === null || certno === undefined) return null;
  const chars = Array.from(certno);
  const n = chars.length;
  const [head, tail] = n >= 15 ? [6, 4] : n >= 8 ? [2, 2] : [0, 0];
  return chars.slice(0, head).join('') + '*'.repeat(n - head - tail) + chars.slice(n - tail).join('');
}
