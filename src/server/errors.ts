/**
 * Errors as the API answers them: `{ error: code, message: '中文 / English', field?, details? }`.
 * Malformed input is a 400 with the reason — never a 500; a 500 is a fault of ours, logged.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OneStopError } from '../store/one-stop.js';

export interface ApiError {
  readonly error: string;
  readonly message: string;
  readonly field?: string | undefined;
  readonly details?: readonly { readonly field: string; readonly reason: string }[] | undefined;
}

/** An expected refusal a route throws: the status and the body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

export const badRequest = (message: string, details?: ApiError['details'], field?: string): HttpError =>
  new HttpError(400, { error: 'bad-request', message, field, details });

/** `what` is bilingual, '人员 X / person X': the answer reads '未找到人员 X / person X not found'. */
export const notFound = (what: string): HttpError => {
  const i = what.indexOf(' / ');
  const zh = i < 0 ? what : what.slice(0, i);
  const en = i < 0 ? what : what.slice(i + 3);
  return new HttpError(404, { error: 'not-found', message: `未找到${zh} / ${en} not found` });
};

/**
 * A page for a GET that no API route answers (the web application's own paths); returns false
 * when it has none, and the JSON 404 goes out.
 */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

export function installErrorHandler(app: FastifyInstance, pageFallback?: PageFallback): void {
  app.setErrorHandler((err: FastifyError | HttpError | OneStopError, request, reply) => {
    if (err instanceof HttpError) return reply.status(err.status).send(err.body);
    if (err instanceof OneStopError) {
      return reply.status(err.status).send({ error: err.code, message: err.message, ...(err.field === undefined ? {} : { field: err.field }) });
    }
    if (err.validation !== undefined) {
      const details = err.validation.map((v) => ({
        field: (v.instancePath === '' ? String((v.params as { missingProperty?: string }).missingProperty ?? '') : v.instancePath.replace(/^\//, '').replace(/\//g, '.')),
        reason: v.message ?? 'invalid',
      }));
      return reply.status(400).send({ error: 'bad-request', message: `请求不符合接口定义 / the request does not match the API: ${err.message}`, details });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: err.code ?? 'bad-request', message: `请求有误 / bad request: ${err.message}` });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: 'internal', message: '服务器内部错误，已记录 / internal error, logged' });
  });
  app.setNotFoundHandler((request, reply) => {
    if (pageFallback !== undefined && pageFallback(request, reply)) return reply;
    return reply.status(404).send({ error: 'not-found', message: `没有此接口 / no such route: ${request.method} ${request.url.split('?')[0] ?? ''}` });
  });
}
