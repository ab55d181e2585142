/** What the trial form checks before it sends: yuan text, a settlement time and a date as the API reads them. */

/** Yuan as typed: digits, at most two decimals, no sign, no thousands separators. */
export const YUAN_TEXT = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

/** 'yyyy-MM-dd HH:mm:ss' as the API reads setl_time. */
export const SETL_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
