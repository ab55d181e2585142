/**
 * The steps a case's status allows the signed-in user (docs/cases.md §1), each behind a
 * confirmation with its opinion: review (pass or refuse), approve at the next level (a township
 * user at the township level only), reject, decide the amounts per fund source, revoke, close,
 * and the supervision note (admin, bureau, any status). The server decides again; its refusal
 * (403 not your step, 409 not in this state, 422 the policy's reason) stays in the dialog.
 */
import { Button, Form, Input, Radio, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api';
import type { SessionUser } from '../../api';
import { useLang, useT } from '../../i18n';
import { useUser } from '../../session';
import { ConfirmDialog } from '../../components/Refusal';
import { DecideButton } from './Decide';
import type { CaseDetail } from './types';
import { LEVEL, nameOf } from '../../codes';

const S = {
  zh: {
    review: '审核', approve: '审批（{level}）', reject: '不予批准', revoke: '撤销决定', close: '办结', supervise: '监督意见',
    reviewTitle: '审核个案 {id}', passed: '审核通过', refused: '审核不通过（不予救助）', approveTitle: '个案 {id}：{level}审批', rejectTitle: '个案 {id}：不予批准',
    revokeTitle: '撤销个案 {id} 的决定', closeTitle: '办结个案 {id}', superviseTitle: '个案 {id}：监督意见', note: '意见', noteRequired: '意见（必填）',
    ok: '确认', rejectOk: '确认不予批准', revokeOk: '确认撤销', revokeHelp: '撤销后，已决定的金额按原资金来源冲回（追回），记入个人账目。', needNote: '请填写意见',
    approveHelp: '同意后转入下一审批层级；最后一级同意后为「已审批」，由医保局决定金额。',
  },
  en: {
    review: 'Review', approve: 'Approve ({level})', reject: 'Reject', revoke: 'Revoke the decision', close: 'Close', supervise: 'Supervision note',
    reviewTitle: 'Review case {id}', passed: 'Passed', refused: 'Not passed (rejected)', approveTitle: 'Case {id}: approval at {level}', rejectTitle: 'Case {id}: reject',
    revokeTitle: 'Revoke the decision of case {id}', closeTitle: 'Close case {id}', superviseTitle: 'Case {id}: supervision note', note: 'Opinion', noteRequired: 'Opinion (required)',
    ok: 'Confirm', rejectOk: 'Reject', revokeOk: 'Revoke', revokeHelp: 'The decided amounts are booked back (recovered) per fund source in the person’s ledger.', needNote: 'Enter the opinion',
    approveHelp: 'Approval passes the case to the next level; after the last it is approved and the bureau decides the amount.',
  },
} as const;

type Step = 'review' | 'approve' | 'reject' | 'revoke' | 'close' | 'supervise';

/** The steps the case's status allows this user now (the server decides again). */
export function stepsFor(c: CaseDetail, user: SessionUser): Step[] {
  const office = user.role === 'admin' || user.role === 'bureau';
  const staff = office || user.role === 'township';
  const out: Step[] = [];
  if (c.status === 'applied' && staff) out.push('review', 'reject');
  if (c.status === 'reviewed' && c.next_level !== null && (office || (user.role === 'township' && c.next_level === 'township'))) out.push('approve', 'reject');
  if (c.status === 'decided' && office) out.push('revoke');
  if ((c.status === 'decided' || c.status === 'rejected' || c.status === 'revoked') && office) out.push('close');
  if (office) out.push('supervise');
  return out;
}

export function CaseActions({ c, onDone }: { c: CaseDetail; onDone: () => void }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const [open, setOpen] = useState<Step | null>(null);
  const [note, setNote] = useState('');
  const [passed, setPassed] = useState(true);
  const [tried, setTried] = useState(false);
  const steps = stepsFor(c, user);
  const canDecide = c.status === 'approved' && (user.role === 'admin' || user.role === 'bureau');
  const level = nameOf(LEVEL, c.next_level, lang);
  const start = (s: Step): void => {
    setNote('');
    setPassed(true);
    setTried(false);
    setOpen(s);
  };
  const post = (path: string, body: Record<string, unknown>): Promise<unknown> => api(`/api/v1/cases/${c.id}/${path}`, { method: 'POST', body }).then(onDone);
  const withNote = (b: Record<string, unknown>): Record<string, unknown> => (note.trim() === '' ? b : { ...b, note: note.trim() });
  const needsNote = open === 'reject' || open === 'revoke' || open === 'supervise';
  const label: Record<Step, string> = {
    review: t('review'), approve: t('approve', { level }), reject: t('reject'), revoke: t('revoke'), close: t('close'), supervise: t('supervise'),
  };
  const title: Record<Step, string> = {
    review: t('reviewTitle', { id: c.id }), approve: t('approveTitle', { id: c.id, level }), reject: t('rejectTitle', { id: c.id }), revoke: t('revokeTitle', { id: c.id }),
    close: t('closeTitle', { id: c.id }), supervise: t('superviseTitle', { id: c.id }),
  };
  const confirm = (): Promise<unknown> => {
    setTried(true);
    if (needsNote && note.trim() === '') return Promise.resolve(false);
    switch (open) {
      case 'review': return post('review', withNote({ passed }));
      case 'approve': return post('approve', withNote(c.next_level === null ? {} : { level: c.next_level }));
      case 'reject': return post('reject', { note: note.trim() });
      case 'revoke': return post('revoke', { note: note.trim() });
      case 'close': return post('close', withNote({}));
      case 'supervise': return post('supervise', { note: note.trim() });
      case null: return Promise.resolve();
    }
  };
  if (steps.length === 0 && !canDecide) return null;
  return (
    <>
      <Space wrap data-testid="case-actions">
        {canDecide && <DecideButton c={c} onDone={onDone} />}
        {steps.map((s) => (
          <Button
            key={s}
            type={s === 'review' || s === 'approve' ? 'primary' : 'default'}
            danger={s === 'reject' || s === 'revoke'}
            onClick={() => start(s)}
            data-testid={`case-${s}`}
          >
            {label[s]}
          </Button>
        ))}
      </Space>
      <ConfirmDialog
        open={open !== null}
        title={open === null ? '' : title[open]}
        okText={open === 'reject' ? t('rejectOk') : open === 'revoke' ? t('revokeOk') : t('ok')}
        danger={open === 'reject' || open === 'revoke'}
        onCancel={() => setOpen(null)}
        onConfirm={confirm}
      >
        {open === 'revoke' && <Typography.Paragraph type="warning">{t('revokeHelp')}</Typography.Paragraph>}
        {open === 'approve' && <Typography.Paragraph type="secondary">{t('approveHelp')}</Typography.Paragraph>}
        <Form layout="vertical">
          {open === 'review' && (
            <Form.Item>
              <Radio.Group value={passed} onChange={(e) => setPassed(e.target.value === true)} options={[{ value: true, label: t('passed') }, { value: false, label: t('refused') }]} />
            </Form.Item>
          )}
          <Form.Item
            label={needsNote ? t('noteRequired') : t('note')}
            required={needsNote}
            validateStatus={tried && needsNote && note.trim() === '' ? 'error' : undefined}
            help={tried && needsNote && note.trim() === '' ? t('needNote') : undefined}
          >
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} rows={3} aria-label={t('note')} data-testid="case-note" />
          </Form.Item>
        </Form>
      </ConfirmDialog>
    </>
  );
}
