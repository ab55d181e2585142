import type { Citation } from './citation.js';
import { parseCitation } from './citation.js';
import { PackError } from './errors.js';
import type { LocalParam, Param } from './pack.js';

export type Raw = Record<string, unknown>;

export function isMap(v: unknown): v is Raw {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Walks a raw YAML map, remembering its path for messages and refusing unknown keys. */
export class MapReader {
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string,
    readonly path: string,
    readonly raw: Raw,
  ) {}

  static of(file: string, path: string, raw: unknown): MapReader {
    if (!isMap(raw)) throw new PackError('bad-value', file, path, '此处应为映射（键: 值）', 'expected a map (key: value)');
    return new MapReader(file, path, raw);
  }

  keyOf(k: string): string {
    return this.path ? `${this.path}.${k}` : k;
  }

  has(k: string): boolean {
    return this.raw[k] !== undefined && this.raw[k] !== null;
  }

  get(k: string): unknown {
    this.seen.add(k);
    return this.raw[k];
  }

  fail(k: string, zh: string, en: string): never {
    throw new PackError('bad-value', this.file, this.keyOf(k), zh, en);
  }

  string(k: string): string {
    const v = this.get(k);
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'number') return String(v);
    if (v === undefined || v === null) throw new PackError('missing-key', this.file, this.keyOf(k), '缺少此项', 'missing');
    return this.fail(k, '应为文本', 'expected text');
  }

  optionalString(k: string): string | undefined {
    return this.has(k) ? this.string(k) : (this.get(k), undefined);
  }

  map(k: string): MapReader {
    return MapReader.of(this.file, this.keyOf(k), this.get(k));
  }

  optionalMap(k: string): MapReader | undefined {
    return this.has(k) ? this.map(k) : (this.get(k), undefined);
  }

  list(k: string): unknown[] {
    const v = this.get(k);
    if (Array.isArray(v)) return v;
    if (v === undefined || v === null) return [];
    return this.fail(k, '应为列表', 'expected a list');
  }

  citation(k: string): Citation {
    return parseCitation(this.get(k), this.file, this.keyOf(k));
  }

  optionalCitation(k: string): Citation | undefined {
    return this.has(k) ? this.citation(k) : (this.get(k), undefined);
  }

  /**
   * A parameter: `{value, cite, interpretation?}` or `{local: "…"}`. A value with no citation
   * does not load.
   */
  param<T>(k: string, convert: (raw: unknown, key: string) => T): Param<T> {
    const node = this.map(k);
    if (node.has('local')) {
      const note = node.string('local');
      node.done();
      if (node.has('value')) node.fail('value', '[local] 项不可同时给出 value', 'a [local] marker cannot also carry a value');
      return { kind: 'local', key: node.path, note } satisfies LocalParam;
    }
    if (!node.has('value')) throw new PackError('missing-key', this.file, node.keyOf('value'), '缺少 value（或 local 标记）', 'missing value (or a local marker)');
    const value = convert(node.get('value'), node.keyOf('value'));
    if (!node.has('cite')) throw new PackError('no-citation', this.file, node.keyOf('cite'), `${node.path} 的值没有引用，不予加载`, `${node.path} has a value without a citation: not loaded`);
    const cite = node.citation('cite');
    const interpretation = node.optionalString('interpretation');
    node.done();
    return { kind: 'set', key: node.path, value, cite, interpretation };
  }

  optionalParam<T>(k: string, convert: (raw: unknown, key: string) => T): Param<T> | undefined {
    return this.has(k) ? this.param(k, convert) : (this.get(k), undefined);
  }

  /** Every key must have been read: unknown keys are refused, naming the key. */
  done(): void {
    for (const k of Object.keys(this.raw)) {
      if (!this.seen.has(k)) {
        throw new PackError('unknown-key', this.file, this.keyOf(k), '未知的键', 'unknown key');
      }
    }
  }
}
