/**
 * Persons and identities as `settle` needs them — for each person only what the engine reads
 * (psn_no, 参保档次, identities), indexed by psn_no bytes for the settlements reader — with every
 * row checked and rejected exactly as readPersons (src/cli/inputs.ts) checks it: the persons file
 * by bytes where a row is plainly valid, by personFromRow otherwise; identities by rows.
 * src/ingest/people.test.ts holds the two to the same persons, rejects and refusals.
 */
import { extname } from 'node:path';
import type { PersonFacts } from '../benefits/types.js';
import type { IdentitySpan } from '../people/identity.js';
import { isValidDate } from '../time/calendar.js';
import { ByteIndex } from './byte-index.js';
import type { ByteRows, CsvBytesOptions } from './csv-bytes.js';
import { digitsAt, plain, readCsvBytes } from './csv-bytes.js';
import { FIELD_REASONS } from './field-reasons.js';
import { IDENTITY_FIELDS, PERSON_FIELDS } from './headers.js';
import { identityFromRow, personFromRow } from './person-row.js';
import { readRecords } from './records.js';
import type { Reject } from './reject.js';
import type { Row } from './row.js';
import type { PersonIndex, RejectedRow } from './settlement-columns.js';
import { collect, label, rowsAt } from './settlement-columns.js';

const NO_IDENTITIES: readonly IdentitySpan[] = Object.freeze([]);

/** A person as the engine sees it; identities are added by the identities file. */
class Person implements PersonFacts {
  identities: IdentitySpan[] = NO_IDENTITIES as IdentitySpan[];
  constructor(
    readonly psnNo: string,
    readonly insuredTier: number | undefined,
  ) {}

  addIdentity(span: IdentitySpan): void {
    if (this.identities === NO_IDENTITIES) this.identities = [];
    this.identities.push(span);
  }
}

export interface People extends PersonIndex {
  /** Rejected rows of both files. */
  readonly rejects: RejectedRow[];
}

export interface PeopleOptions extends CsvBytesOptions {
  /** false: persons by rows only (the reference the byte path is tested against). */
  bytes?: boolean;
}

/** The persons read so far: psn_no → person (≥ 0) or −1 once refused. */
class Reader {
  readonly owners: Person[] = [];
  lines = new Int32Array(1024);
  /** Each person's entry in `index` (where its psn_no bytes are), on shared memory (as the index's keys). */
  entries = new Int32Array(new SharedArrayBuffer(4 * 1024));
  readonly index: ByteIndex;
  readonly refused = new Map<string, number>();
  readonly rejects: RejectedRow[] = [];
  readonly repeats: { row: Row; firstLine: number }[] = [];

  constructor(
    readonly regionPrefix: string | undefined,
    expected: number,
  ) {
    // psn_no bytes on shared memory: settle's second thread writes them out
    this.index = new ByteIndex(expected, 16, true);
  }

  add(psnNo: string, insuredTier: number | undefined, line: number, entry: number): void {
    const id = this.owners.push(new Person(psnNo, insuredTier)) - 1;
    if (id === this.lines.length) {
      const more = new Int32Array(id * 2);
      more.set(this.lines);
      this.lines = more;
      const entries = new Int32Array(new SharedArrayBuffer(8 * id));
      entries.set(this.entries);
      this.entries = entries;
    }
    this.lines[id] = line;
    this.entries[id] = entry;
    this.index.setValue(entry, id);
  }

  /** The person of a psn_no, or −1 (none, or refused). */
  find(psnNo: string): number {
    return psnNo === '' ? -1 : this.index.getString(psnNo, -1);
  }

  refuse(psnNo: string, line: number): void {
    if (!this.refused.has(psnNo)) this.refused.set(psnNo, line);
    this.index.setValue(this.index.addString(psnNo, -1), -1);
  }

  /** readPersons' loop body for one persons row. */
  row(row: Row): void {
    const psnNo = row.text('psn_no');
    const id = this.find(psnNo);
    const firstLine = psnNo === '' ? undefined : id >= 0 ? this.lines[id] : this.refused.size > 0 ? this.refused.get(psnNo) : undefined;
    if (firstLine !== undefined) {
      this.repeats.push({ row, firstLine });
      return;
    }
    const p = personFromRow(row, this.regionPrefix);
    if (p !== undefined) this.add(p.psnNo, p.insuredTier, row.line, this.index.addString(p.psnNo, -1));
    else if (psnNo !== '') this.refuse(psnNo, row.line);
    collect(row, this.rejects);
  }
}

/** GB 11643 check characters by weighted sum mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = [49, 48, 88, 57, 56, 55, 54, 53, 52, 51, 50]; // '10X98765432'

/** A certno personFromRow accepts as it is: 17 digits, a digit or X, a birth date, the check. */
function certnoOk(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 18) return false;
  let sum = 0;
  for (let k = 0; k < 17; k++) {
    const c = (b[s + k] as number) - 48;
    if (c < 0 || c > 9) return false;
    sum += c * (WEIGHTS[k] as number);
  }
  const last = b[s + 17] as number;
  if (!((last >= 48 && last <= 57) || last === 88)) return false;
  const y = digitsAt(b, s + 6, 4);
  const m = digitsAt(b, s + 10, 2);
  const d = digitsAt(b, s + 12, 2);
  if (y < 1870 || !isValidDate(y, m, d)) return false;
  return CHECK[sum % 11] === last;
}

function allDigits(b: Uint8Array, s: number, e: number, n: number): boolean {
  return e - s === n && digitsAt(b, s, n) >= 0;
}

/** Empty, or exactly one of the two bytes. */
function oneOf(b: Uint8Array, s: number, e: number, x: number, y: number): boolean {
  return e === s || (e - s === 1 && (b[s] === x || b[s] === y));
}

const WANTED = ['psn_no', 'certno', 'psn_name', 'insuplc_admdvs', 'insu_tier', 'town_admdvs', 'village_admdvs', 'rural', 'employed'] as const;
const PSN_NO = 0;
const CERTNO = 1;
const NAME = 2;
const INSUPLC = 3;
const TIER = 4;
const TOWN = 5;
const VILLAGE = 6;
const RURAL = 7;
const EMPLOYED = 8;

/**
 * The byte path for one persons row: true when it took a row personFromRow would accept as it
 * is, of a psn_no not seen before; false leaves it to the row path.
 */
function takePerson(b: Buffer, line: number, starts: Int32Array, ends: Int32Array, r: Reader, prefix: Uint8Array | undefined): boolean {
  const ps = starts[PSN_NO] as number;
  const pe = ends[PSN_NO] as number;
  if (pe - ps < 1 || pe - ps > 30 || !plain(b, ps, pe)) return false;
  let s = starts[CERTNO] as number;
  let e = ends[CERTNO] as number;
  if (e !== s && !certnoOk(b, s, e)) return false;
  // a name is only checked for length (≤ 50 UTF-16 units): at most 50 bytes is at most 50 units
  if ((ends[NAME] as number) - (starts[NAME] as number) > 50) return false;
  s = starts[INSUPLC] as number;
  e = ends[INSUPLC] as number;
  if (e !== s) {
    if (!allDigits(b, s, e, 6)) return false;
    if (prefix !== undefined) for (let k = 0; k < prefix.length; k++) if (b[s + k] !== prefix[k]) return false;
  }
  s = starts[TOWN] as number;
  e = ends[TOWN] as number;
  if (e !== s && !allDigits(b, s, e, 9)) return false;
  s = starts[VILLAGE] as number;
  e = ends[VILLAGE] as number;
  if (e !== s && !allDigits(b, s, e, 12)) return false;
  s = starts[TIER] as number;
  e = ends[TIER] as number;
  if (!oneOf(b, s, e, 49, 50)) return false;
  const tier = e === s ? undefined : (b[s] as number) - 48;
  if (!oneOf(b, starts[RURAL] as number, ends[RURAL] as number, 48, 49)) return false;
  if (!oneOf(b, starts[EMPLOYED] as number, ends[EMPLOYED] as number, 48, 49)) return false;
  const entry = r.index.addNew(b, ps, pe, -1);
  if (entry < 0) return false; // seen before, or refused: the row path decides
  r.add(b.toString('latin1', ps, pe), tier, line, entry);
  return true;
}

/**
 * persons, then identities, as readPersons reads them: a person whose row or any of whose
 * identity rows is rejected is refused as a whole.
 */
export async function readPeople(
  files: { readonly persons: string; readonly identities: string },
  regionPrefix: string | undefined,
  fileRejects: Reject[],
  headers: Map<string, readonly string[]>,
  opts: PeopleOptions = {},
): Promise<People> {
  const path = files.persons;
  const fileLabel = label(path);
  let reader: Reader | undefined;
  if (opts.bytes !== false && extname(path).toLowerCase() === '.csv') {
    const r = new Reader(regionPrefix, 1 << 16);
    const prefix = regionPrefix === undefined ? undefined : Buffer.from(regionPrefix);
    // a prefix that is not 6 ASCII digits or fewer leaves every row to personFromRow
    const usable = prefix === undefined || (prefix.length <= 6 && plain(prefix, 0, prefix.length));
    const sink: ByteRows = {
      wanted: WANTED,
      take: (b, line, starts, ends) => usable && takePerson(b, line, starts, ends, r, prefix),
      row: (row) => r.row(row),
      expect: (rows) => r.index.reserve(rows, r.index.bytesPerKey * 1.1 + 1),
    };
    if (await readCsvBytes(path, fileLabel, PERSON_FIELDS, ['psn_no'], fileRejects, headers, sink, opts)) reader = r;
  }
  if (reader === undefined) {
    reader = new Reader(regionPrefix, 1 << 16);
    for await (const rows of readRecords(path, fileLabel, PERSON_FIELDS, ['psn_no'], fileRejects, headers)) {
      for (const row of rows) reader.row(row);
    }
  }
  const r = reader;
  if (r.repeats.length > 0) {
    // a repeated psn_no is compared with its first row, read again: no row's text is kept meanwhile
    const firsts = await rowsAt(path, PERSON_FIELDS, new Set(r.repeats.map((x) => x.firstLine)));
    for (const { row, firstLine } of r.repeats) {
      const first = firsts.get(firstLine);
      if (first !== undefined && first.fields.join('\u001f') === row.fields.join('\u001f')) continue;
      row.reject('psn_no', FIELD_REASONS.duplicatePerson);
      r.refuse(row.text('psn_no'), row.line);
      collect(row, r.rejects);
    }
  }
  for await (const rows of readRecords(files.identities, label(files.identities), IDENTITY_FIELDS, ['psn_no', 'idet_type', 'begndate'], fileRejects, headers)) {
    for (const row of rows) {
      const psnNo = row.text('psn_no');
      const parsed = identityFromRow(row);
      const id = r.find(psnNo);
      const entry = id >= 0 ? r.owners[id] : undefined;
      if (psnNo !== '' && entry === undefined) row.reject('psn_no', r.refused.has(psnNo) ? FIELD_REASONS.personRejected : FIELD_REASONS.unknownPerson);
      if (row.ok && parsed !== undefined) entry?.addIdentity(parsed.span);
      // an identity we could not read would change what the person is paid: refuse the person
      else if (entry !== undefined) r.refuse(psnNo, r.lines[id] ?? 0);
      collect(row, r.rejects);
    }
  }
  return { owners: r.owners, index: r.index, entries: r.entries, refused: r.refused, rejects: r.rejects };
}

/**
 * The persons read (refused ones left out) as a ReadonlyMap by psn_no, over the index: for
 * callers that look a few up by string, without a Map entry per person.
 */
export class PersonMap implements ReadonlyMap<string, PersonFacts> {
  constructor(private readonly people: PersonIndex) {}

  get(psnNo: string): PersonFacts | undefined {
    const id = this.people.index.getString(psnNo, -1);
    return id < 0 ? undefined : this.people.owners[id];
  }

  has(psnNo: string): boolean {
    return this.people.index.getString(psnNo, -1) >= 0;
  }

  get size(): number {
    let n = 0;
    for (const _ of this.ids()) n++;
    return n;
  }

  private *ids(): Generator<number> {
    const { owners, index, entries } = this.people;
    for (let id = 0; id < owners.length; id++) if (index.value(entries[id] as number) === id) yield id;
  }

  *entries(): MapIterator<[string, PersonFacts]> {
    for (const id of this.ids()) {
      const p = this.people.owners[id] as PersonFacts;
      yield [p.psnNo, p];
    }
  }

  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }

  *values(): MapIterator<PersonFacts> {
    for (const [, v] of this.entries()) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, PersonFacts]> {
    return this.entries();
  }

  forEach(fn: (value: PersonFacts, key: string, map: ReadonlyMap<string, PersonFacts>) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }
}
