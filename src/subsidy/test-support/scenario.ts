/**
 * Subsidy scenario files (policies/<region>/scenarios/subsidies.yaml): the documents' 资助参保
 * rules written as cases a policy analyst can read and check by hand — who, holding what on the
 * payment date, buying what, and what the subsidy, the fund and the person's share must be.
 *
 * A file holds `pack` (an id, or a .yaml path relative to the scenarios folder) and `cases`. It
 * also carries `scenarios: []`: src/benefits/test-support/scenario.ts reads every *.yaml of the
 * folder and must find no settlement scenarios in it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatYuan, yuan } from '../../money/yuan.js';
import { certnoProblem, normaliseCertno } from '../../people/certno.js';
import type { Category } from '../../people/category.js';
import { parseCategory } from '../../people/category.js';
import type { IdentitySpan } from '../../people/identity.js';
import { compilePolicy } from '../../policy/compile.js';
import type { Policy } from '../../policy/compile.js';
import { loadPackFile, loadPacks, POLICIES_DIR } from '../../policy/load.js';
import type { IsoDate } from '../../time/date.js';
import { parseDate } from '../../time/date.js';
import { subsidize } from '../subsidize.js';
import type { Enrollment, SubsidyOutcome, SubsidyPerson } from '../types.js';

export const SUBSIDY_FILE = 'subsidies.yaml';

type Expected = Record<string, string | number>;

interface RawCase {
  name: string;
  rule?: string;
  identities?: { category: string; begin: string; end?: string; level?: number }[];
  /** Quoted in the YAML: an 18-digit number would lose its last digits as a YAML number. */
  certno?: string;
  rural?: boolean;
  enrollment: { year: number; tier: number; paid_date: string; due?: string | number; product?: string };
  expect: Expected;
}

export interface SubsidyScenario {
  readonly file: string;
  readonly name: string;
  readonly rule: string | undefined;
  readonly pack: string;
  readonly run: () => SubsidyOutcome;
  readonly expect: Expected;
}

function date(text: string): IsoDate {
  const d = parseDate(String(text));
  if (d === undefined) throw new Error(`bad date in subsidy scenario: ${text}`);
  return d;
}

function category(text: string): Category {
  const c = parseCategory(text);
  if (c === undefined) throw new Error(`unknown category in subsidy scenario: ${text}`);
  return c;
}

/** A valid 公民身份号码 (GB 11643 check character verified), or a thrown error naming the case. */
function certno(raw: unknown, where: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new Error(`${where}: certno must be quoted text, got ${typeof raw}`);
  const n = normaliseCertno(raw);
  const problem = certnoProblem(n);
  if (problem !== undefined) throw new Error(`${where}: invalid 公民身份号码 ${raw} (${problem})`);
  return n;
}

function personOf(c: RawCase, where: string): SubsidyPerson {
  const identities: IdentitySpan[] = (c.identities ?? []).map((i) => ({
    category: category(i.category),
    begin: date(i.begin),
    end: i.end === undefined ? undefined : date(i.end),
    level: i.level,
  }));
  return { psnNo: 'P1', identities, certno: certno(c.certno, where), rural: c.rural };
}

function enrollmentOf(c: RawCase): Enrollment {
  const e = c.enrollment;
  return {
    psnNo: 'P1',
    year: e.year,
    tier: e.tier,
    paidDate: date(e.paid_date),
    due: e.due === undefined ? undefined : yuan(e.due),
    product: e.product,
  };
}

function policyFor(pack: string, dir: string): Policy {
  return compilePolicy(pack.endsWith('.yaml') ? [loadPackFile(join(dir, pack))] : loadPacks(pack));
}

export function loadSubsidyScenarios(): SubsidyScenario[] {
  const out: SubsidyScenario[] = [];
  for (const region of readdirSync(POLICIES_DIR)) {
    const dir = join(POLICIES_DIR, region, 'scenarios');
    let present: boolean;
    try {
      present = readdirSync(dir).includes(SUBSIDY_FILE);
    } catch {
      continue;
    }
    if (!present) continue;
    const file = `${region}/scenarios/${SUBSIDY_FILE}`;
    const doc = parseYaml(readFileSync(join(dir, SUBSIDY_FILE), 'utf8'), { schema: 'core' }) as { pack: string; cases: RawCase[] };
    let policy: Policy | undefined;
    for (const c of doc.cases) {
      out.push({
        file,
        name: c.name,
        rule: c.rule,
        pack: doc.pack,
        expect: c.expect,
        run: () => {
          policy ??= policyFor(doc.pack, dir);
          return subsidize(policy, personOf(c, `${file}: ${c.name}`), enrollmentOf(c));
        },
      });
    }
  }
  return out;
}

/** An outcome in the scenario's own words: yuan with two decimals, or the problem's code and key or field. */
export function describeSubsidy(o: SubsidyOutcome): Record<string, string> {
  if (!o.ok) {
    const p = o.problem;
    return {
      reject: p.code,
      ...('key' in p ? { key: p.key } : {}),
      ...('field' in p ? { field: p.field } : {}),
      ...('rule' in p ? { rule: p.rule } : {}),
      ...('product' in p ? { product: p.product } : {}),
    };
  }
  const l = o.line;
  return {
    item: l.item,
    identity: l.identity ?? '-',
    due: formatYuan(l.due),
    base: formatYuan(l.base),
    subsidy: formatYuan(l.subsidy),
    person_pays: formatYuan(l.personPays),
    fund: l.fund ?? '-',
    fund_name: l.fundName ?? '-',
    rule: l.rule?.id ?? '-',
    pack: l.packId,
  };
}

const AMOUNTS = new Set(['due', 'base', 'subsidy', 'person_pays']);

/** Expected values as written: amounts become yuan with two decimals, everything else text. */
export function normaliseSubsidyExpected(e: Expected): Record<string, string> {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, AMOUNTS.has(k) ? formatYuan(yuan(v)) : String(v)]));
}
