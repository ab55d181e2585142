/**
 * The one error type thrown by the ingest layer. `code` is a stable machine-readable key (callers
 * branch on it, tests assert it); `message` is bilingual "中文 / English" like reject reasons, because
 * these errors reach operators at the bureau as well as developers.
 *
 * Lives in its own file so that the readers can throw it without importing table.ts, which imports
 * them (a cycle would make the class undefined at load time in some import orders).
 */
export class IngestError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'IngestError';
  }
}
