import { describe, expect, it } from 'vitest';
import { citationsOf } from './citations.js';
import { loadPackFile, loadPacks } from './load.js';
import { override, packError } from './test-support/packs.js';


const CQ = 'cq-pengshui/2023.yaml';
const YC = 'zj-yuecheng/2022.yaml';
const GX = 'gx/2022.yaml';
const BUREAU = 'documents:\n  bureau: { kind: local, title: 局方个案口径（测试） }\n';
/** A complete, valid kind citing the bureau document; `extra` lines are appended (6-space indent). */
const kind = (id: string, type: string, extra = ''): string =>
  `    - id: ${id}\n      type: ${type}\n      title: 测试\n      cite: bureau §1\n` +
  '      categories: { value: [dibao], cite: bureau §1 }\n      sources: { value: [donation], cite: bureau §1 }\n' +
  '      approval_levels: { value: [], cite: bureau §1 }\n      cap: { value: personal, cite: bureau §1 }\n' +
  extra;

describe('cases in the shipped packs', () => {
  it('Pengshui: CASE-1 一事一议 (monitoring objects and tuopin; approval and cap [local]) and CASE-2 依申请救助', () => {
    const [pack] = loadPacks('cq-pengshui');
    const [c1, c2, ...rest] = pack?.cases?.kinds ?? [];
    expect(rest).toEqual([]);
    expect(c1).toMatchObject({ id: 'CASE-1', type: 'special', key: 'cases.kinds[0]', cite: { doc: 'pengshui', clause: '三(三)3' } });
    expect(c1?.categories).toMatchObject({ kind: 'set', value: ['tuopin', 'tpbwd', 'byyzp', 'tfkn'] });
    expect(c1?.sources).toMatchObject({ kind: 'set', value: ['social_assistance', 'donation', 'mutual_aid'] });
    expect(c1?.approvalLevels).toMatchObject({ kind: 'local', key: 'cases.kinds[0].approval_levels' });
    expect(c1?.cap.kind).toBe('local');
    expect(c1?.townshipShareMin).toBeUndefined();
    expect(c1?.alertRule).toBeUndefined();
    expect(c2).toMatchObject({ id: 'CASE-2', type: 'application', cite: { clause: '三(三)1' } });
    expect(c2?.categories).toMatchObject({ value: ['tpbwd', 'byyzp', 'tfkn', 'ybzp'] });
    expect(c2?.categories.kind === 'set' && c2.categories.interpretation).toMatch(/易返贫致贫人口/);
    expect(c2?.sources).toMatchObject({ value: ['medical_assistance'], cite: { quote: '纳入医疗救助范围' } });
    expect(c2?.approvalLevels.kind).toBe('local');
    expect(c2?.cap).toMatchObject({ kind: 'set', value: 'policy_scope_personal' });
    expect(c2?.cap.kind === 'set' && c2.cap.interpretation).toMatch(/酌情/);
    expect(pack?.cases?.rectification).toBeUndefined();
  });

  it('Yuecheng: CASE-3 一件事, township ≥ 60 % (6,000 bp), the leading group, opened by MON-YC-1', () => {
    const [pack] = loadPacks('zj-yuecheng');
    const [c3] = pack?.cases?.kinds ?? [];
    expect(pack?.cases?.kinds).toHaveLength(1);
    expect(c3).toMatchObject({ id: 'CASE-3', type: 'one_thing', alertRule: 'MON-YC-1' });
    expect(c3?.categories).toMatchObject({ value: ['tekun', 'dibao', 'dibian'] });
    expect(c3?.sources).toMatchObject({ value: ['township', 'treasury'] });
    expect(c3?.townshipShareMin).toMatchObject({ kind: 'set', value: 6000, cite: { doc: 'yuecheng', clause: '二(四)12' } });
    expect(c3?.approvalLevels).toMatchObject({ kind: 'set', value: ['leading_group'] });
    expect(c3?.cap).toMatchObject({ kind: 'set', value: 'personal' });
    // the rule it names is the pack's own alert rule, into 一件事
    expect(pack?.monitoring?.rules.find((r) => r.id === c3?.alertRule)?.process).toMatchObject({ value: 'one_thing' });
  });

  it('Heze: only the rectification ledger (CASE-4); Guangxi: no section', () => {
    const [heze] = loadPacks('sd-heze');
    expect(heze?.cases?.kinds).toEqual([]);
    expect(heze?.cases?.rectification).toMatchObject({ doc: 'heze', clause: '三', quote: expect.stringContaining('建立整改台账') as unknown });
    const [gx] = loadPacks('gx');
    expect(gx?.cases).toBeUndefined();
  });

  it('every citation of the section is verified (listed by citationsOf)', () => {
    const [cq] = loadPacks('cq-pengshui');
    const keys = citationsOf(cq!).map((c) => c.key).filter((k) => k.startsWith('cases.'));
    expect(keys).toEqual([
      'cases.kinds[0].cite', 'cases.kinds[0].categories.cite', 'cases.kinds[0].sources.cite',
      'cases.kinds[1].cite', 'cases.kinds[1].categories.cite', 'cases.kinds[1].sources.cite', 'cases.kinds[1].cap.cite',
    ]);
    const [yc] = loadPacks('zj-yuecheng');
    expect(citationsOf(yc!).filter((c) => c.key.startsWith('cases.'))).toHaveLength(6);
    const [heze] = loadPacks('sd-heze');
    expect(citationsOf(heze!).filter((c) => c.key.startsWith('cases.')).map((c) => c.key)).toEqual(['cases.rectification']);
  });
});

describe('the demonstration pack fills the [local] case values, merged by id', () => {
  it('CASE-1 and CASE-2 approve at township then bureau; CASE-1 caps at the personal burden; the rest keeps the official citations', () => {
    const [demo] = loadPacks('demo-cq-pengshui');
    expect(demo?.illustrative).toBe(true);
    const [c1, c2, ...rest] = demo?.cases?.kinds ?? [];
    expect(rest).toEqual([]);
    expect(c1?.approvalLevels).toMatchObject({ kind: 'set', value: ['township', 'bureau'], cite: { doc: 'demo' } });
    expect(c1?.cap).toMatchObject({ kind: 'set', value: 'personal', cite: { doc: 'demo' } });
    expect(c2?.approvalLevels).toMatchObject({ kind: 'set', value: ['township', 'bureau'], cite: { doc: 'demo' } });
    // not overridden: the official values and their citations
    expect(c1).toMatchObject({ type: 'special', cite: { doc: 'pengshui', clause: '三(三)3' } });
    expect(c1?.categories).toMatchObject({ value: ['tuopin', 'tpbwd', 'byyzp', 'tfkn'], cite: { doc: 'pengshui' } });
    expect(c1?.sources).toMatchObject({ cite: { doc: 'pengshui' } });
    expect(c2?.cap).toMatchObject({ value: 'policy_scope_personal', cite: { doc: 'pengshui', clause: '三(三)1' } });
    expect(c2?.categories).toMatchObject({ cite: { doc: 'pengshui' } });
    for (const p of [c1?.approvalLevels, c1?.cap, c2?.approvalLevels]) expect(p?.kind === 'set' && p.interpretation).toMatch(/非官方/);
  });

  it('a bureau appends a kind of its own with a new id', () => {
    const pack = loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n${kind('CQ-LOCAL-1', 'special')}`));
    expect(pack.cases?.kinds.map((k) => k.id)).toEqual(['CASE-1', 'CASE-2', 'CQ-LOCAL-1']);
    expect(pack.cases?.kinds[2]?.approvalLevels).toMatchObject({ kind: 'set', value: [] });
  });
});

describe('a cases section that is not right is refused, naming file and key', () => {
  it('an unknown key in a kind', () => {
    const e = packError(() => loadPackFile(override(CQ, 'cases:\n  kinds:\n    - id: CASE-1\n      ceiling: 3\n')));
    expect(e.code).toBe('unknown-key');
    expect(e.key).toBe('cases.kinds[0].ceiling');
    expect(e.file).toMatch(/override\.yaml$/);
  });
  it('an unknown key in the section', () => {
    const e = packError(() => loadPackFile(override(CQ, 'cases:\n  ledger: []\n')));
    expect(e.code).toBe('unknown-key');
    expect(e.key).toBe('cases.ledger');
  });
  it('an unknown case type', () => {
    const e = packError(() => loadPackFile(override(CQ, 'cases:\n  kinds:\n    - id: CASE-1\n      type: charity\n')));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('cases.kinds[0].type');
    expect(e.zh).toMatch(/个案类别/);
    expect(e.en).toMatch(/special, application, one_thing/);
  });
  it('an unknown fund source', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      sources: { value: [lottery], cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[0].sources.value[0]');
    expect(e.zh).toMatch(/资金来源/);
  });
  it('an unknown approval level', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      approval_levels: { value: [township, mayor], cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[0].approval_levels.value[1]');
  });
  it('an approval level listed twice', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      approval_levels: { value: [township, township], cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[0].approval_levels.value[1]');
  });
  it('an unknown cap', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      cap: { value: total, cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[0].cap.value');
  });
  it('an unknown category', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      categories: { value: [nobody], cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[0].categories.value[0]');
  });
  it('no sources', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-2\n      sources: { value: [], cite: bureau §1 }\n`)));
    expect(e.key).toBe('cases.kinds[1].sources.value');
  });
  it.each(['categories', 'sources', 'approval_levels', 'cap'])('a missing required parameter: %s', (param) => {
    const body = kind('CQ-LOCAL-1', 'special').split('\n').filter((l) => !l.startsWith(`      ${param}:`)).join('\n');
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n${body}`)));
    expect(e.code).toBe('missing-key');
    expect(e.key).toBe(`cases.kinds[2].${param}`);
  });
  it('a missing type or title', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - { id: CQ-LOCAL-1, title: t, cite: bureau §1 }\n`)));
    expect(e.code).toBe('missing-key');
    expect(e.key).toBe('cases.kinds[2].type');
  });
  it('a value without a citation', () => {
    const e = packError(() => loadPackFile(override(CQ, 'cases:\n  kinds:\n    - id: CASE-1\n      cap: { value: personal }\n')));
    expect(e.code).toBe('no-citation');
    expect(e.key).toBe('cases.kinds[0].cap.cite');
  });
  it('township_share_min on a kind that is not one_thing', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n    - id: CASE-1\n      township_share_min: { value: 60%, cite: bureau §1 }\n`)));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('cases.kinds[0].township_share_min');
  });
  it('a one_thing kind without township_share_min', () => {
    const e = packError(() => loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n${kind('CQ-LOCAL-1', 'one_thing')}`)));
    expect(e.code).toBe('missing-key');
    expect(e.key).toBe('cases.kinds[2].township_share_min');
  });
  it('a one_thing kind may leave its share [local]', () => {
    const pack = loadPackFile(override(CQ, `${BUREAU}cases:\n  kinds:\n${kind('CQ-LOCAL-1', 'one_thing', '      township_share_min: { local: 未定 }\n')}`));
    expect(pack.cases?.kinds[2]?.townshipShareMin?.kind).toBe('local');
  });
  it('a township share that is not a ratio', () => {
    const e = packError(() => loadPackFile(override(YC, 'cases:\n  kinds:\n    - id: CASE-3\n      township_share_min: { value: 160%, cite: "yuecheng §二(四)12 «60%以上»" }\n')));
    expect(e.key).toBe('cases.kinds[0].township_share_min.value');
  });
  it('a duplicate id (in a file whose base has no cases: an override naming an id twice merges the two)', () => {
    const e = packError(() => loadPackFile(override(GX, `${BUREAU}cases:\n  kinds:\n${kind('X-1', 'special')}${kind('X-1', 'special')}`)));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('cases.kinds[1].id');
    expect(e.en).toMatch(/duplicate/);
  });
  it('an alert_rule naming no rule of the pack', () => {
    const e = packError(() => loadPackFile(override(YC, 'cases:\n  kinds:\n    - id: CASE-3\n      alert_rule: MON-YC-9\n')));
    expect(e.code).toBe('bad-value');
    expect(e.key).toBe('cases.kinds[0].alert_rule');
    expect(e.file).toMatch(/override\.yaml$/);
  });
  it('an alert_rule naming a breakdown rule', () => {
    const e = packError(() => loadPackFile(override(YC, 'cases:\n  kinds:\n    - id: CASE-3\n      alert_rule: MON-YC-3\n')));
    expect(e.key).toBe('cases.kinds[0].alert_rule');
  });
  it('an alert_rule in a pack without monitoring rules of that id (Guangxi has MON-GX-*, not MON-YC-1)', () => {
    const e = packError(() => loadPackFile(override(GX, `${BUREAU}cases:\n  kinds:\n${kind('GX-LOCAL-1', 'application', '      alert_rule: MON-YC-1\n')}`)));
    expect(e.key).toBe('cases.kinds[0].alert_rule');
  });
  it('a quote that the document does not contain', () => {
    const e = packError(() => loadPackFile(override(YC, 'cases:\n  kinds:\n    - id: CASE-3\n      township_share_min: { value: 50%, cite: "yuecheng §二(四)12 «由属地镇街承担一定比例（50%以上）»" }\n')));
    expect(e.code).toBe('quote-not-found');
    expect(e.key).toBe('cases.kinds[0].township_share_min.cite');
  });
  it('a kind quote and a rectification quote are verified too', () => {
    expect(packError(() => loadPackFile(override(CQ, 'cases:\n  kinds:\n    - id: CASE-2\n      cite: pengshui §三(三)1 «全额救助»\n'))).key).toBe('cases.kinds[1].cite');
    const e = packError(() => loadPackFile(override('sd-heze/2022.yaml', 'cases:\n  rectification: heze §三 «建立整改台账并每月通报»\n')));
    expect(e.code).toBe('quote-not-found');
    expect(e.key).toBe('cases.rectification');
  });
  it('an empty section', () => {
    const e = packError(() => loadPackFile(override(GX, 'cases: {}\n')));
    expect(e.code).toBe('missing-key');
    expect(e.key).toBe('cases.kinds');
  });
});
