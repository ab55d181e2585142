/**
 * settle on two threads, the main thread and a worker (fold-worker.ts):
 *  - reading: the worker scans the settlements file by bytes while the main thread reads the
 *    persons, and tells it after each chunk what it has scanned (scanFeed), so that the main
 *    thread checks those rows against the persons while the rest is scanned;
 *  - folding and writing (settleAndWrite): persons are independent, so the planned groups
 *    (planFold: in order of first appearance, each person's rows already sorted) are cut: the
 *    worker folds the first groups, the main thread the rest in order, both into result columns
 *    on shared memory; the worker then writes the output in file order, each row as soon as its
 *    person's group is folded.
 * The results and bytes are those of one thread, to the fen: the same foldGroups on the same
 * columns and persons, the same formatSettled. When the worker fails (or could not start), the
 * main thread does its work itself, so an error is thrown exactly as by one thread.
 */
import { existsSync, ftruncateSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FoldColumns, FoldPlan, ResultColumns, SettlementTable } from '../benefits/columns.js';
import { foldGroups, newResultColumns, planFold } from '../benefits/columns.js';
import type { PersonFacts, SettleProblem } from '../benefits/types.js';
import type { IdentitySpan } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import type { Prescan, PrescanFeed, PrescanPart } from '../ingest/settlement-columns.js';
import { lastPart } from '../ingest/settlement-columns.js';
import { ByteFileWriter } from '../ingest/byte-writer.js';
import type { SettledSource, SettledTally } from './settled-rows.js';
import { formatSettled } from './settled-rows.js';

/** What the worker is sent: a file to scan (telling what it has read after each chunk), or groups to fold. */
export type WorkerTask = { readonly kind: 'scan'; readonly path: string } | FoldTask;

/**
 * After its own groups (the first ones), the worker writes every settled row of the file
 * (formatSettled) to `fd` from `position`, in file order, each row once its person's group is
 * folded, that is below progress[0] (the main thread folds the groups after the worker's in
 * order and stores there the end of those it has done); progress[1] = 1 when the main thread
 * gave up (the worker then writes what it has formatted and stops).
 */
export interface WriteTask {
  readonly source: SettledSource;
  readonly rows: number;
  readonly progress: Int32Array;
  readonly fd: number;
  readonly position: number;
}

export interface FoldTask {
  readonly kind: 'fold';
  readonly policy: Policy;
  readonly columns: FoldColumns;
  readonly plan: FoldPlan;
  readonly from: number;
  readonly to: number;
  readonly results: ResultColumns;
  /** insuredTier by person, NaN when none. */
  readonly insuredTier: Float64Array;
  /** Identities of the persons of groups [from, to) that hold any. */
  readonly identities: Map<number, readonly IdentitySpan[]>;
  /** Then write the output (see WriteTask). */
  readonly write?: WriteTask | undefined;
}

interface Answer {
  readonly ok: boolean;
  readonly problems?: [number, SettleProblem][];
  readonly prescan?: Prescan | undefined;
  readonly tally?: SettledTally;
}

/** Files below this size are folded by one thread: a worker costs more than it saves. */
const WORTH_IT = 4 << 20;

/** A worker started before the files are read, so that it is ready when the fold begins. */
export class FoldWorker {
  private failed = false;
  private pending: ((a: Answer) => void) | undefined;
  /** The task after the one running (one at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  /** Where a scan's parts go (scanFeed). */
  private onPart: ((part: PrescanPart) => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (a: Answer | { part: PrescanPart }) => {
      if ('part' in a) this.onPart?.(a.part);
      else this.answer(a);
    });
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  /**
   * A worker when the machine has a second core and the settlements file is large enough; else
   * undefined. The load of the machine is not asked: with another process keeping one of two
   * cores busy, two threads were still faster than one (docs/performance.md). `url` and
   * `minBytes` are for tests; `always` (a worker even on one core) for tests and `threads: 2`.
   */
  static async start(settlements: string, url = new URL('./fold-worker.js', import.meta.url), minBytes = WORTH_IT, always = false): Promise<FoldWorker | undefined> {
    if (availableParallelism() < 2 && !always) return undefined;
    // run from the TypeScript sources (tests) there is no compiled worker: one thread
    if (!existsSync(fileURLToPath(url))) return undefined;
    try {
      if ((await stat(settlements)).size < minBytes) return undefined;
    } catch {
      return undefined; // the reader reports a missing file as it always did
    }
    return new FoldWorker(new Worker(url));
  }

  private answer(a: Answer): void {
    const p = this.pending;
    this.pending = undefined;
    p?.(a);
  }

  private fail(): void {
    this.failed = true;
    this.answer({ ok: false });
  }

  /** Tasks sent or waiting: a task given to an idle worker is posted at once, not a microtask later. */
  private queued = 0;

  run(task: WorkerTask): Promise<Answer> {
    const post = (): Promise<Answer> =>
      new Promise<Answer>((resolve) => {
        if (this.failed) resolve({ ok: false });
        else {
          this.pending = resolve;
          this.worker.postMessage(task);
        }
      });
    // posted now when idle: the caller goes on with its own half of the work synchronously, and
    // a post deferred to the next microtask would reach the worker only after that half
    const next = this.queued === 0 ? post() : this.queue.then(post);
    this.queued++;
    this.queue = next.finally(() => {
      this.queued--;
    });
    return next;
  }

  /**
   * The settlements file scanned on the worker, as a feed: a part after each chunk it read, so
   * that the main thread checks rows while the rest is scanned; the feed ends with the whole
   * scan's last part, or undefined when the worker could not scan (the main thread reads it).
   */
  scanFeed(path: string): PrescanFeed {
    const parts: PrescanPart[] = [];
    let wake: (() => void) | undefined;
    let othersGiven = 0;
    let finished = false;
    let whole: Prescan | undefined;
    this.onPart = (part) => {
      parts.push(part);
      wake?.();
    };
    // parts are posted before the answer: when it has come, every part is in `parts`
    void this.run({ kind: 'scan', path }).then((a) => {
      this.onPart = undefined;
      finished = true;
      whole = a.ok ? a.prescan : undefined;
      wake?.();
    });
    const next = async (): Promise<PrescanPart | undefined> => {
      for (;;) {
        const part = parts.shift();
        if (part !== undefined) {
          othersGiven += part.others.length;
          return part;
        }
        if (finished) {
          const end = whole === undefined ? undefined : lastPart(whole, othersGiven);
          whole = undefined;
          return end;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    };
    return { next };
  }

  async stop(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }
}

/** Share of the rows the worker folds when it also writes the output (measured: see docs/performance.md). */
const WORKER_SHARE = 0.15;

/**
 * settleTable on two threads, and the output written meanwhile: the worker folds the groups of
 * the first `WORKER_SHARE` of the rows, this thread the rest, in order; the worker then writes
 * every settled row to `fd` from `position` (the header before it is the caller's) while this
 * thread is still folding, each row as soon as its person's group is done. Groups come in order
 * of first appearance, so this thread's last groups are the persons who first appear last in
 * the file: by the time it has folded them, the worker has written almost every row. The results
 * and the bytes are those of one thread. When the worker fails, this thread folds its groups and
 * writes the whole file again itself; a defect in this thread's groups is thrown, as by one thread.
 */
export async function settleAndWrite(
  policy: Policy, t: SettlementTable, worker: FoldWorker, sourceOf: (cols: ResultColumns) => SettledSource, fd: number, position: number,
): Promise<{ cols: ResultColumns; tally: SettledTally }> {
  const plan = planFold(t, true);
  const cols = newResultColumns(t.count, true);
  const split = splitAt(plan, WORKER_SHARE);
  const source = sourceOf(cols);
  // the worker's groups [0, split) are its own to wait for; this thread's start at split
  const progress = new Int32Array(new SharedArrayBuffer(8));
  progress[0] = split;
  const write: WriteTask = { source, rows: t.count, progress, fd, position };
  const answer = worker.run(foldTask(policy, t, plan, 0, split, cols, write));
  const person = (p: number): PersonFacts => t.owners[p] as PersonFacts;
  const problem = (i: number, p: SettleProblem): void => {
    cols.problems.set(i, p);
  };
  try {
    foldGroups(policy, t, person, plan, split, plan.groups, cols, problem, (i) => t.setlId(i), progress);
  } catch (e) {
    // the worker is waiting on groups that will never be folded
    Atomics.store(progress, 1, 1);
    Atomics.notify(progress, 0);
    throw e;
  }
  const a = await answer;
  if (a.ok && a.tally !== undefined) {
    for (const [i, p] of a.problems ?? []) problem(i, p);
    return { cols, tally: a.tally };
  }
  foldGroups(policy, t, person, plan, 0, split, cols, problem, (i) => t.setlId(i));
  ftruncateSync(fd, position);
  const out = new ByteFileWriter(fd, position);
  const tally: SettledTally = { settled: 0, fundTotal: 0 };
  formatSettled(source, 0, t.count, out, tally);
  out.flush();
  return { cols, tally };
}

/** The first group after those holding `share` of the plan's rows. */
function splitAt(plan: FoldPlan, share: number): number {
  const rows = plan.rows.length * share;
  let split = 0;
  for (let n = 0; split < plan.groups && n < rows; split++) n += plan.counts[plan.order[split] as number] as number;
  return split;
}

/** The worker's task: the groups [from, to) of the plan, on the table's columns (shared memory). */
function foldTask(policy: Policy, t: SettlementTable, plan: FoldPlan, from: number, to: number, cols: ResultColumns, write?: WriteTask): FoldTask {
  const insuredTier = new Float64Array(new SharedArrayBuffer(8 * t.owners.length));
  for (let p = 0; p < t.owners.length; p++) insuredTier[p] = t.owners[p]?.insuredTier ?? NaN;
  const identities = new Map<number, readonly IdentitySpan[]>();
  for (let g = from; g < to; g++) {
    const p = plan.order[g] as number;
    const ids = t.owners[p]?.identities;
    if (ids !== undefined && ids.length > 0) identities.set(p, ids);
  }
  const { time, total, policyScope, basicGiven, criticalIllnessGiven, medType, medTypes, hospLv, hospLvs } = t;
  const columns: FoldColumns = { time, total, policyScope, basicGiven, criticalIllnessGiven, medType, medTypes, hospLv, hospLvs };
  return { kind: 'fold', policy, columns, plan, from, to, results: cols, insuredTier, identities, write };
}
