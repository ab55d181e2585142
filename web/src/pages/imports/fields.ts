/**
 * The Chinese captions of the NHSA field names a reject may name (src/ingest/headers.ts: the
 * first accepted Chinese header of each), to show beside the field's code.
 */
export const FIELD_ZH: Readonly<Record<string, string>> = {
  setl_id: '结算ID', mdtrt_id: '就诊ID', psn_no: '人员编号', psn_name: '人员姓名', certno: '证件号码', med_type: '医疗类别', hosp_lv: '医院等级',
  fixmedins_code: '定点医药机构编号', setl_time: '结算时间', begndate: '开始日期', enddate: '结束日期', medfee_sumamt: '医疗费总额',
  fulamt_ownpay_amt: '全自费金额', overlmt_selfpay: '超限价自费费用', preselfpay_amt: '先行自付金额', inscp_scp_amt: '符合政策范围金额',
  hifp_pay: '基本医疗保险统筹基金支出', hifmi_pay: '居民大病保险资金支出', maf_pay: '医疗救助基金支出', refd_setl_flag: '退费结算标志',
  init_setl_id: '原结算ID', insutype: '险种类型', gend: '性别', brdy: '出生日期', insuplc_admdvs: '参保地医保区划', insu_tier: '参保档次',
  town_admdvs: '乡镇区划', village_admdvs: '村区划', rural: '农村户籍', employed: '就业', idet_type: '人员身份类别', idet_lv: '身份等级',
  risk_elim_date: '风险消除日期', illness_recognised: '因病认定', year: '参保年度', tier: '参保档次', paid_date: '缴费日期',
  contribution: '应缴金额', product: '参保项目',
};

/** 'medfee_sumamt' → 'medfee_sumamt 医疗费总额' in Chinese, the code alone in English; '' (the whole row) → the given word. */
export function fieldLabel(field: string, lang: 'zh' | 'en', wholeRow: string): string {
  if (field === '') return wholeRow;
  const zh = FIELD_ZH[field];
  return lang === 'zh' && zh !== undefined ? `${zh}（${field}）` : field;
}
