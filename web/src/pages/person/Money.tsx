/** The year's accumulators per pool and the year's totals after every tier and after cases (as the API sums them). */
import { Card, Descriptions, Empty, Table } from 'antd';
import type { ReactNode } from 'react';
import { yuan } from '../../format';
import { useLang, useT } from '../../i18n';
import type { CaseLineOut, TotalsOut } from '../../types';
import { poolName } from '../../codes';

const S = {
  zh: {
    accumulators: '{y} 年累计', none: '本年度没有累计。', pool: '保障层次 · 类别', base: '累计基数（元）', paid: '已支付（元）',
    totals: '{y} 年合计', settlements: '结算笔数', total: '医疗费总额', scope: '政策范围内费用', hifp: '基本医保', hifmi: '大病保险', assist: '医疗救助', reassist: '再救助',
    personal: '个人负担', scopePersonal: '其中政策范围内个人负担', casesTotal: '个案救助合计', case: '个案：{s}', after: '个案后个人负担',
  },
  en: {
    accumulators: 'Accumulated in {y}', none: 'Nothing accumulated this year.', pool: 'Tier · pool', base: 'Cumulative base (yuan)', paid: 'Paid (yuan)',
    totals: 'Totals for {y}', settlements: 'Settlements', total: 'Total cost', scope: 'Within policy scope', hifp: 'Basic insurance', hifmi: 'Critical illness', assist: 'Medical assistance', reassist: 'Re-assistance',
    personal: 'Personal burden', scopePersonal: 'of which within policy scope', casesTotal: 'Case money total', case: 'Case: {s}', after: 'Personal burden after cases',
  },
} as const;

const num = (v: string): ReactNode => <span className="num">{yuan(v)}</span>;

export function Accumulators({ year, rows }: { year: number; rows: readonly { pool: string; cum_base: string; paid: string }[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  return (
    <Card title={t('accumulators', { y: year })} size="small">
      <Table
        size="small"
        rowKey="pool"
        dataSource={[...rows]}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none')} /> }}
        columns={[
          { key: 'pool', title: t('pool'), dataIndex: 'pool', render: (v: string) => poolName(v, lang) },
          { key: 'base', title: t('base'), dataIndex: 'cum_base', align: 'right', render: num },
          { key: 'paid', title: t('paid'), dataIndex: 'paid', align: 'right', render: num },
        ]}
      />
    </Card>
  );
}

export function Totals({ totals, lines }: { totals: TotalsOut; lines: readonly CaseLineOut[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const sourceName = (s: string): string => (lang === 'zh' ? (lines.find((l) => l.source === s)?.source_zh ?? s) : s.replaceAll('_', ' '));
  const item = (key: string, label: string, v: string | null, strong = false): ReactNode => (
    <Descriptions.Item key={key} label={label}>
      <span className="num" data-testid={`total-${key}`} style={strong ? { fontWeight: 600 } : undefined}>{yuan(v)}</span>
    </Descriptions.Item>
  );
  return (
    <Card title={t('totals', { y: totals.year })} size="small" data-testid="totals">
      <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('settlements')}>{totals.settlements}</Descriptions.Item>
        {item('medfee_sumamt', t('total'), totals.medfee_sumamt)}
        {item('inscp_scp_amt', t('scope'), totals.inscp_scp_amt)}
        {item('hifp_pay', t('hifp'), totals.hifp_pay)}
        {item('hifmi_pay', t('hifmi'), totals.hifmi_pay)}
        {item('maf_assist_pay', t('assist'), totals.maf_assist_pay)}
        {item('maf_reassist_pay', t('reassist'), totals.maf_reassist_pay)}
        {item('psn_part_amt', t('personal'), totals.psn_part_amt, true)}
        {item('inscp_psn_part_amt', t('scopePersonal'), totals.inscp_psn_part_amt)}
        {Object.entries(totals.cases).map(([s, v]) => item(`case-${s}`, t('case', { s: sourceName(s) }), v))}
        {item('cases_total', t('casesTotal'), totals.cases_total)}
        {item('psn_part_after_cases', t('after'), totals.psn_part_after_cases, true)}
      </Descriptions>
    </Card>
  );
}
