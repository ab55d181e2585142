/**
 * The trace of a split (setl_proc_info) read into its parts for display: one line per tier
 * (基本医保, 大病保险, 医疗救助, 再救助), then 个人负担, then 政策包, separated by " | ". A tier's line
 * is "<name> <amount> [<rule id> <document> §<clause>; <step>; <step> …]"; a tier that the bill
 * gave, or that does not cover the person, says so in place of the rule. Nothing is computed here:
 * the amounts shown are the API's own fields.
 */

export interface TierTrace {
  /** The rule that paid (BEN-CQ-1 …), when one applied. */
  readonly ruleId: string | undefined;
  /** The document and clause it cites ('000_….txt §三(二)1'). */
  readonly document: string | undefined;
  readonly clause: string | undefined;
  /** The steps as the engine wrote them (base, deductible, bands, cap …), bilingual. */
  readonly steps: readonly string[];
  /** The whole line, as written. */
  readonly line: string;
}

const RULE_ID = /^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$/;

export function tierTrace(line: string | undefined): TierTrace | undefined {
  if (line === undefined) return undefined;
  const open = line.indexOf('[');
  const close = line.lastIndexOf(']');
  if (open < 0 || close < open) return { ruleId: undefined, document: undefined, clause: undefined, steps: [], line };
  const parts = line.slice(open + 1, close).split('; ').map((p) => p.trim()).filter((p) => p !== '');
  const head = parts[0] ?? '';
  const tokens = head.split(' ');
  const ruleId = tokens[0] !== undefined && RULE_ID.test(tokens[0]) ? tokens[0] : undefined;
  const rest = ruleId === undefined ? tokens : tokens.slice(1);
  const at = rest.findIndex((t) => t.startsWith('§'));
  if (ruleId === undefined && at < 0) return { ruleId, document: undefined, clause: undefined, steps: parts, line };
  const document = at > 0 ? rest.slice(0, at).join(' ') : at < 0 ? rest.join(' ') || undefined : undefined;
  const clause = at >= 0 ? rest.slice(at).join(' ') : undefined;
  return { ruleId, document, clause, steps: parts.slice(1), line };
}

const PREFIXES = ['基本医保', '大病保险', '医疗救助', '再救助'] as const;

/** The trace's lines: each tier by its name (basic, critical illness, assistance, re-assistance), then the personal part and the pack. */
export function traceLines(info: string | null): { tiers: (TierTrace | undefined)[]; personal: string | undefined; pack: string | undefined } {
  const lines = info === null || info === '' ? [] : info.split(' | ');
  const find = (prefix: string): string | undefined => lines.find((l) => l.startsWith(prefix));
  return { tiers: PREFIXES.map((p) => tierTrace(find(p))), personal: find('个人负担'), pack: find('政策包') };
}
