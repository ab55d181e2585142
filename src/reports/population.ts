/**
 * Who a report counts and how (docs/reports.md §1): the persons in scope (a township user's or a
 * township report's prefix), the reference day (the period's last day, or the cut-off's day if
 * earlier), the categories a person holds — on a day or at any time in the period, under the pack's
 * holding rules (ID-3) — their highest-ranked category (ID-1), and who is enrolled.
 */
import type { Category } from '../people/category.js';
import { categoryBit } from '../people/category.js';
import { holdingAt } from '../people/identity.js';
import type { CompiledPack, Policy } from '../policy/compile.js';
import { versionAt } from '../policy/compile.js';
import type { IsoDate } from '../time/date.js';
import type { ReportInput, ReportPerson } from './types.js';

/** China Standard Time, the wall clock of every region the packs cover (no daylight saving). */
const UTC_PLUS_8 = 8 * 3_600_000;
const ZONED = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

/**
 * The day of the cut-off on the region's wall clock: a timestamp with a zone ('…Z', '…+08:00') is
 * taken to UTC+8; one without is already wall-clock time.
 */
export function asOfDay(asOf: string): IsoDate {
  const s = asOf.trim();
  if (ZONED.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return new Date(t + UTC_PLUS_8).toISOString().slice(0, 10) as IsoDate;
  }
  return s.slice(0, 10) as IsoDate;
}

/** The day identities and enrollments are taken on: the period's last day, or the cut-off's day if earlier. */
export function referenceDay(input: Pick<ReportInput, 'period' | 'asOf'>): IsoDate {
  const cut = asOfDay(input.asOf);
  return cut < input.period.to ? cut : input.period.to;
}

/** In the report's scope: no prefix, or the person's township or village code starts with it. */
export function inScope(p: ReportPerson, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  return (p.town ?? '').startsWith(prefix) || (p.village ?? '').startsWith(prefix);
}

/** The scope's persons and their positions by psn_no, computed once per input (a county holds 700,000). */
export interface Population {
  readonly persons: readonly ReportPerson[];
  readonly index: ReadonlyMap<string, number>;
}

const populations = new WeakMap<ReportInput, Population>();

export function populationOf(input: ReportInput): Population {
  let pop = populations.get(input);
  if (pop === undefined) {
    const persons = input.town === undefined ? input.persons : input.persons.filter((p) => inScope(p, input.town));
    const index = new Map<string, number>();
    persons.forEach((p, i) => index.set(p.psnNo, i));
    populations.set(input, (pop = { persons, index }));
  }
  return pop;
}

export function scopedPersons(input: ReportInput): readonly ReportPerson[] {
  return populationOf(input).persons;
}

/** '' for a person without a township. */
export function townOf(p: ReportPerson | undefined): string {
  return p?.town ?? '';
}

/** Township codes ascending, the unknown township ('') last. */
export function sortTowns(towns: Iterable<string>): string[] {
  return [...new Set(towns)].sort((a, b) => (a === b ? 0 : a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
}

/** The pack version in force on `day` (the first one before any, the last one after). */
export function packOn(policy: Policy, day: IsoDate): CompiledPack {
  const v = versionAt(policy, day) ?? (policy.versions[0] !== undefined && day < policy.versions[0].from ? policy.versions[0] : policy.versions[policy.versions.length - 1]);
  if (v === undefined) throw new RangeError('reports: a policy without versions');
  return v;
}

/** The categories the pack's ranking (ID-1) names, highest first, ties in the pack's order. */
export function rankedCategories(policy: Policy, day: IsoDate): Category[] {
  const r = packOn(policy, day).pack.identityRanking;
  const out: Category[] = [];
  if (r.kind === 'set') for (const group of r.value) for (const c of group) if (!out.includes(c)) out.push(c);
  return out;
}

/** Categories held on `day` (bit mask), with ID-3's months after a risk-elimination mark. */
export function heldOn(p: ReportPerson, day: IsoDate, policy: Policy): number {
  return p.identities.length === 0 ? 0 : holdingAt(p.identities, day, packOn(policy, day).holding).mask;
}

/**
 * Categories held on any day of [from, to]: what is held changes only where a span begins or ends,
 * so it is what is held on `from` or on a day within the range where one of the person's spans begins.
 */
export function heldDuring(p: ReportPerson, from: IsoDate, to: IsoDate, policy: Policy): number {
  if (p.identities.length === 0 || to < from) return 0;
  let mask = heldOn(p, from, policy);
  for (const s of p.identities) if (s.begin > from && s.begin <= to) mask |= heldOn(p, s.begin, policy);
  return mask;
}

/** The first of `order` in `mask`. */
export function highestOf(mask: number, order: readonly Category[]): Category | undefined {
  if (mask === 0) return undefined;
  for (const c of order) if ((mask & categoryBit(c)) !== 0) return c;
  return undefined;
}

/**
 * Who is enrolled in resident medical insurance (product '') for the period's year on the reference
 * day: an enrollment of that year paid by that day (or without a paid date: recorded by the cut-off).
 * By the scope's person index: the earliest paid date (null: none recorded), undefined = not enrolled.
 */
export function enrolledOn(input: ReportInput, day: IsoDate): (IsoDate | null | undefined)[] {
  const { persons, index } = populationOf(input);
  const out = new Array<IsoDate | null | undefined>(persons.length).fill(undefined);
  for (const e of input.enrollments) {
    if (e.year !== input.period.year || e.product !== '') continue;
    if (e.paidDate !== null && e.paidDate > day) continue;
    const i = index.get(e.psnNo);
    if (i === undefined) continue;
    // the earliest known paid date; an enrollment without one only where none has one
    const had = out[i];
    if (had === undefined || had === null || (e.paidDate !== null && e.paidDate < had)) out[i] = e.paidDate ?? had ?? null;
  }
  return out;
}
