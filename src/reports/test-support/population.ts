/**
 * A small population checked by hand (docs/reports.md §9): eleven persons in two townships of
 * Pengshui and one without a township, their identities, enrollments, money, case money and alerts.
 * The tests write the expected figures out by hand from this description, not by calling the code.
 *
 * T1 = 500243001, T2 = 500243002.
 *
 * | psn | town | village      | identities                                             | 2023 resident enrollment paid |
 * |-----|------|--------------|--------------------------------------------------------|-------------------------------|
 * | A   | T1   | 500243001001 | tekun 2020-01-01 →, dibao 2020-01-01 →                 | 2022-11-01                    |
 * | B   | T1   | 500243001001 | dibao 2021-01-01 →                                     | none (2022 only; 渝快保 2023)  |
 * | C   | T1   | 500243001002 | tuopin 2020-01-01 →; tpbwd 2022-01-01 – 2022-09-01, risk eliminated 2022-09-01 (held to 2023-08-31, ID-3) | 2023-05-20 |
 * | D   | T1   | 500243001002 | —                                                      | 2022-12-01                    |
 * | E   | T1   | 500243001003 | —                                                      | 2022-12-20                    |
 * | F   | T2   | 500243002001 | dibian 2022-01-01 – 2023-05-15                         | 2022-10-10                    |
 * | G   | T2   | 500243002001 | tuopin 2019-01-01 →                                    | 2023-07-05                    |
 * | H   | T2   | 500243002002 | byyzp 2023-05-10 →                                     | 2022-12-15                    |
 * | I   | T2   | 500243002002 | —                                                      | (no paid date)                |
 * | J   | T2   | 500243002003 | fanpin 2022-01-01 →                                    | none                          |
 * | K   | —    | —            | —                                                      | 2022-11-11                    |
 *
 * Money of the period (fen): see MONEY. Case money of 2023: A donation 1,000.00 + township 500.00;
 * H medical assistance 10,000.00. Alerts: see ALERTS.
 */
import { compilePolicy } from '../../policy/compile.js';
import { loadPacks } from '../../policy/load.js';
import type { Category } from '../../people/category.js';
import type { IdentitySpan } from '../../people/identity.js';
import type { IsoDate } from '../../time/date.js';
import { parsePeriod } from '../period.js';
import type { AlertCounts, PersonCaseMoney, PersonMoney, ReportEnrollment, ReportInput, ReportKind, ReportPerson } from '../types.js';

export const T1 = '500243001';
export const T2 = '500243002';
export const POLICY = compilePolicy(loadPacks('demo-cq-pengshui'));

const d = (s: string): IsoDate => s as IsoDate;
const span = (category: Category, begin: string, end?: string, riskEliminated?: string): IdentitySpan => ({
  category, begin: d(begin), end: end === undefined ? undefined : d(end), riskEliminated: riskEliminated === undefined ? undefined : d(riskEliminated),
});

function person(psnNo: string, town: string | null, village: string | null, identities: IdentitySpan[], name = `名${psnNo}`): ReportPerson {
  return { psnNo, name, certnoMasked: `500243********${psnNo}00X`.slice(0, 18), town, village, rural: true, employed: false, identities };
}

export const PERSONS: readonly ReportPerson[] = [
  person('A', T1, '500243001001', [span('tekun', '2020-01-01'), span('dibao', '2020-01-01')]),
  person('B', T1, '500243001001', [span('dibao', '2021-01-01')]),
  person('C', T1, '500243001002', [span('tuopin', '2020-01-01'), span('tpbwd', '2022-01-01', '2022-09-01', '2022-09-01')]),
  person('D', T1, '500243001002', []),
  person('E', T1, '500243001003', []),
  person('F', T2, '500243002001', [span('dibian', '2022-01-01', '2023-05-15')]),
  person('G', T2, '500243002001', [span('tuopin', '2019-01-01')]),
  person('H', T2, '500243002002', [span('byyzp', '2023-05-10')]),
  person('I', T2, '500243002002', []),
  person('J', T2, '500243002003', [span('fanpin', '2022-01-01')]),
  person('K', null, null, []),
];

const enr = (psnNo: string, paid: string | null, year = 2023, product = ''): ReportEnrollment => ({ psnNo, year, product, paidDate: paid === null ? null : d(paid) });

export const ENROLLMENTS: readonly ReportEnrollment[] = [
  enr('A', '2022-11-01'),
  enr('B', '2021-11-01', 2022),
  enr('B', '2022-12-01', 2023, '渝快保普惠款'),
  enr('C', '2023-05-20'),
  enr('D', '2022-12-01'),
  enr('E', '2022-12-20'),
  enr('F', '2022-10-10'),
  enr('G', '2023-07-05'),
  enr('H', '2022-12-15'),
  enr('I', null),
  enr('K', '2022-11-11'),
];

/** total, policy scope, basic, critical illness, assistance, re-assistance; personal = total − tiers. */
function money(psnNo: string, settlements: number, total: number, policyScope: number, basic: number, ci: number, assistance: number, reAssistance: number): PersonMoney {
  const tiers = basic + ci + assistance + reAssistance;
  return { psnNo, settlements, total, policyScope, basic, criticalIllness: ci, assistance, reAssistance, personal: total - tiers, policyScopePersonal: policyScope - tiers };
}

export const MONEY: readonly PersonMoney[] = [
  money('A', 2, 1_000_000, 800_000, 500_000, 0, 150_000, 50_000), // personal 300,000
  money('B', 1, 200_000, 150_000, 90_000, 0, 30_000, 0), // personal 80,000
  money('F', 1, 600_000, 500_000, 300_000, 0, 50_000, 0), // personal 250,000
  money('C', 3, 3_000_000, 2_500_000, 1_500_000, 200_000, 0, 0), // personal 1,300,000
  money('G', 1, 100_000, 100_000, 0, 0, 0, 0), // personal 100,000: exactly 1,000 yuan
  money('K', 1, 6_000_000, 5_000_000, 3_000_000, 500_000, 0, 0), // personal 2,500,000
  money('H', 2, 10_000_000, 9_000_000, 4_000_000, 1_000_000, 0, 0), // personal 5,000,000: exactly 50,000 yuan
];

/** A's first quarter, for REP-5's year to date. */
export const MONEY_Q1_A = money('A', 1, 100_000, 100_000, 60_000, 0, 20_000, 0);

export const CASES: readonly PersonCaseMoney[] = [
  { psnNo: 'A', bySource: { donation: 100_000, township: 50_000 }, total: 150_000 },
  { psnNo: 'H', bySource: { medical_assistance: 1_000_000 }, total: 1_000_000 },
];

export const ALERTS: readonly AlertCounts[] = [
  { town: T1, rule: 'MON-CQ-1', raised: 2, pushed: 1, verified: 1, included: 1, closed: 0 },
  { town: T2, rule: 'MON-CQ-1', raised: 1, pushed: 1, verified: 0, included: 0, closed: 0 },
  { town: T2, rule: 'MON-X', raised: 1, pushed: 0, verified: 0, included: 0, closed: 0 },
];

export function inputOf(kind: ReportKind, period: string, asOf: string, extra: Partial<ReportInput> = {}): ReportInput {
  return {
    kind, period: parsePeriod(period), region: { admdvs: '500243', name: '彭水苗族土家族自治县' }, asOf, policy: POLICY,
    packs: [{ id: 'demo-cq-pengshui', version: '2023.1-demo', illustrative: true }],
    persons: PERSONS, enrollments: ENROLLMENTS, money: MONEY, cases: CASES, alerts: ALERTS,
    ...extra,
  };
}
