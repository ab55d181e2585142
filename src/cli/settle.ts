import type { Fen } from '../money/fen.js';
import { explainSettlement } from '../benefits/explain.js';
import { settleColumns, SETTLED } from '../benefits/columns.js';
import { settleBatchInOrder } from '../benefits/fold.js';
import type { Settlement, SettlementResult, SettleProblem } from '../benefits/types.js';
import type { Policy } from '../policy/compile.js';
import { CsvWriter } from '../ingest/csv-writer.js';
import { reason } from '../ingest/reject.js';
import { regionPrefix } from '../ingest/person-row.js';
import type { InputFiles, RejectedRow } from './inputs.js';
import { readInputs, rowContents, writeRejects } from './inputs.js';

export const SETTLE_OUTPUT_HEADER = [
  'setl_id', 'psn_no', 'setl_time', 'med_type', 'medfee_sumamt', 'inscp_scp_amt',
  'hifp_pay', 'hifmi_pay', 'maf_pay', 'maf_assist_pay', 'maf_reassist_pay',
  'fund_pay_sumamt', 'psn_part_amt', 'inscp_psn_part_amt', 'pack_id', 'pack_version',
] as const;

/** An engine problem as a reject reason, naming the pack and the missing value. */
export function problemReason(p: SettleProblem): { field: string; reason: string } {
  switch (p.code) {
    case 'before-pack':
      return { field: 'setl_time', reason: reason(`结算时间早于政策包 ${p.pack} 的生效日期 ${p.from}`, `settled before pack ${p.pack} is in force (${p.from})`) };
    case 'needs-local':
      return {
        field: '',
        reason: reason(`政策包 ${p.pack} 缺少本地参数 ${p.key}（${p.note}）`, `pack ${p.pack} lacks the [local] value ${p.key}; the bureau must set it, or the file must give the tier`),
      };
    case 'needs-field':
      return { field: p.field, reason: reason(`规则 ${p.rule} 需要此字段`, `rule ${p.rule} needs this field`) };
    case 'given-above-base':
      return { field: p.tier === 'basic' ? 'hifp_pay' : 'hifmi_pay', reason: reason('给定的支付额大于可支付的政策范围内金额', 'the given payment exceeds the policy-scope money left for it') };
  }
}

/** What a settled row prints: the tiers and the pack that computed them. */
type Amounts = Pick<SettlementResult, 'packId' | 'packVersion' | 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance'>;

export interface SettleOptions extends InputFiles {
  readonly policy: Policy;
  readonly out: string;
  readonly rejects?: string | undefined;
  readonly explain: boolean;
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
  /** Wall-clock milliseconds per phase: reading and checking the files, folding, writing. */
  readonly timings: { readonly read: number; readonly fold: number; readonly write: number };
}

/** settle: read, fold every person-year, write one row per settled settlement in file order. */
export async function settleFiles(o: SettleOptions): Promise<SettleSummary> {
  const first = o.policy.versions[0]?.pack;
  const t0 = performance.now();
  const inputs = await readInputs(o, first === undefined ? undefined : regionPrefix(first.region.admdvs));
  const settlements = inputs.settlements.map((s) => s.settlement);
  const out = await CsvWriter.open(o.out, o.explain ? [...SETTLE_OUTPUT_HEADER, 'setl_proc_info'] : SETTLE_OUTPUT_HEADER);
  const rejects = [...inputs.rejects];
  const file = o.settlements.split(/[\\/]/).pop() ?? o.settlements;
  let settled = 0;
  let fundTotal = 0;
  /** Writes one settled row; false when the output stream wants a drain before more. */
  const emit = (i: number, r: Amounts, info: string | undefined): boolean => {
    const s = settlements[i] as Settlement;
    const fund = r.basic + r.criticalIllness + r.assistance + r.reAssistance;
    settled++;
    fundTotal += fund;
    // field by field into bytes: a million rows make no string per amount or per line
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
    if (info !== undefined) out.cell(info);
    return out.endRow();
  };
  const problem = (i: number, p: SettleProblem): void => {
    const why = problemReason(p);
    rejects.push({ file, line: inputs.settlements[i]?.line ?? 0, field: why.field, reason: why.reason, content: '' });
  };
  const t1 = performance.now();
  let t2 = t1;
  if (o.explain) {
    const docs = Object.fromEntries(o.policy.versions.map((v) => [v.pack.id + v.pack.version, v.pack.documents]));
    const outcomes = settleBatchInOrder(o.policy, { persons: inputs.persons, settlements, cancelled: inputs.cancelled, owners: inputs.owners });
    t2 = performance.now();
    for (let i = 0; i < outcomes.length; i++) {
      const oc = outcomes[i];
      if (oc === undefined) continue;
      if (!oc.ok) problem(i, oc.problem);
      else if (!emit(i, oc.result, explainSettlement(oc.result, docs[oc.result.packId + oc.result.packVersion] ?? {}))) await out.drain();
    }
  } else {
    // a million rows keep no object per settlement: amounts as columns, written in file order
    const cols = settleColumns(o.policy, { persons: inputs.persons, settlements, cancelled: inputs.cancelled, owners: inputs.owners });
    t2 = performance.now();
    for (let i = 0; i < settlements.length; i++) {
      const status = cols.status[i];
      if (status === SETTLED) {
        const pack = o.policy.versions[cols.version[i] ?? 0]?.pack;
        const more = emit(i, {
          packId: pack?.id ?? '', packVersion: pack?.version ?? '',
          basic: (cols.basic[i] ?? 0) as Fen, criticalIllness: (cols.criticalIllness[i] ?? 0) as Fen,
          assistance: (cols.assistance[i] ?? 0) as Fen, reAssistance: (cols.reAssistance[i] ?? 0) as Fen,
        }, undefined);
        if (!more) await out.drain();
      } else if (status !== 0) {
        const p = cols.problems.get(i);
        if (p !== undefined) problem(i, p);
      }
    }
  }
  await out.close();
  const refused = rejects.filter((r) => r.file === file && r.content === '');
  const contents = await rowContents(o.settlements, new Set(refused.map((r) => r.line)));
  for (let k = 0; k < rejects.length; k++) {
    const r = rejects[k] as RejectedRow;
    if (r.file === file && r.content === '') rejects[k] = { ...r, content: contents.get(r.line) ?? '' };
  }
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (o.rejects !== undefined) await writeRejects(o.rejects, rejects, inputs.headers);
  const timings = { read: Math.round(t1 - t0), fold: Math.round(t2 - t1), write: Math.round(performance.now() - t2) };
  const cancelled = inputs.cancelled.reduce((n, c) => n + c, 0);
  return { settled, rejected: rejects.length, duplicates: inputs.duplicates, reversals: inputs.reversed.size, cancelled, fundTotal: fundTotal as Fen, rejects, timings };
}
