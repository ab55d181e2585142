/**
 * The HTTP app: the API under /api/v1 (docs/api.md), its OpenAPI document at /openapi.json and a
 * browsable page at /docs. Everything but the session login, the health check and the docs needs
 * a session (src/server/auth.ts).
 */
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { RegionPolicies } from '../policy/regions.js';
import type { Db } from '../store/db.js';
import type { AuthOptions } from './auth.js';
import { authPlugin } from './auth.js';
import { installErrorHandler } from './errors.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { importRoutes } from './routes/imports.js';
import { packRoutes } from './routes/packs.js';
import { personRoutes } from './routes/persons.js';
import { rectificationRoutes } from './routes/rectifications.js';
import { reportRoutes } from './routes/reports.js';
import { settlementRoutes } from './routes/settlements.js';
import { unmaskRoutes } from './routes/unmask.js';
import { webPlugin } from './web.js';

export interface AppOptions {
  readonly db: Db;
  readonly policies: RegionPolicies;
  /** Fastify's logger (pino options or false). */
  readonly logger?: FastifyServerOptions['logger'];
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (the client's IP for the audit log and the login limit). */
  readonly trustProxy?: boolean | undefined;
  readonly loginLimit?: AuthOptions['loginLimit'];
  /** Largest upload in bytes (default 512 MiB). */
  readonly maxUpload?: number | undefined;
  /** How long an import request waits before answering 202 (ms). */
  readonly importWaitMs?: number | undefined;
  readonly version?: string | undefined;
  /** The built web application (default dist/web); tests point it at a folder of their own. */
  readonly webRoot?: string | undefined;
}

export async function buildApp(o: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: o.logger ?? false, trustProxy: o.trustProxy ?? false, bodyLimit: 1024 * 1024, ajv: { customOptions: { coerceTypes: 'array', allowUnionTypes: true } } });
  installErrorHandler(app, await webPlugin(app, o.webRoot));
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Sanchong (三重) API',
        version: o.version ?? '0.1.0',
        description:
          '医保帮扶平台接口：一站式结算、撤销、试算、人员档案、导入、用户与会话。金额：请求为元（字符串或数字，最多两位小数），响应为两位小数的元字符串。/ One-stop settlement, reversal, trial, person records, imports, users and sessions. Amounts: yuan in requests (string or number, at most two decimals), yuan strings with two decimals in answers. Log in with POST /api/v1/session; the session cookie authenticates the rest.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sanchong_session' } } },
      security: [{ session: [] }],
      tags: [
        { name: 'session', description: '登录与用户 / login and users' },
        { name: 'settlements', description: '一站式结算 / one-stop settlement' },
        { name: 'persons', description: '人员 / persons' },
        { name: 'imports', description: '导入 / imports' },
        { name: 'alerts', description: '监测预警 / monitoring alerts' },
        { name: 'reports', description: '报表（REP-1 … REP-7）/ reports' },
        { name: 'cases', description: '个案（一事一议、依申请救助、一件事）与整改台账 / cases and the rectification ledger' },
      ],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyMultipart, { limits: { fileSize: o.maxUpload ?? 512 * 1024 * 1024, files: 1, fields: 5 } });
  await app.register(authPlugin, { db: o.db, loginLimit: o.loginLimit });
  await app.register(unmaskRoutes, { db: o.db });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/api/v1/health', { schema: { tags: ['session'], summary: '健康检查 / health', security: [] } }, async () => {
    await o.db.query('SELECT 1');
    return { ok: true, engine: o.db.engine };
  });
  packRoutes(app, { policies: o.policies });
  settlementRoutes(app, { db: o.db, policies: o.policies });
  personRoutes(app, { db: o.db });
  importRoutes(app, { db: o.db, policies: o.policies, waitMs: o.importWaitMs });
  alertRoutes(app, { db: o.db, policies: o.policies });
  caseRoutes(app, { db: o.db, policies: o.policies });
  rectificationRoutes(app, { db: o.db, policies: o.policies });
  reportRoutes(app, { db: o.db, policies: o.policies });
  dashboardRoutes(app, { db: o.db, policies: o.policies });
  await app.ready();
  return app;
}
