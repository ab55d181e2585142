import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks, POLICIES_DIR } from '../policy/load.js';
import { formatYuan } from '../money/yuan.js';
import { settleFiles } from './settle.js';
import { subsidizeFiles } from './subsidize.js';

export const DEMO_PACK = 'demo-cq-pengshui';
export const EXAMPLE_DIR = resolve(POLICIES_DIR, '..', 'examples', DEMO_PACK);

/**
 * `sanchong demo`: the bundled example under the illustrative pack — settle the year's bills,
 * compute the enrollment subsidies and write the enrollment ledger — and say what came out.
 */
export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { 'out-dir': { type: 'string', default: 'out' } }, strict: true });
  const outDir = resolve(values['out-dir'] ?? 'out');
  mkdirSync(outDir, { recursive: true });
  const policy = compilePolicy(loadPacks(DEMO_PACK));
  const files = {
    persons: join(EXAMPLE_DIR, 'persons.csv'),
    identities: join(EXAMPLE_DIR, 'identities.csv'),
    settlements: join(EXAMPLE_DIR, 'settlements.csv'),
  };
  const out = join(outDir, 'settled.csv');
  const rejects = join(outDir, 'rejects.csv');
  const summary = await settleFiles({ policy, ...files, out, rejects, explain: true });
  const subsidies = join(outDir, 'subsidies.csv');
  const ledger = join(outDir, 'ledger.xlsx');
  const sub = await subsidizeFiles({
    policy, persons: files.persons, identities: files.identities, enrollments: join(EXAMPLE_DIR, 'enrollments.csv'),
    out: subsidies, rejects: join(outDir, 'subsidy-rejects.csv'), explain: true, ledger,
  });
  const pack = policy.versions[0]?.pack;
  process.stdout.write(
    [
      `三重 Sanchong — 演示 demo`,
      `政策包 pack: ${pack?.id} ${pack?.version} — ${pack?.title}`,
      `  演示数值，非官方 / illustrative values, not official`,
      `输入 input: ${EXAMPLE_DIR}`,
      `结算 settled: ${summary.settled} · 撤销 reversals: ${summary.reversals} (cancelling ${summary.cancelled}) · 拒绝 rejected: ${summary.rejected}`,
      `基金支付合计 fund total: ${formatYuan(summary.fundTotal)} 元`,
      `结果 results (with setl_proc_info): ${out}`,
      `拒绝 rejects: ${rejects}`,
      '',
      `资助参保 enrollment subsidies: ${sub.lines} 行 lines · 拒绝 rejected ${sub.rejected} · 资助合计 subsidies ${formatYuan(sub.subsidyTotal)} 元`,
      ...sub.byFund.map((f) => `  ${f.name || f.key}: ${formatYuan(f.amount)} 元`),
      `结果 results: ${subsidies}`,
      `参保台账 enrollment ledger (乡镇汇总 · 动态清零名单 · 就业脱贫人口): ${ledger}`,
      '',
      `下一步 next: npx sanchong settle --pack sd-heze --persons … --identities … --settlements … --out …`,
      '',
    ].join('\n'),
  );
  return summary.rejected + sub.rejected > 0 ? 1 : 0;
}
