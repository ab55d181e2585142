/**
 * Scenario files (policies/<region>/scenarios/*.yaml): the documents' rules written as cases a
 * policy analyst can read and check by hand — who, which bills, what each tier must pay.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Fen } from '../../money/fen.js';
import { formatYuan, yuan } from '../../money/yuan.js';
import type { Category } from '../../people/category.js';
import { parseCategory } from '../../people/category.js';
import type { IdentitySpan } from '../../people/identity.js';
import { compilePolicy } from '../../policy/compile.js';
import type { Policy } from '../../policy/compile.js';
import { loadPackFile, loadPacks, POLICIES_DIR } from '../../policy/load.js';
import type { IsoDate } from '../../time/date.js';
import { parseDate, parseDateTime } from '../../time/date.js';
import type { FoldOutcome } from '../fold.js';
import { settleBatch } from '../fold.js';
import type { PersonFacts, Settlement } from '../types.js';

interface RawScenario {
  name: string;
  rule?: string;
  identities?: { category: string; begin: string; end?: string; level?: number; risk_eliminated?: string; illness_recognised?: boolean }[];
  insured_tier?: number;
  settlements: Record<string, string | number | undefined>[];
  reversed?: string[];
  expect: Record<string, Record<string, string | number>>;
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly rule: string | undefined;
  readonly pack: string;
  readonly run: () => Map<string, FoldOutcome>;
  readonly expect: Record<string, Record<string, string | number>>;
}

function date(text: string): IsoDate {
  const d = parseDate(String(text));
  if (d === undefined) throw new Error(`bad date in scenario: ${text}`);
  return d;
}

function money(v: string | number | undefined): Fen | undefined {
  return v === undefined || v === '' ? undefined : yuan(v);
}

function settlementOf(raw: Record<string, string | number | undefined>): Settlement {
  const t = parseDateTime(String(raw.setl_time));
  if (t === undefined) throw new Error(`bad setl_time in scenario: ${raw.setl_time}`);
  return {
    setlId: String(raw.setl_id),
    psnNo: 'P1',
    medType: String(raw.med_type ?? '21'),
    setlTime: t,
    hospLv: raw.hosp_lv === undefined ? undefined : String(raw.hosp_lv),
    total: yuan(raw.medfee_sumamt ?? 0),
    policyScope: yuan(raw.inscp_scp_amt ?? raw.medfee_sumamt ?? 0),
    basicGiven: money(raw.hifp_pay),
    criticalIllnessGiven: money(raw.hifmi_pay),
  };
}

function personOf(s: RawScenario): PersonFacts {
  const identities: IdentitySpan[] = (s.identities ?? []).map((i) => ({
    category: parseCategory(i.category) ?? (() => { throw new Error(`unknown category ${i.category}`); })() as Category,
    begin: date(i.begin),
    end: i.end === undefined ? undefined : date(i.end),
    level: i.level,
    riskEliminated: i.risk_eliminated === undefined ? undefined : date(i.risk_eliminated),
    illnessRecognised: i.illness_recognised,
  }));
  return { psnNo: 'P1', identities, insuredTier: s.insured_tier };
}

function policyFor(pack: string, dir: string): Policy {
  return compilePolicy(pack.endsWith('.yaml') ? [loadPackFile(join(dir, pack))] : loadPacks(pack));
}

export function loadScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const region of readdirSync(POLICIES_DIR)) {
    const dir = join(POLICIES_DIR, region, 'scenarios');
    let files: string[];
    try {
      // subsidies*.yaml are the subsidy runner's (src/subsidy/test-support)
      files = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('subsidies'));
    } catch {
      continue;
    }
    for (const f of files) {
      const doc = parseYaml(readFileSync(join(dir, f), 'utf8'), { schema: 'core' }) as { pack: string; scenarios: RawScenario[] };
      let policy: Policy | undefined;
      for (const s of doc.scenarios) {
        out.push({
          file: `${region}/scenarios/${f}`,
          name: s.name,
          rule: s.rule,
          pack: doc.pack,
          expect: s.expect,
          run: () => {
            policy ??= policyFor(doc.pack, dir);
            const person = personOf(s);
            return settleBatch(policy, new Map([['P1', person]]), s.settlements.map(settlementOf), new Set(s.reversed ?? []));
          },
        });
      }
    }
  }
  return out;
}

/** An outcome in the scenario's own words: yuan with two decimals, or the problem's code and key. */
export function describe(o: FoldOutcome | undefined): Record<string, string> {
  if (o === undefined) return { outcome: 'none' };
  if (!o.ok) {
    const p = o.problem;
    return { reject: p.code, ...('key' in p ? { key: p.key } : {}), ...('field' in p ? { field: p.field } : {}) };
  }
  const r = o.result;
  return {
    hifp_pay: formatYuan(r.basic),
    hifmi_pay: formatYuan(r.criticalIllness),
    assist: formatYuan(r.assistance),
    reassist: formatYuan(r.reAssistance),
    maf_pay: formatYuan((r.assistance + r.reAssistance) as Fen),
    fund_pay_sumamt: formatYuan(r.fundTotal),
    psn_part_amt: formatYuan(r.personal),
    ...Object.fromEntries(r.traces.map((t) => [`${t.tier}_rule`, t.rule?.id ?? '-'])),
    ...Object.fromEntries(r.traces.map((t) => [`${t.tier}_reason`, t.reason])),
  };
}

/** Expected values as written (numbers become yuan with two decimals). */
export function normaliseExpected(e: Record<string, string | number>): Record<string, string> {
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === 'number' ? formatYuan(yuan(v)) : /^-?\d+(\.\d+)?$/.test(v) ? formatYuan(yuan(v)) : v]));
}
