/**
 * ID numbers (公民身份号码) are masked in every response (DESIGN principle 9): an 18-digit number
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
