/** `sanchong serve` and `sanchong verify` (see src/server/serve.ts and src/store/verify.ts). */
import { loadRegions } from '../policy/load.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';
import { verifyLedger } from '../store/verify.js';
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

/** Folds everything stored afresh and lists any difference from the stored results (exit 1 if any). */
export async function verifyCommand(args: string[], env: Env = process.env): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(`sanchong verify 不接受参数 / takes no arguments: ${args.join(' ')}\n`);
    return 2;
  }
  const packs = env['SANCHONG_PACKS'] !== undefined && env['SANCHONG_PACKS'].trim() !== '' ? env['SANCHONG_PACKS'] : DEMO_PACK;
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
