import fastifyCookie from '@fastify/cookie';
import type {} from '@fastify/swagger';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { audit } from '../store/audit.js';
import type { Db } from '../store/db.js';
import type { SessionUser } from '../store/sessions.js';
import { createSession, deleteSession, findSession, purgeExpiredSessions, SESSION_HOURS } from '../store/sessions.js';
import type { Role, User, UserChanges } from '../store/users.js';
import { checkCredentials, createUser, listUsers, MAX_PASSWORD, MIN_PASSWORD, ROLES, updateUser, UserError } from '../store/users.js';

/**
 * Users and access (issue 4 item 5; docs/access.md): the session cookie, login with a rate limit,
 * the user administration routes, and the helpers every other route uses to require a user or a
 * role and to limit a township user to its area.
 */
export type { SessionUser } from '../store/sessions.js';
export type { Role } from '../store/users.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user of the request's session cookie; null without a live session. */
    user: SessionUser | null;
  }
}

export const SESSION_COOKIE = 'sanchong_session';

// ---------------------------------------------------------------------------------------------
// Errors: `{ error: code, message: '中文 / English' }`

export interface ApiError {
  readonly error: string;
  readonly message: string;
}

export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    error: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } } },
  },
  required: ['error', 'message'],
} as const;

export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message } satisfies ApiError);
}

/**
 * An error handler answering `{ error, message }`: 400 (with `details`: field and reason) for a body, parameter or query that does
 * not match its schema or is not JSON, the status of any other client error, 500 (logged, no
 * detail) for the rest. The auth and unmask routes use it; app.ts may set it on the root.
 */
export function apiErrorHandler(this: FastifyInstance, err: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err.validation !== undefined) {
    const details = err.validation.map((v) => ({
      field: v.instancePath === '' ? String((v.params as { missingProperty?: string }).missingProperty ?? '') : v.instancePath.replace(/^\//, '').replace(/\//g, '.'),
      reason: v.message ?? 'invalid',
    }));
    return reply.code(400).send({ error: 'bad-request', message: `请求内容不符合要求 / the request does not match its schema: ${err.message}`, details });
  }
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const zh = status === 413 ? '请求内容过大' : status === 415 ? '不支持的内容类型' : status === 429 ? '请求过于频繁' : '请求有误';
    return sendError(reply, status, err.code ?? 'bad-request', `${zh} / ${err.message}`);
  }
  request.log.error({ err }, 'request failed');
  return sendError(reply, 500, 'internal', '服务器内部错误 / internal server error');
}

// ---------------------------------------------------------------------------------------------
// Requiring a user or a role

const UNAUTHENTICATED = '请先登录 / please log in';

/** The request's user, or a 401 sent and undefined: `const user = requireUser(req, reply); if (!user) return reply;` */
export function requireUser(request: FastifyRequest, reply: FastifyReply): SessionUser | undefined {
  if (request.user !== null) return request.user;
  void sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
  return undefined;
}

/**
 * A preHandler: 401 without a session, 403 when the user's role is not among `roles` (no roles:
 * any logged-in user). The handler then reads the user with `userOf(request)`.
 */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const user = request.user;
    if (user === null) return sendError(reply, 401, 'unauthenticated', UNAUTHENTICATED);
    if (roles.length > 0 && !roles.includes(user.role)) {
      return sendError(reply, 403, 'forbidden', `没有权限（需要角色 ${roles.join('、')}） / not allowed: this needs the role ${roles.join(' or ')}`);
    }
    return undefined;
  };
}

/** The user of a request that passed `requireRole`; throws (a bug: a route without it) otherwise. */
export function userOf(request: FastifyRequest): SessionUser {
  if (request.user === null) throw new Error(`${request.method} ${request.url}: no user — is requireRole() its preHandler?`);
  return request.user;
}

// ---------------------------------------------------------------------------------------------
// Township scope

export interface ScopedPerson {
  readonly admdvs: string;
  readonly town_admdvs: string | null;
  readonly village_admdvs: string | null;
}

/** The administrative-code prefix a user is limited to: a township user's admdvs; null (everything) for the others. */
export function scopeOf(user: SessionUser): string | null {
  return user.role === 'township' ? (user.admdvs ?? '') : null;
}

/**
 * Whether a user may see a person: everyone but a township user sees every person; a township
 * user sees a person whose village or township code starts with its prefix, or, for a 6-digit
 * prefix (a whole county), whose pooling region is that county.
 */
export function canSeePerson(user: SessionUser, person: ScopedPerson): boolean {
  const prefix = scopeOf(user);
  if (prefix === null) return true;
  if (prefix === '') return false;
  return (
    (person.village_admdvs !== null && person.village_admdvs.startsWith(prefix)) ||
    (person.town_admdvs !== null && person.town_admdvs.startsWith(prefix)) ||
    (prefix.length === 6 && person.admdvs === prefix)
  );
}

/**
 * The same test as canSeePerson as SQL for a WHERE, on the persons table under `alias`:
 * `WHERE p.psn_no = $1 AND ${scope.sql}` with `[psnNo, ...scope.params]` and firstParamIndex 2.
 * `TRUE` for a user without a scope.
 */
export function personScopeSql(user: SessionUser, alias: string, firstParamIndex: number): { sql: string; params: string[] } {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(alias)) throw new Error(`personScopeSql: '${alias}' is not an SQL alias`);
  const prefix = scopeOf(user);
  if (prefix === null) return { sql: 'TRUE', params: [] };
  if (prefix === '') return { sql: 'FALSE', params: [] };
  const p = `$${firstParamIndex}::text`;
  const county = prefix.length === 6 ? ` OR ${alias}.admdvs = ${p}` : '';
  return { sql: `(starts_with(${alias}.village_admdvs, ${p}) OR starts_with(${alias}.town_admdvs, ${p})${county})`, params: [prefix] };
}

// ---------------------------------------------------------------------------------------------
// Login rate limit

export interface LimitOptions {
  /** Attempts allowed per window and key (default 10). */
  readonly max: number;
  /** The window in milliseconds (default 15 minutes). */
  readonly windowMs: number;
}

export const LOGIN_LIMIT: LimitOptions = { max: 10, windowMs: 15 * 60_000 };

/**
 * Fixed-window counters in memory (one server process): each login attempt counts against its
 * IP address and its user name; a successful login gives the attempt back to the address and
 * clears the user name's count, so an office of many users behind one address is not locked out by
 * its own logins.
 */
export class AttemptLimiter {
  private readonly counts = new Map<string, { n: number; resetAt: number }>();
  constructor(
    private readonly options: LimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts an attempt; the seconds to wait when the key is over its limit, else 0. */
  hit(key: string): number {
    const now = this.now();
    if (this.counts.size > 10_000) for (const [k, c] of this.counts) if (c.resetAt <= now) this.counts.delete(k);
    let c = this.counts.get(key);
    if (c === undefined || c.resetAt <= now) {
      c = { n: 0, resetAt: now + this.options.windowMs };
      this.counts.set(key, c);
    }
    c.n++;
    return c.n > this.options.max ? Math.max(1, Math.ceil((c.resetAt - now) / 1000)) : 0;
  }

  /** Gives one attempt back. */
  forgive(key: string): void {
    const c = this.counts.get(key);
    if (c !== undefined && c.n > 0) c.n--;
  }

  clear(key: string): void {
    this.counts.delete(key);
  }
}

// ---------------------------------------------------------------------------------------------
// The plugin

export interface AuthOptions {
  readonly db: Db;
  /** The login limit per IP address and per user name; default 10 attempts per 15 minutes. */
  readonly loginLimit?: LimitOptions | undefined;
  /** The clock of the rate limiter (tests). */
  readonly now?: (() => number) | undefined;
}

const USER_SCHEMA = {
  type: 'object',
  properties: {
    username: { type: 'string' },
    role: { type: 'string', enum: [...ROLES] },
    admdvs: { type: ['string', 'null'] },
    canUnmask: { type: 'boolean' },
    disabled: { type: 'boolean' },
    createdBy: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['username', 'role', 'admdvs', 'canUnmask', 'disabled'],
} as const;

const SESSION_SCHEMA = {
  type: 'object',
  properties: { username: { type: 'string' }, role: { type: 'string', enum: [...ROLES] }, admdvs: { type: ['string', 'null'] }, canUnmask: { type: 'boolean' } },
  required: ['username', 'role', 'admdvs', 'canUnmask'],
} as const;

const USERNAME_FIELD = { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,64}$', description: '字母、数字、_ . @ -，1–64 个 / 1–64 letters, digits, _ . @ -' } as const;
const PASSWORD_FIELD = { type: 'string', minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD } as const;
const ADMDVS_FIELD = { type: ['string', 'null'], pattern: '^([0-9]{6}|[0-9]{9}|[0-9]{12})$', description: '乡镇用户的区划代码前缀（6、9 或 12 位） / a township user’s area: 6, 9 or 12 digits' } as const;

const errors = (...codes: number[]): Record<number, typeof ERROR_SCHEMA> => Object.fromEntries(codes.map((c) => [c, ERROR_SCHEMA]));

function publicUser(u: User): Record<string, unknown> {
  return { username: u.username, role: u.role, admdvs: u.admdvs, canUnmask: u.canUnmask, disabled: u.disabled, createdBy: u.createdBy, createdAt: u.createdAt };
}

function sessionView(u: SessionUser): Record<string, unknown> {
  return { username: u.username, role: u.role, admdvs: u.admdvs, canUnmask: u.canUnmask };
}

function userErrorReply(reply: FastifyReply, e: unknown): FastifyReply {
  if (!(e instanceof UserError)) throw e;
  const status = e.code === 'invalid' ? 400 : e.code === 'not-found' ? 404 : 409;
  return sendError(reply, status, e.code, e.message);
}

const BAD_CREDENTIALS = '用户名或密码错误 / wrong user name or password';

const authPluginImpl: FastifyPluginAsync<AuthOptions> = async (app, opts) => {
  const { db } = opts;
  const limiter = new AttemptLimiter(opts.loginLimit ?? LOGIN_LIMIT, opts.now);
  const cookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure: 'auto' } as const;

  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  // A session found is remembered for a few seconds (one statement less per request); a logout
  // forgets it at once, a change of any user forgets every one.
  const sessions = new Map<string, { user: SessionUser | null; until: number }>();
  const SESSION_CACHE_MS = 5000;
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '') {
      request.user = null;
      return;
    }
    const now = Date.now();
    const known = sessions.get(token);
    if (known !== undefined && known.until > now) {
      request.user = known.user;
      return;
    }
    request.user = (await findSession(db, token)) ?? null;
    if (request.user === null) return;
    if (sessions.size >= 10_000) sessions.clear();
    sessions.set(token, { user: request.user, until: now + SESSION_CACHE_MS });
  });

  // The routes, in a context of their own so that their error handler is theirs only.
  await app.register((r, _o, done) => {
    r.setErrorHandler(apiErrorHandler);

    r.post<{ Body: { username: string; password: string } }>(
      '/api/v1/session',
      {
        schema: {
          tags: ['access'],
          summary: '登录 / log in',
          description: `Sets the HttpOnly cookie ${SESSION_COOKIE} (${SESSION_HOURS} h). At most ${(opts.loginLimit ?? LOGIN_LIMIT).max} attempts per IP address and per user name in ${(opts.loginLimit ?? LOGIN_LIMIT).windowMs / 60_000} minutes, then 429 with Retry-After.`,
          body: {
            type: 'object',
            // no NUL in the name: it is looked up and audited, and PostgreSQL text cannot hold NUL (a 400, not a 500)
            properties: { username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[^\\u0000]*$' }, password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD } },
            required: ['username', 'password'],
          },
          response: { 200: SESSION_SCHEMA, ...errors(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const ip = request.ip;
        const ipKey = `ip:${ip}`;
        const userKey = `user:${username.toLowerCase()}`;
        const wait = Math.max(limiter.hit(ipKey), limiter.hit(userKey));
        if (wait > 0) {
          await audit(db, { username, action: 'login-failed', ip, detail: { reason: 'rate-limited' } });
          void reply.header('retry-after', String(wait));
          return sendError(reply, 429, 'too-many-attempts', `登录尝试过多，请 ${Math.ceil(wait / 60)} 分钟后再试 / too many login attempts: try again in ${wait} s`);
        }
        const user = await checkCredentials(db, username, password);
        if (user === undefined) {
          await audit(db, { username, action: 'login-failed', ip, detail: { reason: 'bad-credentials' } });
          return sendError(reply, 401, 'bad-credentials', BAD_CREDENTIALS);
        }
        limiter.forgive(ipKey);
        limiter.clear(userKey);
        await purgeExpiredSessions(db);
        const session = await createSession(db, user.userId);
        await audit(db, { username: user.username, role: user.role, action: 'login', admdvs: user.admdvs, ip });
        void reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_HOURS * 3600 });
        return sessionView(user);
      },
    );

    r.get(
      '/api/v1/session',
      { schema: { tags: ['access'], summary: '当前用户 / the logged-in user', response: { 200: SESSION_SCHEMA, ...errors(401) } }, preHandler: requireRole() },
      (request, reply) => reply.send(sessionView(userOf(request))),
    );

    r.delete(
      '/api/v1/session',
      { schema: { tags: ['access'], summary: '退出登录 / log out', response: { 204: { type: 'null' } } } },
      async (request, reply) => {
        const token = request.cookies[SESSION_COOKIE];
        if (token !== undefined && token !== '') {
          sessions.delete(token);
          await deleteSession(db, token);
        }
        if (request.user !== null) await audit(db, { username: request.user.username, role: request.user.role, action: 'logout', ip: request.ip });
        void reply.clearCookie(SESSION_COOKIE, cookieOptions);
        return reply.code(204).send();
      },
    );

    const admin = requireRole('admin');

    r.get(
      '/api/v1/users',
      { schema: { tags: ['access'], summary: '用户列表（管理员） / users (admin)', response: { 200: { type: 'object', properties: { users: { type: 'array', items: USER_SCHEMA } }, required: ['users'] }, ...errors(401, 403) } }, preHandler: admin },
      async () => ({ users: (await listUsers(db)).map(publicUser) }),
    );

    r.post<{ Body: { username: string; password: string; role: Role; admdvs?: string | null; canUnmask?: boolean } }>(
      '/api/v1/users',
      {
        schema: {
          tags: ['access'],
          summary: '新建用户（管理员） / create a user (admin)',
          body: {
            type: 'object',
            properties: { username: USERNAME_FIELD, password: PASSWORD_FIELD, role: { type: 'string', enum: [...ROLES] }, admdvs: ADMDVS_FIELD, canUnmask: { type: 'boolean' } },
            required: ['username', 'password', 'role'],
          },
          response: { 201: USER_SCHEMA, ...errors(400, 401, 403, 409) },
        },
        preHandler: admin,
      },
      async (request, reply) => {
        const by = userOf(request);
        const b = request.body;
        try {
          const u = await createUser(db, { username: b.username, password: b.password, role: b.role, admdvs: b.admdvs ?? null, canUnmask: b.canUnmask ?? false, createdBy: by.username });
          await audit(db, { username: by.username, role: by.role, action: 'user-create', target: u.username, ip: request.ip, detail: { role: u.role, admdvs: u.admdvs, canUnmask: u.canUnmask } });
          return await reply.code(201).send(publicUser(u));
        } catch (e) {
          return userErrorReply(reply, e);
        }
      },
    );

    r.patch<{ Params: { username: string }; Body: UserChanges }>(
      '/api/v1/users/:username',
      {
        schema: {
          tags: ['access'],
          summary: '修改用户（管理员） / change a user (admin)',
          description: 'Any of role, admdvs, canUnmask, disabled, password. Disabling a user or a new password ends its sessions; the last enabled admin cannot be disabled or demoted (409).',
          params: { type: 'object', properties: { username: { type: 'string', maxLength: 64 } }, required: ['username'] },
          body: {
            type: 'object',
            properties: { role: { type: 'string', enum: [...ROLES] }, admdvs: ADMDVS_FIELD, canUnmask: { type: 'boolean' }, disabled: { type: 'boolean' }, password: PASSWORD_FIELD },
            minProperties: 1,
          },
          response: { 200: USER_SCHEMA, ...errors(400, 401, 403, 404, 409) },
        },
        preHandler: admin,
      },
      async (request, reply) => {
        const by = userOf(request);
        const { password, ...rest } = request.body;
        try {
          const u = await updateUser(db, request.params.username, request.body);
          sessions.clear();
          await audit(db, { username: by.username, role: by.role, action: 'user-update', target: u.username, ip: request.ip, detail: { ...rest, ...(password === undefined ? {} : { passwordChanged: true }) } });
          return publicUser(u);
        } catch (e) {
          return userErrorReply(reply, e);
        }
      },
    );
    done();
  });
};

/**
 * The access plugin: registers @fastify/cookie (unless already there), decorates `request.user`
 * from the session cookie on every request of the instance it is registered on (it is not
 * encapsulated: register it on the root), and adds the session and user routes.
 */
export const authPlugin: FastifyPluginAsync<AuthOptions> = Object.assign(authPluginImpl, {
  [Symbol.for('skip-override')]: true,
  [Symbol.for('fastify.display-name')]: 'sanchong-auth',
});
