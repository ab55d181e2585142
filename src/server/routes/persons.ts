/**
 * GET /api/v1/persons/{psn_no}: a person's record (person, identities, enrollments, the year's
 * accumulators, settlements with their splits, adjustments, the year's cases and their ledger
 * lines, the year's monitoring alerts, and the year's totals after every tier and after cases),
 * audited; the ID number masked.
 * GET /api/v1/persons?q=: search by psn_no, name or ID number, within the user's area, with the
 * number of matches (total) for paging.
 * A township user asking for a person outside their area gets the same 404 as for nobody.
 */
import type { FastifyInstance } from 'fastify';
import { listAlerts } from '../../store/alerts.js';
import { audit, auditTrail } from '../../store/audit.js';
import { personYearTotals } from '../../store/case-money.js';
import { caseLines, listCases } from '../../store/cases.js';
import type { Db } from '../../store/db.js';
import { findPerson, personRecord } from '../../store/person-record.js';
import { canSeePerson, personScopeSql, requireRole, userOf } from '../auth.js';
import { notFound } from '../errors.js';
import { yuanOut } from '../format.js';
import { maskCertno } from '../mask.js';
import { alertOut } from '../views/alerts.js';
import { caseLineOut, totalsOut } from '../views/cases.js';

const ALL_ROLES = ['admin', 'bureau', 'township', 'viewer'] as const;


/** A search term that is an ID number (spaces aside) is audited masked: the audit log never holds a full one (docs/access.md). */
const ID_NUMBER = /^(\d{15}|\d{17}[\dXx])$/;
export function personRoutes(app: FastifyInstance, ctx: { readonly db: Db }): void {
  const { db } = ctx;

  app.get('/api/v1/persons/:psn_no', {
    preHandler: requireRole(...ALL_ROLES),
    schema: {
      tags: ['persons'],
      summary: '人员档案 / a person\u2019s record',
      params: { type: 'object', required: ['psn_no'], properties: { psn_no: { type: 'string', maxLength: 30 } } },
      querystring: { type: 'object', properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } } },
    },
  }, async (request) => {
    const user = userOf(request);
    const { psn_no } = request.params as { psn_no: string };
    const { year } = request.query as { year?: number };
    const person = await findPerson(db, psn_no);
    if (person === undefined || !canSeePerson(user, person)) throw notFound(`人员 ${psn_no} / person ${psn_no}`);
    const [latest] = await db.query<{ y: number | null }>('SELECT extract(year FROM max(setl_time))::int AS y FROM settlements WHERE psn_no = $1', [psn_no]);
    const y = year ?? latest?.y ?? new Date().getFullYear();
    const rec = await personRecord(db, person, y);
    const cases = await listCases(db, { psnNo: psn_no, year: y, scope: () => ({ sql: 'TRUE', params: [] }), limit: 1000, offset: 0 });
    const lines = await caseLines(db, { psnNo: psn_no, year: y });
    const totals = await personYearTotals(db, psn_no, y);
    // the person is in the user's area (checked above): their alerts of the year, named in the person-read line
    const alerts = await listAlerts(db, { year: y, scope: (i) => ({ sql: `a.psn_no = $${i}::text`, params: [psn_no] }), limit: 1000, offset: 0 });
    await audit(db, {
      username: user.username, role: user.role, action: 'person-read', admdvs: person.admdvs, psnNo: psn_no, target: String(y), ip: request.ip,
      ...(alerts.length === 0 ? {} : { detail: { alerts: alerts.map((a) => a.alert_id) } }),
    });
    return {
      person: { ...rec.person, certno: maskCertno(rec.person.certno) },
      year: rec.year,
      identities: rec.identities,
      enrollments: rec.enrollments.map((e) => ({ ...e, contribution: yuanOut(e['contribution'] as number | null) })),
      accumulators: rec.accumulators.map((a) => ({ pool: a.pool, cum_base: yuanOut(a.cum_base), paid: yuanOut(a.paid) })),
      settlements: rec.settlements.map((s) => ({
        ...s,
        medfee_sumamt: yuanOut(s.medfee_sumamt), inscp_scp_amt: yuanOut(s.inscp_scp_amt), hifp_pay: yuanOut(s.hifp_pay), hifmi_pay: yuanOut(s.hifmi_pay),
        maf_assist_pay: yuanOut(s.maf_assist_pay), maf_reassist_pay: yuanOut(s.maf_reassist_pay), fund_pay_sumamt: yuanOut(s.fund_pay_sumamt), psn_part_amt: yuanOut(s.psn_part_amt),
      })),
      adjustments: rec.adjustments.map((a) => ({ ...a, amount: yuanOut(a.amount), kind: a.amount > 0 ? '补付' : '追回' })),
      cases: cases.map((c) => ({ id: c.case_id, kind: c.kind_id, title: c.title, status: c.status, decided: yuanOut(c.decided), alert_id: c.alert_id, clause: c.clause })),
      case_lines: lines.map(caseLineOut),
      alerts: alerts.map((a) => {
        const o = alertOut(a);
        return { id: o.id, rule: o.rule, title: o.title, year: o.year, measure: o.measure, amount: o.amount, threshold: o.threshold, setl_id: o.setl_id, alert_date: o.alert_date, status: o.status, status_zh: o.status_zh, clause: o.clause };
      }),
      totals: totalsOut(totals),
    };
  });

  app.get('/api/v1/persons/:psn_no/audit', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['persons'],
      summary: '谁查看过此人 / who read or acted on this person (audit log)',
      params: { type: 'object', required: ['psn_no'], properties: { psn_no: { type: 'string', maxLength: 30 } } },
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, before: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
    },
  }, async (request) => {
    const user = userOf(request);
    const { psn_no } = request.params as { psn_no: string };
    const { limit = 100, before } = request.query as { limit?: number; before?: number };
    const person = await findPerson(db, psn_no);
    if (person === undefined) throw notFound(`人员 ${psn_no} / person ${psn_no}`);
    const trail = await auditTrail(db, { psnNo: psn_no, limit, before });
    await audit(db, { username: user.username, role: user.role, action: 'audit-read', admdvs: person.admdvs, psnNo: psn_no, ip: request.ip });
    return { psn_no, entries: trail.map((e) => ({ id: e.auditId, at: e.at.toISOString(), username: e.username, role: e.role, action: e.action, target: e.target, ip: e.ip })) };
  });

  app.get('/api/v1/persons', {
    preHandler: requireRole(...ALL_ROLES),
    schema: {
      tags: ['persons'],
      summary: '查找人员 / search persons',
      querystring: {
        type: 'object',
        properties: { q: { type: 'string', maxLength: 40 }, limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 }, offset: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 } },
      },
    },
  }, async (request) => {
    const user = userOf(request);
    const { q = '', limit = 50, offset = 0 } = request.query as { q?: string; limit?: number; offset?: number };
    const scope = personScopeSql(user, 'p', 4);
    const term = q.trim();
    const match = `($1 = '' OR psn_no = $1 OR psn_name LIKE $1 || '%' OR certno = upper($1))`;
    const rows = await db.query<{ psn_no: string; psn_name: string | null; certno: string | null; admdvs: string; town_admdvs: string | null; village_admdvs: string | null }>(
      `SELECT psn_no, psn_name, certno, admdvs, town_admdvs, village_admdvs FROM persons p
        WHERE ${match}${scope.sql === '' ? '' : ` AND ${scope.sql}`}
        ORDER BY psn_no LIMIT $2 OFFSET $3`,
      [term, limit, offset, ...scope.params],
    );
    // how many match in the user's area, for paging (the same conditions, the scope numbered from $2)
    const countScope = personScopeSql(user, 'p', 2);
    const [count] = await db.query<{ n: number | string }>(
      `SELECT count(*)::int AS n FROM persons p WHERE ${match}${countScope.sql === '' ? '' : ` AND ${countScope.sql}`}`,
      [term, ...countScope.params],
    );
    const total = Number(count?.n ?? 0);
    await audit(db, { username: user.username, role: user.role, action: 'person-search', target: term === '' ? null : ID_NUMBER.test(term.replace(/\s+/g, '')) ? maskCertno(term) : term.slice(0, 40), detail: { found: rows.length, total }, ip: request.ip });
    return { persons: rows.map((r) => ({ ...r, certno: maskCertno(r.certno) })), total, limit, offset };
  });
}
