/** The year's settlements with every tier (a link per row to its bill), and the adjustment lines (补付 / 追回). */
import { Card, Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { dateTime, negative, yuan } from '../../format';
import { useLang, useT } from '../../i18n';
import type { AdjustmentRow, SettlementRow } from './types';
import { ADJUSTMENT_KIND, MED_TYPE, nameOf, TIER } from '../../codes';

const S = {
  zh: {
    settlements: '{y} 年结算', none: '{y} 年没有结算。可在上方换一个年度。', setlId: '结算ID', time: '结算时间', medType: '医疗类别',
    total: '医疗费总额', hifp: '基本医保', hifmi: '大病保险', assist: '医疗救助', reassist: '再救助', fund: '基金支付合计', personal: '个人负担', status: '状态',
    reversed: '已撤销', reversedBy: '被 {id} 撤销', reversal: '撤销记录', reversalOf: '撤销 {id}', unsettled: '未结算', ok: '已结算',
    adjustments: '调整（补付 / 追回）', noAdjustments: '本年度没有调整。', tier: '层次', amount: '金额（元）', kind: '类型', cause: '原因', causedBy: '引起结算', reason: '说明', at: '记账时间',
  },
  en: {
    settlements: 'Settlements in {y}', none: 'No settlements in {y}. Choose another year above.', setlId: 'Settlement', time: 'Settled at', medType: 'Medical type',
    total: 'Total cost', hifp: 'Basic', hifmi: 'Critical illness', assist: 'Assistance', reassist: 'Re-assistance', fund: 'Funds total', personal: 'Personal burden', status: 'Status',
    reversed: 'Reversed', reversedBy: 'reversed by {id}', reversal: 'Reversal', reversalOf: 'reverses {id}', unsettled: 'Not settled', ok: 'Settled',
    adjustments: 'Adjustments (top-ups / recoveries)', noAdjustments: 'No adjustments this year.', tier: 'Tier', amount: 'Amount (yuan)', kind: 'Kind', cause: 'Cause', causedBy: 'Caused by', reason: 'Explanation', at: 'Booked at',
  },
} as const;

const money = (v: string | null): ReactNode => <span className="num">{yuan(v)}</span>;
const bill = (id: string): ReactNode => <Link to={`/settlements/${encodeURIComponent(id)}`}>{id}</Link>;

export function Settlements({ year, rows }: { year: number; rows: readonly SettlementRow[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const status = (r: SettlementRow): ReactNode => {
    if (r.refd_setl_flag) return <Tooltip title={t('reversalOf', { id: r.init_setl_id ?? '' })}><Tag>{t('reversal')}</Tag></Tooltip>;
    if (r.reversed_by !== null) return <Tooltip title={t('reversedBy', { id: r.reversed_by })}><Tag color="red">{t('reversed')}</Tag></Tooltip>;
    if (r.problem !== null) return <Tooltip title={r.problem}><Tag color="orange">{t('unsettled')}</Tag></Tooltip>;
    return <Tag color="green">{t('ok')}</Tag>;
  };
  const columns: TableProps<SettlementRow>['columns'] = [
    { key: 'setl_id', title: t('setlId'), dataIndex: 'setl_id', fixed: 'left', render: bill },
    { key: 'time', title: t('time'), dataIndex: 'setl_time', render: (v: string | null) => v ?? '—' },
    { key: 'med', title: t('medType'), dataIndex: 'med_type', render: (v: string | null) => nameOf(MED_TYPE, v, lang) },
    { key: 'total', title: t('total'), dataIndex: 'medfee_sumamt', align: 'right', render: money },
    { key: 'hifp_pay', title: t('hifp'), dataIndex: 'hifp_pay', align: 'right', render: money },
    { key: 'hifmi_pay', title: t('hifmi'), dataIndex: 'hifmi_pay', align: 'right', render: money },
    { key: 'maf_assist_pay', title: t('assist'), dataIndex: 'maf_assist_pay', align: 'right', render: money },
    { key: 'maf_reassist_pay', title: t('reassist'), dataIndex: 'maf_reassist_pay', align: 'right', render: money },
    { key: 'fund_pay_sumamt', title: t('fund'), dataIndex: 'fund_pay_sumamt', align: 'right', render: money },
    { key: 'psn_part_amt', title: t('personal'), dataIndex: 'psn_part_amt', align: 'right', render: money },
    { key: 'status', title: t('status'), render: (_: unknown, r) => status(r) },
  ];
  return (
    <Card title={t('settlements', { y: year })} size="small">
      <Table<SettlementRow>
        size="small"
        rowKey="setl_id"
        data-testid="settlements"
        columns={columns}
        dataSource={[...rows]}
        onRow={(r) => ({ 'data-setl-id': r.setl_id, style: r.reversed_by !== null || r.refd_setl_flag ? { color: '#999', textDecoration: 'line-through' } : undefined }) as React.HTMLAttributes<HTMLElement>}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('none', { y: year })} /> }}
      />
    </Card>
  );
}

export function Adjustments({ rows }: { rows: readonly AdjustmentRow[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  return (
    <Card title={t('adjustments')} size="small">
      {rows.length === 0 ? <Typography.Text type="secondary">{t('noAdjustments')}</Typography.Text> : <Table<AdjustmentRow>
        size="small"
        rowKey="adjustment_id"
        data-testid="adjustments"
        dataSource={[...rows]}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noAdjustments')} /> }}
        columns={[
          { key: 'setl', title: t('setlId'), dataIndex: 'setl_id', render: bill },
          { key: 'tier', title: t('tier'), dataIndex: 'tier', render: (v: string) => nameOf(TIER, v, lang) },
          { key: 'kind', title: t('kind'), dataIndex: 'kind', render: (v: string) => <Tag color={v === '追回' ? 'red' : 'blue'}>{nameOf(ADJUSTMENT_KIND, v, lang)}</Tag> },
          { key: 'amount', title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <span className="num" style={{ color: negative(v) ? '#cf1322' : undefined }}>{yuan(v)}</span> },
          { key: 'cause', title: t('cause'), dataIndex: 'cause' },
          { key: 'by', title: t('causedBy'), dataIndex: 'caused_by', render: (v: string | null) => (v === null || v === '' ? '—' : bill(v)) },
          { key: 'reason', title: t('reason'), dataIndex: 'reason' },
          { key: 'at', title: t('at'), dataIndex: 'created_at', render: (v: string) => dateTime(v) },
        ]}
      />}
    </Card>
  );
}
