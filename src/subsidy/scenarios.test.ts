import { describe as group, expect, it } from 'vitest';
import { describeSubsidy, loadSubsidyScenarios, normaliseSubsidyExpected } from './test-support/scenario.js';

const scenarios = loadSubsidyScenarios();

group('subsidy scenarios (policies/<region>/scenarios/subsidies.yaml)', () => {
  it('there are subsidy scenarios for every region whose pack states subsidies', () => {
    const regions = new Set(scenarios.map((s) => s.file.split('/')[0]));
    expect([...regions].sort()).toEqual(expect.arrayContaining(['cq-pengshui', 'demo-cq-pengshui', 'gx', 'zj-yuecheng']));
  });
  for (const s of scenarios) {
    it(`${s.file}: ${s.rule ? `${s.rule} ` : ''}${s.name}`, () => {
      const actual = describeSubsidy(s.run());
      const wanted = normaliseSubsidyExpected(s.expect);
      const picked = Object.fromEntries(Object.keys(wanted).map((k) => [k, actual[k]]));
      expect(picked).toEqual(wanted);
    });
  }
});
