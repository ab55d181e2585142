/**
 * `sanchong import <kind> <file> [--pack <id|path>] [--by <user>] [--rejects <file.csv|.xlsx>]`:
 * one CSV/XLSX file into the store (DATABASE_URL → PostgreSQL, else PGlite in SANCHONG_DATA or
 * ./data), read with the batch commands' row parsers, written by src/store/imports.ts as a batch.
 * See docs/imports.md.
 */
import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadPacks, loadRegions } from '../policy/load.js';
import { csvLine } from '../ingest/csv-writer.js';
import { enrollmentFromRow, ENROLLMENT_REQUIRED } from '../ingest/enrollment-row.js';
import type { FieldAliases } from '../ingest/headers.js';
import { ENROLLMENT_FIELDS, IDENTITY_FIELDS, PERSON_FIELDS, resolveHeader, SETTLEMENT_FIELDS } from '../ingest/headers.js';
import { identityFromRow, personFromRow, regionPrefix } from '../ingest/person-row.js';
import { readRecords } from '../ingest/records.js';
import type { Reject } from '../ingest/reject.js';
import type { Row } from '../ingest/row.js';
import { settlementFromRow } from '../ingest/settlement-row.js';
import { readTable } from '../ingest/table.js';
import type { Db } from '../store/db.js';
import { openDb } from '../store/db.js';
import type { BatchRecord, ImportItem, ImportKind, ImportOptions, ImportRecords, ImportResult, StoredReject } from '../store/imports.js';
import type { Cause } from '../store/ledger.js';
import { recompute } from '../store/ledger.js';
import { RegionPolicies } from '../policy/regions.js';
import { batchRejects, IMPORT_KINDS, importRows, sha256 } from '../store/imports.js';
import { migrate } from '../store/migrate.js';
import type { RejectedRow } from './inputs.js';
import { collect, label, writeRejects } from './inputs.js';

/** Per kind: the header aliases, the required columns, and the row parser. */
interface KindReader<K extends ImportKind> {
  readonly aliases: FieldAliases;
  readonly required: readonly string[];
  readonly parse: (row: Row, prefix: string | undefined) => ImportRecords[K] | undefined;
}

const READERS: { [K in ImportKind]: KindReader<K> } = {
  persons: { aliases: PERSON_FIELDS, required: ['psn_no'], parse: (row, prefix) => personFromRow(row, prefix) },
  identities: { aliases: IDENTITY_FIELDS, required: ['psn_no', 'idet_type', 'begndate'], parse: (row) => identityFromRow(row) },
  enrollments: { aliases: ENROLLMENT_FIELDS, required: ENROLLMENT_REQUIRED, parse: (row) => enrollmentFromRow(row) },
  settlements: {
    aliases: SETTLEMENT_FIELDS,
    required: ['setl_id', 'psn_no'],
    parse: (row) => {
      const rec = settlementFromRow(row);
      if (rec === undefined) return undefined;
      if (rec.kind === 'reversal') return rec;
      // the parts of the cost the engine does not need, already checked by settlementFromRow
      const part = (f: string) => row.money(f, { required: false });
      return { kind: 'settlement', settlement: rec.settlement, fullOwnPay: part('fulamt_ownpay_amt'), overLimitSelfPay: part('overlmt_selfpay'), preSelfPay: part('preselfpay_amt') };
    },
  },
};

export interface ImportFileOptions<K extends ImportKind> {
  readonly kind: K;
  readonly path: string;
  /** The pack's region code (6 digits): admdvs of persons without insuplc_admdvs; rows outside it are rejected. */
  readonly region?: string | undefined;
  readonly importedBy: string;
  readonly chunkRows?: number | undefined;
  /**
   * The packs the service runs: each chunk's changed persons are then recomputed (the ledger,
   * src/store/ledger.ts) in the chunk's transaction. Without it, results are not touched.
   */
  readonly policies?: RegionPolicies | undefined;
  readonly onStart?: ((batch: BatchRecord) => void) | undefined;
}

/** The ledger's cause for what a chunk of each kind changed. */
const CHUNK_CAUSE: { readonly [K in ImportKind]: Cause } = { persons: 'person', identities: 'identity', enrollments: 'recompute', settlements: 'late-settlement' };

function ledgerHook(kind: ImportKind, policies: RegionPolicies): NonNullable<ImportOptions<ImportKind>['onChunk']> {
  return async (tx, changed, batchId) => {
    const causedBy = `batch ${batchId}`;
    if (changed.reversed.size > 0) await recompute(tx, policies, changed.reversed, { cause: 'reversal', causedBy });
    const rest = [...changed.touched].filter((p) => !changed.reversed.has(p));
    if (rest.length > 0) await recompute(tx, policies, rest, { cause: CHUNK_CAUSE[kind], causedBy });
  };
}

/** The file's rows as the store's import items, in file order; whole-file problems last. */
async function* items<K extends ImportKind>(o: ImportFileOptions<K>, headers: Map<string, readonly string[]>): AsyncGenerator<ImportItem<K>> {
  const reader = READERS[o.kind] as KindReader<K>;
  const file = label(o.path);
  const prefix = o.region === undefined ? undefined : regionPrefix(o.region);
  const fileRejects: Reject[] = [];
  const bad: RejectedRow[] = [];
  for await (const rows of readRecords(o.path, file, reader.aliases, reader.required, fileRejects, headers)) {
    for (const row of rows) {
      const record = reader.parse(row, prefix);
      if (row.ok && record !== undefined) {
        yield { line: row.line, fields: row.fields, record };
        continue;
      }
      collect(row, bad);
      const r = bad.pop();
      const psnNo = row.text('psn_no');
      yield { line: row.line, fields: row.fields, reject: { field: r?.field ?? '', reason: r?.reason ?? '', psnNo: psnNo === '' ? undefined : psnNo } };
    }
  }
  for (const r of fileRejects) yield { line: Math.max(1, r.line), fields: [], reject: { field: r.field, reason: r.reason } };
}

/**
 * Imports one file into `db` (migrated): hashes it, then hands its parsed rows to the store. A
 * file already imported is not read again.
 */
export async function importFile<K extends ImportKind>(db: Db, o: ImportFileOptions<K>): Promise<ImportResult> {
  // an unsupported extension throws here, before anything is stored
  await readTable(o.path).return(undefined);
  const fileHash = await sha256(createReadStream(o.path));
  const headers = new Map<string, readonly string[]>();
  const file = label(o.path);
  const header = () => headers.get(file) ?? [];
  const present = o.kind === 'persons' || o.kind === 'identities' ? new Set<string>() : undefined;
  const source = items(o, headers);
  // the fields the file has, known once its header is read (before the first row is yielded)
  async function* withPresent(): AsyncGenerator<ImportItem<K>> {
    let first = true;
    for await (const it of source) {
      if (first && present !== undefined) for (const f of resolveHeader(header(), READERS[o.kind].aliases).columns.keys()) present.add(f);
      first = false;
      yield it;
    }
  }
  return importRows(
    db,
    {
      kind: o.kind, fileName: file, fileHash, importedBy: o.importedBy, region: o.region, header, present, chunkRows: o.chunkRows,
      onChunk: o.policies === undefined ? undefined : ledgerHook(o.kind, o.policies), onStart: o.onStart,
    },
    withPresent(),
  );
}

/** A stored reject as the batch commands' rejected row (for writeRejects). */
function asRejectedRow(file: string, r: StoredReject): RejectedRow {
  const values = Object.values(r.content);
  return { file, line: r.line, field: r.field, reason: r.reason, content: values.length === 0 ? '' : csvLine(values).replace(/\n$/, '') };
}

/** A batch's rejected rows as a file a clerk corrects and imports again (.xlsx or .csv, by extension). */
export async function writeBatchRejects(db: Db, b: BatchRecord, path: string): Promise<void> {
  const stored = await batchRejects(db, b.batchId);
  const rejects = stored.map((r) => asRejectedRow(b.fileName, r));
  // the file's header: the columns of the rejected rows as stored
  const first = stored.find((r) => Object.keys(r.content).length > 0);
  await writeRejects(path, rejects, new Map([[b.fileName, Object.keys(first?.content ?? {})]]));
}

export class ImportUsageError extends Error {}

export async function importCommand(args: string[], env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { pack: { type: 'string' }, by: { type: 'string' }, rejects: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [kind, path, ...extra] = positionals;
  if (kind === undefined || !(IMPORT_KINDS as readonly string[]).includes(kind)) {
    throw new ImportUsageError(`导入类型应为 ${IMPORT_KINDS.join(' | ')} / the kind is one of ${IMPORT_KINDS.join(', ')}: ${kind ?? '(none)'}`);
  }
  if (path === undefined || path === '' || extra.length > 0) throw new ImportUsageError('应给出一个文件 / give one file');
  const packs = values.pack === undefined ? undefined : loadPacks(values.pack);
  const region = packs?.[0]?.region.admdvs;
  // the ledger: the packs the service runs (SANCHONG_PACKS), else --pack; neither = inputs only
  const running = env['SANCHONG_PACKS'];
  const policies = running !== undefined && running.trim() !== '' ? loadRegions(running) : packs === undefined ? undefined : new RegionPolicies([packs]);
  const importedBy = values.by ?? env['USER'] ?? userInfo().username;
  // a missing file or an unsupported type is an error before the store is opened
  statSync(path);
  await readTable(path).return(undefined);
  const db = await openDb(env);
  try {
    await migrate(db);
    const result = await importFile(db, { kind: kind as ImportKind, path, region, importedBy, policies });
    const b = result.batch;
    const how = result.outcome === 'already-imported'
      ? `已导入过，未做任何更改 / already imported on ${b.startedAt.toISOString()} by ${b.importedBy}: nothing changed`
      : result.outcome === 'resumed' ? '续导完成 / resumed and completed' : '导入完成 / imported';
    process.stdout.write(`batch ${b.batchId}\n`);
    process.stderr.write(
      `导入批次 batch ${b.batchId} (${b.kind}, ${b.fileName}): ${how} · 接受 accepted ${b.accepted} · 拒绝 rejected ${b.rejected} · 写入 written ${result.written}\n`,
    );
    if (b.rejected > 0) {
      if (values.rejects !== undefined) await writeBatchRejects(db, b, values.rejects);
      else {
        const rejects = (await batchRejects(db, b.batchId)).map((r) => asRejectedRow(b.fileName, r));
        for (const r of rejects.slice(0, 10)) process.stderr.write(`  ${r.file}:${r.line} ${r.field} ${r.reason}\n`);
        if (rejects.length > 10) process.stderr.write(`  … (--rejects <file> 写出全部 / writes them all)\n`);
      }
    }
    return b.rejected > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}
