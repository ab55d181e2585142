/**
 * Turns an async source of arrays into an async source of their items, for the per-row API of
 * the readers.
 *
 * Hand-written rather than `for (const x of batch) yield x` in an async generator function:
 * each `yield` of an async generator costs several promise jobs, and a million of them measured
 * ~0.2 s of a ~1.5 s CSV read. Here an item already in hand costs one resolved promise.
 */
class Flattened<T> implements AsyncGenerator<T, undefined, unknown> {
  private batch: readonly T[] = [];
  private index = 0;
  /** Set while a batch is being fetched, so that overlapping next() calls stay in order. */
  private fetching: Promise<IteratorResult<T, undefined>> | undefined;

  constructor(private readonly batches: AsyncGenerator<readonly T[], unknown, unknown>) {}

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.fetching !== undefined) return this.fetching.then(() => this.next());
    if (this.index < this.batch.length) {
      return Promise.resolve({ done: false, value: this.batch[this.index++] as T });
    }
    const fetching = this.fetch();
    this.fetching = fetching;
    const clear = (): void => {
      if (this.fetching === fetching) this.fetching = undefined;
    };
    fetching.then(clear, clear);
    return fetching;
  }

  private async fetch(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      const r = await this.batches.next();
      if (r.done === true) {
        this.batch = [];
        this.index = 0;
        return { done: true, value: undefined };
      }
      if (r.value.length > 0) {
        this.batch = r.value;
        this.index = 1;
        return { done: false, value: r.value[0] as T };
      }
    }
  }

  /** Stops early (a `break` out of for-await): lets the source close its file. */
  async return(): Promise<IteratorResult<T, undefined>> {
    this.batch = [];
    this.index = 0;
    await this.batches.return(undefined);
    return { done: true, value: undefined };
  }

  async throw(err: unknown): Promise<IteratorResult<T, undefined>> {
    await this.return();
    throw err;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

export function flatten<T>(batches: AsyncGenerator<readonly T[], unknown, unknown>): AsyncGenerator<T, undefined, unknown> {
  return new Flattened(batches);
}
