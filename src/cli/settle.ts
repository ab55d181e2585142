import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { explainSettlement } from '../benefits/explain.js';
import { settleBatch } from '../benefits/fold.js';
import type { SettleProblem } from '../benefits/types.js';
import type { Policy } from '../policy/compile.js';
import { CsvWriter } from '../ingest/csv-writer.js';
import { reason } from '../ingest/reject.js';
import { regionPrefix } from '../ingest/person-row.js';
import type { InputFiles, RejectedRow } from './inputs.js';
import { readInputs } from './inputs.js';

export const SETTLE_OUTPUT_HEADER = [
  'setl_id', 'psn_no', 'setl_time', 'med_type', 'medfee_sumamt', 'inscp_scp_amt',
  'hifp_pay', 'hifmi_pay', 'maf_pay', 'maf_assist_pay', 'maf_reassist_pay',
  'fund_pay_sumamt', 'psn_part_amt', 'inscp_psn_part_amt', 'pack_id', 'pack_version',
] as const;

export const REJECTS_HEADER = ['file', 'line', 'field', 'reason', 'content'] as const;

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
  readonly reversed: number;
  readonly fundTotal: Fen;
  readonly rejects: readonly RejectedRow[];
}

/** settle: read, fold every person-year, write one row per settled settlement in file order. */
export async function settleFiles(o: SettleOptions): Promise<SettleSummary> {
  const first = o.policy.versions[0]?.pack;
  const inputs = await readInputs(o, first === undefined ? undefined : regionPrefix(first.region.admdvs));
  const outcomes = settleBatch(o.policy, inputs.persons, inputs.settlements.map((s) => s.settlement), inputs.reversed);
  const docs = Object.fromEntries(o.policy.versions.map((v) => [v.pack.id + v.pack.version, v.pack.documents]));
  const out = await CsvWriter.open(o.out, o.explain ? [...SETTLE_OUTPUT_HEADER, 'setl_proc_info'] : SETTLE_OUTPUT_HEADER);
  const rejects = [...inputs.rejects];
  let settled = 0;
  let fundTotal = 0;
  for (const { line, settlement: s } of inputs.settlements) {
    const o2 = outcomes.get(s.setlId);
    if (o2 === undefined) continue; // reversed
    if (!o2.ok) {
      const why = problemReason(o2.problem);
      rejects.push({ file: o.settlements.split(/[\\/]/).pop() ?? o.settlements, line, field: why.field, reason: why.reason, content: s.setlId });
      continue;
    }
    const r = o2.result;
    settled++;
    fundTotal += r.fundTotal;
    const row = [
      r.setlId, r.psnNo, s.setlTime, s.medType, formatYuan(r.total), formatYuan(r.policyScope),
      formatYuan(r.basic), formatYuan(r.criticalIllness), formatYuan((r.assistance + r.reAssistance) as Fen),
      formatYuan(r.assistance), formatYuan(r.reAssistance), formatYuan(r.fundTotal), formatYuan(r.personal),
      formatYuan(r.policyScopePersonal), r.packId, r.packVersion,
    ];
    if (o.explain) row.push(explainSettlement(r, docs[r.packId + r.packVersion] ?? {}));
    if (!out.write(row)) await out.drain();
  }
  await out.close();
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (o.rejects !== undefined) {
    const rw = await CsvWriter.open(o.rejects, REJECTS_HEADER, { bom: true });
    for (const r of rejects) rw.write([r.file, String(r.line), r.field, r.reason, r.content]);
    await rw.close();
  }
  return { settled, rejected: rejects.length, duplicates: inputs.duplicates, reversed: inputs.reversed.size, fundTotal: fundTotal as Fen, rejects };
}
