import { PackError } from './errors.js';

/** Where a value comes from: a document of the pack, a clause, and the words themselves. */
export interface Citation {
  /** Key of the pack's `documents:` map. */
  readonly doc: string;
  /** Clause number as the document writes it, e.g. 一(三) or 二(一)2. */
  readonly clause: string;
  /** The document's own words; verified against the bundled text when the document has one. */
  readonly quote?: string | undefined;
}

/** A document a pack cites. */
export interface PackDocument {
  readonly title: string;
  /** File under policies/documents/ holding the text; quotes are checked against it. */
  readonly file?: string | undefined;
  /**
   * official: an issued document; standard: a national code list or interface standard;
   * local: the bureau's own decision (a [local] value it set); illustrative: a demonstration
   * value, never official.
   */
  readonly kind: DocumentKind;
}

export type DocumentKind = 'official' | 'standard' | 'local' | 'illustrative';

const SHORT = /^\s*([A-Za-z0-9_-]+)\s*§\s*([^«]+?)\s*(?:«([^»]+)»)?\s*$/;

/**
 * A citation in the short form a policy analyst writes, `heze §一(三) «起付线5000»`, or as an
 * object `{doc, clause, quote}`.
 */
export function parseCitation(raw: unknown, file: string, key: string): Citation {
  if (typeof raw === 'string') {
    const m = SHORT.exec(raw);
    if (!m) throw new PackError('bad-citation', file, key, `引用格式应为「文件 §条款 «原文»」：${raw}`, `a citation reads "doc §clause «quote»": ${raw}`);
    return { doc: m[1] ?? '', clause: (m[2] ?? '').trim(), quote: m[3] };
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      if (k !== 'doc' && k !== 'clause' && k !== 'quote') {
        throw new PackError('unknown-key', file, `${key}.${k}`, '引用中有未知字段', 'unknown key in a citation');
      }
    }
    if (typeof o.doc !== 'string' || typeof o.clause !== 'string') {
      throw new PackError('bad-citation', file, key, '引用须有 doc 与 clause', 'a citation needs doc and clause');
    }
    if (o.quote !== undefined && typeof o.quote !== 'string') {
      throw new PackError('bad-citation', file, `${key}.quote`, '原文须为文本', 'a quote is text');
    }
    return { doc: o.doc, clause: o.clause, quote: o.quote };
  }
  throw new PackError('no-citation', file, key, '缺少引用（cite）', 'missing citation (cite)');
}

/** Whitespace-insensitive, and full-width/half-width parentheses and commas alike. */
export function normaliseText(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/，/g, ',')
    .replace(/：/g, ':')
    .replace(/；/g, ';');
}

export function formatCitation(c: Citation, docs: Readonly<Record<string, PackDocument>>): string {
  const d = docs[c.doc];
  const where = d?.file ?? d?.title ?? c.doc;
  return `${where} §${c.clause}`;
}
