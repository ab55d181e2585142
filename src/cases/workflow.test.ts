import { describe, expect, it } from 'vitest';
import type { CaseAction, CaseState, CaseStatus } from './workflow.js';
import { CASE_STATUSES, CaseError, step } from './workflow.js';

const at = (status: CaseStatus, levels: string[] = ['township', 'bureau'], approvedLevels = 0): CaseState => ({ id: 7, status, levels, approvedLevels });

function refusal(f: () => unknown): CaseError {
  try {
    f();
  } catch (e) {
    if (e instanceof CaseError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('case workflow', () => {
  it('walks applied → reviewed → each level → approved → decided → closed', () => {
    expect(step(at('applied'), 'review', { passed: true })).toEqual({ to: 'reviewed' });
    expect(step(at('reviewed'), 'approve')).toEqual({ to: 'reviewed', level: 'township' });
    expect(step(at('reviewed', undefined, 1), 'approve', { level: 'bureau' })).toEqual({ to: 'approved', level: 'bureau' });
    expect(step(at('approved'), 'decide')).toEqual({ to: 'decided' });
    expect(step(at('decided'), 'close')).toEqual({ to: 'closed' });
  });

  it('goes straight to approved when the pack has no approval level', () => {
    expect(step(at('applied', []), 'review', { passed: true })).toEqual({ to: 'approved' });
  });

  it('rejects at review or at a level, revokes a decision, and closes the three ends', () => {
    expect(step(at('applied'), 'review', { passed: false })).toEqual({ to: 'rejected' });
    expect(step(at('applied'), 'reject')).toEqual({ to: 'rejected' });
    expect(step(at('reviewed', undefined, 1), 'reject')).toEqual({ to: 'rejected', level: 'bureau' });
    expect(step(at('decided'), 'revoke')).toEqual({ to: 'revoked' });
    for (const s of ['decided', 'rejected', 'revoked'] as const) expect(step(at(s), 'close')).toEqual({ to: 'closed' });
  });

  it('refuses every other transition with a reason in Chinese and English', () => {
    const allowed: Record<string, readonly CaseStatus[]> = {
      review: ['applied'], approve: ['reviewed'], reject: ['applied', 'reviewed'], decide: ['approved'], revoke: ['decided'], close: ['decided', 'rejected', 'revoked'],
    };
    for (const [action, from] of Object.entries(allowed)) {
      for (const s of CASE_STATUSES.filter((x) => !from.includes(x))) {
        const e = refusal(() => step(at(s), action as Exclude<CaseAction, 'open' | 'supervise'>));
        expect(e.kind).toBe('conflict');
        expect(e.code).toBe('illegal-transition');
        expect(e.zh).toMatch(/不能/);
        expect(e.en).toContain(`cannot ${action}`);
      }
    }
  });

  it('approves the levels in order only', () => {
    const e = refusal(() => step(at('reviewed'), 'approve', { level: 'bureau' }));
    expect(e.code).toBe('wrong-level');
    expect(e.en).toContain('awaits approval at level township');
  });
});
