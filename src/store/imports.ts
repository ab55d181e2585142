/**
 * Imports (导入): one file of persons, identities, enrollments or settlements into the store, as a
 * recorded batch (import_batches: kind, file name, sha256, who, when, counts, status) with every
 * rejected row kept (import_rejects: line, field, reason, the row as read). Pure SQL over `Db`:
 * the file is read and its rows parsed by the caller (src/cli/import.ts, with src/ingest's row
 * parsers); this module decides what the store accepts and writes it in chunks.
 *
 * The contract (docs/imports.md):
 * - A file (kind + sha256) already imported to the end is not imported again: the earlier batch
 *   answers, nothing changes.
 * - Rows are written in chunks, each in one transaction with the batch's counts, so the batch's
 *   `accepted + rejected` is the number of the file's rows done. A run that stops (a crash, a
 *   thrown error) leaves the batch `running` or `failed`; importing the same file again resumes
 *   it after those rows and ends in exactly the state of one clean run.
 * - settlements and enrollments are never overwritten: the same key with the same content is
 *   accepted and writes nothing, with other content it is a reject of the new row.
 * - persons and identities are lists that arrive again (monthly): the same key with other
 *   content updates the stored row (its batch_id then names this batch); a column the file does
 *   not have keeps the stored value. Within one file, a key repeated with other content is a
 *   reject.
 */
import { createHash } from 'node:crypto';
import type { Settlement } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import type { IdentitySpan } from '../people/identity.js';
import type { Enrollment } from '../subsidy/types.js';
import { FIELD_REASONS } from '../ingest/field-reasons.js';
import { reason } from '../ingest/reject.js';
import type { Db } from './db.js';
import type { Value } from './sql.js';
import { insertMany, norm, updateMany } from './sql.js';
import type { PersonRecord } from '../ingest/person-row.js';

export const IMPORT_KINDS = ['persons', 'identities', 'enrollments', 'settlements'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Rows per chunk (one INSERT … SELECT FROM unnest and one transaction each). */
export const CHUNK_ROWS = 2000;

/** A person as the persons file's parser gives it. */
export type PersonInput = PersonRecord;

export interface IdentityInput {
  readonly psnNo: string;
  readonly span: IdentitySpan;
}

export type EnrollmentInput = Enrollment;

export type SettlementInput =
  | {
      readonly kind: 'settlement';
      readonly settlement: Settlement;
      readonly fullOwnPay?: Fen | undefined;
      readonly overLimitSelfPay?: Fen | undefined;
      readonly preSelfPay?: Fen | undefined;
    }
  | { readonly kind: 'reversal'; readonly setlId: string; readonly psnNo: string; readonly target: string };

export interface ImportRecords {
  persons: PersonInput;
  identities: IdentityInput;
  enrollments: EnrollmentInput;
  settlements: SettlementInput;
}

/** One row of the file: parsed, or refused by the parser (its fields and reasons joined). */
export type ImportItem<K extends ImportKind> =
  | { readonly line: number; readonly fields: readonly string[]; readonly record: ImportRecords[K] }
  | { readonly line: number; readonly fields: readonly string[]; readonly reject: { readonly field: string; readonly reason: string; readonly psnNo?: string | undefined } };

export interface ImportOptions<K extends ImportKind> {
  readonly kind: K;
  /** The file's name as uploaded (no folder). */
  readonly fileName: string;
  /** sha256 of the file's bytes, hex. */
  readonly fileHash: string;
  readonly importedBy: string;
  /**
   * The region (6-digit admdvs) of the pack the file is imported under: the admdvs of a person
   * without insuplc_admdvs and of the batch. Without it the batch is recorded under '000000'.
   */
  readonly region?: string | undefined;
  /** The file's header row as written (read lazily: a reader knows it after its first rows). */
  readonly header: () => readonly string[];
  /** persons and identities: the fields (NHSA names) the file has; an absent one keeps the stored value. */
  readonly present?: ReadonlySet<string> | undefined;
  readonly chunkRows?: number | undefined;
  /**
   * Called in each chunk's transaction after its rows are written, with the persons whose
   * settlement inputs changed (the ledger recomputes them: src/store/ledger.ts), so a committed
   * chunk always leaves the stored results equal to a fresh fold.
   */
  readonly onChunk?: ((tx: Db, changed: ChunkChanges, batchId: number) => Promise<void>) | undefined;
  /** Called once the batch is known (new or resumed), before any row is written. */
  readonly onStart?: ((batch: BatchRecord) => void) | undefined;
}

/** The persons a chunk changed: inputs added or changed (touched), or a settlement reversed. */
export interface ChunkChanges {
  readonly touched: ReadonlySet<string>;
  readonly reversed: ReadonlySet<string>;
}

export interface BatchRecord {
  readonly batchId: number;
  readonly admdvs: string;
  readonly kind: ImportKind;
  readonly fileName: string;
  readonly fileHash: string;
  readonly importedBy: string;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly accepted: number;
  readonly rejected: number;
  readonly status: 'running' | 'done' | 'failed';
}

export interface ImportResult {
  readonly batch: BatchRecord;
  /** imported: a new batch; resumed: an unfinished batch of the same file completed; already-imported: nothing done. */
  readonly outcome: 'imported' | 'resumed' | 'already-imported';
  /** Rows inserted or updated by this run (accepted rows identical to the stored ones write nothing). */
  readonly written: number;
}

export interface StoredReject {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  readonly psnNo: string | null;
  /** The row as read: header → cell, in column order. */
  readonly content: Record<string, string>;
}

/** The reasons the store adds to the parsers' (src/ingest/field-reasons.ts). */
export const IMPORT_REASONS = {
  unknownPerson: reason('人员编号不在库中（请先导入人员）', 'psn_no is not in the store (import the persons first)'),
  noRegion: reason('缺少参保地医保区划，且未指定政策包（--pack）', 'no insuplc_admdvs and no pack (--pack) to give the region'),
  regionChanged: reason('该人员在库中属于另一统筹区，导入不迁移人员', 'the person is stored under another region (admdvs): an import does not move a person'),
  duplicateIdentity: reason('同一人员、身份类别、开始日期的记录在本文件中重复且内容不同', 'identity repeated in this file for the same person, category and begin date with other content'),
  reversalUnknown: reason('要撤销的原结算不在库中，也不在本文件的前面各行', 'the settlement to cancel is neither stored nor on an earlier line of this file'),
  reversalOfReversal: reason('原结算ID指向一条撤销记录', 'init_setl_id names a reversal'),
} as const;

const BATCH_COLUMNS = `batch_id, admdvs, kind, file_name, file_hash, imported_by, started_at, finished_at, accepted, rejected, status`;

interface BatchRow {
  batch_id: number; admdvs: string; kind: ImportKind; file_name: string; file_hash: string; imported_by: string;
  started_at: Date; finished_at: Date | null; accepted: number; rejected: number; status: BatchRecord['status'];
}

function toBatch(r: BatchRow): BatchRecord {
  return {
    batchId: r.batch_id, admdvs: r.admdvs, kind: r.kind, fileName: r.file_name, fileHash: r.file_hash, importedBy: r.imported_by,
    startedAt: r.started_at, finishedAt: r.finished_at, accepted: r.accepted, rejected: r.rejected, status: r.status,
  };
}

/** The latest batch of a file (kind + sha256), finished or not. */
export async function findBatch(db: Db, kind: ImportKind, fileHash: string): Promise<BatchRecord | undefined> {
  const [row] = await db.query<BatchRow>(
    `SELECT ${BATCH_COLUMNS} FROM import_batches WHERE kind = $1 AND file_hash = $2 ORDER BY (status = 'done') DESC, batch_id DESC LIMIT 1`,
    [kind, fileHash],
  );
  return row === undefined ? undefined : toBatch(row);
}

export async function getBatch(db: Db, batchId: number): Promise<BatchRecord | undefined> {
  const [row] = await db.query<BatchRow>(`SELECT ${BATCH_COLUMNS} FROM import_batches WHERE batch_id = $1`, [batchId]);
  return row === undefined ? undefined : toBatch(row);
}

/** A batch's rejected rows, by line. */
export async function batchRejects(db: Db, batchId: number): Promise<StoredReject[]> {
  const rows = await db.query<{ line: number; field: string; reason: string; psn_no: string | null; content: Record<string, string> }>(
    'SELECT line, field, reason, psn_no, content FROM import_rejects WHERE batch_id = $1 ORDER BY line, reject_id',
    [batchId],
  );
  return rows.map((r) => ({ line: r.line, field: r.field, reason: r.reason, psnNo: r.psn_no, content: r.content }));
}

/** sha256 of a file's bytes, given as chunks (a stream). */
export async function sha256(chunks: AsyncIterable<Uint8Array | string>): Promise<string> {
  const h = createHash('sha256');
  for await (const c of chunks) h.update(c);
  return h.digest('hex');
}

/** The row as read, as the json of import_rejects: header → cell; a blank or repeated header is '#n'. */
export function rowContent(header: readonly string[], fields: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const n = Math.max(header.length, fields.length);
  for (let i = 0; i < n; i++) {
    const h = header[i]?.trim() ?? '';
    const key = h === '' || Object.hasOwn(out, h) ? `#${i + 1}` : h;
    out[key] = fields[i] ?? '';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** A row the writer refuses, with what import_rejects needs. */
interface PendingReject {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  readonly psnNo: string | undefined;
  readonly fields: readonly string[];
}

interface Parsed<R> {
  readonly line: number;
  readonly fields: readonly string[];
  readonly record: R;
}

interface Context {
  readonly batchId: number;
  readonly region: string | undefined;
  readonly present: ReadonlySet<string> | undefined;
  /** persons and identities: key → content of its first parsed row in this file (in-file repeats). */
  readonly firstInFile: Map<string, string>;
}

interface Writer<R> {
  /** A parsed row of an already imported part of the file (resuming): what the writer remembers of the file. */
  observe?(ctx: Context, row: Parsed<R>): void;
  /** Writes a chunk; `touched`: persons whose settlements' inputs (person, identities, settlements) changed. */
  write(tx: Db, ctx: Context, rows: readonly Parsed<R>[]): Promise<{ written: number; rejects: PendingReject[]; touched?: readonly string[]; reversed?: readonly string[] }>;
}

/** admdvs of the stored persons among `psnNos`. */
async function personRegions(tx: Db, psnNos: Iterable<string>): Promise<Map<string, string>> {
  const ids = [...new Set(psnNos)];
  const rows = await tx.query<{ psn_no: string; admdvs: string }>('SELECT psn_no, admdvs FROM persons WHERE psn_no = ANY($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.psn_no, r.admdvs]));
}

const sig = (values: readonly Value[]): string => JSON.stringify(values);

function rejectOf(row: Parsed<unknown>, field: string, why: string, psnNo: string | undefined): PendingReject {
  return { line: row.line, field, reason: why, psnNo, fields: row.fields };
}

// persons --------------------------------------------------------------------------------------

const PERSON_COLS = [
  ['psn_no', 'text'], ['admdvs', 'text'], ['certno', 'text'], ['psn_name', 'text'], ['insuplc_admdvs', 'text'], ['insu_tier', 'smallint'],
  ['town_admdvs', 'text'], ['village_admdvs', 'text'], ['rural', 'boolean'], ['employed', 'boolean'], ['batch_id', 'bigint'],
] as const;
/** The attributes, as (column, value of the record) — column names are the NHSA field names. */
function personAttributes(p: PersonInput): [string, Value][] {
  return [
    ['certno', norm(p.certno)], ['psn_name', norm(p.name)], ['insuplc_admdvs', norm(p.insuplcAdmdvs)], ['insu_tier', norm(p.insuredTier)],
    ['town_admdvs', norm(p.townAdmdvs)], ['village_admdvs', norm(p.villageAdmdvs)], ['rural', norm(p.rural)], ['employed', norm(p.employed)],
  ];
}

const persons: Writer<PersonInput> = {
  observe(ctx, row) {
    if (!ctx.firstInFile.has(row.record.psnNo)) ctx.firstInFile.set(row.record.psnNo, sig(personAttributes(row.record).map(([, v]) => v)));
  },
  async write(tx, ctx, rows) {
    const rejects: PendingReject[] = [];
    const stored = await tx.query<Record<string, Value> & { psn_no: string; admdvs: string }>(
      `SELECT psn_no, admdvs, certno, psn_name, insuplc_admdvs, insu_tier, town_admdvs, village_admdvs, rural, employed FROM persons WHERE psn_no = ANY($1::text[])`,
      [[...new Set(rows.map((r) => r.record.psnNo))]],
    );
    // psn_no → the stored row, then as this chunk writes it
    const known = new Map<string, Record<string, Value>>(stored.map((r) => [r.psn_no, r]));
    const inserts = new Map<string, Value[]>();
    const updates = new Map<string, Value[]>();
    for (const row of rows) {
      const p = row.record;
      const attrs = personAttributes(p);
      const s = sig(attrs.map(([, v]) => v));
      // a repeat of the file's first row of this psn_no: other content is a reject, the same is read again
      const first = ctx.firstInFile.get(p.psnNo);
      if (first !== undefined && first !== s) {
        rejects.push(rejectOf(row, 'psn_no', FIELD_REASONS.duplicatePerson, p.psnNo));
        continue;
      }
      ctx.firstInFile.set(p.psnNo, s);
      const admdvs = p.insuplcAdmdvs ?? ctx.region;
      const old = known.get(p.psnNo);
      if (admdvs === undefined) {
        rejects.push(rejectOf(row, 'insuplc_admdvs', IMPORT_REASONS.noRegion, p.psnNo));
        continue;
      }
      if (old !== undefined && old['admdvs'] !== admdvs) {
        rejects.push(rejectOf(row, 'insuplc_admdvs', IMPORT_REASONS.regionChanged, p.psnNo));
        continue;
      }
      const values = attrs.map(([col, v]) => (ctx.present === undefined || ctx.present.has(col) ? v : norm(old?.[col])));
      if (old !== undefined && attrs.every(([col], i) => norm(old[col]) === values[i])) continue;
      const line = [p.psnNo, admdvs, ...values, ctx.batchId];
      if (old === undefined || inserts.has(p.psnNo)) inserts.set(p.psnNo, line);
      else updates.set(p.psnNo, line);
      known.set(p.psnNo, Object.fromEntries<Value>([['admdvs', admdvs], ...attrs.map(([col], i): [string, Value] => [col, values[i] ?? null])]));
    }
    await insertMany(tx, 'persons', PERSON_COLS, [...inserts.values()]);
    await updateMany(tx, 'persons', ['psn_no'], PERSON_COLS, [...updates.values()], 'updated_at = now()');
    // a new person has no settlement yet; a changed one (insu_tier, region …) is settled again
    return { written: inserts.size + updates.size, rejects, touched: [...updates.keys()] };
  },
};

// identities -----------------------------------------------------------------------------------

const IDENTITY_COLS = [
  ['admdvs', 'text'], ['psn_no', 'text'], ['idet_type', 'text'], ['begndate', 'date'], ['enddate', 'date'], ['idet_lv', 'smallint'],
  ['risk_elim_date', 'date'], ['illness_recognised', 'boolean'], ['batch_id', 'bigint'],
] as const;
function identityAttributes(s: IdentitySpan): [string, Value][] {
  return [['enddate', norm(s.end)], ['idet_lv', norm(s.level)], ['risk_elim_date', norm(s.riskEliminated)], ['illness_recognised', norm(s.illnessRecognised)]];
}
const identityKey = (i: IdentityInput): string => `${i.psnNo}\u001f${i.span.category}\u001f${i.span.begin}`;

const identities: Writer<IdentityInput> = {
  observe(ctx, row) {
    const key = identityKey(row.record);
    if (!ctx.firstInFile.has(key)) ctx.firstInFile.set(key, sig(identityAttributes(row.record.span).map(([, v]) => v)));
  },
  async write(tx, ctx, rows) {
    const rejects: PendingReject[] = [];
    const regions = await personRegions(tx, rows.map((r) => r.record.psnNo));
    const stored = await tx.query<Record<string, Value> & { psn_no: string; idet_type: string; begndate: string }>(
      `SELECT psn_no, idet_type, begndate, enddate, idet_lv, risk_elim_date, illness_recognised FROM identities WHERE psn_no = ANY($1::text[])`,
      [[...regions.keys()]],
    );
    const known = new Map<string, Record<string, Value>>(stored.map((r) => [`${r.psn_no}\u001f${r.idet_type}\u001f${r.begndate}`, r]));
    const inserts = new Map<string, Value[]>();
    const updates = new Map<string, Value[]>();
    for (const row of rows) {
      const { psnNo, span } = row.record;
      const key = identityKey(row.record);
      const attrs = identityAttributes(span);
      const s = sig(attrs.map(([, v]) => v));
      const first = ctx.firstInFile.get(key);
      if (first !== undefined && first !== s) {
        rejects.push(rejectOf(row, 'begndate', IMPORT_REASONS.duplicateIdentity, psnNo));
        continue;
      }
      ctx.firstInFile.set(key, s);
      const admdvs = regions.get(psnNo);
      if (admdvs === undefined) {
        rejects.push(rejectOf(row, 'psn_no', IMPORT_REASONS.unknownPerson, psnNo));
        continue;
      }
      const old = known.get(key);
      const values = attrs.map(([col, v]) => (ctx.present === undefined || ctx.present.has(col) ? v : norm(old?.[col])));
      if (old !== undefined && attrs.every(([col], i) => norm(old[col]) === values[i])) continue;
      const line = [admdvs, psnNo, span.category, span.begin, ...values, ctx.batchId];
      if (old === undefined || inserts.has(key)) inserts.set(key, line);
      else updates.set(key, line);
      known.set(key, Object.fromEntries(attrs.map(([col], i) => [col, values[i] ?? null])));
    }
    await insertMany(tx, 'identities', IDENTITY_COLS, [...inserts.values()]);
    await updateMany(tx, 'identities', ['psn_no', 'idet_type', 'begndate'], IDENTITY_COLS, [...updates.values()]);
    const touched = new Set([...inserts.values(), ...updates.values()].map((line) => line[1] as string));
    return { written: inserts.size + updates.size, rejects, touched: [...touched] };
  },
};

// enrollments ----------------------------------------------------------------------------------

const ENROLLMENT_COLS = [
  ['admdvs', 'text'], ['psn_no', 'text'], ['year', 'smallint'], ['product', 'text'], ['tier', 'smallint'], ['paid_date', 'date'],
  ['contribution', 'bigint'], ['batch_id', 'bigint'],
] as const;

const enrollments: Writer<EnrollmentInput> = {
  async write(tx, ctx, rows) {
    const rejects: PendingReject[] = [];
    const regions = await personRegions(tx, rows.map((r) => r.record.psnNo));
    const stored = await tx.query<{ psn_no: string; year: number; product: string; tier: number; paid_date: string; contribution: number | null }>(
      'SELECT psn_no, year, product, tier, paid_date, contribution FROM enrollments WHERE psn_no = ANY($1::text[])',
      [[...regions.keys()]],
    );
    // key → content of the stored row, then of the rows this chunk accepts
    const known = new Map(stored.map((r) => [`${r.psn_no}\u001f${r.year}\u001f${r.product}`, sig([r.tier, r.paid_date, r.contribution])]));
    const inserts: Value[][] = [];
    for (const row of rows) {
      const e = row.record;
      const admdvs = regions.get(e.psnNo);
      if (admdvs === undefined) {
        rejects.push(rejectOf(row, 'psn_no', IMPORT_REASONS.unknownPerson, e.psnNo));
        continue;
      }
      const key = `${e.psnNo}\u001f${e.year}\u001f${e.product ?? ''}`;
      const s = sig([e.tier, e.paidDate, norm(e.due)]);
      const old = known.get(key);
      if (old !== undefined) {
        if (old !== s) rejects.push(rejectOf(row, 'psn_no', FIELD_REASONS.duplicateEnrollment, e.psnNo));
        continue;
      }
      known.set(key, s);
      inserts.push([admdvs, e.psnNo, e.year, e.product ?? '', e.tier, e.paidDate, norm(e.due), ctx.batchId]);
    }
    await insertMany(tx, 'enrollments', ENROLLMENT_COLS, inserts);
    return { written: inserts.length, rejects };
  },
};

// settlements ----------------------------------------------------------------------------------

export const SETTLEMENT_COLS = [
  ['setl_id', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['med_type', 'text'], ['setl_time', 'timestamp'], ['hosp_lv', 'text'],
  ['medfee_sumamt', 'bigint'], ['inscp_scp_amt', 'bigint'], ['fulamt_ownpay_amt', 'bigint'], ['overlmt_selfpay', 'bigint'],
  ['preselfpay_amt', 'bigint'], ['hifp_pay', 'bigint'], ['hifmi_pay', 'bigint'], ['refd_setl_flag', 'boolean'], ['init_setl_id', 'text'],
  ['content_hash', 'text'], ['batch_id', 'bigint'],
] as const;

/** The stored values of a settlement row after setl_id and admdvs, up to init_setl_id. */
export function settlementValues(r: SettlementInput): Value[] {
  if (r.kind === 'reversal') return [r.psnNo, null, null, null, null, null, null, null, null, null, null, true, r.target];
  const s = r.settlement;
  return [
    s.psnNo, s.medType, s.setlTime, norm(s.hospLv), s.total, s.policyScope, norm(r.fullOwnPay), norm(r.overLimitSelfPay), norm(r.preSelfPay),
    norm(s.basicGiven), norm(s.criticalIllnessGiven), false, null,
  ];
}

/** content_hash: sha256 of the stored content (the same setl_id with the same hash is the same settlement). */
export function settlementHash(r: SettlementInput): string {
  return createHash('sha256').update(JSON.stringify(settlementValues(r))).digest('hex');
}

const setlIdOf = (r: SettlementInput): string => (r.kind === 'reversal' ? r.setlId : r.settlement.setlId);

const settlements: Writer<SettlementInput> = {
  async write(tx, ctx, rows) {
    const rejects: PendingReject[] = [];
    const regions = await personRegions(tx, rows.map((r) => (r.record.kind === 'reversal' ? r.record.psnNo : r.record.settlement.psnNo)));
    const targets = rows.flatMap((r) => (r.record.kind === 'reversal' ? [r.record.target] : []));
    const ids = [...new Set([...rows.map((r) => setlIdOf(r.record)), ...targets])];
    const stored = await tx.query<{ setl_id: string; psn_no: string; content_hash: string; refd_setl_flag: boolean }>(
      'SELECT setl_id, psn_no, content_hash, refd_setl_flag FROM settlements WHERE setl_id = ANY($1::text[])',
      [ids],
    );
    // setl_id → what is known of it: stored, then accepted earlier in this chunk
    const known = new Map(stored.map((r) => [r.setl_id, { hash: r.content_hash, psnNo: r.psn_no, reversal: r.refd_setl_flag }]));
    const cancelledBy = new Map<string, string>();
    if (targets.length > 0) {
      const reversals = await tx.query<{ setl_id: string; init_setl_id: string }>(
        'SELECT setl_id, init_setl_id FROM settlements WHERE init_setl_id = ANY($1::text[])',
        [[...new Set(targets)]],
      );
      for (const r of reversals) cancelledBy.set(r.init_setl_id, r.setl_id);
    }
    const inserts: Value[][] = [];
    for (const row of rows) {
      const r = row.record;
      const setlId = setlIdOf(r);
      const values = settlementValues(r);
      const psnNo = values[0] as string;
      const admdvs = regions.get(psnNo);
      if (admdvs === undefined) {
        rejects.push(rejectOf(row, 'psn_no', IMPORT_REASONS.unknownPerson, psnNo));
        continue;
      }
      const hash = createHash('sha256').update(JSON.stringify(values)).digest('hex');
      const old = known.get(setlId);
      if (old !== undefined) {
        if (old.hash !== hash) rejects.push(rejectOf(row, 'setl_id', FIELD_REASONS.duplicateSetlId, psnNo));
        continue;
      }
      if (r.kind === 'reversal') {
        const target = known.get(r.target);
        const by = cancelledBy.get(r.target);
        let why: [string, string] | undefined;
        if (target === undefined) why = ['init_setl_id', IMPORT_REASONS.reversalUnknown];
        else if (target.reversal) why = ['init_setl_id', IMPORT_REASONS.reversalOfReversal];
        else if (target.psnNo !== psnNo) why = ['init_setl_id', FIELD_REASONS.reversalPerson];
        else if (by !== undefined && by !== setlId) why = ['init_setl_id', FIELD_REASONS.reversalTwice];
        if (why !== undefined) {
          rejects.push(rejectOf(row, why[0], why[1], psnNo));
          continue;
        }
        cancelledBy.set(r.target, setlId);
      }
      known.set(setlId, { hash, psnNo, reversal: r.kind === 'reversal' });
      inserts.push([setlId, admdvs, ...values, hash, ctx.batchId]);
    }
    await insertMany(tx, 'settlements', SETTLEMENT_COLS, inserts);
    const reversed = new Set(inserts.filter((line) => line[SETTLEMENT_COLS.findIndex(([c]) => c === 'refd_setl_flag')] === true).map((line) => line[2] as string));
    return { written: inserts.length, rejects, touched: [...new Set(inserts.map((line) => line[2] as string))].filter((p) => !reversed.has(p)), reversed: [...reversed] };
  },
};

const WRITERS: { [K in ImportKind]: Writer<ImportRecords[K]> } = { persons, identities, enrollments, settlements };

// the batch ------------------------------------------------------------------------------------

/** Any fixed number: the start of a batch of one file is serialised with pg_advisory_xact_lock(LOCK, hash). */
const LOCK = 7_240_002;

/** Finds the file's batch or starts one: done → answered as it is; running/failed → resumed. */
async function startBatch<K extends ImportKind>(db: Db, o: ImportOptions<K>): Promise<{ batch: BatchRecord; outcome: ImportResult['outcome'] }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT 1 FROM (SELECT pg_advisory_xact_lock($1, hashtext($2))) AS locked', [LOCK, `${o.kind}:${o.fileHash}`]);
    const earlier = await findBatch(tx, o.kind, o.fileHash);
    if (earlier?.status === 'done') return { batch: earlier, outcome: 'already-imported' as const };
    if (earlier !== undefined) {
      const [row] = await tx.query<BatchRow>(`UPDATE import_batches SET status = 'running' WHERE batch_id = $1 RETURNING ${BATCH_COLUMNS}`, [earlier.batchId]);
      return { batch: toBatch(row as BatchRow), outcome: 'resumed' as const };
    }
    const [row] = await tx.query<BatchRow>(
      `INSERT INTO import_batches (admdvs, kind, file_name, file_hash, imported_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${BATCH_COLUMNS}`,
      [o.region ?? '000000', o.kind, o.fileName, o.fileHash, o.importedBy],
    );
    return { batch: toBatch(row as BatchRow), outcome: 'imported' as const };
  });
}

/**
 * Imports a file's rows (parsed by the caller, in file order) as one batch; see the module
 * comment for the contract. `items` is not read at all when the file was already imported.
 */
export async function importRows<K extends ImportKind>(db: Db, o: ImportOptions<K>, items: AsyncIterable<ImportItem<K>>): Promise<ImportResult> {
  if (!/^[0-9a-f]{64}$/.test(o.fileHash)) throw new Error(`not a sha256: ${o.fileHash}`);
  const started = await startBatch(db, o);
  if (started.outcome === 'already-imported') return { batch: started.batch, outcome: started.outcome, written: 0 };
  const batchId = started.batch.batchId;
  o.onStart?.(started.batch);
  const writer = WRITERS[o.kind] as Writer<ImportRecords[K]>;
  const ctx: Context = { batchId, region: o.region, present: o.present, firstInFile: new Map() };
  const size = o.chunkRows ?? CHUNK_ROWS;
  // rows of the file already done by an earlier run of this batch: skipped (remembered by the writer)
  let skip = started.batch.accepted + started.batch.rejected;
  let done = skip;
  let written = 0;
  let chunk: ImportItem<K>[] = [];

  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const items = chunk;
    chunk = [];
    written += await db.transaction(async (tx) => {
      const [state] = await tx.query<{ n: number }>('SELECT accepted + rejected AS n FROM import_batches WHERE batch_id = $1 FOR UPDATE', [batchId]);
      if (state?.n !== done) throw new Error(`import batch ${batchId}: another import of this file is running / 另一个进程正在导入该文件`);
      const parsed: Parsed<ImportRecords[K]>[] = [];
      const rejects: PendingReject[] = [];
      for (const it of items) {
        if ('record' in it) parsed.push(it);
        else rejects.push({ line: it.line, field: it.reject.field, reason: it.reject.reason, psnNo: it.reject.psnNo, fields: it.fields });
      }
      const out = await writer.write(tx, ctx, parsed);
      rejects.push(...out.rejects);
      if (o.onChunk !== undefined && ((out.touched?.length ?? 0) > 0 || (out.reversed?.length ?? 0) > 0)) {
        await o.onChunk(tx, { touched: new Set(out.touched), reversed: new Set(out.reversed) }, batchId);
      }
      if (rejects.length > 0) {
        const header = o.header();
        const regions = await personRegions(tx, rejects.flatMap((r) => (r.psnNo === undefined || r.psnNo === '' ? [] : [r.psnNo])));
        await insertMany(
          tx,
          'import_rejects',
          [['batch_id', 'bigint'], ['admdvs', 'text'], ['psn_no', 'text'], ['line', 'integer'], ['field', 'text'], ['reason', 'text'], ['content', 'json']],
          rejects.map((r) => [
            batchId, (r.psnNo === undefined ? undefined : regions.get(r.psnNo)) ?? o.region ?? started.batch.admdvs, r.psnNo === '' ? null : norm(r.psnNo),
            Math.max(1, r.line), r.field, r.reason, JSON.stringify(rowContent(header, r.fields)),
          ]),
        );
      }
      await tx.query('UPDATE import_batches SET accepted = accepted + $2, rejected = rejected + $3 WHERE batch_id = $1', [
        batchId, items.length - rejects.length, rejects.length,
      ]);
      return out.written;
    });
    done += items.length;
  };

  try {
    for await (const it of items) {
      if (skip > 0) {
        skip--;
        if ('record' in it) writer.observe?.(ctx, it);
        continue;
      }
      chunk.push(it);
      if (chunk.length >= size) await flush();
    }
    await flush();
    const [row] = await db.query<BatchRow>(
      `UPDATE import_batches SET status = 'done', finished_at = now() WHERE batch_id = $1 RETURNING ${BATCH_COLUMNS}`,
      [batchId],
    );
    // PGlite has no autovacuum: without statistics the planner guesses (a report's joins over
    // millions of rows can turn into nested loops). Refresh them after a large batch; PostgreSQL's
    // autovacuum does it by itself.
    if (db.engine === 'pglite' && written >= 10_000) await db.exec('ANALYZE');
    return { batch: toBatch(row as BatchRow), outcome: started.outcome, written };
  } catch (err) {
    // best effort: a crash leaves it 'running'; either way the next import of the file resumes it
    await db.query(`UPDATE import_batches SET status = 'failed' WHERE batch_id = $1 AND status = 'running'`, [batchId]).catch(() => undefined);
    throw err;
  }
}
