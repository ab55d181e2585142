/**
 * The clauses each report rests on (quoted from policies/documents/, checked by
 * definitions.test.ts) and the definitions shared by several reports. Every figure a document shows
 * has a definition (term, text, clause): docs/reports.md is written from them.
 */
import type { Definition } from './cells.js';
import type { ReportInput } from './types.js';
import { referenceDay } from './population.js';

/** 000 = 彭水 2023 通知, 001 = 越城 实施意见, 003 = 广西 工作情况报告, 004 = 菏泽 菏医保〔2022〕10号. */
export const CLAUSE = {
  enrollmentTarget: '000 §二 «全县城乡居民基本医疗保险参保完成率达到95%以上，实现八类人群（特困人员、低保对象、低保边缘户、返贫致贫人口、脱贫不稳定户、边缘易致贫户、突发严重困难户、脱贫人口）基本医保应保尽保、动态清零»',
  eightGroups: '000 §三(一)2 «特困人员、低保对象、低保边缘户、返贫致贫人口、脱贫不稳定户、边缘易致贫户、突发严重困难户和稳定脱贫人口应当在集中参保期内完成参保»',
  dispatch: '000 §三(一)2 «建立月调度机制，对脱贫人口及监测对象基本医保参保情况实行月调度月通报，乡镇街道要落实专人负责，每月分析研判，合力推动脱贫人口及监测对象基本医保动态参保率达100%，健全8类特殊人群医保参保规范台账»',
  rating: '000 §四(四) «乡镇街道居民医保参保完成率和八类人群参保动态清零完成情况， 纳入年度民生事业争先创优赛马比拼的考核内容，实行季度评比»',
  analysis: '001 §二(二)5 «医保部门要会同镇街对特困供养人员、最低生活保障家庭成员、低保边缘家庭成员对象的医疗费用发生情况进行动态监测。医疗费用发生情况包括基本医疗、大病保险、医疗救助、商业补充保险报销及个人负担情况，每年7月底前形成半年数据分析报告，次年1月底前形成上一年全年数据分析报告»',
  national: '004 §二(二) «国家“巩固拓展医保脱贫攻坚成果有效衔接乡村振兴政策和数据模块”的数据填报纳入省级以上财政城乡医疗救助资金分配绩效考核内容，国家和省每季度都要进行调度»',
  nationalGroups: '004 §一(一) «当前医疗保障帮扶和医疗救助的范围为：特困人员、低保对象、返贫致贫人口、低保边缘家庭成员、脱贫不稳定户、边缘易致贫户和支出型困难户»',
  protection: '001 §一 «医疗费用综合保障率稳定在85%左右»',
  basicRatio: '000 §三(二)1 «确保县域政策范围内住院费用支付比例二级医院达到70%，一级医院达到80%»',
  criticalIllnessRatio: '000 §三(二)2 «上述对象参加城乡居民医保，大病保险起付线降低50%，报销比例提高5个百分点，不设封顶线，政策范围内支付比例稳定在60%左右»',
  assistanceRatio: '000 §三(二)3 «确保年度救助限额内，特困人员、低保对象、返贫致贫人口政策范围内个人自付医疗费用救助比例不低于70%，其他低收入人口不低于60%»',
  household: '003 §一(二) «截至2021年7月底，我区基本医疗保险参保人数达到5210万人，户籍人员参保率稳定在97%以上»',
  ranking: '000 §三(一)1 «上述人员享受资助参保的标准，按参保缴费时就高身份确定»',
  riskElimination: '000 §三(三)2 «对标注风险消除的监测对象，在标注风险消除后12个月内继续落实医保帮扶政策，纳入有关数据统计和调度»',
  monitoring: '000 §三(三)2 «将经基本医保、大病保险和医疗救助等报销后，自付费用达到乡村振兴部门确定的监测标准2倍及以上人员，及时推送给乡村振兴部门和乡镇街道开展信息核查»',
  special: '000 §三(三)3 «采取“ 一事一议”的方式，通过社会救助、社会捐赠、医疗互助等方式开展特殊救助»',
  oneThing: '001 §二(四)12 «高额医疗费用资金保障原则上由属地镇街承担一定比例（60%以上）»',
} as const;

const def = (term: string, text: string, clause?: string): Definition => (clause === undefined ? { term, text } : { term, text, clause });

/** Scope, cut-off, reference day, rounding: every report. */
export function frameDefinitions(input: ReportInput): Definition[] {
  const region = `${input.region.name}（${input.region.admdvs}）`;
  return [
    def(
      '统计范围 / scope',
      input.town === undefined
        ? `${region}全部登记人员，按乡镇（街道）分列；合计为全统筹区。 / Every person of ${input.region.admdvs} in the registry, by township; the totals are the region's.`
        : `${region}中乡镇（街道）或村（社区）代码以 ${input.town} 开头的人员；其他乡镇的人员、金额和预警不出现，合计也只是本范围的合计。 / Only persons whose township or village code begins with ${input.town}: no other township's persons, amounts or alerts appear, and the totals are this scope's.`,
    ),
    def(
      '数据截止时间 / cut-off',
      `${input.asOf}：此后接收的结算、撤销、补付追回、参保、身份和个案记账均不计入；同一截止时间重算得到相同数字。 / Nothing received or booked after it counts (settlements, reversals, adjustments, enrollments, identities, case lines): the same cut-off gives the same figures.`,
    ),
    def(
      '统计日 / reference day',
      `${referenceDay(input)}：期间最后一日，数据截止日（北京时间）更早时取截止日。身份和参保按统计日认定。 / The period's last day, or the cut-off's day (UTC+8) if earlier: identities and enrollments are taken on it.`,
    ),
    def(
      '比率的显示 / how rates show',
      '每个比率保存为分子、分母两个整数；显示为百分数保留一位小数，向下取整（⌊分子×1000÷分母⌋‰），故 100.0% 只在全部完成时出现，94.99% 显示为 94.9%；分母为 0 时不显示。金额以分为单位的整数保存，显示为元、两位小数；人数、人次为整数。 / Every rate is kept as two integers, numerator and denominator; it shows as a percentage with one decimal rounded down (⌊num × 1000 ÷ den⌋ per-mille), so 100.0 % appears only when complete and 94.99 % shows 94.9 %; empty when the denominator is 0. Amounts are integer fen shown as yuan with two decimals; counts are integers.',
    ),
  ];
}

/** The registry, enrollment and identities: the enrollment reports. */
export function enrollmentDefinitions(): Definition[] {
  return [
    def(
      '登记人员 / persons in the registry',
      '截止时间前医保局数据库中登记在本统筹区（及统计范围）的全部人员（人员表），即医保局掌握的人员名册；不另有常住人口或户籍人口数据。 / Every person the bureau\'s store holds for the region (and scope) by the cut-off — the registry the bureau holds; there is no separate resident or household register in the data.',
    ),
    def(
      '已参保 / enrolled',
      '在统计日已缴纳期间所在年度城乡居民基本医疗保险（参保记录险种为空）的人员：缴费日期不晚于统计日，或无缴费日期而在截止时间前已登记。“渝快保”等商业产品不计。 / Enrolled in resident basic medical insurance (product \'\') for the period\'s year: paid by the reference day, or recorded by the cut-off without a paid date. Commercial products (渝快保 …) do not count.',
    ),
    def('未参保 / not enrolled', '人数 − 已参保。 / Members − enrolled.'),
    def(
      '持有身份 / categories held',
      '身份按统计日持有的认定（起止日期含当日）；标注风险消除的监测对象，按政策包在标注后12个月内仍视为持有（ID-3）。 / A category is held on a day within its begin and end dates (inclusive); a monitoring object marked risk-eliminated keeps it for the pack\'s twelve months after the mark (ID-3).',
      CLAUSE.riskElimination,
    ),
    def(
      '类别（就高） / category (highest-ranked)',
      '同时持有几类身份的人员，只计入政策包身份排序（ID-1 就高）中最高的一类，故各类人数之和等于合计。彭水政策包的排序正是通知所列八类：特困人员 > 低保对象 > 低保边缘户、返贫致贫人口、脱贫不稳定户、边缘易致贫户、突发严重困难户（并列，按此顺序） > 脱贫人口。 / A person holding several categories counts once, in the highest of the pack\'s ranking (ID-1), so the categories add up to the total. The Pengshui packs rank exactly the eight groups of the notice.',
      CLAUSE.ranking,
    ),
  ];
}

/** The money of the period: analysis, national, protection. */
export function moneyDefinitions(input: ReportInput): Definition[] {
  const year = input.period.kind === 'year';
  return [
    def(
      '结算口径 / which settlements',
      `结算时间（setl_time）在 ${input.period.from} 至 ${input.period.to} 之间、截止时间前已接收且截止时间前未被撤销的结算；每一层次的金额为截止时间前记账的首次支付加上截止时间前生成的补付、追回调整行。 / Settlements with setl_time in the period, received by the cut-off and not reversed by it; each tier as booked by the cut-off: the first payment plus the adjustment lines (补付 / 追回) created by then.`,
    ),
    def('有结算人数、结算人次 / persons with settlements, settlements', '期间有上述结算的人数；结算笔数。 / Persons with at least one such settlement; the number of settlements.'),
    def('医疗费用总额 / total cost', 'Σ medfee_sumamt。 / Σ medfee_sumamt.'),
    def('政策范围内费用 / policy-scope cost', 'Σ inscp_scp_amt。 / Σ inscp_scp_amt.'),
    def(
      '基本医保、大病保险、医疗救助、再救助 / basic, critical illness, assistance, re-assistance',
      'Σ hifp_pay、Σ hifmi_pay、Σ 医疗救助、Σ 再救助（maf_pay = 医疗救助 + 再救助），均含调整。 / Σ hifp_pay, Σ hifmi_pay, Σ assistance, Σ re-assistance (maf_pay = the last two), adjustments included.',
    ),
    def(
      '个人负担 / personal burden',
      '医疗费用总额 − 基本医保 − 大病保险 − 医疗救助 − 再救助（Σ psn_part_amt，含全自费、超限价、先行自付），在个案救助之前，与监测规则的口径相同。 / Total cost − every tier (Σ psn_part_amt, including 全自费, 超限价 and 先行自付), before case money: the measure the monitoring rules use.',
      CLAUSE.monitoring,
    ),
    def(
      '个案救助 / case money',
      `期间所在年度（${input.period.year}，按个案所涉费用的年度）截止时间前记账的个案（一事一议、依申请救助、一件事）金额：决定减去撤销，按资金来源。个案金额按年度而非按月记，故对不足一年的期间它是本年度截至截止时间的数；与期间结算金额合算的数字（个案后个人负担、含个案的综合保障率）只在年度报表中给出${year ? '' : '，本期间为空'}。 / Case lines (一事一议, 依申请救助, 一件事) of the period's year (the year of the costs), booked by the cut-off — decisions less revocations — by fund source. Case money is per year, not per month: for a shorter period it is the year's to the cut-off, and the figures that combine it with the period's settlements are given in a year's report only${year ? '' : ' (empty here)'}.`,
      CLAUSE.special,
    ),
  ];
}

/** Monitoring alerts: analysis, national. */
export function alertDefinitions(): Definition[] {
  return [
    def(
      '预警 / alerts',
      '期间所在年度截止时间前触发的预警，按规则（及乡镇）计数：已预警 = 触发数；已推送、已核实、纳入监测、已办结 = 截止时间前已走到该步骤的预警数（预警按人员年度计，故不足一年的期间为本年度截至截止时间的数）。 / Alerts of the period\'s year raised by the cut-off, by rule (and township): raised = all; pushed, verified, included (verified as 纳入监测), closed = those that had reached the step by the cut-off. Alerts are per person-year, so a shorter period shows the year\'s to date.',
      CLAUSE.monitoring,
    ),
  ];
}

/** The comprehensive protection rate, both ways, and its target. */
export function protectionDefinitions(input: ReportInput): Definition[] {
  return [
    def(
      '综合保障率 / comprehensive protection rate',
      '（基本医保 + 大病保险 + 医疗救助 + 再救助）÷ 医疗费用总额，期间结算（见结算口径）。这是与“85%左右”目标比较的口径：三重制度的保障，任何期间都可计算。 / (basic + critical illness + assistance + re-assistance) ÷ total cost over the period\'s settlements. This is the figure compared with the «about 85 %» target: the three schemes\' protection, computable for any period.',
      CLAUSE.protection,
    ),
    def(
      '综合保障率（含个案救助） / comprehensive protection rate with case money',
      `（基本医保 + 大病保险 + 医疗救助 + 再救助 + 个案救助）÷ 医疗费用总额：个案救助也减轻了医疗费用负担（见 docs/cases.md §2）。个案金额按年度记账，只在年度报表中给出${input.period.kind === 'year' ? '' : '，本期间为空'}。 / (every tier + case money) ÷ total cost: case money relieves the same costs. Case money is booked per year, so this is given in a year's report only${input.period.kind === 'year' ? '' : ' (empty here)'}.`,
      CLAUSE.protection,
    ),
    def(
      '商业补充保险 / supplementary commercial insurance',
      '文件所列的商业补充保险（如越惠保）报销不在本系统数据中，未计入任何保障率。 / Payments of supplementary commercial insurance (越惠保 …) are not in the data and count in no rate.',
      CLAUSE.analysis,
    ),
  ];
}
