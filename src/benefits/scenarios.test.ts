import { describe as group, expect, it } from 'vitest';
import { describe, loadScenarios, normaliseExpected } from './test-support/scenario.js';

const scenarios = loadScenarios();

group('policy scenarios (policies/<region>/scenarios/*.yaml)', () => {
  it('there are scenarios for every shipped region', () => {
    const regions = new Set(scenarios.map((s) => s.file.split('/')[0]));
    expect([...regions].sort()).toEqual(expect.arrayContaining(['sd-heze']));
  });
  for (const s of scenarios) {
    it(`${s.file}: ${s.rule ? `${s.rule} ` : ''}${s.name}`, () => {
      const outcomes = s.run();
      for (const [setlId, expected] of Object.entries(s.expect)) {
        const actual = describe(outcomes.get(setlId));
        const wanted = normaliseExpected(expected);
        const picked = Object.fromEntries(Object.keys(wanted).map((k) => [k, actual[k]]));
        expect({ setlId, ...picked }).toEqual({ setlId, ...wanted });
      }
    });
  }
});
