/**
 * Reports over HTTP (issue 6 item 4, docs/reports.md): produce a report as of now (or a given
 * cut-off) — stored as a snapshot —, list the snapshots, get one as JSON, XLSX or a printable page,
 * and compare it with a fresh run. A township user's reports are limited to its township: asked
 * without `town` they are made for it, asked for another township they are refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reportXlsx } from '../../ingest/report-xlsx.js';
import type { RegionPolicies } from '../../policy/regions.js';
import { buildReport } from '../../reports/build.js';
import { diffReports } from '../../reports/diff.js';
import { reportHtml } from '../../reports/html.js';
import type { ReportKind } from '../../reports/types.js';
import { REPORT_KINDS } from '../../reports/types.js';
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import type { SnapshotRow } from '../../store/reports.js';
import { canSeeSnapshot, computeReport, getSnapshot, listSnapshots, previousOf, produceReport } from '../../store/reports.js';
import { requireRole, scopeOf, userOf } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { actorOf, caseAnswer } from './cases.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;
const PERIOD = { type: 'string', pattern: '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$', description: '2023-05 · 2023-Q2 · 2023-H1 · 2023' } as const;

function meta(s: Omit<SnapshotRow, 'document'>) {
  const base = `/api/v1/reports/${s.report_id}`;
  return {
    id: s.report_id, kind: s.kind, period: s.period, admdvs: s.admdvs, town: s.town, as_of: s.as_of.toISOString(), versions: s.versions, created_by: s.created_by,
    created_at: s.created_at.toISOString(), links: { json: base, xlsx: `${base}/xlsx`, html: `${base}/html`, changes: `${base}/changes` },
  };
}

/** The township the user's report is limited to: its own (asked or not); another one is refused. */
function townFor(request: FastifyRequest, asked: string | undefined): string | undefined {
  const scope = scopeOf(userOf(request));
  if (scope === null) return asked;
  if (scope === '') throw new HttpError(403, { error: 'forbidden', message: '该用户没有辖区 / this user has no area' });
  if (asked === undefined) return scope;
  if (!asked.startsWith(scope)) throw new HttpError(403, { error: 'forbidden', message: `乡镇用户只能出具本辖区 ${scope} 的报表 / a township user reports on its own area ${scope} only` });
  return asked;
}

export function reportRoutes(app: FastifyInstance, ctx: { readonly db: Db; readonly policies: RegionPolicies }): void {
  const { db, policies } = ctx;

  async function visible(request: FastifyRequest, id: number): Promise<SnapshotRow> {
    const s = await getSnapshot(db, id);
    if (s === undefined || !canSeeSnapshot(scopeOf(userOf(request)), s)) throw notFound(`报表 ${id} / report ${id}`);
    const u = userOf(request);
    await audit(db, { username: u.username, role: u.role, action: 'report-read', admdvs: s.admdvs, target: `report ${id}`, ip: request.ip });
    return s;
  }

  app.post('/api/v1/reports', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['reports'],
      summary: '出具报表（存为快照）/ produce a report (stored as a snapshot)',
      description:
        'kind: enrollment 参保完成率 (REP-1) · dispatch 月调度 (REP-2, 月) · rating 季度评比 (REP-3, 季) · analysis 数据分析 (REP-4, 半年/年) · national 国家调度 (REP-5, 季) · protection 综合保障率 (REP-6) · household 户籍人口参保率 (REP-7). 截止时间默认为现在。/ The cut-off defaults to now.',
      body: {
        type: 'object',
        required: ['kind', 'period'],
        properties: {
          kind: { type: 'string', enum: [...REPORT_KINDS] },
          period: PERIOD,
          admdvs: { type: 'string', pattern: '^[0-9]{6}$' },
          town: { type: 'string', pattern: '^[0-9]{9,12}$' },
          as_of: { type: 'string', format: 'date-time' },
        },
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const b = request.body as { kind: ReportKind; period: string; admdvs?: string; town?: string; as_of?: string };
    const town = townFor(request, b.town);
    const s = await caseAnswer(
      (async () => {
        const previous = await previousOf(db, policies, { kind: b.kind, period: b.period, admdvs: b.admdvs, town, asOf: b.as_of }, buildReport);
        return produceReport(db, policies, { kind: b.kind, period: b.period, admdvs: b.admdvs, town, asOf: b.as_of }, buildReport, actorOf(request), previous);
      })(),
    );
    return reply.status(201).send(meta(s));
  });

  app.get('/api/v1/reports', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['reports'],
      summary: '已出具的报表 / the reports produced',
      querystring: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: [...REPORT_KINDS] }, period: PERIOD,
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 },
        },
      },
    },
  }, async (request) => {
    const q = request.query as { kind?: ReportKind; period?: string; limit?: number; offset?: number };
    const scope = scopeOf(userOf(request));
    if (scope === '') return { reports: [] };
    const rows = await listSnapshots(db, { kind: q.kind, period: q.period, scope: scope ?? undefined, limit: q.limit ?? 50, offset: q.offset ?? 0 });
    return { reports: rows.map(meta) };
  });

  app.get('/api/v1/reports/:id', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['reports'], summary: '报表（JSON：表格、图表、口径）/ a report as JSON', params: idParams },
  }, async (request) => {
    const s = await visible(request, (request.params as { id: number }).id);
    return { ...meta(s), document: s.document };
  });

  const fileName = (s: SnapshotRow, ext: string) => `${s.document.zh}-${s.period}${s.town === null ? '' : `-${s.town}`}.${ext}`;
  const send = (reply: FastifyReply, type: string, name: string, body: string | Buffer) =>
    reply.header('content-type', type).header('content-disposition', `attachment; filename="report.${name.split('.').pop() ?? 'bin'}"; filename*=UTF-8''${encodeURIComponent(name)}`).send(body);

  app.get('/api/v1/reports/:id/xlsx', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['reports'], summary: '报表 XLSX / a report as XLSX', params: idParams },
  }, async (request, reply) => {
    const s = await visible(request, (request.params as { id: number }).id);
    return send(reply, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName(s, 'xlsx'), await reportXlsx(s.document));
  });

  app.get('/api/v1/reports/:id/html', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['reports'], summary: '可打印页面 / a printable page', params: idParams },
  }, async (request, reply) => {
    const s = await visible(request, (request.params as { id: number }).id);
    return reply.header('content-type', 'text/html; charset=utf-8').send(reportHtml(s.document));
  });

  app.get('/api/v1/reports/:id/changes', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['reports'], summary: '与现在重新计算相比的变化 / what a fresh run changes', params: idParams },
  }, async (request) => {
    const s = await visible(request, (request.params as { id: number }).id);
    const previous = await previousOf(db, policies, { kind: s.kind, period: s.period, admdvs: s.admdvs, town: s.town ?? undefined }, buildReport);
    const fresh = await caseAnswer(computeReport(db, policies, { kind: s.kind, period: s.period, admdvs: s.admdvs, town: s.town ?? undefined }, buildReport, previous));
    return { id: s.report_id, as_of: s.as_of.toISOString(), fresh_as_of: fresh.asOf, versions: s.versions, fresh_versions: fresh.versions, changes: diffReports(s.document, fresh.document) };
  });
}
