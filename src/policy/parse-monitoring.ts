import { converters } from './convert.js';
import type { Convert } from './convert.js';
import { PackError } from './errors.js';
import { MapReader } from './reader.js';
import type { Comparison, Department, Measure, MonitoringKind, MonitoringRule, Monitoring } from './monitoring-pack.js';
import { COMPARISONS, DEPARTMENTS, MEASURES } from './monitoring-pack.js';

const KINDS: readonly MonitoringKind[] = ['alert', 'breakdown'];
const PROCESSES: readonly string[] = ['one_thing'];

/** The pack's `monitoring:` section (POLICY-SPEC §4) → validated rules; every value cited, unknown keys refused. */
export function parseMonitoring(node: MapReader): Monitoring {
  const file = node.file;
  const c = converters(file);
  const measure = c.oneOf<Measure>(MEASURES, '未知的负担口径', 'unknown measure');
  const comparison = c.oneOf<Comparison>(COMPARISONS, '比较方式应为 ">="（以上、及以上、达到，含本数）或 ">"（超过，不含本数）', 'comparison is ">=" (以上/及以上/达到, inclusive) or ">" (超过, strict)');
  const department = c.oneOf<Department>(DEPARTMENTS, '未知的推送部门', 'unknown department');
  const process = c.oneOf<string>(PROCESSES, '未知的处置流程', 'unknown process');
  const factor: Convert<number> = (raw, key) => {
    const n = c.integer(raw, key);
    if (n < 1) throw new PackError('bad-value', file, key, '倍数应为正整数', 'a factor is a positive integer');
    return n;
  };
  const ids = new Set<string>();
  const rules: MonitoringRule[] = node.list('rules').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('rules')}[${i}]`, raw);
    const kindText = r.optionalString('kind') ?? 'alert';
    if (!(KINDS as readonly string[]).includes(kindText)) r.fail('kind', `未知的规则类别：${kindText}（alert 或 breakdown）`, `unknown kind: ${kindText} (alert or breakdown)`);
    const rule: MonitoringRule = {
      id: r.string('id'),
      title: r.string('title'),
      key: r.path,
      cite: r.citation('cite'),
      kind: kindText as MonitoringKind,
      categories: r.optionalParam('categories', c.list(c.category)),
      notCategories: r.optionalParam('not_categories', c.list(c.category)),
      measure: r.optionalParam('measure', measure),
      threshold: r.optionalParam('threshold', c.money),
      factor: r.optionalParam('factor', factor),
      comparison: r.optionalParam('comparison', comparison),
      pushTo: r.optionalParam('push_to', c.list(department)),
      process: r.optionalParam('process', process),
    };
    r.done();
    if (ids.has(rule.id)) r.fail('id', `规则编号重复：${rule.id}`, `duplicate rule id: ${rule.id}`);
    ids.add(rule.id);
    if (rule.kind === 'alert') {
      // an alert rule states its measure, threshold and comparison — as values or as [local]
      for (const [k, p] of [['measure', rule.measure], ['threshold', rule.threshold], ['comparison', rule.comparison]] as const) {
        if (p === undefined) r.fail(k, '预警规则须给出此项（文件未规定时写 local:）', 'an alert rule states this (write local: when the document does not)');
      }
    } else {
      for (const [k, p] of [['threshold', rule.threshold], ['factor', rule.factor], ['comparison', rule.comparison]] as const) {
        if (p !== undefined) r.fail(k, 'breakdown 规则没有阈值', 'a breakdown rule has no threshold');
      }
    }
    return rule;
  });
  node.done();
  return { key: node.path, rules };
}
