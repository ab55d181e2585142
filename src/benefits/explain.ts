import type { Fen } from '../money/fen.js';
import { formatRatio } from '../money/ratio.js';
import { formatYuan } from '../money/yuan.js';
import type { Citation, PackDocument } from '../policy/citation.js';
import type { TierName } from '../policy/pack.js';
import { bandPortions } from './schedule.js';
import type { SettlementResult, TierReason, TierTrace } from './types.js';

const TIER_ZH: Record<TierName, string> = {
  basic: '基本医保',
  critical_illness: '大病保险',
  assistance: '医疗救助',
  re_assistance: '再救助',
};

const REASON_ZH: Record<TierReason, string> = {
  paid: '',
  given: '已由结算数据给出 given',
  'out-of-scope': '医疗类别不在本层次范围 out of scope',
  'no-rule': '不属于本层次保障对象 not covered',
  'not-issued': '政策另行制定 rule not issued',
  'case-by-case': '依申请个案决定 decided case by case',
  'below-deductible': '未超过起付线 below deductible',
  'cap-reached': '已达年度限额 annual cap reached',
  'sub-limit-reached': '已达分项限额 sub-limit reached',
  'no-base': '无可支付基数 nothing left to pay',
};

function cite(c: Citation, docs: Readonly<Record<string, PackDocument>>): string {
  const d = docs[c.doc];
  return `${d?.file ?? d?.title ?? c.doc} §${c.clause}`;
}

function y(f: number): string {
  return formatYuan(f as Fen);
}

/** One tier in words: rule, clause, base, deductible, bands and ratios, cap — enough to redo it by hand. */
export function explainTier(t: TierTrace, docs: Readonly<Record<string, PackDocument>>): string {
  const head = `${TIER_ZH[t.tier]} ${y(t.paid)}`;
  if (t.reason === 'given') return `${head} [${REASON_ZH.given}]`;
  const parts: string[] = [];
  if (t.rule !== undefined) parts.push(`${t.rule.id} ${cite(t.rule.cite, docs)}`);
  if (t.otherwise !== undefined) parts.push(cite(t.otherwise, docs));
  if (t.reason !== 'paid') parts.push(REASON_ZH[t.reason]);
  if (t.rule !== undefined && t.bands.length > 0) {
    parts.push(`基数 base ${y(t.base)}`);
    const from = t.rule.deductibleBasis === 'year' ? t.cumBaseBefore : (0 as Fen);
    const to = (from + t.base) as Fen;
    if (t.rule.deductibleBasis === 'year') parts.push(`年累计 cumulative ${y(from)}→${y(to)}`);
    parts.push(`起付线 deductible ${y(t.deductible)}${t.rule.deductibleBasis === 'settlement' ? '/次' : '/年'}`);
    const portions = bandPortions(from, to, t.deductible, t.bands);
    if (portions.length > 0) parts.push(portions.map((p) => `${y(p.lower)}–${y(p.upper)}×${formatRatio(p.ratio)}`).join(' + '));
    if (t.cap !== undefined) parts.push(`年度限额 cap ${t.cap === 'none' ? '不设 none' : `${y(t.cap)}, 已付 paid ${y(t.paidBefore)}`}`);
    if (t.subLimit !== undefined) parts.push(`分项限额 sub-limit ${y(t.subLimit.limit)}, 已付 paid ${y(t.subLimit.paidBefore)}`);
    if (t.raw !== t.paid) parts.push(`计算 computed ${y(t.raw)}`);
  }
  return parts.length > 0 ? `${head} [${parts.join('; ')}]` : head;
}

/** The settlement's calculation trace (setl_proc_info, text(4000)). */
export function explainSettlement(r: SettlementResult, docs: Readonly<Record<string, PackDocument>>): string {
  const lines = r.traces.map((t) => explainTier(t, docs));
  lines.push(`个人负担 personal ${y(r.personal)} (政策范围内 policy-scope ${y(r.policyScopePersonal)})`);
  lines.push(`政策包 pack ${r.packId} ${r.packVersion}${r.illustrative ? ' 演示数值 ILLUSTRATIVE' : ''}`);
  const text = lines.join(' | ');
  return text.length <= 4000 ? text : `${text.slice(0, 3999)}…`;
}
