/**
 * Cases over HTTP (issue 5 item 4, docs/cases.md §7): open a case for a person-year (一事一议,
 * 依申请救助, 一件事 — the kinds of the person's pack), review, approve level by level, reject,
 * decide the amount by fund source (booked into the person's ledger), revoke, close, supervise;
 * read them (township users only their area, every read audited); the kinds each region's pack
 * states. Thin over src/store/cases.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CaseError, CASE_STATUSES } from '../../cases/workflow.js';
import type { CaseStatus } from '../../cases/workflow.js';
import { compileCaseKind } from '../../cases/kinds.js';
import { parseYuan } from '../../money/yuan.js';
import { APPROVAL_LEVEL_ZH, FUND_SOURCE_ZH, FUND_SOURCES } from '../../policy/cases-pack.js';
import type { RegionPolicies } from '../../policy/regions.js';
import type { Actor } from '../../store/alerts.js';
import { personYearTotals } from '../../store/case-money.js';
import {
  approveCase, auditCaseReads, caseEvents, caseLines, closeCase, decideCase, getCase, listCases, openCase, rejectCase, reviewCase, revokeCase, superviseCase,
} from '../../store/cases.js';
import type { Db } from '../../store/db.js';
import { canSeePerson, personScopeSql, requireRole, userOf } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { caseEventOut, caseLineOut, caseOut, totalsOut } from '../views/cases.js';

const STATUS_OF_KIND = { conflict: 409, invalid: 422, unset: 422, 'not-found': 404, forbidden: 403 } as const;

/** The store's and the core's refusals as the API answers them. */
export async function caseAnswer<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof CaseError) throw new HttpError(STATUS_OF_KIND[err.kind], { error: err.code, message: err.message });
    throw err;
  }
}

export function actorOf(request: FastifyRequest): Actor {
  const u = userOf(request);
  return { username: u.username, role: u.role, ip: request.ip };
}

const note = { type: 'string', maxLength: 2000, pattern: '^[^\\u0000]*$', description: '意见 / opinion' } as const;
const requiredNote = { ...note, minLength: 1 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;
const yuan = { type: ['string', 'number'], description: '元，至多两位小数 / yuan, at most two decimals' } as const;

/** An amount in yuan (string or number, two decimals at most) → fen; 400 naming the field otherwise. */
export function fenOf(raw: string | number, field: string, allowZero = false): number {
  const v = parseYuan(typeof raw === 'number' ? String(raw) : raw);
  if (typeof v === 'string' || v < 0 || (!allowZero && v === 0)) {
    throw new HttpError(400, { error: 'bad-request', field, message: `金额无效（元，大于 0，至多两位小数）/ not an amount (yuan above 0, two decimals at most): ${String(raw)}` });
  }
  return v;
}

export function caseRoutes(app: FastifyInstance, ctx: { readonly db: Db; readonly policies: RegionPolicies }): void {
  const { db, policies } = ctx;
  const canSee = (request: FastifyRequest) => {
    const user = userOf(request);
    return (c: { admdvs: string; town_admdvs: string | null; village_admdvs: string | null }) => canSeePerson(user, c);
  };

  app.get('/api/v1/case-kinds', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['cases'], summary: '各统筹区政策包规定的个案类别 / the case kinds each region\u2019s pack states' },
  }, () => ({
    regions: policies.regions.map((r) => ({
      id: r.id, admdvs: r.admdvs, name: r.name, illustrative: r.illustrative,
      versions: r.policy.versions.map((v) => ({
        version: v.pack.version,
        rectification: v.pack.cases?.rectification === undefined ? null : `${v.pack.cases.rectification.doc} §${v.pack.cases.rectification.clause}`,
        kinds: (v.pack.cases?.kinds ?? []).map((k) => {
          try {
            const c = compileCaseKind(k, v);
            return {
              id: c.id, type: c.type, title: c.title, clause: c.clause, categories: c.categories, sources: c.sources.map((s) => ({ source: s, source_zh: FUND_SOURCE_ZH[s] })),
              levels: c.levels.map((l) => ({ level: l, level_zh: APPROVAL_LEVEL_ZH[l] })), cap: c.cap, township_share_min: c.townshipShareMin === undefined ? null : c.townshipShareMin / 100,
              alert_rule: c.alertRule ?? null, unset: null,
            };
          } catch (e) {
            if (!(e instanceof CaseError)) throw e;
            return { id: k.id, type: k.type, title: k.title, clause: `${k.cite.doc} §${k.cite.clause}`, unset: e.message };
          }
        }),
      })),
    })),
  }));

  app.get('/api/v1/cases', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['cases'],
      summary: '个案列表 / cases',
      description: '乡镇用户只看到本辖区人员的个案；每条读取记入审计日志。more：是否还有下一页。/ Township users see only their area; every case read is audited. `more`: whether a next page exists.',
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...CASE_STATUSES] },
          kind: { type: 'string', maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          psn_no: { type: 'string', maxLength: 30 },
          town: { type: 'string', pattern: '^[0-9]{6,12}$' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          offset: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 },
        },
      },
    },
  }, async (request) => {
    const user = userOf(request);
    const q = request.query as { status?: CaseStatus; kind?: string; year?: number; psn_no?: string; town?: string; limit?: number; offset?: number };
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    // one row more than asked tells whether a next page exists; only the rows answered are read (audited)
    const found = await listCases(db, { status: q.status, kind: q.kind, year: q.year, psnNo: q.psn_no, town: q.town, scope: (i) => personScopeSql(user, 'p', i), limit: limit + 1, offset });
    const rows = found.slice(0, limit);
    await auditCaseReads(db, actorOf(request), rows);
    return { cases: rows.map(caseOut), limit, offset, more: found.length > limit };
  });

  app.get('/api/v1/cases/:id', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['cases'], summary: '一个个案：办理记录、账目、当年合计 / a case: its steps, its ledger lines, the person-year\u2019s totals', params: idParams },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const c = await getCase(db, id);
    if (c === undefined || !canSee(request)(c)) throw notFound(`个案 ${id} / case ${id}`);
    const [events, lines, totals] = [await caseEvents(db, id), await caseLines(db, { caseId: id }), await personYearTotals(db, c.psn_no, c.year)];
    await auditCaseReads(db, actorOf(request), [c]);
    return { ...caseOut(c), events: events.map(caseEventOut), lines: lines.map(caseLineOut), totals: totalsOut(totals) };
  });

  app.post('/api/v1/cases', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['cases'],
      summary: '受理个案 / open a case',
      description:
        'kind：人员所在统筹区政策包中的个案类别（GET /api/v1/case-kinds），如 CASE-1 一事一议、CASE-2 依申请救助、CASE-3 一件事。人员须在该年度（至今日）持有该类别的申请身份；一件事须有对应规则的预警。/ kind: a case kind of the person\u2019s pack. The person must hold one of its categories in the year (up to today); a kind opened from alerts (一件事) needs an alert of its rule.',
      body: {
        type: 'object',
        required: ['psn_no', 'kind', 'year', 'reason'],
        properties: {
          psn_no: { type: 'string', minLength: 1, maxLength: 30 },
          kind: { type: 'string', maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          reason: { ...requiredNote, description: '申请事由 / why' },
          requested: { ...yuan, description: '申请金额（元）/ amount asked (yuan)' },
          alert_id: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
        },
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const b = request.body as { psn_no: string; kind: string; year: number; reason: string; requested?: string | number; alert_id?: number };
    const requested = b.requested === undefined ? undefined : fenOf(b.requested, 'requested');
    const c = await caseAnswer(openCase(db, policies, { psnNo: b.psn_no, kindId: b.kind, year: b.year, reason: b.reason, requested, alertId: b.alert_id }, actorOf(request), canSee(request)));
    return reply.status(201).send(caseOut(c));
  });

  app.post('/api/v1/cases/:id/review', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['cases'],
      summary: '审核 / review (applied → reviewed, or rejected)',
      params: idParams,
      body: { type: 'object', required: ['passed'], properties: { passed: { type: 'boolean', description: '审核通过 / passed' }, note }, additionalProperties: false },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = request.body as { passed: boolean; note?: string };
    return caseOut(await caseAnswer(reviewCase(db, id, b.passed, b.note, actorOf(request), canSee(request))));
  });

  app.post('/api/v1/cases/:id/approve', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['cases'],
      summary: '审批（按层级）/ approve at the next level',
      description: '乡镇用户只能在「乡镇」层级审批；其他层级由医保局用户登记。/ A township user approves at the township level only; the bureau records the other levels.',
      params: idParams,
      body: { type: 'object', properties: { level: { type: 'string', maxLength: 30, description: '应为下一个待审批层级 / must be the next level' }, note }, additionalProperties: false },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = (request.body ?? {}) as { level?: string; note?: string };
    return caseOut(await caseAnswer(approveCase(db, id, b.level, b.note, actorOf(request), canSee(request))));
  });

  app.post('/api/v1/cases/:id/reject', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: { tags: ['cases'], summary: '不予批准 / reject', params: idParams, body: { type: 'object', required: ['note'], properties: { note: requiredNote }, additionalProperties: false } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = request.body as { note: string };
    return caseOut(await caseAnswer(rejectCase(db, id, b.note, actorOf(request), canSee(request))));
  });

  app.post('/api/v1/cases/:id/decide', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['cases'],
      summary: '决定救助金额（记入个人账目）/ decide the amount by fund source (booked into the person\u2019s ledger)',
      description:
        '各资金来源须为政策包列明的来源；当年个案合计不超过上限口径（个人负担或政策范围内个人负担）；一件事属地镇街承担不低于规定比例。/ Each source one the pack names; the year\u2019s case amounts within the cap; 一件事: the township\u2019s share at least the pack\u2019s minimum.',
      params: idParams,
      body: {
        type: 'object',
        required: ['lines'],
        properties: {
          lines: {
            type: 'array', minItems: 1, maxItems: 10,
            items: { type: 'object', required: ['source', 'amount'], properties: { source: { type: 'string', enum: [...FUND_SOURCES] }, amount: yuan }, additionalProperties: false },
          },
          note,
        },
        additionalProperties: false,
      },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = request.body as { lines: { source: string; amount: string | number }[]; note?: string };
    const lines = b.lines.map((l, i) => ({ source: l.source, amount: fenOf(l.amount, `lines.${i}.amount`) }));
    const r = await caseAnswer(decideCase(db, policies, id, lines, b.note, actorOf(request), canSee(request)));
    return { ...caseOut(r.case), lines: (await caseLines(db, { caseId: id })).map(caseLineOut) };
  });

  app.post('/api/v1/cases/:id/revoke', {
    preHandler: requireRole('admin', 'bureau'),
    schema: { tags: ['cases'], summary: '撤销决定（追回）/ revoke the decision (amounts recovered)', params: idParams, body: { type: 'object', required: ['note'], properties: { note: requiredNote }, additionalProperties: false } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = request.body as { note: string };
    const c = await caseAnswer(revokeCase(db, id, b.note, actorOf(request), canSee(request)));
    return { ...caseOut(c), lines: (await caseLines(db, { caseId: id })).map(caseLineOut) };
  });

  app.post('/api/v1/cases/:id/close', {
    preHandler: requireRole('admin', 'bureau'),
    schema: { tags: ['cases'], summary: '办结 / close', params: idParams, body: { type: 'object', properties: { note }, additionalProperties: false } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = (request.body ?? {}) as { note?: string };
    return caseOut(await caseAnswer(closeCase(db, id, b.note, actorOf(request), canSee(request))));
  });

  app.post('/api/v1/cases/:id/supervise', {
    preHandler: requireRole('admin', 'bureau'),
    schema: { tags: ['cases'], summary: '监督意见 / a supervision note', params: idParams, body: { type: 'object', required: ['note'], properties: { note: requiredNote }, additionalProperties: false } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = request.body as { note: string };
    return caseOut(await caseAnswer(superviseCase(db, id, b.note, actorOf(request), canSee(request))));
  });
}
