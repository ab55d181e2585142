import { describe, expect, it } from 'vitest';
import { flatten } from './flatten.js';

async function* source(batches: number[][], log: string[]): AsyncGenerator<number[]> {
  try {
    for (const b of batches) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      yield b;
    }
  } finally {
    log.push('closed');
  }
}

describe('flatten', () => {
  it('yields every item in order, skipping empty batches', async () => {
    const out: number[] = [];
    for await (const x of flatten(source([[1, 2], [], [3], [4, 5, 6]], []))) out.push(x);
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps order when next() calls overlap', async () => {
    const it = flatten(source([[1], [2, 3], [], [4]], []));
    const results = await Promise.all([it.next(), it.next(), it.next(), it.next(), it.next()]);
    expect(results).toEqual([
      { done: false, value: 1 },
      { done: false, value: 2 },
      { done: false, value: 3 },
      { done: false, value: 4 },
      { done: true, value: undefined },
    ]);
  });

  it('closes the source when the loop stops early', async () => {
    const log: string[] = [];
    for await (const x of flatten(source([[1, 2], [3]], log))) {
      if (x === 2) break;
    }
    expect(log).toEqual(['closed']);
  });

  it('passes errors of the source on', async () => {
    async function* failing(): AsyncGenerator<number[]> {
      yield [1];
      throw new Error('boom');
    }
    const it = flatten(failing());
    await expect(it.next()).resolves.toEqual({ done: false, value: 1 });
    await expect(it.next()).rejects.toThrow('boom');
  });

  it('closes the source on throw() and rethrows', async () => {
    const log: string[] = [];
    const it = flatten(source([[1]], log));
    await it.next();
    await expect(it.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(log).toEqual(['closed']);
  });
});
