/**
 * Reading the input files of the batch commands into the engine's types, with every bad row
 * reported: persons, then identities (`readPersons`, shared by `settle` and `subsidize`), then the
 * command's own rows (settlements here; enrollments in subsidize.ts), so that a rejected person
 * rejects their identities' and other rows too.
 */
import type { PersonFacts } from '../benefits/types.js';
import type { IdentitySpan } from '../people/identity.js';
import { FIELD_REASONS } from '../ingest/field-reasons.js';
import type { FieldAliases } from '../ingest/headers.js';
import { IDENTITY_FIELDS, PERSON_FIELDS, SETTLEMENT_FIELDS } from '../ingest/headers.js';
import type { PersonRecord } from '../ingest/person-row.js';
import { identityFromRow, personFromRow } from '../ingest/person-row.js';
import { readRecords } from '../ingest/records.js';
import type { Reject } from '../ingest/reject.js';
import type { Row } from '../ingest/row.js';
import type { PersonIndex, PrescanFeed, RejectedRow, SettlementColumns, SettlementReadOptions } from '../ingest/settlement-columns.js';
import { collect, label, readSettlements, rowsAt } from '../ingest/settlement-columns.js';
import { PersonMap, readPeople } from '../ingest/people.js';
import { CsvWriter, csvLine } from '../ingest/csv-writer.js';

export type { RejectedRow } from '../ingest/settlement-columns.js';
export { collect, label } from '../ingest/settlement-columns.js';
import { writeRejectsXlsx } from '../ingest/rejects-xlsx.js';

export interface InputFiles extends PersonFiles {
  readonly settlements: string;
}

/** A person as read: the record, the identities the identities file adds, the line of its row. */
export type PersonEntry = PersonRecord & PersonFacts & { readonly identities: IdentitySpan[]; readonly line: number };

export interface Inputs {
  /** The persons read (refused ones left out), by psn_no. */
  readonly persons: ReadonlyMap<string, PersonFacts>;
  /** The same indexed by psn_no bytes (the table's owners, refused ones included, marked −1). */
  readonly people: PersonIndex;
  /**
   * Live settlements in file order as columns, each with its line, its person (looked up once
   * here: the fold need not look again) and whether a reversal row cancels it.
   */
  readonly settlements: SettlementColumns;
  /** setl_ids cancelled by reversal rows. */
  readonly reversed: Set<string>;
  readonly rejects: RejectedRow[];
  /** Exact repeats of a row already read (same setl_id, same content): ignored. */
  readonly duplicates: number;
  /** Each file's header row as written, by file label (for rejects a clerk corrects in place). */
  readonly headers: Map<string, readonly string[]>;
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

/**
 * settle's three files: persons and identities (readPeople: the checks of readPersons, keeping
 * only what the engine reads), then the settlements as columns (from `feed`, the file scanned by
 * bytes on another thread meanwhile, when given: what it has scanned is checked from the moment
 * the persons are read, while it scans the rest).
 */
export async function readInputs(files: InputFiles, regionPrefix: string | undefined, opts?: SettlementReadOptions, feed?: PrescanFeed): Promise<Inputs> {
  const fileRejects: Reject[] = [];
  const headers = new Map<string, readonly string[]>();
  const people = await readPeople(files, regionPrefix, fileRejects, headers, opts);
  const rejects = [...people.rejects];
  // the settlements file, when another thread scans it, is only matched to the persons here
  const read = await readSettlements(files.settlements, people, fileRejects, headers, opts, feed);
  rejects.push(...read.rejects);
  for (const r of fileRejects) rejects.push({ ...r, content: '' });
  return { persons: new PersonMap(people), people, settlements: read.table, reversed: read.reversed, rejects, duplicates: read.duplicates, headers };
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
