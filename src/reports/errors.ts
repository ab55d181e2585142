/**
 * Bad input to a report: a period that does not parse, a previous report that is not the previous
 * period's, two documents that cannot be compared. `code` is stable (callers branch on it, tests
 * assert it); the message is "中文 / English", as the edges show it to the bureau's operators.
 */
export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
    this.name = 'ReportError';
  }
}

export type ReportErrorCode = 'bad-period' | 'previous-mismatch' | 'not-comparable';
