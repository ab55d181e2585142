import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MONITORING_OBJECTS, categoryBit, maskOf } from './category.js';
import type { Category } from './category.js';
import { NO_HOLDING, holdingAt } from './identity.js';
import type { HoldingRules, IdentitySpan } from './identity.js';
import type { IsoDate } from '../time/date.js';

const d = (s: string): IsoDate => s as IsoDate;
const span = (category: Category, begin: string, end?: string, extra: Partial<IdentitySpan> = {}): IdentitySpan => ({
  category, begin: d(begin), end: end === undefined ? undefined : d(end), ...extra,
});
const NO_RULES: HoldingRules = {};
const ID3: HoldingRules = { riskElimination: { months: 12, mask: maskOf(MONITORING_OBJECTS) } };
const ID4: HoldingRules = { retroactive: { months: 6, mask: maskOf(['dibao', 'dibian']) } };
const BOTH: HoldingRules = { ...ID3, ...ID4 };

describe('holdingAt: dated spans', () => {
  const spans = [span('dibao', '2023-03-01', '2023-09-30')];

  it('given the begin date, then the category is held', () => {
    expect(holdingAt(spans, d('2023-03-01'), NO_RULES).mask).toBe(categoryBit('dibao'));
  });
  it('given the end date, then it is still held (end inclusive)', () => {
    const h = holdingAt(spans, d('2023-09-30'), NO_RULES);
    expect(h.mask).toBe(categoryBit('dibao'));
    expect(h.assistanceMask).toBe(categoryBit('dibao'));
  });
  it('given the day after the end, then nothing is held', () => {
    expect(holdingAt(spans, d('2023-10-01'), NO_RULES)).toEqual(NO_HOLDING);
  });
  it('given the day before the begin, then nothing is held', () => {
    expect(holdingAt(spans, d('2023-02-28'), NO_RULES)).toEqual(NO_HOLDING);
  });
  it('given an open end, then it is held on any later day', () => {
    const open = [span('tekun', '2020-01-01')];
    expect(holdingAt(open, d('2020-01-01'), NO_RULES).mask).toBe(categoryBit('tekun'));
    expect(holdingAt(open, d('2099-12-31'), NO_RULES).mask).toBe(categoryBit('tekun'));
    expect(holdingAt(open, d('2019-12-31'), NO_RULES)).toEqual(NO_HOLDING);
  });
  it('given no spans, then no holding', () => {
    expect(holdingAt([], d('2023-01-01'), BOTH)).toEqual(NO_HOLDING);
  });

  it('given several categories held on the day, then their bits are OR-ed; expired ones are not', () => {
    const several = [
      span('dibao', '2023-01-01'),
      span('tpbwd', '2022-06-01', '2023-12-31'),
      span('guer', '2021-01-01', '2023-04-30'),
      span('tekun', '2023-07-01'),
    ];
    const h = holdingAt(several, d('2023-05-15'), NO_RULES);
    expect(h.mask).toBe(maskOf(['dibao', 'tpbwd']));
    expect(h.assistanceMask).toBe(h.mask);
    expect(holdingAt(several, d('2023-07-01'), NO_RULES).mask).toBe(maskOf(['dibao', 'tpbwd', 'tekun']));
  });

  it('for any day and span, held exactly when begin ≤ day ≤ end', () => {
    const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
      .map((t) => t.toISOString().slice(0, 10));
    fc.assert(fc.property(day, day, day, fc.boolean(), (a, b, x, open) => {
      const [begin, end] = a <= b ? [a, b] : [b, a];
      const s = span('dibian', begin, open ? undefined : end);
      const held = x >= begin && (open || x <= end);
      expect(holdingAt([s], d(x), NO_RULES).mask).toBe(held ? categoryBit('dibian') : 0);
    }));
  });
});

describe('holdingAt: disability grade', () => {
  it('given several disability spans, then the most severe (lowest) grade held on the day', () => {
    const spans = [
      span('disabled', '2020-01-01', undefined, { level: 3 }),
      span('disabled', '2022-01-01', undefined, { level: 1 }),
      span('disabled', '2021-01-01', undefined, { level: 2 }),
    ];
    expect(holdingAt(spans, d('2020-06-01'), NO_RULES).disabilityGrade).toBe(3);
    expect(holdingAt(spans, d('2021-06-01'), NO_RULES).disabilityGrade).toBe(2);
    expect(holdingAt(spans, d('2023-06-01'), NO_RULES).disabilityGrade).toBe(1);
    expect(holdingAt(spans, d('2023-06-01'), NO_RULES).mask).toBe(categoryBit('disabled'));
  });
  it('given a grade that is no longer held, then it does not count', () => {
    const spans = [
      span('disabled', '2020-01-01', '2021-12-31', { level: 1 }),
      span('disabled', '2022-01-01', undefined, { level: 4 }),
    ];
    expect(holdingAt(spans, d('2021-12-31'), NO_RULES).disabilityGrade).toBe(1);
    expect(holdingAt(spans, d('2022-01-01'), NO_RULES).disabilityGrade).toBe(4);
  });
  it('given no disability held, then grade 0; a level on another category is ignored', () => {
    expect(holdingAt([span('dibao', '2020-01-01', undefined, { level: 1 })], d('2023-01-01'), NO_RULES).disabilityGrade).toBe(0);
    expect(holdingAt([span('disabled', '2020-01-01')], d('2023-01-01'), NO_RULES).disabilityGrade).toBe(0);
    expect(holdingAt([span('disabled', '2024-01-01', undefined, { level: 2 })], d('2023-01-01'), NO_RULES).disabilityGrade).toBe(0);
  });
});

describe('holdingAt: ID-3 risk elimination keeps monitoring objects 12 months after the mark', () => {
  const marked = [span('tpbwd', '2022-01-01', '2023-03-10', { riskEliminated: d('2023-03-10') })];

  it('given the last day of the twelve months, then still held', () => {
    const h = holdingAt(marked, d('2024-03-09'), ID3);
    expect(h.mask).toBe(categoryBit('tpbwd'));
    expect(h.assistanceMask).toBe(categoryBit('tpbwd'));
  });
  it('given the day twelve months after the mark, then no longer held', () => {
    expect(holdingAt(marked, d('2024-03-10'), ID3)).toEqual(NO_HOLDING);
  });
  it('given a day between the end and the twelve months, then held', () => {
    expect(holdingAt(marked, d('2023-03-11'), ID3).mask).toBe(categoryBit('tpbwd'));
  });
  it.each(MONITORING_OBJECTS.map((c) => [c]))('applies to the monitoring object %s', (c) => {
    const s = [span(c, '2022-01-01', '2023-03-10', { riskEliminated: d('2023-03-10') })];
    expect(holdingAt(s, d('2024-03-09'), ID3).mask).toBe(categoryBit(c));
    expect(holdingAt(s, d('2024-03-10'), ID3).mask).toBe(0);
  });
  it('given an open span marked risk-eliminated, then held up to the day before twelve months run out', () => {
    const s = [span('byyzp', '2022-01-01', undefined, { riskEliminated: d('2023-03-10') })];
    expect(holdingAt(s, d('2024-03-09'), ID3).mask).toBe(categoryBit('byyzp'));
    expect(holdingAt(s, d('2024-03-10'), ID3).mask).toBe(0);
  });
  it('given a listed end later than the twelve months, then the listed end still governs', () => {
    const s = [span('tpbwd', '2022-01-01', '2024-12-31', { riskEliminated: d('2023-03-10') })];
    expect(holdingAt(s, d('2024-12-31'), ID3).mask).toBe(categoryBit('tpbwd'));
    expect(holdingAt(s, d('2025-01-01'), ID3).mask).toBe(0);
  });
  it('given a mark at a month end, then the twelve months clamp (2023-02-28 → through 2024-02-27)', () => {
    const s = [span('tfkn', '2022-01-01', '2023-02-28', { riskEliminated: d('2023-02-28') })];
    expect(holdingAt(s, d('2024-02-27'), ID3).mask).toBe(categoryBit('tfkn'));
    expect(holdingAt(s, d('2024-02-28'), ID3).mask).toBe(0);
  });
  it('given a category not in the mask, then it is not extended', () => {
    const s = [span('dibao', '2022-01-01', '2023-03-10', { riskEliminated: d('2023-03-10') })];
    expect(holdingAt(s, d('2023-03-10'), ID3).mask).toBe(categoryBit('dibao'));
    expect(holdingAt(s, d('2023-03-11'), ID3)).toEqual(NO_HOLDING);
  });
  it('given no rules, then a marked monitoring object is not extended', () => {
    expect(holdingAt(marked, d('2023-03-10'), NO_RULES).mask).toBe(categoryBit('tpbwd'));
    expect(holdingAt(marked, d('2023-03-11'), NO_RULES)).toEqual(NO_HOLDING);
  });
  it('given a span without a mark, then the rule does not extend it', () => {
    const s = [span('tpbwd', '2022-01-01', '2023-03-10')];
    expect(holdingAt(s, d('2023-03-11'), ID3)).toEqual(NO_HOLDING);
  });
});

describe('holdingAt: ID-4 retroactive recognition counts 6 months back, for assistance only', () => {
  const recognised = [span('dibao', '2023-07-01', undefined, { illnessRecognised: true })];

  it('given the first day of the six months before recognition, then it counts for assistance but is not held', () => {
    const h = holdingAt(recognised, d('2023-01-01'), ID4);
    expect(h.assistanceMask).toBe(categoryBit('dibao'));
    expect(h.mask).toBe(0);
  });
  it('given the day before the six months, then it does not count', () => {
    expect(holdingAt(recognised, d('2022-12-31'), ID4)).toEqual(NO_HOLDING);
  });
  it('for every day before the begin, it is never in mask', () => {
    for (const day of ['2022-12-31', '2023-01-01', '2023-03-15', '2023-06-30']) {
      expect(holdingAt(recognised, d(day), ID4).mask).toBe(0);
    }
    expect(holdingAt(recognised, d('2023-06-30'), ID4).assistanceMask).toBe(categoryBit('dibao'));
  });
  it('given the begin date, then held in both masks', () => {
    const h = holdingAt(recognised, d('2023-07-01'), ID4);
    expect(h.mask).toBe(categoryBit('dibao'));
    expect(h.assistanceMask).toBe(categoryBit('dibao'));
  });
  it('applies to dibian as well', () => {
    const s = [span('dibian', '2023-07-01', '2023-12-31', { illnessRecognised: true })];
    expect(holdingAt(s, d('2023-01-01'), ID4).assistanceMask).toBe(categoryBit('dibian'));
  });
  it('given recognition not because of illness, then no retroactive effect', () => {
    for (const s of [span('dibao', '2023-07-01'), span('dibao', '2023-07-01', undefined, { illnessRecognised: false })]) {
      expect(holdingAt([s], d('2023-01-01'), ID4)).toEqual(NO_HOLDING);
      expect(holdingAt([s], d('2023-06-30'), ID4)).toEqual(NO_HOLDING);
    }
  });
  it('given a category not in the mask, then no retroactive effect', () => {
    const s = [span('tekun', '2023-07-01', undefined, { illnessRecognised: true })];
    expect(holdingAt(s, d('2023-06-30'), ID4)).toEqual(NO_HOLDING);
  });
  it('given no rules, then no retroactive effect', () => {
    expect(holdingAt(recognised, d('2023-06-30'), NO_RULES)).toEqual(NO_HOLDING);
  });
  it('given another category held, then the retroactive bit joins assistanceMask only', () => {
    const spans = [...recognised, span('tuopin', '2020-01-01')];
    const h = holdingAt(spans, d('2023-03-01'), BOTH);
    expect(h.mask).toBe(categoryBit('tuopin'));
    expect(h.assistanceMask).toBe(maskOf(['tuopin', 'dibao']));
  });
  it('for any day, assistanceMask always contains mask', () => {
    const day = fc.date({ min: new Date('2021-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
      .map((t) => d(t.toISOString().slice(0, 10)));
    const spans = [
      ...recognised,
      span('dibian', '2024-03-31', '2024-10-31', { illnessRecognised: true }),
      span('tpbwd', '2022-01-01', '2023-03-10', { riskEliminated: d('2023-03-10') }),
      span('disabled', '2022-05-01', undefined, { level: 2 }),
    ];
    fc.assert(fc.property(day, (x) => {
      const h = holdingAt(spans, x, BOTH);
      expect(h.assistanceMask & h.mask).toBe(h.mask);
    }));
  });
});
