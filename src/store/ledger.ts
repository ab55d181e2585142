/**
 * The ledger (DESIGN principle 3): stored results are a cache of the person-year fold. Whenever a
 * person's inputs change — a settlement arrives (in order or late), a settlement is reversed, an
 * identity is added or changed (retroactively too), the person's record changes — `recompute`
 * folds the person's stored inputs again with the engine and brings the store to the fold:
 * - settlement_results: the fold's split of every live settlement; none for a reversed one or one
 *   the engine refuses (settlement_problems then says why);
 * - settlement_payments: what a settlement paid when first booked (never changed afterwards);
 * - adjustments: for each settlement and tier, the difference between the fold and what was
 *   booked so far (payment + earlier adjustments), positive 补付, negative 追回, with its cause;
 * - accumulators: each person-year's final state, pool by pool.
 * So, always: payment + Σ adjustments = the fold's amount (0 when reversed or refused), per
 * settlement and tier; and the stored results equal a fresh fold of the stored inputs.
 *
 * Persons are locked (SELECT … FOR UPDATE, in psn_no order) for the transaction: concurrent
 * changes of one person are serialised, different persons proceed in parallel.
 */
import { explainSettlement } from '../benefits/explain.js';
import { foldBatch } from '../benefits/batch.js';
import { settled } from '../benefits/settle.js';
import type { PersonFacts, Settlement, SettlementResult, SettleProblem, YearState } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import type { Category } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import type { RegionPolicies, RegionPolicy } from '../policy/regions.js';
import { problemReason } from '../ingest/problem-reason.js';
import type { IsoDate, IsoDateTime } from '../time/date.js';
import { raiseFromFold } from './alert-raise.js';
import type { Db } from './db.js';
import type { Columns, Value } from './sql.js';
import { WithStatement } from './sql.js';

export const CAUSES = ['reversal', 'late-settlement', 'identity', 'person', 'recompute'] as const;
export type Cause = (typeof CAUSES)[number];

/** Why a recomputation runs: what the adjustment lines it books will say. */
export interface RecomputeCause {
  readonly cause: Cause;
  /** The reversal's or late settlement's setl_id, 'batch 12', or who asked. */
  readonly causedBy: string;
}

/** One cause for every person, or each person's own (a batch of settlements of different persons). */
export type Why = RecomputeCause | ((psnNo: string) => RecomputeCause);

const causeOf = (why: Why, psnNo: string): RecomputeCause => (typeof why === 'function' ? why(psnNo) : why);

export const LEDGER_TIERS = ['basic', 'critical_illness', 'assistance', 're_assistance'] as const;
export type LedgerTier = (typeof LEDGER_TIERS)[number];

export interface AdjustmentLine {
  readonly setlId: string;
  readonly psnNo: string;
  readonly admdvs: string;
  readonly tier: LedgerTier;
  /** Signed fen: positive 补付 (paid in addition), negative 追回 (recovered). */
  readonly amount: Fen;
  readonly cause: Cause;
  readonly causedBy: string;
  readonly reason: string;
  readonly packId: string;
  readonly packVersion: string;
}

/** A stored settlement's outcome after the recomputation. */
export type LedgerOutcome =
  | { readonly ok: true; readonly result: SettlementResult; readonly procInfo: string }
  | { readonly ok: false; readonly code: string; readonly field: string; readonly reason: string }
  | { readonly ok: false; readonly code: 'reversed'; readonly field: ''; readonly reason: string };

export interface RecomputeResult {
  readonly outcomes: ReadonlyMap<string, LedgerOutcome>;
  readonly adjustments: readonly AdjustmentLine[];
  /** Persons not in the store (nothing to do for them). */
  readonly unknown: readonly string[];
}

export interface RecomputeOptions {
  /** Only this calendar year of each person (a new settlement or a reversal touches one year). */
  readonly year?: number | undefined;
  /** Persons per round of statements (bulk recomputations). */
  readonly chunk?: number | undefined;
}

const NO_PACK_REASON = '该人员的参保地不属于本系统运行的任何政策包 / no pack this service runs covers the person\u2019s region (SANCHONG_PACKS)';

// reading the stored inputs ------------------------------------------------------------------

export interface PersonRow {
  psn_no: string;
  admdvs: string;
  insuplc_admdvs: string | null;
  insu_tier: number | null;
}

export interface SettlementRow {
  setl_id: string;
  psn_no: string;
  med_type: string | null;
  setl_time: string | null;
  hosp_lv: string | null;
  medfee_sumamt: number | null;
  inscp_scp_amt: number | null;
  hifp_pay: number | null;
  hifmi_pay: number | null;
  refd_setl_flag: boolean;
  init_setl_id: string | null;
}

export function settlementOfRow(r: SettlementRow): Settlement {
  return {
    setlId: r.setl_id,
    psnNo: r.psn_no,
    medType: r.med_type ?? '',
    setlTime: (r.setl_time ?? '') as IsoDateTime,
    hospLv: r.hosp_lv ?? undefined,
    total: (r.medfee_sumamt ?? 0) as Fen,
    policyScope: (r.inscp_scp_amt ?? 0) as Fen,
    basicGiven: (r.hifp_pay ?? undefined) as Fen | undefined,
    criticalIllnessGiven: (r.hifmi_pay ?? undefined) as Fen | undefined,
  };
}

export interface IdentityRow {
  psn_no: string;
  idet_type: string;
  begndate: string;
  enddate: string | null;
  idet_lv: number | null;
  risk_elim_date: string | null;
  illness_recognised: boolean | null;
}

export function spanOfRow(r: IdentityRow): IdentitySpan {
  return {
    category: r.idet_type as Category,
    begin: r.begndate as IsoDate,
    end: (r.enddate ?? undefined) as IsoDate | undefined,
    level: r.idet_lv ?? undefined,
    riskEliminated: (r.risk_elim_date ?? undefined) as IsoDate | undefined,
    illnessRecognised: r.illness_recognised ?? undefined,
  };
}

/** A stored person's facts for the engine, with the region that settles them. */
export interface StoredPerson {
  readonly facts: PersonFacts;
  readonly admdvs: string;
  readonly region: RegionPolicy | undefined;
}

/** The stored persons among `psnNos` with their identities. */
export async function loadPersons(db: Db, policies: RegionPolicies, psnNos: readonly string[], lock = false): Promise<Map<string, StoredPerson>> {
  const rows = await db.query<PersonRow>(
    `SELECT psn_no, admdvs, insuplc_admdvs, insu_tier FROM persons WHERE psn_no = ANY($1::text[]) ORDER BY psn_no${lock ? ' FOR UPDATE' : ''}`,
    [psnNos],
  );
  const ids = await db.query<IdentityRow>(
    `SELECT psn_no, idet_type, to_char(begndate, 'YYYY-MM-DD') AS begndate, to_char(enddate, 'YYYY-MM-DD') AS enddate, idet_lv,
            to_char(risk_elim_date, 'YYYY-MM-DD') AS risk_elim_date, illness_recognised
       FROM identities WHERE psn_no = ANY($1::text[]) ORDER BY psn_no, begndate, idet_type`,
    [psnNos],
  );
  const spans = new Map<string, IdentitySpan[]>();
  for (const r of ids) {
    let list = spans.get(r.psn_no);
    if (list === undefined) spans.set(r.psn_no, (list = []));
    list.push(spanOfRow(r));
  }
  const out = new Map<string, StoredPerson>();
  for (const p of rows) out.set(p.psn_no, storedPersonOf(policies, p, spans.get(p.psn_no) ?? []));
  return out;
}

/** A person row and their identity spans as the engine's facts, with the region that settles them. */
export function storedPersonOf(policies: RegionPolicies, p: PersonRow, identities: readonly IdentitySpan[]): StoredPerson {
  return {
    facts: { psnNo: p.psn_no, identities, insuredTier: p.insu_tier ?? undefined },
    admdvs: p.admdvs,
    region: policies.forAdmdvs(p.insuplc_admdvs ?? p.admdvs),
  };
}

const SETTLEMENT_SELECT = `SELECT setl_id, psn_no, med_type, to_char(setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, hosp_lv, medfee_sumamt,
  inscp_scp_amt, hifp_pay, hifmi_pay, refd_setl_flag, init_setl_id FROM settlements`;

/** The persons' stored settlements (of one year when given) and the reversals cancelling any of them. */
async function loadSettlements(db: Db, psnNos: readonly string[], year: number | undefined): Promise<{ settlements: Settlement[]; reversedBy: Map<string, string> }> {
  const range = year === undefined ? '' : ` AND setl_time >= make_timestamp($2, 1, 1, 0, 0, 0) AND setl_time < make_timestamp($2 + 1, 1, 1, 0, 0, 0)`;
  const rows = await db.query<SettlementRow>(
    `${SETTLEMENT_SELECT} WHERE psn_no = ANY($1::text[]) AND NOT refd_setl_flag${range}`,
    year === undefined ? [psnNos] : [psnNos, year],
  );
  const reversals = await db.query<{ setl_id: string; init_setl_id: string }>(
    'SELECT setl_id, init_setl_id FROM settlements WHERE psn_no = ANY($1::text[]) AND refd_setl_flag',
    [psnNos],
  );
  return { settlements: rows.map(settlementOfRow), reversedBy: new Map(reversals.map((r) => [r.init_setl_id, r.setl_id])) };
}

// what is stored of the results ----------------------------------------------------------------

export interface StoredResult {
  readonly amounts: readonly number[];
  readonly packId: string;
  readonly packVersion: string;
  readonly procInfo: string;
}

export interface Stored {
  readonly results: Map<string, StoredResult>;
  /** setl_id → booked per tier (payment + adjustments); absent = never paid. */
  readonly booked: Map<string, number[]>;
  readonly problems: Map<string, string>;
}

/** What is stored of settlements' results, as read (one row per setl_id, per setl_id and tier for adjustments). */
export interface StoredRows {
  readonly results: readonly { setl_id: string; a: number; b: number; c: number; d: number; pack_id: string; pack_version: string; setl_proc_info: string }[];
  readonly payments: readonly { setl_id: string; a: number; b: number; c: number; d: number }[];
  readonly adjustments: readonly { setl_id: string; tier: LedgerTier; amount: number }[];
  readonly problems: readonly { setl_id: string; code: string; field: string; reason: string }[];
}

async function loadStored(db: Db, setlIds: readonly string[]): Promise<Stored> {
  return storedOf({
    results: await db.query(
      `SELECT setl_id, hifp_pay AS a, hifmi_pay AS b, maf_assist_pay AS c, maf_reassist_pay AS d, pack_id, pack_version, setl_proc_info
         FROM settlement_results WHERE setl_id = ANY($1::text[])`,
      [setlIds],
    ),
    payments: await db.query(
      `SELECT setl_id, hifp_pay AS a, hifmi_pay AS b, maf_assist_pay AS c, maf_reassist_pay AS d FROM settlement_payments WHERE setl_id = ANY($1::text[])`,
      [setlIds],
    ),
    adjustments: await db.query(`SELECT setl_id, tier, sum(amount)::bigint AS amount FROM adjustments WHERE setl_id = ANY($1::text[]) GROUP BY setl_id, tier`, [setlIds]),
    problems: await db.query('SELECT setl_id, code, field, reason FROM settlement_problems WHERE setl_id = ANY($1::text[])', [setlIds]),
  });
}

export function storedOf(rows: StoredRows): Stored {
  const results = new Map<string, StoredResult>();
  for (const r of rows.results) {
    results.set(r.setl_id, { amounts: [r.a, r.b, r.c, r.d], packId: r.pack_id, packVersion: r.pack_version, procInfo: r.setl_proc_info });
  }
  const booked = new Map<string, number[]>();
  for (const r of rows.payments) booked.set(r.setl_id, [r.a, r.b, r.c, r.d]);
  for (const r of rows.adjustments) {
    const b = booked.get(r.setl_id) ?? [0, 0, 0, 0];
    const i = LEDGER_TIERS.indexOf(r.tier);
    b[i] = (b[i] ?? 0) + r.amount;
    booked.set(r.setl_id, b);
  }
  const problems = new Map<string, string>();
  for (const r of rows.problems) problems.set(r.setl_id, `${r.code}\u001f${r.field}\u001f${r.reason}`);
  return { results, booked, problems };
}

// the recomputation ----------------------------------------------------------------------------

const CAUSE_TEXT: Record<Cause, readonly [string, string]> = {
  reversal: ['结算撤销', 'reversal'],
  'late-settlement': ['补传的较早结算', 'a settlement arriving after later ones'],
  identity: ['身份变更（含追溯认定）', 'an identity added or changed (retroactive too)'],
  person: ['人员信息变更', 'a change of the person\u2019s record'],
  recompute: ['重新计算', 'a recomputation'],
};

export function adjustmentReason(amount: number, why: RecomputeCause, self: boolean): string {
  const [zh, en] = CAUSE_TEXT[why.cause];
  const dir = amount > 0 ? ['补付', 'paid in addition'] : ['追回', 'recovered'];
  if (self && why.cause === 'reversal') return `${dir[0]}：本结算被 ${why.causedBy} 撤销 / ${dir[1]}: this settlement was reversed by ${why.causedBy}`;
  return `${dir[0]}：${zh} ${why.causedBy} 后重算本人年度结算 / ${dir[1]}: the person-year recomputed after ${en} (${why.causedBy})`;
}

function amountsOf(r: SettlementResult): number[] {
  return [r.basic, r.criticalIllness, r.assistance, r.reAssistance];
}

export const RESULT_COLS = [
  ['setl_id', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['hifp_pay', 'bigint'], ['hifmi_pay', 'bigint'], ['maf_assist_pay', 'bigint'],
  ['maf_reassist_pay', 'bigint'], ['maf_pay', 'bigint'], ['fund_pay_sumamt', 'bigint'], ['psn_part_amt', 'bigint'], ['inscp_psn_part_amt', 'bigint'],
  ['pack_id', 'text'], ['pack_version', 'text'], ['setl_proc_info', 'text'],
] as const;
const RESULT_UPSERT = `ON CONFLICT (setl_id) DO UPDATE SET ${RESULT_COLS.slice(3).map(([c]) => `${c} = EXCLUDED.${c}`).join(', ')}, computed_at = now()`;

const PAYMENT_COLS = [
  ['setl_id', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['hifp_pay', 'bigint'], ['hifmi_pay', 'bigint'], ['maf_assist_pay', 'bigint'],
  ['maf_reassist_pay', 'bigint'], ['pack_id', 'text'], ['pack_version', 'text'],
] as const;

const ADJUSTMENT_COLS = [
  ['admdvs', 'text'], ['psn_no', 'text'], ['setl_id', 'text'], ['tier', 'text'], ['amount', 'bigint'], ['reason', 'text'], ['pack_id', 'text'],
  ['pack_version', 'text'], ['cause', 'text'], ['caused_by', 'text'],
] as const;

const PROBLEM_COLS = [['setl_id', 'text'], ['admdvs', 'text'], ['psn_no', 'text'], ['code', 'text'], ['field', 'text'], ['reason', 'text']] as const;
const PROBLEM_UPSERT = 'ON CONFLICT (setl_id) DO UPDATE SET code = EXCLUDED.code, field = EXCLUDED.field, reason = EXCLUDED.reason, computed_at = now()';


function problemOutcome(p: SettleProblem): LedgerOutcome {
  const { field, reason } = problemReason(p);
  return { ok: false, code: p.code, field, reason };
}

/**
 * Brings the stored results of `psnNos` to a fresh fold of their stored inputs (all years, or
 * `year`), booking the differences as adjustment lines. Run it inside a transaction (`tx`): the
 * persons stay locked until it commits.
 */
export async function recompute(
  tx: Db,
  policies: RegionPolicies,
  psnNos: Iterable<string>,
  why: Why,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  const all = [...new Set(psnNos)].sort();
  const size = options.chunk ?? 1000;
  const outcomes = new Map<string, LedgerOutcome>();
  const adjustments: AdjustmentLine[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < all.length; i += size) {
    const part = all.slice(i, i + size);
    const r = await recomputeChunk(tx, policies, part, why, options.year);
    for (const [k, v] of r.outcomes) outcomes.set(k, v);
    adjustments.push(...r.adjustments);
    unknown.push(...r.unknown);
  }
  return { outcomes, adjustments, unknown };
}

async function recomputeChunk(tx: Db, policies: RegionPolicies, psnNos: readonly string[], why: Why, year: number | undefined): Promise<RecomputeResult> {
  const persons = await loadPersons(tx, policies, psnNos, true);
  const unknown = psnNos.filter((p) => !persons.has(p));
  const known = psnNos.filter((p) => persons.has(p));
  const { settlements, reversedBy } = await loadSettlements(tx, known, year);
  const stored = await loadStored(tx, settlements.map((s) => s.setlId));
  const plan = planRecompute({ persons, known, settlements, reversedBy, stored }, why, year);
  const w = new LedgerStatement();
  w.plan(plan);
  await w.run(tx);
  // monitoring (issue 5): the rules evaluated on the person-years just folded (src/store/alert-raise.ts)
  await raiseFromFold(tx, persons, settlements, plan.outcomes, why, year);
  return { outcomes: plan.outcomes, adjustments: plan.adjustments, unknown };
}

/** What a recomputation reads: the persons (known ones), their settlements (of `year`), what is stored of them. */
export interface LedgerInputs {
  readonly persons: ReadonlyMap<string, StoredPerson>;
  /** The persons recomputed (all in `persons`); their accumulators are replaced. */
  readonly known: readonly string[];
  /** Their live (not reversal) settlements of the year, or of all years. */
  readonly settlements: readonly Settlement[];
  /** setl_id → the reversal cancelling it. */
  readonly reversedBy: ReadonlyMap<string, string>;
  readonly stored: Stored;
}

/** What a recomputation changes in the store: the rows of each table (see LedgerStatement). */
export interface LedgerPlan {
  readonly outcomes: ReadonlyMap<string, LedgerOutcome>;
  readonly adjustments: readonly AdjustmentLine[];
  readonly upserts: readonly Value[][];
  readonly deletes: readonly string[];
  readonly payments: readonly Value[][];
  readonly problemUpserts: readonly Value[][];
  readonly problemDeletes: readonly string[];
  readonly accumulators: readonly Value[][];
  readonly known: readonly string[];
  readonly year: number | undefined;
}

/** The pure part of a recomputation: the fold of the inputs and its differences from what is stored. */
export function planRecompute(inputs: LedgerInputs, why: Why, year: number | undefined): LedgerPlan {
  const { persons, known, settlements, reversedBy, stored } = inputs;

  // fold: one batch per region (each its own Policy)
  const outcomes = new Map<string, LedgerOutcome>();
  const finals = new Map<string, Map<number, { state: YearState; region: RegionPolicy }>>();
  const byRegion = new Map<RegionPolicy | undefined, Settlement[]>();
  for (const s of settlements) {
    if (reversedBy.has(s.setlId)) {
      outcomes.set(s.setlId, { ok: false, code: 'reversed', field: '', reason: `已被 ${reversedBy.get(s.setlId) ?? ''} 撤销 / reversed by ${reversedBy.get(s.setlId) ?? ''}` });
      continue;
    }
    const region = persons.get(s.psnNo)?.region;
    let list = byRegion.get(region);
    if (list === undefined) byRegion.set(region, (list = []));
    list.push(s);
  }
  const facts = new Map([...persons].map(([k, p]) => [k, p.facts]));
  for (const [region, list] of byRegion) {
    if (region === undefined) {
      for (const s of list) outcomes.set(s.setlId, { ok: false, code: 'no-pack', field: 'insuplc_admdvs', reason: NO_PACK_REASON });
      continue;
    }
    foldBatch(region.policy, { persons: facts, settlements: list }, true, (index, o, year) => {
      const s = list[index] as Settlement;
      if (!settled(o)) {
        outcomes.set(s.setlId, problemOutcome(o));
        return;
      }
      const pack = region.packs.find((p) => p.version === o.packVersion) ?? region.packs[0];
      outcomes.set(s.setlId, { ok: true, result: o, procInfo: explainSettlement(o, pack?.documents ?? {}) });
      let years = finals.get(s.psnNo);
      if (years === undefined) finals.set(s.psnNo, (years = new Map<number, { state: YearState; region: RegionPolicy }>()));
      years.set(year.year, { state: { year: year.year, slots: year.slots.slice() }, region });
    });
  }

  // the differences
  const upserts: Value[][] = [];
  const deletes: string[] = [];
  const payments: Value[][] = [];
  const lines: AdjustmentLine[] = [];
  const problemUpserts: Value[][] = [];
  const problemDeletes: string[] = [];
  for (const s of settlements) {
    const o = outcomes.get(s.setlId);
    const person = persons.get(s.psnNo);
    if (o === undefined || person === undefined) continue;
    const admdvs = person.admdvs;
    const old = stored.results.get(s.setlId);
    const now = o.ok ? amountsOf(o.result) : [0, 0, 0, 0];
    if (o.ok) {
      const r = o.result;
      if (old === undefined || old.procInfo !== o.procInfo || old.packId !== r.packId || old.packVersion !== r.packVersion || old.amounts.some((a, k) => a !== now[k])) {
        upserts.push([
          s.setlId, admdvs, s.psnNo, r.basic, r.criticalIllness, r.assistance, r.reAssistance, r.assistance + r.reAssistance, r.fundTotal, r.personal,
          r.policyScopePersonal, r.packId, r.packVersion, o.procInfo,
        ]);
      }
    } else if (old !== undefined) deletes.push(s.setlId);
    // problems
    const problemKey = o.ok || o.code === 'reversed' ? undefined : `${o.code}\u001f${o.field}\u001f${o.reason}`;
    const oldProblem = stored.problems.get(s.setlId);
    if (problemKey === undefined && oldProblem !== undefined) problemDeletes.push(s.setlId);
    if (problemKey !== undefined && problemKey !== oldProblem && !o.ok) problemUpserts.push([s.setlId, admdvs, s.psnNo, o.code, o.field, o.reason]);
    // the ledger
    const booked = stored.booked.get(s.setlId);
    const packId = o.ok ? o.result.packId : (old?.packId ?? person.region?.id ?? '');
    const packVersion = o.ok ? o.result.packVersion : (old?.packVersion ?? '');
    if (booked === undefined) {
      if (o.ok) payments.push([s.setlId, admdvs, s.psnNo, ...now, packId, packVersion]);
      continue;
    }
    const cause = causeOf(why, s.psnNo);
    LEDGER_TIERS.forEach((tier, k) => {
      const delta = (now[k] ?? 0) - (booked[k] ?? 0);
      if (delta === 0) return;
      lines.push({
        setlId: s.setlId, psnNo: s.psnNo, admdvs, tier, amount: delta as Fen, cause: cause.cause, causedBy: cause.causedBy,
        reason: adjustmentReason(delta, cause, o.ok === false && o.code === 'reversed'), packId, packVersion,
      });
    });
  }

  // one order whatever order the settlements were read in: person, settlement, tier
  const tierIndex = (t: LedgerTier) => LEDGER_TIERS.indexOf(t);
  lines.sort((a, b) => (a.psnNo !== b.psnNo ? (a.psnNo < b.psnNo ? -1 : 1) : a.setlId !== b.setlId ? (a.setlId < b.setlId ? -1 : 1) : tierIndex(a.tier) - tierIndex(b.tier)));

  // accumulators: each folded person-year's final state, replacing what was stored
  const accumulators: Value[][] = [];
  for (const [psnNo, years] of finals) {
    const admdvs = persons.get(psnNo)?.admdvs ?? '';
    for (const [y, { state, region }] of years) {
      region.policy.slotNames.forEach((pool, slot) => {
        const cumBase = state.slots[slot * 2] ?? 0;
        const paid = state.slots[slot * 2 + 1] ?? 0;
        if (cumBase !== 0 || paid !== 0) accumulators.push([admdvs, psnNo, y, pool, cumBase, paid]);
      });
    }
  }
  return { outcomes, adjustments: lines, upserts, deletes, payments, problemUpserts, problemDeletes, accumulators, known, year };
}

/**
 * Everything a recomputation writes as ONE statement (data-modifying WITH parts, one per table;
 * foreign keys are checked at the end of the statement): one round trip to the server instead of
 * one per table. The parts touch disjoint rows (a setl_id is upserted or deleted, never both; the
 * accumulators not in the new state are deleted, the others upserted), so their order inside the
 * statement does not matter. Callers may add their own parts (the one-stop settlement's row, the
 * audit line) to the same statement.
 */
export class LedgerStatement extends WithStatement {
  /** INSERT … SELECT * FROM unnest(arrays): the rows as one array parameter per column. */
  insert(table: string, cols: Columns, rows: readonly Value[][], suffix = ''): string | undefined {
    if (rows.length === 0) return undefined;
    const arrays = cols.map(([, t], j) => `${this.param(rows.map((r) => r[j] ?? null))}::${t}[]`).join(', ');
    return this.part(`INSERT INTO ${table} (${cols.map(([n]) => n).join(', ')}) SELECT * FROM unnest(${arrays})${suffix === '' ? '' : ` ${suffix}`}`);
  }

  plan(p: LedgerPlan): void {
    this.insert('settlement_results', RESULT_COLS, p.upserts, RESULT_UPSERT);
    if (p.deletes.length > 0) this.add(`DELETE FROM settlement_results WHERE setl_id = ANY(${this.param(p.deletes)}::text[])`);
    this.insert('settlement_payments', PAYMENT_COLS, p.payments);
    this.insert(
      'adjustments',
      ADJUSTMENT_COLS,
      p.adjustments.map((l) => [l.admdvs, l.psnNo, l.setlId, l.tier, l.amount, l.reason, l.packId, l.packVersion, l.cause, l.causedBy]),
    );
    this.insert('settlement_problems', PROBLEM_COLS, p.problemUpserts, PROBLEM_UPSERT);
    if (p.problemDeletes.length > 0) this.add(`DELETE FROM settlement_problems WHERE setl_id = ANY(${this.param(p.problemDeletes)}::text[])`);
    if (p.known.length === 0) return;
    // accumulators: those of the persons (and year) not in the new state deleted, the others upserted
    const psn = this.param(p.accumulators.map((r) => r[1] ?? null));
    const years = this.param(p.accumulators.map((r) => r[2] ?? null));
    const pools = this.param(p.accumulators.map((r) => r[3] ?? null));
    this.add(
      `DELETE FROM accumulators AS a WHERE a.psn_no = ANY(${this.param(p.known)}::text[])${p.year === undefined ? '' : ` AND a.year = ${this.param(p.year)}::smallint`}
         AND (a.psn_no, a.year, a.pool) NOT IN (SELECT * FROM unnest(${psn}::text[], ${years}::smallint[], ${pools}::text[]))`,
    );
    if (p.accumulators.length > 0) {
      this.add(
        `INSERT INTO accumulators (admdvs, psn_no, year, pool, cum_base, paid)
           SELECT * FROM unnest(${this.param(p.accumulators.map((r) => r[0] ?? null))}::text[], ${psn}::text[], ${years}::smallint[], ${pools}::text[],
                                ${this.param(p.accumulators.map((r) => r[4] ?? null))}::bigint[], ${this.param(p.accumulators.map((r) => r[5] ?? null))}::bigint[])
           ON CONFLICT (psn_no, year, pool) DO UPDATE SET admdvs = EXCLUDED.admdvs, cum_base = EXCLUDED.cum_base, paid = EXCLUDED.paid, updated_at = now()`,
      );
    }
  }
}
