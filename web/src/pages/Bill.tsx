/**
 * 一站式结算单 / the one-stop settlement bill (一单制) of one settlement (GET
 * /api/v1/settlements/{setl_id}): the person, the visit, the split over the tiers, each tier's
 * explanation with its rule and clause, the fund lines, the pack, the reversal and the adjustment
 * lines. A document on screen; printed alone (the buttons and the frame are not printed).
 */
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/State';
import { dateTime, negative, yuan } from '../format';
import { useApi } from '../hooks';
import { useLang, useT } from '../i18n';
import { BillTrace } from './person/BillTrace';
import type { Bill as BillAnswer, BillAdjustment } from './person/types';
import { ADJUSTMENT_KIND, MED_TYPE, nameOf, TIER } from '../codes';
import './person/bill.css';

const S = {
  zh: {
    title: '一站式结算单', sub: '基本医保 · 大病保险 · 医疗救助 一站式结算', print: '打印', back: '返回人员档案',
    illustrative: '演示数值，非官方政策', person: '参保人员', name: '姓名', psnNo: '人员编号', certno: '身份证号', insuplc: '参保地', town: '乡镇', village: '村（社区）',
    visit: '就医结算信息', setlId: '结算ID', setlTime: '结算时间', medType: '医疗类别', hospLv: '医院等级', fulamt: '全自费金额', overlmt: '超限价自付', preself: '先行自付',
    received: '接收时间', computed: '计算时间', given: '已由上游给出：基本医保 {a} 元，大病保险 {b} 元',
    split: '费用分担', item: '项目', amount: '金额（元）', total: '医疗费总额', scope: '政策范围内费用', hifp: '基本医保统筹支付', hifmi: '大病保险支付', assist: '医疗救助支付',
    reassist: '再救助支付', fund: '基金支付合计', personal: '个人负担', scopePersonal: '其中：政策范围内个人负担',
    explain: '计算说明', detail: '基金支付明细', fundType: '基金支付类型', fundName: '基金名称', noDetail: '没有基金支付。',
    pack: '政策包', packVersion: '{id} 版本 {v}', notSettled: '未结算', why: '原因：{r}（字段 {f}）',
    reversed: '本结算已撤销（撤销记录 {id}，{at}），各层次支付已追回。', reversal: '本单为撤销记录，撤销结算 {id}。',
    payments: '支付与调整', first: '首次支付', net: '调整后已支付', onThis: '本结算上的调整', caused: '本结算引起的其他结算调整',
    tier: '层次', kind: '类型', cause: '原因', reason: '说明', at: '时间', printedAt: '打印时间 {t}',
  },
  en: {
    title: 'One-stop settlement bill', sub: 'Basic insurance · critical illness · medical assistance, settled in one stop', print: 'Print', back: 'Back to the person',
    illustrative: 'Illustrative values, not official policy', person: 'Insured person', name: 'Name', psnNo: 'Person no.', certno: 'ID number', insuplc: 'Insured at', town: 'Township', village: 'Village',
    visit: 'Visit and settlement', setlId: 'Settlement ID', setlTime: 'Settled at', medType: 'Medical type', hospLv: 'Hospital level', fulamt: 'Fully self-paid', overlmt: 'Over price limit, self-paid', preself: 'Self-paid first',
    received: 'Received', computed: 'Computed', given: 'Given upstream: basic {a} yuan, critical illness {b} yuan',
    split: 'Split of the cost', item: 'Item', amount: 'Amount (yuan)', total: 'Total medical cost', scope: 'Within policy scope', hifp: 'Basic insurance (pooled fund)', hifmi: 'Critical illness insurance', assist: 'Medical assistance',
    reassist: 'Re-assistance', fund: 'Funds total', personal: 'Personal burden', scopePersonal: 'of which within policy scope',
    explain: 'How each tier was calculated', detail: 'Fund payment lines', fundType: 'Fund payment type', fundName: 'Fund', noDetail: 'No fund payment.',
    pack: 'Policy pack', packVersion: '{id} version {v}', notSettled: 'Not settled', why: 'Reason: {r} (field {f})',
    reversed: 'This settlement was reversed (reversal {id}, {at}); every tier’s payment was recovered.', reversal: 'This is a reversal record: it cancels settlement {id}.',
    payments: 'Payments and adjustments', first: 'First payment', net: 'Paid after adjustments', onThis: 'Adjustments on this settlement', caused: 'Adjustments it caused on other settlements',
    tier: 'Tier', kind: 'Kind', cause: 'Cause', reason: 'Explanation', at: 'When', printedAt: 'Printed {t}',
  },
} as const;

type Key = 'medfee_sumamt' | 'inscp_scp_amt' | 'hifp_pay' | 'hifmi_pay' | 'maf_assist_pay' | 'maf_reassist_pay' | 'fund_pay_sumamt' | 'psn_part_amt' | 'inscp_psn_part_amt';
const SPLIT: readonly { key: Key; label: 'total' | 'scope' | 'hifp' | 'hifmi' | 'assist' | 'reassist' | 'fund' | 'personal' | 'scopePersonal'; cls?: string }[] = [
  { key: 'medfee_sumamt', label: 'total', cls: 'bill-strong' },
  { key: 'inscp_scp_amt', label: 'scope' },
  { key: 'hifp_pay', label: 'hifp' },
  { key: 'hifmi_pay', label: 'hifmi' },
  { key: 'maf_assist_pay', label: 'assist' },
  { key: 'maf_reassist_pay', label: 'reassist' },
  { key: 'fund_pay_sumamt', label: 'fund', cls: 'bill-strong' },
  { key: 'psn_part_amt', label: 'personal', cls: 'bill-strong' },
  { key: 'inscp_psn_part_amt', label: 'scopePersonal', cls: 'bill-sub' },
];
const TIERS = ['hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt'] as const;

function AdjustmentTable({ rows, title }: { rows: readonly BillAdjustment[]; title: string }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  if (rows.length === 0) return null;
  return (
    <Table<BillAdjustment>
      size="small"
      rowKey="id"
      title={() => title}
      dataSource={[...rows]}
      pagination={false}
      style={{ marginTop: 8 }}
      columns={[
        { key: 'setl', title: t('setlId'), dataIndex: 'setl_id', render: (v: string) => <Link to={`/settlements/${encodeURIComponent(v)}`}>{v}</Link> },
        { key: 'tier', title: t('tier'), dataIndex: 'tier', render: (v: string) => nameOf(TIER, v, lang) },
        { key: 'kind', title: t('kind'), dataIndex: 'kind', render: (v: string) => nameOf(ADJUSTMENT_KIND, v, lang) },
        { key: 'amount', title: t('amount'), dataIndex: 'amount', align: 'right', render: (v: string) => <span className="num" style={{ color: negative(v) ? '#cf1322' : undefined }}>{yuan(v)}</span> },
        { key: 'cause', title: t('cause'), dataIndex: 'cause' },
        { key: 'reason', title: t('reason'), dataIndex: 'reason' },
        { key: 'at', title: t('at'), dataIndex: 'created_at', render: (v: string | undefined) => dateTime(v) },
      ]}
    />
  );
}

export default function Bill(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const { setlId = '' } = useParams();
  const bill = useApi<BillAnswer>(`/api/v1/settlements/${encodeURIComponent(setlId)}`);
  if (bill.error !== undefined) return <ErrorState error={bill.error} onRetry={bill.reload} />;
  if (bill.data === undefined || bill.data.setl_id !== setlId) return <Loading />;
  const b = bill.data;
  const p = b.person;
  const tierLabel: Record<(typeof TIERS)[number], 'hifp' | 'hifmi' | 'assist' | 'reassist' | 'fund'> = {
    hifp_pay: 'hifp', hifmi_pay: 'hifmi', maf_assist_pay: 'assist', maf_reassist_pay: 'reassist', fund_pay_sumamt: 'fund',
  };
  return (
    <div data-testid="bill-page">
      <Space className="no-print" style={{ marginBottom: 16, display: 'flex', justifyContent: 'space-between' }}>
        <Link to={`/persons/${encodeURIComponent(p.psn_no)}${b.setl_time === null ? '' : `?year=${b.setl_time.slice(0, 4)}`}`}>
          <ArrowLeftOutlined /> {t('back')}
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>{t('print')}</Button>
      </Space>
      <article className="bill-doc" data-testid="bill">
        <h1>{t('title')}</h1>
        <div className="bill-sub">
          {t('sub')} · {t('setlId')} {b.setl_id}
          {b.illustrative && <> <Tag color="orange">{t('illustrative')}</Tag></>}
        </div>
        {b.reversed && <Alert type="error" showIcon message={t('reversed', { id: b.reversed_by ?? '', at: dateTime(b.reversed_at) })} data-testid="bill-reversed" />}
        {b.refd_setl_flag && <Alert type="info" showIcon message={t('reversal', { id: b.init_setl_id ?? '' })} />}
        {!b.settled && !b.refd_setl_flag && !b.reversed && (
          <Alert type="warning" showIcon message={t('notSettled')} description={b.problem === null ? undefined : t('why', { r: b.problem.reason, f: b.problem.field })} />
        )}

        <h2>{t('person')}</h2>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('name')}>{p.psn_name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('psnNo')}>{p.psn_no}</Descriptions.Item>
          <Descriptions.Item label={t('certno')}><span className="num">{p.certno ?? '—'}</span></Descriptions.Item>
          <Descriptions.Item label={t('insuplc')}>{p.insuplc_admdvs ?? p.admdvs}</Descriptions.Item>
          <Descriptions.Item label={t('town')}>{p.town_admdvs ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('village')}>{p.village_admdvs ?? '—'}</Descriptions.Item>
        </Descriptions>

        <h2>{t('visit')}</h2>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('setlId')}>{b.setl_id}</Descriptions.Item>
          <Descriptions.Item label={t('setlTime')}>{b.setl_time ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('medType')}>{b.med_type === null ? '—' : `${nameOf(MED_TYPE, b.med_type, lang)} (${b.med_type})`}</Descriptions.Item>
          <Descriptions.Item label={t('hospLv')}>{b.hosp_lv ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('fulamt')}><span className="num">{yuan(b.fulamt_ownpay_amt)}</span></Descriptions.Item>
          <Descriptions.Item label={t('overlmt')}><span className="num">{yuan(b.overlmt_selfpay)}</span></Descriptions.Item>
          <Descriptions.Item label={t('preself')}><span className="num">{yuan(b.preselfpay_amt)}</span></Descriptions.Item>
          <Descriptions.Item label={t('received')}>{dateTime(b.received_at)}</Descriptions.Item>
          <Descriptions.Item label={t('computed')}>{dateTime(b.computed_at)}</Descriptions.Item>
        </Descriptions>
        {(b.given.hifp_pay !== null || b.given.hifmi_pay !== null) && (
          <Typography.Paragraph type="secondary">{t('given', { a: yuan(b.given.hifp_pay), b: yuan(b.given.hifmi_pay) })}</Typography.Paragraph>
        )}

        <h2>{t('split')}</h2>
        <table className="bill-split" data-testid="bill-split">
          <thead>
            <tr><th scope="col">{t('item')}</th><td style={{ fontWeight: 500, background: '#fafafa' }}>{t('amount')}</td></tr>
          </thead>
          <tbody>
            {SPLIT.map((r) => (
              <tr key={r.key} className={r.cls}>
                <th scope="row">{t(r.label)}</th>
                <td data-testid={`split-${r.key}`}>{yuan(b[r.key])}</td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2>{t('explain')}</h2>
        <BillTrace lines={b.setl_proc_lines} packId={b.pack_id} packVersion={b.pack_version} />

        <h2>{t('detail')}</h2>
        <Table
          size="small"
          rowKey="fund_pay_type"
          data-testid="bill-detail"
          dataSource={[...b.setldetail]}
          pagination={false}
          locale={{ emptyText: t('noDetail') }}
          columns={[
            { key: 'type', title: t('fundType'), dataIndex: 'fund_pay_type' },
            { key: 'name', title: t('fundName'), dataIndex: 'fund_pay_type_name' },
            { key: 'amount', title: t('amount'), dataIndex: 'fund_payamt', align: 'right', render: (v: string | null) => <span className="num">{yuan(v)}</span> },
          ]}
        />

        <h2>{t('pack')}</h2>
        <Typography.Paragraph data-testid="bill-pack">
          {b.pack_id === null ? '—' : t('packVersion', { id: b.pack_id, v: b.pack_version ?? '—' })}
          {b.illustrative && <> <Tag color="orange">{t('illustrative')}</Tag></>}
        </Typography.Paragraph>

        {(b.first_payment !== null || b.adjustments.length > 0 || b.caused_adjustments.length > 0) && (
          <>
            <h2>{t('payments')}</h2>
            <table className="bill-split">
              <thead>
                <tr><th scope="col">{t('item')}</th><td style={{ background: '#fafafa' }}>{t('first')}</td><td style={{ background: '#fafafa' }}>{t('net')}</td></tr>
              </thead>
              <tbody>
                {TIERS.map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(tierLabel[k])}</th>
                    <td>{yuan(b.first_payment?.[k])}</td>
                    <td>{yuan(b.net_paid[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <AdjustmentTable rows={b.adjustments} title={t('onThis')} />
            <AdjustmentTable rows={b.caused_adjustments} title={t('caused')} />
          </>
        )}
        <p className="print-only" style={{ marginTop: 24, color: '#666', fontSize: 12 }}>{t('printedAt', { t: dateTime(new Date().toISOString()) })}</p>
      </article>
    </div>
  );
}
