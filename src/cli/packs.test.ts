import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { loadPackFile, loadPacks, POLICIES_DIR } from '../policy/load.js';
import { localGaps, runPacks } from './packs.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-packs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caseGaps = (gaps: { key: string }[]): string[] => gaps.map((g) => g.key).filter((k) => k.startsWith('cases.'));

it('lists the [local] values of the cases: section — Pengshui leaves the approval levels and the 一事一议 cap to the county', () => {
  const [pack] = loadPacks('cq-pengshui');
  if (pack === undefined) throw new Error('no pack');
  const gaps = localGaps(pack);
  expect(caseGaps(gaps)).toEqual(['cases.kinds[0].approval_levels', 'cases.kinds[0].cap', 'cases.kinds[1].approval_levels']);
  expect(gaps.find((g) => g.key === 'cases.kinds[0].cap')?.note).toMatch(/一事一议/);
  // the demonstration pack fills them (illustrative)
  for (const p of loadPacks('demo-cq-pengshui')) expect(caseGaps(localGaps(p))).toEqual([]);
});

it('categories, sources and the township share of a kind left [local] are listed too', () => {
  const file = join(dir, 'override.yaml');
  writeFileSync(
    file,
    `extends: ${join(POLICIES_DIR, 'cq-pengshui/2023.yaml')}\ndocuments:\n  bureau: { kind: local, title: 局方个案口径（测试） }\ncases:\n  kinds:\n` +
      '    - id: CQ-LOCAL-1\n      type: one_thing\n      title: 测试\n      cite: bureau §1\n      categories: { local: 未定 }\n      sources: { local: 未定 }\n' +
      '      approval_levels: { value: [], cite: bureau §1 }\n      cap: { value: personal, cite: bureau §1 }\n      township_share_min: { local: 未定 }\n',
  );
  expect(caseGaps(localGaps(loadPackFile(file)))).toEqual([
    'cases.kinds[0].approval_levels', 'cases.kinds[0].cap', 'cases.kinds[1].approval_levels',
    'cases.kinds[2].categories', 'cases.kinds[2].sources', 'cases.kinds[2].township_share_min',
  ]);
});

it('sanchong packs prints them', () => {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    expect(runPacks(['cq-pengshui'])).toBe(0);
    const text = out.mock.calls.map((c) => String(c[0])).join('');
    expect(text).toContain('    - cases.kinds[0].approval_levels: ');
  } finally {
    out.mockRestore();
  }
});
