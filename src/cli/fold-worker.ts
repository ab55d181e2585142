/**
 * The second thread of `settle`: folds the person groups it is given (foldGroups) into the
 * result columns it shares with the main thread, and answers with the problems it met. Any
 * failure is answered with ok: false and the main thread folds those groups itself, so that an
 * error is reported exactly as a single thread reports it. See fold-parallel.ts.
 */
import { parentPort } from 'node:worker_threads';
import { foldGroups } from '../benefits/columns.js';
import type { PersonFacts, SettleProblem } from '../benefits/types.js';
import type { FoldTask } from './fold-parallel.js';

const NO_IDENTITIES: PersonFacts['identities'] = Object.freeze([]);

parentPort?.on('message', (task: FoldTask) => {
  try {
    const problems: [number, SettleProblem][] = [];
    const person = (p: number): PersonFacts => {
      const tier = task.insuredTier[p] as number;
      return { psnNo: '', identities: task.identities.get(p) ?? NO_IDENTITIES, insuredTier: Number.isNaN(tier) ? undefined : tier };
    };
    foldGroups(task.policy, task.columns, person, task.plan, task.from, task.to, task.results, (i, p) => problems.push([i, p]));
    parentPort?.postMessage({ ok: true, problems });
  } catch {
    parentPort?.postMessage({ ok: false, problems: [] });
  }
});
