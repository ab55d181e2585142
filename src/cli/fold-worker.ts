/**
 * The second thread of `settle`. Two tasks, one after the other:
 *  - scan: the settlements file read by bytes (prescanSettlements) while the main thread reads
 *    persons and identities; the columns are on shared memory, and after each chunk the main
 *    thread is told what has been scanned (see FoldWorker.scanFeed);
 *  - fold: the person groups it is given folded (foldGroups) into result columns it shares with
 *    the main thread, answered with the problems it met; with `write`, it then writes the output
 *    file while the main thread still folds its own groups (each row once its group is done).
 * Any failure is answered as such and the main thread does that work itself, so that what is
 * reported is exactly what one thread reports. See fold-parallel.ts.
 */
import { parentPort } from 'node:worker_threads';
import { foldGroups } from '../benefits/columns.js';
import type { PersonFacts, SettleProblem } from '../benefits/types.js';
import { prescanSettlements } from '../ingest/settlement-columns.js';
import type { FoldPlan } from '../benefits/columns.js';
import { ByteFileWriter } from '../ingest/byte-writer.js';
import type { WorkerTask, WriteTask } from './fold-parallel.js';
import type { SettledTally } from './settled-rows.js';
import { formatSettled } from './settled-rows.js';

const NO_IDENTITIES: PersonFacts['identities'] = Object.freeze([]);

async function run(task: WorkerTask): Promise<unknown> {
  if (task.kind === 'scan') {
    try {
      const prescan = await prescanSettlements(task.path, {}, (part) => parentPort?.postMessage({ part }));
      return { ok: true, prescan };
    } catch {
      return { ok: false };
    }
  }
  try {
    const problems: [number, SettleProblem][] = [];
    const person = (p: number): PersonFacts => {
      const tier = task.insuredTier[p] as number;
      return { psnNo: '', identities: task.identities.get(p) ?? NO_IDENTITIES, insuredTier: Number.isNaN(tier) ? undefined : tier };
    };
    foldGroups(task.policy, task.columns, person, task.plan, task.from, task.to, task.results, (i, p) => problems.push([i, p]));
    const tally = task.write === undefined ? undefined : writeRows(task.write, task.plan);
    return { ok: true, problems, tally };
  } catch {
    return { ok: false, problems: [] };
  }
}

/**
 * Every settled row in file order, each as soon as its person's group is folded (below
 * progress[0]: the worker's own groups and those the main thread has done), written to the file
 * at w.position.
 */
export function writeRows(w: WriteTask, plan: FoldPlan): SettledTally {
  const groupOf = new Int32Array(plan.startOf.length).fill(-1);
  for (let g = 0; g < plan.groups; g++) groupOf[plan.order[g] as number] = g;
  const { source, rows, progress } = w;
  const owner = source.owner;
  const out = new ByteFileWriter(w.fd, w.position);
  const tally: SettledTally = { settled: 0, fundTotal: 0 };
  let i = 0;
  while (i < rows) {
    const folded = Atomics.load(progress, 0);
    let r = i;
    for (; r < rows; r++) {
      const g = groupOf[owner[r] as number] as number;
      if (g >= folded) break;
    }
    if (r > i) {
      formatSettled(source, i, r, out, tally);
      i = r;
    } else {
      if (Atomics.load(progress, 1) === 1) {
        // what was formatted is written (the rows whose groups were folded), then no more
        out.flush();
        throw new Error('the main thread gave up');
      }
      Atomics.wait(progress, 0, folded, 100);
    }
  }
  out.flush();
  return tally;
}

parentPort?.on('message', (task: WorkerTask) => {
  void run(task).then((answer) => parentPort?.postMessage(answer));
});
