import type { DocumentKind, PackDocument } from './citation.js';
import { converters } from './convert.js';
import { PackError } from './errors.js';
import type { HoldingParam, Pack, Rule, RuleStatus, SubLimit, Tier, TierName } from './pack.js';
import { TIER_NAMES } from './pack.js';
import { MapReader } from './reader.js';
import { checkCaseAlertRules, parseCases } from './parse-cases.js';
import { parseMonitoring } from './parse-monitoring.js';
import { parseSubsidies } from './parse-subsidy.js';

const DOC_KINDS: readonly DocumentKind[] = ['official', 'standard', 'local', 'illustrative'];
const STATUSES: readonly RuleStatus[] = ['active', 'not_issued', 'case_by_case'];

/** A merged raw pack (after `extends:`) → a validated Pack. Pure: no file access. */
export function parsePack(raw: unknown, file: string, files: readonly string[]): Pack {
  const r = MapReader.of(file, '', raw);
  const c = converters(file);
  r.get('extends');
  const id = r.string('pack');
  const version = r.string('version');
  const title = r.string('title');
  const region = r.map('region');
  const admdvs = region.string('admdvs');
  if (!/^\d{6}$/.test(admdvs)) region.fail('admdvs', '区划代码应为 6 位数字', 'admdvs is 6 digits');
  const regionName = region.string('name');
  region.done();

  const documents: Record<string, PackDocument> = {};
  const docs = r.map('documents');
  for (const key of Object.keys(docs.raw)) {
    const d = docs.map(key);
    const kind = (d.optionalString('kind') ?? 'official') as DocumentKind;
    if (!DOC_KINDS.includes(kind)) d.fail('kind', `未知的文件类别：${kind}`, `unknown document kind: ${kind}`);
    documents[key] = { title: d.string('title'), file: d.optionalString('file'), kind };
    d.done();
  }
  docs.done();

  const medTypeGroups: Record<string, ReturnType<typeof groupParam>> = {};
  const groupParam = (g: MapReader, k: string) => g.param(k, c.list(c.code));
  const groups = r.optionalMap('med_type_groups');
  if (groups) {
    for (const key of Object.keys(groups.raw)) medTypeGroups[key] = groupParam(groups, key);
    groups.done();
  }

  const holding = (k: string): HoldingParam | undefined => {
    const h = r.optionalMap(k);
    if (!h) return undefined;
    const out = { months: h.param('months', c.integer), categories: h.param('categories', c.list(c.category)) };
    h.done();
    return out;
  };

  const tiersNode = r.map('tiers');
  const tiers = {} as Record<TierName, Tier>;
  for (const name of TIER_NAMES) tiers[name] = parseTier(tiersNode, name, file);
  tiersNode.done();

  const pack: Pack = {
    id,
    version,
    title,
    files,
    region: { admdvs, name: regionName },
    effectiveFrom: r.param('effective_from', c.date),
    effectiveTo: r.optionalParam('effective_to', c.date),
    documents,
    illustrative: Object.values(documents).some((d) => d.kind === 'illustrative'),
    identityRanking: r.param('identity_ranking', c.ranking),
    medTypeGroups,
    hospitalLevels: r.optionalParam('hospital_levels', c.levelMap),
    riskElimination: holding('risk_elimination'),
    retroactive: holding('retroactive'),
    tiers,
    subsidies: r.has('subsidies') ? parseSubsidies(r.map('subsidies')) : (r.get('subsidies'), undefined),
    monitoring: r.has('monitoring') ? parseMonitoring(r.map('monitoring')) : (r.get('monitoring'), undefined),
    cases: r.has('cases') ? parseCases(r.map('cases')) : (r.get('cases'), undefined),
  };
  r.done();
  checkCaseAlertRules(pack.cases, pack.monitoring, file);
  return pack;
}

function parseTier(tiers: MapReader, name: TierName, file: string): Tier {
  const c = converters(file);
  if (!tiers.has(name)) {
    throw new PackError('missing-key', file, tiers.keyOf(name), '缺少此待遇层次（无规则时写 rules: [] 并说明原因）', 'missing tier (write rules: [] and say why when there is none)');
  }
  const t = tiers.map(name);
  const rules = t.list('rules').map((raw, i) => parseRule(MapReader.of(file, `${t.keyOf('rules')}[${i}]`, raw), file));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new PackError('bad-value', file, rule.key, `规则编号重复：${rule.id}`, `duplicate rule id: ${rule.id}`);
    ids.add(rule.id);
  }
  for (const rule of rules) {
    if (rule.inherits !== undefined && !ids.has(rule.inherits)) {
      throw new PackError('bad-value', file, `${rule.key}.inherits`, `继承的规则不存在：${rule.inherits}`, `inherited rule not found: ${rule.inherits}`);
    }
  }
  const tier: Tier = {
    name,
    key: t.path,
    scope: t.optionalParam('scope', c.list(c.code)),
    otherwise: t.optionalCitation('otherwise'),
    local: t.optionalString('local'),
    rules,
  };
  t.done();
  return tier;
}

function parseRule(r: MapReader, file: string): Rule {
  const c = converters(file);
  const status = (r.optionalString('status') ?? 'active') as RuleStatus;
  if (!STATUSES.includes(status)) r.fail('status', `未知的状态：${status}`, `unknown status: ${status}`);
  const basis = r.optionalString('deductible_basis') ?? 'year';
  if (basis !== 'year' && basis !== 'settlement') r.fail('deductible_basis', '应为 year 或 settlement', 'year or settlement');
  const subLimits: SubLimit[] = r.list('sub_limits').map((raw, i) => {
    const s = MapReader.of(file, `${r.keyOf('sub_limits')}[${i}]`, raw);
    const out = { medTypes: c.list(c.code)(s.get('med_types'), s.keyOf('med_types')), limit: s.param('limit', c.money) };
    s.done();
    return out;
  });
  const rule: Rule = {
    id: r.string('id'),
    title: r.string('title'),
    key: r.path,
    cite: r.citation('cite'),
    status,
    categories: r.optionalParam('categories', c.list(c.category)),
    disabilityMaxGrade: r.optionalParam('disability_max_grade', c.integer),
    insuredTiers: r.optionalParam('insured_tiers', c.list(c.integer)),
    hospLevels: r.optionalParam('hosp_levels', c.list(c.integer)),
    medTypes: r.optionalParam('med_types', c.list(c.code)),
    from: r.optionalParam('from', c.date),
    until: r.optionalParam('until', c.date),
    inherits: r.optionalString('inherits'),
    deductible: r.optionalParam('deductible', c.money),
    deductibleFactor: r.optionalParam('deductible_factor', c.ratio),
    deductibleBasis: basis,
    ratio: r.optionalParam('ratio', c.ratio),
    ratioByHospLevel: r.optionalParam('ratio_by_hosp_level', c.ratioMap),
    bands: r.optionalParam('bands', c.bands),
    ratioAdd: r.optionalParam('ratio_add', c.ratio),
    annualCap: r.optionalParam('annual_cap', c.cap),
    subLimits,
    pool: r.optionalString('pool'),
  };
  r.done();
  const rateKinds = [rule.ratio, rule.ratioByHospLevel, rule.bands].filter((x) => x !== undefined).length;
  if (rateKinds > 1) r.fail('ratio', 'ratio、ratio_by_hosp_level、bands 只能给出一种', 'give only one of ratio, ratio_by_hosp_level, bands');
  if (rule.deductible !== undefined && rule.deductibleFactor !== undefined) {
    r.fail('deductible_factor', 'deductible 与 deductible_factor 只能给出一种', 'give deductible or deductible_factor, not both');
  }
  return rule;
}
