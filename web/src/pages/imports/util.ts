/**
 * Imports in the browser: the batch as the API answers it, the kinds, and the upload itself —
 * XMLHttpRequest (fetch cannot report upload progress) with the multipart field `file` to
 * POST /api/v1/imports/{kind}, then, on a 202, polling the batch's status_url until it is done
 * or failed.
 */
import { ApiError, UNAUTHORIZED_EVENT, api } from '../../api';

export const KINDS = ['persons', 'identities', 'enrollments', 'settlements'] as const;
export type Kind = (typeof KINDS)[number];

export const KIND_NAMES: Readonly<Record<Kind, { zh: string; en: string }>> = {
  persons: { zh: '人员', en: 'Persons' },
  identities: { zh: '身份', en: 'Identities' },
  enrollments: { zh: '参保', en: 'Enrolments' },
  settlements: { zh: '结算', en: 'Settlements' },
};

export interface Batch {
  readonly id: number;
  readonly kind: Kind;
  readonly admdvs: string;
  readonly file_name: string;
  readonly file_hash: string;
  readonly imported_by: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly accepted: number;
  readonly rejected: number;
  readonly status: 'running' | 'done' | 'failed';
  readonly status_url: string;
  readonly rejects_url: string | null;
  /** Only in the upload's answer: imported, resumed, or already-imported (the same file again: nothing changed). */
  readonly outcome?: 'imported' | 'resumed' | 'already-imported';
  /** Only in the upload's answer: rows inserted or updated. */
  readonly written?: number;
}

export interface RejectRow {
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  readonly psn_no: string | null;
  readonly content: Record<string, string>;
}

/** What the upload reports while it goes. */
export type UploadPhase =
  | { readonly phase: 'sending'; readonly percent: number }
  | { readonly phase: 'importing'; readonly batch: Batch | undefined };

function errorOf(xhr: XMLHttpRequest): ApiError {
  let body: { error?: string; message?: string; field?: string; details?: { field: string; reason: string }[] } = {};
  try {
    body = JSON.parse(xhr.responseText) as typeof body;
  } catch {
    /* not JSON */
  }
  if (xhr.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  return new ApiError(xhr.status, body.error ?? `http-${xhr.status}`, body.message ?? `HTTP ${xhr.status}`, body.field, body.details);
}

/** Sends the file with upload progress; resolves with the HTTP status and the answer. */
function send(kind: Kind, file: File, onProgress: (percent: number) => void, signal: AbortSignal): Promise<{ status: number; body: Batch | { status: 'running'; message: string } }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/imports/${kind}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ status: xhr.status, body: JSON.parse(xhr.responseText) as Batch });
        } catch {
          reject(new ApiError(xhr.status, 'bad-answer', '服务器的回答无法读取 / the server’s answer could not be read'));
        }
      } else reject(errorOf(xhr));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', '无法连接服务器，请检查网络后重试 / cannot reach the server: check the network and try again'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort());
    const data = new FormData();
    data.append('file', file, file.name);
    xhr.send(data);
  });
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/**
 * Uploads a file as a batch of `kind` and waits for its end: 201 (done), 200 (the same file was
 * imported before: the earlier batch, nothing changed) or 202 (still importing: polled).
 */
export async function uploadBatch(kind: Kind, file: File, onPhase: (p: UploadPhase) => void, signal: AbortSignal): Promise<Batch> {
  onPhase({ phase: 'sending', percent: 0 });
  const first = await send(kind, file, (percent) => onPhase(percent < 100 ? { phase: 'sending', percent } : { phase: 'importing', batch: undefined }), signal);
  if (first.status !== 202) return first.body as Batch;
  // 202: the batch so far (or, before it was known, only "running"): poll until it ends
  let batch = 'id' in first.body ? first.body : undefined;
  onPhase({ phase: 'importing', batch });
  let wait = 1000;
  for (let tries = 0; ; tries++) {
    await sleep(wait, signal);
    wait = Math.min(wait * 1.5, 5000);
    if (batch === undefined) {
      // not recorded after about two minutes: the import failed before it began; the list says more
      if (tries >= 30) throw new ApiError(500, 'no-batch', '服务器未记录此批次，请在下方导入批次列表中查看 / the server has not recorded this batch: see the list of batches below');
      // the batch was not yet recorded when the server answered: the newest batch of this file's kind
      const list = await api<{ batches: Batch[] }>('/api/v1/imports', { query: { limit: 5 }, signal });
      batch = list.batches.find((b) => b.kind === kind && b.file_name.endsWith(file.name.replace(/[^\p{L}\p{N}._-]+/gu, '_')));
      onPhase({ phase: 'importing', batch });
      continue;
    }
    batch = await api<Batch>(batch.status_url, { signal });
    onPhase({ phase: 'importing', batch });
    if (batch.status !== 'running') return batch;
  }
}

/** The rejects' file downloads. */
export function rejectsFile(id: number, ext: 'xlsx' | 'csv'): string {
  return `/api/v1/imports/${id}/rejects.${ext}`;
}
