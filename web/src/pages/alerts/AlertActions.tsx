/**
 * The steps an alert's status allows the user's role, each behind a confirmation: push to a
 * department (raised → pushed; admin, bureau), the township's verification with its outcome and a
 * note (pushed → verified; admin, bureau, township of the area), close with the result (verified →
 * closed; admin, bureau). The server decides; its refusal stays in the dialog.
 */
import { Button, Form, Input, Radio, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { api } from '../../api';
import { useLang, useT } from '../../i18n';
import { hasRole, useUser } from '../../session';
import { ConfirmDialog } from '../../components/Refusal';
import type { AlertOut } from '../../types';
import { DEPARTMENT, entriesOf, nameOf, OUTCOME, PUSH_DEPARTMENTS } from '../../codes';

const S = {
  zh: {
    push: '推送', verify: '核实', close: '办结', pushTitle: '推送预警 {id}', verifyTitle: '核实预警 {id}', closeTitle: '办结预警 {id}',
    department: '推送部门', outcome: '核实结果', note: '说明', result: '办结结果', notePh: '如：入户核实，因病支出大，纳入监测', resultPh: '如：已纳入监测，转一事一议',
    pushOk: '确认推送', verifyOk: '确认核实', closeOk: '确认办结', who: '{name}（{psn}），{rule}，{year} 年',
  },
  en: {
    push: 'Push', verify: 'Verify', close: 'Close', pushTitle: 'Push alert {id}', verifyTitle: 'Verify alert {id}', closeTitle: 'Close alert {id}',
    department: 'Department', outcome: 'Outcome', note: 'Note', result: 'Result', notePh: 'e.g. visited at home: large medical costs, included in monitoring', resultPh: 'e.g. included in monitoring, passed to a case',
    pushOk: 'Push', verifyOk: 'Verify', closeOk: 'Close the alert', who: '{name} ({psn}), {rule}, {year}',
  },
} as const;

type Step = 'push' | 'verify' | 'close';

/** Which step the user may take on the alert now (the API decides again). */
export function stepFor(a: AlertOut, role: string): Step | null {
  if (a.status === 'raised' && (role === 'admin' || role === 'bureau')) return 'push';
  if (a.status === 'pushed' && (role === 'admin' || role === 'bureau' || role === 'township')) return 'verify';
  if (a.status === 'verified' && (role === 'admin' || role === 'bureau')) return 'close';
  return null;
}

export function AlertActions({ alert, onDone, size }: { alert: AlertOut; onDone: () => void; size?: 'small' | 'middle' }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const [open, setOpen] = useState<Step | null>(null);
  const [department, setDepartment] = useState<string>('');
  const [outcome, setOutcome] = useState<string>('included');
  const [note, setNote] = useState('');
  const step = stepFor(alert, user.role);
  if (step === null || !hasRole(user, 'admin', 'bureau', 'township')) return null;
  const departments = PUSH_DEPARTMENTS.filter((d) => alert.push_to.includes(d));
  const choices = departments.length > 0 ? departments : [...PUSH_DEPARTMENTS];
  const dept = department !== '' && (choices as string[]).includes(department) ? department : (choices[0] ?? 'rural_revitalisation');
  const start = (s: Step): void => {
    setNote('');
    setOpen(s);
  };
  const who = <Typography.Paragraph type="secondary">{t('who', { name: alert.psn_name ?? '—', psn: alert.psn_no, rule: alert.rule, year: alert.year })}</Typography.Paragraph>;
  const body = (b: Record<string, unknown>): Record<string, unknown> => (note.trim() === '' ? b : { ...b, note: note.trim() });
  return (
    <>
      <Space>
        <Button size={size} type={size === 'small' ? 'link' : 'primary'} onClick={() => start(step)} data-testid={`alert-${step}`}>
          {t(step)}
        </Button>
      </Space>
      <ConfirmDialog
        open={open === 'push'}
        title={t('pushTitle', { id: alert.id })}
        okText={t('pushOk')}
        onCancel={() => setOpen(null)}
        onConfirm={() => api(`/api/v1/alerts/${alert.id}/push`, { method: 'POST', body: body({ department: dept }) }).then(onDone)}
      >
        {who}
        <Form layout="vertical">
          <Form.Item label={t('department')}>
            <Radio.Group value={dept} onChange={(e) => setDepartment(String(e.target.value))} options={choices.map((d) => ({ value: d, label: nameOf(DEPARTMENT, d, lang) }))} />
          </Form.Item>
          <Form.Item label={t('note')}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={2} />
          </Form.Item>
        </Form>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'verify'}
        title={t('verifyTitle', { id: alert.id })}
        okText={t('verifyOk')}
        onCancel={() => setOpen(null)}
        onConfirm={() => api(`/api/v1/alerts/${alert.id}/verify`, { method: 'POST', body: body({ outcome }) }).then(onDone)}
      >
        {who}
        <Form layout="vertical">
          <Form.Item label={t('outcome')}>
            <Radio.Group value={outcome} onChange={(e) => setOutcome(String(e.target.value))} options={entriesOf(OUTCOME).map((o) => ({ value: o.code, label: o[lang] }))} />
          </Form.Item>
          <Form.Item label={t('note')}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={3} placeholder={t('notePh')} aria-label={t('note')} />
          </Form.Item>
        </Form>
      </ConfirmDialog>
      <ConfirmDialog
        open={open === 'close'}
        title={t('closeTitle', { id: alert.id })}
        okText={t('closeOk')}
        onCancel={() => setOpen(null)}
        onConfirm={() => api(`/api/v1/alerts/${alert.id}/close`, { method: 'POST', body: body({}) }).then(onDone)}
      >
        {who}
        <Form layout="vertical">
          <Form.Item label={t('result')}>
            <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} rows={3} placeholder={t('resultPh')} aria-label={t('result')} />
          </Form.Item>
        </Form>
      </ConfirmDialog>
    </>
  );
}
