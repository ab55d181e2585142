import type { Fen } from '../money/fen.js';
import type { BasisPoints } from '../money/ratio.js';
import { parseRatio } from '../money/ratio.js';
import { parseYuan } from '../money/yuan.js';
import type { Category } from '../people/category.js';
import { parseCategory } from '../people/category.js';
import type { IsoDate } from '../time/date.js';
import { parseDate } from '../time/date.js';
import { PackError } from './errors.js';
import type { Band, Cap } from './pack.js';
import { isMap } from './reader.js';

/** Converters from raw YAML values; each throws a PackError naming file and key. */
export type Convert<T> = (raw: unknown, key: string) => T;

export function converters(file: string) {
  const bad = (key: string, zh: string, en: string): never => {
    throw new PackError('bad-value', file, key, zh, en);
  };
  const money: Convert<Fen> = (raw, key) => {
    const v = parseYuan(typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '');
    return typeof v === 'string' ? bad(key, `金额无效（元，至多两位小数）：${String(raw)}`, `not a yuan amount (at most two decimals): ${String(raw)}`) : v;
  };
  const ratio: Convert<BasisPoints> = (raw, key) => {
    const v = parseRatio(typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : '');
    return v ?? bad(key, `比例无效（如 70% 或 0.7，精确到万分之一）：${String(raw)}`, `not a ratio (70% or 0.7, to a basis point): ${String(raw)}`);
  };
  const integer: Convert<number> = (raw, key) =>
    typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 ? raw : bad(key, '应为非负整数', 'expected a non-negative integer');
  const date: Convert<IsoDate> = (raw, key) => {
    const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : typeof raw === 'string' ? raw : '';
    const d = parseDate(text);
    if (d === undefined) throw new PackError('bad-date', file, key, `日期无效：${String(raw)}`, `not a date (yyyy-MM-dd): ${String(raw)}`);
    return d;
  };
  const category: Convert<Category> = (raw, key) =>
    (typeof raw === 'string' ? parseCategory(raw) : undefined) ?? bad(key, `未知的身份类别：${String(raw)}`, `unknown identity category: ${String(raw)}`);
  const list = <T>(item: Convert<T>): Convert<readonly T[]> => (raw, key) =>
    Array.isArray(raw) ? raw.map((x, i) => item(x, `${key}[${i}]`)) : bad(key, '应为列表', 'expected a list');
  const code: Convert<string> = (raw, key) =>
    typeof raw === 'string' || (typeof raw === 'number' && Number.isInteger(raw)) ? String(raw) : bad(key, '应为代码文本', 'expected a code');
  const cap: Convert<Cap> = (raw, key) => (raw === 'none' ? 'none' : money(raw, key));
  const band: Convert<Band> = (raw, key) => {
    if (!isMap(raw)) return bad(key, '分段应为 {upto, ratio}', 'a band is {upto, ratio}');
    for (const k of Object.keys(raw)) if (k !== 'upto' && k !== 'ratio') bad(`${key}.${k}`, '未知的键', 'unknown key');
    return { upto: raw.upto === undefined || raw.upto === null ? undefined : money(raw.upto, `${key}.upto`), ratio: ratio(raw.ratio, `${key}.ratio`) };
  };
  const bands: Convert<readonly Band[]> = (raw, key) => {
    const bs = list(band)(raw, key);
    bs.forEach((b, i) => {
      const last = i === bs.length - 1;
      if (last !== (b.upto === undefined)) bad(`${key}[${i}].upto`, '只有最后一段不设上限', 'only the last band is open-ended');
      const prev = bs[i - 1]?.upto;
      if (prev !== undefined && b.upto !== undefined && b.upto <= prev) bad(`${key}[${i}].upto`, '分段上限须递增', 'band limits must increase');
    });
    if (bs.length === 0) bad(key, '至少一段', 'at least one band');
    return bs;
  };
  const ranking: Convert<readonly (readonly Category[])[]> = (raw, key) =>
    Array.isArray(raw)
      ? raw.map((x, i) => (Array.isArray(x) ? list(category)(x, `${key}[${i}]`) : [category(x, `${key}[${i}]`)]))
      : bad(key, '应为列表', 'expected a list');
  const ratioMap: Convert<Readonly<Record<string, BasisPoints>>> = (raw, key) => {
    if (!isMap(raw)) return bad(key, '应为映射', 'expected a map');
    const out: Record<string, BasisPoints> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = ratio(v, `${key}.${k}`);
    return out;
  };
  const levelMap: Convert<Readonly<Record<string, number>>> = (raw, key) => {
    if (!isMap(raw)) return bad(key, '应为映射', 'expected a map');
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = integer(v, `${key}.${k}`);
    return out;
  };
  /** One of the allowed codes; anything else refused naming them (zh and en). */
  const oneOf = <T extends string>(allowed: readonly T[], zh: string, en: string): Convert<T> => (raw, key) =>
    typeof raw === 'string' && (allowed as readonly string[]).includes(raw)
      ? (raw as T)
      : bad(key, `${zh}：${String(raw)}（可选 ${allowed.join('、')}）`, `${en}: ${String(raw)} (one of ${allowed.join(', ')})`);
  return { money, ratio, integer, date, category, list, code, cap, bands, ranking, ratioMap, levelMap, oneOf };
}
