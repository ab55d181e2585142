/** Loading data for a page: the answer, the error, whether it is loading, and a way to load again. */
import { useCallback, useEffect, useState } from 'react';
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
