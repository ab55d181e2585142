import { describe, expect, it } from 'vitest';
import { loadPackFile, loadPacks } from './load.js';
import { override, packError } from './test-support/packs.js';


const GX = 'gx/2022.yaml';
const BUREAU = 'documents:\n  bureau: { kind: local, title: 局方监测口径（测试） }\n';

describe('monitoring rules in the shipped packs', () => {
  it('Guangxi: MON-GX-1 is 10,000 yuan, 以上 read as ≥, on the personal burden; MON-GX-2 leaves its threshold [local]', () => {
    const [pack] = loadPacks('gx');
    const [gx1, gx2] = pack?.monitoring?.rules ?? [];
    expect(gx1).toMatchObject({ id: 'MON-GX-1', kind: 'alert' });
    expect(gx1?.threshold).toMatchObject({ kind: 'set', value: 1_000_000 });
    expect(gx1?.comparison).toMatchObject({ kind: 'set', value: '>=', cite: { doc: 'guangxi', clause: '一(四)', quote: '1万元以上' } });
    expect(gx1?.measure).toMatchObject({ kind: 'set', value: 'personal' });
    expect(gx2?.id).toBe('MON-GX-2');
    expect(gx2?.threshold?.kind).toBe('local');
    expect(gx2?.notCategories).toMatchObject({ kind: 'set' });
  });

  it('Yuecheng: MON-YC-1 is strictly above 50,000 (超过) for tekun, dibao, dibian, into 一件事', () => {
    const [pack] = loadPacks('zj-yuecheng');
    const yc1 = pack?.monitoring?.rules.find((r) => r.id === 'MON-YC-1');
    expect(yc1?.comparison).toMatchObject({ kind: 'set', value: '>' });
    expect(yc1?.threshold).toMatchObject({ kind: 'set', value: 5_000_000 });
    expect(yc1?.categories).toMatchObject({ value: ['tekun', 'dibao', 'dibian'] });
    expect(yc1?.process).toMatchObject({ value: 'one_thing' });
    expect(pack?.monitoring?.rules.find((r) => r.id === 'MON-YC-3')?.kind).toBe('breakdown');
  });

  it('Pengshui: MON-CQ-1 is 2 × a [local] standard; the demonstration pack fills it, illustrative', () => {
    const [official] = loadPacks('cq-pengshui');
    const cq = official?.monitoring?.rules[0];
    expect(cq?.threshold?.kind).toBe('local');
    expect(cq?.factor).toMatchObject({ kind: 'set', value: 2 });
    expect(cq?.comparison).toMatchObject({ value: '>=' });
    const [demo] = loadPacks('demo-cq-pengshui');
    expect(demo?.illustrative).toBe(true);
    expect(demo?.monitoring?.rules[0]?.threshold).toMatchObject({ kind: 'set', value: 700_000, cite: { doc: 'demo' } });
    // the override replaced only the threshold: factor and comparison keep the official citation
    expect(demo?.monitoring?.rules[0]?.factor).toMatchObject({ value: 2, cite: { doc: 'pengshui' } });
  });

  it('Heze: MON-HZ-1 leaves measure, threshold and comparison [local]', () => {
    const [pack] = loadPacks('sd-heze');
    const hz = pack?.monitoring?.rules[0];
    expect([hz?.measure?.kind, hz?.threshold?.kind, hz?.comparison?.kind]).toEqual(['local', 'local', 'local']);
  });
});

describe('a monitoring section that is not right is refused, naming file and key', () => {
  it('an unknown key', () => {
    const e = packError(() => loadPackFile(override(GX, 'monitoring:\n  rules:\n    - id: MON-GX-1\n      ceiling: 3\n')));
    expect(e.code).toBe('unknown-key');
    expect(e.key).toBe('monitoring.rules[0].ceiling');
    expect(e.file).toMatch(/override\.yaml$/);
  });
  it('an unknown key in the section itself', () => {
    expect(packError(() => loadPackFile(override(GX, 'monitoring:\n  alerts: []\n'))).key).toBe('monitoring.alerts');
  });
  it('a threshold without a citation', () => {
    const e = packError(() => loadPackFile(override(GX, 'monitoring:\n  rules:\n    - id: MON-GX-2\n      threshold: { value: 20000 }\n')));
    expect(e.code).toBe('no-citation');
    expect(e.key).toBe('monitoring.rules[1].threshold.cite');
  });
  it('a quote that the document does not contain', () => {
    const e = packError(() => loadPackFile(override(GX, 'monitoring:\n  rules:\n    - id: MON-GX-1\n      threshold: { value: 20000, cite: "guangxi §一(四) «2万元以上»" }\n')));
    expect(e.code).toBe('quote-not-found');
    expect(e.key).toBe('monitoring.rules[0].threshold.cite');
  });
  it('a comparison other than >= or >', () => {
    const e = packError(() => loadPackFile(override(GX, 'monitoring:\n  rules:\n    - id: MON-GX-1\n      comparison: { value: "=>", cite: "guangxi §一(四) «1万元以上»" }\n')));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('monitoring.rules[0].comparison.value');
  });
  it('an unknown measure', () => {
    const e = packError(() => loadPackFile(override(GX, 'monitoring:\n  rules:\n    - id: MON-GX-1\n      measure: { value: burden, cite: "guangxi §一(四) «年度医疗费用负担»" }\n')));
    expect(e.key).toBe('monitoring.rules[0].measure.value');
  });
  it('an alert rule without a threshold', () => {
    const e = packError(() => loadPackFile(override(GX, `${BUREAU}monitoring:\n  rules:\n    - { id: X-1, title: t, cite: "bureau §1", measure: { value: total, cite: "bureau §1" }, comparison: { value: ">", cite: "bureau §1" } }\n`)));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('monitoring.rules[2].threshold');
  });
  it('a breakdown rule with a threshold', () => {
    const e = packError(() => loadPackFile(override('zj-yuecheng/2022.yaml', `${BUREAU}monitoring:\n  rules:\n    - id: MON-YC-3\n      threshold: { value: 1, cite: "bureau §1" }\n`)));
    expect(e.key).toBe('monitoring.rules[2].threshold');
  });
});

describe('extends: a bureau sets a [local] monitoring value', () => {
  it('merges by rule id, replacing only the parameters it names', () => {
    const file = override(GX, `${BUREAU}monitoring:\n  rules:\n    - id: MON-GX-2\n      threshold: { value: 30000, cite: "bureau §2 «全量参保人员年度负担3万元以上»" }\n      comparison: { value: ">=", cite: "bureau §2" }\n`);
    const pack = loadPackFile(file);
    const rules = pack.monitoring?.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(['MON-GX-1', 'MON-GX-2']);
    expect(rules[1]?.threshold).toMatchObject({ kind: 'set', value: 3_000_000, cite: { doc: 'bureau' } });
    expect(rules[1]?.measure).toMatchObject({ kind: 'set', value: 'personal', cite: { doc: 'guangxi' } });
    expect(rules[1]?.pushTo?.kind).toBe('local');
  });
  it('a new rule id is appended', () => {
    const file = override(GX, `${BUREAU}monitoring:\n  rules:\n    - { id: GX-LOCAL-1, title: 局方规则, cite: "bureau §3", measure: { value: total, cite: "bureau §3" }, threshold: { value: 100000, cite: "bureau §3" }, comparison: { value: ">", cite: "bureau §3" } }\n`);
    expect(loadPackFile(file).monitoring?.rules.map((r) => r.id)).toEqual(['MON-GX-1', 'MON-GX-2', 'GX-LOCAL-1']);
  });
});
