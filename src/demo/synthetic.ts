/**
 * A synthetic, deterministic population for demonstrations and benchmarks: persons with valid
 * ID numbers, dated identities in the proportions a county sees, and a year of settlements
 * (general outpatient, chronic/special outpatient, inpatient) with a few reversals. Nobody in
 * it is real: names are drawn from common characters, ID numbers carry the region's code and a
 * valid check digit. Pure: it yields NHSA-named records as strings.
 */
import { certnoCheckChar } from '../people/certno.js';
import { between, pick, seeded } from './random.js';

export interface SyntheticOptions {
  readonly seed: number;
  readonly persons: number;
  readonly year: number;
  /** The pooling region (6 digits); townships are its 9-digit children. */
  readonly admdvs: string;
  readonly townships?: number | undefined;
  /** Mean settlements per person per year. */
  readonly settlementsPerPerson: number;
  /** Give hifp_pay on this share of settlements (the national platform computed basic). */
  readonly basicGivenShare?: number | undefined;
}

export type Record = { [field: string]: string };

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '罗', '高', '林'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平', '刚', '桂', '英', '华', '兰'];

/** Category shares of the population: roughly a rural county's low-income structure. */
const CATEGORY_SHARES: readonly [string, number][] = [
  ['特困人员', 0.01], ['低保对象', 0.05], ['低保边缘户', 0.02], ['返贫致贫人口', 0.005], ['脱贫不稳定户', 0.01],
  ['边缘易致贫户', 0.01], ['突发严重困难户', 0.003], ['脱贫人口', 0.08],
];

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function yuanText(fen: number): string {
  return `${Math.floor(fen / 100)}.${pad(fen % 100, 2)}`;
}

export function* syntheticPersons(o: SyntheticOptions): Generator<Record> {
  const rnd = seeded(o.seed);
  const townships = o.townships ?? 12;
  for (let i = 1; i <= o.persons; i++) {
    const birthYear = between(rnd, 1935, o.year - 1);
    const birth = `${birthYear}${pad(between(rnd, 1, 12), 2)}${pad(between(rnd, 1, 28), 2)}`;
    const first17 = `${o.admdvs}${birth}${pad(i % 1000, 3)}`;
    const town = `${o.admdvs}${pad(between(rnd, 1, townships), 3)}`;
    yield {
      psn_no: `P${pad(i, 9)}`,
      certno: first17 + certnoCheckChar(first17),
      psn_name: pick(rnd, SURNAMES) + pick(rnd, GIVEN) + (rnd() < 0.6 ? pick(rnd, GIVEN) : ''),
      insuplc_admdvs: o.admdvs,
      insu_tier: rnd() < 0.85 ? '1' : '2',
      town_admdvs: town,
      village_admdvs: `${town}${pad(between(rnd, 1, 20), 3)}`,
      rural: rnd() < 0.7 ? '1' : '0',
      // every fourth person of working age is in stable employment (SUB-CQ-7's flag); derived, not
      // drawn, so the other fields stay what they were
      employed: i % 4 === 0 && o.year - birthYear >= 18 && o.year - birthYear < 60 ? '1' : '0',
    };
  }
}

export function* syntheticIdentities(o: SyntheticOptions): Generator<Record> {
  const rnd = seeded(o.seed + 1);
  for (let i = 1; i <= o.persons; i++) {
    let r = rnd();
    for (const [category, share] of CATEGORY_SHARES) {
      if (r < share) {
        const lateStart = rnd() < 0.15;
        const ends = rnd() < 0.08;
        // recognised during the year (from month 2–11) or before it; some end later in the year
        const beginMonth = lateStart ? between(rnd, 2, 11) : 0;
        yield {
          psn_no: `P${pad(i, 9)}`,
          idet_type: category,
          begndate: lateStart ? `${o.year}-${pad(beginMonth, 2)}-01` : `${between(rnd, 2016, o.year - 1)}-${pad(between(rnd, 1, 12), 2)}-01`,
          enddate: ends ? `${o.year}-${pad(between(rnd, Math.max(3, beginMonth + 1), 12), 2)}-15` : '',
        };
        break;
      }
      r -= share;
    }
  }
}

/** Total cost and policy-scope amount (fen) of one settlement of a med_type. */
function amounts(rnd: () => number, medType: string): { total: number; scope: number } {
  let total: number;
  if (medType === '11') total = between(rnd, 3_000, 80_000);
  else if (medType === '14') total = between(rnd, 20_000, 600_000);
  else {
    // inpatient: a heavy tail — most stays 3k–20k yuan, a few 100k+
    const u = rnd();
    total = Math.floor(300_000 * Math.exp(u * u * 4.2)) + between(rnd, 0, 99);
  }
  const scope = Math.floor(total * (0.7 + rnd() * 0.25));
  return { total, scope };
}

export function* syntheticSettlements(o: SyntheticOptions): Generator<Record> {
  const rnd = seeded(o.seed + 2);
  let n = 0;
  for (let i = 1; i <= o.persons; i++) {
    const psnNo = `P${pad(i, 9)}`;
    // mean settlementsPerPerson, spread 0..2×mean
    const count = Math.floor(rnd() * (2 * o.settlementsPerPerson + 1));
    for (let k = 0; k < count; k++) {
      n++;
      const u = rnd();
      const medType = u < 0.55 ? '11' : u < 0.7 ? '14' : '21';
      const { total, scope } = amounts(rnd, medType);
      const setlId = `S${pad(n, 11)}`;
      const month = between(rnd, 1, 12);
      const setlTime = `${o.year}-${pad(month, 2)}-${pad(between(rnd, 1, 28), 2)} ${pad(between(rnd, 7, 20), 2)}:${pad(between(rnd, 0, 59), 2)}:${pad(between(rnd, 0, 59), 2)}`;
      const basicGiven = rnd() < (o.basicGivenShare ?? 0);
      yield {
        setl_id: setlId,
        psn_no: psnNo,
        med_type: medType,
        hosp_lv: medType === '11' ? pick(rnd, ['08', '09', '10']) : pick(rnd, ['05', '06', '08', '09']),
        setl_time: setlTime,
        medfee_sumamt: yuanText(total),
        fulamt_ownpay_amt: yuanText(Math.floor((total - scope) / 2)),
        inscp_scp_amt: yuanText(scope),
        hifp_pay: basicGiven ? yuanText(Math.floor(scope * 0.6)) : '',
        hifmi_pay: '',
        refd_setl_flag: '',
        init_setl_id: '',
      };
      if (rnd() < 0.01) {
        n++;
        yield {
          setl_id: `S${pad(n, 11)}`, psn_no: psnNo, med_type: medType, hosp_lv: '', setl_time: setlTime,
          medfee_sumamt: `-${yuanText(total)}`, fulamt_ownpay_amt: '', inscp_scp_amt: `-${yuanText(scope)}`,
          hifp_pay: '', hifmi_pay: '', refd_setl_flag: '1', init_setl_id: setlId,
        };
      }
    }
  }
}

export const PERSON_COLUMNS = ['psn_no', 'certno', 'psn_name', 'insuplc_admdvs', 'insu_tier', 'town_admdvs', 'village_admdvs', 'rural', 'employed'] as const;
export const IDENTITY_COLUMNS = ['psn_no', 'idet_type', 'begndate', 'enddate'] as const;
export const SETTLEMENT_COLUMNS = ['setl_id', 'psn_no', 'med_type', 'hosp_lv', 'setl_time', 'medfee_sumamt', 'fulamt_ownpay_amt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag', 'init_setl_id'] as const;
