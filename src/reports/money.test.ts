/**
 * REP-4, REP-5 and REP-6 on the hand-checked population (money in population.ts MONEY; amounts
 * below in yuan as displayed). Groups: A tekun, B dibao, F dibian (held to 05-15, so in H1 and Q2),
 * C tpbwd (ID-3), H byyzp (from 05-10), G tuopin, J fanpin (no money); D E I K none.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { inputOf, MONEY, MONEY_Q1_A, T1, T2 } from './test-support/population.js';
import { keysOf, rowOf, tableOf } from './test-support/read.js';

const H1 = buildReport(inputOf('analysis', '2023-H1', '2023-07-10T02:00:00Z'));
const YEAR = buildReport(inputOf('analysis', '2023', '2024-01-20T00:00:00Z'));

describe('REP-4 data analysis', () => {
  it('splits the costs of tekun, dibao and dibian by tier, with the personal burden and case money', () => {
    expect(keysOf(H1, 'by-group')).toEqual(['tekun', 'dibao', 'dibian', 'three', 'others']);
    expect(rowOf(H1, 'by-group', 'tekun')).toEqual({
      group: '特困人员', persons: '1', withSettlements: '1', settlements: '2', total: '10000.00', policyScope: '8000.00', basic: '5000.00', criticalIllness: '0.00',
      assistance: '1500.00', reAssistance: '500.00', personal: '3000.00', cases: '1500.00', personalAfterCases: '', protection: '70.0%',
    });
    expect(rowOf(H1, 'by-group', 'dibao')).toMatchObject({ persons: '1', settlements: '1', total: '2000.00', basic: '900.00', assistance: '300.00', personal: '800.00', cases: '0.00', protection: '60.0%' });
    // 3,500 / 6,000 = 58.33… → 58.3 %
    expect(rowOf(H1, 'by-group', 'dibian')).toMatchObject({ persons: '1', total: '6000.00', basic: '3000.00', assistance: '500.00', personal: '2500.00', protection: '58.3%' });
    expect(rowOf(H1, 'by-group', 'three')).toMatchObject({
      group: '三类人员小计', persons: '3', withSettlements: '3', settlements: '4', total: '18000.00', policyScope: '14500.00', basic: '8900.00', criticalIllness: '0.00',
      assistance: '2300.00', reAssistance: '500.00', personal: '6300.00', cases: '1500.00', protection: '65.0%',
    });
    expect(tableOf(H1, 'by-group').rows.find((r) => r.key === 'three')?.subtotal).toBe(true);
    // C G H K with settlements; D E I J without; 102,000 / 191,000 = 53.40… → 53.4 %
    expect(rowOf(H1, 'by-group', 'others')).toMatchObject({
      persons: '8', withSettlements: '4', settlements: '7', total: '191000.00', policyScope: '166000.00', basic: '85000.00', criticalIllness: '17000.00',
      assistance: '0.00', reAssistance: '0.00', personal: '89000.00', cases: '10000.00', protection: '53.4%',
    });
    // 113,700 / 209,000 = 54.40… → 54.4 %
    expect(rowOf(H1, 'by-group', 'total')).toMatchObject({
      group: '全体人员', persons: '11', withSettlements: '7', settlements: '11', total: '209000.00', policyScope: '180500.00', basic: '93900.00', criticalIllness: '17000.00',
      assistance: '2300.00', reAssistance: '500.00', personal: '95300.00', cases: '11500.00', personalAfterCases: '', protection: '54.4%',
    });
  });

  it('gives the figures that combine case money with the period\'s money in a year\'s report only', () => {
    expect(rowOf(YEAR, 'by-group', 'tekun')).toMatchObject({ personal: '3000.00', cases: '1500.00', personalAfterCases: '1500.00' });
    expect(rowOf(YEAR, 'by-group', 'total')).toMatchObject({ personal: '95300.00', cases: '11500.00', personalAfterCases: '83800.00' });
    expect(YEAR.definitions.some((d) => d.term.includes('含个案'))).toBe(true);
    expect(H1.definitions.some((d) => d.term.includes('含个案'))).toBe(false);
  });

  it('per township: everyone, and the three groups', () => {
    expect(keysOf(H1, 'by-town')).toEqual([T1, T2, '(none)']);
    // T1: A B C
    expect(rowOf(H1, 'by-town', T1)).toMatchObject({ persons: '5', withSettlements: '3', settlements: '6', total: '42000.00', policyScope: '34500.00', basic: '20900.00', criticalIllness: '2000.00', assistance: '1800.00', reAssistance: '500.00', personal: '16800.00', cases: '1500.00', protection: '60.0%' });
    // T2: F G H
    expect(rowOf(H1, 'by-town', T2)).toMatchObject({ persons: '5', withSettlements: '3', settlements: '4', total: '107000.00', basic: '43000.00', criticalIllness: '10000.00', assistance: '500.00', personal: '53500.00', cases: '10000.00', protection: '50.0%' });
    expect(rowOf(H1, 'by-town', '(none)')).toMatchObject({ persons: '1', total: '60000.00', personal: '25000.00', protection: '58.3%' });
    expect(rowOf(H1, 'by-town', 'total')).toMatchObject({ total: '209000.00', personal: '95300.00' });
    // 8,200 / 12,000 = 68.33… → 68.3 %
    expect(rowOf(H1, 'by-town-three', T1)).toMatchObject({ persons: '2', settlements: '3', total: '12000.00', basic: '5900.00', assistance: '1800.00', reAssistance: '500.00', personal: '3800.00', protection: '68.3%' });
    expect(rowOf(H1, 'by-town-three', '(none)')).toMatchObject({ persons: '0', total: '0.00', protection: '' });
    expect(rowOf(H1, 'by-town-three', 'total')).toMatchObject({ persons: '3', total: '18000.00' });
  });

  it('distributes the persons with settlements by personal burden, each lower bound included', () => {
    // B 800 | A 3,000, F 2,500, G 1,000 | — | C 13,000 | K 25,000 | H 50,000
    expect(keysOf(H1, 'burden')).toEqual(['lt1k', '1k-5k', '5k-10k', '10k-20k', '20k-50k', 'ge50k']);
    expect(rowOf(H1, 'burden', 'lt1k')).toEqual({ band: '1千元以下', persons: '1', tekun: '0', dibao: '1', dibian: '0', amount: '800.00' });
    expect(rowOf(H1, 'burden', '1k-5k')).toEqual({ band: '1千–5千元', persons: '3', tekun: '1', dibao: '0', dibian: '1', amount: '6500.00' });
    expect(rowOf(H1, 'burden', '5k-10k')).toMatchObject({ persons: '0', amount: '0.00' });
    expect(rowOf(H1, 'burden', '10k-20k')).toMatchObject({ persons: '1', amount: '13000.00' });
    expect(rowOf(H1, 'burden', '20k-50k')).toMatchObject({ persons: '1', amount: '25000.00' });
    expect(rowOf(H1, 'burden', 'ge50k')).toMatchObject({ persons: '1', amount: '50000.00' });
    expect(rowOf(H1, 'burden', 'total')).toEqual({ band: '合计', persons: '7', tekun: '1', dibao: '1', dibian: '1', amount: '95300.00' });
    const chart = H1.charts.find((c) => c.id === 'burden');
    expect(chart?.type).toBe('histogram');
    expect(chart?.series).toEqual([{ name: '全体人员', values: [1, 3, 0, 1, 1, 1] }, { name: '特困、低保、低边', values: [1, 2, 0, 0, 0, 0] }]);
    expect(H1.definitions.find((d) => d.term.startsWith('个人负担分布'))?.text).toContain('不是文件规定');
  });

  it('counts case money by source and alerts by rule', () => {
    expect(rowOf(H1, 'cases', 'donation')).toEqual({ source: '社会捐赠', persons: '1', amount: '1000.00' });
    expect(rowOf(H1, 'cases', 'township')).toMatchObject({ persons: '1', amount: '500.00' });
    expect(rowOf(H1, 'cases', 'medical_assistance')).toMatchObject({ persons: '1', amount: '10000.00' });
    expect(rowOf(H1, 'cases', 'treasury')).toMatchObject({ persons: '0', amount: '0.00' });
    expect(rowOf(H1, 'cases', 'total')).toEqual({ source: '合计', persons: '2', amount: '11500.00' });
    expect(keysOf(H1, 'alerts')).toEqual(['MON-CQ-1', 'MON-X']);
    expect(rowOf(H1, 'alerts', 'MON-CQ-1')).toMatchObject({ raised: '3', pushed: '2', verified: '1', included: '1', closed: '0' });
    expect(rowOf(H1, 'alerts', 'MON-CQ-1').title).toContain('监测标准2倍');
    expect(rowOf(H1, 'alerts', 'MON-X')).toMatchObject({ title: '', raised: '1', pushed: '0' });
    expect(rowOf(H1, 'alerts', 'total')).toMatchObject({ raised: '4', pushed: '2', verified: '1', included: '1', closed: '0' });
  });

  it('says 商业补充保险 is not in the data, and shows the tier shares', () => {
    expect(H1.definitions.find((d) => d.term.startsWith('商业补充保险'))?.text).toContain('不在本系统数据中');
    const pie = H1.charts.find((c) => c.type === 'pie');
    expect(pie?.labels).toEqual(['基本医保', '大病保险', '医疗救助', '再救助', '个人负担']);
    expect(pie?.series[0]?.values).toEqual([9_390_000, 1_700_000, 230_000, 50_000, 9_530_000]);
    const yearPie = YEAR.charts.find((c) => c.type === 'pie');
    expect(yearPie?.labels).toEqual(['基本医保', '大病保险', '医疗救助', '再救助', '个案救助', '个案救助后个人负担']);
    expect(yearPie?.series[0]?.values).toEqual([9_390_000, 1_700_000, 230_000, 50_000, 1_150_000, 8_380_000]);
  });
});

describe('REP-6 comprehensive protection rate and policy-scope ratios', () => {
  const Q2 = buildReport(inputOf('protection', '2023-Q2', '2023-07-10T02:00:00Z'));

  it('per category: tiers ÷ total cost, each tier ÷ policy-scope cost, assistance ÷ what basic and critical illness left', () => {
    expect(keysOf(Q2, 'by-group')).toEqual(['tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin', 'categories', 'others']);
    // A: 7,000 / 10,000; 5,000 / 8,000 = 62.5 %; 1,500 / 8,000 = 18.75 → 18.7 %; 500 / 8,000 = 6.25 → 6.2 %; 7,000 / 8,000; 1,500 / (8,000 − 5,000)
    expect(rowOf(Q2, 'by-group', 'tekun')).toEqual({
      group: '特困人员', withSettlements: '1', settlements: '2', total: '10000.00', policyScope: '8000.00', basic: '5000.00', criticalIllness: '0.00', assistance: '1500.00',
      reAssistance: '500.00', cases: '1500.00', protection: '70.0%', protectionWithCases: '', basicRatio: '62.5%', criticalIllnessRatio: '0.0%', assistanceRatio: '18.7%',
      reAssistanceRatio: '6.2%', tiersRatio: '87.5%', assistanceOfSelfPaid: '50.0%',
    });
    expect(rowOf(Q2, 'by-group', 'dibao')).toMatchObject({ protection: '60.0%', basicRatio: '60.0%', assistanceRatio: '20.0%', tiersRatio: '80.0%', assistanceOfSelfPaid: '50.0%' });
    expect(rowOf(Q2, 'by-group', 'dibian')).toMatchObject({ protection: '58.3%', basicRatio: '60.0%', assistanceRatio: '10.0%', tiersRatio: '70.0%', assistanceOfSelfPaid: '25.0%' });
    expect(rowOf(Q2, 'by-group', 'fanpin')).toMatchObject({ withSettlements: '0', total: '0.00', protection: '', basicRatio: '', assistanceOfSelfPaid: '' });
    // C: 17,000 / 30,000 = 56.66… → 56.6 %
    expect(rowOf(Q2, 'by-group', 'tpbwd')).toMatchObject({ settlements: '3', protection: '56.6%', basicRatio: '60.0%', criticalIllnessRatio: '8.0%', tiersRatio: '68.0%', assistanceOfSelfPaid: '0.0%' });
    // H: 40,000 / 90,000 = 44.4…; 10,000 / 90,000 = 11.1…; 50,000 / 90,000 = 55.5…
    expect(rowOf(Q2, 'by-group', 'byyzp')).toMatchObject({ cases: '10000.00', protection: '50.0%', basicRatio: '44.4%', criticalIllnessRatio: '11.1%', tiersRatio: '55.5%' });
    expect(rowOf(Q2, 'by-group', 'tuopin')).toMatchObject({ total: '1000.00', protection: '0.0%', tiersRatio: '0.0%' });
  });

  it('the special groups\' subtotal, everyone else and all', () => {
    // 78,700 / 149,000 = 52.81… ; 63,900 / 130,500 = 48.96… ; 12,000 / 130,500 = 9.19… ; 2,300 / 130,500 = 1.76… ; 500 / 130,500 = 0.38… ;
    // 78,700 / 130,500 = 60.30… ; 2,300 / (130,500 − 63,900 − 12,000) = 4.21…
    expect(rowOf(Q2, 'by-group', 'categories')).toMatchObject({
      group: '特殊群体合计', withSettlements: '6', settlements: '10', total: '149000.00', policyScope: '130500.00', basic: '63900.00', criticalIllness: '12000.00', assistance: '2300.00',
      reAssistance: '500.00', cases: '11500.00', protection: '52.8%', basicRatio: '48.9%', criticalIllnessRatio: '9.1%', assistanceRatio: '1.7%', reAssistanceRatio: '0.3%', tiersRatio: '60.3%', assistanceOfSelfPaid: '4.2%',
    });
    expect(tableOf(Q2, 'by-group').rows.find((r) => r.key === 'categories')?.subtotal).toBe(true);
    expect(rowOf(Q2, 'by-group', 'others')).toMatchObject({ withSettlements: '1', total: '60000.00', protection: '58.3%', basicRatio: '60.0%', criticalIllnessRatio: '10.0%', tiersRatio: '70.0%', assistanceOfSelfPaid: '0.0%' });
    // 93,900 / 180,500 = 52.02… ; 17,000 / 180,500 = 9.41… ; 2,300 / 180,500 = 1.27… ; 500 / 180,500 = 0.27… ; 113,700 / 180,500 = 62.99… ; 2,300 / 69,600 = 3.30…
    expect(rowOf(Q2, 'by-group', 'total')).toMatchObject({
      group: '全体人员', withSettlements: '7', settlements: '11', total: '209000.00', cases: '11500.00', protection: '54.4%', protectionWithCases: '',
      basicRatio: '52.0%', criticalIllnessRatio: '9.4%', assistanceRatio: '1.2%', reAssistanceRatio: '0.2%', tiersRatio: '62.9%', assistanceOfSelfPaid: '3.3%',
    });
  });

  it('with case money in a year\'s report: (tiers + cases) ÷ total', () => {
    const year = buildReport(inputOf('protection', '2023', '2024-01-20T00:00:00Z'));
    // 125,200 / 209,000 = 59.90… → 59.9 %; A: 8,500 / 10,000
    expect(rowOf(year, 'by-group', 'total')).toMatchObject({ protection: '54.4%', protectionWithCases: '59.9%' });
    expect(rowOf(year, 'by-group', 'tekun')).toMatchObject({ protectionWithCases: '85.0%' });
  });

  it('per township, everyone and the special groups, with the rate per township drawn against 85 %', () => {
    expect(rowOf(Q2, 'by-town', T1)).toMatchObject({ total: '42000.00', protection: '60.0%' });
    expect(rowOf(Q2, 'by-town', T2)).toMatchObject({ total: '107000.00', protection: '50.0%' });
    // special groups of T1: A B C → 10,000 + 2,000 + 30,000; tiers 7,000 + 1,200 + 17,000
    expect(rowOf(Q2, 'by-town-special', T1)).toMatchObject({ withSettlements: '3', total: '42000.00', protection: '60.0%' });
    // T2: F G H → 6,000 + 1,000 + 100,000; tiers 3,500 + 0 + 50,000 = 53,500
    expect(rowOf(Q2, 'by-town-special', T2)).toMatchObject({ withSettlements: '3', total: '107000.00', protection: '50.0%' });
    expect(rowOf(Q2, 'by-town-special', '(none)')).toMatchObject({ withSettlements: '0', protection: '' });
    const bar = Q2.charts.find((c) => c.id === 'towns-protection');
    expect(bar?.series[0]?.values).toEqual([600, 500, 583]);
    expect(bar?.reference?.value).toBe(850);
    expect(Q2.definitions.find((d) => d.term.startsWith('综合保障率 /'))?.clause).toContain('医疗费用综合保障率稳定在85%左右');
  });
});

describe('REP-5 national dispatch figures', () => {
  const ytd = [...MONEY.filter((m) => m.psnNo !== 'A'), { ...MONEY_Q1_A, settlements: 3, total: 1_100_000, policyScope: 900_000, basic: 560_000, assistance: 170_000, reAssistance: 50_000, personal: 320_000, policyScopePersonal: 120_000 }];
  const Q2 = buildReport(inputOf('national', '2023-Q2', '2023-07-10T02:00:00Z', { yearToDate: { money: ytd } }));

  it('enrollment of the assisted groups on the reference day', () => {
    expect(keysOf(Q2, 'enrollment')).toEqual(['tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin']);
    expect(rowOf(Q2, 'enrollment', 'tekun')).toEqual({ category: '特困人员', members: '1', enrolled: '1', notEnrolled: '0', rate: '100.0%' });
    expect(rowOf(Q2, 'enrollment', 'dibian')).toMatchObject({ members: '0', rate: '' });
    expect(rowOf(Q2, 'enrollment', 'total')).toEqual({ category: '合计', members: '6', enrolled: '3', notEnrolled: '3', rate: '50.0%' });
  });

  it('benefits of the quarter and of the year to date, per category and together', () => {
    expect(rowOf(Q2, 'benefit-period', 'tekun')).toEqual({
      category: '特困人员', withSettlements: '1', settlements: '2', withAssistance: '1', total: '10000.00', policyScope: '8000.00', basic: '5000.00', criticalIllness: '0.00',
      assistance: '1500.00', reAssistance: '500.00', personal: '3000.00', protection: '70.0%',
    });
    expect(rowOf(Q2, 'benefit-period', 'total')).toMatchObject({ withSettlements: '6', settlements: '10', withAssistance: '3', total: '149000.00', basic: '63900.00', personal: '70300.00', protection: '52.8%' });
    // A's year: 11,000 total; tiers 5,600 + 1,700 + 500 = 7,800 → 70.9 %
    expect(rowOf(Q2, 'benefit-ytd', 'tekun')).toMatchObject({ settlements: '3', total: '11000.00', basic: '5600.00', assistance: '1700.00', personal: '3200.00', protection: '70.9%', cases: '1500.00' });
    expect(rowOf(Q2, 'benefit-ytd', 'total')).toMatchObject({ withSettlements: '6', settlements: '11', total: '150000.00', basic: '64500.00', assistance: '2500.00', personal: '70500.00', protection: '53.0%', cases: '11500.00' });
    expect(rowOf(Q2, 'cases', 'total')).toMatchObject({ persons: '2', amount: '11500.00' });
    expect(rowOf(Q2, 'alerts', 'total')).toMatchObject({ raised: '4' });
    expect(Q2.definitions.find((d) => d.term.startsWith('国家调度模块'))?.text).toContain('没有给出模块的表式和指标');
  });

  it('leaves the year to date empty when it is not supplied and the quarter does not start the year; uses the quarter when it does', () => {
    const noYtd = buildReport(inputOf('national', '2023-Q2', '2023-07-10T02:00:00Z'));
    expect(rowOf(noYtd, 'benefit-ytd', 'tekun')).toMatchObject({ total: '', protection: '', cases: '' });
    expect(noYtd.definitions.find((d) => d.term.startsWith('年初至今'))?.text).toContain('未提供');
    const q1 = buildReport(inputOf('national', '2023-Q1', '2023-04-10T02:00:00Z'));
    // in the first quarter H is not yet a monitoring object (byyzp from 05-10): only A's case money is the groups'
    expect(rowOf(q1, 'benefit-ytd', 'total')).toEqual({ ...rowOf(q1, 'benefit-period', 'total'), cases: '1500.00' });
  });
});
