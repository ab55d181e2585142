/** Bad configuration: a pack that does not load. Names the file and the key, in Chinese and English. */
export class PackError extends Error {
  constructor(
    readonly code: PackErrorCode,
    readonly file: string,
    readonly key: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${file}${key ? ` ${key}` : ''}: ${zh} / ${en}`);
    this.name = 'PackError';
  }
}

export type PackErrorCode =
  | 'not-found'
  | 'yaml'
  | 'unknown-key'
  | 'missing-key'
  | 'bad-value'
  | 'no-citation'
  | 'bad-citation'
  | 'quote-not-found'
  | 'extends-cycle'
  | 'bad-date';
