import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../ingest/csv-reader.js';
import { readXlsxRows, writeXlsx } from '../ingest/xlsx.js';
import { main } from './main.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'sanchong-settle-'));
}

function write(d: string, name: string, text: string): string {
  const p = join(d, name);
  writeFileSync(p, text);
  return p;
}

function table(path: string): Record<string, string>[] {
  const [head, ...rows] = parseCsvText(readFileSync(path, 'utf8'));
  return rows.map((r) => Object.fromEntries((head?.fields ?? []).map((h, i) => [h, r.fields[i] ?? ''])));
}

// 371702199001011235 carries a valid GB 11643 check digit; …1234 does not.
const TEKUN_CERT = '371702199001011235';
const PERSONS = `psn_no,certno,psn_name,insuplc_admdvs\r\nP1,${TEKUN_CERT},张三,371702\r\nP2,,李四,371702\r\nP4,,赵六,371702\r\n`;
const WITH_BAD_PERSON = `${PERSONS}P3,371702199001011234,王五,371702\r\n`;
const IDENTITIES = 'psn_no,idet_type,begndate,enddate\nP1,特困人员,2020-01-01,\nP2,dibao,2022-01-01,2022-12-31\n';

async function run(d: string, settlements: string, extra: string[] = [], persons = PERSONS): Promise<{ code: number; out: string; rejects: string }> {
  const out = join(d, 'out.csv');
  const rejects = join(d, 'rejects.csv');
  const code = await main([
    'settle', '--pack', 'sd-heze', '--persons', write(d, 'persons.csv', persons), '--identities', write(d, 'identities.csv', IDENTITIES),
    '--settlements', settlements, '--out', out, '--rejects', rejects, ...extra,
  ]);
  return { code, out, rejects };
}

describe('sanchong settle', () => {
  it('settles the worked example to the fen, and exits 0 when nothing is rejected', async () => {
    const d = dir();
    const s = write(d, 'settlements.csv', '\ufeffsetl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay\r\nS1,P1,21,2022-06-01 10:00:00,120000,100000,60000,\r\n');
    const { code, out } = await run(d, s, ['--explain']);
    expect(code).toBe(0);
    const [row] = table(out);
    expect(row).toMatchObject({
      setl_id: 'S1', psn_no: 'P1', hifp_pay: '60000.00', hifmi_pay: '22750.00', maf_pay: '12197.50', maf_assist_pay: '12075.00',
      maf_reassist_pay: '122.50', fund_pay_sumamt: '94947.50', psn_part_amt: '25052.50', pack_id: 'sd-heze',
    });
    expect(row?.setl_proc_info).toContain('BEN-HZ-1 004_8671fa8fb985f24a.txt §一(三)');
    expect(row?.setl_proc_info).toContain('5000.00–40000.00×65%');
  });

  it('reads Chinese headers from an .xlsx file', async () => {
    const d = dir();
    const s = join(d, 'settlements.xlsx');
    await writeXlsx(s, [{
      name: '结算明细',
      header: ['结算ID', '人员编号', '医疗类别', '结算时间', '医疗费总额', '符合政策范围金额', '基本医疗保险统筹基金支出'],
      rows: [['S1', 'P1', '21', '2022-06-01 10:00:00', '120000', '100000', '60000']],
    }]);
    const { code, out } = await run(d, s);
    expect(code).toBe(0);
    expect(table(out)[0]).toMatchObject({ hifmi_pay: '22750.00', psn_part_amt: '25052.50' });
  });

  it('rejects every kind of bad row with its line, field and a bilingual reason, and still writes the good rows', async () => {
    const d = dir();
    const s = write(d, 'settlements.csv', [
      'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay,refd_setl_flag,init_setl_id',
      'OK1,P1,21,2022-06-01 10:00:00,1000,800,500,,,', // line 2: good
      'D3,P1,21,2022-06-02 10:00:00,1000.345,800,500,,,', // 3: three decimals
      'NN,P1,21,2022-06-02 10:00:00,abc,800,500,,,', // 4: not a number
      'BD,P1,21,2022-02-30 10:00:00,1000,800,500,,,', // 5: impossible date
      'PS,P1,21,2022-06-02 10:00:00,1000,1200,500,,,', // 6: policy-scope above total
      'GB,P1,21,2022-06-02 10:00:00,1000,800,900,,,', // 7: given basic above policy-scope
      'UP,P9,21,2022-06-02 10:00:00,1000,800,500,,,', // 8: unknown person
      'BP,P1,21,2022-04-30 10:00:00,1000,800,500,,,', // 9: before the pack
      'CK,P3,21,2022-06-02 10:00:00,1000,800,500,,,', // 10: person with a bad ID checksum
      'OK1,P1,21,2022-06-01 10:00:00,1000,800,499,,,', // 11: duplicate setl_id, other content
      'OK1,P1,21,2022-06-01 10:00:00,1000,800,500,,,', // 12: exact duplicate: ignored
      'NL,P4,21,2022-06-03 10:00:00,1000,800,500,,,', // 13: no category: standard critical illness is [local]
      '',
    ].join('\n'));
    const { code, out, rejects } = await run(d, s, [], WITH_BAD_PERSON);
    expect(code).toBe(1);
    expect(table(out).map((r) => r.setl_id)).toEqual(['OK1']);
    const byLine = new Map(table(rejects).map((r) => [`${r.file}:${r.line}`, r]));
    const expectReject = (where: string, field: string, zh: RegExp, en: RegExp): void => {
      const r = byLine.get(where);
      expect(r, where).toBeDefined();
      expect(r?.field).toBe(field);
      expect(r?.reason).toMatch(zh);
      expect(r?.reason).toMatch(en);
    };
    expectReject('settlements.csv:3', 'medfee_sumamt', /两位小数/, /more than two decimals/);
    expectReject('settlements.csv:4', 'medfee_sumamt', /不是数字/, /not a number/);
    expectReject('settlements.csv:5', 'setl_time', /时间无效/, /not a valid time/);
    expectReject('settlements.csv:6', 'inscp_scp_amt', /大于医疗费总额/, /exceeds the total/);
    expectReject('settlements.csv:7', 'hifp_pay', /大于符合政策范围金额/, /exceeds the policy-scope/);
    expectReject('settlements.csv:8', 'psn_no', /不在人员名单/, /not in the persons file/);
    expectReject('settlements.csv:9', 'setl_time', /早于政策包 sd-heze 的生效日期 2022-05-01/, /before pack sd-heze/);
    expectReject('settlements.csv:10', 'psn_no', /人员.*被拒绝/, /rejected/);
    expectReject('persons.csv:5', 'certno', /校验位/, /check digit/);
    expectReject('settlements.csv:11', 'setl_id', /重复/, /never overwritten/);
    expectReject('settlements.csv:13', '', /sd-heze.*tiers\.critical_illness\.rules\[1\]\.deductible/, /\[local\] value/);
    expect(byLine.has('settlements.csv:12')).toBe(false);
    expect(byLine.get('settlements.csv:3')?.content).toContain('1000.345');
    expect(byLine.get('settlements.csv:13')?.content).toBe('NL,P4,21,2022-06-03 10:00:00,1000,800,500,,,');
  });

  it('a reversal row removes the settlement it cancels, whatever the sign of its amounts', async () => {
    const d = dir();
    const s = write(d, 'settlements.csv', [
      'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,refd_setl_flag,init_setl_id',
      'S0,P1,21,2022-05-20 10:00:00,90000,90000,40000,,',
      'S1,P1,21,2022-06-01 10:00:00,120000,100000,60000,,',
      'R0,P1,21,2022-05-21 10:00:00,-90000,-90000,-40000,1,S0',
      'R9,P1,21,2022-05-21 10:00:00,-1,-1,,1,NOPE',
      '',
    ].join('\n'));
    const { code, out, rejects } = await run(d, s);
    expect(code).toBe(1);
    expect(table(out)).toEqual([expect.objectContaining({ setl_id: 'S1', hifmi_pay: '22750.00', maf_assist_pay: '12075.00' })]);
    expect(table(rejects)).toEqual([expect.objectContaining({ line: '5', field: 'init_setl_id' })]);
  });

  it('gives the same bytes for the same inputs, whatever the order of the rows', async () => {
    const d = dir();
    const rows = ['S1,P1,21,2022-06-01 10:00:00,120000,100000,60000', 'S2,P1,21,2022-07-01 10:00:00,50000,50000,30000', 'S3,P2,21,2022-07-01 10:00:00,50000,50000,30000,20000'];
    const header = 'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay';
    const a = await run(d, write(d, 'a.csv', [header, ...rows, ''].join('\n')));
    const first = readFileSync(a.out, 'utf8');
    const again = await run(d, write(d, 'a.csv', [header, ...rows, ''].join('\n')));
    expect(readFileSync(again.out, 'utf8')).toBe(first);
    const reordered = await run(d, write(d, 'b.csv', [header, rows[1], rows[2], rows[0], ''].join('\n')));
    const sorted = (t: string): string[] => t.trim().split('\n').slice(1).sort();
    expect(sorted(readFileSync(reordered.out, 'utf8'))).toEqual(sorted(first));
  });

  it('a bad identity row refuses its person, and with them their settlements; a repeated person is ignored or rejected', async () => {
    const d = dir();
    const out = join(d, 'out.csv');
    const rejects = join(d, 'rejects.csv');
    const persons = write(d, 'persons.csv', `${PERSONS}P1,${TEKUN_CERT},张三,371702\r\nP4,,赵六改,371702\r\n`);
    const identities = write(d, 'identities.csv', `${IDENTITIES}P2,低保对象,2022-13-01,\n`);
    const settlements = write(d, 'settlements.csv', 'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay,hifmi_pay\nS1,P1,21,2022-06-01 10:00:00,120000,100000,60000,\nS2,P2,21,2022-06-01 10:00:00,1000,1000,500,\n');
    const code = await main(['settle', '--pack', 'sd-heze', '--persons', persons, '--identities', identities, '--settlements', settlements, '--out', out, '--rejects', rejects]);
    expect(code).toBe(1);
    expect(table(out).map((r) => r.setl_id)).toEqual(['S1']);
    const found = table(rejects).map((r) => `${r.file}:${r.line}:${r.field}`);
    expect(found).toEqual(['identities.csv:4:begndate', 'persons.csv:6:psn_no', 'settlements.csv:3:psn_no']);
    expect(table(rejects).find((r) => r.file === 'settlements.csv')?.reason).toMatch(/被拒绝/);
  });

  it('writes rejects as a workbook with each row under its own header when --rejects ends in .xlsx', async () => {
    const d = dir();
    const s = write(d, 'settlements.csv', 'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay\nS1,P1,21,2022-06-01 10:00:00,1000.345,800,500\n');
    const rejects = join(d, 'rejects.xlsx');
    const code = await main(['settle', '--pack', 'sd-heze', '--persons', write(d, 'persons.csv', PERSONS), '--identities', write(d, 'identities.csv', IDENTITIES),
      '--settlements', s, '--out', join(d, 'out.csv'), '--rejects', rejects]);
    expect(code).toBe(1);
    const rows: string[][] = [];
    for await (const r of readXlsxRows(rejects)) rows.push(r.fields);
    expect(rows).toEqual([
      ['行号 line', '字段 field', '原因 reason', 'setl_id', 'psn_no', 'med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'hifp_pay'],
      ['2', 'medfee_sumamt', expect.stringContaining('两位小数') as string, 'S1', 'P1', '21', '2022-06-01 10:00:00', '1000.345', '800', '500'],
    ]);
  });

  it('exits 2 on a usage or pack error', async () => {
    expect(await main(['settle', '--pack', 'sd-heze'])).toBe(2);
    expect(await main(['settle', '--pack', 'no-such-region', '--persons', 'a', '--identities', 'b', '--settlements', 'c', '--out', 'd'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
  });
});
