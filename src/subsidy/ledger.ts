/**
 * The enrollment ledger (参保台账, POLICY-SPEC REP-1/REP-2, SUB-CQ-7): per township and identity
 * category, who is a member, who is enrolled in resident medical insurance for the year, the named
 * list of members still missing (动态清零名单), the subsidies paid per fund, and the employed tuopin
 * who should move to employee insurance. Pure: persons, identities and subsidy lines in, counts out.
 */
import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import { categoryBit, maskOf } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import { holdingAt } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import { versionAt } from '../policy/compile.js';
import type { IsoDate } from '../time/date.js';
import type { SubsidyLine } from './types.js';
import { maskCertno } from '../people/certno.js';

/** What the ledger needs of a person. */
export interface LedgerPerson {
  readonly psnNo: string;
  readonly name?: string | undefined;
  readonly certno?: string | undefined;
  /** 9-digit township code; undefined or '' = unknown township. */
  readonly townAdmdvs?: string | undefined;
  readonly villageAdmdvs?: string | undefined;
  /** 就业 (SUB-CQ-7). */
  readonly employed?: boolean | undefined;
  readonly identities: readonly IdentitySpan[];
}

/**
 * A row's group: one category (the person's highest-ranked on the as-of date), `categories` — every
 * person with a ranked category (特殊群体合计) — or `all`, everyone in the persons file (全体人员).
 */
export type LedgerGroup = Category | 'categories' | 'all';

export interface LedgerCounts {
  readonly members: number;
  /** Members with an accepted resident enrollment for the year. */
  readonly enrolled: number;
  readonly notEnrolled: number;
  /** Subsidies of the year's accepted lines (every item), by fund key, in fen. */
  readonly subsidy: Readonly<Record<string, Fen>>;
  readonly subsidyTotal: Fen;
}

export interface LedgerRow extends LedgerCounts {
  /** Township code; '' = unknown township; null = every township (全部乡镇合计). */
  readonly town: string | null;
  readonly group: LedgerGroup;
}

/** Who a ledger list names: place, person, masked ID number, ledger category. */
export interface ListedPerson {
  readonly town: string;
  readonly village: string;
  readonly psnNo: string;
  readonly name: string;
  readonly maskedCertno: string;
  /** The person's ledger category (the highest-ranked held on the as-of date). */
  readonly category: Category;
}

/** A member of a category without a resident enrollment for the year (动态清零名单). */
export interface UnenrolledEntry extends ListedPerson {
  /** An enrollment row of this person was rejected (see the rejects): correct it before chasing them. */
  readonly enrollmentRejected: boolean;
}

/** An employed holder of a category the pack guides to employee insurance (SUB-CQ-7: 引导参加职工医保). */
export interface EmployedEntry extends ListedPerson {
  readonly enrolled: boolean;
}

export interface Ledger {
  readonly year: number;
  readonly asOf: IsoDate;
  readonly packId: string;
  readonly packVersion: string;
  /** The categories the ranking orders (the ledger's special groups), highest first. */
  readonly categories: readonly Category[];
  /** Funds in the pack's order, then any other fund a line names: key and Chinese name. */
  readonly funds: readonly { readonly key: string; readonly name: string }[];
  /**
   * Per township (ascending code, unknown township last): each category with members, in rank
   * order, then `categories`, then `all`; then the same rows for every township together (town null).
   */
  readonly rows: readonly LedgerRow[];
  /** By township, village, psn_no. */
  readonly unenrolled: readonly UnenrolledEntry[];
  readonly employedTuopin: readonly EmployedEntry[];
}

export interface LedgerInput {
  readonly policy: Policy;
  readonly year: number;
  /** The day identities are taken on; default `<year>-12-31`. */
  readonly asOf?: IsoDate | undefined;
  readonly persons: Iterable<LedgerPerson>;
  /** Accepted subsidy lines (of any year: only `year`'s count). */
  readonly lines: Iterable<SubsidyLine>;
  /** psn_nos with a rejected enrollment row. */
  readonly rejectedEnrollments?: ReadonlySet<string> | undefined;
}


/** An enrollment rate as integer per-mille, rounded down (100.0 % only when every member is enrolled); undefined for no members. */
export function rateInPerMille(enrolled: number, members: number): number | undefined {
  if (members === 0) return undefined;
  return Math.floor((enrolled * 1000) / members);
}

/** 975 → "97.5%"; no members → "". */
export function formatRate(enrolled: number, members: number): string {
  const pm = rateInPerMille(enrolled, members);
  return pm === undefined ? '' : `${Math.floor(pm / 10)}.${pm % 10}%`;
}

class Counter {
  members = 0;
  enrolled = 0;
  subsidy = new Map<string, number>();
  subsidyTotal = 0;
  freeze(): LedgerCounts {
    return {
      members: this.members,
      enrolled: this.enrolled,
      notEnrolled: this.members - this.enrolled,
      subsidy: Object.fromEntries([...this.subsidy].map(([k, v]) => [k, v as Fen])),
      subsidyTotal: this.subsidyTotal as Fen,
    };
  }
}

/** The ledger of `year` with identities as held on `asOf` under the version of the pack in force that day. */
export function buildLedger(input: LedgerInput): Ledger {
  const { policy, year } = input;
  const asOf = input.asOf ?? (`${year}-12-31` as IsoDate);
  const version = versionAt(policy, asOf) ?? policy.versions[policy.versions.length - 1];
  if (version === undefined) throw new RangeError('buildLedger: a policy without versions');
  const pack = version.pack;
  const ranking = pack.identityRanking.kind === 'set' ? pack.identityRanking.value : [];
  const categories: Category[] = [];
  for (const group of ranking) for (const c of group) if (!categories.includes(c)) categories.push(c);

  // what each person was paid, and whether they are enrolled, for the year
  const enrolled = new Set<string>();
  const paid = new Map<string, Map<string, number>>();
  const funds = new Map<string, string>();
  for (const [key, p] of Object.entries(pack.subsidies?.funds ?? {})) funds.set(key, p.kind === 'set' ? p.value : key);
  for (const line of input.lines) {
    if (line.year !== year) continue;
    if (line.item === 'resident') enrolled.add(line.psnNo);
    if (line.fund === undefined || line.subsidy === 0) continue;
    if (!funds.has(line.fund)) funds.set(line.fund, line.fundName ?? line.fund);
    let byFund = paid.get(line.psnNo);
    if (byFund === undefined) paid.set(line.psnNo, (byFund = new Map<string, number>()));
    byFund.set(line.fund, (byFund.get(line.fund) ?? 0) + line.subsidy);
  }

  const counters = new Map<string, Counter>();
  const towns = new Set<string>();
  const counter = (town: string | null, group: LedgerGroup): Counter => {
    const key = `${town ?? '*'}\u001f${group}`;
    let c = counters.get(key);
    if (c === undefined) counters.set(key, (c = new Counter()));
    return c;
  };
  const unenrolled: UnenrolledEntry[] = [];
  const employedTuopin: EmployedEntry[] = [];
  const rejected = input.rejectedEnrollments ?? new Set<string>();
  // SUB-CQ-7 where the pack states it: employed holders of these categories → employee insurance
  const guidance = pack.subsidies?.employeeInsuranceGuidance;
  const guidanceMask = guidance?.kind === 'set' ? maskOf(guidance.value) : 0;

  for (const p of input.persons) {
    const held = holdingAt(p.identities, asOf, version.holding);
    const category = held.mask === 0 ? undefined : categories.find((c) => (held.mask & categoryBit(c)) !== 0);
    const town = p.townAdmdvs ?? '';
    towns.add(town);
    const isEnrolled = enrolled.has(p.psnNo);
    const byFund = paid.get(p.psnNo);
    const groups: LedgerGroup[] = category === undefined ? ['all'] : [category, 'categories', 'all'];
    for (const t of [town, null]) {
      for (const g of groups) {
        const c = counter(t, g);
        c.members++;
        if (isEnrolled) c.enrolled++;
        if (byFund !== undefined) {
          for (const [fund, amount] of byFund) {
            c.subsidy.set(fund, (c.subsidy.get(fund) ?? 0) + amount);
            c.subsidyTotal += amount;
          }
        }
      }
    }
    const who = { town, village: p.villageAdmdvs ?? '', psnNo: p.psnNo, name: p.name ?? '', maskedCertno: maskCertno(p.certno) ?? '' };
    if (category !== undefined && !isEnrolled) unenrolled.push({ ...who, category, enrollmentRejected: rejected.has(p.psnNo) });
    if (p.employed === true && (held.mask & guidanceMask) !== 0) employedTuopin.push({ ...who, category: category ?? 'tuopin', enrolled: isEnrolled });
  }

  const townOrder = [...towns].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
  const rows: LedgerRow[] = [];
  for (const town of [...townOrder, null]) {
    for (const group of [...categories, 'categories', 'all'] as const) {
      const c = counters.get(`${town ?? '*'}\u001f${group}`);
      if (c === undefined && group !== 'categories' && group !== 'all') continue;
      rows.push({ town, group, ...(c ?? new Counter()).freeze() });
    }
  }
  const byPlace = <T extends { town: string; village: string; psnNo: string }>(a: T, b: T): number =>
    compare(a.town === '' ? '\uffff' : a.town, b.town === '' ? '\uffff' : b.town) || compare(a.village, b.village) || compare(a.psnNo, b.psnNo);
  unenrolled.sort(byPlace);
  employedTuopin.sort(byPlace);
  return {
    year, asOf, packId: pack.id, packVersion: pack.version, categories,
    funds: [...funds].map(([key, name]) => ({ key, name })),
    rows, unenrolled, employedTuopin,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
