/**
 * Group commit for one-stop settlements: settlements of different persons that arrive while
 * others are being stored are settled together, in one transaction that locks all their persons,
 * inserts their rows and recomputes their person-years with the ledger's `recompute` — a dozen
 * round trips to the database for the whole group instead of three or four per settlement.
 *
 * The answers are exactly those of `settleOne` one by one: a group holds at most one settlement
 * per person and per setl_id, and anything but the plain case — a setl_id already stored (a
 * replay or a conflict), an unknown person, a person without a pack, a settlement the engine
 * refuses, a setl_id stored meanwhile by another process — rolls the group back and settles its
 * settlements one by one through `settleOne`, which answers each case as it always does.
 */
import type { RegionPolicies } from '../policy/regions.js';
import { yearOf } from '../time/date.js';
import type { Db } from './db.js';
import type { SettlementInput } from './imports.js';
import { SETTLEMENT_COLS, settlementHash, settlementValues } from './imports.js';
import type { AdjustmentLine, LedgerOutcome, RecomputeCause } from './ledger.js';
import { loadPersons, recompute } from './ledger.js';
import type { SettleAudit, SettleOneResult } from './one-stop.js';
import { settleOne, splitOfResult } from './one-stop.js';
import type { Value } from './sql.js';
import { insertMany } from './sql.js';

export type SettleInput = Extract<SettlementInput, { kind: 'settlement' }>;

export interface SettleItem {
  readonly input: SettleInput;
  readonly audit?: SettleAudit | undefined;
}

/** The group cannot be settled together: its settlements go one by one. */
class OneByOne extends Error {}

const AUDIT_COLS = [
  ['username', 'text'], ['role', 'text'], ['action', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['target', 'text'], ['ip', 'text'],
] as const;

/**
 * Settles a group of settlements of distinct persons and distinct setl_ids together (see the
 * module comment); each item's answer, or the error settleOne gives it.
 */
export async function settleMany(db: Db, policies: RegionPolicies, items: readonly SettleItem[]): Promise<PromiseSettledResult<SettleOneResult>[]> {
  if (items.length === 1) {
    const [only] = items;
    if (only === undefined) return [];
    return Promise.allSettled([settleOne(db, policies, only.input, only.audit)]);
  }
  try {
    const results = await db.transaction((tx) => settleTogether(tx, policies, items));
    return results.map((value) => ({ status: 'fulfilled', value }));
  } catch (err) {
    if (!(err instanceof OneByOne) && !isConflict(err)) throw err;
    return Promise.allSettled(items.map((i) => settleOne(db, policies, i.input, i.audit)));
  }
}

/** Another transaction stored one of the keys first (23505), or a row names a person that is not stored (23503). */
function isConflict(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === '23505' || code === '23503';
}

async function settleTogether(tx: Db, policies: RegionPolicies, items: readonly SettleItem[]): Promise<SettleOneResult[]> {
  const settlements = items.map((i) => i.input.settlement);
  const persons = await loadPersons(tx, policies, settlements.map((s) => s.psnNo), true);
  if (settlements.some((s) => persons.get(s.psnNo)?.region === undefined)) throw new OneByOne();
  const old = await tx.query<{ setl_id: string }>('SELECT setl_id FROM settlements WHERE setl_id = ANY($1::text[])', [settlements.map((s) => s.setlId)]);
  if (old.length > 0) throw new OneByOne();
  const rows: Value[][] = items.map((i) => {
    const s = i.input.settlement;
    return [s.setlId, persons.get(s.psnNo)?.admdvs ?? null, ...settlementValues(i.input), settlementHash(i.input), null];
  });
  await insertMany(tx, 'settlements', SETTLEMENT_COLS, rows);
  // each person's adjustments are caused by their own new settlement
  const causes = new Map<string, RecomputeCause>(settlements.map((s) => [s.psnNo, { cause: 'late-settlement', causedBy: s.setlId }]));
  const why = (psnNo: string): RecomputeCause => causes.get(psnNo) ?? { cause: 'late-settlement', causedBy: '' };
  const byYear = new Map<number, string[]>();
  for (const s of settlements) {
    const y = yearOf(s.setlTime);
    const list = byYear.get(y);
    if (list === undefined) byYear.set(y, [s.psnNo]);
    else list.push(s.psnNo);
  }
  const outcomes = new Map<string, LedgerOutcome>();
  const adjustments: AdjustmentLine[] = [];
  for (const [year, psnNos] of byYear) {
    const r = await recompute(tx, policies, psnNos, why, { year });
    for (const [k, v] of r.outcomes) outcomes.set(k, v);
    adjustments.push(...r.adjustments);
  }
  const results: SettleOneResult[] = [];
  for (const item of items) {
    const s = item.input.settlement;
    const o = outcomes.get(s.setlId);
    const person = persons.get(s.psnNo);
    if (o === undefined || !o.ok || person?.region === undefined) throw new OneByOne();
    const r = o.result;
    const split = splitOfResult(r, person.admdvs, o.procInfo);
    results.push({ status: 'created', settlement: s, split, illustrative: person.region.illustrative, adjustments: adjustments.filter((a) => a.psnNo === s.psnNo) });
  }
  const audits = items.flatMap((i, k) => {
    const a = i.audit;
    const r = results[k];
    return a === undefined || r === undefined ? [] : [[a.username, a.role, 'settle', r.split.admdvs, r.split.psnNo, r.split.setlId, a.ip]];
  });
  await insertMany(tx, 'audit_log', AUDIT_COLS, audits);
  return results;
}

interface Pending extends SettleItem {
  resolve(r: SettleOneResult): void;
  reject(e: unknown): void;
}

/**
 * The queue in front of settleMany: a settlement is sent at once when a group slot is free, else
 * waits for the groups in flight and goes with the next group. A group takes at most one
 * settlement per person and per setl_id, none of a person or setl_id in flight; the others wait.
 */
export class SettleBatcher {
  private readonly queue: Pending[] = [];
  private readonly persons = new Set<string>();
  private readonly ids = new Set<string>();
  private running = 0;

  constructor(
    private readonly db: Db,
    private readonly policies: RegionPolicies,
    private readonly options: { readonly groups?: number; readonly maxGroup?: number } = {},
  ) {}

  submit(item: SettleItem): Promise<SettleOneResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const groups = this.options.groups ?? 2;
    const maxGroup = this.options.maxGroup ?? 64;
    while (this.running < groups && this.queue.length > 0) {
      const group: Pending[] = [];
      const persons = new Set<string>();
      const ids = new Set<string>();
      for (let i = 0; i < this.queue.length && group.length < maxGroup; ) {
        const p = this.queue[i] as Pending;
        const { psnNo, setlId } = p.input.settlement;
        if (this.persons.has(psnNo) || this.ids.has(setlId) || persons.has(psnNo) || ids.has(setlId)) {
          i++;
          continue;
        }
        persons.add(psnNo);
        ids.add(setlId);
        group.push(p);
        this.queue.splice(i, 1);
      }
      if (group.length === 0) return;
      this.running++;
      for (const p of persons) this.persons.add(p);
      for (const id of ids) this.ids.add(id);
      void settleMany(this.db, this.policies, group)
        .then(
          (answers) =>
            answers.forEach((a, k) => {
              const p = group[k] as Pending;
              if (a.status === 'fulfilled') p.resolve(a.value);
              else p.reject(a.reason);
            }),
          (err: unknown) => group.forEach((p) => p.reject(err)),
        )
        .finally(() => {
          this.running--;
          for (const p of persons) this.persons.delete(p);
          for (const id of ids) this.ids.delete(id);
          this.pump();
        });
    }
  }
}
