/**
 * `sanchong report …` (issue 6 item 4, docs/reports.md §13): produce a report of §6 from the store
 * as of now (or `--as-of`), stored as a snapshot, and write it as XLSX, a printable page or JSON;
 * list the snapshots; write a stored one again (the same numbers, whatever changed since); compare
 * one with a fresh run. Who acts: `--as` (src/cli/store-cli.ts); a township user's reports are
 * limited to its township, as in the API.
 */
import { writeFile } from 'node:fs/promises';
import { reportXlsx } from '../ingest/report-xlsx.js';
import { buildReport } from '../reports/build.js';
import { diffReports } from '../reports/diff.js';
import { formatCell } from '../reports/format.js';
import { reportHtml } from '../reports/html.js';
import type { ReportDocument, ReportKind } from '../reports/types.js';
import { REPORT_KINDS } from '../reports/types.js';
import type { Db } from '../store/db.js';
import type { SnapshotRow } from '../store/reports.js';
import { canSeeSnapshot, computeReport, getSnapshot, listSnapshots, previousOf, produceReport } from '../store/reports.js';
import type { Env, Operator } from './store-cli.js';
import {
  CliRefusal, CliUsageError, idOf, matching, need, noPositionals, PAGE_OPTIONS, pageOf, parse, policiesOf, print, printJson, requireRole, storeCommand, str, when, withStore,
} from './store-cli.js';

export const REPORT_USAGE = `  sanchong report <${REPORT_KINDS.join('|')}> --period <2023-05|2023-Q2|2023-H1|2023>
                  [--town <code>] [--admdvs <6 digits>] [--as-of <ISO time>] [--out <file.xlsx>] [--html <file.html>] [--json]
  sanchong report list [--kind <kind>] [--period <p>]
  sanchong report show <id> [--out <file.xlsx>] [--html <file.html>] [--json]
  sanchong report changes <id>
                                      报表（快照）/ reports of POLICY-SPEC §6, stored as snapshots (docs/reports.md)`;

const OUTPUTS = { out: { type: 'string' }, html: { type: 'string' }, as: { type: 'string' } } as const;

/** A township operator's reports are its township's: asked without --town, made for it; another township refused. */
function townFor(op: Operator, asked: string | undefined): string | undefined {
  if (op.prefix === null) return asked;
  if (op.prefix === '') throw new CliRefusal('该用户没有辖区 / this user has no area');
  if (asked === undefined) return op.prefix;
  if (!asked.startsWith(op.prefix)) throw new CliRefusal(`乡镇用户只能出具本辖区 ${op.prefix} 的报表 / a township user reports on its own area ${op.prefix} only`);
  return asked;
}

async function writeOutputs(doc: ReportDocument, values: Record<string, unknown>): Promise<void> {
  const out = str(values, 'out');
  const html = str(values, 'html');
  if (out !== undefined) await writeFile(out, await reportXlsx(doc));
  if (html !== undefined) await writeFile(html, reportHtml(doc));
  for (const [what, path] of [['XLSX', out], ['页面 / page', html]] as const) if (path !== undefined) process.stderr.write(`  ${what}: ${path}\n`);
}

/** The headline: each table's totals row, column by column. */
function summary(doc: ReportDocument): void {
  print(`${doc.zh} / ${doc.en} · ${doc.region.name}${doc.town === undefined ? '' : ` · ${doc.town}`} · ${doc.period.label} · 截止 / as of ${doc.asOf}${doc.packs.some((p) => p.illustrative) ? ' · 演示数值 ILLUSTRATIVE' : ''}`);
  for (const t of doc.tables) {
    if (t.totals === undefined) {
      print(`  ${t.zh}: ${t.rows.length} 行 / rows`);
      continue;
    }
    const cells = t.totals.cells.map((c, i) => (c === null || c === '' ? '' : `${t.columns[i]?.zh ?? ''} ${formatCell(c)}`)).filter((x) => x !== '' && !x.endsWith(' '));
    print(`  ${t.zh}: ${cells.slice(1).join(' · ')}`);
  }
}

/** `--json`: the stored report (id, cut-off, versions, document) as JSON on stdout; else the summary. */
function show(s: SnapshotRow, values: Record<string, unknown>): void {
  if (values['json'] === true) printJson({ id: s.report_id, kind: s.kind, period: s.period, town: s.town, as_of: s.as_of.toISOString(), versions: s.versions, document: s.document });
  else summary(s.document);
}

async function visible(db: Db, op: Operator, id: number): Promise<SnapshotRow> {
  const s = await getSnapshot(db, id);
  if (s === undefined || !canSeeSnapshot(op.prefix, s)) throw new CliRefusal(`未找到报表 ${id} / report ${id} not found`);
  const { audit } = await import('../store/audit.js');
  await audit(db, { username: op.actor.username, role: op.actor.role, action: 'report-read', admdvs: s.admdvs, target: `report ${id}` });
  return s;
}

export async function reportCommand(args: string[], env: Env = process.env): Promise<number> {
  return storeCommand(REPORT_USAGE, async () => {
    const [sub, ...rest] = args;
    const policies = () => policiesOf(env);
    if (sub === 'list') {
      const { values, positionals } = parse(rest, { kind: { type: 'string' }, period: { type: 'string' }, as: { type: 'string' }, ...PAGE_OPTIONS });
      noPositionals(positionals);
      return withStore(env, str(values, 'as'), async (db, op) => {
        const kind = str(values, 'kind');
        if (kind !== undefined && !(REPORT_KINDS as readonly string[]).includes(kind)) throw new CliUsageError(`--kind: ${kind}`);
        if (op.prefix === '') return 0;
        const rows = await listSnapshots(db, { kind: kind as ReportKind | undefined, period: str(values, 'period'), scope: op.prefix ?? undefined, ...pageOf(values) });
        for (const r of rows) print(`${r.report_id}\t${r.kind}\t${r.period}\t${r.town ?? r.admdvs}\t截止 ${r.as_of.toISOString()}\t${r.created_by}\t${when(r.created_at)}`);
        return 0;
      });
    }
    if (sub === 'show' || sub === 'changes') {
      const { values, positionals } = parse(rest, sub === 'show' ? OUTPUTS : { as: { type: 'string' } });
      const id = idOf(positionals, '报表编号', 'report id');
      return withStore(env, str(values, 'as'), async (db, op) => {
        const s = await visible(db, op, id);
        if (sub === 'show') {
          show(s, values);
          await writeOutputs(s.document, values);
          return 0;
        }
        const ask = { kind: s.kind, period: s.period, admdvs: s.admdvs, town: s.town ?? undefined };
        const fresh = await computeReport(db, policies(), ask, buildReport, await previousOf(db, policies(), ask, buildReport));
        const changes = diffReports(s.document, fresh.document);
        print(`报表 ${id}（截止 ${s.as_of.toISOString()}）与现在（${fresh.asOf}）相比：${changes.length} 处变化 / report ${id} against a fresh run: ${changes.length} changes`);
        for (const c of changes) print(`  ${c.tableZh} · ${c.row} · ${c.columnZh}: ${c.before === undefined ? '—' : formatCell(c.before)} → ${c.after === undefined ? '—' : formatCell(c.after)}`);
        return 0;
      });
    }
    if (sub === undefined || !(REPORT_KINDS as readonly string[]).includes(sub)) throw new CliUsageError(`未知的报表 / unknown report: ${sub ?? '(none)'}`);
    const kind = sub as ReportKind;
    const { values, positionals } = parse(rest, { period: { type: 'string' }, town: { type: 'string' }, admdvs: { type: 'string' }, 'as-of': { type: 'string' }, ...OUTPUTS });
    noPositionals(positionals);
    const period = need(values, 'period');
    const asked = matching(values, 'town', /^[0-9]{9,12}$/, '乡镇代码 / township code');
    const admdvs = matching(values, 'admdvs', /^[0-9]{6}$/, '统筹区代码 / region code');
    const asOf = str(values, 'as-of');
    return withStore(env, str(values, 'as'), async (db, op) => {
      requireRole(op, 'admin', 'bureau', 'township');
      const ask = { kind, period, admdvs, town: townFor(op, asked), asOf };
      const s = await produceReport(db, policies(), ask, buildReport, op.actor, await previousOf(db, policies(), ask, buildReport));
      process.stderr.write(`报表 ${s.report_id} 已存 / stored as report ${s.report_id}\n`);
      show(s, values);
      await writeOutputs(s.document, values);
      return 0;
    });
  });
}
