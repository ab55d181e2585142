/**
 * Screening (防范因病返贫致贫监测预警): a year of settled settlements, person by person, against
 * the monitoring rules of the packs. Pure: values in, values out. The settlements come as
 * columns — what the engine's fold gives (`settleColumns`), or a platform's extract whose every
 * tier was given — so that a province's year (millions of rows) makes no object per row.
 */
import type { Fen } from '../money/fen.js';
import type { PersonFacts } from '../benefits/types.js';
import type { Category } from '../people/category.js';
import { holdingAt } from '../people/identity.js';
import type { Citation } from '../policy/citation.js';
import type { CompiledPack, Policy } from '../policy/compile.js';
import type { Comparison, Department, Measure } from '../policy/monitoring-pack.js';
import type { IsoDate } from '../time/date.js';
import type { CompiledMonitoringRule } from './rules.js';
import { categoryOf, inPopulation, meets, monitoringRules } from './rules.js';

/** Row status, as the fold's columns have it. */
export const ROW_SETTLED = 1;
export const ROW_REFUSED = 2;

/**
 * Settled settlements as columns, row i for settlement i; amounts in fen. `maf` is medical
 * assistance and re-assistance together (maf_pay). Rows whose status is neither settled nor
 * refused (e.g. cancelled by a reversal) take no part.
 */
export interface SettledColumns {
  readonly count: number;
  /** Index into `persons`. */
  readonly owner: Int32Array;
  /** setl_time as its timeKey (yyyyMMddHHmmss). */
  readonly time: Float64Array;
  readonly total: Float64Array;
  readonly policyScope: Float64Array;
  readonly basic: Float64Array;
  readonly criticalIllness: Float64Array;
  readonly maf: Float64Array;
  /** ROW_SETTLED, ROW_REFUSED (the engine refused it: the person-year is incomplete), or 0. */
  readonly status: Uint8Array;
  setlId(i: number): string;
  /** setl_id order of two rows with the same setl_time (fold order); index order when absent. */
  compareSetlIds?(i: number, j: number): number;
}

export interface ScreenInput {
  readonly policy: Policy;
  readonly year: number;
  readonly persons: readonly PersonFacts[];
  readonly rows: SettledColumns;
}

export interface Alert {
  readonly psnNo: string;
  readonly rule: string;
  readonly title: string;
  readonly measure: Measure;
  /** The measure over the person's whole year (as far as the data go). */
  readonly amount: Fen;
  /** The measure when the rule was met, after the settlement that raised the alert. */
  readonly amountAtAlert: Fen;
  readonly threshold: Fen;
  readonly comparison: Comparison;
  /** The category held at the time (the highest-ranked one the rule looks at); undefined = none. */
  readonly category: Category | undefined;
  /** The settlement after which the rule was met, and its day: the category is the one held then. */
  readonly setlId: string;
  readonly day: IsoDate;
  readonly cite: Citation;
  readonly cites: readonly Citation[];
  readonly pushTo: readonly Department[] | undefined;
  readonly process: string | undefined;
  readonly packId: string;
  readonly packVersion: string;
  readonly illustrative: boolean;
  /** False when some of the person's settlements of the year could not be settled (rejected): the amount is then a lower bound. */
  readonly complete: boolean;
}

/** A rule that could not be evaluated, naming the [local] value it lacks. */
export interface NotEvaluable {
  readonly rule: string;
  readonly title: string;
  readonly packId: string;
  readonly packVersion: string;
  readonly key: string;
  readonly note: string;
}

/** A person-year under a breakdown rule (越城 §二(二)5): the year's costs, tier by tier. */
export interface Breakdown {
  readonly psnNo: string;
  readonly rule: string;
  readonly category: Category | undefined;
  readonly settlements: number;
  readonly total: Fen;
  readonly basic: Fen;
  readonly criticalIllness: Fen;
  readonly maf: Fen;
  readonly personal: Fen;
  readonly policyScopePersonal: Fen;
  readonly complete: boolean;
}

export interface ScreenResult {
  readonly year: number;
  readonly alerts: readonly Alert[];
  readonly notEvaluable: readonly NotEvaluable[];
  readonly breakdowns: readonly Breakdown[];
  /** Persons with at least one settled settlement in the year. */
  readonly personYears: number;
  /** Person-years with a refused settlement: their measures are lower bounds. */
  readonly incomplete: number;
  /** Settled settlements of the year screened. */
  readonly settlements: number;
}

interface Version {
  readonly pack: CompiledPack;
  readonly fromKey: number;
  readonly toKey: number;
  readonly alerts: readonly CompiledMonitoringRule[];
  readonly breakdowns: readonly CompiledMonitoringRule[];
}

const DAY = 1_000_000;

function dayOfKey(key: number): IsoDate {
  const d = Math.floor(key / DAY);
  const y = Math.floor(d / 10_000);
  const m = Math.floor(d / 100) % 100;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d % 100 < 10 ? '0' : ''}${d % 100}` as IsoDate;
}

function keyOfDay(day: string): number {
  return Number(day.replaceAll('-', '')) * DAY;
}

/** The versions of the policy that overlap the year, with their rules and their time-key range. */
function versionsOf(policy: Policy, year: number): Version[] {
  const yearFrom = year * 10_000_000_000 + 101 * DAY;
  const yearTo = year * 10_000_000_000 + 1231 * DAY + 235959;
  const out: Version[] = [];
  for (const v of policy.versions) {
    const fromKey = keyOfDay(v.from);
    const toKey = v.to === undefined ? Number.MAX_SAFE_INTEGER : keyOfDay(v.to) + 235959;
    if (toKey < yearFrom || fromKey > yearTo) continue;
    const rules = monitoringRules(v);
    out.push({ pack: v, fromKey, toKey, alerts: rules.filter((r) => r.kind === 'alert'), breakdowns: rules.filter((r) => r.kind === 'breakdown') });
  }
  return out;
}

/** The version in force at a time key (a later version wins on overlap, as versionAt does). */
function versionAtKey(versions: readonly Version[], key: number): Version | undefined {
  let found: Version | undefined;
  for (const v of versions) if (v.fromKey <= key && key <= v.toKey) found = v;
  return found;
}

/** Each person's rows of the year in fold order (setl_time, then setl_id): a counting sort, then insertion sort per person. */
function groupRows(input: ScreenInput): { starts: Int32Array; rows: Int32Array } {
  const { rows: t, year, persons } = input;
  const counts = new Int32Array(persons.length + 1);
  const lo = year * 10_000_000_000;
  const hi = (year + 1) * 10_000_000_000;
  for (let i = 0; i < t.count; i++) {
    const st = t.status[i];
    const key = t.time[i] as number;
    if ((st === ROW_SETTLED || st === ROW_REFUSED) && key >= lo && key < hi) counts[(t.owner[i] as number) + 1] = (counts[(t.owner[i] as number) + 1] as number) + 1;
  }
  for (let p = 1; p <= persons.length; p++) counts[p] = (counts[p] as number) + (counts[p - 1] as number);
  const starts = counts;
  const fill = starts.slice(0, persons.length);
  const rows = new Int32Array(starts[persons.length] as number);
  for (let i = 0; i < t.count; i++) {
    const st = t.status[i];
    const key = t.time[i] as number;
    if (!((st === ROW_SETTLED || st === ROW_REFUSED) && key >= lo && key < hi)) continue;
    const p = t.owner[i] as number;
    rows[fill[p] as number] = i;
    fill[p] = (fill[p] as number) + 1;
  }
  const cmp = t.compareSetlIds?.bind(t) ?? ((i: number, j: number) => i - j);
  for (let p = 0; p < persons.length; p++) {
    const from = starts[p] as number;
    const to = starts[p + 1] as number;
    for (let k = from + 1; k < to; k++) {
      const i = rows[k] as number;
      const key = t.time[i] as number;
      let j = k - 1;
      while (j >= from) {
        const r = rows[j] as number;
        const rk = t.time[r] as number;
        if (rk < key || (rk === key && cmp(r, i) <= 0)) break;
        rows[j + 1] = r;
        j--;
      }
      rows[j + 1] = i;
    }
  }
  return { starts, rows };
}

interface Raised {
  readonly rule: CompiledMonitoringRule;
  readonly version: Version;
  readonly row: number;
  readonly amountAtAlert: number;
  readonly mask: number;
}

/**
 * Screens a year: every person-year's measures, summed in fold order after every tier, and the
 * first settlement after which each alert rule is met while the person belongs to its population
 * (categories held on that settlement's day, ID-3 included). A rule needing a [local] value the
 * pack does not set is listed in `notEvaluable`, never skipped silently.
 */
export function screen(input: ScreenInput): ScreenResult {
  const { policy, year, persons, rows: t } = input;
  const versions = versionsOf(policy, year);
  const notEvaluable: NotEvaluable[] = [];
  for (const v of versions) {
    for (const r of [...v.alerts, ...v.breakdowns]) {
      if (r.unset !== undefined) notEvaluable.push({ rule: r.id, title: r.title, packId: v.pack.pack.id, packVersion: v.pack.pack.version, key: r.unset.key, note: r.unset.note });
    }
  }
  const anyBreakdown = versions.some((v) => v.breakdowns.some((r) => r.unset === undefined));
  const { starts, rows } = groupRows(input);
  const alerts: Alert[] = [];
  const breakdowns: Breakdown[] = [];
  let personYears = 0;
  let incomplete = 0;
  let settled = 0;
  const raised: Raised[] = [];
  const tracked = new Map<string, { rule: CompiledMonitoringRule; version: Version; mask: number }>();
  for (let p = 0; p < persons.length; p++) {
    const from = starts[p] as number;
    const to = starts[p + 1] as number;
    if (from === to) continue;
    const person = persons[p] as PersonFacts;
    const hasIdentities = person.identities.length > 0;
    let total = 0;
    let basic = 0;
    let ci = 0;
    let maf = 0;
    let personal = 0;
    let scopePersonal = 0;
    let count = 0;
    let complete = true;
    raised.length = 0;
    tracked.clear();
    for (let k = from; k < to; k++) {
      const i = rows[k] as number;
      if (t.status[i] !== ROW_SETTLED) {
        complete = false;
        continue;
      }
      const key = t.time[i] as number;
      const fund = (t.basic[i] as number) + (t.criticalIllness[i] as number) + (t.maf[i] as number);
      count++;
      total += t.total[i] as number;
      basic += t.basic[i] as number;
      ci += t.criticalIllness[i] as number;
      maf += t.maf[i] as number;
      personal += (t.total[i] as number) - fund;
      scopePersonal += (t.policyScope[i] as number) - fund;
      const v = versionAtKey(versions, key);
      if (v === undefined) continue;
      // the categories held on the row's day: computed at most once per row, only when a rule needs them
      let mask = hasIdentities ? -1 : 0;
      for (const r of v.alerts) {
        if (r.unset !== undefined || r.threshold === undefined || r.comparison === undefined || r.measure === undefined) continue;
        const amount = r.measure === 'personal' ? personal : r.measure === 'policy_scope_personal' ? scopePersonal : total;
        if (!meets(amount, r.threshold, r.comparison)) continue;
        if (raised.some((x) => x.rule.id === r.id)) continue;
        if (mask < 0) mask = holdingAt(person.identities, dayOfKey(key), v.pack.holding).mask;
        if (inPopulation(r, mask)) raised.push({ rule: r, version: v, row: i, amountAtAlert: amount, mask });
      }
      if (anyBreakdown) {
        for (const r of v.breakdowns) {
          if (r.unset !== undefined || tracked.has(r.id)) continue;
          if (mask < 0) mask = holdingAt(person.identities, dayOfKey(key), v.pack.holding).mask;
          if (inPopulation(r, mask)) tracked.set(r.id, { rule: r, version: v, mask });
        }
      }
    }
    if (count > 0) personYears++;
    if (!complete) incomplete++;
    settled += count;
    for (const x of raised) {
      const r = x.rule;
      const measure = r.measure as Measure;
      alerts.push({
        psnNo: person.psnNo,
        rule: r.id,
        title: r.title,
        measure,
        amount: (measure === 'personal' ? personal : measure === 'policy_scope_personal' ? scopePersonal : total) as Fen,
        amountAtAlert: x.amountAtAlert as Fen,
        threshold: r.threshold as Fen,
        comparison: r.comparison as Comparison,
        category: categoryOf(x.mask, r, x.version.pack),
        setlId: t.setlId(x.row),
        day: dayOfKey(t.time[x.row] as number),
        cite: r.cite,
        cites: r.cites,
        pushTo: r.pushTo,
        process: r.process,
        packId: x.version.pack.pack.id,
        packVersion: x.version.pack.pack.version,
        illustrative: x.version.pack.pack.illustrative,
        complete,
      });
    }
    for (const { rule, version, mask } of tracked.values()) {
      breakdowns.push({
        psnNo: person.psnNo, rule: rule.id, category: categoryOf(mask, rule, version.pack), settlements: count,
        total: total as Fen, basic: basic as Fen, criticalIllness: ci as Fen, maf: maf as Fen,
        personal: personal as Fen, policyScopePersonal: scopePersonal as Fen, complete,
      });
    }
  }
  return { year, alerts, notEvaluable, breakdowns, personYears, incomplete, settlements: settled };
}
