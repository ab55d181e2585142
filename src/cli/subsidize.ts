/**
 * `sanchong subsidize`: the enrollment subsidy (资助参保) of every enrollment row, and the
 * enrollment ledger (参保台账). Reads persons and identities as `settle` does (inputs.ts), then
 * the enrollments; computes each line with the pure `subsidize` of src/subsidy; writes one line
 * per accepted enrollment, the rejects, and on request the ledger as XLSX and/or CSV.
 */
import { dirname, join, basename, extname } from 'node:path';
import type { Fen } from '../money/fen.js';
import { applyRatio } from '../money/ratio.js';
import { formatRatio } from '../money/ratio.js';
import { formatYuan } from '../money/yuan.js';
import { CATEGORY_INFO } from '../people/category.js';
import type { Category } from '../people/category.js';
import { formatCitation } from '../policy/citation.js';
import type { Citation, PackDocument } from '../policy/citation.js';
import type { Policy } from '../policy/compile.js';
import type { Pack } from '../policy/pack.js';
import { buildLedger, formatRate } from '../subsidy/ledger.js';
import type { Ledger, LedgerGroup } from '../subsidy/ledger.js';
import { productOf, subsidize } from '../subsidy/subsidize.js';
import type { Enrollment, SubsidyLine, SubsidyPerson, SubsidyProblem } from '../subsidy/types.js';
import type { IsoDate } from '../time/date.js';
import { CsvWriter } from '../ingest/csv-writer.js';
import { ENROLLMENT_REQUIRED, enrollmentFromRow } from '../ingest/enrollment-row.js';
import { FIELD_REASONS } from '../ingest/field-reasons.js';
import { ENROLLMENT_FIELDS } from '../ingest/headers.js';
import { IngestError } from '../ingest/errors.js';
import { regionPrefix } from '../ingest/person-row.js';
import { readRecords } from '../ingest/records.js';
import { reason } from '../ingest/reject.js';
import { writeXlsx } from '../ingest/xlsx.js';
import type { XlsxSheet } from '../ingest/xlsx.js';
import type { PersonEntry, PersonFiles, RejectedRow } from './inputs.js';
import { collect, label, ownerReason, readPersons, rowContents, writeRejects } from './inputs.js';

export const SUBSIDIZE_OUTPUT_HEADER = [
  'psn_no', 'year', 'item', 'item_name', 'identity', 'identity_zh', 'due', 'subsidy', 'person_pays',
  'fund_source', 'fund', 'rule', 'waiting_period', 'pack_id', 'pack_version',
] as const;

/** SUB-CQ-6 in words. */
const WAITING_ZH = { none: '不设等待期', standard: '按一般规定', unknown: '集中参保期未设，无法判断' } as const;

/** The explanation column, with `--explain`. */
export const SUBSIDIZE_EXPLAIN_COLUMN = 'explanation';

/** A problem of the computation as a reject reason, naming the pack and what it lacks. */
export function subsidyProblemReason(p: SubsidyProblem, policy: Policy): { field: string; reason: string } {
  switch (p.code) {
    case 'before-pack': {
      const from = policy.versions[0]?.from ?? '';
      return { field: 'paid_date', reason: reason(`参保年度早于政策包 ${p.pack} 的生效日期 ${from}`, `the enrollment year is before pack ${p.pack} is in force (${from})`) };
    }
    case 'no-subsidies':
      return { field: '', reason: reason(`政策包 ${p.pack} 没有资助参保规定（subsidies）`, `pack ${p.pack} states no enrollment subsidies (subsidies:)`) };
    case 'unknown-product':
      return { field: 'product', reason: reason(`政策包 ${p.pack} 中没有此参保项目：${p.product}`, `pack ${p.pack} has no product ${p.product}`) };
    case 'needs-local': {
      const amount = /contributions\[|\.price$/.test(p.key);
      return {
        field: amount ? 'contribution' : '',
        reason: reason(
          `政策包 ${p.pack} 缺少本地参数 ${p.key}${p.note === '' ? '' : `（${p.note}）`}`,
          `pack ${p.pack} lacks the [local] value ${p.key}; the bureau must set it${amount ? ', or the row must give the contribution due' : ''}`,
        ),
      };
    }
    case 'needs-field':
      return { field: p.field, reason: reason(`规则 ${p.rule} 需要人员名单中的 ${p.field}`, `rule ${p.rule} needs the person's ${p.field} (persons file)`) };
  }
}

function y(f: number): string {
  return formatYuan(f as Fen);
}

function zh(c: Category | undefined): string {
  return c === undefined ? '' : CATEGORY_INFO[c].zh;
}

/**
 * One line in words, enough to redo it by hand: what was due and where the figure comes from, the
 * rule and its clause, the identity held on the payment date, the arithmetic (base × share, or a
 * fixed amount, never more than due), the fund, and what the person pays.
 */
export function explainSubsidyLine(line: SubsidyLine, e: Enrollment, pack: Pack | undefined): string {
  const docs: Readonly<Record<string, PackDocument>> = pack?.documents ?? {};
  const cite = (c: Citation): string => formatCitation(c, docs);
  const sub = pack?.subsidies;
  const parts: string[] = [`${line.itemName} ${line.year}年${line.item === 'resident' ? `${e.tier}档` : ''}`];
  let dueFrom = '文件给出 given in the row';
  if (e.due === undefined && sub !== undefined) {
    const product = e.product === undefined ? undefined : productOf(sub, e.product);
    const p = product !== undefined ? product.price : sub.contributions.find((c) => c.year === line.year && c.tier === e.tier)?.amount;
    dueFrom = p?.kind === 'set' ? `标准 standard ${cite(p.cite)}` : '标准 standard';
  }
  parts.push(`应缴 due ${y(line.due)}（${dueFrom}）`);
  const r = line.rule;
  if (r === undefined) {
    parts.push('无适用的资助规则 no subsidy rule applies');
  } else {
    parts.push(`${r.id} ${r.title} ${cite(r.cite)}`);
    if (line.identity !== undefined) parts.push(`身份 identity ${zh(line.identity)}（${line.identity}，${e.paidDate} 缴费时就高 highest held on the payment date）`);
    const valueCite = (c: Citation): string => (c.doc === r.cite.doc && c.clause === r.cite.clause ? '' : `（${cite(c)}）`);
    if (r.fixed?.kind === 'set') {
      const capped = r.fixed.value > line.due;
      parts.push(`定额 fixed ${y(r.fixed.value)}${valueCite(r.fixed.cite)}${capped ? `，以应缴为限 capped at due ${y(line.due)}` : ''}`);
    } else if (r.share?.kind === 'set') {
      const raw = applyRatio(line.base, r.share.value);
      const base = r.base === 'tier1' ? `一档标准 tier-1 standard ${y(line.base)}` : y(line.base);
      parts.push(`${base} × ${formatRatio(r.share.value)}${valueCite(r.share.cite)} = ${y(raw)}${raw > line.due ? `，以应缴为限 capped at due ${y(line.due)}` : ''}`);
    }
    parts.push(`资助 subsidy ${y(line.subsidy)}${line.fundName === undefined ? '' : `（${line.fundName}）`}`);
  }
  parts.push(`个人缴 person pays ${y(line.personPays)}`);
  return parts.join('; ');
}

export interface SubsidizeOptions extends PersonFiles {
  readonly policy: Policy;
  readonly enrollments: string;
  readonly out: string;
  readonly rejects?: string | undefined;
  readonly explain: boolean;
  /** The ledger as XLSX (乡镇汇总, 动态清零名单, 就业脱贫人口, 台账说明). */
  readonly ledger?: string | undefined;
  /** The ledger as CSV: the summary here, the two lists beside it (.unenrolled.csv, .employed.csv). */
  readonly ledgerCsv?: string | undefined;
  /** The ledger's enrollment year; default the latest year of the accepted enrollments. */
  readonly year?: number | undefined;
  /** The day identities are taken on for the ledger; default `<year>-12-31`. */
  readonly asOf?: IsoDate | undefined;
}

export interface FundTotal {
  readonly key: string;
  readonly name: string;
  readonly amount: Fen;
}

export interface SubsidizeSummary {
  /** Lines written (accepted enrollments). */
  readonly lines: number;
  readonly rejected: number;
  /** Exact repeats of an accepted enrollment (same person, year, item and content): ignored. */
  readonly duplicates: number;
  readonly subsidyTotal: Fen;
  readonly personPaysTotal: Fen;
  /** Subsidy per paying fund, in the pack's order of funds. */
  readonly byFund: readonly FundTotal[];
  readonly rejects: readonly RejectedRow[];
  /** The ledger, when one was asked for. */
  readonly ledger?: Ledger | undefined;
  /** Paths of the ledger files written. */
  readonly ledgerFiles: readonly string[];
}

/** subsidize: read, compute each enrollment in file order, write the lines, the rejects, the ledger. */
export async function subsidizeFiles(o: SubsidizeOptions): Promise<SubsidizeSummary> {
  const first = o.policy.versions[0]?.pack;
  const people = await readPersons(o, first === undefined ? undefined : regionPrefix(first.region.admdvs));
  const rejects = [...people.rejects];
  const fileRejects = [...people.fileRejects];
  const file = label(o.enrollments);
  const enrollments: { line: number; enrollment: Enrollment; person: PersonEntry }[] = [];
  /** psn_nos with a rejected enrollment row: the ledger marks them. */
  const rejectedPsn = new Set<string>();
  for await (const rows of readRecords(o.enrollments, file, ENROLLMENT_FIELDS, ENROLLMENT_REQUIRED, fileRejects, people.headers)) {
    for (const row of rows) {
      const e = enrollmentFromRow(row);
      const psnNo = row.text('psn_no');
      const why = ownerReason(people, psnNo, FIELD_REASONS.personRejectedEnrollment);
      if (why !== undefined) row.reject('psn_no', why);
      const person = people.persons.get(psnNo);
      if (row.ok && e !== undefined && person !== undefined) enrollments.push({ line: row.line, enrollment: e, person });
      else if (psnNo !== '') rejectedPsn.add(psnNo);
      collect(row, rejects);
    }
  }

  const out = await CsvWriter.open(o.out, o.explain ? [...SUBSIDIZE_OUTPUT_HEADER, SUBSIDIZE_EXPLAIN_COLUMN] : SUBSIDIZE_OUTPUT_HEADER);
  const packOf = new Map(o.policy.versions.map((v) => [v.pack.id + '\u001f' + v.pack.version, v.pack]));
  const accepted: SubsidyLine[] = [];
  /** person, year, item → the enrollment accepted for it. */
  const taken = new Map<string, Enrollment>();
  const refusedLines = new Set<number>();
  let duplicates = 0;
  const byFund = new Map<string, { name: string; amount: number }>();
  let subsidyTotal = 0;
  let personPaysTotal = 0;
  for (const { line: lineNo, enrollment: e, person } of enrollments) {
    const sp: SubsidyPerson = { psnNo: person.psnNo, identities: person.identities, certno: person.certno, rural: person.rural };
    const outcome = subsidize(o.policy, sp, e);
    if (!outcome.ok) {
      const why = subsidyProblemReason(outcome.problem, o.policy);
      rejects.push({ file, line: lineNo, field: why.field, reason: why.reason, content: '' });
      refusedLines.add(lineNo);
      rejectedPsn.add(e.psnNo);
      continue;
    }
    const line = outcome.line;
    const key = `${line.psnNo}\u001f${line.year}\u001f${line.item}`;
    const earlier = taken.get(key);
    if (earlier !== undefined) {
      if (earlier.tier === e.tier && earlier.paidDate === e.paidDate && earlier.due === e.due && (earlier.product ?? '') === (e.product ?? '')) duplicates++;
      else {
        rejects.push({ file, line: lineNo, field: '', reason: FIELD_REASONS.duplicateEnrollment, content: '' });
        refusedLines.add(lineNo);
        rejectedPsn.add(e.psnNo);
      }
      continue;
    }
    taken.set(key, e);
    accepted.push(line);
    subsidyTotal += line.subsidy;
    personPaysTotal += line.personPays;
    if (line.fund !== undefined && line.subsidy > 0) {
      const f = byFund.get(line.fund) ?? { name: line.fundName ?? line.fund, amount: 0 };
      f.amount += line.subsidy;
      byFund.set(line.fund, f);
    }
    const fields = [
      line.psnNo, String(line.year), line.item, line.itemName, line.identity ?? '', zh(line.identity),
      y(line.due), y(line.subsidy), y(line.personPays), line.fundName ?? '', line.fund ?? '', line.rule?.id ?? '',
      line.waitingPeriod === undefined ? '' : WAITING_ZH[line.waitingPeriod], line.packId, line.packVersion,
    ];
    if (o.explain) fields.push(explainSubsidyLine(line, e, packOf.get(line.packId + '\u001f' + line.packVersion)));
    if (!out.write(fields)) await out.drain();
  }
  await out.close();

  const contents = await rowContents(o.enrollments, refusedLines, ENROLLMENT_FIELDS);
  for (let k = 0; k < rejects.length; k++) {
    const r = rejects[k] as RejectedRow;
    if (r.file === file && r.content === '' && refusedLines.has(r.line)) rejects[k] = { ...r, content: contents.get(r.line) ?? '' };
  }
  for (const r of fileRejects) rejects.push({ ...r, content: '' });
  rejects.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  if (o.rejects !== undefined) await writeRejects(o.rejects, rejects, people.headers);

  let ledger: Ledger | undefined;
  const ledgerFiles: string[] = [];
  if (o.ledger !== undefined || o.ledgerCsv !== undefined) {
    const year = o.year ?? latestYear(accepted, enrollments.map((x) => x.enrollment));
    if (year === undefined) {
      throw new IngestError('no-ledger-year', '参保记录中没有有效的参保年度，请用 --year 指定台账年度 / the enrollments give no valid year: name the ledger year with --year');
    }
    ledger = buildLedger({ policy: o.policy, year, asOf: o.asOf, persons: people.persons.values(), lines: accepted, rejectedEnrollments: rejectedPsn });
    const illustrative = o.policy.versions.some((v) => v.pack.illustrative);
    if (o.ledger !== undefined) {
      await writeXlsx(o.ledger, ledgerSheets(ledger, illustrative, 'xlsx'));
      ledgerFiles.push(o.ledger);
    }
    if (o.ledgerCsv !== undefined) ledgerFiles.push(...(await writeLedgerCsv(o.ledgerCsv, ledger, illustrative)));
  }
  return {
    lines: accepted.length, rejected: rejects.length, duplicates, subsidyTotal: subsidyTotal as Fen, personPaysTotal: personPaysTotal as Fen,
    byFund: fundOrder(o.policy, [...byFund].map(([key, f]) => ({ key, name: f.name, amount: f.amount as Fen }))), rejects, ledger, ledgerFiles,
  };
}

/** Fund totals in the order the pack declares its funds (then any other). */
function fundOrder(policy: Policy, totals: FundTotal[]): FundTotal[] {
  const order: string[] = [];
  for (const v of policy.versions) for (const k of Object.keys(v.pack.subsidies?.funds ?? {})) if (!order.includes(k)) order.push(k);
  const rank = (k: string): number => (order.includes(k) ? order.indexOf(k) : order.length);
  return [...totals].sort((a, b) => rank(a.key) - rank(b.key));
}

function latestYear(lines: readonly SubsidyLine[], read: readonly Enrollment[]): number | undefined {
  let best: number | undefined;
  for (const x of lines.length > 0 ? lines : read) if (best === undefined || x.year > best) best = x.year;
  return best;
}

// ---- the ledger as sheets -------------------------------------------------------------------

export const LEDGER_SHEETS = { summary: '乡镇汇总', unenrolled: '动态清零名单', employed: '就业脱贫人口', notes: '台账说明' } as const;

const GROUP_ZH: Record<'categories' | 'all', string> = { categories: '特殊群体合计', all: '全体人员' };

function groupZh(g: LedgerGroup): string {
  return g === 'categories' || g === 'all' ? GROUP_ZH[g] : CATEGORY_INFO[g].zh;
}

function townText(town: string | null): string {
  return town === null ? '全部乡镇合计' : town === '' ? '未知乡镇' : town;
}

type Cell = string | number;

/** The ledger's sheets; amounts as numbers of yuan in XLSX, as "12.34" text in CSV. */
export function ledgerSheets(ledger: Ledger, illustrative: boolean, as: 'xlsx' | 'csv'): XlsxSheet[] {
  const money = (f: number): Cell => (as === 'xlsx' ? f / 100 : y(f));
  const summary: XlsxSheet = {
    name: LEDGER_SHEETS.summary,
    header: ['乡镇区划', '身份类别', '类别代码', '人数', '已参保', '未参保', '参保率', '资助合计（元）', ...ledger.funds.map((f) => `${f.name}（元）`)],
    rows: ledger.rows.map((r) => [
      townText(r.town), groupZh(r.group), r.group, r.members, r.enrolled, r.notEnrolled, formatRate(r.enrolled, r.members),
      money(r.subsidyTotal), ...ledger.funds.map((f) => money(r.subsidy[f.key] ?? 0)),
    ]),
  };
  const unenrolled: XlsxSheet = {
    name: LEDGER_SHEETS.unenrolled,
    header: ['乡镇区划', '村（社区）区划', '人员编号', '姓名', '身份证号（脱敏）', '身份类别', '类别代码', '参保记录被拒绝'],
    rows: ledger.unenrolled.map((u) => [townText(u.town), u.village, u.psnNo, u.name, u.maskedCertno, zh(u.category), u.category, u.enrollmentRejected ? '是' : '']),
  };
  const employed: XlsxSheet = {
    name: LEDGER_SHEETS.employed,
    header: ['乡镇区划', '村（社区）区划', '人员编号', '姓名', '身份证号（脱敏）', '身份类别（就高）', '已参加居民医保', '提示'],
    rows: ledger.employedTuopin.map((u) => [
      townText(u.town), u.village, u.psnNo, u.name, u.maskedCertno, zh(u.category), u.enrolled ? '是' : '否', '引导参加职工医保（SUB-CQ-7）',
    ]),
  };
  const notes: XlsxSheet = {
    name: LEDGER_SHEETS.notes,
    header: ['项目', '内容'],
    rows: [
      ['参保年度', String(ledger.year)],
      ['身份认定日期（就高）', ledger.asOf],
      ['政策包', `${ledger.packId} ${ledger.packVersion}`],
      ...(illustrative ? [['注意', '政策包含演示数值，资助金额不是官方结果 / illustrative values: amounts are not official']] : []),
      ['人数', '人员名单中的人员；身份类别为该日持有、按政策包 identity_ranking 排序最高的一类；无排序内类别者只计入“全体人员”'],
      ['已参保', '有本年度被接受的城乡居民医保参保记录（项目为空 = resident）；被拒绝的参保记录不计'],
      ['参保率', '已参保 ÷ 人数，以千分数向下取整、显示一位小数（仅全部参保时为 100.0%）'],
      ['资助金额', '本年度被接受的全部参保记录（含商业补充保险等项目）的资助额，按资金来源，计入人员的台账类别'],
      ['动态清零名单', '有身份类别但无本年度居民医保参保记录的人员；“参保记录被拒绝”为是者先更正拒绝清单'],
      ['就业脱贫人口', '该日持有脱贫人口身份且人员名单 employed（就业）为 1 的人员，引导参加职工医保（SUB-CQ-7）'],
      ['身份证号', '只显示前 6 位和后 4 位'],
    ],
  };
  return [summary, unenrolled, employed, notes];
}

/** The summary at `path`, the two lists beside it; UTF-8 with a BOM so that Excel reads the Chinese. */
export async function writeLedgerCsv(path: string, ledger: Ledger, illustrative: boolean): Promise<string[]> {
  const [summary, unenrolled, employed] = ledgerSheets(ledger, illustrative, 'csv');
  const stem = join(dirname(path), basename(path, extname(path)));
  const files: [string, XlsxSheet | undefined][] = [[path, summary], [`${stem}.unenrolled.csv`, unenrolled], [`${stem}.employed.csv`, employed]];
  for (const [p, sheet] of files) {
    if (sheet === undefined) continue;
    const w = await CsvWriter.open(p, sheet.header, { bom: true });
    for (const row of sheet.rows) w.write(row.map((c) => String(c)));
    await w.close();
  }
  return files.map(([p]) => p);
}
