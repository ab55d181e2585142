import type { Fen } from '../money/fen.js';
import { explainSettlement } from '../benefits/explain.js';
import { settlementAt, SETTLED } from '../benefits/columns.js';
import { settleBatchInOrder } from '../benefits/fold.js';
import type { PersonFacts, Settlement, SettlementResult, SettleProblem } from '../benefits/types.js';
import type { Policy } from '../policy/compile.js';
import { ByteCsvWriter } from '../ingest/byte-writer.js';
import { CsvWriter, csvField } from '../ingest/csv-writer.js';
import type { SettlementReadOptions } from '../ingest/settlement-columns.js';
import { regionPrefix } from '../ingest/person-row.js';
import type { InputFiles, RejectedRow } from './inputs.js';
import { readInputs, rowContents, writeRejects } from './inputs.js';
import { FoldWorker, settleTableParallel } from './fold-parallel.js';
import { problemReason } from '../ingest/problem-reason.js';

export const SETTLE_OUTPUT_HEADER = [
  'setl_id', 'psn_no', 'setl_time', 'med_type', 'medfee_sumamt', 'inscp_scp_amt',
  'hifp_pay', 'hifmi_pay', 'maf_pay', 'maf_assist_pay', 'maf_reassist_pay',
  'fund_pay_sumamt', 'psn_part_amt', 'inscp_psn_part_amt', 'pack_id', 'pack_version',
] as const;

export { problemReason };

/** What a settled row prints: the tiers and the pack that computed them. */
type Amounts = Pick<SettlementResult, 'packId' | 'packVersion' | 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance'>;

export interface SettleOptions extends InputFiles {
  readonly policy: Policy;
  readonly out: string;
  readonly rejects?: string | undefined;
  readonly explain: boolean;
  /** How the settlements file is read (tests compare the byte path with the row path). */
  readonly read?: SettlementReadOptions | undefined;
  /**
   * 2: a second thread for a large file (it scans the settlements file while persons are read,
   * then folds half the persons); default 1, this thread only.
   */
  readonly threads?: number | undefined;
}

export interface SettleSummary {
  readonly settled: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Reversal rows accepted (each names a settlement of the file). */
  readonly reversals: number;
  /** Settlements those reversals cancelled (a reversal may cancel a row that was itself rejected). */
  readonly cancelled: number;
  readonly fundTotal: Fen;
  readonly rejects: readonly RejectedRow[];
  /** Wall-clock milliseconds per phase: reading and checking the files, folding, writing. */
  readonly timings: { readonly read: number; readonly fold: number; readonly write: number };
}

/** settle: read, fold every person-year, write one row per settled settlement in file order. */
export async function settleFiles(o: SettleOptions): Promise<SettleSummary> {
  const t0 = performance.now();
  // threads: 2 — a second thread for large files: it scans the settlements file, then folds half
  // the persons (not the default: on the shared 2-core machine it was measured slower, see
  // docs/performance.md)
  const worker = o.threads === 2 && !o.explain ? await FoldWorker.start(o.settlements, undefined, undefined, true) : undefined;
  try {
    return await settle(o, worker, t0);
  } finally {
    await worker?.stop();
  }
}

async function settle(o: SettleOptions, worker: FoldWorker | undefined, t0: number): Promise<SettleSummary> {
  const first = o.policy.versions[0]?.pack;
  // the worker scans the settlements file while this thread reads persons and identities
  const prescan = worker === undefined || o.read?.bytes === false ? undefined : worker.scan(o.settlements);
  const inputs = await readInputs(o, first === undefined ? undefined : regionPrefix(first.region.admdvs), o.read, prescan);
  const table = inputs.settlements;
  const header = o.explain ? [...SETTLE_OUTPUT_HEADER, 'setl_proc_info'] : SETTLE_OUTPUT_HEADER;
  const rejects = [...inputs.rejects];
  const file = o.settlements.split(/[\\/]/).pop() ?? o.settlements;
  let settled = 0;
  let fundTotal = 0;
  const problem = (i: number, p: SettleProblem): void => {
    const why = problemReason(p);
    rejects.push({ file, line: table.line[i] ?? 0, field: why.field, reason: why.reason, content: '' });
  };
  // opened (and truncated) before the fold, as always: a file that cannot be written fails here
  const explained = o.explain ? await CsvWriter.open(o.out, header) : undefined;
  const bytes = o.explain ? undefined : await ByteCsvWriter.open(o.out, header);
  const t1 = performance.now();
  let t2 = t1;
  if (explained !== undefined) {
    const out = explained;
    // every result object and trace is kept: the settlements as the engine's objects
    const settlements: Settlement[] = [];
    const owners: PersonFacts[] = [];
    for (let i = 0; i < table.count; i++) {
      settlements.push(settlementAt(table, i));
      owners.push(table.owners[table.owner[i] as number] as PersonFacts);
    }
    /** Writes one settled row; false when the output stream wants a drain before more. */
    const emit = (i: number, r: Amounts, info: string): boolean => {
      const s = settlements[i] as Settlement;
      const fund = r.basic + r.criticalIllness + r.assistance + r.reAssistance;
      settled++;
      fundTotal += fund;
      out.cell(s.setlId, true);
      out.cell(s.psnNo);
      out.cell(s.setlTime);
      out.cell(s.medType);
      out.cellFen(s.total);
      out.cellFen(s.policyScope);
      out.cellFen(r.basic);
      out.cellFen(r.criticalIllness);
      out.cellFen(r.assistance + r.reAssistance);
      out.cellFen(r.assistance);
      out.cellFen(r.reAssistance);
      out.cellFen(fund);
      out.cellFen(s.total - fund);
      out.cellFen(s.policyScope - fund);
      out.cell(r.packId);
      out.cell(r.packVersion);
      out.cell(info);
      return out.endRow();
    };
    const docs = Object.fromEntries(o.policy.versions.map((v) => [v.pack.id + v.pack.version, v.pack.documents]));
    const outcomes = settleBatchInOrder(o.policy, { persons: new Map(), settlements, cancelled: table.cancelled, owners });
    t2 = performance.now();
    for (let i = 0; i < outcomes.length; i++) {
      const oc = outcomes[i];
      if (oc === undefined) continue;
      if (!oc.ok) problem(i, oc.problem);
      else if (!emit(i, oc.result, explainSettlement(oc.result, docs[oc.result.packId + oc.result.packVersion] ?? {}))) await out.drain();
    }
    await out.close();
  } else if (bytes !== undefined) {
    // a million rows keep no object per settlement: columns in, columns out, bytes written
    const out = bytes;
    const cols = await settleTableParallel(o.policy, table, worker);
    t2 = performance.now();
    const packs = o.policy.versions.map((v) => [Buffer.from(csvField(v.pack.id)), Buffer.from(csvField(v.pack.version))] as const);
    const medTypes = table.medTypes.map((m) => Buffer.from(csvField(m)));
    const none = Buffer.alloc(0);
    const ids = table.ids;
    const people = inputs.people.index;
    /** per person: 1 = psn_no bytes written as they are, 2 = written as text (quoted or not ASCII) */
    const psnPlain = new Uint8Array(table.owners.length);
    for (let i = 0; i < table.count; i++) {
      const status = cols.status[i];
      if (status === SETTLED) {
        const idText = table.slowIds.size === 0 ? undefined : table.slowIds.get(i);
        if (idText === undefined) {
          const e = table.idEntry[i] as number;
          const start = ids.keyStart(e);
          out.bytes(ids.bytes, start, start + ids.keyLength(e), true);
        } else out.text(idText, true);
        const p = table.owner[i] as number;
        let plain = psnPlain[p];
        const entry = inputs.people.entries[p] as number;
        const start = people.keyStart(entry);
        const end = start + people.keyLength(entry);
        if (plain === 0) {
          plain = 1;
          const b = people.bytes;
          for (let k = start; k < end; k++) {
            const c = b[k] as number;
            if (c === 34 || c === 44 || c === 10 || c === 13 || c > 0x7e) plain = 2;
          }
          psnPlain[p] = plain;
        }
        if (plain === 1) out.bytes(people.bytes, start, end);
        else out.text((table.owners[p] as PersonFacts).psnNo);
        out.dateTime(table.time[i] as number);
        out.encoded(medTypes[table.medType[i] as number] ?? none);
        const total = table.total[i] as number;
        const scope = table.policyScope[i] as number;
        const basic = cols.basic[i] as number;
        const ci = cols.criticalIllness[i] as number;
        const assist = cols.assistance[i] as number;
        const re = cols.reAssistance[i] as number;
        const fund = basic + ci + assist + re;
        settled++;
        fundTotal += fund;
        out.fen(total);
        out.fen(scope);
        out.fen(basic);
        out.fen(ci);
        out.fen(assist + re);
        out.fen(assist);
        out.fen(re);
        out.fen(fund);
        out.fen(total - fund);
        out.fen(scope - fund);
        const pack = packs[cols.version[i] ?? 0];
        out.encoded(pack?.[0] ?? none);
        out.encoded(pack?.[1] ?? none);
        if (!out.endRow()) await out.drain();
      } else if (status !== 0) {
        const p = cols.problems.get(i);
        if (p !== undefined) problem(i, p);
      }
    }
    await out.close();
  }
  const refused = rejects.filter((r) => r.file === file && r.content === '');
  const contents = await rowContents(o.settlements, new Set(refused.map((r) => r.line)));
  for (let k = 0; k < rejects.length; k++) {
    const r = rejects[k] as RejectedRow;
    if (r.file === file && r.content === '') rejects[k] = { ...r, content: contents.get(r.line) ?? '' };
  }
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (o.rejects !== undefined) await writeRejects(o.rejects, rejects, inputs.headers);
  const timings = { read: Math.round(t1 - t0), fold: Math.round(t2 - t1), write: Math.round(performance.now() - t2) };
  const cancelled = table.cancelled.reduce((n, c) => n + c, 0);
  return { settled, rejected: rejects.length, duplicates: inputs.duplicates, reversals: inputs.reversed.size, cancelled, fundTotal: fundTotal as Fen, rejects, timings };
}
