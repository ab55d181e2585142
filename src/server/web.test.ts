import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from './errors.js';
import { webPlugin } from './web.js';

async function appOn(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app, await webPlugin(app, root));
  app.get('/api/v1/ok', () => ({ ok: true }));
  await app.ready();
  return app;
}

describe('the served web application', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sanchong-web-test-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), 'console.log(1)');
    app = await appOn(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers the application\u2019s page for its own paths, with a CSP and no caching', async () => {
    for (const url of ['/', '/persons/P1', '/cases/12?x=1']) {
      const res = await app.inject({ method: 'GET', url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect((await app.inject({ method: 'HEAD', url: '/persons', headers: { accept: 'text/html' } })).statusCode).toBe(200);
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/app-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/gone.js', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('<div id="root">');
  });

  it('never answers an API path, a JSON request or another method with the page', async () => {
    const api = await app.inject({ method: 'GET', url: '/api/v1/nope', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not-found' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/ok' })).json()).toEqual({ ok: true });
    const asJson = await app.inject({ method: 'GET', url: '/persons', headers: { accept: 'application/json' } });
    expect(asJson.statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/persons', headers: { accept: 'text/html' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/docs/nothing', headers: { accept: 'text/html' } })).body).not.toContain('<div id="root">');
  });

  it('without a build, the page says how to make one (503) and the API still answers', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sanchong-web-empty-'));
    const bare = await appOn(empty);
    try {
      const res = await bare.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('npm run build');
      expect((await bare.inject({ method: 'GET', url: '/api/v1/ok' })).statusCode).toBe(200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
