import type { BasisPoints } from '../money/ratio.js';
import type { ApprovalLevel, CaseCap, CaseKind, Cases, CaseType, FundSource } from './cases-pack.js';
import { APPROVAL_LEVELS, CASE_CAPS, CASE_TYPES, FUND_SOURCES } from './cases-pack.js';
import { converters } from './convert.js';
import type { Convert } from './convert.js';
import { PackError } from './errors.js';
import type { Monitoring } from './monitoring-pack.js';
import type { Param } from './pack.js';
import { MapReader } from './reader.js';

/** A list of distinct items; `nonEmpty` refuses []. */
function distinctList<T>(file: string, item: Convert<T>, nonEmpty: boolean): Convert<readonly T[]> {
  const list = converters(file).list(item);
  return (raw, key) => {
    const xs = list(raw, key);
    if (nonEmpty && xs.length === 0) throw new PackError('bad-value', file, key, '列表不能为空', 'the list must not be empty');
    xs.forEach((x, i) => {
      if (xs.indexOf(x) !== i) throw new PackError('bad-value', file, `${key}[${i}]`, `重复的项：${String(x)}`, `listed twice: ${String(x)}`);
    });
    return xs;
  };
}

/**
 * The pack's `cases:` section (POLICY-SPEC §5) → validated case kinds; every value cited or
 * [local], unknown keys refused. `alert_rule` is checked against the monitoring section by
 * {@link checkCaseAlertRules}, once both sections are parsed.
 */
export function parseCases(node: MapReader): Cases {
  const file = node.file;
  const c = converters(file);
  const type = c.oneOf<CaseType>(CASE_TYPES, '未知的个案类别（special 一事一议、application 依申请救助、one_thing 一件事）', 'unknown case type (special 一事一议, application 依申请救助, one_thing 一件事)');
  const source = c.oneOf<FundSource>(FUND_SOURCES, '未知的资金来源', 'unknown fund source');
  const level = c.oneOf<ApprovalLevel>(APPROVAL_LEVELS, '未知的审批层级', 'unknown approval level');
  const cap = c.oneOf<CaseCap>(CASE_CAPS, '未知的救助上限口径', 'unknown case cap');
  const share: Convert<BasisPoints> = (raw, key) => {
    const r = c.ratio(raw, key);
    if (r <= 0) throw new PackError('bad-value', file, key, '镇街最低承担比例应大于 0', 'the township share must be above 0');
    return r;
  };
  const ids = new Set<string>();
  const kinds: CaseKind[] = node.list('kinds').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('kinds')}[${i}]`, raw);
    const id = r.string('id');
    if (ids.has(id)) r.fail('id', `个案类别编号重复：${id}`, `duplicate case kind id: ${id}`);
    ids.add(id);
    // a kind states each of these, as a value or as [local]
    const required = <T>(k: string, convert: Convert<T>): Param<T> => {
      if (!r.has(k)) throw new PackError('missing-key', file, r.keyOf(k), '缺少此项（文件未规定时写 local:）', 'missing (write local: when the document does not say)');
      return r.param(k, convert);
    };
    const kind: CaseKind = {
      id,
      type: type(r.string('type'), r.keyOf('type')),
      title: r.string('title'),
      key: r.path,
      cite: r.citation('cite'),
      categories: required('categories', distinctList(file, c.category, true)),
      sources: required('sources', distinctList(file, source, true)),
      approvalLevels: required('approval_levels', distinctList(file, level, false)),
      cap: required('cap', cap),
      townshipShareMin: r.optionalParam('township_share_min', share),
      alertRule: r.optionalString('alert_rule'),
    };
    r.done();
    if (kind.type === 'one_thing' && kind.townshipShareMin === undefined) {
      throw new PackError('missing-key', file, r.keyOf('township_share_min'), '“一件事”须给出镇街最低承担比例（文件未规定时写 local:）', 'a one_thing kind states the township\'s minimum share (write local: when the document does not)');
    }
    if (kind.type !== 'one_thing' && kind.townshipShareMin !== undefined) {
      r.fail('township_share_min', '只有“一件事”（one_thing）有镇街最低承担比例', 'only a one_thing kind has a township share');
    }
    return kind;
  });
  const rectification = node.optionalCitation('rectification');
  node.done();
  if (kinds.length === 0 && rectification === undefined) {
    throw new PackError('missing-key', file, node.keyOf('kinds'), 'cases 节须给出 kinds 或 rectification', 'a cases section gives kinds or rectification');
  }
  return { key: node.path, kinds, rectification };
}

/** Each `alert_rule` names an alert rule of the same pack's monitoring section. */
export function checkCaseAlertRules(cases: Cases | undefined, monitoring: Monitoring | undefined, file: string): void {
  for (const k of cases?.kinds ?? []) {
    if (k.alertRule === undefined) continue;
    const rule = monitoring?.rules.find((r) => r.id === k.alertRule);
    if (rule === undefined) {
      throw new PackError('bad-value', file, `${k.key}.alert_rule`, `监测预警规则不存在：${k.alertRule}`, `no such monitoring rule: ${k.alertRule}`);
    }
    if (rule.kind !== 'alert') {
      throw new PackError('bad-value', file, `${k.key}.alert_rule`, `${k.alertRule} 不是预警规则（breakdown 规则不产生预警）`, `${k.alertRule} is not an alert rule (a breakdown rule raises no alerts)`);
    }
  }
}
