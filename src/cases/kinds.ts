/**
 * A case kind of a pack made ready to use (pure): the values it needs read from their [local]
 * or cited parameters, and who may open one — the person holds one of the kind's categories on
 * some day of the case's year up to the application (identities as the engine tests them,
 * ID-3's twelve months included).
 */
import type { BasisPoints } from '../money/ratio.js';
import type { Category } from '../people/category.js';
import { CATEGORY_INFO, categoryBit, maskOf } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import { holdingAt } from '../people/identity.js';
import type { ApprovalLevel, CaseCap, CaseKind, CaseType, FundSource } from '../policy/cases-pack.js';
import type { Citation } from '../policy/citation.js';
import type { CompiledPack, Policy } from '../policy/compile.js';
import { versionAt } from '../policy/compile.js';
import type { Param } from '../policy/pack.js';
import type { IsoDate } from '../time/date.js';
import { CaseError } from './workflow.js';

export interface CompiledCaseKind {
  readonly id: string;
  readonly type: CaseType;
  readonly title: string;
  readonly cite: Citation;
  /** '文件 §条款' of the kind, as stored with every case and ledger line. */
  readonly clause: string;
  readonly categories: readonly Category[];
  readonly sources: readonly FundSource[];
  readonly levels: readonly ApprovalLevel[];
  readonly cap: CaseCap;
  readonly townshipShareMin: BasisPoints | undefined;
  readonly alertRule: string | undefined;
  readonly packId: string;
  readonly packVersion: string;
  readonly illustrative: boolean;
}

function need<T>(kind: CaseKind, p: Param<T>, what: string): T {
  if (p.kind === 'set') return p.value;
  throw new CaseError(
    'unset',
    'local-value-unset',
    `政策包 ${kind.id} 的「${what}」（${p.key}）是本地值，局方尚未设置：${p.note}`,
    `${kind.id}: ${what} (${p.key}) is a [local] value the bureau has not set: ${p.note}`,
  );
}

/** The kind's values, or a CaseError naming the first [local] value left unset. */
export function compileCaseKind(kind: CaseKind, version: CompiledPack): CompiledCaseKind {
  const share = kind.townshipShareMin;
  return {
    id: kind.id,
    type: kind.type,
    title: kind.title,
    cite: kind.cite,
    clause: `${kind.cite.doc} §${kind.cite.clause}`,
    categories: need(kind, kind.categories, '申请人员范围 / who may apply'),
    sources: need(kind, kind.sources, '资金来源 / fund sources'),
    levels: need(kind, kind.approvalLevels, '审批层级 / approval levels'),
    cap: need(kind, kind.cap, '救助金额上限口径 / what the amount may not exceed'),
    townshipShareMin: share === undefined ? undefined : need(kind, share, '属地镇街承担比例下限 / the township\u2019s minimum share'),
    alertRule: kind.alertRule,
    packId: version.pack.id,
    packVersion: version.pack.version,
    illustrative: version.pack.illustrative,
  };
}

/** The pack version a case of `year` applied for on `applied` is decided under: the one in force on the period's last day. */
export function caseVersion(policy: Policy, year: number, applied: IsoDate): CompiledPack | undefined {
  const end = `${year}-12-31` as IsoDate;
  return versionAt(policy, applied < end ? applied : end);
}

/** The kind `kindId` of the version, compiled; CaseError when the pack has none. */
export function findCaseKind(version: CompiledPack, kindId: string): CompiledCaseKind {
  const kind = version.pack.cases?.kinds.find((k) => k.id === kindId);
  if (kind === undefined) {
    const known = (version.pack.cases?.kinds ?? []).map((k) => k.id);
    throw new CaseError(
      'invalid',
      'unknown-kind',
      `政策包 ${version.pack.id} ${version.pack.version} 没有个案类别 ${kindId}${known.length === 0 ? '（其文件未规定个案程序）' : `（有 ${known.join('、')}）`}`,
      `pack ${version.pack.id} ${version.pack.version} has no case kind ${kindId}${known.length === 0 ? ' (its documents name no case procedure)' : ` (it has ${known.join(', ')})`}`,
    );
  }
  return compileCaseKind(kind, version);
}

/**
 * The highest-ranked of the kind's categories the person holds on some day from 1 January of
 * `year` to `until` (inclusive), or undefined. Holding changes only where a span begins, so the
 * first day and each span's first day inside the period are the days to test.
 */
export function heldCategory(kind: Pick<CompiledCaseKind, 'categories'>, spans: readonly IdentitySpan[], version: CompiledPack, year: number, until: IsoDate): Category | undefined {
  const first = `${year}-01-01` as IsoDate;
  const last = (`${year}-12-31` < until ? `${year}-12-31` : until) as IsoDate;
  if (last < first) return undefined;
  const want = maskOf(kind.categories);
  let held = 0;
  const days = new Set<IsoDate>([first]);
  for (const s of spans) if (s.begin > first && s.begin <= last) days.add(s.begin);
  for (const day of days) held |= holdingAt(spans, day, version.holding).mask & want;
  if (held === 0) return undefined;
  const ranking = version.pack.identityRanking.kind === 'set' ? version.pack.identityRanking.value : [];
  for (const tie of ranking) for (const c of tie) if ((held & categoryBit(c)) !== 0) return c;
  return kind.categories.find((c) => (held & categoryBit(c)) !== 0);
}

/** Refuses a person who holds none of the kind's categories in the period. */
export function checkEligible(kind: CompiledCaseKind, spans: readonly IdentitySpan[], version: CompiledPack, year: number, until: IsoDate): Category {
  const c = heldCategory(kind, spans, version, year, until);
  if (c !== undefined) return c;
  const zh = kind.categories.map((x) => CATEGORY_INFO[x].zh).join('、');
  throw new CaseError(
    'invalid',
    'not-eligible',
    `${year} 年（至 ${until}）该人员不具有 ${kind.id} 的申请身份（${zh}）：${kind.cite.doc} §${kind.cite.clause}`,
    `in ${year} (up to ${until}) the person holds none of the categories ${kind.id} is for (${kind.categories.join(', ')}): ${kind.cite.doc} §${kind.cite.clause}`,
  );
}
