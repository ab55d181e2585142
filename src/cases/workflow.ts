/**
 * The case workflow (POLICY-SPEC §5, docs/cases.md), pure: which action may follow which status.
 *
 *   applied (已受理) ─review ok→ reviewed (已审核) ─approve × each level→ approved (已审批)
 *            │                     │                                        │
 *            └─review refused──────┴─reject (at a level)──→ rejected        └─decide→ decided (已决定)
 *                                                                                      │
 *                                                                    revoke (监督撤销)→ revoked
 *   decided, rejected, revoked ─close→ closed (已办结)
 *
 * With no approval level in the pack, a review that passes leads straight to `approved`.
 * `supervise` (监督意见) adds a note at any status. Everything else is refused with its reason in
 * Chinese and English.
 */

export const CASE_STATUSES = ['applied', 'reviewed', 'approved', 'decided', 'rejected', 'revoked', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_ACTIONS = ['open', 'review', 'approve', 'reject', 'decide', 'revoke', 'close', 'supervise'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_STATUS_ZH: Readonly<Record<CaseStatus, string>> = {
  applied: '已受理',
  reviewed: '已审核（审批中）',
  approved: '已审批',
  decided: '已决定',
  rejected: '不予救助',
  revoked: '已撤销',
  closed: '已办结',
};
export const CASE_ACTION_ZH: Readonly<Record<CaseAction, string>> = {
  open: '受理',
  review: '审核',
  approve: '审批',
  reject: '不予批准',
  decide: '决定救助金额',
  revoke: '撤销',
  close: '办结',
  supervise: '监督',
};

/**
 * An expected refusal. `conflict`: the case's state does not allow it (409); `invalid`: the
 * request itself is wrong (422); `unset`: the pack leaves a value it needs [local] (422);
 * `not-found` (404, also for what the user may not see); `forbidden`: not this user's step (403).
 */
export class CaseError extends Error {
  constructor(
    readonly kind: 'conflict' | 'invalid' | 'unset' | 'not-found' | 'forbidden',
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** The state a step acts on. */
export interface CaseState {
  readonly id: number;
  readonly status: CaseStatus;
  /** The approval levels, in order. */
  readonly levels: readonly string[];
  /** How many have approved. */
  readonly approvedLevels: number;
}

/** What a step leads to: the new status, and the level acted at for approve / reject. */
export interface Step {
  readonly to: CaseStatus;
  readonly level?: string | undefined;
}

const FROM: Readonly<Record<Exclude<CaseAction, 'open' | 'supervise'>, readonly CaseStatus[]>> = {
  review: ['applied'],
  approve: ['reviewed'],
  reject: ['applied', 'reviewed'],
  decide: ['approved'],
  revoke: ['decided'],
  close: ['decided', 'rejected', 'revoked'],
};

function refuse(s: CaseState, action: CaseAction): never {
  const allowed = FROM[action as keyof typeof FROM];
  const need = allowed.map((x) => `「${CASE_STATUS_ZH[x]}」`).join('或');
  throw new CaseError(
    'conflict',
    'illegal-transition',
    `个案 ${s.id} 当前为「${CASE_STATUS_ZH[s.status]}」，不能${CASE_ACTION_ZH[action]}；只有${need}的个案可以${CASE_ACTION_ZH[action]}`,
    `case ${s.id} is ${s.status}: it cannot ${action}; only a case that is ${allowed.join(' or ')} can`,
  );
}

/**
 * The step `action` leads to from `s` (`passed` for a review: true = 审核通过). `level`, for
 * approve and reject, must be the next level to act (levels approve in order).
 */
export function step(s: CaseState, action: Exclude<CaseAction, 'open' | 'supervise'>, opts: { passed?: boolean; level?: string | undefined } = {}): Step {
  if (!FROM[action].includes(s.status)) refuse(s, action);
  switch (action) {
    case 'review':
      if (opts.passed === false) return { to: 'rejected' };
      return { to: s.levels.length === 0 ? 'approved' : 'reviewed' };
    case 'approve':
    case 'reject': {
      if (s.status === 'applied') return { to: 'rejected' };
      const next = s.levels[s.approvedLevels];
      if (next === undefined) refuse(s, action);
      if (opts.level !== undefined && opts.level !== next) {
        throw new CaseError(
          'conflict',
          'wrong-level',
          `个案 ${s.id} 待「${next}」审批，不是「${opts.level}」`,
          `case ${s.id} awaits approval at level ${next}, not ${opts.level}`,
        );
      }
      if (action === 'reject') return { to: 'rejected', level: next };
      return { to: s.approvedLevels + 1 === s.levels.length ? 'approved' : 'reviewed', level: next };
    }
    case 'decide':
      return { to: 'decided' };
    case 'revoke':
      return { to: 'revoked' };
    case 'close':
      return { to: 'closed' };
  }
}
