/**
 * `sanchong screen`: a year of settlements screened against the pack's monitoring rules
 * (防范因病返贫致贫监测预警). Inputs and rejects as for `settle`; out: one row per alert raised.
 * Settled extracts (hifp_pay, hifmi_pay and maf_pay all given) are taken as they are.
 */
import { parseArgs } from 'node:util';
import type { ResultColumns } from '../benefits/columns.js';
import { PROBLEM, SETTLED, settleColumns, settlementAt, settleTable } from '../benefits/columns.js';
import type { PersonFacts, Settlement, SettleProblem } from '../benefits/types.js';
import { CsvWriter } from '../ingest/csv-writer.js';
import { YUAN_REASONS } from '../ingest/field-reasons.js';
import type { FieldAliases } from '../ingest/headers.js';
import { resolveHeader, SETTLEMENT_FIELDS } from '../ingest/headers.js';
import { regionPrefix } from '../ingest/person-row.js';
import { readRecords } from '../ingest/records.js';
import { reason } from '../ingest/reject.js';
import type { Fen } from '../money/fen.js';
import { formatYuan, parseYuan } from '../money/yuan.js';
import type { ScreenResult, SettledColumns } from '../monitoring/screen.js';
import { ROW_REFUSED, ROW_SETTLED, screen } from '../monitoring/screen.js';
import type { Policy } from '../policy/compile.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import type { SettlementColumns } from '../ingest/settlement-columns.js';
import type { InputFiles, RejectedRow } from './inputs.js';
import { label, readInputs, rowContents, writeRejects } from './inputs.js';
import { problemReason } from './settle.js';

export const SCREEN_OUTPUT_HEADER = [
  'psn_no', 'rule', 'measure', 'amount', 'threshold', 'comparison', 'category', 'amount_at_alert', 'setl_id', 'alert_date',
  'complete', 'push_to', 'process', 'clause', 'pack_id', 'pack_version',
] as const;

export const SCREEN_BREAKDOWN_HEADER = [
  'psn_no', 'rule', 'category', 'settlements', 'medfee_sumamt', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'psn_part_amt', 'inscp_psn_part_amt', 'complete',
] as const;

export const SCREEN_USAGE = `  sanchong screen --pack <id|path.yaml> --persons <file> --identities <file> --settlements <file>
                  --year <yyyy> --out <file.csv> [--rejects <file.csv|.xlsx>] [--breakdown <file.csv>]
                                      监测预警筛查 / screen a year against the monitoring rules (docs/monitoring.md)`;

export interface ScreenOptions extends InputFiles {
  readonly policy: Policy;
  readonly year: number;
  readonly out: string;
  readonly rejects?: string | undefined;
  readonly breakdown?: string | undefined;
}

export interface ScreenSummary {
  readonly result: ScreenResult;
  readonly rejected: number;
  readonly rejects: readonly RejectedRow[];
  /** Settlements whose every tier was given (maf_pay with hifp_pay and hifmi_pay). */
  readonly givenInFull: number;
}

const MAF_FIELDS: FieldAliases = {
  maf_pay: SETTLEMENT_FIELDS.maf_pay ?? [],
  hifp_pay: SETTLEMENT_FIELDS.hifp_pay ?? [],
  hifmi_pay: SETTLEMENT_FIELDS.hifmi_pay ?? [],
  refd_setl_flag: SETTLEMENT_FIELDS.refd_setl_flag ?? [],
};

const MAF_NEEDS_BOTH = reason('给出 maf_pay（医疗救助基金支出）时须同时给出 hifp_pay 与 hifmi_pay：已结算的数据三项俱全', 'maf_pay is taken as given only beside hifp_pay and hifmi_pay: a settled extract gives all three');

/**
 * maf_pay of each settlement row that gives it, by line: the amount, or the reason the cell is
 * refused. Read only when the file has the column: the settlement reader of `settle` does not
 * read it.
 */
async function readMaf(path: string): Promise<Map<number, Fen | string>> {
  const out = new Map<number, Fen | string>();
  for await (const rows of readRecords(path, label(path), MAF_FIELDS, [], [])) {
    for (const row of rows) {
      const text = row.text('maf_pay');
      if (text === '' || row.text('refd_setl_flag') === '1') continue;
      const v = parseYuan(text);
      if (typeof v === 'string') out.set(row.line, YUAN_REASONS[v]);
      else if (row.text('hifp_pay') === '' || row.text('hifmi_pay') === '') out.set(row.line, MAF_NEEDS_BOTH);
      else out.set(row.line, v);
    }
  }
  return out;
}

/** A version's time-key range (yyyyMMddHHmmss), as versionAt reads the pack's dates. */
function keyRanges(policy: Policy): { from: number; to: number }[] {
  const key = (day: string): number => Number(day.replaceAll('-', '')) * 1_000_000;
  return policy.versions.map((v) => ({ from: key(v.from), to: v.to === undefined ? Number.MAX_SAFE_INTEGER : key(v.to) + 235959 }));
}

/**
 * The fold of a file with a maf_pay column. A person all of whose live rows are settled in full
 * (hifp_pay, hifmi_pay and maf_pay given) needs no rule: the engine would pay each tier as given
 * (re-assistance 0) after the same two checks — a pack version in force, and maf_pay within the
 * policy-scope money the first two tiers left — so those rows are taken as they are, with no
 * object per row. Every other person's rows go through the engine, given tiers kept.
 */
function foldSettled(
  policy: Policy,
  table: SettlementColumns,
  maf: ReadonlyMap<number, Fen | string>,
  reject: (line: number, why: string) => void,
  refusedRow: Uint8Array,
): { cols: ResultColumns; givenInFull: number } {
  const n = table.count;
  const given = new Float64Array(n).fill(Number.NaN);
  const cancelled = table.cancelled.slice(0, n);
  let givenInFull = 0;
  for (let i = 0; i < n; i++) {
    const line = table.line[i] as number;
    const v = maf.get(line);
    if (typeof v === 'string') {
      // a bad maf_pay cell: the row is rejected and takes no part; its person-year is incomplete
      if (cancelled[i] !== 1) {
        reject(line, v);
        refusedRow[i] = 1;
        cancelled[i] = 1;
      }
    } else if (v !== undefined) {
      given[i] = v;
      givenInFull++;
    }
  }
  const needsEngine = new Uint8Array(table.owners.length);
  for (let i = 0; i < n; i++) if (cancelled[i] !== 1 && Number.isNaN(given[i])) needsEngine[table.owner[i] as number] = 1;
  const cols: ResultColumns = {
    status: new Uint8Array(n), basic: new Float64Array(n), criticalIllness: new Float64Array(n), assistance: new Float64Array(n),
    reAssistance: new Float64Array(n), version: new Uint8Array(n), problems: new Map(),
  };
  const ranges = keyRanges(policy);
  const first = policy.versions[0];
  const engineRows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (cancelled[i] === 1) continue;
    if (needsEngine[table.owner[i] as number] === 1) {
      engineRows.push(i);
      continue;
    }
    const key = table.time[i] as number;
    let version = -1;
    ranges.forEach((r, k) => {
      if (r.from <= key && key <= r.to) version = k;
    });
    const basic = table.basicGiven[i] as number;
    const ci = table.criticalIllnessGiven[i] as number;
    const assistance = given[i] as number;
    const left = (table.policyScope[i] as number) - basic - ci;
    if (version < 0) cols.problems.set(i, { code: 'before-pack', pack: first?.pack.id ?? '', from: first?.from ?? '' });
    else if (assistance > left) cols.problems.set(i, { code: 'given-above-base', tier: 'assistance', given: assistance as Fen, base: left as Fen });
    else {
      cols.status[i] = SETTLED;
      cols.basic[i] = basic;
      cols.criticalIllness[i] = ci;
      cols.assistance[i] = assistance;
      cols.version[i] = version;
      continue;
    }
    cols.status[i] = PROBLEM;
  }
  if (engineRows.length > 0) {
    const settlements: Settlement[] = [];
    const owners: PersonFacts[] = [];
    for (const i of engineRows) {
      const s = settlementAt(table, i);
      const g = given[i] as number;
      settlements.push(Number.isNaN(g) ? s : { ...s, assistanceGiven: g as Fen });
      owners.push(table.owners[table.owner[i] as number] as PersonFacts);
    }
    const persons = new Map(owners.map((p) => [p.psnNo, p]));
    const sub = settleColumns(policy, { persons, settlements, owners });
    engineRows.forEach((i, k) => {
      cols.status[i] = sub.status[k] as number;
      cols.basic[i] = sub.basic[k] as number;
      cols.criticalIllness[i] = sub.criticalIllness[k] as number;
      cols.assistance[i] = sub.assistance[k] as number;
      cols.reAssistance[i] = sub.reAssistance[k] as number;
      cols.version[i] = sub.version[k] as number;
      const p = sub.problems.get(k);
      if (p !== undefined) cols.problems.set(i, p);
    });
  }
  return { cols, givenInFull };
}

function rejectFor(p: SettleProblem): { field: string; reason: string } {
  if (p.code === 'given-above-base' && p.tier === 'assistance') {
    return { field: 'maf_pay', reason: reason('给定的医疗救助基金支出大于基本医保、大病保险之后剩余的政策范围内金额', 'the given maf_pay exceeds the policy-scope money left after basic and critical-illness insurance') };
  }
  return problemReason(p);
}

/** screen: read as `settle` does, fold every person-year (given tiers kept), screen the year, write the alerts. */
export async function screenFiles(o: ScreenOptions): Promise<ScreenSummary> {
  const first = o.policy.versions[0]?.pack;
  const inputs = await readInputs(o, first === undefined ? undefined : regionPrefix(first.region.admdvs));
  const table = inputs.settlements;
  const rejects = [...inputs.rejects];
  const file = label(o.settlements);
  // opened (and truncated) before the work: a file that cannot be written fails here
  const out = await CsvWriter.open(o.out, SCREEN_OUTPUT_HEADER);
  const breakdownOut = o.breakdown === undefined ? undefined : await CsvWriter.open(o.breakdown, SCREEN_BREAKDOWN_HEADER);

  const header = inputs.headers.get(file) ?? [];
  const hasMaf = resolveHeader(header, SETTLEMENT_FIELDS).columns.has('maf_pay');
  const n = table.count;
  const refusedRow = new Uint8Array(n);
  let givenInFull = 0;
  let cols: ResultColumns;
  if (!hasMaf) cols = settleTable(o.policy, table);
  else {
    const folded = foldSettled(o.policy, table, await readMaf(o.settlements), (line, why) => rejects.push({ file, line, field: 'maf_pay', reason: why, content: '' }), refusedRow);
    cols = folded.cols;
    givenInFull = folded.givenInFull;
  }

  const maf = new Float64Array(n);
  const status = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    maf[i] = (cols.assistance[i] as number) + (cols.reAssistance[i] as number);
    status[i] = cols.status[i] === SETTLED ? ROW_SETTLED : cols.status[i] === PROBLEM || refusedRow[i] === 1 ? ROW_REFUSED : 0;
    const p = cols.problems.get(i);
    if (p !== undefined) {
      const why = rejectFor(p);
      rejects.push({ file, line: table.line[i] ?? 0, field: why.field, reason: why.reason, content: '' });
    }
  }
  const rows: SettledColumns = {
    count: n, owner: table.owner, time: table.time, total: table.total, policyScope: table.policyScope,
    basic: cols.basic, criticalIllness: cols.criticalIllness, maf, status,
    setlId: (i) => table.setlId(i),
    compareSetlIds: (i, j) => table.compareSetlIds(i, j),
  };
  const result = screen({ policy: o.policy, year: o.year, persons: table.owners, rows });

  for (const a of result.alerts) {
    const doc = o.policy.versions.find((v) => v.pack.id === a.packId && v.pack.version === a.packVersion)?.pack.documents[a.cite.doc];
    out.write([
      a.psnNo, a.rule, a.measure, formatYuan(a.amount), formatYuan(a.threshold), a.comparison, a.category ?? '', formatYuan(a.amountAtAlert),
      a.setlId, a.day, a.complete ? '1' : '0', (a.pushTo ?? []).join(';'), a.process ?? '', `${doc?.file ?? a.cite.doc} §${a.cite.clause}`,
      a.packId, a.packVersion,
    ]);
  }
  await out.close();
  if (breakdownOut !== undefined) {
    for (const b of result.breakdowns) {
      breakdownOut.write([
        b.psnNo, b.rule, b.category ?? '', String(b.settlements), formatYuan(b.total), formatYuan(b.basic), formatYuan(b.criticalIllness),
        formatYuan(b.maf), formatYuan(b.personal), formatYuan(b.policyScopePersonal), b.complete ? '1' : '0',
      ]);
    }
    await breakdownOut.close();
  }

  const missing = new Set(rejects.filter((r) => r.file === file && r.content === '').map((r) => r.line));
  const contents = await rowContents(o.settlements, missing);
  for (let k = 0; k < rejects.length; k++) {
    const r = rejects[k] as RejectedRow;
    if (r.file === file && r.content === '') rejects[k] = { ...r, content: contents.get(r.line) ?? '' };
  }
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (o.rejects !== undefined) await writeRejects(o.rejects, rejects, inputs.headers);
  return { result, rejected: rejects.length, rejects, givenInFull };
}

class ScreenUsageError extends Error {}

/** The command: arguments, the run, the summary and the rules not evaluable on stderr; the exit code of `settle`. */
export async function screenCommand(args: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args,
      options: {
        pack: { type: 'string' }, persons: { type: 'string' }, identities: { type: 'string' }, settlements: { type: 'string' },
        year: { type: 'string' }, out: { type: 'string' }, rejects: { type: 'string' }, breakdown: { type: 'string' },
      },
      strict: true,
    });
    const v: Record<string, string> = {};
    for (const k of ['pack', 'persons', 'identities', 'settlements', 'year', 'out'] as const) {
      const x = values[k];
      if (x === undefined || x === '') throw new ScreenUsageError(`缺少参数 --${k} / missing --${k}`);
      v[k] = x;
    }
    const year = Number(v.year);
    if (!/^\d{4}$/.test(v.year ?? '') || year < 2000 || year > 2099) throw new ScreenUsageError(`--year 应为年份 yyyy / --year is a year yyyy: ${v.year ?? ''}`);
    const policy = compilePolicy(loadPacks(v.pack ?? ''));
    for (const p of new Set(policy.versions.filter((x) => x.pack.illustrative).map((x) => x.pack.id))) {
      process.stderr.write(`注意：${p} 含演示数值，结果不是官方结果 / note: ${p} carries illustrative values; results are not official\n`);
    }
    const s = await screenFiles({
      policy, year, persons: v.persons ?? '', identities: v.identities ?? '', settlements: v.settlements ?? '', out: v.out ?? '',
      rejects: values.rejects, breakdown: values.breakdown,
    });
    const r = s.result;
    process.stderr.write(
      `筛查 screened ${r.year}: 人年 person-years ${r.personYears} · 结算 settlements ${r.settlements} (全部给定 given in full ${s.givenInFull}) · ` +
        `预警 alerts ${r.alerts.length} · 分项监测 breakdowns ${r.breakdowns.length} · 不完整 incomplete ${r.incomplete} · 拒绝 rejected ${s.rejected}\n`,
    );
    for (const ne of r.notEvaluable) {
      process.stderr.write(`未能评估 not evaluable: ${ne.rule} (${ne.packId} ${ne.packVersion}) — 本地参数未设 [local] value unset ${ne.key}: ${ne.note}\n`);
    }
    if (s.rejected > 0 && values.rejects === undefined) {
      for (const x of s.rejects.slice(0, 10)) process.stderr.write(`  ${x.file}:${x.line} ${x.field} ${x.reason}\n`);
      if (s.rejected > 10) process.stderr.write(`  … (--rejects <file> 写出全部 / writes them all)\n`);
    }
    return s.rejected > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ScreenUsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${e.message}\n\n用法 / usage:\n${SCREEN_USAGE}\n`);
      return 2;
    }
    throw e;
  }
}
