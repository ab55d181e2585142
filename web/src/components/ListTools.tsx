/**
 * What the lists with filters in the address and paging by the server share (alerts, cases,
 * reports): a text filter that acts on Enter (and when cleared), refusing text its pattern does
 * not take, the table's rows with its empty state (blank while loading), and the table's paging:
 * page sizes, "page n", and the page kept in the address.
 */
import { Input } from 'antd';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import type { Filters } from '../hooks';
import { EmptyState } from './State';
import { useT } from '../i18n';

const S = {
  zh: { page: '第 {p} 页' },
  en: { page: 'Page {p}' },
} as const;

/** A text filter applied on Enter (and when cleared); named by `label`, else by its placeholder. */
export function FilterInput(props: { value: string; placeholder: string; label?: string; pattern: RegExp; onApply: (v: string) => void; width?: number }): ReactNode {
  const [v, setV] = useState(props.value);
  useEffect(() => setV(props.value), [props.value]);
  const ok = v === '' || props.pattern.test(v);
  return (
    <Input.Search
      allowClear
      value={v}
      status={ok ? undefined : 'error'}
      placeholder={props.placeholder}
      aria-label={props.label ?? props.placeholder}
      style={{ width: props.width ?? 240 }}
      onChange={(e) => {
        setV(e.target.value);
        if (e.target.value === '') props.onApply('');
      }}
      onSearch={(s) => ok && props.onApply(s.trim())}
    />
  );
}

/**
 * The paging of a list whose page is in the address (useFilters) and whose total is what the pages
 * seen so far and the next one need (usePage); `keep` names filters a page change keeps as they are.
 */
export function usePagination<K extends string>(f: Filters<K>, total: number, keep?: Partial<Record<K, string>>): TablePaginationConfig {
  const t = useT(S);
  return {
    current: f.page,
    pageSize: f.size,
    total,
    showSizeChanger: true,
    pageSizeOptions: [20, 50, 100],
    showTotal: () => t('page', { p: f.page }),
    onChange: (p, s) => f.set({ ...keep, page: String(p), size: String(s) } as Partial<Record<K | 'page' | 'size', string>>),
  };
}

/** A page of a list's rows for the table, with the empty state that says what to do (blank while the page loads). */
export function listRows<T>(list: { readonly rows: readonly T[] | undefined; readonly loading: boolean }, empty: string): Pick<TableProps<T>, 'loading' | 'dataSource' | 'locale'> {
  return {
    loading: list.loading,
    dataSource: list.rows === undefined ? [] : [...list.rows],
    locale: { emptyText: list.loading ? ' ' : <EmptyState description={empty} /> },
  };
}
