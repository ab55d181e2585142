import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../ingest/csv-reader.js';
import { readXlsxRows, writeXlsx } from '../ingest/xlsx.js';
import { certnoCheckChar } from '../people/certno.js';
import { POLICIES_DIR } from '../policy/load.js';
import { main } from './main.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'sanchong-subsidize-'));
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

/**
 * Heze's pack (which states no subsidies) extended by ILLUSTRATIVE subsidy rules shaped like
 * Pengshui's (SUB-CQ-1…4, 8) and a Guangxi-like attribute rule: the command is tested on rules the
 * test controls. Every value cites `test §1`.
 */
function writePack(d: string): string {
  const c = 'cite: "test §1"';
  return write(d, 'subsidy-test.yaml', `extends: ${join(POLICIES_DIR, 'sd-heze', '2022.yaml')}
pack: test-subsidy
version: "test"
documents:
  test: { kind: illustrative, title: 测试用演示数值 / illustrative test values }
identity_ranking: { value: [tekun, dibao, [dibian, fanpin, tpbwd, byyzp, tfkn], tuopin], ${c} }
subsidies:
  employee_insurance_guidance: { value: [tuopin], ${c} }
  funds:
    assistance: { value: 医疗救助资金, ${c} }
    link: { value: 统筹衔接资金, ${c} }
  contributions:
    - { year: 2023, tier: 1, amount: { value: 380, ${c} } }
    - { year: 2023, tier: 2, amount: { value: 700, ${c} } }
    - { year: 2024, tier: 1, amount: { local: 2024 年个人缴费标准由市里确定 } }
  products:
    - { id: ykb_basic, name: 普惠款, aliases: [渝快保普惠款], price: { value: 69, ${c} } }
    - { id: ykb_plus, name: 升级款, aliases: [渝快保升级款], price: { local: 升级款保费由承保机构公布 } }
  rules:
    - { id: T-1, title: 特困人员全额资助, ${c}, item: resident, categories: { value: [tekun], ${c} }, insured_tiers: { value: [1], ${c} }, share: { value: 100%, ${c} }, fund: assistance }
    - { id: T-2, title: 低保对象资助90%, ${c}, item: resident, categories: { value: [dibao], ${c} }, insured_tiers: { value: [1], ${c} }, share: { value: 90%, ${c} }, fund: assistance }
    - { id: T-3, title: 五类人员资助70%, ${c}, item: resident, categories: { value: [dibian, fanpin, tpbwd, byyzp, tfkn], ${c} }, insured_tiers: { value: [1], ${c} }, share: { value: 70%, ${c} }, fund: assistance }
    - { id: T-4, title: 二档按一档标准全额资助, ${c}, item: resident, categories: { value: [tekun, dibao, dibian, fanpin, tpbwd, byyzp, tfkn], ${c} }, insured_tiers: { value: [2], ${c} }, share: { value: 100%, ${c} }, base: tier1, fund: assistance }
    - { id: T-5, title: 脱贫人口定额50元, ${c}, item: resident, categories: { value: [tuopin], ${c} }, fixed: { value: 50, ${c} }, fund: link }
    - { id: T-6, title: 农村低收入家庭老人60%, ${c}, item: resident, categories: { value: [low_income_family], ${c} }, rural: { value: true, ${c} }, age_min: { value: 60, ${c} }, share: { value: 60%, ${c} }, fund: assistance }
    - { id: T-P1, title: 脱贫人口购普惠款50元, ${c}, item: ykb_basic, categories: { value: [tuopin], ${c} }, fixed: { value: 50, ${c} }, fund: link }
    - { id: T-P2, title: 监测对象购普惠款全额, ${c}, item: ykb_basic, categories: { value: [tpbwd, byyzp, tfkn], ${c} }, share: { value: 100%, ${c} }, fund: assistance }
    - { id: T-P3, title: 脱贫人口购升级款50元, ${c}, item: ykb_plus, categories: { value: [tuopin], ${c} }, fixed: { value: 50, ${c} }, fund: link }
`);
}

/** A valid GB 11643 number from its first 17 digits. */
const cert = (first17: string): string => first17 + certnoCheckChar(first17);
const T1 = '371702001';
const V1 = '371702001001';
const P1_CERT = cert('37170219700101001');

const PERSONS = [
  'psn_no,certno,psn_name,insuplc_admdvs,town_admdvs,village_admdvs,rural,employed',
  `P1,${P1_CERT},张一,371702,${T1},${V1},1,0`,
  `P2,${cert('37170219800101002')},张二,371702,${T1},${V1},1,`,
  `P3,${cert('37170219900101003')},张三,371702,${T1},${V1},1,1`,
  `P4,,张四,371702,${T1},${V1},0,`,
  `P5,${cert('37170219850101005')},张五,371702,${T1},371702001002,1,`,
  '',
].join('\n');
const MORE_PERSONS = [
  `P7,${cert('37170219500101007')},张七,371702,${T1},${V1},,`,
  'P8,,张八,371702,,,,',
  `P10,,张十,371702,${T1},${V1},,`,
  '',
].join('\n');

const IDENTITIES = [
  'psn_no,idet_type,begndate,enddate',
  'P1,特困人员,2020-01-01,',
  'P2,低保对象,2019-01-01,2022-12-31',
  'P3,脱贫人口,2020-01-01,',
  'P5,脱贫不稳定户,2021-06-01,',
  'P7,低收入家庭成员,2020-01-01,',
  'P8,tekun,2020-01-01,',
  'P10,tekun,2020-01-01,',
  '',
].join('\n');
/** P6 carries a wrong check digit: the person is rejected, and their identities and enrollments with them. */
const BAD_PERSON = 'P6,371702199001011234,张六,371702,,,,\n';
const BAD_PERSON_IDENTITY = 'P6,低保对象,2019-01-01,\n';
/** P2 becomes tekun after paying (ID-2: the subsidy does not change; the ledger, as of year end, counts tekun). */
const LATER_TEKUN = 'P2,特困人员,2023-01-01,\n';

const HEADER = 'psn_no,year,tier,paid_date,contribution,product';
const GOOD = [
  'P1,2023,1,2022-10-15,,', // 2: tekun, 100% of 380
  'P2,2023,1,2022-10-15,,', // 3: dibao on the payment date, 90%
  'P3,2023,1,2022-11-01,,', // 4: tuopin, fixed 50 from the link fund
  'P4,2023,1,2022-11-01,,', // 5: no category: no subsidy
  'P8,2023,2,2022-10-20,,', // 6: tekun in tier 2: 100% of the tier-1 standard
  'P3,2023,1,2022-11-01,,普惠款', // 7: tuopin buys the 普惠款: 50
  'P10,2023,1,2022-10-20,300.00,', // 8: contribution given: tekun 100% of 300
];

async function run(d: string, enrollments: string, extra: string[] = [], files: { persons?: string; identities?: string; pack?: string } = {}) {
  const out = join(d, 'out.csv');
  const rejects = join(d, 'rejects.csv');
  const code = await main([
    'subsidize', '--pack', files.pack ?? writePack(d),
    '--persons', write(d, 'persons.csv', files.persons ?? PERSONS + MORE_PERSONS),
    '--identities', write(d, 'identities.csv', files.identities ?? IDENTITIES),
    '--enrollments', enrollments, '--out', out, '--rejects', rejects, ...extra,
  ]);
  return { code, out, rejects };
}

describe('sanchong subsidize', () => {
  it('computes each enrollment line with its rule, fund and explanation, and exits 0 when nothing is rejected', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, ...GOOD, ''].join('\r\n'));
    const { code, out, rejects } = await run(d, e, ['--explain']);
    expect(code).toBe(0);
    expect(table(rejects)).toEqual([]);
    const rows = table(out);
    expect(rows.map((r) => [r.psn_no, r.item, r.identity, r.due, r.subsidy, r.person_pays, r.fund, r.rule])).toEqual([
      ['P1', 'resident', 'tekun', '380.00', '380.00', '0.00', 'assistance', 'T-1'],
      ['P2', 'resident', 'dibao', '380.00', '342.00', '38.00', 'assistance', 'T-2'],
      ['P3', 'resident', 'tuopin', '380.00', '50.00', '330.00', 'link', 'T-5'],
      ['P4', 'resident', '', '380.00', '0.00', '380.00', '', ''],
      ['P8', 'resident', 'tekun', '700.00', '380.00', '320.00', 'assistance', 'T-4'],
      ['P3', 'ykb_basic', 'tuopin', '69.00', '50.00', '19.00', 'link', 'T-P1'],
      ['P10', 'resident', 'tekun', '300.00', '300.00', '0.00', 'assistance', 'T-1'],
    ]);
    expect(rows[0]).toMatchObject({ year: '2023', item_name: '城乡居民基本医疗保险', identity_zh: '特困人员', fund_source: '医疗救助资金', pack_id: 'test-subsidy', pack_version: 'test' });
    expect(rows[5]).toMatchObject({ item_name: '普惠款', fund_source: '统筹衔接资金' });
    expect(rows[1]?.explanation).toContain('T-2 低保对象资助90% 测试用演示数值 / illustrative test values §1');
    expect(rows[1]?.explanation).toContain('380.00 × 90% = 342.00');
    expect(rows[4]?.explanation).toContain('一档标准 tier-1 standard 380.00 × 100% = 380.00');
    expect(rows[2]?.explanation).toContain('定额 fixed 50.00');
    expect(rows[6]?.explanation).toContain('应缴 due 300.00（文件给出 given in the row）');
    expect(rows[3]?.explanation).toContain('无适用的资助规则');
  });

  it('rejects every kind of bad row with its line, field and a bilingual reason, and still writes the good rows', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, ...GOOD,
      'P9,2023,1,2022-11-01,,', // 9: unknown person
      'P6,2023,1,2022-11-01,,', // 10: rejected person
      'P4,2023,3,2022-11-01,,', // 11: tier 3
      'P4,2023,1,2022-02-30,,', // 12: impossible date
      'P4,2023,1,2022-11-01,12.345,', // 13: three decimals
      'P4,2023,1,2021-11-01,,', // 14: paid two years early
      'P4,2024,1,2023-11-01,,', // 15: the 2024 standard is [local]
      'P3,2023,1,2022-11-01,,不存在的产品', // 16: unknown product
      'P3,2023,1,2022-11-01,,升级款', // 17: the 升级款 price is [local]
      'P4,2022,1,2021-11-01,,', // 18: before the pack (Heze: 2022-05-01)
      'P7,2023,1,2022-11-01,,', // 19: T-6 needs the rural column
      'P1,2023,1,2022-10-15,,', // 20: exact repeat of line 2: ignored
      'P1,2023,1,2022-10-16,,', // 21: same person, year and item, other content
      ',2023,,2022-11-01,,', // 22: no psn_no, no tier
      '',
    ].join('\n'));
    const { code, out, rejects } = await run(d, e, [], { persons: PERSONS + MORE_PERSONS + BAD_PERSON, identities: IDENTITIES + BAD_PERSON_IDENTITY });
    expect(code).toBe(1);
    expect(table(out)).toHaveLength(GOOD.length);
    const got = table(rejects);
    const byLine = new Map(got.map((r) => [`${r.file}:${r.line}`, r]));
    const expectReject = (where: string, field: string, zh: RegExp, en: RegExp): void => {
      const r = byLine.get(where);
      expect(r, where).toBeDefined();
      expect(r?.field, where).toBe(field);
      expect(r?.reason, where).toMatch(zh);
      expect(r?.reason, where).toMatch(en);
    };
    expectReject('persons.csv:10', 'certno', /校验位/, /check digit/);
    expectReject('identities.csv:9', 'psn_no', /被拒绝/, /rejected/);
    expectReject('enrollments.csv:9', 'psn_no', /不在人员名单/, /not in the persons file/);
    expectReject('enrollments.csv:10', 'psn_no', /参保记录一并拒绝/, /so are their enrollments/);
    expectReject('enrollments.csv:11', 'tier', /参保档次应为 1 或 2/, /tier is 1 or 2/);
    expectReject('enrollments.csv:12', 'paid_date', /日期无效/, /not a valid date/);
    expectReject('enrollments.csv:13', 'contribution', /两位小数/, /more than two decimals/);
    expectReject('enrollments.csv:14', 'paid_date', /参保年度或其前一年/, /collection period/);
    expectReject('enrollments.csv:15', 'contribution', /test-subsidy 缺少本地参数 subsidies\.contributions\[2\]\.amount（2024 年个人缴费标准由市里确定）/, /\[local\] value/);
    expectReject('enrollments.csv:16', 'product', /没有此参保项目：不存在的产品/, /has no product/);
    expectReject('enrollments.csv:17', 'contribution', /subsidies\.products\[1\]\.price/, /\[local\] value/);
    expectReject('enrollments.csv:18', 'paid_date', /早于政策包 test-subsidy 的生效日期 2022-05-01/, /before pack/);
    expectReject('enrollments.csv:19', 'rural', /规则 T-6 需要/, /rule T-6 needs the person's rural/);
    expectReject('enrollments.csv:21', '', /重复且内容不同/, /never overwritten/);
    expectReject('enrollments.csv:22', 'psn_no;tier', /必填字段为空/, /required field is empty/);
    expect(byLine.has('enrollments.csv:20')).toBe(false);
    expect(got).toHaveLength(15);
    expect(byLine.get('enrollments.csv:15')?.content).toBe('P4,2024,1,2023-11-01,,');
    expect(byLine.get('enrollments.csv:13')?.content).toBe('P4,2023,1,2022-11-01,12.345,');
  });

  it('a change of identity after the payment date changes nothing (ID-2); the ledger counts the identity held on its as-of date', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, ...GOOD, ''].join('\n'));
    const before = await run(d, e);
    const first = readFileSync(before.out, 'utf8');
    const ledger = join(d, 'ledger.csv');
    const after = await run(d, e, ['--ledger-csv', ledger], { identities: IDENTITIES + LATER_TEKUN });
    expect(after.code).toBe(0);
    expect(readFileSync(after.out, 'utf8')).toBe(first);
    const rows = table(ledger);
    const tekun = rows.find((r) => r['乡镇区划'] === T1 && r['类别代码'] === 'tekun');
    expect(tekun).toMatchObject({ 人数: '3', 已参保: '3' }); // P1, P2 (tekun from 2023), P10
    const early = join(d, 'early.csv');
    await run(d, e, ['--ledger-csv', early, '--as-of', '2022-12-31'], { identities: IDENTITIES + LATER_TEKUN });
    expect(table(early).find((r) => r['乡镇区划'] === T1 && r['类别代码'] === 'dibao')).toMatchObject({ 人数: '1', 已参保: '1' });
  });

  it('writes the ledger as a workbook with Chinese sheets and headers, which reads back', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, ...GOOD, 'P7,2023,1,2022-11-01,,', ''].join('\n'));
    const ledger = join(d, 'ledger.xlsx');
    const { code } = await run(d, e, ['--ledger', ledger, '--year', '2023']);
    expect(code).toBe(1); // P7's row needs the rural column

    const summary: string[][] = [];
    for await (const r of readXlsxRows(ledger)) summary.push(r.fields);
    expect(summary[0]).toEqual(['乡镇区划', '身份类别', '类别代码', '人数', '已参保', '未参保', '参保率', '资助合计（元）', '医疗救助资金（元）', '统筹衔接资金（元）']);
    const row = (town: string, code: string): string[] | undefined => summary.find((r) => r[0] === town && r[2] === code);
    // township 371702001: P1 tekun, P2 dibao (as of 2023-12-31 the dibao span has ended: no category), P3 tuopin, P4 none, P5 tpbwd, P7 none, P10 tekun
    expect(row(T1, 'tekun')).toEqual([T1, '特困人员', 'tekun', '2', '2', '0', '100.0%', '680', '680', '0']);
    expect(row(T1, 'tpbwd')).toEqual([T1, '脱贫不稳定户', 'tpbwd', '1', '0', '1', '0.0%', '0', '0', '0']);
    expect(row(T1, 'tuopin')).toEqual([T1, '脱贫人口', 'tuopin', '1', '1', '0', '100.0%', '100', '0', '100']);
    expect(row(T1, 'categories')).toEqual([T1, '特殊群体合计', 'categories', '4', '3', '1', '75.0%', '780', '680', '100']);
    expect(row(T1, 'all')).toEqual([T1, '全体人员', 'all', '7', '5', '2', '71.4%', '1122', '1022', '100']);
    expect(row('未知乡镇', 'tekun')).toEqual(['未知乡镇', '特困人员', 'tekun', '1', '1', '0', '100.0%', '380', '380', '0']);
    expect(row('全部乡镇合计', 'all')).toEqual(['全部乡镇合计', '全体人员', 'all', '8', '6', '2', '75.0%', '1502', '1402', '100']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(ledger);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['乡镇汇总', '动态清零名单', '就业脱贫人口', '台账说明']);
    const values = (name: string): unknown[][] => {
      const out: unknown[][] = [];
      wb.getWorksheet(name)?.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
      return out;
    };
    expect(values('动态清零名单')).toEqual([
      ['乡镇区划', '村（社区）区划', '人员编号', '姓名', '身份证号（脱敏）', '身份类别', '类别代码', '参保记录被拒绝'],
      [T1, '371702001002', 'P5', '张五', `371702********${cert('37170219850101005').slice(-4)}`, '脱贫不稳定户', 'tpbwd', ''],
    ]);
    expect(values('就业脱贫人口')).toEqual([
      ['乡镇区划', '村（社区）区划', '人员编号', '姓名', '身份证号（脱敏）', '身份类别（就高）', '已参加居民医保', '提示'],
      [T1, V1, 'P3', '张三', expect.stringMatching(/^371702\*{8}\d{3}[\dX]$/), '脱贫人口', '是', '引导参加职工医保（SUB-CQ-7）'],
    ]);
    expect(values('台账说明')).toContainEqual(['身份认定日期（就高）', '2023-12-31']);
  });

  it('marks in the 动态清零 list a category member whose enrollment row was rejected', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, 'P5,2023,1,2022-11-01,12.345,', ''].join('\n'));
    const ledger = join(d, 'ledger.csv');
    expect((await run(d, e, ['--ledger-csv', ledger, '--year', '2023'])).code).toBe(1);
    const list = table(join(d, 'ledger.unenrolled.csv'));
    expect(list.find((r) => r['人员编号'] === 'P5')).toMatchObject({ 参保记录被拒绝: '是' });
    expect(list.find((r) => r['人员编号'] === 'P1')).toMatchObject({ 参保记录被拒绝: '' });
    expect(table(join(d, 'ledger.employed.csv')).map((r) => r['人员编号'])).toEqual(['P3']);
  });

  it('reads Chinese headers from an .xlsx enrollments file, products by alias', async () => {
    const d = dir();
    const e = join(d, 'enrollments.xlsx');
    await writeXlsx(e, [{
      name: '参保缴费',
      header: ['人员编号', '参保年度', '参保档次', '缴费日期', '个人缴费金额', '商业保险产品'],
      rows: [['P1', '2023', '1', '2022-10-15', '', ''], ['P5', '2023', '1', '2022-10-15', '', '渝快保普惠款']],
    }]);
    const { code, out } = await run(d, e);
    expect(code).toBe(0);
    expect(table(out).map((r) => [r.psn_no, r.item, r.subsidy, r.rule])).toEqual([['P1', 'resident', '380.00', 'T-1'], ['P5', 'ykb_basic', '69.00', 'T-P2']]);
  });

  it('a pack without subsidies rejects every row, naming the pack', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, 'P1,2023,1,2022-10-15,,', ''].join('\n'));
    const { code, rejects } = await run(d, e, [], { pack: 'sd-heze' });
    expect(code).toBe(1);
    expect(table(rejects)).toEqual([expect.objectContaining({ file: 'enrollments.csv', line: '2', field: '', reason: expect.stringMatching(/sd-heze 没有资助参保规定.*states no enrollment subsidies/) })]);
  });

  it('a file without a required column is rejected as a whole', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', 'psn_no,year,tier\nP1,2023,1\n');
    const { code, out, rejects } = await run(d, e);
    expect(code).toBe(1);
    expect(table(out)).toEqual([]);
    expect(table(rejects)).toEqual([expect.objectContaining({ file: 'enrollments.csv', line: '1', field: 'paid_date' })]);
  });

  it('writes rejects as a workbook when --rejects ends in .xlsx', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, 'P4,2024,1,2023-11-01,,', ''].join('\n'));
    const rejects = join(d, 'rejects.xlsx');
    const code = await main(['subsidize', '--pack', writePack(d), '--persons', write(d, 'persons.csv', PERSONS), '--identities', write(d, 'identities.csv', 'psn_no,idet_type,begndate\n'),
      '--enrollments', e, '--out', join(d, 'out.csv'), '--rejects', rejects]);
    expect(code).toBe(1);
    const rows: string[][] = [];
    for await (const r of readXlsxRows(rejects)) rows.push(r.fields);
    expect(rows).toEqual([
      ['行号 line', '字段 field', '原因 reason', 'psn_no', 'year', 'tier', 'paid_date', 'contribution', 'product'],
      ['2', 'contribution', expect.stringContaining('缺少本地参数') as string, 'P4', '2024', '1', '2023-11-01'],
    ]);
  });

  it('the bundled example is accepted whole under the demo pack, and its 动态清零 list is not empty', async () => {
    const d = dir();
    const ex = join(POLICIES_DIR, '..', 'examples', 'demo-cq-pengshui');
    const ledger = join(d, 'ledger.csv');
    const code = await main(['subsidize', '--pack', 'demo-cq-pengshui', '--persons', join(ex, 'persons.csv'), '--identities', join(ex, 'identities.csv'),
      '--enrollments', join(ex, 'enrollments.csv'), '--out', join(d, 'out.csv'), '--ledger-csv', ledger]);
    expect(code).toBe(0);
    const lines = table(join(d, 'out.csv'));
    expect(new Set(lines.map((r) => r.item))).toEqual(new Set(['resident', 'ykb-puhui', 'ykb-upgrade']));
    expect(lines.filter((r) => r.item === 'resident').length).toBeGreaterThan(360);
    expect(table(join(d, 'ledger.unenrolled.csv')).length).toBeGreaterThan(0);
    expect(table(ledger).find((r) => r['乡镇区划'] === '全部乡镇合计' && r['类别代码'] === 'all')).toMatchObject({ 人数: '400' });
  });

  it('exits 2 on a usage or pack error', async () => {
    const d = dir();
    const e = write(d, 'enrollments.csv', [HEADER, ...GOOD, ''].join('\n'));
    expect(await main(['subsidize', '--pack', 'sd-heze', '--persons', 'a'])).toBe(2);
    expect(await main(['subsidize', '--pack', 'no-such-region', '--persons', 'a', '--identities', 'b', '--enrollments', 'c', '--out', 'd'])).toBe(2);
    expect((await run(d, e, ['--as-of', '2023-02-30'])).code).toBe(2);
    expect((await run(d, e, ['--year', '23'])).code).toBe(2);
    expect((await run(d, write(d, 'empty.csv', `${HEADER}\n`), ['--ledger', join(d, 'l.xlsx')])).code).toBe(2);
  });
});
