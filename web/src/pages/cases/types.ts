/**
 * The shapes the API answers for alerts, cases and case kinds (src/server/views/alerts.ts, cases.ts,
 * routes/cases.ts), and the English names of their codes (the API gives the Chinese ones).
 */
import type { Lang } from '../../i18n';
import type { CaseEventOut, CaseLineOut, CaseOut, TotalsOut } from '../../types';

export interface CaseDetail extends CaseOut {
  readonly events: readonly CaseEventOut[];
  readonly lines: readonly CaseLineOut[];
  readonly totals: TotalsOut;
}

export interface CaseKindOut {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly clause: string;
  readonly categories?: readonly string[];
  readonly sources?: readonly { source: string; source_zh: string }[];
  readonly levels?: readonly { level: string; level_zh: string }[];
  readonly cap?: string;
  readonly township_share_min?: number | null;
  readonly alert_rule?: string | null;
  /** The [local] value the pack leaves unset: the kind cannot be opened (the reason). */
  readonly unset: string | null;
}

export interface CaseKindsOut {
  readonly regions: readonly {
    readonly id: string;
    readonly admdvs: string;
    readonly name: string;
    readonly illustrative: boolean;
    readonly versions: readonly { readonly version: string; readonly rectification: string | null; readonly kinds: readonly CaseKindOut[] }[];
  }[];
}

/** Every kind the packs state, once per id (the newest version's), with the region it belongs to. */
export function kindsOf(k: CaseKindsOut | undefined): (CaseKindOut & { region: string; version: string })[] {
  const out = new Map<string, CaseKindOut & { region: string; version: string }>();
  for (const r of k?.regions ?? []) {
    for (const v of r.versions) for (const kind of v.kinds) out.set(`${r.id}/${kind.id}`, { ...kind, region: r.id, version: v.version });
  }
  return [...out.values()];
}

type Names = Readonly<Record<string, { zh: string; en: string }>>;

export const ALERT_STATUS: Names = {
  raised: { zh: '已预警', en: 'raised' }, pushed: { zh: '已推送', en: 'pushed' }, verified: { zh: '已核实', en: 'verified' }, closed: { zh: '已办结', en: 'closed' },
};
export const ALERT_STATUS_COLOR: Readonly<Record<string, string>> = { raised: 'red', pushed: 'orange', verified: 'blue', closed: 'default' };

export const OUTCOME: Names = {
  included: { zh: '纳入监测', en: 'included in monitoring' }, not_eligible: { zh: '不符合条件', en: 'not eligible' }, already_covered: { zh: '已是帮扶对象', en: 'already covered' },
};

export const DEPARTMENT: Names = {
  rural_revitalisation: { zh: '乡村振兴部门', en: 'rural revitalisation' }, civil_affairs: { zh: '民政部门', en: 'civil affairs' },
  township: { zh: '乡镇街道', en: 'township' }, finance: { zh: '财政部门', en: 'finance' },
};
/** The departments a push may name (the API's PUSH_DEPARTMENTS). */
export const PUSH_DEPARTMENTS = ['rural_revitalisation', 'civil_affairs'] as const;

export const MEASURE: Names = {
  personal: { zh: '个人负担总金额', en: 'personal burden (after every tier)' },
  policy_scope_personal: { zh: '政策范围内个人负担', en: 'policy-scope personal burden' },
  total: { zh: '医疗费用总额', en: 'total medical cost' },
};

export const CASE_STATUS: Names = {
  applied: { zh: '已受理', en: 'applied' }, reviewed: { zh: '已审核（审批中）', en: 'reviewed (in approval)' }, approved: { zh: '已审批', en: 'approved' },
  decided: { zh: '已决定', en: 'decided' }, rejected: { zh: '不予救助', en: 'rejected' }, revoked: { zh: '已撤销', en: 'revoked' }, closed: { zh: '已办结', en: 'closed' },
};
export const CASE_STATUS_COLOR: Readonly<Record<string, string>> = {
  applied: 'gold', reviewed: 'orange', approved: 'cyan', decided: 'green', rejected: 'red', revoked: 'magenta', closed: 'default',
};

export const CASE_ACTION: Names = {
  open: { zh: '受理', en: 'opened' }, review: { zh: '审核', en: 'reviewed' }, approve: { zh: '审批', en: 'approved' }, reject: { zh: '不予批准', en: 'rejected' },
  decide: { zh: '决定救助金额', en: 'decided' }, revoke: { zh: '撤销', en: 'revoked' }, close: { zh: '办结', en: 'closed' }, supervise: { zh: '监督', en: 'supervision note' },
};

export const FUND_SOURCE: Names = {
  social_assistance: { zh: '社会救助', en: 'social assistance' }, donation: { zh: '社会捐赠', en: 'donations' }, mutual_aid: { zh: '医疗互助', en: 'medical mutual aid' },
  medical_assistance: { zh: '医疗救助基金', en: 'medical assistance fund' }, township: { zh: '属地镇街', en: 'township' }, treasury: { zh: '区财政', en: 'district treasury' },
};

export const LEVEL: Names = {
  township: { zh: '乡镇（街道）', en: 'township' }, bureau: { zh: '医保局', en: 'medical security bureau' }, civil_affairs: { zh: '民政部门', en: 'civil affairs' },
  leading_group: { zh: '领导小组', en: 'leading group' }, finance: { zh: '财政部门', en: 'finance' },
};

export const CATEGORY: Names = {
  tekun: { zh: '特困人员', en: 'destitute person' }, dibao: { zh: '低保对象', en: 'minimum-allowance recipient' }, dibian: { zh: '低保边缘户', en: 'marginal low-income' },
  fanpin: { zh: '返贫致贫人口', en: 'returned to poverty' }, tpbwd: { zh: '脱贫不稳定户', en: 'unstable out of poverty' }, byyzp: { zh: '边缘易致贫户', en: 'poverty-prone' },
  tfkn: { zh: '突发严重困难户', en: 'sudden severe hardship' }, tuopin: { zh: '脱贫人口', en: 'out of poverty' }, zcxkn: { zh: '支出型困难人口', en: 'expenditure-type hardship' },
  ybzp: { zh: '因病致贫重病患者', en: 'impoverished by illness' },
};

export const KIND_TYPE: Names = {
  special: { zh: '一事一议', en: 'case-by-case' }, application: { zh: '依申请救助', en: 'on application' }, one_thing: { zh: '一件事', en: 'one-thing' },
};

/** A code's name in the reader's language; the code itself when unknown. */
export function nameOf(names: Names, code: string | null | undefined, lang: Lang): string {
  if (code === null || code === undefined || code === '') return '—';
  return names[code]?.[lang] ?? code;
}
