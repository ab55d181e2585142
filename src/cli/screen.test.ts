import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settleBatch } from '../benefits/fold.js';
import { parseCsvText } from '../ingest/csv-reader.js';
import { yuan } from '../money/yuan.js';
import { compilePolicy } from '../policy/compile.js';
import { loadPacks } from '../policy/load.js';
import type { IsoDate, IsoDateTime } from '../time/date.js';
import { main } from './main.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'sanchong-screen-'));
}

function write(d: string, name: string, text: string): string {
  const p = join(d, name);
  writeFileSync(p, text);
  return p;
}

function table(path: string): Record<string, string>[] {
  const [head, ...rows] = parseCsvText(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
  return rows.map((r) => Object.fromEntries((head?.fields ?? []).map((h, i) => [h, r.fields[i] ?? ''])));
}

let stderr = '';
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

interface Files {
  persons: string;
  identities: string;
  settlements: string;
}

async function screen(d: string, pack: string, f: Files, year: string, extra: string[] = []): Promise<{ code: number; out: string; rejects: string }> {
  const out = join(d, 'alerts.csv');
  const rejects = join(d, 'rejects.csv');
  const code = await main([
    'screen', '--pack', pack, '--persons', write(d, 'persons.csv', f.persons), '--identities', write(d, 'identities.csv', f.identities),
    '--settlements', write(d, 'settlements.csv', f.settlements), '--year', year, '--out', out, '--rejects', rejects, ...extra,
  ]);
  return { code, out, rejects };
}

const SETTLED_HEADER = 'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay,maf_pay\n';
/** A settled row (all three tiers given: 30,000 paid) leaving `personal` yuan to the person. */
function settledRow(id: string, psn: string, time: string, personal: string): string {
  const total = (Number(personal) * 100 + 3_000_000) / 100;
  return `${id},${psn},21,${time},${total.toFixed(2)},30000.00,15000.00,5000.00,10000.00\n`;
}

describe('sanchong screen on a settled extract (hifp_pay, hifmi_pay and maf_pay given)', () => {
  it('广西 MON-GX-1: 9,999.99 no, 10,000.00 and 10,000.01 yes (以上 includes the number); MON-GX-2 named as not evaluable', async () => {
    const d = dir();
    const persons = 'psn_no,insuplc_admdvs\nA,450102\nB,450102\nC,450102\nN,450102\n';
    const identities = 'psn_no,idet_type,begndate,enddate\nA,特困人员,2020-01-01,\nB,低保对象,2020-01-01,\nC,脱贫不稳定户,2020-01-01,\n';
    const settlements = SETTLED_HEADER + settledRow('S1', 'A', '2023-03-01 10:00:00', '9999.99') + settledRow('S2', 'B', '2023-03-01 10:00:00', '10000.00') +
      settledRow('S3', 'C', '2023-03-01 10:00:00', '10000.01') + settledRow('S4', 'N', '2023-03-01 10:00:00', '500000.00');
    const { code, out } = await screen(d, 'gx', { persons, identities, settlements }, '2023');
    expect(code).toBe(0);
    expect(table(out).map((r) => [r.psn_no, r.rule, r.measure, r.amount, r.threshold, r.comparison, r.category])).toEqual([
      ['B', 'MON-GX-1', 'personal', '10000.00', '10000.00', '>=', 'dibao'],
      ['C', 'MON-GX-1', 'personal', '10000.01', '10000.00', '>=', 'tpbwd'],
    ]);
    expect(stderr).toMatch(/not evaluable: MON-GX-2 .*monitoring\.rules\[1\]\.threshold/);
  });

  it('越城 MON-YC-1: 50,000.00 no, 50,000.01 yes (超过 excludes the number), into 一件事; Chinese headers', async () => {
    const d = dir();
    const persons = 'psn_no,insuplc_admdvs\nA,330602\nB,330602\n';
    const identities = 'psn_no,idet_type,begndate,enddate\nA,最低生活保障家庭成员,2020-01-01,\nB,低保边缘家庭成员,2020-01-01,\n';
    const settlements = '结算ID,人员编号,医疗类别,结算时间,医疗费总额,符合政策范围金额,基本医疗保险统筹基金支出,居民大病保险资金支出,医疗救助基金支出\n' +
      settledRow('S1', 'A', '2022-06-01 10:00:00', '50000.00') + settledRow('S2', 'B', '2022-06-01 10:00:00', '50000.01');
    const { code, out } = await screen(d, 'zj-yuecheng', { persons, identities, settlements }, '2022', ['--breakdown', join(d, 'breakdown.csv')]);
    expect(code).toBe(0);
    expect(table(out).map((r) => [r.psn_no, r.rule, r.amount, r.threshold, r.comparison, r.process, r.push_to])).toEqual([
      ['B', 'MON-YC-1', '50000.01', '50000.00', '>', 'one_thing', 'township;civil_affairs;finance'],
    ]);
    expect(table(join(d, 'breakdown.csv')).map((r) => [r.psn_no, r.rule, r.hifp_pay, r.maf_pay, r.psn_part_amt])).toEqual([
      ['A', 'MON-YC-3', '15000.00', '10000.00', '50000.00'], ['B', 'MON-YC-3', '15000.00', '10000.00', '50000.01'],
    ]);
  });

  it('rejects like settle: a bad maf_pay cell, maf_pay without hifmi_pay, an unknown person — exit 1, the good rows screened', async () => {
    const d = dir();
    const persons = 'psn_no,insuplc_admdvs\nA,450102\n';
    const identities = 'psn_no,idet_type,begndate,enddate\nA,特困人员,2020-01-01,\n';
    const settlements = SETTLED_HEADER + settledRow('S1', 'A', '2023-03-01 10:00:00', '12000') +
      'S2,A,21,2023-04-01 10:00:00,100.00,100.00,10.00,0.00,1.005\n' + 'S3,A,21,2023-04-02 10:00:00,100.00,100.00,10.00,,1.00\n' +
      settledRow('S4', 'X', '2023-03-01 10:00:00', '12000');
    const { code, out, rejects } = await screen(d, 'gx', { persons, identities, settlements }, '2023');
    expect(code).toBe(1);
    expect(table(rejects).map((r) => [r.line, r.field])).toEqual([['3', 'maf_pay'], ['4', 'maf_pay'], ['5', 'psn_no']]);
    expect(table(rejects)[0]?.content).toContain('1.005');
    // A's year lacks two rejected rows: the alert is raised and marked incomplete
    expect(table(out).map((r) => [r.psn_no, r.rule, r.amount, r.complete])).toEqual([['A', 'MON-GX-1', '12000.00', '0']]);
  });
});

describe('sanchong screen on an extract that mixes settled and unsettled rows', () => {
  it('a person with a row not settled in full goes through the engine, the settled row\'s tiers kept: the same amounts as the engine gives', async () => {
    const d = dir();
    const persons = 'psn_no,insuplc_admdvs,insu_tier\nM,500243,1\nG,500243,1\n';
    const identities = 'psn_no,idet_type,begndate,enddate\nM,低保对象,2020-01-01,\n';
    const settlements = 'setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay,maf_pay\n' +
      'S1,M,21,05,2023-02-01 10:00:00,60000.00,50000.00,30000.00,5000.00,4000.00\nS2,M,21,05,2023-05-01 10:00:00,60000.00,50000.00,30000.00,,\n' +
      'S3,G,21,05,2023-05-01 10:00:00,60000.00,50000.00,30000.00,5000.00,15000.00\n';
    const { code, out } = await screen(d, 'demo-cq-pengshui', { persons, identities, settlements }, '2023');
    expect(code).toBe(0);
    const policy = compilePolicy(loadPacks('demo-cq-pengshui'));
    const m = { psnNo: 'M', insuredTier: 1, identities: [{ category: 'dibao' as const, begin: '2020-01-01' as IsoDate }] };
    const base = { psnNo: 'M', medType: '21', hospLv: '05', total: yuan(60000), policyScope: yuan(50000), basicGiven: yuan(30000) };
    const engine = settleBatch(policy, new Map([['M', m]]), [
      { ...base, setlId: 'S1', setlTime: '2023-02-01 10:00:00' as IsoDateTime, criticalIllnessGiven: yuan(5000), assistanceGiven: yuan(4000) },
      { ...base, setlId: 'S2', setlTime: '2023-05-01 10:00:00' as IsoDateTime },
    ]);
    let personal = 0;
    for (const o of engine.values()) if (o.ok) personal += o.result.personal;
    expect(table(out).map((r) => [r.psn_no, r.amount])).toEqual([['M', (personal / 100).toFixed(2)], ['G', '10000.00']].filter((x) => Number(x[1]) >= 14000));
    expect(personal).toBeGreaterThan(0);
  });
});

describe('sanchong screen from the engine (tiers computed, or basic given)', () => {
  const persons = 'psn_no,insuplc_admdvs,insu_tier\nH,500243,1\nL,500243,1\n';
  const identities = 'psn_no,idet_type,begndate,enddate\nH,低保对象,2020-01-01,\n';
  const settlements = 'setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay\n' +
    'S1,H,21,05,2023-02-01 10:00:00,60000.00,45000.00,\nS2,H,21,05,2023-05-01 10:00:00,60000.00,45000.00,25000.00\nS3,L,21,05,2023-05-01 10:00:00,3000.00,2500.00,\n';

  it('彭水 demo MON-CQ-1 (2 × 7,000, illustrative): the alert\'s amount is the sum of settle\'s psn_part_amt', async () => {
    const d = dir();
    const { code, out } = await screen(d, 'demo-cq-pengshui', { persons, identities, settlements }, '2023');
    expect(code).toBe(0);
    const settled = join(d, 'settled.csv');
    expect(await main(['settle', '--pack', 'demo-cq-pengshui', '--persons', join(d, 'persons.csv'), '--identities', join(d, 'identities.csv'), '--settlements', join(d, 'settlements.csv'), '--out', settled])).toBe(0);
    const personal = table(settled).filter((r) => r.psn_no === 'H').reduce((sum, r) => sum + Math.round(Number(r.psn_part_amt) * 100), 0);
    expect(personal).toBeGreaterThanOrEqual(1_400_000);
    expect(table(out).map((r) => [r.psn_no, r.rule, r.amount, r.threshold, r.pack_id])).toEqual([['H', 'MON-CQ-1', (personal / 100).toFixed(2), '14000.00', 'demo-cq-pengshui']]);
    expect(stderr).toContain('illustrative');
  });

  it('彭水 official: MON-CQ-1 needs the [local] monitoring standard — named on stderr, no alert, and rows the engine cannot settle rejected', async () => {
    const d = dir();
    const { code, out } = await screen(d, 'cq-pengshui', { persons, identities, settlements }, '2023');
    expect(code).toBe(1); // the official pack leaves basic insurance's values [local]
    expect(table(out)).toEqual([]);
    expect(stderr).toMatch(/not evaluable: MON-CQ-1 .*monitoring\.rules\[0\]\.threshold/);
  });
});

describe('usage', () => {
  it('a missing --year or a bad one exits 2', async () => {
    expect(await main(['screen', '--pack', 'gx', '--persons', 'p', '--identities', 'i', '--settlements', 's', '--out', 'o'])).toBe(2);
    expect(stderr).toContain('--year');
    expect(await main(['screen', '--pack', 'gx', '--persons', 'p', '--identities', 'i', '--settlements', 's', '--out', 'o', '--year', '23'])).toBe(2);
  });
  it('an unknown pack exits 2', async () => {
    expect(await main(['screen', '--pack', 'nowhere', '--persons', 'p', '--identities', 'i', '--settlements', 's', '--out', 'o', '--year', '2023'])).toBe(2);
  });
});
