/**
 * Reading packs from disk: the one place in src/policy that touches files. Everything it calls
 * (merge, parse, verify) is pure.
 */
import { RegionPolicies } from './regions.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { verifyCitations } from './citations.js';
import { PackError } from './errors.js';
import { mergePacks } from './merge.js';
import type { Pack } from './pack.js';
import { parsePack } from './parse.js';
import type { Raw } from './reader.js';
import { isMap } from './reader.js';

/** The policies/ folder that ships with the product. */
export const POLICIES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'policies');

function readRaw(file: string): Raw {
  if (!existsSync(file)) throw new PackError('not-found', file, '', '找不到政策包文件', 'pack file not found');
  let raw: unknown;
  try {
    // YAML 1.2 core schema: dates stay strings, so the converters see what was written
    raw = parseYaml(readFileSync(file, 'utf8'), { schema: 'core' });
  } catch (e) {
    throw new PackError('yaml', file, '', `YAML 语法错误：${(e as Error).message}`, `YAML syntax error: ${(e as Error).message}`);
  }
  if (!isMap(raw)) throw new PackError('yaml', file, '', '政策包应为映射', 'a pack is a map');
  return raw;
}

/**
 * `extends:` names a path (./x.yaml, /abs.yaml), a file under policies/ without .yaml
 * (common/nhsa, sd-heze/2022), or a region id (sd-heze) whose folder holds one version. With
 * several versions the id is refused: a pack must not silently follow a newer version.
 */
function resolveRef(ref: string, from: string): string {
  if (ref.startsWith('.') || isAbsolute(ref)) return resolve(dirname(from), ref);
  const file = join(POLICIES_DIR, `${ref}.yaml`);
  const dir = join(POLICIES_DIR, ref);
  if (existsSync(file) || !existsSync(dir)) return file;
  const versions = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  if (versions.length > 1) {
    throw new PackError('bad-value', from, 'extends', `${ref} 有多个版本，请写明：${versions.map((v) => `${ref}/${v.replace(/\.yaml$/, '')}`).join('、')}`, `${ref} has several versions: name one (${versions.map((v) => `${ref}/${v.replace(/\.yaml$/, '')}`).join(', ')})`);
  }
  return versions[0] === undefined ? file : join(dir, versions[0]);
}

/** The raw pack with its `extends:` chain merged in, and the files read (base first). */
function readChain(file: string, seen: readonly string[]): { raw: Raw; files: string[] } {
  if (seen.includes(file)) {
    throw new PackError('extends-cycle', file, 'extends', `extends 形成循环：${[...seen, file].join(' → ')}`, `extends cycle: ${[...seen, file].join(' → ')}`);
  }
  const raw = readRaw(file);
  const ext = raw.extends;
  if (ext === undefined || ext === null) return { raw, files: [file] };
  if (typeof ext !== 'string') throw new PackError('bad-value', file, 'extends', 'extends 应为政策包编号或路径', 'extends is a pack id or path');
  const base = readChain(resolveRef(ext, file), [...seen, file]);
  return { raw: mergePacks(base.raw, raw), files: [...base.files, file] };
}

function documentTexts(pack: Pack, files: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [key, doc] of Object.entries(pack.documents)) {
    if (doc.file === undefined) continue;
    // a bureau's own pack may bundle its documents beside itself; shipped ones live in policies/documents
    const candidates = [...files.map((f) => join(dirname(f), doc.file ?? '')), join(POLICIES_DIR, 'documents', doc.file)];
    const found = candidates.find((p) => existsSync(p));
    if (found === undefined) {
      throw new PackError('not-found', files[files.length - 1] ?? '', `documents.${key}.file`, `找不到文件原文：${doc.file}`, `document text not found: ${doc.file}`);
    }
    texts.set(key, readFileSync(found, 'utf8'));
  }
  return texts;
}

/** One pack file (with what it extends), validated and its citations checked. */
export function loadPackFile(file: string): Pack {
  const abs = resolve(file);
  const { raw, files } = readChain(abs, []);
  const pack = parsePack(raw, abs, files);
  verifyCitations(pack, documentTexts(pack, files), abs);
  return pack;
}

/**
 * `--pack` takes a path to a YAML file or a region id: the id loads every dated version in
 * policies/<id>/, oldest first, and the engine picks the one in force at each settlement.
 */
export function loadPacks(idOrPath: string): Pack[] {
  if (idOrPath.endsWith('.yaml') || idOrPath.endsWith('.yml')) return [loadPackFile(idOrPath)];
  const dir = join(POLICIES_DIR, idOrPath);
  if (!/^[a-z0-9-]+$/.test(idOrPath) || !existsSync(dir)) {
    throw new PackError('not-found', idOrPath, '', `没有此政策包：${idOrPath}`, `no such pack: ${idOrPath} (a region id under policies/ or a .yaml path)`);
  }
  const packs = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => loadPackFile(join(dir, f)));
  return packs.sort((a, b) => (effective(a) < effective(b) ? -1 : 1));
}

function effective(p: Pack): string {
  return p.effectiveFrom.kind === 'set' ? p.effectiveFrom.value : '';
}

export function listPackIds(): string[] {
  return readdirSync(POLICIES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'documents' && d.name !== 'common')
    .map((d) => d.name)
    .sort();
}

/**
 * The packs a service runs, from SANCHONG_PACKS (comma-separated ids or .yaml paths), as region
 * policies: each id loads every version of its region. Empty entries are ignored.
 */
export function loadRegions(spec: string): RegionPolicies {
  const entries = spec.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return new RegionPolicies(entries.map((e) => loadPacks(e)));
}
