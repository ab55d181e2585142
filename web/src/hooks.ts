/**
 * Loading data for a page: the answer, the error, whether it is loading, and a way to load again;
 * a list's filters kept in the address (so a filtered list is a link) and one page of a list the
 * API pages by limit/offset.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api } from './api';
import type { ApiError, Query } from './api';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: ApiError | Error | undefined;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** GET `path` (with `query`) whenever they change; `path` null waits. */
export function useApi<T>(path: string | null, query?: Query): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | Error | undefined>(undefined);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) return undefined;
    const ctl = new AbortController();
    setLoading(true);
    setError(undefined);
    api<T>(path, { query: JSON.parse(key) as Query, signal: ctl.signal })
      .then((d) => {
        setData(d);
        setLoading(false);
      })
      .catch((e: unknown) => {
        if (ctl.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      });
    return () => ctl.abort();
  }, [path, key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

export interface Filters<K extends string> {
  readonly values: Readonly<Record<K, string>>;
  readonly set: (changes: Partial<Record<K | 'page' | 'size', string>>) => void;
  /** The page (from 1) and its size (10 to 200, 20 unless chosen). */
  readonly page: number;
  readonly size: number;
}

/** Filters kept in the address: read them, set some (the page returns to the first unless it is set too). */
export function useFilters<K extends string>(keys: readonly K[]): Filters<K> {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>, [params, keys]);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const size = Math.min(200, Math.max(10, Number(params.get('size') ?? '20') || 20));
  const set = useCallback(
    (changes: Partial<Record<K | 'page' | 'size', string>>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes) as [string, string | undefined][]) {
          if (v === undefined || v === '') next.delete(k);
          else next.set(k, v);
        }
        if (!('page' in changes)) next.delete('page');
        return next;
      });
    },
    [setParams],
  );
  return { values, set, page, size };
}

/**
 * One page of a list the API pages by limit/offset without a total. Alerts and cases answer `more`
 * (whether a next page exists; only the rows answered are read and audited); for a list that does
 * not, one row more than the page is asked for.
 */
export function usePage<T>(path: string | null, listKey: string, query: Query, page: number, size: number): {
  rows: readonly T[] | undefined;
  more: boolean;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
  /** What antd's pagination needs to offer the pages seen so far and the next one. */
  total: number;
} {
  const offset = (page - 1) * size;
  const answersMore = listKey === 'alerts' || listKey === 'cases';
  const r = useApi<Record<string, T[] | boolean | number>>(path, { ...query, limit: answersMore ? size : size + 1, offset });
  const list = r.data?.[listKey];
  const all = Array.isArray(list) ? list : undefined;
  const rows = all?.slice(0, size);
  const more = answersMore ? r.data?.['more'] === true : all !== undefined && all.length > size;
  return { rows, more, error: r.error, loading: r.loading, reload: r.reload, total: offset + (rows?.length ?? 0) + (more ? 1 : 0) };
}
