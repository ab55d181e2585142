/**
 * `sanchong audit <psn_no>`: who read or acted on a person, newest first — the command-line
 * `GET /api/v1/persons/{psn_no}/audit` (admin, bureau; the read itself audited as `audit-read`).
 * Thin over src/store/audit.ts.
 */
import { audit, auditTrail } from '../store/audit.js';
import { findPerson } from '../store/person-record.js';
import type { Env } from './store-cli.js';
import { CliRefusal, CliUsageError, need, parse, print, printJson, requireRole, storeCommand, str, when, withStore } from './store-cli.js';

export const AUDIT_USAGE = `  sanchong audit <psn_no> [--limit n] [--before <audit id>]
                                      此人的审计日志（谁查看或处理过）/ who read or acted on a person (docs/cli-workflow.md)`;

export async function auditCommand(args: string[], env: Env = process.env): Promise<number> {
  return storeCommand(AUDIT_USAGE, async () => {
    const { values, positionals } = parse(args, { limit: { type: 'string' }, before: { type: 'string' } });
    if (positionals.length !== 1 || (positionals[0] ?? '').length > 30) throw new CliUsageError('需要一个人员编号 / one psn_no is needed');
    const psnNo = positionals[0] ?? '';
    const limitText = str(values, 'limit') ?? '100';
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > 1000) throw new CliUsageError(`--limit 应为 1–1000 / --limit is 1–1000: ${limitText}`);
    const beforeText = values['before'] === undefined ? undefined : need(values, 'before');
    if (beforeText !== undefined && !/^[1-9]\d{0,14}$/.test(beforeText)) throw new CliUsageError(`--before 应为审计编号 / --before is an audit id: ${beforeText}`);
    return withStore(env, str(values, 'as'), async (db, op) => {
      requireRole(op, 'admin', 'bureau');
      const person = await findPerson(db, psnNo);
      if (person === undefined) throw new CliRefusal(`未找到人员 ${psnNo} / person ${psnNo} not found`);
      const trail = await auditTrail(db, { psnNo, limit: Number(limitText), before: beforeText === undefined ? undefined : Number(beforeText) });
      await audit(db, { username: op.actor.username, role: op.actor.role, action: 'audit-read', admdvs: person.admdvs, psnNo });
      if (values['json'] === true) {
        printJson({ psn_no: psnNo, entries: trail.map((e) => ({ id: e.auditId, at: e.at.toISOString(), username: e.username, role: e.role, action: e.action, target: e.target, ip: e.ip })) });
      } else {
        for (const e of trail) print(`${e.auditId}  ${when(e.at)}  ${e.action}  ${e.username ?? '—'}${e.role === null ? '' : ` (${e.role})`}${e.target === null ? '' : `  ${e.target}`}${e.ip === null ? '' : `  ${e.ip}`}`);
        process.stderr.write(`${trail.length} 条 / ${trail.length} entries\n`);
      }
      return 0;
    });
  });
}
