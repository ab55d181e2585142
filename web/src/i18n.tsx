/**
 * Chinese first, English switchable. Each page keeps its own strings beside it as
 * `{ zh: {...}, en: {...} }` with the same keys (the type checker holds them together) and reads
 * them with `useT(strings)`; the choice is remembered in the browser.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';

export type Lang = 'zh' | 'en';

export interface Strings<K extends string> {
  readonly zh: Readonly<Record<K, string>>;
  readonly en: Readonly<Record<K, string>>;
}

const KEY = 'sanchong.lang';

interface LangState {
  readonly lang: Lang;
  readonly setLang: (l: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'zh', setLang: () => undefined });

function initialLang(): Lang {
  try {
    const stored = window.localStorage.getItem(KEY);
    if (stored === 'zh' || stored === 'en') return stored;
  } catch {
    /* storage refused: stay with Chinese */
  }
  return 'zh';
}

export function LangProvider({ children }: { children: ReactNode }): ReactNode {
  const [lang, setState] = useState<Lang>(initialLang);
  // the page's language for screen readers, hyphenation and fonts, from the first render on
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setState(l);
    try {
      window.localStorage.setItem(KEY, l);
    } catch {
      /* not remembered */
    }
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** `t(key, { n: 3 })` replaces `{n}` in the string. */
export type T<K extends string> = (key: K, vars?: Readonly<Record<string, string | number>>) => string;

export function translate<K extends string>(strings: Strings<K>, lang: Lang): T<K> {
  return (key, vars) => {
    let s: string = strings[lang][key];
    if (vars !== undefined) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  };
}

export function useT<K extends string>(strings: Strings<K>): T<K> {
  const { lang } = useLang();
  return useMemo(() => translate(strings, lang), [strings, lang]);
}
