/**
 * `sanchong rescreen --year <yyyy> [--by <user>]`: a full re-screen of a stored year against the
 * monitoring rules of the packs the service runs (SANCHONG_PACKS), raising the alerts not yet
 * raised (src/store/alerts.ts `rescreen`; never a second open alert). The ledger screens every
 * person-year it recomputes already: this is for a pack change or a store filled otherwise.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadRegions } from '../policy/load.js';
import { DEMO_PACK } from '../server/serve.js';
import { rescreen } from '../store/alerts.js';
import { openDb } from '../store/db.js';
import { migrate } from '../store/migrate.js';

type Env = Readonly<Record<string, string | undefined>>;

export const RESCREEN_USAGE = `  sanchong rescreen --year <yyyy> [--by <user>]
                                      全量重新筛查库中年度并生成预警 / re-screen a stored year, raising alerts (docs/monitoring.md)`;

export async function rescreenCommand(args: string[], env: Env = process.env): Promise<number> {
  let values: { year?: string | undefined; by?: string | undefined };
  try {
    ({ values } = parseArgs({ args, options: { year: { type: 'string' }, by: { type: 'string' } }, strict: true }));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${RESCREEN_USAGE}\n`);
    return 2;
  }
  const year = Number(values.year);
  if (values.year === undefined || !/^\d{4}$/.test(values.year) || year < 2000 || year > 2099) {
    process.stderr.write(`--year 应为年份 yyyy / --year is a year yyyy: ${values.year ?? '(missing)'}\n${RESCREEN_USAGE}\n`);
    return 2;
  }
  const by = values.by ?? env['USER'] ?? userInfo().username;
  const packs = env['SANCHONG_PACKS'] !== undefined && env['SANCHONG_PACKS'].trim() !== '' ? env['SANCHONG_PACKS'] : DEMO_PACK;
  const policies = loadRegions(packs);
  const db = await openDb(env);
  try {
    await migrate(db);
    const r = await rescreen(db, policies, year, { username: by, role: 'cli' });
    process.stderr.write(`重新筛查 ${r.year} 年 ${r.persons} 人，新预警 ${r.raised} 条 / re-screened ${r.year}: ${r.persons} persons, ${r.raised} new alerts\n`);
    return 0;
  } finally {
    await db.close();
  }
}
