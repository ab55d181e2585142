import { converters } from './convert.js';
import { PackError } from './errors.js';
import { MapReader } from './reader.js';
import type { Contribution, Product, SubsidyRule, Subsidies } from './subsidy-pack.js';

const bool = (file: string) => (raw: unknown, key: string): boolean => {
  if (typeof raw === 'boolean') return raw;
  throw new PackError('bad-value', file, key, '应为 true 或 false', 'expected true or false');
};

/** The pack's `subsidies:` section → validated values; every value cited, unknown keys refused. */
export function parseSubsidies(node: MapReader): Subsidies {
  const file = node.file;
  const c = converters(file);
  const fundsNode = node.map('funds');
  const funds: Subsidies['funds'] = Object.fromEntries(
    Object.keys(fundsNode.raw).map((k) => [k, fundsNode.param(k, (raw, key) => (typeof raw === 'string' ? raw : fundsNode.fail(key, '资金名称应为文本', 'a fund name is text')))]),
  );
  fundsNode.done();

  const contributions: Contribution[] = node.list('contributions').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('contributions')}[${i}]`, raw);
    const out = { year: c.integer(r.get('year'), r.keyOf('year')), tier: c.integer(r.get('tier'), r.keyOf('tier')), amount: r.param('amount', c.money) };
    r.done();
    return out;
  });

  const collectionPeriods = node.list('collection_periods').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('collection_periods')}[${i}]`, raw);
    const out = { year: c.integer(r.get('year'), r.keyOf('year')), from: r.param('from', c.date), to: r.param('to', c.date) };
    r.done();
    return out;
  });
  const noWaitingPeriod = node.optionalParam('no_waiting_period', c.list(c.category));
  const employeeInsuranceGuidance = node.optionalParam('employee_insurance_guidance', c.list(c.category));

  const products: Product[] = node.list('products').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('products')}[${i}]`, raw);
    const out = {
      id: r.string('id'),
      name: r.string('name'),
      aliases: r.list('aliases').map((a, j) => c.code(a, `${r.keyOf('aliases')}[${j}]`)),
      price: r.param('price', c.money),
    };
    r.done();
    return out;
  });
  const items = new Set(['resident', ...products.map((p) => p.id)]);

  const ids = new Set<string>();
  const rules: SubsidyRule[] = node.list('rules').map((raw, i) => {
    const r = MapReader.of(file, `${node.keyOf('rules')}[${i}]`, raw);
    const baseText = r.optionalString('base') ?? 'due';
    const base = baseText === 'due' || baseText === 'tier1' ? baseText : r.fail('base', '应为 due 或 tier1', 'due or tier1');
    const rule: SubsidyRule = {
      id: r.string('id'),
      title: r.string('title'),
      key: r.path,
      cite: r.citation('cite'),
      item: r.string('item'),
      categories: r.optionalParam('categories', c.list(c.category)),
      requires: r.optionalParam('requires', c.list(c.category)),
      insuredTiers: r.optionalParam('insured_tiers', c.list(c.integer)),
      ageMin: r.optionalParam('age_min', c.integer),
      ageMax: r.optionalParam('age_max', c.integer),
      rural: r.optionalParam('rural', bool(file)),
      disabilityMaxGrade: r.optionalParam('disability_max_grade', c.integer),
      from: r.optionalParam('from', c.date),
      until: r.optionalParam('until', c.date),
      share: r.optionalParam('share', c.ratio),
      fixed: r.optionalParam('fixed', c.money),
      base,
      fund: r.string('fund'),
    };
    r.done();
    if (ids.has(rule.id)) r.fail('id', `规则编号重复：${rule.id}`, `duplicate rule id: ${rule.id}`);
    ids.add(rule.id);
    if (!items.has(rule.item)) r.fail('item', `未知的项目：${rule.item}（resident 或 products 中的编号）`, `unknown item: ${rule.item} (resident or a product id)`);
    if (funds[rule.fund] === undefined) r.fail('fund', `未在 funds 中声明的资金：${rule.fund}`, `fund not declared in funds: ${rule.fund}`);
    if ((rule.share === undefined) === (rule.fixed === undefined)) r.fail('share', 'share 与 fixed 须给出且只给出一种', 'give exactly one of share and fixed');
    return rule;
  });
  node.done();
  return { key: node.path, funds, contributions, products, rules, collectionPeriods, noWaitingPeriod, employeeInsuranceGuidance };
}
