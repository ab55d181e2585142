/**
 * Reading the input files of the batch commands into the engine's types, with every bad row
 * reported: persons, then identities (`readPersons`, shared by `settle` and `subsidize`), then the
 * command's own rows (settlements here; enrollments in subsidize.ts), so that a rejected person
 * rejects their identities' and other rows too.
 */
import type { PersonFacts, Settlement } from '../benefits/types.js';
import type { IdentitySpan } from '../people/identity.js';
import { FIELD_REASONS } from '../ingest/field-reasons.js';
import type { FieldAliases } from '../ingest/headers.js';
import { IDENTITY_FIELDS, PERSON_FIELDS, SETTLEMENT_FIELDS } from '../ingest/headers.js';
import type { PersonRecord } from '../ingest/person-row.js';
import { identityFromRow, personFromRow } from '../ingest/person-row.js';
import { readRecords } from '../ingest/records.js';
import type { Reject } from '../ingest/reject.js';
import type { Row } from '../ingest/row.js';
import type { SettlementRecord } from '../ingest/settlement-row.js';
import { SETTLEMENT_CONTENT, settlementFromRow } from '../ingest/settlement-row.js';
import { CsvWriter, csvLine } from '../ingest/csv-writer.js';
import { writeRejectsXlsx } from '../ingest/rejects-xlsx.js';

export interface InputFiles extends PersonFiles {
  readonly settlements: string;
}

/** A rejected row: all its problems, and its content as read, so it can be corrected and re-imported. */
export interface RejectedRow extends Reject {
  readonly content: string;
}

/** A person as read: the record, the identities the identities file adds, the line of its row. */
export type PersonEntry = PersonRecord & PersonFacts & { readonly identities: IdentitySpan[]; readonly line: number };

export interface Inputs {
  readonly persons: Map<string, PersonEntry>;
  /** Live settlements in file order, with their line. */
  readonly settlements: { readonly line: number; readonly settlement: Settlement }[];
  /** setl_ids cancelled by reversal rows. */
  readonly reversed: Set<string>;
  /** The same, as a mask over `settlements` (1 = cancelled), for the fold. */
  readonly cancelled: Uint8Array;
  /** Each settlement's person, looked up once here (the fold need not look again). */
  readonly owners: PersonFacts[];
  readonly rejects: RejectedRow[];
  /** Exact repeats of a row already read (same setl_id, same content): ignored. */
  readonly duplicates: number;
  /** Each file's header row as written, by file label (for rejects a clerk corrects in place). */
  readonly headers: Map<string, readonly string[]>;
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

/** The two files every batch command reads first: who the persons are, and what they hold. */
export interface PersonFiles {
  readonly persons: string;
  readonly identities: string;
}

/** Persons and their identities as read, with what was refused and why. */
export interface PersonInputs {
  readonly persons: Map<string, PersonEntry>;
  /** Rejected persons (a bad person row, a repeated psn_no, or a rejected identity row): psn_no → line of their row. */
  readonly refused: ReadonlyMap<string, number>;
  /** Rejected rows of both files. */
  readonly rejects: RejectedRow[];
  /** Whole-file problems (a missing column, no header), content-less. */
  readonly fileRejects: Reject[];
  /** Each file's header row as written, by file label. */
  readonly headers: Map<string, readonly string[]>;
}

/**
 * persons, then identities: a person whose row or any of whose identity rows is rejected is
 * refused as a whole (an identity we could not read would change what the person is owed). Every
 * batch command reads its own rows after this and rejects rows of refused or unknown persons with
 * `ownerReason`.
 */
export async function readPersons(files: PersonFiles, regionPrefix: string | undefined): Promise<PersonInputs> {
  const rejects: RejectedRow[] = [];
  const fileRejects: Reject[] = [];
  const headers = new Map<string, readonly string[]>();
  // One entry per psn_no: the person with the identities list the next file fills, and the line
  // of its first row (for repeats). Rejected persons are in `refusedLines`, rarely used.
  const persons = new Map<string, PersonEntry>();
  const refusedLines = new Map<string, number>();
  const refuse = (psnNo: string, line: number): void => {
    if (!refusedLines.has(psnNo)) refusedLines.set(psnNo, line);
    persons.delete(psnNo);
  };

  const personRepeats: { row: Row; firstLine: number }[] = [];
  for await (const rows of readRecords(files.persons, label(files.persons), PERSON_FIELDS, ['psn_no'], fileRejects, headers)) {
    for (const row of rows) {
      const psnNo = row.text('psn_no');
      const firstLine = psnNo === '' ? undefined : (persons.get(psnNo)?.line ?? (refusedLines.size > 0 ? refusedLines.get(psnNo) : undefined));
      if (firstLine !== undefined) {
        personRepeats.push({ row, firstLine });
        continue;
      }
      const p = personFromRow(row, regionPrefix);
      if (p !== undefined) persons.set(p.psnNo, { ...p, identities: [], line: row.line });
      else if (psnNo !== '') refuse(psnNo, row.line);
      collect(row, rejects);
    }
  }
  if (personRepeats.length > 0) {
    // a repeated psn_no is compared with its first row, read again: no row's text is kept meanwhile
    const firsts = await rowsAt(files.persons, PERSON_FIELDS, new Set(personRepeats.map((r) => r.firstLine)));
    for (const { row, firstLine } of personRepeats) {
      const first = firsts.get(firstLine);
      if (first !== undefined && first.fields.join('\u001f') === row.fields.join('\u001f')) continue;
      row.reject('psn_no', FIELD_REASONS.duplicatePerson);
      refuse(row.text('psn_no'), row.line);
      collect(row, rejects);
    }
  }

  for await (const rows of readRecords(files.identities, label(files.identities), IDENTITY_FIELDS, ['psn_no', 'idet_type', 'begndate'], fileRejects, headers)) {
    for (const row of rows) {
      const psnNo = row.text('psn_no');
      const parsed = identityFromRow(row);
      const entry = psnNo === '' ? undefined : persons.get(psnNo);
      if (psnNo !== '' && entry === undefined) row.reject('psn_no', refusedLines.has(psnNo) ? FIELD_REASONS.personRejected : FIELD_REASONS.unknownPerson);
      if (row.ok && parsed !== undefined) entry?.identities.push(parsed.span);
      // an identity we could not read would change what the person is paid: refuse the person
      else if (entry !== undefined) refuse(psnNo, entry.line);
      collect(row, rejects);
    }
  }
  return { persons, refused: refusedLines, rejects, fileRejects, headers };
}

/**
 * Why a row naming `psnNo` is refused for its person, or undefined when the person was read:
 * `rejected` is the reason for a refused person (it names what of theirs is rejected with them).
 */
export function ownerReason(inputs: Pick<PersonInputs, 'persons' | 'refused'>, psnNo: string, rejected: string = FIELD_REASONS.personRejected): string | undefined {
  if (psnNo === '' || inputs.persons.has(psnNo)) return undefined;
  return inputs.refused.has(psnNo) ? rejected : FIELD_REASONS.unknownPerson;
}

export async function readInputs(files: InputFiles, regionPrefix: string | undefined): Promise<Inputs> {
  const { persons, refused, rejects, fileRejects, headers } = await readPersons(files, regionPrefix);

  const settlements: Inputs['settlements'] = [];
  // setl_id → index of its settlement (≥ 0), or −line for a first row that was rejected or is a
  // reversal. No copy of a row's content is kept: repeated setl_ids, which are rare, are compared
  // with their first row in a second read of the file.
  const seen = new Map<string, number>();
  const reversalIds = new Set<string>();
  const repeats: { row: Row; rec: SettlementRecord | undefined; firstLine: number }[] = [];
  const reversals: { row: Row; target: string; psnNo: string }[] = [];
  const owners: PersonFacts[] = [];
  let duplicates = 0;
  const accept = (row: Row, rec: SettlementRecord | undefined, owner: PersonFacts | undefined): void => {
    if (row.ok && rec !== undefined) {
      if (rec.kind === 'settlement' && owner !== undefined) {
        seen.set(rec.settlement.setlId, settlements.length);
        settlements.push({ line: row.line, settlement: rec.settlement });
        owners.push(owner);
        return;
      }
      if (rec.kind === 'settlement') return;
      reversals.push({ row, target: rec.target, psnNo: rec.psnNo });
      reversalIds.add(rec.setlId);
    }
    const setlId = row.text('setl_id');
    if (setlId !== '' && !seen.has(setlId)) seen.set(setlId, -row.line);
  };
  for await (const rows of readRecords(files.settlements, label(files.settlements), SETTLEMENT_FIELDS, ['setl_id', 'psn_no'], fileRejects, headers)) {
    for (const row of rows) {
      const rec = settlementFromRow(row);
      const psnNo = row.text('psn_no');
      const owner = psnNo === '' ? undefined : persons.get(psnNo);
      const why = ownerReason({ persons, refused }, psnNo);
      if (why !== undefined) row.reject('psn_no', why);
      const first = seen.get(row.text('setl_id'));
      if (first !== undefined) {
        repeats.push({ row, rec, firstLine: first >= 0 ? (settlements[first]?.line ?? 0) : -first });
        continue;
      }
      accept(row, rec, owner);
      collect(row, rejects);
    }
  }
  if (repeats.length > 0) {
    const firsts = await rowsAt(files.settlements, SETTLEMENT_FIELDS, new Set(repeats.map((r) => r.firstLine)));
    for (const { row, firstLine } of repeats) {
      const firstRow = firsts.get(firstLine);
      if (firstRow !== undefined && SETTLEMENT_CONTENT.every((f) => firstRow.text(f) === row.text(f))) {
        duplicates++;
        continue;
      }
      row.reject('setl_id', FIELD_REASONS.duplicateSetlId);
      collect(row, rejects);
    }
  }

  const reversed = new Set<string>();
  const cancelled = new Uint8Array(settlements.length);
  for (const { row, target, psnNo } of reversals) {
    const original = seen.get(target);
    if (original === undefined || reversalIds.has(target)) row.reject('init_setl_id', FIELD_REASONS.reversalUnknown);
    else if (original >= 0 && settlements[original]?.settlement.psnNo !== psnNo) row.reject('init_setl_id', FIELD_REASONS.reversalPerson);
    else if (reversed.has(target)) row.reject('init_setl_id', FIELD_REASONS.reversalTwice);
    else {
      reversed.add(target);
      if (original >= 0) cancelled[original] = 1;
    }
    collect(row, rejects);
  }

  for (const r of fileRejects) rejects.push({ ...r, content: '' });
  return { persons, settlements, reversed, cancelled, owners, rejects, duplicates, headers };
}

/**
 * The content of some lines of an input file (settlements by default), re-read: only rows the engine refused need
 * it, so a clean million-row run keeps no copy of its input text.
 */
export async function rowContents(path: string, lines: ReadonlySet<number>, aliases: FieldAliases = SETTLEMENT_FIELDS): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const [line, row] of await rowsAt(path, aliases, lines)) out.set(line, csvLine(row.fields).replace(/\n$/, ''));
  return out;
}

/** Some rows of a file, read again. */
async function rowsAt(path: string, aliases: FieldAliases, lines: ReadonlySet<number>): Promise<Map<number, Row>> {
  const out = new Map<number, Row>();
  if (lines.size === 0) return out;
  for await (const rows of readRecords(path, label(path), aliases, [], [])) {
    for (const row of rows) if (lines.has(row.line)) out.set(row.line, row);
  }
  return out;
}

/** The rejects file's columns (CSV); the same as `settle`'s. */
export const REJECT_COLUMNS = ['file', 'line', 'field', 'reason', 'content'] as const;

/**
 * Rejects sorted by file and line, written as CSV (with a BOM, for Excel) or, for a path ending in
 * .xlsx, as a workbook a clerk corrects in place (one sheet per input file, see rejects-xlsx.ts).
 */
export async function writeRejects(path: string, rejects: readonly RejectedRow[], headers: ReadonlyMap<string, readonly string[]>): Promise<void> {
  const sorted = [...rejects].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (path.toLowerCase().endsWith('.xlsx')) {
    await writeRejectsXlsx(path, sorted, headers);
    return;
  }
  const w = await CsvWriter.open(path, REJECT_COLUMNS, { bom: true });
  for (const r of sorted) w.write([r.file, String(r.line), r.field, r.reason, r.content]);
  await w.close();
}
