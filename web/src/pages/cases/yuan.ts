/** What the case forms share: yuan text checked before it is sent (the server checks it again, and the cap). */

/** Yuan text as the API takes it: digits, at most two decimals, above zero. */
export function isYuan(s: string): boolean {
  return /^\d{1,13}(\.\d{1,2})?$/.test(s) && /[1-9]/.test(s);
}
