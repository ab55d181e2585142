/**
 * The calculation trace of a settlement or a trial (setl_proc_info, as src/benefits/explain.ts
 * writes it) read into its parts for display: one line per tier (基本医保, 大病保险, 医疗救助,
 * 再救助), then 个人负担, then 政策包, separated by " | ". A tier's line is
 * "<name> <amount> [<rule id> <document> §<clause>; <step>; <step> …]" (the document is the pack
 * document's file, else its title, which may hold spaces); a tier the bill gave, or that does not
 * cover the person, says so in place of the rule, and a tier with nothing to say has no brackets.
 * Nothing is computed here: the amount is the trace's own text.
 */

/** One line of the trace: a tier's payment with its rule, document and clause and the working, or a line as it stands. */
export interface TraceLine {
  /** The whole line, as written. */
  readonly text: string;
  /** basic, critical_illness, assistance, re_assistance; undefined for the personal part, the pack and any other line. */
  readonly tier?: string | undefined;
  /** The amount the line states (a yuan string). */
  readonly amount?: string | undefined;
  /** The rule that paid (BEN-CQ-1 …), when one applied. */
  readonly ruleId?: string | undefined;
  /** The document the clause is in ('000_….txt'), and the clause ('§三(二)1'). */
  readonly document?: string | undefined;
  readonly clause?: string | undefined;
  /** The working after the citation (base, cumulative, deductible, bands, cap), bilingual, or the reason nothing was paid. */
  readonly steps: readonly string[];
}

/** The trace's tier names, in the order of the tiers. */
const TIERS: readonly (readonly [name: string, tier: string])[] = [
  ['基本医保', 'basic'], ['大病保险', 'critical_illness'], ['医疗救助', 'assistance'], ['再救助', 're_assistance'],
];
const TIER_HEAD = /^(\S+)\s+(-?\d+(?:\.\d+)?)(?:\s|$)/;
const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$/;

/** Reads one line ('基本医保 513.98 [BASIC-CQ-MTB 000_x.txt §三(二)1; 基数 base 856.63; …]'). */
export function traceLine(text: string): TraceLine {
  const head = TIER_HEAD.exec(text);
  const tier = head === null ? undefined : TIERS.find(([name]) => name === head[1])?.[1];
  if (head === null || tier === undefined) return { text, steps: [] };
  const amount = head[2];
  const open = text.indexOf('[');
  const close = text.lastIndexOf(']');
  if (open < 0 || close < open) return { text, tier, amount, steps: [] };
  const parts = text.slice(open + 1, close).split('; ').map((p) => p.trim()).filter((p) => p !== '');
  const tokens = (parts[0] ?? '').split(' ');
  const ruleId = tokens[0] !== undefined && RULE_ID.test(tokens[0]) ? tokens[0] : undefined;
  const rest = ruleId === undefined ? tokens : tokens.slice(1);
  const at = rest.findIndex((t) => t.startsWith('§'));
  // no rule and no clause: the first part is a reason (given, not covered …), one of the steps
  if (ruleId === undefined && at < 0) return { text, tier, amount, steps: parts };
  const document = at > 0 ? rest.slice(0, at).join(' ') : at < 0 ? rest.join(' ') || undefined : undefined;
  const clause = at >= 0 ? rest.slice(at).join(' ') : undefined;
  return { text, tier, amount, ruleId, document, clause, steps: parts.slice(1) };
}

/** The whole trace: each tier's line in the order of the tiers (undefined where the trace has none), the personal part and the pack. */
export function traceLines(info: string | null): { tiers: (TraceLine | undefined)[]; personal: string | undefined; pack: string | undefined } {
  const lines = info === null || info === '' ? [] : info.split(' | ');
  const read = lines.map(traceLine);
  return {
    tiers: TIERS.map(([, tier]) => read.find((l) => l.tier === tier)),
    personal: lines.find((l) => l.startsWith('个人负担')),
    pack: lines.find((l) => l.startsWith('政策包')),
  };
}
