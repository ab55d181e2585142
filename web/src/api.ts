/**
 * The API client: JSON over fetch with the session cookie, errors as the API states them
 * (`{ error, message: '中文 / English', field?, details? }`), and a signal to the session when the
 * server answers 401 (the session ended), so the application returns to the sign-in page.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: readonly { field: string; reason: string }[],
  ) {
    super(message);
  }
}

export const UNAUTHORIZED_EVENT = 'sanchong:unauthorized';

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (query === undefined) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${s}`;
}

async function failure(res: Response): Promise<ApiError> {
  let body: { error?: string; message?: string; field?: string; details?: { field: string; reason: string }[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON: a proxy's page or a network fault */
  }
  if (res.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  return new ApiError(res.status, body.error ?? `http-${res.status}`, body.message ?? `HTTP ${res.status} ${res.statusText}`, body.field, body.details);
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly query?: Query;
  readonly signal?: AbortSignal;
}

/** One API call; resolves with the parsed JSON (undefined for 204), rejects with ApiError. */
export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method: o.method ?? 'GET', credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (o.signal !== undefined) init.signal = o.signal;
  if (o.body instanceof FormData) init.body = o.body;
  else if (o.body !== undefined) {
    init.body = JSON.stringify(o.body);
    init.headers = { ...init.headers, 'content-type': 'application/json' };
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, o.query), init);
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络后重试 / cannot reach the server: check the network and try again');
  }
  if (!res.ok) throw await failure(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/** The part of a bilingual API message in the reader's language ("中文 / English"). */
export function messageIn(message: string, lang: 'zh' | 'en'): string {
  const i = message.indexOf(' / ');
  if (i < 0) return message;
  return lang === 'zh' ? message.slice(0, i) : message.slice(i + 3);
}

export interface SessionUser {
  readonly username: string;
  readonly role: 'admin' | 'bureau' | 'township' | 'viewer';
  readonly admdvs: string | null;
  readonly canUnmask: boolean;
}
