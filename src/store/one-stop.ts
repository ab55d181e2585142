/**
 * One-stop settlement (一站式结算) against the store: one settlement from a hospital system,
 * settled in its person-year and stored with its split; a reversal; a trial calculation (试算)
 * that stores nothing. The HTTP routes (src/server/routes/settlements.ts) are thin over these.
 *
 * Idempotent: the same setl_id with the same content answers the stored result again
 * ('replayed'); with other content it is a conflict, never an overwrite. A settlement the engine
 * cannot settle is refused and nothing is stored. Everything runs in one transaction that locks
 * the person: two settlements of one person are serialised, other persons proceed in parallel.
 */
import { foldBatch } from '../benefits/batch.js';
import { settled } from '../benefits/settle.js';
import { explainSettlement } from '../benefits/explain.js';
import type { PersonFacts, Settlement, SettlementResult } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import type { IdentitySpan } from '../people/identity.js';
import type { RegionPolicies } from '../policy/regions.js';
import { problemReason } from '../ingest/problem-reason.js';
import { yearOf } from '../time/date.js';
import { raiseInto } from './alert-raise.js';
import type { Db } from './db.js';
import type { SettlementInput } from './imports.js';
import { SETTLEMENT_COLS, settlementHash, settlementValues } from './imports.js';
import type { AdjustmentLine } from './ledger.js';
import { LedgerStatement, loadPersons, planRecompute, recompute, settlementOfRow, spanOfRow, storedOf, storedPersonOf } from './ledger.js';
import type { OneStopRead, SplitRow } from './person-year-read.js';
import { freshSettlement, ONE_STOP_READ, readSettlements, readStored, safeAmounts } from './person-year-read.js';
import type { Value } from './sql.js';
import { insertMany } from './sql.js';

/** An expected refusal: the HTTP status it maps to, a stable code, a reason in Chinese and English. */
export class OneStopError extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** A settlement's split as stored: the engine's amounts, the person's region and the trace. */
export type StoredSplit = Pick<
  SettlementResult,
  'setlId' | 'psnNo' | 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance' | 'fundTotal' | 'personal' | 'policyScopePersonal' | 'packId' | 'packVersion'
> & { readonly admdvs: string; readonly procInfo: string };

/** The split the store keeps of a settled result. */
export function splitOfResult(r: SettlementResult, admdvs: string, procInfo: string): StoredSplit {
  return {
    setlId: r.setlId, psnNo: r.psnNo, admdvs, basic: r.basic, criticalIllness: r.criticalIllness, assistance: r.assistance, reAssistance: r.reAssistance,
    fundTotal: r.fundTotal, personal: r.personal, policyScopePersonal: r.policyScopePersonal, packId: r.packId, packVersion: r.packVersion, procInfo,
  };
}

export interface SettleOneResult {
  readonly status: 'created' | 'replayed';
  readonly settlement: Settlement;
  readonly split: StoredSplit;
  readonly illustrative: boolean;
  /** Adjustments this settlement caused on the person's other settlements (it arrived late). */
  readonly adjustments: readonly AdjustmentLine[];
}

/** SQLSTATE 23505: another transaction stored the same key first (PGlite and pg both carry `code`). */
function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** Inserts a settlement row; the same setl_id stored meanwhile by another request is a conflict (409). */
async function insertSettlement(tx: Db, row: Value[], setlId: string): Promise<void> {
  try {
    await insertMany(tx, 'settlements', SETTLEMENT_COLS, [row]);
  } catch (err) {
    if (isUniqueViolation(err)) throw new OneStopError(409, 'setl-id-conflict', `结算ID ${setlId} 已被另一请求使用 / setl_id ${setlId} was stored by another request`, 'setl_id');
    throw err;
  }
}

const PERSON_UNKNOWN = (psnNo: string) =>
  new OneStopError(422, 'unknown-person', `人员编号 ${psnNo} 不在库中（请先导入人员）/ psn_no ${psnNo} is not in the store (import the person first)`, 'psn_no');

interface StoredSettlementRow {
  setl_id: string; psn_no: string; admdvs: string; content_hash: string; refd_setl_flag: boolean; init_setl_id: string | null;
}

async function storedSettlement(db: Db, setlId: string): Promise<StoredSettlementRow | undefined> {
  const [r] = await db.query<StoredSettlementRow>('SELECT setl_id, psn_no, admdvs, content_hash, refd_setl_flag, init_setl_id FROM settlements WHERE setl_id = $1', [setlId]);
  return r;
}

async function settlementById(db: Db, setlId: string): Promise<Settlement> {
  const [r] = await db.query<Parameters<typeof settlementOfRow>[0]>(
    `SELECT setl_id, psn_no, med_type, to_char(setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, hifp_pay,
            hifmi_pay, refd_setl_flag, init_setl_id FROM settlements WHERE setl_id = $1`,
    [setlId],
  );
  if (r === undefined) throw new Error(`settlement ${setlId} vanished`);
  return settlementOfRow(r);
}

/** E'…': a string literal whatever standard_conforming_strings says. */
export function literal(v: string): string {
  // PostgreSQL text cannot hold NUL (and a NUL would end the statement's text): refused before
  if (v.includes('\u0000')) throw new OneStopError(422, 'invalid-text', '文本中含有 NUL 字符 / the text contains a NUL character');
  return `E'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function splitOf(r: SplitRow): StoredSplit {
  return {
    setlId: r.setl_id, psnNo: r.psn_no, admdvs: r.admdvs, basic: r.hifp_pay as Fen, criticalIllness: r.hifmi_pay as Fen, assistance: r.maf_assist_pay as Fen,
    reAssistance: r.maf_reassist_pay as Fen, fundTotal: r.fund_pay_sumamt as Fen, personal: r.psn_part_amt as Fen, policyScopePersonal: r.inscp_psn_part_amt as Fen,
    packId: r.pack_id, packVersion: r.pack_version, procInfo: r.setl_proc_info,
  };
}

/**
 * An audit line written with the settlement, in its transaction (src/store/audit.ts): the
 * settlement and the record that it was made are stored together or not at all.
 */
export interface SettleAudit {
  readonly username: string;
  readonly role: string;
  readonly ip: string | null;
}

/** The audit line as a part of `w`: its name (it returns a row, for the alerts' lines to follow it). */
function auditPart(w: LedgerStatement, a: SettleAudit, action: string, split: StoredSplit): string {
  return w.part(
    `INSERT INTO audit_log (username, role, action, admdvs, psn_no, target, detail, ip) VALUES (${w.param(a.username)}, ${w.param(a.role)}, ${w.param(action)},
       ${w.param(split.admdvs)}, ${w.param(split.psnNo)}, ${w.param(split.setlId)}, NULL, ${w.param(a.ip)}) RETURNING 1`,
  );
}

/**
 * Settles one settlement in its person-year and stores it (see the module comment): the person
 * locked, everything of the person-year read, folded (planRecompute, as recompute does), and
 * written — the settlement row, the ledger's changes, the audit line and any alert — in one statement. On
 * PostgreSQL that is three round trips: BEGIN + lock + read, the write, COMMIT.
 */
export async function settleOne(db: Db, policies: RegionPolicies, input: Extract<SettlementInput, { kind: 'settlement' }>, auditAs?: SettleAudit): Promise<SettleOneResult> {
  const s = input.settlement;
  const hash = settlementHash(input);
  const year = yearOf(s.setlTime);
  // without parameters, so that PostgreSQL gets it in one message with BEGIN (postgres.ts)
  const lock = `SELECT 1 FROM persons WHERE psn_no = ${literal(s.psnNo)} FOR UPDATE`;
  return db.transaction(async (tx) => {
    await tx.query(lock);
    // a statement after the lock: its snapshot sees whatever the lock's last holder committed
    const [row] = await tx.query<OneStopRead>(ONE_STOP_READ, [s.psnNo, s.setlId, year]);
    if (row?.person === undefined || row.person === null) throw PERSON_UNKNOWN(s.psnNo);
    const person = storedPersonOf(policies, row.person, (row.identities ?? []).map(spanOfRow));
    if (row.old !== null) {
      if (row.old.content_hash !== hash) {
        throw new OneStopError(409, 'setl-id-conflict', `结算ID ${s.setlId} 已存在且内容不同 / setl_id ${s.setlId} exists with other content`, 'setl_id');
      }
      if (row.old_result === null) {
        // stored by an import but not settled (its problem is recorded): answer why
        const p = row.old_problem;
        throw new OneStopError(422, p?.code ?? 'not-settled', p?.reason ?? `结算 ${s.setlId} 已撤销 / settlement ${s.setlId} was reversed`, p?.field);
      }
      const split = splitOf(safeAmounts([row.old_result], ['hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt', 'psn_part_amt', 'inscp_psn_part_amt'])[0] as SplitRow);
      if (auditAs !== undefined) {
        const w = new LedgerStatement();
        auditPart(w, auditAs, 'settle-replay', split);
        await w.run(tx);
      }
      return { status: 'replayed' as const, settlement: s, split, illustrative: person.region?.illustrative ?? false, adjustments: [] };
    }
    if (person.region === undefined) {
      throw new OneStopError(422, 'no-pack', '该人员的参保地不属于本系统运行的任何政策包 / no pack this service runs covers the person\u2019s region', 'psn_no');
    }
    const settlementRow: Value[] = [s.setlId, person.admdvs, ...settlementValues(input), hash, null];
    // the new settlement as the store gives it back (what recompute would read after inserting it)
    const yearSettlements = [...readSettlements(row), freshSettlement(input)];
    const why = { cause: 'late-settlement', causedBy: s.setlId } as const;
    const plan = planRecompute(
      {
        persons: new Map([[s.psnNo, person]]),
        known: [s.psnNo],
        settlements: yearSettlements,
        reversedBy: new Map((row.reversals ?? []).map((r) => [r.init_setl_id, r.setl_id])),
        stored: storedOf(readStored(row)),
      },
      why,
      year,
    );
    const o = plan.outcomes.get(s.setlId);
    if (o === undefined || !o.ok) {
      // rolls the whole transaction back: nothing stored
      throw new OneStopError(422, o?.code ?? 'not-settled', o?.reason ?? 'not settled', o?.field === '' ? undefined : o?.field);
    }
    const r = o.result;
    const split = splitOfResult(r, person.admdvs, o.procInfo);
    const w = new LedgerStatement();
    w.insert('settlements', SETTLEMENT_COLS, [settlementRow]);
    w.plan(plan);
    const settleLine = auditAs === undefined ? undefined : auditPart(w, auditAs, 'settle', split);
    // monitoring (issue 5): the rules evaluated on the person-year just folded, as recompute does, in
    // the same statement; their audit lines after the settlement's
    raiseInto(w, new Map([[s.psnNo, person]]), yearSettlements, plan.outcomes, why, year, settleLine);
    try {
      await w.run(tx);
    } catch (err) {
      if (isUniqueViolation(err)) throw new OneStopError(409, 'setl-id-conflict', `结算ID ${s.setlId} 已被另一请求使用 / setl_id ${s.setlId} was stored by another request`, 'setl_id');
      throw err;
    }
    return { status: 'created' as const, settlement: s, split, illustrative: person.region.illustrative, adjustments: plan.adjustments };
  });
}

export interface ReverseResult {
  readonly status: 'created' | 'replayed';
  readonly reversalId: string;
  readonly target: string;
  readonly psnNo: string;
  readonly admdvs: string;
  /** The adjustment lines the reversal booked: the cancelled settlement's payments recovered, and any recomputed. */
  readonly adjustments: readonly AdjustmentLine[];
}

/** Reverses (结算撤销) a stored settlement: a reversal row, the person-year recomputed. */
export async function reverseOne(db: Db, policies: RegionPolicies, target: string, reversalId: string = `${target}-R`): Promise<ReverseResult> {
  return db.transaction(async (tx) => {
    const t = await storedSettlement(tx, target);
    if (t === undefined) throw new OneStopError(404, 'unknown-settlement', `结算 ${target} 不存在 / no settlement ${target}`);
    await loadPersons(tx, policies, [t.psn_no], true);
    if (t.refd_setl_flag) throw new OneStopError(422, 'reversal-of-reversal', `结算 ${target} 本身是一条撤销记录 / ${target} is itself a reversal`);
    const [already] = await tx.query<{ setl_id: string }>('SELECT setl_id FROM settlements WHERE init_setl_id = $1', [target]);
    if (already !== undefined) {
      if (already.setl_id !== reversalId) {
        throw new OneStopError(409, 'already-reversed', `结算 ${target} 已被 ${already.setl_id} 撤销 / ${target} was already reversed by ${already.setl_id}`);
      }
      const lines = await tx.query<{ tier: AdjustmentLine['tier']; amount: number; cause: AdjustmentLine['cause']; caused_by: string; reason: string; pack_id: string; pack_version: string; setl_id: string; psn_no: string; admdvs: string }>(
        'SELECT setl_id, psn_no, admdvs, tier, amount, cause, caused_by, reason, pack_id, pack_version FROM adjustments WHERE caused_by = $1 AND psn_no = $2 ORDER BY adjustment_id',
        [reversalId, t.psn_no],
      );
      return {
        status: 'replayed' as const, reversalId, target, psnNo: t.psn_no, admdvs: t.admdvs,
        adjustments: lines.map((l) => ({
          setlId: l.setl_id, psnNo: l.psn_no, admdvs: l.admdvs, tier: l.tier, amount: l.amount as Fen, cause: l.cause, causedBy: l.caused_by, reason: l.reason,
          packId: l.pack_id, packVersion: l.pack_version,
        })),
      };
    }
    if ((await storedSettlement(tx, reversalId)) !== undefined) {
      throw new OneStopError(409, 'setl-id-conflict', `结算ID ${reversalId} 已被使用 / setl_id ${reversalId} is taken`, 'setl_id');
    }
    const input: SettlementInput = { kind: 'reversal', setlId: reversalId, psnNo: t.psn_no, target };
    await insertSettlement(tx, [reversalId, t.admdvs, ...settlementValues(input), settlementHash(input), null], reversalId);
    const s = await settlementById(tx, target);
    const r = await recompute(tx, policies, [t.psn_no], { cause: 'reversal', causedBy: reversalId }, { year: yearOf(s.setlTime) });
    return { status: 'created' as const, reversalId, target, psnNo: t.psn_no, admdvs: t.admdvs, adjustments: r.adjustments };
  });
}

/** A trial's person: a stored one (their identities and the year's settlements count), or a hypothetical one. */
export type TrialPerson =
  | { readonly kind: 'stored'; readonly psnNo: string }
  | { readonly kind: 'hypothetical'; readonly admdvs: string; readonly identities: readonly IdentitySpan[]; readonly insuredTier?: number | undefined };

export interface TrialResult {
  readonly result: SettlementResult;
  readonly procInfo: string;
  readonly illustrative: boolean;
}

/**
 * 试算: what `s` would pay for the person now — after the person's stored settlements of the year
 * that come before it, with their accumulators. Reads only; nothing is stored.
 */
export async function trial(db: Db, policies: RegionPolicies, person: TrialPerson, s: Settlement): Promise<TrialResult> {
  let facts: PersonFacts;
  let region;
  let earlier: Settlement[] = [];
  if (person.kind === 'stored') {
    const stored = (await loadPersons(db, policies, [person.psnNo])).get(person.psnNo);
    if (stored === undefined) throw new OneStopError(404, 'unknown-person', `人员 ${person.psnNo} 不存在 / no person ${person.psnNo}`);
    facts = stored.facts;
    region = stored.region;
    const year = yearOf(s.setlTime);
    const rows = await db.query<Parameters<typeof settlementOfRow>[0]>(
      `SELECT s.setl_id, s.psn_no, s.med_type, to_char(s.setl_time, 'YYYY-MM-DD HH24:MI:SS') AS setl_time, s.hosp_lv, s.medfee_sumamt, s.inscp_scp_amt,
              s.hifp_pay, s.hifmi_pay, s.refd_setl_flag, s.init_setl_id
         FROM settlements s
        WHERE s.psn_no = $1 AND NOT s.refd_setl_flag AND s.setl_time >= make_timestamp($2, 1, 1, 0, 0, 0) AND s.setl_time < make_timestamp($2 + 1, 1, 1, 0, 0, 0)
          AND NOT EXISTS (SELECT 1 FROM settlements r WHERE r.init_setl_id = s.setl_id)`,
      [person.psnNo, year],
    );
    earlier = rows.map(settlementOfRow).filter((e) => e.setlId !== s.setlId);
  } else {
    facts = { psnNo: s.psnNo, identities: person.identities, insuredTier: person.insuredTier };
    region = policies.forAdmdvs(person.admdvs);
  }
  if (region === undefined) throw new OneStopError(422, 'no-pack', '该人员的参保地不属于本系统运行的任何政策包 / no pack this service runs covers the person\u2019s region', 'insuplc_admdvs');
  const trialS: Settlement = { ...s, psnNo: facts.psnNo };
  const all = [...earlier, trialS];
  let found: TrialResult | undefined;
  let refused: OneStopError | undefined;
  const pack = region;
  foldBatch(region.policy, { persons: new Map([[facts.psnNo, facts]]), settlements: all }, true, (i, o) => {
    if (i !== all.length - 1) return;
    if (!settled(o)) {
      const { field, reason } = problemReason(o);
      refused = new OneStopError(422, o.code, reason, field === '' ? undefined : field);
      return;
    }
    const docs = pack.packs.find((p) => p.version === o.packVersion)?.documents ?? {};
    found = { result: o, procInfo: explainSettlement(o, docs), illustrative: pack.illustrative };
  });
  if (refused !== undefined) throw refused;
  if (found === undefined) throw new Error('trial: the fold gave no outcome');
  return found;
}
