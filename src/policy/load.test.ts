import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackError } from './errors.js';
import { listPackIds, loadPackFile, loadPacks, POLICIES_DIR } from './load.js';

function tempPack(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-pack-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const HEZE = join(POLICIES_DIR, 'sd-heze', '2022.yaml');

function override(body: string): string {
  return tempPack('override.yaml', `extends: ${HEZE}\n${body}`);
}

function expectPackError(fn: () => unknown, code: string, key: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    expect((e as PackError).code).toBe(code);
    expect((e as PackError).key).toMatch(key);
    return;
  }
  throw new Error('expected a PackError');
}

describe('the shipped packs', () => {
  it.each(listPackIds())('%s loads with every value cited', (id) => {
    const packs = loadPacks(id);
    expect(packs.length).toBeGreaterThan(0);
  });
});

describe('the loader refuses a pack that is not right, naming file and key', () => {
  it('a value without a citation', () => {
    expectPackError(() => loadPackFile(override('tiers:\n  assistance:\n    rules:\n      - id: BEN-HZ-3\n        annual_cap: { value: 80000 }\n')), 'no-citation', /BEN-HZ-3|rules\[1\]\.annual_cap\.cite/);
  });
  it('a quote that the document does not contain', () => {
    expectPackError(
      () => loadPackFile(override('tiers:\n  assistance:\n    rules:\n      - id: BEN-HZ-3\n        annual_cap: { value: 80000, cite: "heze §一(四) «年度最高支付限额8万元»" }\n')),
      'quote-not-found',
      /tiers\.assistance\.rules\[1\]\.annual_cap\.cite/,
    );
  });
  it('an unknown key', () => {
    expectPackError(() => loadPackFile(override('tiers:\n  assistance:\n    ceiling: 3\n')), 'unknown-key', /^tiers\.assistance\.ceiling$/);
  });
  it('a bad date', () => {
    expectPackError(() => loadPackFile(override('effective_from: { value: 2022-02-30, cite: "heze §四 «本通知自 2022 年 5 月 1 日执行»" }\n')), 'bad-date', /^effective_from\.value$/);
  });
  it('an amount with three decimals', () => {
    expectPackError(
      () => loadPackFile(override('tiers:\n  assistance:\n    rules:\n      - id: BEN-HZ-3\n        annual_cap: { value: "70000.001", cite: "heze §一(四) «年度最高支付限额7万元»" }\n')),
      'bad-value',
      /annual_cap\.value$/,
    );
  });
  it('a citation of an undeclared document', () => {
    expectPackError(() => loadPackFile(override('identity_ranking: { value: [tekun], cite: "nowhere §1" }\n')), 'bad-citation', /^identity_ranking\.cite$/);
  });
  it('an extends cycle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-cycle-'));
    writeFileSync(join(dir, 'a.yaml'), 'extends: ./b.yaml\n');
    writeFileSync(join(dir, 'b.yaml'), 'extends: ./a.yaml\n');
    expectPackError(() => loadPackFile(join(dir, 'a.yaml')), 'extends-cycle', /^extends$/);
  });
});

describe('extends', () => {
  it('a bureau override changes only the values it names, rules merged by id', () => {
    const file = override(
      'version: "2022.1-bureau"\ndocuments:\n  bureau: { kind: local, title: 菏泽市医疗保障局 2023 年大病保险执行口径（示例） }\n' +
        'tiers:\n  critical_illness:\n    rules:\n      - id: CI-HZ-STD\n        deductible: { value: 15000, cite: "bureau §1" }\n',
    );
    const pack = loadPackFile(file);
    const std = pack.tiers.critical_illness.rules.find((r) => r.id === 'CI-HZ-STD');
    expect(std?.deductible).toMatchObject({ kind: 'set', value: 1_500_000 });
    expect(std?.bands?.kind).toBe('local');
    expect(pack.tiers.critical_illness.rules.map((r) => r.id)).toEqual(['BEN-HZ-1', 'CI-HZ-STD']);
    expect(pack.files).toHaveLength(3);
  });
});

describe('extends and merge, regressions', () => {
  it('an override that sets a tier\'s local note keeps the tier\'s rules', () => {
    const pack = loadPackFile(override('tiers:\n  critical_illness:\n    local: 局方说明（测试）\n'));
    expect(pack.tiers.critical_illness.local).toBe('局方说明（测试）');
    expect(pack.tiers.critical_illness.rules.map((r) => r.id)).toEqual(['BEN-HZ-1', 'CI-HZ-STD']);
  });
  it('a region id whose folder holds one version resolves to it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanchong-versions-'));
    writeFileSync(join(dir, 'x.yaml'), 'extends: sd-heze\n');
    expect(loadPackFile(join(dir, 'x.yaml')).id).toBe('sd-heze');
  });
});
