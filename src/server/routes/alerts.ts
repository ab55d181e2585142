/**
 * Monitoring alerts over HTTP (issue 5, docs/monitoring.md §9): list and read (township users see
 * only their area; every read of a person's alert audited), push to a department, the township's
 * verification, closing, push lists as XLSX (ID numbers masked unless the user may unmask), and a
 * full re-screen of a year. Thin over src/store/alerts.ts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { writeXlsx } from '../../ingest/xlsx.js';
import { maskCertno } from '../../people/certno.js';
import type { RegionPolicies } from '../../policy/regions.js';
import type { Actor, AlertStatus, Outcome, PushDepartment } from '../../store/alerts.js';
import {
  ALERT_STATUSES, AlertError, alertEvents, auditAlertReads, closeAlert, DEPARTMENT_ZH, getAlert, listAlerts, OUTCOMES, PUSH_DEPARTMENTS, PUSH_LIST_HEADER,
  pushAlert, pushListAgain, pushLists, rescreen, verifyAlert,
} from '../../store/alerts.js';
import type { Db } from '../../store/db.js';
import { canSeePerson, personScopeSql, requireRole, userOf } from '../auth.js';
import { HttpError, notFound } from '../errors.js';
import { alertEventOut, alertOut } from '../views/alerts.js';

const note = { type: 'string', maxLength: 500, pattern: '^[^\\u0000]*$', description: '说明 / note' } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } } as const;
const department = { type: 'string', enum: [...PUSH_DEPARTMENTS], description: 'rural_revitalisation 乡村振兴部门 · civil_affairs 民政部门' } as const;

function actorOf(request: FastifyRequest): Actor {
  const u = userOf(request);
  return { username: u.username, role: u.role, ip: request.ip };
}

/** The store's refusals as the API answers them. */
async function answer<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof AlertError) throw new HttpError(err.status, { error: err.code, message: err.message });
    throw err;
  }
}

export function alertRoutes(app: FastifyInstance, ctx: { readonly db: Db; readonly policies: RegionPolicies }): void {
  const { db, policies } = ctx;

  app.get('/api/v1/alerts', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['alerts'],
      summary: '监测预警列表 / monitoring alerts',
      description: '乡镇用户只看到本辖区人员的预警；每条预警的读取记入审计日志。more：是否还有下一页。/ Township users see only the alerts of persons in their area; every alert read is audited. `more`: whether a next page exists.',
      querystring: {
        type: 'object',
        properties: {
          status: { type: 'string', enum: [...ALERT_STATUSES] },
          rule: { type: 'string', maxLength: 30, pattern: '^[A-Za-z0-9_-]+$' },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          town: { type: 'string', pattern: '^[0-9]{6,12}$', description: '乡镇或村代码前缀 / township or village code prefix' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          offset: { type: 'integer', minimum: 0, maximum: 9007199254740991, default: 0 },
        },
      },
    },
  }, async (request) => {
    const user = userOf(request);
    const q = request.query as { status?: AlertStatus; rule?: string; year?: number; town?: string; limit?: number; offset?: number };
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    // one row more than asked tells whether a next page exists; only the rows answered are read (audited)
    const found = await listAlerts(db, { status: q.status, rule: q.rule, year: q.year, town: q.town, scope: (i) => personScopeSql(user, 'p', i), limit: limit + 1, offset });
    const rows = found.slice(0, limit);
    await auditAlertReads(db, actorOf(request), rows);
    return { alerts: rows.map(alertOut), limit, offset, more: found.length > limit };
  });

  app.get('/api/v1/alerts/:id', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: { tags: ['alerts'], summary: '一条预警及其处置记录 / an alert and its steps', params: idParams },
  }, async (request) => {
    const user = userOf(request);
    const { id } = request.params as { id: number };
    const a = await getAlert(db, id);
    if (a === undefined || !canSeePerson(user, a)) throw notFound(`预警 ${id} / alert ${id}`);
    const events = await alertEvents(db, id);
    await auditAlertReads(db, actorOf(request), [a]);
    return { ...alertOut(a), events: events.map(alertEventOut) };
  });

  app.post('/api/v1/alerts/:id/push', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['alerts'],
      summary: '推送预警 / push an alert to a department (raised → pushed)',
      params: idParams,
      body: { type: 'object', required: ['department'], properties: { department, note }, additionalProperties: false },
    },
  }, async (request) => {
    const user = userOf(request);
    const { id } = request.params as { id: number };
    const body = request.body as { department: PushDepartment; note?: string };
    return alertOut(await answer(pushAlert(db, id, body.department, actorOf(request), (a) => canSeePerson(user, a), body.note)));
  });

  app.post('/api/v1/alerts/:id/verify', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['alerts'],
      summary: '乡镇核实 / the township\u2019s verification (pushed → verified)',
      description: 'outcome: included 纳入监测 · not_eligible 不符合条件 · already_covered 已是帮扶对象. 乡镇用户只能核实本辖区人员 / a township user only in its area.',
      params: idParams,
      body: { type: 'object', required: ['outcome'], properties: { outcome: { type: 'string', enum: [...OUTCOMES] }, note }, additionalProperties: false },
    },
  }, async (request) => {
    const user = userOf(request);
    const { id } = request.params as { id: number };
    const body = request.body as { outcome: Outcome; note?: string };
    return alertOut(await answer(verifyAlert(db, id, body.outcome, body.note, actorOf(request), (a) => canSeePerson(user, a))));
  });

  app.post('/api/v1/alerts/:id/close', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['alerts'],
      summary: '办结 / close an alert (verified → closed)',
      params: idParams,
      body: { type: 'object', properties: { note }, additionalProperties: false },
    },
  }, async (request) => {
    const user = userOf(request);
    const { id } = request.params as { id: number };
    const body = (request.body ?? {}) as { note?: string };
    return alertOut(await answer(closeAlert(db, id, body.note, actorOf(request), (a) => canSeePerson(user, a))));
  });

  app.post('/api/v1/alerts/push-list', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['alerts'],
      summary: '推送清单（XLSX）/ push list as XLSX',
      description:
        '把尚未推送、规则推送至该部门的预警按乡镇列成清单（每乡镇一个工作表）并记为已推送。身份证号脱敏，除非用户有查看完整身份证号权限（该导出单独审计）。/ The raised alerts whose rule pushes to the department, one sheet per township, marked pushed and recorded. ID numbers masked unless the user may unmask (audited as such); `mask: true` masks them anyway.',
      body: {
        type: 'object',
        required: ['department'],
        properties: {
          department,
          town: { type: 'string', pattern: '^[0-9]{6,12}$', description: '乡镇代码（或前缀）/ township code (or prefix)' },
          year: { type: 'integer', minimum: 2000, maximum: 2100 },
          mask: { type: 'boolean', description: '即使有权限也脱敏 / mask even with the unmask right' },
        },
        additionalProperties: false,
      },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const body = request.body as { department: PushDepartment; town?: string; year?: number; mask?: boolean };
    const masked = !user.canUnmask || body.mask === true;
    const sheets = await answer(pushLists(db, { department: body.department, town: body.town, year: body.year, masked, mask: (c) => maskCertno(c) }, actorOf(request)));
    const dir = await mkdtemp(join(tmpdir(), 'sanchong-push-'));
    try {
      const path = join(dir, 'push-list.xlsx');
      await writeXlsx(path, sheets.map((s) => ({ name: s.town === '' ? '推送清单' : s.town, header: PUSH_LIST_HEADER, rows: s.rows })));
      const file = `推送清单-${DEPARTMENT_ZH[body.department] ?? body.department}-${body.town ?? '全部乡镇'}${body.year === undefined ? '' : `-${body.year}`}.xlsx`;
      return await reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="push-list.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`)
        .header('x-push-ids', sheets.map((s) => s.pushId).join(','))
        .header('x-alerts', String(sheets.reduce((n, s) => n + s.rows.length, 0)))
        .header('x-masked', masked ? '1' : '0')
        .send(await readFile(path));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.get('/api/v1/alerts/push-lists/:push_id', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['alerts'],
      summary: '重新下载已推送的清单（XLSX）/ a recorded push list again, as XLSX',
      description:
        '按推送记录重新生成清单（同样的预警、同样的顺序，内容为当前状态），不再推送。身份证号脱敏，除非用户有查看完整身份证号权限；每人的读取记入审计日志。乡镇用户只能下载本辖区的清单。/ The same alerts in the same order, as they are now; nothing is pushed again. ID numbers masked unless the user may unmask; audited. A township user gets lists of its own area only.',
      params: { type: 'object', required: ['push_id'], properties: { push_id: { type: 'integer', minimum: 1, maximum: 9007199254740991 } } },
      querystring: { type: 'object', properties: { mask: { type: 'boolean' } } },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const { push_id } = request.params as { push_id: number };
    const masked = !user.canUnmask || (request.query as { mask?: boolean }).mask === true;
    const found = await pushListAgain(db, push_id, { masked, mask: (c) => maskCertno(c) }, actorOf(request), (a) => canSeePerson(user, a));
    if (found === undefined) throw notFound(`推送清单 ${push_id} / push list ${push_id}`);
    const dir = await mkdtemp(join(tmpdir(), 'sanchong-push-'));
    try {
      const path = join(dir, 'push-list.xlsx');
      await writeXlsx(path, [{ name: found.sheet.town === '' ? '推送清单' : found.sheet.town, header: PUSH_LIST_HEADER, rows: found.sheet.rows }]);
      const file = `推送清单-${push_id}-${DEPARTMENT_ZH[found.push.department] ?? found.push.department}-${found.push.town_admdvs ?? '全部乡镇'}.xlsx`;
      return await reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="push-list.xlsx"; filename*=UTF-8''${encodeURIComponent(file)}`)
        .header('x-push-ids', String(push_id))
        .header('x-alerts', String(found.sheet.rows.length))
        .header('x-masked', masked ? '1' : '0')
        .send(await readFile(path));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  app.post('/api/v1/alerts/rescreen', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['alerts'],
      summary: '全量重新筛查 / re-screen a year',
      description: '按运行中的政策包对该年度每个有结算的人员重新筛查，新触发的规则生成预警（已有未办结的不重复）。/ Every person with a settlement in the year screened again; new alerts raised (never a second open one).',
      body: { type: 'object', required: ['year'], properties: { year: { type: 'integer', minimum: 2000, maximum: 2100 } }, additionalProperties: false },
    },
  }, async (request) => {
    const { year } = request.body as { year: number };
    const r = await rescreen(db, policies, year, actorOf(request));
    return { year: r.year, persons: r.persons, raised: r.raised };
  });
}
