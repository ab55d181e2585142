/**
 * settle's fold on two threads. Persons are independent, so the planned groups (planFold: in
 * order of first appearance, each person's rows already sorted) are cut in two at half the rows:
 * the main thread folds the first part, a worker (fold-worker.ts) the second, both writing into
 * result columns on shared memory. The results are those of settleTable, to the fen: the worker
 * runs the same foldGroups on the same columns and persons. When the worker fails (a defect in
 * its half, or it could not start), the main thread folds its groups again itself, so an error is
 * thrown exactly as by one thread.
 */
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FoldColumns, FoldPlan, ResultColumns, SettlementTable } from '../benefits/columns.js';
import { foldGroups, newResultColumns, planFold, settleTable } from '../benefits/columns.js';
import type { PersonFacts, SettleProblem } from '../benefits/types.js';
import type { IdentitySpan } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import type { Prescan } from '../ingest/settlement-columns.js';

/** What the worker is sent: a file to scan, or groups to fold. */
export type WorkerTask = { readonly kind: 'scan'; readonly path: string } | FoldTask;

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
}

interface Answer {
  readonly ok: boolean;
  readonly problems?: [number, SettleProblem][];
  readonly prescan?: Prescan | undefined;
}

/** Files below this size are folded by one thread: a worker costs more than it saves. */
const WORTH_IT = 4 << 20;

/** A worker started before the files are read, so that it is ready when the fold begins. */
export class FoldWorker {
  private failed = false;
  private pending: ((a: Answer) => void) | undefined;
  /** The task after the one running (one at a time). */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (a: Answer) => this.answer(a));
    worker.on('error', () => this.fail());
    worker.on('exit', () => this.fail());
  }

  /**
   * A worker when the machine has a second core that is not busy (1-minute load average below
   * cores − 0.5) and the settlements file is large enough; else undefined. `url`, `minBytes` and
   * `always` (whatever the load) are for tests and `threads: 2`.
   */
  static async start(settlements: string, url = new URL('./fold-worker.js', import.meta.url), minBytes = WORTH_IT, always = false): Promise<FoldWorker | undefined> {
    // a second thread pays only on a core that is free: with the machine busy it slows the run down
    const cores = availableParallelism();
    if (cores < 2 || (!always && (loadavg()[0] ?? 0) > cores - 0.5)) return undefined;
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

  run(task: WorkerTask): Promise<Answer> {
    const next = this.queue.then(
      () =>
        new Promise<Answer>((resolve) => {
          if (this.failed) resolve({ ok: false });
          else {
            this.pending = resolve;
            this.worker.postMessage(task);
          }
        }),
    );
    this.queue = next;
    return next;
  }

  /** The settlements file scanned by bytes on the worker; undefined when it could not (the main thread reads it). */
  async scan(path: string): Promise<Prescan | undefined> {
    const a = await this.run({ kind: 'scan', path });
    return a.ok ? a.prescan : undefined;
  }

  async stop(): Promise<void> {
    this.failed = true;
    await this.worker.terminate();
  }
}

/** settleTable, its second half of persons folded by `worker` when there is one. */
export async function settleTableParallel(policy: Policy, t: SettlementTable, worker: FoldWorker | undefined): Promise<ResultColumns> {
  if (worker === undefined) return settleTable(policy, t);
  const plan = planFold(t, true);
  const cols = newResultColumns(t.count, true);
  // the worker's part: the groups after the one that passes half the rows
  const half = plan.rows.length / 2;
  let split = 0;
  for (let rows = 0; split < plan.groups && rows < half; split++) rows += plan.counts[plan.order[split] as number] as number;
  const insuredTier = new Float64Array(new SharedArrayBuffer(8 * t.owners.length));
  for (let p = 0; p < t.owners.length; p++) insuredTier[p] = t.owners[p]?.insuredTier ?? NaN;
  const identities = new Map<number, readonly IdentitySpan[]>();
  for (let g = split; g < plan.groups; g++) {
    const p = plan.order[g] as number;
    const ids = t.owners[p]?.identities;
    if (ids !== undefined && ids.length > 0) identities.set(p, ids);
  }
  const { time, total, policyScope, basicGiven, criticalIllnessGiven, medType, medTypes, hospLv, hospLvs } = t;
  const columns: FoldColumns = { time, total, policyScope, basicGiven, criticalIllnessGiven, medType, medTypes, hospLv, hospLvs };
  const answer = worker.run({ kind: 'fold', policy, columns, plan, from: split, to: plan.groups, results: cols, insuredTier, identities });
  const person = (p: number): PersonFacts => t.owners[p] as PersonFacts;
  const problem = (i: number, p: SettleProblem): void => {
    cols.problems.set(i, p);
  };
  foldGroups(policy, t, person, plan, 0, split, cols, problem, (i) => t.setlId(i));
  const a = await answer;
  if (a.ok) for (const [i, p] of a.problems ?? []) problem(i, p);
  else foldGroups(policy, t, person, plan, split, plan.groups, cols, problem, (i) => t.setlId(i));
  return cols;
}
