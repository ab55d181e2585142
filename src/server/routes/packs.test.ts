import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localGaps } from '../../cli/packs.js';
import { citationsOf } from '../../policy/citations.js';
import { listPackIds, loadPacks } from '../../policy/load.js';
import type { Pack } from '../../policy/pack.js';
import { openPglite } from '../../store/pglite.js';
import type { ServiceTestApp } from '../test-support/service-app.js';
import { json, serviceApp } from '../test-support/service-app.js';
import type { ValueOut } from './packs.js';
import { packValues, packVersionOut } from './packs.js';

/** Every parameter of a pack found by walking the object itself: what packValues must not miss. */
function paramKeys(pack: Pack): string[] {
  const keys: string[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    const isParam = (o['kind'] === 'set' && 'value' in o && 'cite' in o) || (o['kind'] === 'local' && 'note' in o);
    if (isParam && typeof o['key'] === 'string') {
      keys.push(o['key']);
      return;
    }
    // a tier the document leaves to the bureau as a whole
    if (typeof o['local'] === 'string' && typeof o['key'] === 'string' && Array.isArray(o['rules'])) keys.push(o['key']);
    for (const x of Array.isArray(v) ? v : Object.values(o)) visit(x);
  };
  visit(pack);
  return keys;
}

const PACKS = listPackIds().flatMap((id) => loadPacks(id));

describe('packValues: every value of every shipped pack', () => {
  it.each(PACKS.map((p) => [`${p.id} ${p.version}`, p] as const))('%s', (_name, pack) => {
    const { values, rules } = packValues(pack);
    const keys = values.map((v) => v.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(paramKeys(pack).sort());
    // every citation of the pack is on a value or a rule
    const cited = new Set([
      ...values.filter((v) => v.citation !== null).map((v) => `${v.key}.cite`),
      ...rules.map((r) => (r.status === 'otherwise' || r.status === 'rectification' ? r.key : `${r.key}.cite`)),
    ]);
    expect([...cited].sort()).toEqual(citationsOf(pack).map((c) => c.key).sort());
    // unset_local is the list `sanchong packs` prints, and exactly the values marked local
    const out = packVersionOut(pack);
    expect(out.unset_local.map((g) => g.key)).toEqual(localGaps(pack).map((g) => g.key));
    expect(values.filter((v) => v.status === 'local').map((v) => v.key).sort()).toEqual(out.unset_local.map((g) => g.key).sort());
    for (const v of values) {
      expect(v.status === 'local', v.key).toBe(v.value === null && v.citation === null && v.note !== null);
      if (v.type === 'money' && v.value !== null) expect(v.value, v.key).toMatch(/^\d+\.\d{2}$/);
      if (v.type === 'ratio' && v.value !== null) expect(v.value, v.key).toMatch(/^\d+(\.\d+)?%$/);
    }
  });
});

describe('GET /api/v1/packs, GET /api/v1/packs/{id}', () => {
  let s: ServiceTestApp;
  beforeAll(async () => {
    s = await serviceApp(await openPglite());
  }, 60_000);
  afterAll(async () => {
    await s.app.close();
    await s.db.close();
  });
  const get = async (url: string, cookie?: string) => s.app.inject({ method: 'GET', url, headers: cookie === undefined ? {} : { cookie } });

  interface Version { version: string; title: string; effective_from: string; effective_to: string | null; illustrative: boolean; documents: { key: string; kind: string; file: string | null }[]; unset_local: { key: string; note: string; rule_id: string | null }[]; values: ValueOut[]; rules: { id: string; section: string }[] }

  it('the demo region in full, as every role reads it: values by type, citations with their quotes, interpretations, the unset [local] values', async () => {
    for (const role of ['viewer', 'township', 'bureau', 'admin'] as const) {
      const res = await get('/api/v1/packs/demo-cq-pengshui', await s.as(`p-${role}`, role, role === 'township' ? '500243002' : undefined));
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
    }
    const body = json<{ id: string; admdvs: string; illustrative: boolean; versions: Version[] }>(await get('/api/v1/packs/demo-cq-pengshui', await s.as('p-viewer', 'viewer')));
    expect(body).toMatchObject({ id: 'demo-cq-pengshui', admdvs: '500243', illustrative: true });
    expect(body.versions.map((v) => v.version)).toEqual(['2023.1-demo']);
    const v = body.versions[0] as Version;
    expect(v).toMatchObject({ effective_from: '2023-01-01', effective_to: null, illustrative: true });
    expect(v.documents.find((d) => d.key === 'demo')?.kind).toBe('illustrative');
    const at = (key: string) => v.values.find((x) => x.key === key);
    // money as yuan strings, ratios as written, the demo's own values cited to the illustrative document, with the pack's reading
    expect(at('tiers.basic.rules[0].deductible')).toMatchObject({
      rule_id: 'BASIC-CQ-L3', section: 'tiers.basic', type: 'money', value: '800.00', text: '800.00 元', status: 'interpretation', effective_from: '2023-01-01',
      citation: { doc: 'demo', kind: 'illustrative', clause: 'illustrative', quote: null }, note: null,
    });
    expect(at('tiers.basic.rules[0].deductible')?.interpretation).toMatch(/演示取 800 元\/次/);
    expect(at('tiers.basic.rules[0].ratio')).toMatchObject({ type: 'ratio', value: '45%' });
    expect(at('tiers.critical_illness.rules[1].bands')?.value).toEqual([{ upto: '100000.00', ratio: '50%' }, { upto: null, ratio: '60%' }]);
    expect(at('tiers.critical_illness.rules[0].annual_cap')).toMatchObject({ type: 'cap', value: 'none', status: 'set' });
    expect(at('tiers.basic.rules[1].ratio_by_hosp_level')?.value).toEqual({ 1: '80%', 2: '70%' });
    // an official value, inherited from cq-pengshui: its file, clause and quote
    expect(at('tiers.basic.rules[2].annual_cap')).toMatchObject({
      rule_id: 'BEN-CQ-2-T1', type: 'cap', value: '300.00', status: 'set',
      citation: { file: '000_5a89537bcfe69e20.txt', kind: 'official', clause: '三(二)1', text: '000_5a89537bcfe69e20.txt §三(二)1' },
    });
    expect(at('tiers.basic.rules[2].annual_cap')?.citation?.quote).toContain('300');
    expect(at('subsidies.rules[5].fixed')).toMatchObject({ rule_id: 'SUB-CQ-8-monitoring-upgrade', value: '150.00', effective_from: '2023-01-01', effective_to: '2025-12-31' });
    expect(at('monitoring.rules[0].threshold')).toMatchObject({ rule_id: 'MON-CQ-1', type: 'money', value: '7000.00' });
    expect(at('tiers.critical_illness.rules[0].categories')).toMatchObject({ type: 'categories', value: ['tekun', 'dibao', 'fanpin'], text: '特困人员、低保对象、返贫致贫人口' });
    // the [local] values the demo leaves unset: BEN-CQ-3 (两病) and the basic tier's note
    expect(v.unset_local.map((g) => [g.key, g.rule_id])).toEqual([
      ['tiers.basic', null], ['tiers.basic.rules[5].deductible', 'BEN-CQ-3'], ['tiers.basic.rules[5].ratio', 'BEN-CQ-3'], ['tiers.basic.rules[5].annual_cap', 'BEN-CQ-3'],
    ]);
    expect(at('tiers.basic.rules[5].ratio')).toMatchObject({ status: 'local', value: null, citation: null, note: '“两病”门诊用药支付比例由重庆市政策规定，本通知未规定。' });
    expect(v.rules.filter((r) => r.section === 'tiers.assistance').map((r) => r.id)).toEqual(['otherwise', 'BEN-CQ-6-A', 'BEN-CQ-6-B', 'BEN-CQ-7']);
    expect(v.values).toHaveLength(107);
  });

  it('404 for a pack the service does not run (even one shipped under policies/); 401 without a session', async () => {
    const cookie = await s.as('p-viewer', 'viewer');
    for (const id of ['cq-pengshui', 'no-such-pack']) {
      const res = await get(`/api/v1/packs/${id}`, cookie);
      expect(res.statusCode).toBe(404);
      expect(json(res)).toEqual({ error: 'not-found', message: `本服务未运行政策包 ${id}（运行中：demo-cq-pengshui） / this service runs no pack ${id} (running: demo-cq-pengshui)` });
    }
    expect((await get('/api/v1/packs/demo-cq-pengshui')).statusCode).toBe(401);
  });

  it('GET /api/v1/packs still lists the running packs', async () => {
    const res = await get('/api/v1/packs', await s.as('p-viewer', 'viewer'));
    expect(json(res)).toEqual({
      packs: [{ id: 'demo-cq-pengshui', admdvs: '500243', name: expect.any(String), illustrative: true, versions: [{ version: '2023.1-demo', title: expect.stringMatching(/^演示/), effective_from: '2023-01-01' }] }],
    });
  });

  it('the OpenAPI document describes the new routes', async () => {
    const doc = json<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }> }>(await get('/openapi.json'));
    for (const path of ['/api/v1/packs/{id}', '/api/v1/settlements/{setl_id}', '/api/v1/dashboard']) expect(doc.paths[path]?.get?.responses?.['200'], path).toBeDefined();
  });
});
