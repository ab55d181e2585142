/**
 * `sanchong <command>`: the batch tools. Exit codes: 0 nothing rejected, 1 rows rejected (the
 * good rows' results are still written), 2 usage or pack error.
 */
import { parseArgs } from 'node:util';
import { compilePolicy } from '../policy/compile.js';
import { PackError } from '../policy/errors.js';
import { loadPacks } from '../policy/load.js';
import { IngestError } from '../ingest/errors.js';
import { StoreLockedError } from '../store/pglite-lock.js';
import { ALERTS_USAGE, alertsCommand } from './alerts-cli.js';
import { AUDIT_USAGE, auditCommand } from './audit-cli.js';
import { CASES_USAGE, casesCommand } from './cases-cli.js';
import { runDemo } from './demo.js';
import { importCommand, ImportUsageError } from './import.js';
import { runPacks } from './packs.js';
import { RECTIFICATIONS_USAGE, rectificationsCommand } from './rectifications-cli.js';
import { REPORT_USAGE, reportCommand } from './report-cli.js';
import { rescreenCommand } from './rescreen.js';
import { screenCommand } from './screen.js';
import { recomputeCommand, serveCommand, verifyCommand } from './service.js';
import { settleFiles } from './settle.js';
import { subsidizeFiles } from './subsidize.js';
import { parseDate } from '../time/date.js';
import { formatYuan } from '../money/yuan.js';

const USAGE = `用法 / usage:
  sanchong settle --pack <id|path.yaml> --persons <file> --identities <file> --settlements <file>
                  --out <file.csv> [--rejects <file.csv>] [--explain]
  sanchong subsidize --pack <id|path.yaml> --persons <file> --identities <file> --enrollments <file>
                  --out <file.csv> [--rejects <file.csv|.xlsx>] [--explain]
                  [--ledger <file.xlsx>] [--ledger-csv <file.csv>] [--year <yyyy>] [--as-of <yyyy-MM-dd>]
                                      资助参保与参保台账 / enrollment subsidies and the enrollment ledger
  sanchong screen --pack <id|path.yaml> --persons <file> --identities <file> --settlements <file> --year <yyyy>
                  --out <file.csv> [--rejects <file.csv|.xlsx>] [--breakdown <file.csv>]   监测预警筛查 / screen against the monitoring rules
  sanchong import <persons|identities|enrollments|settlements> <file> [--pack <id|path.yaml>] [--by <user>]
                  [--rejects <file.csv|.xlsx>]   导入库中 / import a file into the store (docs/imports.md)
  sanchong packs [<id|path.yaml>]     列出政策包及其本地参数 / list packs and their [local] gaps
  sanchong demo [--out-dir <dir>]     用演示数据结算 / settle the bundled example
  sanchong serve                      启动服务（环境变量见 docs/api.md）/ run the service (environment: docs/api.md)
  sanchong verify                     核对库中结果与重新折算是否一致 / check stored results against a fresh fold
  sanchong rescreen --year <yyyy>     按运行中的政策包重新筛查预警 / re-screen every stored person for alerts
  sanchong recompute [--by <user>]    按运行中的政策包重算全部人员并记补付/追回 / recompute everyone, booking 补付/追回
${ALERTS_USAGE}
${CASES_USAGE}
${RECTIFICATIONS_USAGE}
${REPORT_USAGE}
${AUDIT_USAGE}

Files are .csv (UTF-8) or .xlsx, with NHSA field names or Chinese headers.
Exit codes: 0 nothing rejected · 1 some rows rejected (see --rejects) · 2 usage or pack error.
alerts / cases / rectifications / audit / report: 0 done · 1 refused (role, area, or the workflow: the reason in Chinese and English) · 2 usage,
  or an unknown or disabled --as user. Without --as: the operating-system user, role cli (every step, every area; ID numbers masked).
A PGlite data folder is open in one process at a time: stop \`sanchong serve\` first, or use DATABASE_URL (docs/cli-workflow.md).`;

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = values[n];
    if (typeof v !== 'string' || v === '') throw new UsageError(`缺少参数 --${n} / missing --${n}`);
    out[n] = v;
  }
  return out;
}

async function settleCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      pack: { type: 'string' }, persons: { type: 'string' }, identities: { type: 'string' }, settlements: { type: 'string' },
      out: { type: 'string' }, rejects: { type: 'string' }, explain: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const v = required(values, ['pack', 'persons', 'identities', 'settlements', 'out']);
  const policy = compilePolicy(loadPacks(v.pack ?? ''));
  const pack = policy.versions[0]?.pack;
  if (pack?.illustrative === true) process.stderr.write(`注意：${pack.id} 含演示数值，结果不是官方结果 / note: ${pack.id} carries illustrative values; results are not official\n`);
  const summary = await settleFiles({
    policy, persons: v.persons ?? '', identities: v.identities ?? '', settlements: v.settlements ?? '', out: v.out ?? '',
    rejects: values.rejects, explain: values.explain === true,
  });
  process.stderr.write(
    `结算 settled ${summary.settled} · 拒绝 rejected ${summary.rejected} · 撤销 reversals ${summary.reversals} (cancelling ${summary.cancelled}) · 重复忽略 duplicates ignored ${summary.duplicates} · 基金支付合计 fund total ${formatYuan(summary.fundTotal)}\n`,
  );
  if (summary.rejected > 0 && values.rejects === undefined) {
    for (const r of summary.rejects.slice(0, 10)) process.stderr.write(`  ${r.file}:${r.line} ${r.field} ${r.reason}\n`);
    if (summary.rejected > 10) process.stderr.write(`  … (--rejects <file> 写出全部 / writes them all)\n`);
  }
  return summary.rejected > 0 ? 1 : 0;
}

async function subsidizeCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      pack: { type: 'string' }, persons: { type: 'string' }, identities: { type: 'string' }, enrollments: { type: 'string' },
      out: { type: 'string' }, rejects: { type: 'string' }, explain: { type: 'boolean', default: false },
      ledger: { type: 'string' }, 'ledger-csv': { type: 'string' }, year: { type: 'string' }, 'as-of': { type: 'string' },
    },
    strict: true,
  });
  const v = required(values, ['pack', 'persons', 'identities', 'enrollments', 'out']);
  const yearText = values.year;
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2099)) throw new UsageError(`--year 应为年份 / --year is a year: ${yearText}`);
  const asOfText = values['as-of'];
  const asOf = asOfText === undefined ? undefined : parseDate(asOfText);
  if (asOfText !== undefined && asOf === undefined) throw new UsageError(`--as-of 应为日期 yyyy-MM-dd / --as-of is a date yyyy-MM-dd: ${asOfText}`);
  if (year !== undefined && asOf !== undefined && Number(asOf.slice(0, 4)) < year - 1) {
    throw new UsageError(`--as-of ${asOf} 早于参保年度 ${year} 的征缴期 / is before the collection period of ${year}`);
  }
  const policy = compilePolicy(loadPacks(v.pack ?? ''));
  for (const p of new Set(policy.versions.filter((x) => x.pack.illustrative).map((x) => x.pack.id))) {
    process.stderr.write(`注意：${p} 含演示数值，结果不是官方结果 / note: ${p} carries illustrative values; results are not official\n`);
  }
  const summary = await subsidizeFiles({
    policy, persons: v.persons ?? '', identities: v.identities ?? '', enrollments: v.enrollments ?? '', out: v.out ?? '',
    rejects: values.rejects, explain: values.explain === true, ledger: values.ledger, ledgerCsv: values['ledger-csv'], year, asOf,
  });
  const funds = summary.byFund.map((f) => `${f.name} ${formatYuan(f.amount)}`).join(' · ');
  process.stderr.write(
    `资助参保 lines ${summary.lines} · 拒绝 rejected ${summary.rejected} · 重复忽略 duplicates ignored ${summary.duplicates} · ` +
      `资助合计 subsidies ${formatYuan(summary.subsidyTotal)}${funds === '' ? '' : ` (${funds})`} · 个人缴费合计 persons pay ${formatYuan(summary.personPaysTotal)}\n`,
  );
  const l = summary.ledger;
  if (l !== undefined) {
    const total = l.rows.find((r) => r.town === null && r.group === 'categories');
    const all = l.rows.find((r) => r.town === null && r.group === 'all');
    process.stderr.write(
      `参保台账 ledger ${l.year} (身份 as of ${l.asOf}): 特殊群体 categories ${total?.enrolled ?? 0}/${total?.members ?? 0} 已参保 enrolled · ` +
        `动态清零名单 not enrolled ${l.unenrolled.length} · 就业脱贫人口 employed tuopin ${l.employedTuopin.length} · ` +
        `全体 all ${all?.enrolled ?? 0}/${all?.members ?? 0} → ${summary.ledgerFiles.join(', ')}\n`,
    );
  }
  if (summary.rejected > 0 && values.rejects === undefined) {
    for (const r of summary.rejects.slice(0, 10)) process.stderr.write(`  ${r.file}:${r.line} ${r.field} ${r.reason}\n`);
    if (summary.rejected > 10) process.stderr.write(`  … (--rejects <file> 写出全部 / writes them all)\n`);
  }
  return summary.rejected > 0 ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'settle':
        return await settleCommand(rest);
      case 'subsidize':
        return await subsidizeCommand(rest);
      case 'screen':
        return await screenCommand(rest);
      case 'import':
        return await importCommand(rest);
      case 'packs':
        return runPacks(rest);
      case 'demo':
        return await runDemo(rest);
      case 'serve':
        return await serveCommand(rest);
      case 'verify':
        return await verifyCommand(rest);
      case 'recompute':
        return await recomputeCommand(rest);
      case 'rescreen':
        return await rescreenCommand(rest);
      case 'alerts':
        return await alertsCommand(rest);
      case 'cases':
        return await casesCommand(rest);
      case 'rectifications':
        return await rectificationsCommand(rest);
      case 'report':
        return await reportCommand(rest);
      case 'audit':
        return await auditCommand(rest);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`未知命令 / unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ImportUsageError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof StoreLockedError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof PackError) {
      process.stderr.write(`政策包错误 / pack error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof IngestError || (e instanceof Error && 'code' in e && e.code === 'ENOENT')) {
      process.stderr.write(`文件错误 / file error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
