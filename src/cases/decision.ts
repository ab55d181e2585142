/**
 * A case decision checked against its kind (pure): the amount by fund source, each source one the
 * pack names; the person-year's case amounts together within the kind's cap (the person-year's
 * personal or policy-scope personal burden after every tier, less what other cases of the year
 * already pay); for 一件事 the township's share at least the pack's minimum (60%以上: 60 % itself
 * included), the treasury bearing the remainder. Exact integer arithmetic: no rounding anywhere.
 */
import type { Fen } from '../money/fen.js';
import { formatRatio } from '../money/ratio.js';
import { formatYuan } from '../money/yuan.js';
import type { FundSource } from '../policy/cases-pack.js';
import { FUND_SOURCE_ZH, FUND_SOURCES } from '../policy/cases-pack.js';
import type { CompiledCaseKind } from './kinds.js';
import { CaseError } from './workflow.js';

export interface DecisionLine {
  readonly source: FundSource;
  readonly amount: Fen;
}

export interface DecisionInput {
  readonly kind: CompiledCaseKind;
  /** As asked: source codes and amounts in fen. */
  readonly lines: readonly { readonly source: string; readonly amount: number }[];
  /** The cap measure of the person-year now (fen). */
  readonly cap: number;
  /** What the person's other cases of the year pay now (Σ of their lines, fen). */
  readonly otherCases: number;
}

export interface Decision {
  /** In the pack's order of sources. */
  readonly lines: readonly DecisionLine[];
  readonly total: Fen;
}

const CAP_ZH = { personal: '个人负担总金额', policy_scope_personal: '政策范围内个人负担' } as const;

function invalid(code: string, zh: string, en: string): never {
  throw new CaseError('invalid', code, zh, en);
}

export function checkDecision(d: DecisionInput): Decision {
  const { kind } = d;
  if (d.lines.length === 0) invalid('no-amount', '决定须列明各资金来源的金额', 'a decision lists the amount of each fund source');
  const seen = new Set<string>();
  let total = 0;
  for (const l of d.lines) {
    if (!(FUND_SOURCES as readonly string[]).includes(l.source) || !(kind.sources as readonly string[]).includes(l.source)) {
      invalid(
        'wrong-source',
        `${kind.id} 的资金来源为 ${kind.sources.map((s) => FUND_SOURCE_ZH[s]).join('、')}，不含「${l.source}」（${kind.clause}）`,
        `${kind.id} is funded by ${kind.sources.join(', ')}, not ${l.source} (${kind.clause})`,
      );
    }
    if (seen.has(l.source)) invalid('duplicate-source', `资金来源重复：${FUND_SOURCE_ZH[l.source as FundSource]}`, `fund source listed twice: ${l.source}`);
    seen.add(l.source);
    if (!Number.isSafeInteger(l.amount) || l.amount <= 0) {
      invalid('bad-amount', `金额须大于 0（元，至多两位小数）：${FUND_SOURCE_ZH[l.source as FundSource]}`, `an amount is above 0 (yuan, two decimals at most): ${l.source}`);
    }
    total += l.amount;
  }
  const room = d.cap - d.otherCases;
  if (total > room) {
    invalid(
      'above-cap',
      `救助金额 ${formatYuan(total as Fen)} 元超过可救助额 ${formatYuan(Math.max(0, room) as Fen)} 元（当年${CAP_ZH[kind.cap]} ${formatYuan(d.cap as Fen)} 元，其他个案已救助 ${formatYuan(d.otherCases as Fen)} 元）`,
      `the amount ${formatYuan(total as Fen)} is above what may be paid, ${formatYuan(Math.max(0, room) as Fen)} (the year's ${kind.cap} ${formatYuan(d.cap as Fen)}, other cases ${formatYuan(d.otherCases as Fen)})`,
    );
  }
  const min = kind.townshipShareMin;
  if (min !== undefined) {
    const township = d.lines.find((l) => l.source === 'township')?.amount ?? 0;
    // township / total ≥ min, exactly: township × 10,000 ≥ min × total
    if (township * 10_000 < min * total) {
      invalid(
        'township-share',
        `属地镇街承担 ${formatYuan(township as Fen)} 元，低于救助金额 ${formatYuan(total as Fen)} 元的 ${formatRatio(min)}（${kind.clause}）`,
        `the township bears ${formatYuan(township as Fen)}, below ${formatRatio(min)} of ${formatYuan(total as Fen)} (${kind.clause})`,
      );
    }
  }
  const lines = kind.sources.flatMap((s) => d.lines.filter((l) => l.source === s).map((l) => ({ source: s, amount: l.amount as Fen })));
  return { lines, total: total as Fen };
}
