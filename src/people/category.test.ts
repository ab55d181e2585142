import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_INFO, MONITORING_OBJECTS, categoryBit, isCategory, maskOf, parseCategory } from './category.js';
import type { Category } from './category.js';

const allAliases: [string, Category][] = CATEGORIES.flatMap((c) => CATEGORY_INFO[c].aliases.map((a): [string, Category] => [a, c]));

describe('CATEGORY_INFO', () => {
  it('has one entry per category, keyed by its own code, whose Chinese name is among its aliases', () => {
    expect(Object.keys(CATEGORY_INFO).sort()).toEqual([...CATEGORIES].sort());
    for (const c of CATEGORIES) {
      expect(CATEGORY_INFO[c].code).toBe(c);
      expect(CATEGORY_INFO[c].aliases).toContain(CATEGORY_INFO[c].zh);
    }
  });
  it('maps every Chinese name POLICY-SPEC §1 lists', () => {
    const spec: [string, Category][] = [
      ['特困人员', 'tekun'], ['特困供养人员', 'tekun'], ['低保对象', 'dibao'], ['最低生活保障家庭成员', 'dibao'],
      ['低保边缘户', 'dibian'], ['低保边缘家庭成员', 'dibian'], ['低边', 'dibian'], ['返贫致贫人口', 'fanpin'],
      ['脱贫不稳定户', 'tpbwd'], ['边缘易致贫户', 'byyzp'], ['突发严重困难户', 'tfkn'], ['脱贫人口', 'tuopin'],
      ['稳定脱贫人口', 'tuopin'], ['支出型困难人口', 'zcxkn'], ['支出型贫困对象', 'zcxkn'], ['因病致贫重病患者', 'ybzp'],
      ['孤儿', 'guer'], ['事实无人抚养儿童', 'swrfy'], ['残疾人证', 'disabled'],
    ];
    for (const [zh, code] of spec) expect(parseCategory(zh)).toBe(code);
  });
  it('gives no alias to two categories', () => {
    const seen = new Map<string, Category>();
    for (const [alias, c] of allAliases) {
      const before = seen.get(alias);
      if (before !== undefined) expect(before).toBe(c);
      seen.set(alias, c);
    }
    for (const c of CATEGORIES) expect(seen.get(c) ?? c).toBe(c);
  });
});

describe('parseCategory', () => {
  it.each(CATEGORIES.map((c) => [c]))('given the code %s, then that code', (c) => {
    expect(parseCategory(c)).toBe(c);
  });
  it.each(allAliases)('given the alias %s, then %s', (alias, c) => {
    expect(parseCategory(alias)).toBe(c);
  });
  it('given surrounding spaces, then they are ignored', () => {
    expect(parseCategory('  低保对象 ')).toBe('dibao');
    expect(parseCategory('\ttekun\n')).toBe('tekun');
    expect(parseCategory('\u3000孤儿 ')).toBe('guer');
  });
  it.each([[''], ['   '], ['unknown'], ['监测对象'], ['低保 对象'], ['TEKUN'], ['dibao2']])(
    'given unknown text %j, then undefined',
    (text) => {
      expect(parseCategory(text)).toBeUndefined();
    },
  );
});

describe('isCategory', () => {
  it('given a code, then true; given an alias or other text, then false', () => {
    for (const c of CATEGORIES) expect(isCategory(c)).toBe(true);
    expect(isCategory('低保对象')).toBe(false);
    expect(isCategory('')).toBe(false);
  });
});

describe('categoryBit and maskOf', () => {
  it('gives every category one distinct bit that fits a 32-bit mask', () => {
    const bits = CATEGORIES.map(categoryBit);
    expect(new Set(bits).size).toBe(CATEGORIES.length);
    for (const b of bits) {
      expect(b).toBeGreaterThan(0);
      expect(b & (b - 1)).toBe(0); // a single bit
      expect(b | 0).toBe(b);
    }
    expect(bits.reduce((m, b) => m | b, 0)).toBe(maskOf(CATEGORIES));
  });
  it('ORs the bits of the listed categories', () => {
    expect(maskOf([])).toBe(0);
    expect(maskOf(['dibao'])).toBe(categoryBit('dibao'));
    expect(maskOf(['dibao', 'dibian'])).toBe(categoryBit('dibao') | categoryBit('dibian'));
    expect(maskOf(['dibao', 'dibao'])).toBe(categoryBit('dibao'));
  });
  it('keeps categories apart: a mask contains exactly the listed ones', () => {
    const m = maskOf(['tekun', 'guer', 'disabled']);
    for (const c of CATEGORIES) {
      expect((m & categoryBit(c)) !== 0).toBe(c === 'tekun' || c === 'guer' || c === 'disabled');
    }
  });
});

describe('MONITORING_OBJECTS', () => {
  it('is tpbwd, byyzp and tfkn (监测对象, POLICY-SPEC §1)', () => {
    expect([...MONITORING_OBJECTS].sort()).toEqual(['byyzp', 'tfkn', 'tpbwd']);
  });
});
