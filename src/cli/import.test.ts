import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsxRows, writeXlsx } from '../ingest/xlsx.js';
import { openPglite } from '../store/pglite.js';
import { migrate } from '../store/migrate.js';
import { batchRejects } from '../store/imports.js';
import { describeEachEngine } from '../store/test-support/engines.js';
import { importFile } from './import.js';
import { main } from './main.js';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'sanchong-import-'));
}

function write(d: string, name: string, text: string): string {
  const p = join(d, name);
  writeFileSync(p, text);
  return p;
}

// 371702199001011235 carries a valid GB 11643 check digit; …1234 does not.
const PERSONS = 'psn_no,certno,psn_name,insuplc_admdvs,town_admdvs\r\nP1,371702199001011235,张三,371702,371702001\r\nP2,,李四,,\r\nP3,371702199001011234,王五,371702,\r\n';

describeEachEngine('sanchong import (files)', (getDb) => {
  const d = dir();
  beforeAll(async () => migrate(getDb()));

  it('imports persons: the pack region for rows without insuplc_admdvs, bad rows rejected with their content', async () => {
    const r = await importFile(getDb(), { kind: 'persons', path: write(d, 'persons.csv', PERSONS), region: '371700', importedBy: 'clerk' });
    expect(r.batch).toMatchObject({ accepted: 2, rejected: 1, admdvs: '371700', fileName: 'persons.csv', importedBy: 'clerk' });
    expect(await getDb().query('SELECT psn_no, admdvs, insuplc_admdvs FROM persons ORDER BY psn_no')).toEqual([
      { psn_no: 'P1', admdvs: '371702', insuplc_admdvs: '371702' },
      { psn_no: 'P2', admdvs: '371700', insuplc_admdvs: null },
    ]);
    const [reject] = await batchRejects(getDb(), r.batch.batchId);
    expect(reject).toMatchObject({ line: 4, field: 'certno', psnNo: 'P3', content: { psn_no: 'P3', certno: '371702199001011234', psn_name: '王五', insuplc_admdvs: '371702', town_admdvs: '' } });
  });

  it('updates a person from a later list; a column the list lacks keeps its value', async () => {
    const r = await importFile(getDb(), { kind: 'persons', path: write(d, 'persons-2.csv', 'psn_no,psn_name,insuplc_admdvs\nP1,张三丰,371702\nP2,李四,\n'), region: '371700', importedBy: 'clerk' });
    expect(r.batch).toMatchObject({ accepted: 2, rejected: 0 });
    expect(r.written).toBe(1);
    expect(await getDb().query(`SELECT psn_name, town_admdvs, certno, batch_id FROM persons WHERE psn_no = 'P1'`)).toEqual([
      { psn_name: '张三丰', town_admdvs: '371702001', certno: '371702199001011235', batch_id: r.batch.batchId },
    ]);
  });

  it('imports identities as a dated set: the same rows again add nothing', async () => {
    const text = 'psn_no,idet_type,begndate,enddate\nP1,特困人员,2020-01-01,\nP2,dibao,2022-01-01,2022-12-31\nP9,dibao,2022-01-01,\n';
    const first = await importFile(getDb(), { kind: 'identities', path: write(d, 'identities.csv', text), importedBy: 'clerk' });
    expect(first.batch).toMatchObject({ accepted: 2, rejected: 1, admdvs: '000000' });
    const again = await importFile(getDb(), { kind: 'identities', path: write(d, 'identities-again.csv', `${text}P1,tekun,2020-01-01,\n`), importedBy: 'clerk' });
    expect(again.batch).toMatchObject({ accepted: 3, rejected: 1 });
    expect(again.written).toBe(0);
    expect(await getDb().query('SELECT psn_no, idet_type, begndate, enddate, admdvs FROM identities ORDER BY psn_no')).toEqual([
      { psn_no: 'P1', idet_type: 'tekun', begndate: '2020-01-01', enddate: null, admdvs: '371702' },
      { psn_no: 'P2', idet_type: 'dibao', begndate: '2022-01-01', enddate: '2022-12-31', admdvs: '371700' },
    ]);
  });

  it('reads settlements from an .xlsx with Chinese headers; enrollments from CSV', async () => {
    const x = join(d, '结算.xlsx');
    await writeXlsx(x, [{
      name: '结算明细',
      header: ['结算ID', '人员编号', '医疗类别', '结算时间', '医疗费总额', '符合政策范围金额', '全自费金额'],
      rows: [['S1', 'P1', '21', '2024-03-01 10:00:00', '1200.50', '1000', '100'], ['S2', 'P2', '11', '2024-02-30 10:00:00', '10', '10', '']],
    }]);
    const r = await importFile(getDb(), { kind: 'settlements', path: x, importedBy: 'clerk' });
    expect(r.batch).toMatchObject({ accepted: 1, rejected: 1 });
    expect(await getDb().query('SELECT setl_id, psn_no, medfee_sumamt, inscp_scp_amt, fulamt_ownpay_amt, setl_time, admdvs FROM settlements')).toEqual([
      { setl_id: 'S1', psn_no: 'P1', medfee_sumamt: 120050, inscp_scp_amt: 100000, fulamt_ownpay_amt: 10000, setl_time: '2024-03-01 10:00:00', admdvs: '371702' },
    ]);
    const [bad] = await batchRejects(getDb(), r.batch.batchId);
    expect(bad).toMatchObject({ line: 3, field: 'setl_time', content: { 结算ID: 'S2', 结算时间: '2024-02-30 10:00:00' } });

    const e = await importFile(getDb(), { kind: 'enrollments', path: write(d, 'enrollments.csv', 'psn_no,year,tier,paid_date,contribution\nP1,2024,1,2023-12-01,380\nP2,2024,1,2023-12-01,\n'), importedBy: 'clerk' });
    expect(e.batch).toMatchObject({ accepted: 2, rejected: 0 });
    const again = await importFile(getDb(), { kind: 'enrollments', path: write(d, 'enrollments-2.csv', 'psn_no,year,tier,paid_date,contribution\nP1,2024,1,2023-12-01,400\n'), importedBy: 'clerk' });
    expect(again.batch).toMatchObject({ accepted: 0, rejected: 1 });
    expect(await getDb().query(`SELECT contribution FROM enrollments WHERE psn_no = 'P1'`)).toEqual([{ contribution: 38000 }]);
  });
});

describe('sanchong import (the command, PGlite in SANCHONG_DATA)', () => {
  it('imports, prints the batch, exits 1 with rejects written as xlsx, 0 for the corrected rows, 2 on usage errors', async () => {
    const d = dir();
    const data = join(d, 'data');
    const previous = process.env['SANCHONG_DATA'];
    process.env['SANCHONG_DATA'] = data;
    try {
      const persons = write(d, 'persons.csv', PERSONS);
      expect(await main(['import', 'persons', persons, '--pack', 'sd-heze', '--by', 'clerk', '--rejects', join(d, 'rejects.xlsx')])).toBe(1);
      expect(await main(['import', 'persons', persons, '--pack', 'sd-heze', '--by', 'clerk'])).toBe(1);
      const rows = [];
      for await (const row of readXlsxRows(join(d, 'rejects.xlsx'))) rows.push(row.fields);
      expect(rows[0]).toEqual(['行号 line', '字段 field', '原因 reason', 'psn_no', 'certno', 'psn_name', 'insuplc_admdvs', 'town_admdvs']);
      expect(rows[1]?.slice(0, 2)).toEqual(['4', 'certno']);
      // the clerk corrects the check digit and imports the sheet as it is
      const fixed = join(d, 'fixed.xlsx');
      await writeXlsx(fixed, [{ name: 'persons', header: rows[0] ?? [], rows: [[...(rows[1] ?? []).slice(0, 4), '371702199001011235', ...(rows[1] ?? []).slice(5)]] }]);
      expect(await main(['import', 'persons', fixed, '--pack', 'sd-heze', '--by', 'clerk'])).toBe(0);
      expect(await main(['import', 'people', persons])).toBe(2);
      expect(await main(['import', 'persons', join(d, 'missing.csv')])).toBe(2);
      expect(await main(['import', 'persons', persons, '--pack', 'no-such-pack'])).toBe(2);
    } finally {
      if (previous === undefined) delete process.env['SANCHONG_DATA'];
      else process.env['SANCHONG_DATA'] = previous;
    }
    const db = await openPglite(data);
    try {
      expect(await db.query('SELECT kind, file_name, imported_by, accepted, rejected, status FROM import_batches ORDER BY batch_id')).toEqual([
        { kind: 'persons', file_name: 'persons.csv', imported_by: 'clerk', accepted: 2, rejected: 1, status: 'done' },
        { kind: 'persons', file_name: 'fixed.xlsx', imported_by: 'clerk', accepted: 1, rejected: 0, status: 'done' },
      ]);
      expect(await db.query('SELECT psn_no FROM persons ORDER BY psn_no')).toEqual([{ psn_no: 'P1' }, { psn_no: 'P2' }, { psn_no: 'P3' }]);
    } finally {
      await db.close();
    }
  });
});
