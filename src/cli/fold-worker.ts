/**
 * The second thread of `settle`. Two tasks, one after the other:
 *  - scan: the settlements file read by bytes (prescanSettlements) while the main thread reads
 *    persons and identities; the columns come back on shared memory;
 *  - fold: the person groups it is given folded (foldGroups) into result columns it shares with
 *    the main thread, answered with the problems it met.
 * Any failure is answered as such and the main thread does that work itself, so that what is
 * reported is exactly what one thread reports. See fold-parallel.ts.
 */
import { parentPort } from 'node:worker_threads';
import { foldGroups } from '../benefits/columns.js';
import type { PersonFacts, SettleProblem } from '../benefits/types.js';
import { prescanSettlements } from '../ingest/settlement-columns.js';
import type { WorkerTask } from './fold-parallel.js';

const NO_IDENTITIES: PersonFacts['identities'] = Object.freeze([]);

async function run(task: WorkerTask): Promise<unknown> {
  if (task.kind === 'scan') {
    try {
      return { ok: true, prescan: await prescanSettlements(task.path) };
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
    return { ok: true, problems };
  } catch {
    return { ok: false, problems: [] };
  }
}

parentPort?.on('message', (task: WorkerTask) => {
  void run(task).then((answer) => parentPort?.postMessage(answer));
});
