import { describe, expect, it } from 'vitest';
import { headerKey, headerZh, IDENTITY_FIELDS, PERSON_FIELDS, resolveHeader, SETTLEMENT_FIELDS } from './headers.js';

describe('headerKey', () => {
  it('folds BOM, spaces of both widths, full-width forms and case', () => {
    expect(headerKey('\ufeff PSN_NO\u3000')).toBe('psn_no');
    expect(headerKey('乡镇（街道）区划')).toBe(headerKey('乡镇(街道)区划'));
    expect(headerKey('姓\u3000\u3000名')).toBe('姓名');
    expect(headerKey('结算ＩＤ')).toBe('结算id');
  });
});

describe('resolveHeader', () => {
  it('accepts snake_case in any case and Chinese captions side by side', () => {
    const { columns, unknown, duplicates } = resolveHeader(['SETL_ID', '人员编号', ' 姓名 ', '身份证号', 'medfee_sumamt', '统筹基金支出'], SETTLEMENT_FIELDS);
    expect(Object.fromEntries(columns)).toEqual({ setl_id: 0, psn_no: 1, psn_name: 2, certno: 3, medfee_sumamt: 4, hifp_pay: 5 });
    expect(unknown).toEqual([]);
    expect(duplicates).toEqual([]);
  });

  it('treats full-width and half-width parentheses alike', () => {
    const { columns } = resolveHeader(['乡镇(街道)区划', '村（社区）区划', '村(社区)区划'], PERSON_FIELDS);
    expect(columns.get('town_admdvs')).toBe(0);
    expect(columns.get('village_admdvs')).toBe(1);
  });

  it('keeps unknown headers as written, skips blank ones, and reports duplicates once', () => {
    const { columns, unknown, duplicates } = resolveHeader(
      ['\ufeff证件号码', '备注', '', '公民身份号码', 'certno', '身份', '  '],
      IDENTITY_FIELDS,
    );
    expect(columns.get('certno')).toBe(0); // the first one wins
    expect(columns.get('idet_type')).toBe(5);
    expect(unknown).toEqual(['备注']);
    expect(duplicates).toEqual(['certno']);
  });

  it('resolves every alias of every table to its own field', () => {
    for (const table of [SETTLEMENT_FIELDS, PERSON_FIELDS, IDENTITY_FIELDS]) {
      for (const [field, names] of Object.entries(table)) {
        for (const name of [field, ...names]) {
          expect(resolveHeader([name], table).columns.get(field), `${name} → ${field}`).toBe(0);
        }
      }
    }
  });

  it('knows the required fields', () => {
    expect(Object.keys(SETTLEMENT_FIELDS)).toEqual([
      'setl_id', 'mdtrt_id', 'psn_no', 'psn_name', 'certno', 'med_type', 'hosp_lv', 'fixmedins_code', 'setl_time',
      'begndate', 'enddate', 'medfee_sumamt', 'fulamt_ownpay_amt', 'overlmt_selfpay', 'preselfpay_amt', 'inscp_scp_amt',
      'hifp_pay', 'hifmi_pay', 'maf_pay', 'refd_setl_flag', 'init_setl_id', 'insutype',
    ]);
    expect(Object.keys(PERSON_FIELDS)).toEqual([
      'psn_no', 'certno', 'psn_name', 'gend', 'brdy', 'insuplc_admdvs', 'insu_tier', 'town_admdvs', 'village_admdvs', 'rural', 'employed',
    ]);
    expect(Object.keys(IDENTITY_FIELDS)).toEqual([
      'psn_no', 'certno', 'idet_type', 'idet_lv', 'begndate', 'enddate', 'risk_elim_date', 'illness_recognised',
    ]);
    expect(SETTLEMENT_FIELDS['certno']).toEqual(['证件号码', '身份证号', '公民身份号码', '身份证号码']);
  });
});

describe('headerZh', () => {
  it('gives the first Chinese alias', () => {
    expect(headerZh('certno', PERSON_FIELDS)).toBe('证件号码');
    expect(headerZh('setl_id', SETTLEMENT_FIELDS)).toBe('结算ID');
    expect(headerZh('begndate', IDENTITY_FIELDS)).toBe('开始日期');
  });
  it('refuses a field the table does not have', () => {
    expect(() => headerZh('nope', PERSON_FIELDS)).toThrow(RangeError);
    expect(() => headerZh('toString', PERSON_FIELDS)).toThrow(RangeError);
  });
});
