/** `sanchong serve`, `verify` and `recompute` (see src/server/serve.ts, src/store/verify.ts, src/store/ledger.ts). */
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { loadRegions } from '../policy/load.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { recompute } from '../store/ledger.js';
import { verifyLedger } from '../store/verify.js';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { DEMO_PACK, serve } from '../server/serve.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function serveCommand(args: string[], env: Env = process.env): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sanchong serve 不接受参数，由环境变量配置 / takes no arguments, the environment configures it: ${args.join(' ')}\n`);
    return 2;
  }
  const started = await serve(env);
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`${signal}: 停止服务 / stopping\n`);
    started.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return 0;
}

function packsOf(env: Env): string {
  return env['SANCHONG_PACKS'] !== undefined && env['SANCHONG_PACKS'].trim() !== '' ? env['SANCHONG_PACKS'] : DEMO_PACK;
}

/**
 * Recomputes every stored person under the packs the service runs (after a pack changes, or an
 * import without packs), booking the differences as adjustment lines with cause `recompute`.
 * Persons are done 1,000 at a time, each group in its own transaction.
 */
export async function recomputeCommand(args: string[], env: Env = process.env): Promise<number> {
  const { values } = parseArgs({ args, options: { by: { type: 'string' } }, strict: true });
  const by = values.by ?? env['USER'] ?? userInfo().username;
  const policies = loadRegions(packsOf(env));
  const db = await openDb(env);
  try {
    await migrate(db);
    const persons = (await db.query<{ psn_no: string }>('SELECT psn_no FROM persons ORDER BY psn_no')).map((r) => r.psn_no);
    let lines = 0;
    let total = 0;
    for (let i = 0; i < persons.length; i += 1000) {
      const part = persons.slice(i, i + 1000);
      const r = await db.transaction((tx) => recompute(tx, policies, part, { cause: 'recompute', causedBy: by }));
      lines += r.adjustments.length;
      total += r.adjustments.reduce((t, a) => t + a.amount, 0);
    }
    process.stderr.write(`重算 ${persons.length} 人，调整 ${lines} 笔，合计 ${formatYuan(total as Fen)} 元 / recomputed ${persons.length} persons: ${lines} adjustment lines, net ${formatYuan(total as Fen)} yuan\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** Folds everything stored afresh and lists any difference from the stored results (exit 1 if any). */
export async function verifyCommand(args: string[], env: Env = process.env): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sanchong verify 不接受参数 / takes no arguments: ${args.join(' ')}\n`);
    return 2;
  }
  const packs = packsOf(env);
  const db = await openDb(env);
  try {
    await migrate(db);
    const found = await verifyLedger(db, loadRegions(packs));
    for (const d of found.slice(0, 50)) process.stdout.write(`${d.setlId ?? d.psnNo ?? ''}\t${d.what}\n`);
    process.stderr.write(found.length === 0 ? '一致 / the stored results equal a fresh fold\n' : `不一致 ${found.length} 处 / ${found.length} differences\n`);
    return found.length === 0 ? 0 : 1;
  } finally {
    await db.close();
  }
}
