import type { Citation } from './citation.js';
import { normaliseText } from './citation.js';
import { PackError } from './errors.js';
import type { Pack, Param } from './pack.js';
import { TIER_NAMES } from './pack.js';

/** Every citation of a pack with the key it stands at. Pure. */
export function citationsOf(pack: Pack): { key: string; cite: Citation }[] {
  const out: { key: string; cite: Citation }[] = [];
  const param = (p: Param<unknown> | undefined): void => {
    if (p?.kind === 'set') out.push({ key: `${p.key}.cite`, cite: p.cite });
  };
  param(pack.effectiveFrom);
  param(pack.effectiveTo);
  param(pack.identityRanking);
  param(pack.hospitalLevels);
  for (const g of Object.values(pack.medTypeGroups)) param(g);
  for (const h of [pack.riskElimination, pack.retroactive]) {
    param(h?.months);
    param(h?.categories);
  }
  for (const name of TIER_NAMES) {
    const tier = pack.tiers[name];
    param(tier.scope);
    if (tier.otherwise) out.push({ key: `${tier.key}.otherwise`, cite: tier.otherwise });
    for (const rule of tier.rules) {
      out.push({ key: `${rule.key}.cite`, cite: rule.cite });
      for (const p of [rule.categories, rule.disabilityMaxGrade, rule.insuredTiers, rule.hospLevels, rule.medTypes, rule.from,
        rule.until, rule.deductible, rule.deductibleFactor, rule.ratio, rule.ratioByHospLevel, rule.bands, rule.ratioAdd, rule.annualCap]) {
        param(p);
      }
      for (const s of rule.subLimits) param(s.limit);
    }
  }
  const sub = pack.subsidies;
  if (sub !== undefined) {
    for (const f of Object.values(sub.funds)) param(f);
    for (const c of sub.contributions) param(c.amount);
    for (const c of sub.collectionPeriods) {
      param(c.from);
      param(c.to);
    }
    param(sub.noWaitingPeriod);
    param(sub.employeeInsuranceGuidance);
    for (const p of sub.products) param(p.price);
    for (const r of sub.rules) {
      out.push({ key: `${r.key}.cite`, cite: r.cite });
      for (const p of [r.categories, r.requires, r.insuredTiers, r.ageMin, r.ageMax, r.rural, r.disabilityMaxGrade, r.from, r.until, r.share, r.fixed]) param(p);
    }
  }
  for (const r of pack.monitoring?.rules ?? []) {
    out.push({ key: `${r.key}.cite`, cite: r.cite });
    for (const p of [r.categories, r.notCategories, r.measure, r.threshold, r.factor, r.comparison, r.pushTo, r.process]) param(p);
  }
  const cases = pack.cases;
  if (cases !== undefined) {
    for (const k of cases.kinds) {
      out.push({ key: `${k.key}.cite`, cite: k.cite });
      for (const p of [k.categories, k.sources, k.approvalLevels, k.cap, k.townshipShareMin]) param(p);
    }
    if (cases.rectification !== undefined) out.push({ key: `${cases.key}.rectification`, cite: cases.rectification });
  }
  return out;
}

/**
 * Each citation names a document of the pack; where the document's text is bundled, the quote
 * must be found in it (ignoring whitespace), so a citation cannot drift from the document.
 */
export function verifyCitations(pack: Pack, texts: ReadonlyMap<string, string>, file: string): void {
  const normalised = new Map<string, string>();
  for (const [doc, text] of texts) normalised.set(doc, normaliseText(text));
  for (const { key, cite } of citationsOf(pack)) {
    const doc = pack.documents[cite.doc];
    if (doc === undefined) {
      throw new PackError('bad-citation', file, key, `引用的文件未在 documents 中声明：${cite.doc}`, `cited document not declared in documents: ${cite.doc}`);
    }
    if (doc.kind === 'official' && cite.quote === undefined && doc.file !== undefined) {
      throw new PackError('bad-citation', file, key, '引用正式文件须给出原文 «…»', 'a citation of an official document quotes its words «…»');
    }
    const text = normalised.get(cite.doc);
    if (text !== undefined && cite.quote !== undefined && !text.includes(normaliseText(cite.quote))) {
      throw new PackError('quote-not-found', file, key, `原文在 ${doc.file ?? cite.doc} 中找不到：«${cite.quote}»`, `quote not found in ${doc.file ?? cite.doc}: «${cite.quote}»`);
    }
  }
}
