// The import direction of shared/docs/DESIGN.md, enforced: the pure core (money, time, people,
// policy, benefits, demo) imports no I/O (no node: built-ins, no file-reading module of ours), and
// every layer imports only the layers beneath it. Fails the build with the offending import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';

const SRC = new URL('../src/', import.meta.url).pathname;
const LAYERS = {
  money: 0, time: 0, people: 1, policy: 2, benefits: 3, demo: 3, subsidy: 3, monitoring: 3, cases: 3, reports: 3,
  ingest: 4, store: 4, cli: 5, server: 5,
};
const PURE = new Set(['money', 'time', 'people', 'policy', 'benefits', 'demo', 'subsidy', 'monitoring', 'cases', 'reports']);
// The one file of the core allowed to read files: it loads packs and hands them to pure code.
const IO_ALLOWED = new Set(['policy/load.ts']);

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const problems = [];
for (const file of files(SRC)) {
  const rel = relative(SRC, file);
  if (rel.endsWith('.test.ts') || rel.includes('/test-support/')) continue;
  const layer = rel.split('/')[0];
  if (!(layer in LAYERS)) {
    problems.push(`${rel}: folder ${layer} is not in the layer map of scripts/check-imports.mjs`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'net', 'http'].includes(spec)) {
      if (PURE.has(layer) && !IO_ALLOWED.has(rel)) problems.push(`${rel}: the pure core imports ${spec}`);
      continue;
    }
    if (!spec.startsWith('.')) {
      if (PURE.has(layer) && !IO_ALLOWED.has(rel) && spec !== 'yaml') problems.push(`${rel}: the pure core imports package ${spec}`);
      continue;
    }
    const target = relative(SRC, resolve(dirname(file), spec));
    const targetLayer = target.split('/')[0];
    if (IO_ALLOWED.has(target.replace(/\.js$/, '.ts')) && PURE.has(layer) && layer !== 'policy') {
      problems.push(`${rel}: the pure core imports the file loader ${target}`);
    }
    if (targetLayer !== layer && (LAYERS[targetLayer] ?? 99) > LAYERS[layer]) {
      problems.push(`${rel}: ${layer} (layer ${LAYERS[layer]}) imports ${target} (layer ${LAYERS[targetLayer]}): imports flow downwards only`);
    }
  }
}
// The web application (web/src) runs in the browser and talks to the service over HTTP only: it
// imports no Node built-in and nothing of the server's tree.
const WEB = new URL('../web/src/', import.meta.url).pathname;
for (const file of readdirSync(WEB, { recursive: true }).map((f) => join(WEB, String(f))).filter((f) => /\.tsx?$/.test(f))) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
    const spec = m[1];
    const rel = relative(WEB, file);
    if (spec.startsWith('node:')) problems.push(`web/src/${rel}: the browser application imports ${spec}`);
    else if (spec.startsWith('.') && !resolve(dirname(file), spec).startsWith(WEB)) problems.push(`web/src/${rel}: imports ${spec}, outside web/src (talk to the server over HTTP)`);
  }
}
if (problems.length > 0) {
  console.error(`import direction violated (shared/docs/DESIGN.md):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('import direction: ok');
