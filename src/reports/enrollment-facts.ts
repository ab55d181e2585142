/**
 * The enrollment facts of a report's scope on its reference day, from the enrollment ledger of
 * src/subsidy/ledger.ts (one counting of members, enrolled and the 动态清零 list for the ledger,
 * REP-1, REP-3, REP-5 and REP-7): the ledger is fed the scope's persons and one resident line per
 * enrolled person (no subsidy: the reports count enrollment, not money).
 */
import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { Ledger, LedgerGroup, LedgerPerson } from '../subsidy/ledger.js';
import { buildLedger } from '../subsidy/ledger.js';
import type { SubsidyLine } from '../subsidy/types.js';
import type { IsoDate } from '../time/date.js';
import { enrolledOn, packOn, populationOf, referenceDay, sortTowns, townOf } from './population.js';
import type { ReportInput, ReportPerson } from './types.js';

export interface EnrollmentFacts {
  readonly day: IsoDate;
  readonly persons: readonly ReportPerson[];
  readonly personOf: (psnNo: string) => ReportPerson | undefined;
  /** By person index: the earliest paid date of the enrollment (null: none recorded), undefined: not enrolled. */
  readonly enrolled: readonly (IsoDate | null | undefined)[];
  readonly ledger: Ledger;
  /** The ledger's categories: the pack's ranking, highest first. */
  readonly categories: readonly Category[];
  /** The scope's townships ascending, the unknown township ('') last. */
  readonly towns: readonly string[];
  /** The ledger's rows by `${town ?? '*'}|${group}`. */
  readonly rows: ReadonlyMap<string, Counts>;
}

export interface Counts {
  readonly members: number;
  readonly enrolled: number;
  readonly notEnrolled: number;
}

const NONE: Counts = { members: 0, enrolled: 0, notEnrolled: 0 };

export function enrollmentFacts(input: ReportInput): EnrollmentFacts {
  const day = referenceDay(input);
  const { persons, index } = populationOf(input);
  const enrolled = enrolledOn(input, day);
  const pack = packOn(input.policy, day).pack;
  // generators, not arrays: the ledger reads each line and person once, and a county's 700,000
  // short-lived objects cost far less than retained ones
  function* lines(): Generator<SubsidyLine> {
    for (let i = 0; i < persons.length; i++) {
      const p = persons[i];
      if (p === undefined || enrolled[i] === undefined) continue;
      yield {
        psnNo: p.psnNo, year: input.period.year, item: 'resident', itemName: '城乡居民基本医疗保险', identity: undefined,
        due: 0 as Fen, subsidy: 0 as Fen, personPays: 0 as Fen, fund: undefined, fundName: undefined, rule: undefined, base: 0 as Fen,
        packId: pack.id, packVersion: pack.version, waitingPeriod: undefined, illustrative: pack.illustrative,
      };
    }
  }
  function* ledgerPersons(): Generator<LedgerPerson> {
    for (const p of persons) {
      yield {
        psnNo: p.psnNo, name: p.name ?? undefined, townAdmdvs: p.town ?? undefined, villageAdmdvs: p.village ?? undefined,
        employed: p.employed ?? undefined, identities: p.identities,
      };
    }
  }
  const ledger = buildLedger({ policy: input.policy, year: input.period.year, asOf: day, lines: lines(), persons: ledgerPersons() });
  return {
    day, persons, enrolled, ledger,
    personOf: (psnNo) => {
      const i = index.get(psnNo);
      return i === undefined ? undefined : persons[i];
    },
    categories: ledger.categories,
    towns: sortTowns(persons.map(townOf)),
    rows: new Map(ledger.rows.map((r) => [`${r.town ?? '*'}|${r.group}`, { members: r.members, enrolled: r.enrolled, notEnrolled: r.notEnrolled }])),
  };
}

/** Members, enrolled, not enrolled of a township ('' unknown, null = the whole scope) and group. */
export function countsOf(f: EnrollmentFacts, town: string | null, group: LedgerGroup): Counts {
  return f.rows.get(`${town ?? '*'}|${group}`) ?? NONE;
}
