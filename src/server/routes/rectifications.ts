/**
 * The rectification ledger over HTTP (整改台账, CASE-4, docs/cases.md §6): list (overdue
 * flagged), read with its steps, create (bureau), report progress and rectification (the township
 * concerned or the bureau), send back and close (bureau). Township users see their township's
 * items only. Thin over src/store/rectifications.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RegionPolicies } from '../../policy/regions.js';
import type { Db } from '../../store/db.js';
import type { CanSeeRect, RectAction, RectStatus } from '../../store/rectifications.js';
import { actOnRect, canSeeRect, createRect, getRect, listRects, rectEvents, rectificationClause, RECT_STATUSES } from '../../store/rectifications.js';
import { todayInChina } from '../../store/cases.js';
import { requireRole, scopeOf, userOf } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { rectEventOut, rectOut } from '../views/rectifications.js';
import { actorOf, caseAnswer } from './cases.js';

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;
const text = (max: number, description: string) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '^[^\\u0000]*$', description }) as const;

/** The request's user's area check (canSeeRect). */
function canSeeRectOf(request: FastifyRequest): CanSeeRect {
  const prefix = scopeOf(userOf(request));
  return (r) => canSeeRect(prefix, r);
}

export function rectificationRoutes(app: FastifyInstance, ctx: { readonly db: Db; readonly policies: RegionPolicies }): void {
  const { db, policies } = ctx;

  app.get('/api/v1/rectifications', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['cases'],
      summary: '整改台账 / the rectification ledger',
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...RECT_STATUSES] },
          overdue: { type: 'boolean', description: '逾期未整改 / open after the deadline' },
          town: { type: 'string', pattern: '^[0-9]{6,12}$' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          offset: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 },
        },
      },
    },
  }, async (request) => {
    const q = request.query as { status?: RectStatus; overdue?: boolean; town?: string; limit?: number; offset?: number };
    const prefix = scopeOf(userOf(request));
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const rows = prefix === '' ? [] : await listRects(db, { status: q.status, overdue: q.overdue, town: q.town, scope: prefix ?? undefined, today: todayInChina(), limit, offset });
    return { rectifications: rows.map(rectOut), limit, offset };
  });

  app.get('/api/v1/rectifications/:id', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['cases'], summary: '整改事项及其记录 / an item and its steps', params: idParams },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const r = await getRect(db, id, todayInChina());
    if (r === undefined || !canSeeRectOf(request)(r)) throw notFound(`整改事项 ${id} / rectification ${id}`);
    return { ...rectOut(r), events: (await rectEvents(db, id)).map(rectEventOut) };
  });

  app.post('/api/v1/rectifications', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['cases'],
      summary: '登记整改问题 / record a problem to rectify',
      body: {
        type: 'object',
        required: ['admdvs', 'problem', 'measures', 'owner', 'deadline'],
        properties: {
          admdvs: { type: 'string', pattern: '^[0-9]{6}$', description: '统筹区 / the region' },
          town: { type: 'string', pattern: '^[0-9]{9,12}$', description: '涉及乡镇（不填为县级）/ the township concerned (none: the county)' },
          problem: text(2000, '问题 / the problem'),
          found_in: text(500, '问题来源（如后评估通报第几条）/ where it was found'),
          measures: text(4000, '整改措施 / the measures'),
          owner: text(200, '责任单位/责任人 / who is responsible'),
          deadline: { type: 'string', format: 'date', description: '整改时限 / deadline' },
        },
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const b = request.body as { admdvs: string; town?: string; problem: string; found_in?: string; measures: string; owner: string; deadline: string };
    const region = policies.forAdmdvs(b.admdvs);
    if (region === undefined) throw new HttpError(422, { error: 'no-pack', message: `统筹区 ${b.admdvs} 没有运行中的政策包 / no pack runs for region ${b.admdvs}` });
    const r = await caseAnswer(
      createRect(db, { admdvs: b.admdvs, town: b.town, problem: b.problem, foundIn: b.found_in, measures: b.measures, owner: b.owner, deadline: b.deadline, clause: rectificationClause(region) }, actorOf(request), todayInChina()),
    );
    return reply.status(201).send(rectOut(r));
  });

  const step = (action: Exclude<RectAction, 'create'>, roles: readonly ('admin' | 'bureau' | 'township')[], summary: string, noteRequired: boolean) => {
    app.post(`/api/v1/rectifications/:id/${action}`, {
      preHandler: requireRole(...roles),
      schema: {
        tags: ['cases'],
        summary,
        params: idParams,
        body: { type: 'object', ...(noteRequired ? { required: ['note'] } : {}), properties: { note: text(4000, '说明 / note') }, additionalProperties: false },
      },
    }, async (request) => {
      const { id } = request.params as { id: number };
      const b = (request.body ?? {}) as { note?: string };
      return rectOut(await caseAnswer(actOnRect(db, id, action, b.note, actorOf(request), canSeeRectOf(request), todayInChina())));
    });
  };
  step('progress', ['admin', 'bureau', 'township'], '报告整改进展 / report progress', true);
  step('rectify', ['admin', 'bureau', 'township'], '报告整改完成（附结果）/ report it rectified, with the result', true);
  step('reopen', ['admin', 'bureau'], '退回重新整改 / send it back', true);
  step('close', ['admin', 'bureau'], '销号 / close it', false);
}
