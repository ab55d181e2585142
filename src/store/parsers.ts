/**
 * How both engines turn PostgreSQL's text output into JS values (type OIDs are PostgreSQL's
 * fixed catalogue numbers). The PGlite adapter passes these as its `parsers` option, the pg
 * adapter through the Pool's `types.getTypeParser`.
 */
export const OID = { INT8: 20, DATE: 1082, TIMESTAMP: 1114 } as const;

/** int8 → number: exact below 2^53, which a fen amount always is; beyond it, an error, never a rounded number. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`bigint ${text} is beyond JavaScript's safe integers (±${Number.MAX_SAFE_INTEGER}): refusing to round it`);
  }
  return n;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** timestamp without time zone → 'yyyy-MM-dd HH:mm:ss' as stored (the columns are timestamp(0)). */
export function parseTimestamp(text: string): string {
  if (!TIMESTAMP.test(text)) throw new Error(`timestamp '${text}' is not in ISO form: the session needs DateStyle = ISO`);
  return text;
}

/** date → 'yyyy-MM-dd'. */
export function parseDate(text: string): string {
  if (!DATE.test(text)) throw new Error(`date '${text}' is not in ISO form: the session needs DateStyle = ISO`);
  return text;
}

export const PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [OID.INT8]: parseInt8,
  [OID.DATE]: parseDate,
  [OID.TIMESTAMP]: parseTimestamp,
};
