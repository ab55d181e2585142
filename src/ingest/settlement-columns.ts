/**
 * The settlements file of `settle`, read into columns (SettlementTable): typed arrays for
 * amounts, times, codes and persons, setl_ids in a byte-keyed index. A million rows make no
 * object, no Map entry and no string per row, so neither the reading nor the garbage collector's
 * later work grows with a JavaScript heap of a million settlements.
 *
 * Two ways in, one result:
 *  - the row path: every record as a Row through settlementFromRow, exactly as before (XLSX
 *    files, and any row the byte path does not take);
 *  - the byte path (CSV): fields are cut and decoded straight from the file's bytes. It takes
 *    only a row it can prove clean — no quote, every field it reads plain ASCII in its canonical
 *    form, amounts and time valid, a known person, a setl_id not seen before — and hands every
 *    other row, decoded, to the row path. Whatever the byte path cannot decide about the file
 *    as a whole (bytes that are not UTF-8, a record longer than the reader accepts, an
 *    unterminated quote, a quoted header) makes it give up and the whole file is read again by
 *    the row path, which reports it as it always did.
 * So rows, rejects (file, line, field, reason), duplicates and reversals are those of the row
 * path; src/ingest/settlement-columns.test.ts checks the two against each other on random files.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SettlementTable } from '../benefits/columns.js';
import type { PersonFacts } from '../benefits/types.js';
import { MAX_FEN } from '../money/fen.js';
import { isValidDate } from '../time/calendar.js';
import { timeKey } from '../time/date.js';
import { ByteIndex } from './byte-index.js';
import type { ByteRows, CsvBytesOptions } from './csv-bytes.js';
import { digitsAt, plain, readCsvBytes } from './csv-bytes.js';
import { csvLine } from './csv-writer.js';
import { FIELD_REASONS } from './field-reasons.js';
import type { FieldAliases } from './headers.js';
import { resolveHeader, SETTLEMENT_FIELDS } from './headers.js';
import { readRecords } from './records.js';
import type { Reject } from './reject.js';
import { Row } from './row.js';
import type { SettlementRecord } from './settlement-row.js';
import { SETTLEMENT_CONTENT, settlementFromRow } from './settlement-row.js';

/** A rejected row: all its problems, and its content as read, so it can be corrected and re-imported. */
export interface RejectedRow extends Reject {
  readonly content: string;
}

/** A bad row's problems as one rejected row (all its fields and reasons, and its content). */
export function collect(row: Row, rejects: RejectedRow[]): void {
  if (row.ok) return;
  rejects.push({
    file: row.file,
    line: row.line,
    field: row.rejects.map((r) => r.field).join(';'),
    reason: row.rejects.map((r) => r.reason).join('；'),
    content: csvLine(row.fields).replace(/\n$/, ''),
  });
}

/** The label of an input file in rejects: its name without the folder. */
export function label(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Some rows of a file, read again (by the row path). */
export async function rowsAt(path: string, aliases: FieldAliases, lines: ReadonlySet<number>): Promise<Map<number, Row>> {
  const out = new Map<number, Row>();
  if (lines.size === 0) return out;
  for await (const rows of readRecords(path, label(path), aliases, [], [])) {
    for (const row of rows) if (lines.has(row.line)) out.set(row.line, row);
  }
  return out;
}

/** The persons settlements may name: psn_no → index into owners, by bytes; and who was refused. */
export interface PersonIndex {
  readonly owners: readonly PersonFacts[];
  /** psn_no → index into owners, or −1 for a refused person. */
  readonly index: ByteIndex;
  /** Each owner's entry in `index` (where its psn_no bytes are). */
  readonly entries: Int32Array;
  /** Refused persons: psn_no → line of their row. */
  readonly refused: ReadonlyMap<string, number>;
}

export function indexPersons(persons: ReadonlyMap<string, PersonFacts>, refused: ReadonlyMap<string, number>): PersonIndex {
  const owners: PersonFacts[] = [];
  const index = new ByteIndex(persons.size);
  const entries = new Int32Array(persons.size);
  for (const [psnNo, p] of persons) {
    const id = owners.push(p) - 1;
    entries[id] = index.addString(psnNo, id);
  }
  return { owners, index, entries, refused };
}

const INITIAL = 1024;

/** Up to 3 bytes and their count as one number (distinct for distinct byte strings), −1 when longer. */
function pack(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n > 3) return -1;
  let v = n;
  for (let i = start; i < end; i++) v = v * 256 + (b[i] as number);
  return v;
}

/** The columns, grown as rows come. */
export class SettlementColumns implements SettlementTable {
  count = 0;
  line: Int32Array = sharedI32(INITIAL);
  // the columns a fold thread reads are on shared memory (handed over without a copy)
  time: Float64Array = sharedF64(INITIAL);
  total: Float64Array = sharedF64(INITIAL);
  policyScope: Float64Array = sharedF64(INITIAL);
  basicGiven: Float64Array = sharedF64(INITIAL);
  criticalIllnessGiven: Float64Array = sharedF64(INITIAL);
  medType: Int32Array = sharedI32(INITIAL);
  hospLv: Int32Array = sharedI32(INITIAL);
  owner: Int32Array = sharedI32(INITIAL);
  /** Each row's entry in `ids` (its setl_id bytes). */
  idEntry: Int32Array = sharedI32(INITIAL);
  cancelled: Uint8Array = new Uint8Array(0);
  readonly medTypes: string[] = [];
  readonly hospLvs: (string | undefined)[] = [undefined];
  private readonly medTypeIndex = new ByteIndex(64);
  private readonly hospLvIndex = new ByteIndex(64);
  /** setl_ids of rows read by the row path, as read (their bytes in `ids` may not say all). */
  readonly slowIds = new Map<number, string>();

  constructor(
    /** setl_id → row (≥ 0), or −line of a first row that was rejected or is a reversal. */
    readonly ids: ByteIndex,
    readonly owners: readonly PersonFacts[],
  ) {}

  setlId(i: number): string {
    return this.slowIds.get(i) ?? this.ids.key(this.idEntry[i] as number);
  }

  compareSetlIds(i: number, j: number): number {
    if (this.slowIds.size === 0 || (!this.slowIds.has(i) && !this.slowIds.has(j))) {
      // both from the byte path: plain ASCII, where byte order is string order
      const b = this.ids.bytes;
      const ei = this.idEntry[i] as number;
      const ej = this.idEntry[j] as number;
      const oi = this.ids.keyStart(ei);
      const oj = this.ids.keyStart(ej);
      const li = this.ids.keyLength(ei);
      const lj = this.ids.keyLength(ej);
      const n = li < lj ? li : lj;
      for (let k = 0; k < n; k++) {
        const d = (b[oi + k] as number) - (b[oj + k] as number);
        if (d !== 0) return d;
      }
      return li - lj;
    }
    const a = this.setlId(i);
    const c = this.setlId(j);
    return a < c ? -1 : a > c ? 1 : 0;
  }

  /** Last med_type and hosp_lv bytes met (up to 4 bytes packed in a number, with their length) and their codes. */
  private lastMed = -1;
  private lastMedCode = 0;
  private lastHosp = -1;
  private lastHospCode = 0;

  /** Code of a med_type (interned), bytes plain ASCII. */
  medTypeCode(b: Buffer, start: number, end: number): number {
    const packed = pack(b, start, end);
    if (packed >= 0 && packed === this.lastMed) return this.lastMedCode;
    const e = this.medTypeIndex.add(b, start, end, 0);
    if (e === this.medTypes.length) this.medTypes.push(b.toString('latin1', start, end));
    this.lastMed = packed;
    this.lastMedCode = e;
    return e;
  }

  medTypeCodeOf(text: string): number {
    const e = this.medTypeIndex.addString(text, 0);
    if (e === this.medTypes.length) this.medTypes.push(text);
    return e;
  }

  hospLvCode(b: Buffer, start: number, end: number): number {
    const packed = pack(b, start, end);
    if (packed >= 0 && packed === this.lastHosp) return this.lastHospCode;
    const e = this.hospLvIndex.add(b, start, end, 0);
    if (e + 1 === this.hospLvs.length) this.hospLvs.push(b.toString('latin1', start, end));
    this.lastHosp = packed;
    this.lastHospCode = e + 1;
    return e + 1;
  }

  hospLvCodeOf(text: string | undefined): number {
    if (text === undefined) return 0;
    const e = this.hospLvIndex.addString(text, 0);
    if (e + 1 === this.hospLvs.length) this.hospLvs.push(text);
    return e + 1;
  }

  push(line: number, time: number, total: number, policyScope: number, basic: number, ci: number, medType: number, hospLv: number, owner: number, idEntry: number): void {
    const i = this.count;
    if (i === this.line.length) this.grow();
    this.line[i] = line;
    this.time[i] = time;
    this.total[i] = total;
    this.policyScope[i] = policyScope;
    this.basicGiven[i] = basic;
    this.criticalIllnessGiven[i] = ci;
    this.medType[i] = medType;
    this.hospLv[i] = hospLv;
    this.owner[i] = owner;
    this.idEntry[i] = idEntry;
    this.count = i + 1;
  }

  /** Room for `rows` rows in all, without growing on the way. */
  reserve(rows: number): void {
    if (rows > this.line.length) this.grow(rows);
  }

  private grow(to = this.line.length * 2): void {
    const n = to;
    const i32 = (a: Int32Array, shared = false): Int32Array => {
      const b = shared ? sharedI32(n) : new Int32Array(n);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array): Float64Array => {
      const b = sharedF64(n);
      b.set(a);
      return b;
    };
    this.line = i32(this.line, true);
    this.time = f64(this.time);
    this.total = f64(this.total);
    this.policyScope = f64(this.policyScope);
    this.basicGiven = f64(this.basicGiven);
    this.criticalIllnessGiven = f64(this.criticalIllnessGiven);
    this.medType = i32(this.medType, true);
    this.hospLv = i32(this.hospLv, true);
    this.owner = i32(this.owner, true);
    this.idEntry = i32(this.idEntry, true);
  }
}

function sharedF64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(8 * n));
}

function sharedI32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4 * n));
}

/** What reading the settlements file gives. */
export interface SettlementsRead {
  readonly table: SettlementColumns;
  /** setl_ids cancelled by reversal rows. */
  readonly reversed: Set<string>;
  /** Rejected rows, in the order the checks found them. */
  readonly rejects: RejectedRow[];
  /** Exact repeats of a row already read (same setl_id, same content): ignored. */
  readonly duplicates: number;
}

export interface SettlementReadOptions extends CsvBytesOptions {
  /** false: the row path only (the reference the byte path is tested against). */
  bytes?: boolean;
}

const MISSING = 0x7fffffff;

/** The row path's checks, row by row; the byte path feeds it every row it does not take itself. */
class Reader {
  readonly rejects: RejectedRow[] = [];
  readonly repeats: { row: Row; firstLine: number }[] = [];
  readonly reversals: { row: Row; target: string; psnNo: string }[] = [];
  readonly reversalIds = new Set<string>();
  duplicates = 0;
  readonly cols: SettlementColumns;
  readonly seen: ByteIndex;

  constructor(readonly people: PersonIndex, expected: number) {
    // setl_id bytes on shared memory: settle's second thread writes them out
    this.seen = new ByteIndex(expected, 16, true);
    this.cols = new SettlementColumns(this.seen, people.owners);
  }

  row(row: Row): void {
    const rec: SettlementRecord | undefined = settlementFromRow(row);
    const psnNo = row.text('psn_no');
    const owner = psnNo === '' ? -1 : this.people.index.getString(psnNo, -1);
    if (psnNo !== '' && owner < 0) row.reject('psn_no', this.people.refused.has(psnNo) ? FIELD_REASONS.personRejected : FIELD_REASONS.unknownPerson);
    const setlId = row.text('setl_id');
    const first = setlId === '' ? MISSING : this.seen.getString(setlId, MISSING);
    if (first !== MISSING) {
      // compared with its first row later, in a second read of the file: no row's text is kept meanwhile
      this.repeats.push({ row, firstLine: first >= 0 ? (this.cols.line[first] ?? 0) : -first });
      return;
    }
    if (row.ok && rec !== undefined) {
      if (rec.kind === 'settlement' && owner >= 0) {
        const s = rec.settlement;
        const i = this.cols.count;
        const entry = this.seen.addString(s.setlId, i);
        this.cols.push(
          row.line, timeKey(s.setlTime), s.total, s.policyScope, s.basicGiven ?? NaN, s.criticalIllnessGiven ?? NaN,
          this.cols.medTypeCodeOf(s.medType), this.cols.hospLvCodeOf(s.hospLv), owner, entry,
        );
        this.cols.slowIds.set(i, s.setlId);
        return;
      }
      if (rec.kind === 'settlement') return;
      this.reversals.push({ row, target: rec.target, psnNo: rec.psnNo });
      this.reversalIds.add(rec.setlId);
    }
    if (setlId !== '') this.seen.addString(setlId, -row.line);
    collect(row, this.rejects);
  }

  /** Repeated setl_ids against their first rows, then reversals against what they cancel. */
  async finish(path: string): Promise<SettlementsRead> {
    const { rejects, cols, seen } = this;
    if (this.repeats.length > 0) {
      const firsts = await rowsAt(path, SETTLEMENT_FIELDS, new Set(this.repeats.map((r) => r.firstLine)));
      for (const { row, firstLine } of this.repeats) {
        const firstRow = firsts.get(firstLine);
        if (firstRow !== undefined && SETTLEMENT_CONTENT.every((f) => firstRow.text(f) === row.text(f))) {
          this.duplicates++;
          continue;
        }
        row.reject('setl_id', FIELD_REASONS.duplicateSetlId);
        collect(row, rejects);
      }
    }
    const reversed = new Set<string>();
    const cancelled = new Uint8Array(cols.count);
    for (const { row, target, psnNo } of this.reversals) {
      const original = seen.getString(target, MISSING);
      if (original === MISSING || this.reversalIds.has(target)) row.reject('init_setl_id', FIELD_REASONS.reversalUnknown);
      else if (original >= 0 && this.people.owners[cols.owner[original] as number]?.psnNo !== psnNo) row.reject('init_setl_id', FIELD_REASONS.reversalPerson);
      else if (reversed.has(target)) row.reject('init_setl_id', FIELD_REASONS.reversalTwice);
      else {
        reversed.add(target);
        if (original >= 0) cancelled[original] = 1;
      }
      collect(row, rejects);
    }
    cols.cancelled = cancelled;
    return { table: cols, reversed, rejects, duplicates: this.duplicates };
  }
}

const REQUIRED = ['setl_id', 'psn_no'] as const;

/**
 * The settlements file: live settlements as columns, with every bad row rejected as the row
 * path rejects it. Whole-file problems (a missing column) go to `fileRejects`, the header row
 * as written to `headers`.
 */
export async function readSettlements(
  path: string,
  people: PersonIndex,
  fileRejects: Reject[],
  headers: Map<string, readonly string[]>,
  opts: SettlementReadOptions = {},
  feed?: PrescanFeed,
): Promise<SettlementsRead> {
  const fileLabel = label(path);
  if (feed !== undefined && opts.bytes !== false) {
    // when the scan gave up on the file, it is read here, as if there had been no scan
    const read = await fromFeed(path, fileLabel, people, fileRejects, headers, feed);
    if (read !== undefined) return read;
  }
  if (opts.bytes !== false && extname(path).toLowerCase() === '.csv') {
    const fh = await open(path, 'r');
    let size = 0;
    try {
      size = (await fh.stat()).size;
    } finally {
      await fh.close();
    }
    // sized for a first chunk; `expect` sizes it for the file once that chunk is read
    const reader = new Reader(people, Math.min(Math.max(INITIAL, Math.ceil(size / 48)), 1 << 16));
    const { cols, seen } = reader;
    const index = people.index;
    const last: LastPerson = { bytes: new Uint8Array(32), length: -1, owner: -1 };
    const parsed = new Parsed();
    const sink: ByteRows = {
      wanted: WANTED,
      take: (b, line, starts, ends) => takeRow(b, line, starts, ends, cols, index, seen, last, parsed),
      row: (row) => reader.row(row),
      expect: (rows) => {
        cols.reserve(rows);
        seen.reserve(rows, seen.bytesPerKey * 1.1 + 1);
      },
    };
    if (await readCsvBytes(path, fileLabel, SETTLEMENT_FIELDS, REQUIRED, fileRejects, headers, sink, opts)) return reader.finish(path);
  }
  const reader = new Reader(people, INITIAL);
  for await (const rows of readRecords(path, fileLabel, SETTLEMENT_FIELDS, REQUIRED, fileRejects, headers)) {
    for (const row of rows) reader.row(row);
  }
  return reader.finish(path);
}

/**
 * A yuan amount as parseYuan reads it, from bytes, for the cases it accepts without a sign:
 * fen, or −1 for anything else (the row path then says why). `end > start`.
 */
export function yuanBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let whole = 0;
  let digits = 0;
  while (i < end) {
    const c = (b[i] as number) - 48;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
    i++;
  }
  let frac = 0;
  let fracDigits = 0;
  if (i < end && b[i] === 46) {
    i++;
    while (i < end) {
      const c = (b[i] as number) - 48;
      if (c < 0 || c > 9 || fracDigits === 2) return -1;
      frac = frac * 10 + c;
      fracDigits++;
      i++;
    }
  }
  if (i !== end || (digits === 0 && fracDigits === 0) || digits > 15) return -1;
  const value = whole * 100 + (fracDigits === 1 ? frac * 10 : frac);
  return value > MAX_FEN ? -1 : value;
}

/** The timeKey of a canonical, valid 'yyyy-MM-dd HH:mm:ss' in bytes, or −1 (the row path decides). */
export function timeBytes(b: Uint8Array, s: number, end: number): number {
  if (end - s !== 19 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 32 || b[s + 13] !== 58 || b[s + 16] !== 58) return -1;
  const y = digitsAt(b, s, 4);
  const mo = digitsAt(b, s + 5, 2);
  const d = digitsAt(b, s + 8, 2);
  const h = digitsAt(b, s + 11, 2);
  const mi = digitsAt(b, s + 14, 2);
  const sec = digitsAt(b, s + 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || !isValidDate(y, mo, d)) return -1;
  return ((y * 100 + mo) * 100 + d) * 1_000_000 + h * 10_000 + mi * 100 + sec;
}

/** The fields the byte path cuts out of a settlement row, in slot order. */
const WANTED = ['setl_id', 'psn_no', 'med_type', 'hosp_lv', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag'] as const;
const SETL_ID = 0;
const PSN_NO = 1;
const MED_TYPE = 2;
const HOSP_LV = 3;
const SETL_TIME = 4;
const TOTAL = 5;
const SCOPE = 6;
/** fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt: slots 7, 8, 9 */
const PARTS = 7;
const BASIC = 10;
const CI = 11;
const FLAG = 12;

/**
 * The byte path for one row: true when it took the row (a clean settlement of a known person
 * whose setl_id is new); false leaves the row to the row path, untouched.
 */
/** The psn_no of the row before (its bytes, at most 30) and what the index said of it. */
interface LastPerson {
  readonly bytes: Uint8Array;
  length: number;
  owner: number;
}

/** One row as parseRow read it (reused from row to row). */
class Parsed {
  time = NaN;
  total = NaN;
  scope = NaN;
  basic = NaN;
  ci = NaN;
  medType = 0;
  hospLv = 0;
}

/**
 * The checks of the byte path that need no person and no other row: true when the row is a
 * settlement (not a reversal) whose fields are all plainly valid, read into `out` (codes interned
 * in `codes`); false leaves the row to the row path.
 */
function parseRow(b: Buffer, starts: Int32Array, ends: Int32Array, codes: SettlementColumns, out: Parsed): boolean {
  // not a reversal: refd_setl_flag empty or 0
  let s = starts[FLAG] as number;
  let e = ends[FLAG] as number;
  if (e !== s && !(e - s === 1 && b[s] === 48)) return false;
  const is = starts[SETL_ID] as number;
  const ie = ends[SETL_ID] as number;
  if (ie - is < 1 || ie - is > 30 || !plain(b, is, ie)) return false;
  const ps = starts[PSN_NO] as number;
  const pe = ends[PSN_NO] as number;
  if (pe - ps < 1 || pe - ps > 30 || !plain(b, ps, pe)) return false;
  const ms = starts[MED_TYPE] as number;
  const me = ends[MED_TYPE] as number;
  if (me - ms < 1 || me - ms > 10 || !plain(b, ms, me)) return false;
  const time = timeBytes(b, starts[SETL_TIME] as number, ends[SETL_TIME] as number);
  if (time < 0) return false;
  s = starts[TOTAL] as number;
  e = ends[TOTAL] as number;
  if (e === s) return false;
  const total = yuanBytes(b, s, e);
  if (total < 0) return false;
  s = starts[SCOPE] as number;
  e = ends[SCOPE] as number;
  if (e === s) return false;
  const scope = yuanBytes(b, s, e);
  if (scope < 0 || scope > total) return false;
  for (let p = PARTS; p < PARTS + 3; p++) {
    s = starts[p] as number;
    e = ends[p] as number;
    if (e !== s) {
      const part = yuanBytes(b, s, e);
      if (part < 0 || part > total) return false;
    }
  }
  let basic = NaN;
  s = starts[BASIC] as number;
  e = ends[BASIC] as number;
  if (e !== s) {
    basic = yuanBytes(b, s, e);
    if (basic < 0 || basic > scope) return false;
  }
  let ci = NaN;
  s = starts[CI] as number;
  e = ends[CI] as number;
  if (e !== s) {
    ci = yuanBytes(b, s, e);
    if (ci < 0 || (basic === basic ? basic : 0) + ci > scope) return false;
  }
  const hs = starts[HOSP_LV] as number;
  const he = ends[HOSP_LV] as number;
  if (he !== hs && !plain(b, hs, he)) return false;
  out.time = time;
  out.total = total;
  out.scope = scope;
  out.basic = basic;
  out.ci = ci;
  out.medType = codes.medTypeCode(b, ms, me);
  out.hospLv = he === hs ? 0 : codes.hospLvCode(b, hs, he);
  return true;
}

/** The person of the psn_no bytes, the row before's remembered (an extract ordered by psn_no names the same person row after row). */
function ownerOf(b: Uint8Array, ps: number, pe: number, people: ByteIndex, last: LastPerson): number {
  const len = pe - ps;
  let same = len === last.length;
  for (let k = 0; same && k < len; k++) same = b[ps + k] === last.bytes[k];
  if (same) return last.owner;
  const owner = people.get(b, ps, pe, -1);
  last.length = len;
  for (let k = 0; k < len; k++) last.bytes[k] = b[ps + k] as number;
  last.owner = owner;
  return owner;
}

/**
 * The byte path for one row: true when it took the row (a clean settlement of a known person
 * whose setl_id is new); false leaves the row to the row path, untouched.
 */
function takeRow(b: Buffer, line: number, starts: Int32Array, ends: Int32Array, cols: SettlementColumns, people: ByteIndex, seen: ByteIndex, last: LastPerson, p: Parsed): boolean {
  if (!parseRow(b, starts, ends, cols, p)) return false;
  const owner = ownerOf(b, starts[PSN_NO] as number, ends[PSN_NO] as number, people, last);
  if (owner < 0) return false;
  const entry = seen.addNew(b, starts[SETL_ID] as number, ends[SETL_ID] as number, cols.count);
  if (entry < 0) return false;
  cols.push(line, p.time, p.total, p.scope, p.basic, p.ci, p.medType, p.hospLv, owner, entry);
  return true;
}

/**
 * A settlements file read by bytes before its persons are known (on another thread, while the
 * persons file is read): each row either parsed (parseRow: every check that needs no person and
 * no other row) with its setl_id and psn_no bytes and where it lies in the file, or decoded for
 * the row path. fromFeed then does what takeRow does after parseRow, in file order.
 */
export interface PrescanRows {
  /** Rows parsed so far: rows [0, count) of the arrays below are final. */
  readonly count: number;
  readonly line: Int32Array;
  readonly time: Float64Array;
  readonly total: Float64Array;
  readonly policyScope: Float64Array;
  readonly basicGiven: Float64Array;
  readonly criticalIllnessGiven: Float64Array;
  readonly medType: Int32Array;
  readonly hospLv: Int32Array;
  /** The codes of medType and hospLv, by number (hospLvs[0] is no hosp_lv). */
  readonly medTypes: readonly string[];
  readonly hospLvs: readonly (string | undefined)[];
  /** Where each parsed row's text is in the file (CR and LF left out). */
  readonly offset: Float64Array;
  readonly length: Int32Array;
  /** Each parsed row's setl_id bytes, then its psn_no bytes, at keyAt[k]. */
  readonly keys: Uint8Array;
  readonly keyAt: Int32Array;
  readonly idLength: Uint8Array;
  readonly psnLength: Uint8Array;
  /** The header row as written, once read. */
  readonly header: readonly string[] | undefined;
}

/** A row for the row path, in file order: after `before` parsed rows. */
export interface OtherRow {
  readonly line: number;
  readonly fields: string[];
  readonly before: number;
}

/** The whole file scanned. */
export interface Prescan extends PrescanRows {
  readonly fileRejects: readonly Reject[];
  readonly others: readonly OtherRow[];
}

/**
 * A scan as it goes, chunk by chunk (its arrays on shared memory, so a part costs no copy): the
 * rows parsed so far and the row-path rows met since the part before; the last part has the
 * file's rejects.
 */
export interface PrescanPart extends PrescanRows {
  readonly others: readonly OtherRow[];
  readonly last: boolean;
  readonly fileRejects: readonly Reject[];
}

/** Parts of a scan, in order; undefined when the scan gave up (the file is then read again). */
export interface PrescanFeed {
  next(): Promise<PrescanPart | undefined>;
}

/** The last part of a scan whose earlier parts gave `othersGiven` row-path rows. */
export function lastPart(pre: Prescan, othersGiven: number): PrescanPart {
  return { ...pre, others: pre.others.slice(othersGiven), last: true };
}

function sharedU8(n: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(n));
}

/** prescan's growing arrays beside the columns (on shared memory: handed over without a copy). */
class PrescanKeys {
  offset = sharedF64(INITIAL);
  length = sharedI32(INITIAL);
  keyAt = sharedI32(INITIAL);
  idLength = sharedU8(INITIAL);
  psnLength = sharedU8(INITIAL);
  keys = sharedU8(INITIAL * 24);
  used = 0;

  add(k: number, b: Uint8Array, is: number, ie: number, ps: number, pe: number, offset: number, length: number): void {
    if (k === this.offset.length) this.grow(k * 2);
    const need = this.used + (ie - is) + (pe - ps);
    if (need > this.keys.length) {
      const keys = sharedU8(Math.max(need, this.keys.length * 2));
      keys.set(this.keys.subarray(0, this.used));
      this.keys = keys;
    }
    this.offset[k] = offset;
    this.length[k] = length;
    this.keyAt[k] = this.used;
    this.idLength[k] = ie - is;
    this.psnLength[k] = pe - ps;
    const keys = this.keys;
    let u = this.used;
    for (let i = is; i < ie; i++) keys[u++] = b[i] as number;
    for (let i = ps; i < pe; i++) keys[u++] = b[i] as number;
    this.used = u;
  }

  grow(n: number): void {
    if (n <= this.offset.length) return;
    const f = sharedF64(n);
    f.set(this.offset);
    this.offset = f;
    for (const k of ['length', 'keyAt'] as const) {
      const a = sharedI32(n);
      a.set(this[k]);
      this[k] = a;
    }
    for (const k of ['idLength', 'psnLength'] as const) {
      const a = sharedU8(n);
      a.set(this[k]);
      this[k] = a;
    }
  }
}

/**
 * A CSV settlements file by bytes, no person known (see Prescan); undefined when the byte path
 * gives up. `onPart`, when given, is told what has been read after each chunk (see PrescanPart:
 * not the last, which the returned Prescan makes).
 */
export async function prescanSettlements(path: string, opts: CsvBytesOptions = {}, onPart?: (part: PrescanPart) => void): Promise<Prescan | undefined> {
  if (extname(path).toLowerCase() !== '.csv') return undefined;
  const cols = new SettlementColumns(new ByteIndex(16), []);
  const rows = new PrescanKeys();
  const others: OtherRow[] = [];
  const parsed = new Parsed();
  const fileRejects: Reject[] = [];
  const headers = new Map<string, readonly string[]>();
  const arrays = (header: readonly string[] | undefined): PrescanRows => ({
    header, count: cols.count,
    line: cols.line, time: cols.time, total: cols.total, policyScope: cols.policyScope, basicGiven: cols.basicGiven, criticalIllnessGiven: cols.criticalIllnessGiven,
    medType: cols.medType, hospLv: cols.hospLv, medTypes: [...cols.medTypes], hospLvs: [...cols.hospLvs],
    offset: rows.offset, length: rows.length, keys: rows.keys, keyAt: rows.keyAt, idLength: rows.idLength, psnLength: rows.psnLength,
  });
  let othersGiven = 0;
  const sink: ByteRows = {
    wanted: WANTED,
    take: (b, line, starts, ends, offset, length) => {
      if (!parseRow(b, starts, ends, cols, parsed)) return false;
      const k = cols.count;
      cols.push(line, parsed.time, parsed.total, parsed.scope, parsed.basic, parsed.ci, parsed.medType, parsed.hospLv, 0, 0);
      rows.add(k, b, starts[SETL_ID] as number, ends[SETL_ID] as number, starts[PSN_NO] as number, ends[PSN_NO] as number, offset, length);
      return true;
    },
    row: (row) => {
      others.push({ line: row.line, fields: row.fields as string[], before: cols.count });
    },
    expect: (n) => {
      cols.reserve(n);
      rows.grow(n);
    },
    chunk: (header) => {
      if (onPart === undefined) return;
      onPart({ ...arrays(header), others: others.slice(othersGiven), last: false, fileRejects: [] });
      othersGiven = others.length;
    },
  };
  if (!(await readCsvBytes(path, label(path), SETTLEMENT_FIELDS, REQUIRED, fileRejects, headers, sink, opts))) return undefined;
  return { ...arrays(headers.get(label(path))), fileRejects, others };
}

/** Lines of a file by position, read through a window (rows handed back to the row path are few). */
class LineReader {
  private fd: number | undefined;
  private window = Buffer.allocUnsafe(1 << 20);
  private from = 0;
  private to = 0;

  constructor(private readonly path: string) {}

  text(offset: number, length: number): string {
    if (offset < this.from || offset + length > this.to) {
      this.fd ??= openSync(this.path, 'r');
      if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
      const n = readSync(this.fd, this.window, 0, this.window.length, offset);
      this.from = offset;
      this.to = offset + n;
    }
    return this.window.toString('utf8', offset - this.from, offset - this.from + length);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

/**
 * readSettlements from a scan, part by part as it arrives (the rows scanned so far are checked
 * while the scan goes on): per parsed row the person and setl_id checks of takeRow, every row in
 * file order. Undefined when the scan gave up (what was checked is dropped; nothing was reported).
 */
async function fromFeed(
  path: string, fileLabel: string, people: PersonIndex, fileRejects: Reject[], headers: Map<string, readonly string[]>, feed: PrescanFeed,
): Promise<SettlementsRead | undefined> {
  let reader: Reader | undefined;
  let columns: Map<string, number> | undefined;
  const lines = new LineReader(path);
  const last: LastPerson = { bytes: new Uint8Array(32), length: -1, owner: -1 };
  const index = people.index;
  // the scan's code numbers → this table's (the row path may intern codes of its own in between)
  const medCode: number[] = [];
  const hospCode: number[] = [0];
  let k = 0;
  try {
    for (;;) {
      const pre = await feed.next();
      if (pre === undefined) return undefined;
      reader ??= new Reader(people, Math.max(INITIAL, pre.line.length));
      const { cols, seen } = reader;
      if (columns === undefined && pre.header !== undefined) columns = resolveHeader(pre.header, SETTLEMENT_FIELDS).columns;
      for (let c = medCode.length; c < pre.medTypes.length; c++) medCode.push(cols.medTypeCodeOf(pre.medTypes[c] as string));
      for (let c = hospCode.length; c < pre.hospLvs.length; c++) hospCode.push(cols.hospLvCodeOf(pre.hospLvs[c]));
      cols.reserve(pre.line.length);
      const { keys, keyAt, idLength, psnLength } = pre;
      let o = 0;
      for (; k <= pre.count; k++) {
        for (; o < pre.others.length && (pre.others[o] as OtherRow).before === k; o++) {
          const other = pre.others[o] as OtherRow;
          reader.row(new Row(fileLabel, other.line, other.fields, columns as Map<string, number>));
        }
        if (k === pre.count) break;
        const is = keyAt[k] as number;
        const ie = is + (idLength[k] as number);
        const owner = ownerOf(keys, ie, ie + (psnLength[k] as number), index, last);
        const entry = owner < 0 ? -1 : seen.addNew(keys, is, ie, cols.count);
        const line = pre.line[k] as number;
        if (entry >= 0) {
          cols.push(
            line, pre.time[k] as number, pre.total[k] as number, pre.policyScope[k] as number, pre.basicGiven[k] as number, pre.criticalIllnessGiven[k] as number,
            medCode[pre.medType[k] as number] as number, hospCode[pre.hospLv[k] as number] as number, owner, entry,
          );
        } else {
          reader.row(new Row(fileLabel, line, lines.text(pre.offset[k] as number, pre.length[k] as number).split(','), columns as Map<string, number>));
        }
      }
      if (pre.last) {
        if (pre.header !== undefined) headers.set(fileLabel, pre.header);
        fileRejects.push(...pre.fileRejects);
        return await reader.finish(path);
      }
    }
  } finally {
    lines.close();
  }
}
