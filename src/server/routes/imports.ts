/**
 * Imports over HTTP (docs/api.md):
 * - POST /api/v1/imports/{kind} (multipart field `file`, CSV or XLSX): the file is stored to a
 *   temporary folder and imported as a batch, recomputing the ledger chunk by chunk. A batch that
 *   finishes within a few seconds answers 201 with its counts; a longer one answers 202 with its
 *   id and `status_url` (GET /api/v1/imports/{id}) to poll until `status` is done or failed.
 *   The same file again answers 200 with the earlier batch (nothing changed).
 * - GET /api/v1/imports/{id}: the batch; GET /api/v1/imports?limit=&offset=&kind=: the latest
 *   batches (of one kind) with their total (for paging).
 * - GET /api/v1/imports/{id}/rejects?limit=&offset=: the rejected rows as JSON (line, field,
 *   reason, psn_no, the row as read), for a page to show; GET /api/v1/imports/{id}/rejects.xlsx
 *   (or .csv): the same rows as a file to correct and import again.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { RegionPolicies } from '../../policy/regions.js';
import { importFile, writeBatchRejects } from '../../cli/import.js';
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import type { BatchRecord, ImportKind, ImportResult } from '../../store/imports.js';
import { getBatch, IMPORT_KINDS } from '../../store/imports.js';
import { requireRole, userOf } from '../auth.js';
import { IngestError } from '../../ingest/errors.js';
import { isCertnoHeader } from '../../ingest/headers.js';
import { certnoProblem, maskCertno, normaliseCertno } from '../../people/certno.js';
import { badRequest, HttpError, notFound } from '../errors.js';

/** How long a request waits for its import before answering 202 with a status URL. */
export const IMPORT_WAIT_MS = 3000;

export function batchOut(b: BatchRecord) {
  return {
    id: b.batchId, kind: b.kind, admdvs: b.admdvs, file_name: b.fileName, file_hash: b.fileHash, imported_by: b.importedBy,
    started_at: b.startedAt.toISOString(), finished_at: b.finishedAt?.toISOString() ?? null, accepted: b.accepted, rejected: b.rejected,
    status: b.status, status_url: `/api/v1/imports/${b.batchId}`, rejects_url: b.rejected > 0 ? `/api/v1/imports/${b.batchId}/rejects.xlsx` : null,
  };
}

/** A file name from a browser, safe as one path segment; the extension (which picks the reader) kept. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(-120);
  return clean === '' || clean.startsWith('.') ? `upload${clean}` : clean;
}

export interface ImportRoutes {
  readonly db: Db;
  readonly policies: RegionPolicies;
  readonly waitMs?: number | undefined;
}

/** The largest id or offset a query may name: beyond it PostgreSQL's bigint fails (a 400, not a 500). */
const MAX_ID = Number.MAX_SAFE_INTEGER;

/**
 * A rejected row as shown on screen: ID numbers masked — the column that names them, and any cell
 * holding a valid 18-character number — as in every other answer. The downloads (rejects.xlsx/.csv)
 * keep them, for correction, and are audited as such.
 */
function maskedRow(content: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, v] of Object.entries(content)) {
    const looksLikeOne = typeof v === 'string' && v.length >= 18 && v.length <= 22 && certnoProblem(normaliseCertno(v)) === undefined;
    out[h] = typeof v === 'string' && v !== '' && (isCertnoHeader(h) || looksLikeOne) ? maskCertno(v) : v;
  }
  return out;
}

export function importRoutes(app: FastifyInstance, ctx: ImportRoutes): void {
  const { db, policies } = ctx;
  const waitMs = ctx.waitMs ?? IMPORT_WAIT_MS;

  app.post('/api/v1/imports/:kind', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['imports'],
      summary: '导入文件 / import a file (multipart field `file`)',
      description:
        'persons, identities, enrollments or settlements as CSV or XLSX with NHSA or Chinese headers. 201 when done within a few seconds, 202 with status_url otherwise, 200 when the same file was imported before. Query `region` (6 digits): the region of persons without insuplc_admdvs (default: the only region the service runs).',
      params: { type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: [...IMPORT_KINDS] } } },
      querystring: { type: 'object', properties: { region: { type: 'string', pattern: '^[0-9]{6}$' } } },
      consumes: ['multipart/form-data'],
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const { kind } = request.params as { kind: ImportKind };
    const { region: asked } = request.query as { region?: string };
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传，字段名 file / upload as multipart/form-data, field `file`', undefined, 'file');
    const part = await request.file();
    if (part?.fieldname !== 'file') throw badRequest('缺少文件字段 file / the multipart field `file` is missing', undefined, 'file');
    const name = safeName(part.filename);
    if (!/\.(csv|xlsx)$/i.test(name)) {
      part.file.resume();
      throw badRequest('只接受 .csv 或 .xlsx 文件 / only .csv or .xlsx files are accepted', undefined, 'file');
    }
    const dir = await mkdtemp(join(tmpdir(), 'sanchong-upload-'));
    const path = join(dir, name);
    await pipeline(part.file, createWriteStream(path));
    if (part.file.truncated) {
      await rm(dir, { recursive: true, force: true });
      throw badRequest('文件过大 / the file is too large', undefined, 'file');
    }
    const region = asked ?? (policies.regions.length === 1 ? policies.regions[0]?.admdvs : undefined);
    let started: BatchRecord | undefined;
    const run: Promise<ImportResult> = importFile(db, { kind, path, region, importedBy: user.username, policies, onStart: (b) => (started = b) });
    const done = run
      .then(async (r) => {
        await audit(db, { username: user.username, role: user.role, action: 'import', target: `batch ${r.batch.batchId}`, detail: { kind, file: name, outcome: r.outcome, accepted: r.batch.accepted, rejected: r.batch.rejected }, ip: request.ip });
        return r;
      })
      .finally(() => rm(dir, { recursive: true, force: true }));
    // a background import's failure is kept on its batch (status failed) and logged; a file that
    // cannot be read at all (not UTF-8, not an XLSX, no known header …) is the uploader's to fix
    done.catch((err: unknown) => {
      if (!(err instanceof IngestError)) request.log.error({ err }, 'import failed');
    });
    const first = await Promise.race([
      done.then((r) => ({ r }), (err: unknown) => ({ err })),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs).unref()),
    ]);
    if (first !== undefined && 'err' in first) {
      if (first.err instanceof IngestError) {
        // the server's temporary path is no business of the client's: the file's own name instead
        throw new HttpError(400, { error: first.err.code, message: first.err.message.split(path).join(name), field: 'file' });
      }
      throw first.err;
    }
    if (first === undefined) {
      const b = started === undefined ? undefined : await getBatch(db, started.batchId);
      if (b !== undefined) return reply.status(202).send(batchOut(b));
      return reply.status(202).send({ status: 'running', message: '正在导入 / importing' });
    }
    const { r } = first;
    return reply.status(r.outcome === 'already-imported' ? 200 : 201).send({ ...batchOut(r.batch), outcome: r.outcome, written: r.written });
  });

  app.get('/api/v1/imports', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['imports'],
      summary: '导入批次 / the latest batches, newest first, with their total (paging)',
      querystring: {
        type: 'object',
        properties: {
          limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 }, offset: { type: 'integer', minimum: 0, maximum: MAX_ID, default: 0 },
          kind: { type: 'string', enum: [...IMPORT_KINDS], description: '只看这一类 / only this kind' },
        },
      },
    },
  }, async (request) => {
    const { limit = 50, offset = 0, kind } = request.query as { limit?: number; offset?: number; kind?: ImportKind };
    const ids = await db.query<{ batch_id: number }>(
      'SELECT batch_id FROM import_batches WHERE ($3::text IS NULL OR kind = $3) ORDER BY batch_id DESC LIMIT $1 OFFSET $2',
      [limit, offset, kind ?? null],
    );
    const [count] = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM import_batches WHERE ($1::text IS NULL OR kind = $1)', [kind ?? null]);
    const out = [];
    for (const { batch_id } of ids) {
      const b = await getBatch(db, batch_id);
      if (b !== undefined) out.push(batchOut(b));
    }
    return { batches: out, total: Number(count?.n ?? 0), limit, offset };
  });

  app.get('/api/v1/imports/:id', {
    preHandler: requireRole('admin', 'bureau'),
    schema: { tags: ['imports'], summary: '导入批次状态 / a batch and its status', params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: MAX_ID } } } },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const b = await getBatch(db, id);
    if (b === undefined) throw notFound(`导入批次 ${id} / import batch ${id}`);
    return batchOut(b);
  });

  app.get('/api/v1/imports/:id/rejects', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['imports'],
      summary: '错误行（JSON）/ the rejected rows as JSON, by line',
      description:
        'Each rejected row: line (CSV line or XLSX row), field (NHSA name, \'\' for the whole row), reason (中文 / English), psn_no when known, and the row as read (header → cell). total counts them all; limit/offset page them.',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1, maximum: MAX_ID } } },
      querystring: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }, offset: { type: 'integer', minimum: 0, maximum: MAX_ID, default: 0 } },
      },
    },
  }, async (request) => {
    const { id } = request.params as { id: number };
    const { limit = 100, offset = 0 } = request.query as { limit?: number; offset?: number };
    const b = await getBatch(db, id);
    if (b === undefined) throw notFound(`导入批次 ${id} / import batch ${id}`);
    // the page of rows in SQL (a large file's rejects are not all read for one page), ordered as batchRejects orders them
    const rows = await db.query<{ line: number; field: string; reason: string; psn_no: string | null; content: Record<string, string> }>(
      'SELECT line, field, reason, psn_no, content FROM import_rejects WHERE batch_id = $1 ORDER BY line, reject_id LIMIT $2 OFFSET $3',
      [id, limit, offset],
    );
    const [count] = await db.query<{ n: number | string }>('SELECT count(*) AS n FROM import_rejects WHERE batch_id = $1', [id]);
    const user = userOf(request);
    await audit(db, { username: user.username, role: user.role, action: 'import-rejects-read', target: `batch ${id}`, detail: { offset, rows: rows.length }, ip: request.ip });
    return { batch_id: id, file_name: b.fileName, total: Number(count?.n ?? 0), limit, offset, rejects: rows.map((r) => ({ ...r, content: maskedRow(r.content) })) };
  });

  app.get('/api/v1/imports/:id/rejects.:ext', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['imports'],
      summary: '下载错误行 / the rejected rows, to correct and import again',
      params: { type: 'object', required: ['id', 'ext'], properties: { id: { type: 'integer', minimum: 1, maximum: MAX_ID }, ext: { type: 'string', enum: ['xlsx', 'csv'] } } },
    },
  }, async (request, reply) => {
    const user = userOf(request);
    const { id, ext } = request.params as { id: number; ext: 'xlsx' | 'csv' };
    const b = await getBatch(db, id);
    if (b === undefined) throw notFound(`导入批次 ${id} / import batch ${id}`);
    const dir = await mkdtemp(join(tmpdir(), 'sanchong-rejects-'));
    try {
      const base = b.fileName.replace(/\.(csv|xlsx)$/i, '');
      const path = join(dir, `rejects.${ext}`);
      await writeBatchRejects(db, b, path);
      const body = await readFile(path);
      await audit(db, { username: user.username, role: user.role, action: 'import-rejects-download', target: `batch ${id}`, ip: request.ip });
      const file = `${base}-rejects.${ext}`;
      return await reply
        .header('content-type', ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejects.${ext}"; filename*=UTF-8''${encodeURIComponent(file)}`)
        .send(body);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
