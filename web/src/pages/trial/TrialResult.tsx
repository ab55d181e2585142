/**
 * A trial's answer: the split by tier and the personal burden exactly as the API gives them
 * (yuan strings), each tier with the rule that paid, its clause and the steps of the
 * calculation, and the statement that nothing was stored.
 */
import { Alert, Card, Descriptions, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { yuan } from '../../format';
import { useT } from '../../i18n';
import { traceLines } from '../../trace';
import type { TraceLine } from '../../trace';

export interface TrialAnswer {
  readonly trial: true;
  readonly psn_no: string;
  readonly med_type: string;
  readonly setl_time: string;
  readonly medfee_sumamt: string;
  readonly inscp_scp_amt: string;
  readonly hifp_pay: string;
  readonly hifmi_pay: string;
  readonly maf_pay: string;
  readonly maf_assist_pay: string;
  readonly maf_reassist_pay: string;
  readonly fund_pay_sumamt: string;
  readonly psn_part_amt: string;
  readonly inscp_psn_part_amt: string;
  readonly pack_id: string;
  readonly pack_version: string;
  readonly illustrative: boolean;
  readonly setl_proc_info: string;
  readonly setldetail: readonly { fund_pay_type: string; fund_pay_type_name: string; fund_payamt: string }[];
}

const S = {
  zh: {
    title: '试算结果', notStored: '仅为试算：没有保存任何结算，人员的年度累计、台账和预警均未改变。', who: '人员', hypothetical: '假设人员',
    total: '医疗费总额', scope: '符合政策范围金额', pack: '政策包', illustrative: '演示数值，非官方',
    tier: '层次', amount: '金额（元）', rule: '规则', clause: '依据条款', how: '计算过程',
    basic: '基本医保统筹', ci: '大病保险', assistance: '医疗救助', reassistance: '再救助（倾斜救助）', fund: '基金支付合计', personal: '个人负担', inscpPersonal: '其中：政策范围内个人负担',
    noRule: '—', fundLines: '基金支付明细', traceAll: '完整计算过程',
  },
  en: {
    title: 'Trial result', notStored: 'A trial only: no settlement was stored, and the person’s year totals, ledger and alerts are unchanged.', who: 'Person', hypothetical: 'hypothetical person',
    total: 'Total cost', scope: 'Policy-scope amount', pack: 'Policy pack', illustrative: 'Illustrative values, not official',
    tier: 'Tier', amount: 'Amount (yuan)', rule: 'Rule', clause: 'Clause', how: 'How it was calculated',
    basic: 'Basic insurance', ci: 'Critical-illness insurance', assistance: 'Medical assistance', reassistance: 'Re-assistance', fund: 'Funds in total', personal: 'Personal burden', inscpPersonal: 'of which within the policy scope',
    noRule: '—', fundLines: 'Fund lines', traceAll: 'The whole trace',
  },
} as const;

type Key = 'hifp_pay' | 'hifmi_pay' | 'maf_assist_pay' | 'maf_reassist_pay' | 'fund_pay_sumamt' | 'psn_part_amt' | 'inscp_psn_part_amt';

interface Line {
  readonly key: Key;
  readonly label: string;
  readonly amount: string;
  readonly trace: TraceLine | undefined;
  readonly note?: string | undefined;
  readonly strong?: boolean;
}

export function TrialResult({ answer }: { answer: TrialAnswer }): ReactNode {
  const t = useT(S);
  const trace = traceLines(answer.setl_proc_info);
  const lines: Line[] = [
    { key: 'hifp_pay', label: t('basic'), amount: answer.hifp_pay, trace: trace.tiers[0] },
    { key: 'hifmi_pay', label: t('ci'), amount: answer.hifmi_pay, trace: trace.tiers[1] },
    { key: 'maf_assist_pay', label: t('assistance'), amount: answer.maf_assist_pay, trace: trace.tiers[2] },
    { key: 'maf_reassist_pay', label: t('reassistance'), amount: answer.maf_reassist_pay, trace: trace.tiers[3] },
    { key: 'fund_pay_sumamt', label: t('fund'), amount: answer.fund_pay_sumamt, trace: undefined, strong: true },
    { key: 'psn_part_amt', label: t('personal'), amount: answer.psn_part_amt, trace: undefined, note: trace.personal, strong: true },
    { key: 'inscp_psn_part_amt', label: t('inscpPersonal'), amount: answer.inscp_psn_part_amt, trace: undefined },
  ];
  return (
    <Card title={t('title')} data-testid="trial-result" style={{ marginTop: 16 }}>
      <Alert type="info" showIcon title={t('notStored')} style={{ marginBottom: 16 }} data-testid="not-stored" />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'who', label: t('who'), children: answer.psn_no === 'TRIAL' ? t('hypothetical') : answer.psn_no },
          { key: 'total', label: t('total'), children: <span className="num">{yuan(answer.medfee_sumamt)}</span> },
          { key: 'scope', label: t('scope'), children: <span className="num">{yuan(answer.inscp_scp_amt)}</span> },
          { key: 'pack', label: t('pack'), children: <>{answer.pack_id} {answer.pack_version} {answer.illustrative && <Tag color="orange">{t('illustrative')}</Tag>}</> },
        ]}
      />
      <Table<Line>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('tier'), dataIndex: 'label', width: 190, render: (v: string, r) => (r.strong === true ? <Typography.Text strong>{v}</Typography.Text> : v) },
          {
            title: t('amount'), dataIndex: 'amount', align: 'right', width: 140,
            render: (v: string, r) => <span className="num" data-testid={`split-${r.key}`} data-value={v} style={r.strong === true ? { fontWeight: 600 } : undefined}>{yuan(v)}</span>,
          },
          { title: t('rule'), width: 130, render: (_: unknown, r) => (r.trace?.ruleId === undefined ? t('noRule') : <Tag color="blue">{r.trace.ruleId}</Tag>) },
          { title: t('clause'), width: 220, render: (_: unknown, r) => (r.trace?.clause === undefined ? t('noRule') : <span title={r.trace.document}>{r.trace.clause}</span>) },
          {
            title: t('how'),
            render: (_: unknown, r) => {
              if (r.note !== undefined) return <Typography.Text type="secondary">{r.note}</Typography.Text>;
              if (r.trace === undefined) return null;
              return <Typography.Text type="secondary">{r.trace.steps.join('；')}</Typography.Text>;
            },
          },
        ]}
      />
      {answer.setldetail.length > 0 && (
        <Descriptions
          size="small"
          title={t('fundLines')}
          column={1}
          style={{ marginTop: 16 }}
          items={answer.setldetail.map((d) => ({ key: d.fund_pay_type, label: `${d.fund_pay_type} ${d.fund_pay_type_name}`, children: <span className="num">{yuan(d.fund_payamt)}</span> }))}
        />
      )}
      <details style={{ marginTop: 12 }}>
        <summary>{t('traceAll')}</summary>
        <Typography.Paragraph copyable style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="trace">
          {answer.setl_proc_info.split(' | ').join('\n')}
        </Typography.Paragraph>
      </details>
    </Card>
  );
}
