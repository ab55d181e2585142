import { isMap } from './reader.js';
import type { Raw } from './reader.js';

/**
 * `extends:` semantics. Maps merge key by key; lists of maps that carry an `id` (rules) merge by
 * id — a rule of the override changes only the keys it names, a new id is appended; a parameter
 * node, any other list and any other value is replaced. Pure.
 */
export function mergePacks(base: Raw, override: Raw): Raw {
  const out: Raw = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const b = out[k];
    if (isMap(b) && isMap(v) && !isParam(b)) out[k] = mergePacks(b, v);
    else if (Array.isArray(b) && Array.isArray(v) && isRuleList(b) && isRuleList(v)) out[k] = mergeById(b, v);
    else out[k] = v;
  }
  return out;
}

const PARAM_KEYS = new Set(['value', 'cite', 'interpretation', 'local']);

/**
 * A parameter node (`{value, cite, interpretation}` or `{local}`) is replaced whole: an
 * override's value brings its own citation. Decided on the base, so a tier that carries a
 * `local:` note beside its rules is still merged key by key.
 */
function isParam(v: Raw): boolean {
  const keys = Object.keys(v);
  return keys.length > 0 && ('value' in v || 'local' in v) && keys.every((k) => PARAM_KEYS.has(k));
}

function isRuleList(xs: unknown[]): xs is Raw[] {
  return xs.every((x) => isMap(x) && typeof x.id === 'string');
}

function mergeById(base: Raw[], override: Raw[]): Raw[] {
  const out = base.map((r) => ({ ...r }));
  for (const o of override) {
    const i = out.findIndex((r) => r.id === o.id);
    if (i >= 0) out[i] = mergePacks(out[i] ?? {}, o);
    else out.push(o);
  }
  return out;
}
