import { describe, expect, it } from 'vitest';
import { Conditions } from './sql.js';

describe('Conditions', () => {
  it('numbers the parameters in the order they are added; every ? of add stands for its one value', () => {
    const c = new Conditions().add('a.status = ?', 'raised').add('(starts_with(p.t, ?::text) OR starts_with(p.v, ?::text))', '500243101');
    expect(c.whereSql).toBe('WHERE a.status = $1 AND (starts_with(p.t, $2::text) OR starts_with(p.v, $2::text))');
    expect(c.params).toEqual(['raised', '500243101']);
  });

  it('addEach: the n-th ? for the n-th value, and a refusal when they do not match', () => {
    const c = new Conditions().add('status = ?', 'open').addEach(`(deadline < ?::date) = ?::boolean`, ['2024-01-02', true]);
    expect(c.whereSql).toBe('WHERE status = $1 AND (deadline < $2::date) = $3::boolean');
    expect(c.params).toEqual(['open', '2024-01-02', true]);
    expect(() => new Conditions().addEach('a = ? AND b = ?', [1])).toThrow(/2 placeholders for 1 values/);
  });

  it('addScope numbers its own parameters from the next index', () => {
    const c = new Conditions().add('kind = ?', 'x').addScope((i) => ({ sql: `p.admdvs = $${i}::text`, params: ['500243'] }));
    expect(c.whereSql).toBe('WHERE kind = $1 AND p.admdvs = $2::text');
    expect(c.params).toEqual(['x', '500243']);
  });

  it('no conditions: no WHERE; page binds LIMIT (and OFFSET) last', () => {
    const c = new Conditions();
    expect(c.whereSql).toBe('');
    expect(c.page(10, 20)).toBe('LIMIT $1 OFFSET $2');
    expect(c.params).toEqual([10, 20]);
    const d = new Conditions().add('a = ?', 1);
    expect(d.page(5)).toBe('LIMIT $2');
    expect(d.params).toEqual([1, 5]);
  });
});
