/**
 * The policy packs the service runs, over HTTP: GET /api/v1/packs (the regions, their versions and
 * whether illustrative) and GET /api/v1/packs/{id} (one region's versions in full, for the policy
 * packs page): every value of every version with its YAML key path, its value (money as yuan
 * strings, ratios as percentages), when it applies, its citation (document, clause, quote) and its
 * status — set, set with an interpretation, or [local] and unset — and the [local] values still
 * unset as a list of their own, the same list `sanchong packs` prints (src/cli/packs.ts).
 * Readable by every role: packs hold no personal data.
 */
import type { FastifyInstance } from 'fastify';
import { localGaps } from '../../cli/packs.js';
import type { Fen } from '../../money/fen.js';
import type { BasisPoints } from '../../money/ratio.js';
import { formatRatio } from '../../money/ratio.js';
import { formatYuan } from '../../money/yuan.js';
import type { Category } from '../../people/category.js';
import { CATEGORY_INFO } from '../../people/category.js';
import { APPROVAL_LEVEL_ZH, FUND_SOURCE_ZH } from '../../policy/cases-pack.js';
import type { Citation, PackDocument } from '../../policy/citation.js';
import { formatCitation } from '../../policy/citation.js';
import type { Band, Cap, Pack, Param } from '../../policy/pack.js';
import { TIER_NAMES } from '../../policy/pack.js';
import type { RegionPolicies, RegionPolicy } from '../../policy/regions.js';
import { DEPARTMENT_ZH } from '../../store/alerts.js';
import type { IsoDate } from '../../time/date.js';
import { ERROR_SCHEMA, requireRole } from '../auth.js';
import { HttpError } from '../errors.js';

type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

/** How a value is written: the type of `value` in the answer. */
export const VALUE_TYPES = ['money', 'cap', 'ratio', 'date', 'integer', 'boolean', 'code', 'codes', 'integers', 'categories', 'ranking', 'bands', 'ratio_map', 'level_map', 'tier'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export interface CitationOut {
  /** Key of the pack's documents. */
  readonly doc: string;
  readonly title: string | null;
  readonly file: string | null;
  /** official · standard · local · illustrative. */
  readonly kind: string | null;
  readonly clause: string;
  readonly quote: string | null;
  /** "file §clause", as the settlement trace cites it. */
  readonly text: string;
}

export interface ValueOut {
  /** The YAML path in the version's pack (after `extends:`), e.g. tiers.basic.rules[0].deductible. */
  readonly key: string;
  /** general · tiers.basic · tiers.critical_illness · tiers.assistance · tiers.re_assistance · subsidies · monitoring · cases. */
  readonly section: string;
  /** The rule (or subsidy rule, monitoring rule, case kind) the value belongs to. */
  readonly rule_id: string | null;
  readonly type: ValueType;
  /** set: cited value · interpretation: cited value with the pack's reading of the text (see `interpretation`) · local: left to the bureau, unset. */
  readonly status: 'set' | 'interpretation' | 'local';
  /** Money as yuan strings ("800.00"), ratios as percentages ("45%"), dates yyyy-MM-dd, codes as written; null when [local]. */
  readonly value: Json;
  /** The value in words (category names, 元, 不设); the note when [local]. */
  readonly text: string;
  /** When it applies: the rule's from / until where the rule has them, else the version's effective dates. */
  readonly effective_from: string | null;
  readonly effective_to: string | null;
  readonly citation: CitationOut | null;
  readonly interpretation: string | null;
  /** [local]: what the bureau must set and on what authority. */
  readonly note: string | null;
}

export interface RuleOut {
  readonly key: string;
  readonly section: string;
  readonly id: string;
  readonly title: string;
  /**
   * Tier rules: active · not_issued · case_by_case; subsidy rules: the item; monitoring: alert · breakdown; cases: the case type;
   * and two citations that are no rule: otherwise (a tier's clause for everyone its rules leave out) and rectification (整改台账).
   */
  readonly status: string;
  readonly citation: CitationOut;
}

const dateOf = (p: Param<IsoDate> | undefined): string | null => (p?.kind === 'set' ? p.value : null);

export function citationOut(c: Citation, docs: Readonly<Record<string, PackDocument>>): CitationOut {
  const d = docs[c.doc];
  return { doc: c.doc, title: d?.title ?? null, file: d?.file ?? null, kind: d?.kind ?? null, clause: c.clause, quote: c.quote ?? null, text: formatCitation(c, docs) };
}

const yuan = (f: Fen): string => formatYuan(f);
const names = (xs: readonly string[], zh: Readonly<Record<string, string>>): string => xs.map((x) => zh[x] ?? x).join('、');
const CATEGORY_ZH: Readonly<Record<string, string>> = Object.fromEntries(Object.values(CATEGORY_INFO).map((c) => [c.code, c.zh]));
/** The burden measures of monitoring rules and case caps (docs/monitoring.md §1). */
const MEASURE_ZH: Readonly<Record<string, string>> = { personal: '个人负担总金额', policy_scope_personal: '政策范围内个人负担', total: '医疗费用总额' };
const COMPARISON_ZH: Readonly<Record<string, string>> = { '>=': '达到及以上（含本数） >=', '>': '超过（不含本数） >' };

interface Scope {
  readonly section: string;
  readonly rule?: string | undefined;
  readonly from?: Param<IsoDate> | undefined;
  readonly until?: Param<IsoDate> | undefined;
}

/**
 * Every value of a pack, in the order of the pack's sections (the order citationsOf and localGaps
 * walk them), each written by its type: the walk names the converter of every parameter, so money
 * is never shown as a ratio or a count.
 */
export function packValues(pack: Pack): { values: ValueOut[]; rules: RuleOut[] } {
  const values: ValueOut[] = [];
  const rules: RuleOut[] = [];
  const docs = pack.documents;
  const packFrom = dateOf(pack.effectiveFrom);
  const packTo = dateOf(pack.effectiveTo);

  function add<T>(p: Param<T> | undefined, s: Scope, type: ValueType, write: (v: T) => { value: Json; text: string }): void {
    if (p === undefined) return;
    const from = s.from?.kind === 'set' && (packFrom === null || s.from.value > packFrom) ? s.from.value : packFrom;
    const to = s.until?.kind === 'set' && (packTo === null || s.until.value < packTo) ? s.until.value : packTo;
    const base = { key: p.key, section: s.section, rule_id: s.rule ?? null, type, effective_from: from, effective_to: to };
    if (p.kind === 'local') {
      values.push({ ...base, status: 'local', value: null, text: p.note, citation: null, interpretation: null, note: p.note });
      return;
    }
    const w = write(p.value);
    values.push({
      ...base, status: p.interpretation === undefined ? 'set' : 'interpretation', value: w.value, text: w.text, citation: citationOut(p.cite, docs),
      interpretation: p.interpretation ?? null, note: null,
    });
  }
  const money = (p: Param<Fen> | undefined, s: Scope) => add(p, s, 'money', (v) => ({ value: yuan(v), text: `${yuan(v)} 元` }));
  const cap = (p: Param<Cap> | undefined, s: Scope) => add(p, s, 'cap', (v) => (v === 'none' ? { value: 'none', text: '不设 none' } : { value: yuan(v), text: `${yuan(v)} 元` }));
  const ratio = (p: Param<BasisPoints> | undefined, s: Scope) => add(p, s, 'ratio', (v) => ({ value: formatRatio(v), text: formatRatio(v) }));
  const date = (p: Param<IsoDate> | undefined, s: Scope) => add(p, s, 'date', (v) => ({ value: v, text: v }));
  const integer = (p: Param<number> | undefined, s: Scope) => add(p, s, 'integer', (v) => ({ value: v, text: String(v) }));
  const bool = (p: Param<boolean> | undefined, s: Scope) => add(p, s, 'boolean', (v) => ({ value: v, text: v ? '是' : '否' }));
  const code = (p: Param<string> | undefined, s: Scope, zh: Readonly<Record<string, string>> = {}) => add(p, s, 'code', (v) => ({ value: v, text: zh[v] ?? v }));
  const codes = (p: Param<readonly string[]> | undefined, s: Scope, zh: Readonly<Record<string, string>> = {}) => add(p, s, 'codes', (v) => ({ value: [...v], text: names(v, zh) }));
  const integers = (p: Param<readonly number[]> | undefined, s: Scope) => add(p, s, 'integers', (v) => ({ value: [...v], text: v.join('、') }));
  const categories = (p: Param<readonly Category[]> | undefined, s: Scope) => add(p, s, 'categories', (v) => ({ value: [...v], text: names(v, CATEGORY_ZH) }));
  const rule = (section: string, r: { key: string; id: string; title: string; cite: Citation }, status: string) =>
    rules.push({ key: r.key, section, id: r.id, title: r.title, status, citation: citationOut(r.cite, docs) });

  const general: Scope = { section: 'general' };
  date(pack.effectiveFrom, general);
  date(pack.effectiveTo, general);
  add(pack.identityRanking, general, 'ranking', (v) => ({ value: v.map((g) => [...g]), text: v.map((g) => names(g, CATEGORY_ZH)).join(' > ') }));
  add(pack.hospitalLevels, general, 'level_map', (v) => ({ value: { ...v }, text: Object.entries(v).map(([k, n]) => `${k}→${n}`).join('、') }));
  for (const g of Object.values(pack.medTypeGroups)) codes(g, general);
  for (const h of [pack.riskElimination, pack.retroactive]) {
    integer(h?.months, general);
    categories(h?.categories, general);
  }

  for (const name of TIER_NAMES) {
    const tier = pack.tiers[name];
    const section = `tiers.${name}`;
    if (tier.local !== undefined) {
      values.push({
        key: tier.key, section, rule_id: null, type: 'tier', status: 'local', value: null, text: tier.local, effective_from: packFrom, effective_to: packTo,
        citation: null, interpretation: null, note: tier.local,
      });
    }
    codes(tier.scope, { section });
    // why the tier pays nothing when no rule matches (上述范围以外的其他人员 …)
    if (tier.otherwise !== undefined) rules.push({ key: `${tier.key}.otherwise`, section, id: 'otherwise', title: '其他人员不属于本层次保障对象 / everyone else: not covered', status: 'otherwise', citation: citationOut(tier.otherwise, docs) });
    for (const r of tier.rules) {
      rule(section, r, r.status);
      const s: Scope = { section, rule: r.id, from: r.from, until: r.until };
      categories(r.categories, s);
      integer(r.disabilityMaxGrade, s);
      integers(r.insuredTiers, s);
      integers(r.hospLevels, s);
      codes(r.medTypes, s);
      date(r.from, s);
      date(r.until, s);
      money(r.deductible, s);
      ratio(r.deductibleFactor, s);
      ratio(r.ratio, s);
      add(r.ratioByHospLevel, s, 'ratio_map', (v) => ({
        value: Object.fromEntries(Object.entries(v).map(([k, bp]) => [k, formatRatio(bp)])),
        text: Object.entries(v).map(([k, bp]) => `${k}: ${formatRatio(bp)}`).join('、'),
      }));
      add(r.bands, s, 'bands', (v: readonly Band[]) => ({
        value: v.map((b) => ({ upto: b.upto === undefined ? null : yuan(b.upto), ratio: formatRatio(b.ratio) })),
        text: v.map((b) => `${b.upto === undefined ? '以上' : `至 ${yuan(b.upto)} 元`} ${formatRatio(b.ratio)}`).join('；'),
      }));
      ratio(r.ratioAdd, s);
      cap(r.annualCap, s);
      for (const l of r.subLimits) money(l.limit, s);
    }
  }

  const sub = pack.subsidies;
  if (sub !== undefined) {
    const s: Scope = { section: 'subsidies' };
    for (const f of Object.values(sub.funds)) code(f, s);
    for (const c of sub.contributions) money(c.amount, s);
    for (const c of sub.collectionPeriods) {
      date(c.from, s);
      date(c.to, s);
    }
    categories(sub.noWaitingPeriod, s);
    categories(sub.employeeInsuranceGuidance, s);
    for (const p of sub.products) money(p.price, s);
    for (const r of sub.rules) {
      rule('subsidies', r, r.item);
      const rs: Scope = { section: 'subsidies', rule: r.id, from: r.from, until: r.until };
      categories(r.categories, rs);
      categories(r.requires, rs);
      integers(r.insuredTiers, rs);
      integer(r.ageMin, rs);
      integer(r.ageMax, rs);
      bool(r.rural, rs);
      integer(r.disabilityMaxGrade, rs);
      date(r.from, rs);
      date(r.until, rs);
      ratio(r.share, rs);
      money(r.fixed, rs);
    }
  }

  for (const r of pack.monitoring?.rules ?? []) {
    rule('monitoring', r, r.kind);
    const s: Scope = { section: 'monitoring', rule: r.id };
    categories(r.categories, s);
    categories(r.notCategories, s);
    code(r.measure, s, MEASURE_ZH);
    money(r.threshold, s);
    integer(r.factor, s);
    code(r.comparison, s, COMPARISON_ZH);
    codes(r.pushTo, s, DEPARTMENT_ZH);
    code(r.process, s);
  }

  const cases = pack.cases;
  for (const k of cases?.kinds ?? []) {
    rule('cases', k, k.type);
    const s: Scope = { section: 'cases', rule: k.id };
    categories(k.categories, s);
    codes(k.sources, s, FUND_SOURCE_ZH);
    codes(k.approvalLevels, s, APPROVAL_LEVEL_ZH);
    code(k.cap, s, MEASURE_ZH);
    ratio(k.townshipShareMin, s);
  }
  if (cases?.rectification !== undefined) rules.push({ key: `${cases.key}.rectification`, section: 'cases', id: 'rectification', title: '整改台账', status: 'rectification', citation: citationOut(cases.rectification, docs) });
  return { values, rules };
}

/** One version of a region's pack as the policy packs page shows it. */
export function packVersionOut(pack: Pack) {
  const { values, rules } = packValues(pack);
  return {
    version: pack.version,
    title: pack.title,
    effective_from: dateOf(pack.effectiveFrom),
    effective_to: dateOf(pack.effectiveTo),
    illustrative: pack.illustrative,
    documents: Object.entries(pack.documents).map(([key, d]) => ({ key, title: d.title, file: d.file ?? null, kind: d.kind })),
    // the list `sanchong packs` prints
    unset_local: localGaps(pack).map((g) => ({ key: g.key, note: g.note, section: values.find((v) => v.key === g.key)?.section ?? null, rule_id: values.find((v) => v.key === g.key)?.rule_id ?? null })),
    values,
    rules,
  };
}

function regionOut(r: RegionPolicy) {
  return { id: r.id, admdvs: r.admdvs, name: r.name, illustrative: r.illustrative };
}

const nullable = (type: string) => ({ type: [type, 'null'] }) as const;
const CITATION_SCHEMA = {
  type: 'object',
  properties: {
    doc: { type: 'string' }, title: nullable('string'), file: nullable('string'), kind: nullable('string'), clause: { type: 'string' }, quote: nullable('string'), text: { type: 'string' },
  },
  required: ['doc', 'title', 'file', 'kind', 'clause', 'quote', 'text'],
} as const;
/** Any JSON: money strings, ratios, codes, lists, bands, maps (see `type`). */
const ANY_VALUE = { description: 'money: "800.00" · cap: "150000.00" or "none" · ratio: "45%" · date · integer · boolean · code · codes/categories/integers: a list · ranking: a list of lists · bands: [{upto: "100000.00"|null, ratio: "50%"}] · ratio_map / level_map: an object · null when [local]' } as const;
const VALUE_SCHEMA = {
  type: 'object',
  properties: {
    key: { type: 'string' }, section: { type: 'string' }, rule_id: nullable('string'), type: { type: 'string', enum: [...VALUE_TYPES] },
    status: { type: 'string', enum: ['set', 'interpretation', 'local'] }, value: ANY_VALUE, text: { type: 'string' },
    effective_from: nullable('string'), effective_to: nullable('string'), citation: { ...CITATION_SCHEMA, type: ['object', 'null'] },
    interpretation: nullable('string'), note: nullable('string'),
  },
  required: ['key', 'section', 'rule_id', 'type', 'status', 'value', 'text', 'effective_from', 'effective_to', 'citation', 'interpretation', 'note'],
} as const;
const VERSION_SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'string' }, title: { type: 'string' }, effective_from: nullable('string'), effective_to: nullable('string'), illustrative: { type: 'boolean' },
    documents: {
      type: 'array',
      items: { type: 'object', properties: { key: { type: 'string' }, title: { type: 'string' }, file: nullable('string'), kind: { type: 'string' } }, required: ['key', 'title', 'file', 'kind'] },
    },
    unset_local: {
      type: 'array', description: '仍未设定的 [local] 项（与 sanchong packs 所列相同）/ the [local] values still unset (as `sanchong packs` lists them)',
      items: { type: 'object', properties: { key: { type: 'string' }, note: { type: 'string' }, section: nullable('string'), rule_id: nullable('string') }, required: ['key', 'note', 'section', 'rule_id'] },
    },
    values: { type: 'array', items: VALUE_SCHEMA },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, section: { type: 'string' }, id: { type: 'string' }, title: { type: 'string' }, status: { type: 'string' }, citation: CITATION_SCHEMA },
        required: ['key', 'section', 'id', 'title', 'status', 'citation'],
      },
    },
  },
  required: ['version', 'title', 'effective_from', 'effective_to', 'illustrative', 'documents', 'unset_local', 'values', 'rules'],
} as const;

const ALL_ROLES = ['admin', 'bureau', 'township', 'viewer'] as const;

export function packRoutes(app: FastifyInstance, ctx: { readonly policies: RegionPolicies }): void {
  const { policies } = ctx;

  app.get('/api/v1/packs', { preHandler: requireRole(...ALL_ROLES), schema: { tags: ['settlements'], summary: '运行中的政策包 / the packs this service runs' } }, () => ({
    packs: policies.regions.map((r) => ({
      ...regionOut(r),
      versions: r.packs.map((p) => ({ version: p.version, title: p.title, effective_from: dateOf(p.effectiveFrom) })),
    })),
  }));

  app.get('/api/v1/packs/:id', {
    preHandler: requireRole(...ALL_ROLES),
    schema: {
      tags: ['settlements'],
      summary: '政策包全文（每个值及其引用、状态）/ one region\u2019s packs in full: every value with its citation and status',
      description:
        'Every version of the region\u2019s pack, oldest first: title, documents, effective dates, illustrative flag; every value with its YAML key path, its value (money as yuan strings, ratios as percentages), when it applies, its citation and its status (set, interpretation, local); the [local] values still unset in unset_local; and the rules with their clauses. 404 for a pack this service does not run.',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000]*$' } } },
      response: {
        200: {
          type: 'object',
          properties: { id: { type: 'string' }, admdvs: { type: 'string' }, name: { type: 'string' }, illustrative: { type: 'boolean' }, versions: { type: 'array', items: VERSION_SCHEMA } },
          required: ['id', 'admdvs', 'name', 'illustrative', 'versions'],
        },
        ...Object.fromEntries([400, 401, 403, 404].map((c) => [c, ERROR_SCHEMA])),
      },
    },
  }, (request) => {
    const { id } = request.params as { id: string };
    const region = policies.regions.find((r) => r.id === id);
    if (region === undefined) {
      throw new HttpError(404, { error: 'not-found', message: `本服务未运行政策包 ${id}（运行中：${policies.regions.map((r) => r.id).join('、')}） / this service runs no pack ${id} (running: ${policies.regions.map((r) => r.id).join(', ')})` });
    }
    return { ...regionOut(region), versions: region.packs.map(packVersionOut) };
  });
}
