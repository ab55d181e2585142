import type { SettleProblem } from '../benefits/types.js';
import { reason } from './reject.js';

/** An engine problem as a reject reason (中文 / English), naming the pack and the missing value. */
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
