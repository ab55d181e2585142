import { describe, expect, it } from 'vitest';
import type { RegionPolicy } from '../policy/regions.js';
import { canSeeRect, rectificationClause } from './rectifications.js';

describe('canSeeRect', () => {
  const county = { admdvs: '500243', town_admdvs: null };
  const town = { admdvs: '500243', town_admdvs: '500243101' };
  const other = { admdvs: '500243', town_admdvs: '500243102' };
  it('no limit sees everything; no area nothing', () => {
    expect([county, town, other].map((r) => canSeeRect(null, r))).toEqual([true, true, true]);
    expect([county, town, other].map((r) => canSeeRect('', r))).toEqual([false, false, false]);
  });
  it('a township prefix sees its townships only; a 6-digit prefix the whole county', () => {
    expect([county, town, other].map((r) => canSeeRect('500243101', r))).toEqual([false, true, false]);
    expect([county, town, other].map((r) => canSeeRect('500243', r))).toEqual([true, true, true]);
    expect(canSeeRect('500244', county)).toBe(false);
  });
});

it('rectificationClause: the first pack that cites cases.rectification, as doc §clause', () => {
  const region = (packs: unknown[]) => ({ packs }) as unknown as RegionPolicy;
  expect(rectificationClause(region([{}, { cases: {} }]))).toBeUndefined();
  expect(rectificationClause(region([{ cases: {} }, { cases: { rectification: { doc: 'heze', clause: '三' } } }, { cases: { rectification: { doc: 'b', clause: '1' } } }]))).toBe('heze §三');
});
