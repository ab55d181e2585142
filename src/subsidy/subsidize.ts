import type { Fen } from '../money/fen.js';
import { applyRatio } from '../money/ratio.js';
import { ageAt } from '../people/certno.js';
import type { Category } from '../people/category.js';
import { categoryBit, maskOf } from '../people/category.js';
import { holdingAt } from '../people/identity.js';
import type { Holding } from '../people/identity.js';
import type { Policy } from '../policy/compile.js';
import type { Pack, Param } from '../policy/pack.js';
import type { Subsidies, SubsidyRule } from '../policy/subsidy-pack.js';
import type { IsoDate } from '../time/date.js';
import type { Enrollment, SubsidyLine, SubsidyOutcome, SubsidyPerson, SubsidyProblem } from './types.js';

type Needed<T> = { ok: true; value: T } | { ok: false; problem: SubsidyProblem };

function need<T>(pack: Pack, p: Param<T> | undefined, key: string, note: string): Needed<T> {
  if (p === undefined) return { ok: false, problem: { code: 'needs-local', pack: pack.id, key, note } };
  if (p.kind === 'local') return { ok: false, problem: { code: 'needs-local', pack: pack.id, key: p.key, note: p.note } };
  return { ok: true, value: p.value };
}

function contribution(pack: Pack, sub: Subsidies, year: number, tier: number): Needed<Fen> {
  const c = sub.contributions.find((x) => x.year === year && x.tier === tier);
  return need(pack, c?.amount, `${sub.key}.contributions[year=${year}, tier=${tier}]`, `${year} 年${tier}档个人缴费标准未设 / no contribution standard for ${year} tier ${tier}`);
}

/** A product by id or any of its names. */
export function productOf(sub: Subsidies, text: string): Subsidies['products'][number] | undefined {
  const t = text.trim();
  return sub.products.find((p) => p.id === t || p.name === t || p.aliases.includes(t));
}

/**
 * The day that governs an enrollment: the payment date, or 1 January of the enrollment year when
 * the contribution was paid in the collection period before it. It picks the pack version and
 * tests a rule's from/until (a 2026 enrollment paid in December 2025 is a 2026 enrollment).
 * Identities are still tested on the payment date itself (ID-2).
 */
function governingDay(e: Enrollment): IsoDate {
  const jan1 = `${e.year}-01-01` as IsoDate;
  return e.paidDate > jan1 ? e.paidDate : jan1;
}

function versionFor(policy: Policy, e: Enrollment): Pack | undefined {
  const day = governingDay(e);
  let found: Pack | undefined;
  for (const v of policy.versions) if (v.from <= day && (v.to === undefined || day <= v.to)) found = v.pack;
  return found;
}

function set<T>(p: Param<T> | undefined): T | undefined {
  return p?.kind === 'set' ? p.value : undefined;
}

/** Whether the rule applies; a condition it cannot decide is a problem, never a guess. */
function applies(pack: Pack, r: SubsidyRule, e: Enrollment, person: SubsidyPerson, held: Holding): boolean | SubsidyProblem {
  for (const p of [r.categories, r.requires, r.insuredTiers, r.ageMin, r.ageMax, r.rural, r.disabilityMaxGrade, r.from, r.until]) {
    if (p?.kind === 'local') return { code: 'needs-local', pack: pack.id, key: p.key, note: p.note };
  }
  const cats = set(r.categories);
  if (cats !== undefined && (maskOf(cats) & held.mask) === 0) return false;
  const all = set(r.requires);
  if (all !== undefined && (maskOf(all) & held.mask) !== maskOf(all)) return false;
  const tiers = set(r.insuredTiers);
  if (tiers !== undefined && !tiers.includes(e.tier)) return false;
  const from = set(r.from);
  const until = set(r.until);
  const day = governingDay(e);
  if ((from !== undefined && day < from) || (until !== undefined && day > until)) return false;
  const grade = set(r.disabilityMaxGrade);
  if (grade !== undefined && (held.disabilityGrade === 0 || held.disabilityGrade > grade)) return false;
  const rural = set(r.rural);
  if (rural !== undefined) {
    if (person.rural === undefined) return { code: 'needs-field', field: 'rural', rule: r.id };
    if (person.rural !== rural) return false;
  }
  const min = set(r.ageMin);
  const max = set(r.ageMax);
  if (min !== undefined || max !== undefined) {
    if (person.certno === undefined) return { code: 'needs-field', field: 'certno', rule: r.id };
    const age = ageAt(person.certno, e.paidDate);
    if ((min !== undefined && age < min) || (max !== undefined && age > max)) return false;
  }
  return true;
}

/** The highest-ranked category held that the rule names (ID-1 就高), for the ledger and the line. */
function identityUsed(pack: Pack, r: SubsidyRule, held: Holding): Category | undefined {
  const cats = set(r.categories);
  if (cats === undefined) return undefined;
  const ranking = set(pack.identityRanking) ?? [];
  for (const group of [...ranking, cats]) {
    for (const c of group) if (cats.includes(c) && (held.mask & categoryBit(c)) !== 0) return c;
  }
  return undefined;
}

/** SUB-CQ-6: whether the resident enrollment has no waiting period (see SubsidyLine). */
function waitingPeriod(sub: Subsidies, e: Enrollment, held: Holding, item: string): SubsidyLine['waitingPeriod'] {
  const cats = set(sub.noWaitingPeriod);
  if (item !== 'resident' || cats === undefined) return undefined;
  if ((maskOf(cats) & held.mask) === 0) return 'standard';
  const period = sub.collectionPeriods.find((p) => p.year === e.year);
  const from = set(period?.from);
  const to = set(period?.to);
  if (from === undefined || to === undefined) return 'unknown';
  return e.paidDate >= from && e.paidDate <= to ? 'none' : 'standard';
}

/**
 * One enrollment's subsidy: the first rule of the pack for its item that applies to the person on
 * the payment date (rules are listed from the most favourable down: 就高), as a share of the
 * contribution due (or of the tier-1 standard) or a fixed amount, never more than what is due. A
 * later change of identity changes nothing (ID-2): only the payment date's identities count. Pure.
 */
export function subsidize(policy: Policy, person: SubsidyPerson, e: Enrollment): SubsidyOutcome {
  const pack = versionFor(policy, e);
  const first = policy.versions[0]?.pack;
  if (pack === undefined) return { ok: false, problem: { code: 'before-pack', pack: first?.id ?? '' } };
  const sub = pack.subsidies;
  if (sub === undefined) return { ok: false, problem: { code: 'no-subsidies', pack: pack.id } };
  const product = e.product === undefined ? undefined : productOf(sub, e.product);
  if (e.product !== undefined && product === undefined) return { ok: false, problem: { code: 'unknown-product', product: e.product, pack: pack.id } };
  const item = product?.id ?? 'resident';
  const due = e.due !== undefined ? { ok: true as const, value: e.due } : product !== undefined ? need(pack, product.price, `${sub.key}.products[${product.id}].price`, '') : contribution(pack, sub, e.year, e.tier);
  if (!due.ok) return { ok: false, problem: due.problem };

  const version = policy.versions.find((v) => v.pack === pack);
  const held = holdingAt(person.identities, e.paidDate, version?.holding ?? {});
  for (const r of sub.rules) {
    if (r.item !== item) continue;
    const a = applies(pack, r, e, person, held);
    if (a === false) continue;
    if (a !== true) return { ok: false, problem: a };
    const base = r.base === 'tier1' ? contribution(pack, sub, e.year, 1) : due;
    if (!base.ok) return { ok: false, problem: base.problem };
    const fixed = r.fixed === undefined ? undefined : need(pack, r.fixed, `${r.key}.fixed`, '');
    const share = r.share === undefined ? undefined : need(pack, r.share, `${r.key}.share`, '');
    if (fixed !== undefined && !fixed.ok) return { ok: false, problem: fixed.problem };
    if (share !== undefined && !share.ok) return { ok: false, problem: share.problem };
    const raw = fixed?.ok === true ? fixed.value : share?.ok === true ? applyRatio(base.value, share.value) : (0 as Fen);
    const subsidy = raw < due.value ? raw : due.value;
    const fundParam = sub.funds[r.fund];
    return {
      ok: true,
      line: {
        psnNo: e.psnNo, year: e.year, item, itemName: product?.name ?? '城乡居民基本医疗保险', identity: identityUsed(pack, r, held),
        due: due.value, subsidy, personPays: (due.value - subsidy) as Fen, fund: r.fund, fundName: set(fundParam), rule: r,
        base: base.value, packId: pack.id, packVersion: pack.version, waitingPeriod: waitingPeriod(sub, e, held, item),
        illustrative: pack.illustrative,
      },
    };
  }
  return {
    ok: true,
    line: {
      psnNo: e.psnNo, year: e.year, item, itemName: product?.name ?? '城乡居民基本医疗保险', identity: undefined,
      due: due.value, subsidy: 0 as Fen, personPays: due.value, fund: undefined, fundName: undefined, rule: undefined,
      base: due.value, packId: pack.id, packVersion: pack.version, waitingPeriod: waitingPeriod(sub, e, held, item),
      illustrative: pack.illustrative,
    },
  };
}
