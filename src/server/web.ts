/**
 * The web application (web/, built by Vite into dist/web) served by the API's own server, so that
 * `npm start` opens the whole product: hashed assets under /assets/ cached for a year, and the
 * application's page for every other GET that asks for HTML and is not an API path — the
 * browser's router takes it from there. Without a build, that page says how to make one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PageFallback } from './errors.js';

/** dist/web beside this file's tree: src/server → dist/web, and dist/server → dist/web. */
export const WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

/** What the pages may load: our own scripts and styles (Ant Design sets inline styles), images as data: URLs. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>三重 Sanchong</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto">
<h1>网页应用尚未构建 / the web application is not built</h1>
<p>请在项目目录运行 <code>npm run build</code>（<code>npm start</code> 会自动构建），然后刷新本页。接口文档见 <a href="/docs">/docs</a>。</p>
<p>Run <code>npm run build</code> in the project folder (<code>npm start</code> does it), then reload. The API is documented at <a href="/docs">/docs</a>.</p>
</body></html>`;

const API_PATH = /^\/(api|docs|openapi\.json)(\/|$|\?)/;

/** Registers the assets and returns the fallback for installErrorHandler. */
export async function webPlugin(app: FastifyInstance, root: string = WEB_ROOT): Promise<PageFallback> {
  const built = existsSync(join(root, 'index.html'));
  if (built && existsSync(join(root, 'assets'))) {
    await app.register(fastifyStatic, {
      root: join(root, 'assets'),
      prefix: '/assets/',
      index: false,
      wildcard: true,
      immutable: true,
      maxAge: 365 * 24 * 3600 * 1000,
    });
  }
  // Read once per start: the build does not change under a running server.
  const page = built ? readFileSync(join(root, 'index.html'), 'utf8') : NOT_BUILT;
  return (request: FastifyRequest, reply: FastifyReply): boolean => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (API_PATH.test(request.url) || request.url.startsWith('/assets/')) return false;
    const accept = request.headers.accept ?? '';
    if (!accept.includes('text/html') && !accept.includes('*/*') && accept !== '') return false;
    void reply.status(built ? 200 : 503).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(page);
    return true;
  };
}
