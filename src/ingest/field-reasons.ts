import type { CertnoProblem } from '../people/certno.js';
import type { YuanError } from '../money/yuan.js';
import { reason } from './reject.js';

/** Bilingual reasons for field-level problems, one wording per problem across all files. */
export const YUAN_REASONS: Record<YuanError, string> = {
  empty: reason('金额为空', 'amount is empty'),
  'not-a-number': reason('金额不是数字', 'amount is not a number'),
  'too-many-decimals': reason('金额超过两位小数（不做四舍五入）', 'amount has more than two decimals (never rounded)'),
  negative: reason('金额不能为负数', 'amount cannot be negative'),
  'too-large': reason('金额超出范围', 'amount is out of range'),
};

export const CERTNO_REASONS: Record<CertnoProblem, string> = {
  length: reason('身份证号码应为 18 位', 'an ID number has 18 characters'),
  characters: reason('身份证号码应为 17 位数字加数字或 X', 'an ID number is 17 digits and a digit or X'),
  'birth-date': reason('身份证号码中的出生日期无效', 'the birth date in the ID number is impossible'),
  checksum: reason('身份证号码校验位错误（GB 11643）', 'the ID number check digit is wrong (GB 11643)'),
};

export const FIELD_REASONS = {
  date: reason('日期无效（应为 yyyy-MM-dd）', 'not a valid date (yyyy-MM-dd)'),
  dateTime: reason('时间无效（应为 yyyy-MM-dd HH:mm:ss）', 'not a valid time (yyyy-MM-dd HH:mm:ss)'),
  category: reason('未知的人员身份类别', 'unknown identity category'),
  endBeforeBegin: reason('结束日期早于开始日期', 'end date is before the begin date'),
  admdvs: reason('区划代码应为 6 位数字', 'an admdvs code is 6 digits'),
  outsideRegion: reason('参保地不属于本政策包的地区', 'insured outside the region of this policy pack'),
  townAdmdvs: reason('乡镇区划代码应为 9 位数字', 'a township code is 9 digits'),
  villageAdmdvs: reason('村区划代码应为 12 位数字', 'a village code is 12 digits'),
  insuredTier: reason('参保档次应为 1 或 2', 'the enrollment tier is 1 or 2'),
  level: reason('等级应为 1–4', 'the grade is 1–4'),
  flag: reason('应为 1/0、是/否', 'expected 1/0 or 是/否'),
  tooLong: reason('内容过长', 'text too long'),
  duplicatePerson: reason('人员编号重复且内容不同', 'psn_no repeated with other content'),
  unknownPerson: reason('人员编号不在人员名单中', 'psn_no is not in the persons file'),
  personRejected: reason('该人员的人员或身份记录被拒绝，其结算一并拒绝', "the person's person or identity row was rejected, so are their settlements"),
  policyScopeAboveTotal: reason('符合政策范围金额大于医疗费总额', 'policy-scope amount exceeds the total cost'),
  partAboveTotal: reason('金额大于医疗费总额', 'amount exceeds the total cost'),
  givenBasicAboveScope: reason('基本医保统筹支出大于符合政策范围金额', 'given basic insurance exceeds the policy-scope amount'),
  givenTiersAboveScope: reason('基本医保与大病保险支出之和大于符合政策范围金额', 'given basic + critical illness exceed the policy-scope amount'),
  duplicateSetlId: reason('结算ID重复且内容不同（不覆盖）', 'setl_id repeated with other content (never overwritten)'),
  reversalTarget: reason('撤销行须给出原结算ID', 'a reversal row names the settlement it cancels (init_setl_id)'),
  reversalUnknown: reason('要撤销的原结算不在本文件中', 'the settlement to cancel is not in this file'),
  reversalPerson: reason('撤销行与原结算的人员编号不一致', 'the reversal and the settlement it cancels name different persons'),
  reversalTwice: reason('该结算已被撤销过', 'that settlement is already cancelled'),
  enrollmentYear: reason('参保年度应为四位年份（2000–2099）', 'the enrollment year is a year 2000–2099'),
  paidOutsideYear: reason('缴费日期应在参保年度或其前一年（集中征缴期）内', 'the payment date lies in the enrollment year or the year before it (the collection period)'),
  personRejectedEnrollment: reason('该人员的人员或身份记录被拒绝，其参保记录一并拒绝', "the person's person or identity row was rejected, so are their enrollments"),
  duplicateEnrollment: reason('同一人员、年度、项目的参保记录重复且内容不同（不覆盖）', 'enrollment repeated for the same person, year and item with other content (never overwritten)'),
} as const;
