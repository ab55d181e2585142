import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BasisPoints } from '../money/ratio.js';
import type { CompiledCaseKind } from './kinds.js';
import { checkDecision } from './decision.js';
import { CaseError } from './workflow.js';

const cite = { doc: 'doc', clause: '§1' };
const special: CompiledCaseKind = {
  id: 'CASE-1', type: 'special', title: '一事一议', cite, clause: 'doc §1', categories: ['tuopin'], sources: ['social_assistance', 'donation', 'mutual_aid'],
  levels: ['township', 'bureau'], cap: 'personal', townshipShareMin: undefined, alertRule: undefined, packId: 'p', packVersion: '1', illustrative: false,
};
const oneThing: CompiledCaseKind = { ...special, id: 'CASE-3', type: 'one_thing', sources: ['township', 'treasury'], townshipShareMin: 6000 as BasisPoints };

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof CaseError) return e.code;
    throw e;
  }
  return 'accepted';
}

describe('case decision', () => {
  it('orders the lines as the pack lists the sources and sums them', () => {
    const d = checkDecision({ kind: special, lines: [{ source: 'mutual_aid', amount: 300 }, { source: 'social_assistance', amount: 700 }], cap: 5000, otherCases: 0 });
    expect(d.lines).toEqual([{ source: 'social_assistance', amount: 700 }, { source: 'mutual_aid', amount: 300 }]);
    expect(d.total).toBe(1000);
  });

  it('refuses a source the kind does not name, a repeated source, a zero or fractional amount, and no line', () => {
    expect(code(() => checkDecision({ kind: special, lines: [{ source: 'treasury', amount: 1 }], cap: 10, otherCases: 0 }))).toBe('wrong-source');
    expect(code(() => checkDecision({ kind: special, lines: [{ source: 'nobody', amount: 1 }], cap: 10, otherCases: 0 }))).toBe('wrong-source');
    expect(code(() => checkDecision({ kind: special, lines: [{ source: 'donation', amount: 1 }, { source: 'donation', amount: 1 }], cap: 10, otherCases: 0 }))).toBe('duplicate-source');
    expect(code(() => checkDecision({ kind: special, lines: [{ source: 'donation', amount: 0 }], cap: 10, otherCases: 0 }))).toBe('bad-amount');
    expect(code(() => checkDecision({ kind: special, lines: [{ source: 'donation', amount: 1.5 }], cap: 10, otherCases: 0 }))).toBe('bad-amount');
    expect(code(() => checkDecision({ kind: special, lines: [], cap: 10, otherCases: 0 }))).toBe('no-amount');
  });

  it('keeps the year\u2019s case amounts within the cap: just below, at and above', () => {
    const one = (amount: number) => code(() => checkDecision({ kind: special, lines: [{ source: 'donation', amount }], cap: 100_000, otherCases: 40_000 }));
    expect(one(59_999)).toBe('accepted');
    expect(one(60_000)).toBe('accepted');
    expect(one(60_001)).toBe('above-cap');
  });

  it('一件事: the township bears at least 60 % — just below, at and above', () => {
    const split = (township: number) =>
      code(() => checkDecision({ kind: oneThing, lines: [{ source: 'township', amount: township }, { source: 'treasury', amount: 1_000_000 - township }], cap: 5_000_000, otherCases: 0 }));
    expect(split(599_999)).toBe('township-share');
    expect(split(600_000)).toBe('accepted');
    expect(split(600_001)).toBe('accepted');
    expect(code(() => checkDecision({ kind: oneThing, lines: [{ source: 'treasury', amount: 1 }], cap: 10, otherCases: 0 }))).toBe('township-share');
    expect(code(() => checkDecision({ kind: oneThing, lines: [{ source: 'township', amount: 1 }], cap: 10, otherCases: 0 }))).toBe('accepted');
  });

  it('accepted decisions respect the share and the cap exactly (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 30_000_000 }), (t, r, cap) => {
        const lines = [...(t > 0 ? [{ source: 'township', amount: t }] : []), ...(r > 0 ? [{ source: 'treasury', amount: r }] : [])];
        const c = code(() => checkDecision({ kind: oneThing, lines, cap, otherCases: 0 }));
        if (c !== 'accepted') return;
        expect(t + r).toBeLessThanOrEqual(cap);
        expect(t * 10_000).toBeGreaterThanOrEqual(6000 * (t + r));
      }),
    );
  });
});
