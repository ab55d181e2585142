import type { Fen } from '../money/fen.js';
import { explainSettlement } from '../benefits/explain.js';
import type { ResultColumns } from '../benefits/columns.js';
import { PROBLEM, settlementAt, settleTable } from '../benefits/columns.js';
import { settleBatchInOrder } from '../benefits/fold.js';
import type { PersonFacts, Settlement, SettlementResult, SettleProblem } from '../benefits/types.js';
import type { Policy } from '../policy/compile.js';
import { ByteCsvWriter } from '../ingest/byte-writer.js';
import { CsvWriter, csvLine } from '../ingest/csv-writer.js';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { SettlementReadOptions } from '../ingest/settlement-columns.js';
import { regionPrefix } from '../ingest/person-row.js';
import type { InputFiles, RejectedRow } from './inputs.js';
import { readInputs, rowContents, writeRejects } from './inputs.js';
import { FoldWorker, settleAndWrite } from './fold-parallel.js';
import { problemReason } from '../ingest/problem-reason.js';
import type { SettledSource, SettledTally } from './settled-rows.js';
import { formatSettled, settledSource } from './settled-rows.js';


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
   * 1: this thread only. 2: a second thread for a large file (it scans the settlements file
   * while persons are read, then folds the first groups, 15 % of the rows, and writes the output
   * while this thread folds the rest). Default: 2 when the machine has a second core and the
   * settlements file is large (FoldWorker.start), else 1.
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
  /**
   * Wall-clock milliseconds per phase: reading and checking the files, folding, writing (on two
   * threads the output is written while folding: `fold` holds both).
   */
  readonly timings: { readonly read: number; readonly fold: number; readonly write: number };
  /** Threads that did the work: 2 when a worker took part. */
  readonly threads: number;
}

/** settle: read, fold every person-year, write one row per settled settlement in file order. */
export async function settleFiles(o: SettleOptions): Promise<SettleSummary> {
  const t0 = performance.now();
  // a second thread for a large file (see `threads`; measured in docs/performance.md)
  const worker = o.threads === 1 || o.explain ? undefined : await FoldWorker.start(o.settlements, undefined, undefined, o.threads === 2);
  try {
    return await settle(o, worker, t0);
  } finally {
    await worker?.stop();
  }
}

async function settle(o: SettleOptions, worker: FoldWorker | undefined, t0: number): Promise<SettleSummary> {
  const first = o.policy.versions[0]?.pack;
  // the worker scans the settlements file while this thread reads persons and identities, then
  // this thread checks what it scanned against the persons while it scans the rest
  const feed = worker === undefined || o.read?.bytes === false ? undefined : worker.scanFeed(o.settlements);
  const inputs = await readInputs(o, first === undefined ? undefined : regionPrefix(first.region.admdvs), o.read, feed);
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
  // with a worker (a large file), it writes the output while this thread folds (settleAndWrite)
  const pipelined = worker !== undefined && !o.explain;
  // opened (and truncated) before the fold, as always: a file that cannot be written fails here
  const explained = o.explain ? await CsvWriter.open(o.out, header) : undefined;
  const bytes = o.explain || pipelined ? undefined : await ByteCsvWriter.open(o.out, header);
  const fd = pipelined ? openSync(o.out, 'w') : undefined;
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
  } else {
    // a million rows keep no object per settlement: columns in, columns out, bytes written
    const sourceOf = (cols: ResultColumns): SettledSource => settledSource(o.policy, table, inputs.people, cols);
    let cols: ResultColumns;
    const tally: SettledTally = { settled: 0, fundTotal: 0 };
    if (fd !== undefined && worker !== undefined) {
      try {
        const head = Buffer.from(csvLine(header));
        writeSync(fd, head);
        const done = await settleAndWrite(o.policy, table, worker, sourceOf, fd, head.length);
        cols = done.cols;
        tally.settled = done.tally.settled;
        tally.fundTotal = done.tally.fundTotal;
      } finally {
        closeSync(fd);
      }
      t2 = performance.now();
    } else if (bytes !== undefined) {
      const out = bytes;
      cols = settleTable(o.policy, table);
      t2 = performance.now();
      const source = sourceOf(cols);
      for (let i = 0; i < table.count; ) {
        i = formatSettled(source, i, table.count, out, tally);
        if (i < table.count) await out.drain();
      }
      await out.close();
    } else throw new Error('settle: no output opened');
    settled = tally.settled;
    fundTotal = tally.fundTotal;
    for (let i = 0; i < table.count; i++) {
      if (cols.status[i] !== PROBLEM) continue;
      const p = cols.problems.get(i);
      if (p !== undefined) problem(i, p);
    }
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
  return { settled, rejected: rejects.length, duplicates: inputs.duplicates, reversals: inputs.reversed.size, cancelled, fundTotal: fundTotal as Fen, rejects, timings, threads: worker === undefined ? 1 : 2 };
}
