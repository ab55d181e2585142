import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PersonFacts } from '../benefits/types.js';
import { parseYuan } from '../money/yuan.js';
import { parseDateTime, timeKey } from '../time/date.js';
import { csvField } from './csv-writer.js';
import type { Reject } from './reject.js';
import type { CsvBytesOptions } from './csv-bytes.js';
import type { Prescan, PrescanFeed, PrescanPart, SettlementsRead } from './settlement-columns.js';
import { indexPersons, lastPart, prescanSettlements, readSettlements, timeBytes, yuanBytes } from './settlement-columns.js';

const dir = mkdtempSync(join(tmpdir(), 'sanchong-setlcols-'));
let files = 0;

function people(): ReturnType<typeof indexPersons> {
  const persons = new Map<string, PersonFacts>();
  for (const p of ['P1', 'P2', 'P3', '人员4', 'P"5', 'P,6']) persons.set(p, { psnNo: p, identities: [] });
  return indexPersons(persons, new Map([['P7', 3]]));
}

/** Everything a read gives, as plain values, to compare the two paths. */
function snapshot(r: SettlementsRead, fileRejects: Reject[], headers: Map<string, readonly string[]>): unknown {
  const t = r.table;
  const rows = [];
  for (let i = 0; i < t.count; i++) {
    rows.push({
      line: t.line[i], setlId: t.setlId(i), time: t.time[i], total: t.total[i], scope: t.policyScope[i],
      basic: t.basicGiven[i], ci: t.criticalIllnessGiven[i], medType: t.medTypes[t.medType[i] ?? -1], hospLv: t.hospLvs[t.hospLv[i] ?? -1],
      owner: t.owners[t.owner[i] ?? -1]?.psnNo, cancelled: t.cancelled[i],
    });
  }
  return { rows, reversed: [...r.reversed], rejects: r.rejects, duplicates: r.duplicates, fileRejects, headers: [...headers] };
}

/** A whole scan as a feed of one part. */
function feedOf(pre: Prescan): PrescanFeed {
  let given = false;
  return {
    next: () => {
      const part: PrescanPart | undefined = given ? undefined : lastPart(pre, 0);
      given = true;
      return Promise.resolve(part);
    },
  };
}

/** A scan's parts as they were told, then its last part (or the end, when it gave up). */
async function partsFeed(path: string, opts: CsvBytesOptions): Promise<PrescanFeed> {
  const parts: PrescanPart[] = [];
  const whole = await prescanSettlements(path, opts, (p) => parts.push(p));
  let k = 0;
  let given = 0;
  return {
    next: () => {
      const part = parts[k];
      k++;
      if (part !== undefined) given += part.others.length;
      return Promise.resolve(part ?? (k === parts.length + 1 && whole !== undefined ? lastPart(whole, given) : undefined));
    },
  };
}

async function both(text: string | Uint8Array, chunkSize: number): Promise<{ bytes: unknown; rows: unknown }> {
  const path = join(dir, `s${files++}.csv`);
  writeFileSync(path, text);
  const run = async (bytes: boolean, feed?: PrescanFeed): Promise<unknown> => {
    const fileRejects: Reject[] = [];
    const headers = new Map<string, readonly string[]>();
    try {
      const r = await readSettlements(path, people(), fileRejects, headers, { bytes, chunkSize, maxRecordBytes: 4096 }, feed);
      return snapshot(r, fileRejects, headers);
    } catch (e) {
      return { error: String(e) };
    }
  };
  const rows = await run(false);
  // read ahead of the persons (as on the fold's thread), when the byte path does not give up
  const pre = await prescanSettlements(path, { chunkSize, maxRecordBytes: 4096 });
  if (pre !== undefined) expect(await run(true, feedOf(pre))).toEqual(rows);
  // the same scan part by part, as the main thread checks it while the worker scans the rest
  // (a scan that gives up ends its feed with undefined: the file is then read as if unscanned)
  expect(await run(true, await partsFeed(path, { chunkSize, maxRecordBytes: 4096 }))).toEqual(rows);
  return { bytes: await run(true), rows };
}

const COLUMNS = ['setl_id', 'psn_no', 'med_type', 'hosp_lv', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'hifp_pay', 'hifmi_pay', 'refd_setl_flag', 'init_setl_id', 'psn_name'];
const ZH: Record<string, string> = { setl_id: '结算ID', psn_no: '人员编号', medfee_sumamt: '医疗费总额', inscp_scp_amt: '符合政策范围金额' };

const garbage = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ' ', '"', '""', 'a"b', '"x,y"', '"line\nbreak"', '\r', ' 12.50', '12.345', '-0', '+5', '1e3', '.5', '5.', '１２', '\u3000P1', 'P1 ', '2023-02-29 10:00:00', '2023-01-01T10:00:00', '2023-01-01', '2023-1-5 10:00:00', '是', 'n', 'false', '0', '1', '99999999999999999'),
);
const yuan = (f: number): string => `${Math.floor(f / 100)}.${String(f % 100).padStart(2, '0')}`;
const amount = fc.oneof(fc.integer({ min: 0, max: 2_000_000 }).map(yuan), fc.integer({ min: 0, max: 3000 }).map((n) => String(n)), fc.constantFrom('0', '0.00', '1000.00', '2000.0', '500'));
const plausible: Record<string, fc.Arbitrary<string>> = {
  setl_id: fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S01', 'S1000000000000000000000000000009', 'Sé'),
  psn_no: fc.constantFrom('P1', 'P2', 'P3', '人员4', 'P7', 'P9', 'P"5', 'P,6'),
  med_type: fc.constantFrom('11', '14', '21', '2101', 'X'),
  hosp_lv: fc.constantFrom('', '01', '02', '09', '三级'),
  setl_time: fc.constantFrom('2023-01-02 10:00:00', '2023-06-01 08:30:00', '2022-12-31 23:59:59', '2023-02-30 10:00:00', '2023-03-01 24:00:00'),
  medfee_sumamt: amount,
  inscp_scp_amt: amount,
  fulamt_ownpay_amt: fc.oneof(fc.constant(''), amount),
  hifp_pay: fc.oneof(fc.constant(''), fc.constant(''), amount),
  hifmi_pay: fc.oneof(fc.constant(''), fc.constant(''), amount),
  refd_setl_flag: fc.constantFrom('', '', '', '0', '1'),
  init_setl_id: fc.constantFrom('', 'S1', 'S2', 'S9'),
  psn_name: fc.constantFrom('', '张三', 'Li, Si', '"王"五'),
};

/** A cell: mostly plausible, sometimes garbage; written quoted (as csvField does) or raw. */
const cell = (col: string): fc.Arbitrary<string> =>
  fc.tuple(fc.oneof({ weight: 30, arbitrary: plausible[col] ?? garbage }, { weight: 1, arbitrary: garbage }), fc.integer({ min: 0, max: 19 })).map(([v, q]) => (q === 0 ? `"${v.replaceAll('"', '""')}"` : q === 1 ? v : csvField(v)));

const CORE = ['setl_id', 'psn_no', 'med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt'];
const columns = fc.oneof(
  fc.shuffledSubarray(COLUMNS, { minLength: 2 }),
  fc.shuffledSubarray(COLUMNS.filter((c) => !CORE.includes(c))).chain((more) => fc.shuffledSubarray([...CORE, ...more], { minLength: CORE.length + more.length })),
);

const file = fc
  .tuple(
    columns,
    fc.boolean(),
    fc.boolean(),
    fc.constantFrom('\n', '\r\n'),
    fc.integer({ min: 0, max: 20 }),
    fc.boolean(),
    fc.boolean(),
  )
  .chain(([cols, bom, zh, eol, n, trailing, blank]) =>
    fc.array(fc.tuple(...cols.map(cell), fc.integer({ min: 0, max: 30 })), { minLength: n, maxLength: n }).map((rows) => {
      const header = cols.map((c) => (zh ? (ZH[c] ?? c) : c)).join(',');
      const lines = rows.map((r) => {
        const extra = r[r.length - 1] as number;
        const fields = r.slice(0, -1) as string[];
        // now and then a short or a long row, a blank line
        if (extra === 0) return fields.slice(0, 1).join(',');
        if (extra === 1) return [...fields, 'extra'].join(',');
        if (extra === 2 && blank) return '';
        return fields.join(',');
      });
      return (bom ? '\ufeff' : '') + [header, ...lines].join(eol) + (trailing ? eol : '');
    }),
  );

describe('the byte path reads settlements exactly as the row path (fast-check)', () => {
  it('same rows, columns, rejects, duplicates and reversals on random files, whatever the chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(file, fc.integer({ min: 1, max: 64 }), async (text, chunk) => {
        const r = await both(text, chunk);
        expect(r.bytes).toEqual(r.rows);
      }),
      { numRuns: 1500 },
    );
  });

  it('takes every row of a clean file by bytes', async () => {
    const path = join(dir, 'clean.csv');
    writeFileSync(path, 'setl_id,psn_no,med_type,hosp_lv,setl_time,medfee_sumamt,inscp_scp_amt,hifp_pay\r\nS1,P1,11,,2023-01-02 10:00:00,10.00,8.00,\r\nS2,P2,21,02,2023-01-03 10:00:00,10,8.5,1.25\r\n');
    const r = await readSettlements(path, people(), [], new Map(), { chunkSize: 7 });
    expect(r.table.count).toBe(2);
    expect(r.table.slowIds.size).toBe(0);
    const pre = await prescanSettlements(path, { chunkSize: 5 });
    expect([pre?.count, pre?.others.length]).toEqual([2, 0]);
    if (pre === undefined) throw new Error('the byte path gave up on a clean file');
    const again = await readSettlements(path, people(), [], new Map(), {}, feedOf(pre));
    expect(again.table.slowIds.size).toBe(0);
    expect([...again.table.policyScope.subarray(0, 2)]).toEqual([800, 850]);
    expect([r.table.basicGiven[0], r.table.basicGiven[1], r.table.policyScope[1]]).toEqual([NaN, 125, 850]);
  });

  it('duplicates, reversals and rejected first rows', async () => {
    const text = [
      'setl_id,psn_no,med_type,setl_time,medfee_sumamt,inscp_scp_amt,refd_setl_flag,init_setl_id',
      'S1,P1,11,2023-01-02 10:00:00,10.00,8.00,,',
      'S1,P1,11,2023-01-02 10:00:00,10.00,8.00,,', // exact repeat
      'S1,P1,11,2023-01-02 10:00:00,10.00,9.00,,', // other content
      'S2,P9,11,2023-01-02 10:00:00,10.00,8.00,,', // unknown person
      'S2,P1,11,2023-01-02 10:00:00,10.00,8.00,,', // repeat of a rejected row
      'R1,P1,11,2023-01-02 10:00:00,-10.00,-8.00,1,S1',
      'R2,P1,11,2023-01-02 10:00:00,,,1,S1', // twice
      'R3,P2,11,2023-01-02 10:00:00,,,1,S3', // unknown target
      'S3,P7,11,2023-01-02 10:00:00,1,1,,', // refused person
      'S4,P2,11,2023-01-02 10:00:00,1.5,1.25,,',
    ].join('\n');
    for (const chunk of [1, 3, 17, 1 << 20]) {
      const r = await both(text, chunk);
      expect(r.bytes).toEqual(r.rows);
    }
  });

  it('gives up on bytes that are not UTF-8, and on an unterminated quote, exactly as the row path', async () => {
    const bad = Buffer.concat([Buffer.from('setl_id,psn_no\nS1,P1\nS2,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    const r1 = await both(bad, 5);
    expect(r1.bytes).toEqual(r1.rows);
    expect(r1.rows).toMatchObject({ error: expect.stringContaining('UTF-8') });
    const r2 = await both('setl_id,psn_no\nS1,"P1\n', 4);
    expect(r2.bytes).toEqual(r2.rows);
    const r3 = await both(`setl_id,psn_no\nS1,"${'x'.repeat(10_000)}"\n`, 64);
    expect(r3.bytes).toEqual(r3.rows);
    const r4 = await both('"setl_id",psn_no\nS1,P1\n', 64);
    expect(r4.bytes).toEqual(r4.rows);
    const r5 = await both('', 64);
    expect(r5.bytes).toEqual(r5.rows);
    const r6 = await both('\n\r\n\nsetl_id,psn_no\n\nS1,P1', 2);
    expect(r6.bytes).toEqual(r6.rows);
    const r7 = await both('setl_id,med_type\nS1,11\n', 64);
    expect(r7.bytes).toEqual(r7.rows);
  });
});

describe('byte parsers agree with the string parsers', () => {
  const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
  it('yuanBytes is parseYuan wherever it answers, and answers on every plain amount', () => {
    const text = fc.oneof(
      fc.stringMatching(/^[0-9]{0,17}(\.[0-9]{0,3})?$/),
      fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', ' ', 'e', 'x'), maxLength: 8 }),
    );
    fc.assert(
      fc.property(text, (s) => {
        fc.pre(s.length > 0);
        const mine = yuanBytes(bytes(s), 0, s.length);
        const theirs = parseYuan(s);
        if (mine >= 0) expect(mine).toBe(theirs);
        else if (!/[-+ ]/.test(s)) expect(typeof theirs).toBe('string');
      }),
      { numRuns: 3000 },
    );
  });

  it('timeBytes is timeKey(parseDateTime) wherever it answers, and answers on every canonical valid time', () => {
    const two = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
    const canonical = fc
      .tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(13), two(32), two(25), two(61), two(61))
      .map(([y, mo, d, h, mi, s]) => `${y}-${mo}-${d} ${h}:${mi}:${s}`);
    fc.assert(
      fc.property(fc.oneof(canonical, fc.string({ maxLength: 21 })), (s) => {
        const mine = timeBytes(bytes(s), 0, s.length);
        const parsed = parseDateTime(s);
        if (mine >= 0) expect(mine).toBe(parsed === undefined ? NaN : timeKey(parsed));
        else if (/^[\x21-\x7e ]{19}$/.test(s) && parsed === s) throw new Error(`not read: ${s}`);
      }),
      { numRuns: 3000 },
    );
  });
});
