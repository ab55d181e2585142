import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IDENTITY_COLUMNS, PERSON_COLUMNS, SETTLEMENT_COLUMNS, syntheticIdentities, syntheticPersons, syntheticSettlements } from '../demo/synthetic.js';
import type { Record as SyntheticRecord } from '../demo/synthetic.js';
import { csvLine } from '../ingest/csv-writer.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import { FoldWorker, settleAndWrite } from './fold-parallel.js';
import type { Inputs } from './inputs.js';
import { readInputs } from './inputs.js';
import type * as SettleModule from './settle.js';
import { SETTLE_OUTPUT_HEADER, settleFiles } from './settle.js';
import { settledSource } from './settled-rows.js';

// the worker runs compiled code: `npm test` builds before it tests
const compiled = new URL('../../dist/cli/fold-worker.js', import.meta.url);

function write(path: string, columns: readonly string[], records: Iterable<SyntheticRecord>): void {
  let text = csvLine(columns);
  for (const r of records) text += csvLine(columns.map((c) => r[c] ?? ''));
  writeFileSync(path, text);
}

/** What a read gave, as plain values (the columns up to their count). */
function plain(i: Inputs): unknown {
  const t = i.settlements;
  const cut = (a: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }): number[] => [...Array.from(a.subarray(0, t.count))];
  return {
    count: t.count, line: cut(t.line), time: cut(t.time), total: cut(t.total), owner: cut(t.owner), cancelled: [...t.cancelled],
    medTypes: [...t.medType.subarray(0, t.count)].map((m) => t.medTypes[m]), ids: Array.from({ length: t.count }, (_, k) => t.setlId(k)),
    rejects: i.rejects, reversed: [...i.reversed].sort(), duplicates: i.duplicates,
  };
}

describe.skipIf(!existsSync(compiled))('settle on two threads', () => {
  const d = mkdtempSync(join(tmpdir(), 'sanchong-par-'));
  const opts = { seed: 7, persons: 3000, year: 2023, admdvs: '500243', townships: 5, settlementsPerPerson: 2.5, basicGivenShare: 0.3 };
  const files = { persons: join(d, 'persons.csv'), identities: join(d, 'identities.csv'), settlements: join(d, 'settlements.csv') };
  write(files.persons, PERSON_COLUMNS, syntheticPersons(opts));
  write(files.identities, IDENTITY_COLUMNS, syntheticIdentities(opts));
  // every 37th row without its hospital level: inpatient ones cannot be settled (problems on both
  // threads); every 101st with a quoted setl_id and every 211th with an unknown person (the row path)
  write(
    files.settlements,
    SETTLEMENT_COLUMNS,
    [...syntheticSettlements(opts)].map((r, i) => (i % 37 === 0 ? { ...r, hosp_lv: '' } : i % 101 === 0 ? { ...r, setl_id: `"${r.setl_id ?? ''}"` } : i % 211 === 0 ? { ...r, psn_no: 'NOBODY' } : r)),
  );
  const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
  const header = Buffer.from(csvLine(SETTLE_OUTPUT_HEADER));

  /** The output settleAndWrite gives for `inputs` with `worker`. */
  async function pipelined(inputs: Inputs, worker: FoldWorker): Promise<{ bytes: Buffer; settled: number; problems: number }> {
    const out = join(d, `two-${Math.random()}.csv`);
    const fd = openSync(out, 'w');
    try {
      writeSync(fd, header);
      const { cols, tally } = await settleAndWrite(policy, inputs.settlements, worker, (c) => settledSource(policy, inputs.settlements, inputs.people, c), fd, header.length);
      return { bytes: readFileSync(out), settled: tally.settled, problems: cols.problems.size };
    } finally {
      closeSync(fd);
    }
  }

  it('reads, folds and writes what one thread does, problems and row-path rows included', async () => {
    const one = join(d, 'one.csv');
    const summary = await settleFiles({ policy, ...files, out: one, explain: false, threads: 1 });
    expect(summary.settled).toBeGreaterThan(5000);
    expect(summary.rejects.some((r) => r.field === 'hosp_lv')).toBe(true);
    expect(summary.rejects.some((r) => r.field === 'psn_no')).toBe(true);
    const inputs = await readInputs(files, '500243');
    const worker = await FoldWorker.start(files.settlements, compiled, 0, true);
    expect(worker).toBeDefined();
    if (worker === undefined) return;
    try {
      // the file scanned on the worker, checked here part by part as it is scanned
      const fed = await readInputs(files, '500243', {}, worker.scanFeed(files.settlements));
      expect(plain(fed)).toEqual(plain(inputs));
      const two = await pipelined(fed, worker);
      expect(two.bytes.equals(readFileSync(one))).toBe(true);
      expect(two.settled).toBe(summary.settled);
      expect(two.problems).toBe(summary.rejects.filter((r) => r.field === 'hosp_lv').length);
    } finally {
      await worker.stop();
    }
    // a stopped worker fails every task: this thread reads, folds and writes it all, the same
    const fed = await readInputs(files, '500243', {}, worker.scanFeed(files.settlements));
    expect(plain(fed)).toEqual(plain(inputs));
    const alone = await pipelined(inputs, worker);
    expect(alone.bytes.equals(readFileSync(one))).toBe(true);
  });

  it('settleFiles itself, compiled, on a file large enough for the worker: the bytes, rejects and totals of one thread', async () => {
    // the compiled module (whose worker exists), on 24,000 persons: ≈ 60,000 rows, more than 4 MiB
    const built = (await import(new URL('../../dist/cli/settle.js', import.meta.url).href)) as typeof SettleModule;
    const big = { ...opts, seed: 11, persons: 24_000 };
    const f = { persons: join(d, 'big-persons.csv'), identities: join(d, 'big-identities.csv'), settlements: join(d, 'big-settlements.csv') };
    write(f.persons, PERSON_COLUMNS, syntheticPersons(big));
    write(f.identities, IDENTITY_COLUMNS, syntheticIdentities(big));
    write(f.settlements, SETTLEMENT_COLUMNS, [...syntheticSettlements(big)].map((r, i) => (i % 37 === 0 ? { ...r, hosp_lv: '' } : i % 211 === 0 ? { ...r, psn_no: 'NOBODY' } : r)));
    const run = async (threads: number): Promise<{ bytes: Buffer; summary: Awaited<ReturnType<typeof settleFiles>> }> => {
      const out = join(d, `big-${threads}.csv`);
      const summary = await built.settleFiles({ policy, ...f, out, explain: false, threads });
      return { bytes: readFileSync(out), summary };
    };
    const one = await run(1);
    const two = await run(2);
    expect([one.summary.threads, two.summary.threads]).toEqual([1, 2]);
    expect(one.summary.settled).toBeGreaterThan(50_000);
    expect(one.summary.rejects.some((r) => r.field === 'hosp_lv')).toBe(true);
    expect(two.bytes.equals(one.bytes)).toBe(true);
    const { timings: _a, threads: _b, ...a } = one.summary;
    const { timings: _c, threads: _d, ...b } = two.summary;
    expect(b).toEqual(a);
  });
});
