/**
 * 个案: the case (person, kind and clause, reason, approval levels, cap), the steps valid now for
 * this user, its money lines in the person's ledger (decisions and recoveries per fund source) and
 * the person-year's totals after every tier and after cases, and the timeline of every step.
 */
import { Card, Descriptions, Space, Steps, Table, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/State';
import { dateTime, yuan } from '../format';
import { useApi } from '../hooks';
import { useLang, useT } from '../i18n';
import { CaseActions } from './cases/CaseActions';
import type { CaseLineOut } from '../types';
import type { CaseDetail } from './cases/types';
import { CASE_ACTION, CASE_STATUS, CASE_STATUS_COLOR, CATEGORY, FUND_SOURCE, KIND_TYPE, LEVEL, MEASURE, nameOf } from '../codes';

const S = {
  zh: {
    title: '个案 {id}', back: '返回个案列表', illustrative: '演示数值', person: '人员', certno: '身份证号', place: '乡镇 / 村', category: '申请身份', year: '年度', kind: '类别',
    clause: '政策依据', pack: '政策包', alert: '关联预警', reason: '申请事由', requested: '申请金额', cap: '上限口径', capAmount: '决定时上限', decided: '决定金额',
    opened: '受理', levels: '审批层级', review: '审核', decide: '决定', lines: '救助账目', source: '资金来源', amount: '金额', cause: '类型', booked: '记账', decision: '决定',
    revocation: '撤销追回', noLines: '尚未决定金额：决定后按资金来源记入个人账目。', totals: '{year} 年个人费用合计（各项保障及个案之后）', settlements: '结算笔数', medfee: '医疗费用总额',
    inscp: '政策范围内费用', hifp: '基本医保', hifmi: '大病保险', assist: '医疗救助', reassist: '再救助', personal: '个人负担（各项保障后）', inscpPersonal: '政策范围内个人负担',
    casesTotal: '个案救助合计', after: '个案救助后个人负担', events: '办理记录', note: '意见：{n}', closedFrom: '（由「{s}」办结）',
  },
  en: {
    title: 'Case {id}', back: 'Back to the cases', illustrative: 'illustrative', person: 'Person', certno: 'ID number', place: 'Township / village', category: 'Category applied as', year: 'Year', kind: 'Kind',
    clause: 'Clause', pack: 'Policy pack', alert: 'Alert', reason: 'Reason', requested: 'Amount asked', cap: 'Cap measure', capAmount: 'Cap at the decision', decided: 'Decided',
    opened: 'Opened', levels: 'Approval levels', review: 'Review', decide: 'Decision', lines: 'Ledger lines', source: 'Fund source', amount: 'Amount', cause: 'Type', booked: 'Booked', decision: 'decision',
    revocation: 'revocation (recovered)', noLines: 'No amount decided yet: a decision books one line per fund source into the person’s ledger.', totals: 'The person’s {year} totals (after every tier and after cases)', settlements: 'Settlements', medfee: 'Total cost',
    inscp: 'Policy-scope cost', hifp: 'Basic insurance', hifmi: 'Critical illness', assist: 'Medical assistance', reassist: 'Re-assistance', personal: 'Personal burden (after the tiers)', inscpPersonal: 'Policy-scope personal burden',
    casesTotal: 'Case money', after: 'Personal burden after cases', events: 'Steps', note: 'Opinion: {n}', closedFrom: ' (closed from {s})',
  },
} as const;

function LevelSteps({ c }: { c: CaseDetail }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const rev = c.events.find((e) => e.action === 'review');
  const rejectedAt = c.events.find((e) => e.action === 'reject')?.level ?? null;
  const review = rev === undefined ? (c.status === 'applied' ? 'process' : c.status === 'rejected' ? 'error' : 'wait') : rev.to === 'rejected' ? 'error' : 'finish';
  const levels = c.levels.map((l, i) => ({
    title: nameOf(LEVEL, l.level, lang),
    status: i < c.approved_levels ? 'finish' : rejectedAt === l.level ? 'error' : i === c.approved_levels && c.status === 'reviewed' ? 'process' : 'wait',
  }) as const);
  return (
    <Steps
      size="small"
      items={[
        { title: t('opened'), status: 'finish' },
        { title: t('review'), status: review },
        ...levels,
        { title: t('decide'), status: c.decided !== null ? 'finish' : c.status === 'approved' ? 'process' : 'wait' },
      ]}
    />
  );
}

export default function Case(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const { id } = useParams();
  const valid = id !== undefined && /^[1-9][0-9]{0,15}$/.test(id);
  const r = useApi<CaseDetail>(valid ? `/api/v1/cases/${id}` : null);
  if (!valid) return <ErrorState error={new Error(lang === 'zh' ? '个案编号无效' : 'Not a case number')} />;
  if (r.error !== undefined) return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Link to="/cases">{t('back')}</Link>
      <ErrorState error={r.error} onRetry={r.reload} />
    </Space>
  );
  if (r.data === undefined) return <Loading />;
  const c = r.data;
  const tot = c.totals;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/cases" className="no-print">{t('back')}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title', { id: c.id })}</Typography.Title>
        <Tag color={CASE_STATUS_COLOR[c.status]} data-testid="case-status">{nameOf(CASE_STATUS, c.status, lang)}</Tag>
        {c.closed_from !== null && <Typography.Text type="secondary">{t('closedFrom', { s: nameOf(CASE_STATUS, c.closed_from, lang) })}</Typography.Text>}
        {c.illustrative && <Tag color="red">{t('illustrative')}</Tag>}
      </Space>
      <div className="no-print"><CaseActions c={c} onDone={r.reload} /></div>
      <Card size="small" title={`${c.kind} ${nameOf(KIND_TYPE, c.type, lang)} · ${c.title}`}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('person')}>
            <Link to={`/persons/${encodeURIComponent(c.psn_no)}`}>{c.psn_name ?? c.psn_no}</Link>&nbsp;({c.psn_no})
          </Descriptions.Item>
          <Descriptions.Item label={t('certno')}>{c.certno ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('place')}>{c.town_admdvs ?? '—'} / {c.village_admdvs ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('category')}>{nameOf(CATEGORY, c.category, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('year')}>{c.year}</Descriptions.Item>
          <Descriptions.Item label={t('alert')}>{c.alert_id === null ? '—' : <Link to={`/alerts/${c.alert_id}`}>{c.alert_id}</Link>}</Descriptions.Item>
          <Descriptions.Item label={t('clause')}>{c.clause}</Descriptions.Item>
          <Descriptions.Item label={t('pack')}>{c.pack_id} {c.pack_version}</Descriptions.Item>
          <Descriptions.Item label={t('opened')}>{dateTime(c.opened_at)} · {c.opened_by ?? ''}</Descriptions.Item>
          <Descriptions.Item label={t('requested')}><span className="num">{yuan(c.requested)}</span></Descriptions.Item>
          <Descriptions.Item label={t('cap')}>{nameOf(MEASURE, c.cap_measure, lang)}{c.cap_amount === null ? '' : ` · ${t('capAmount')} ${yuan(c.cap_amount)}`}</Descriptions.Item>
          <Descriptions.Item label={t('decided')}><span className="num" data-testid="case-decided">{yuan(c.decided)}</span></Descriptions.Item>
          <Descriptions.Item label={t('reason')} span={3}>{c.reason}</Descriptions.Item>
        </Descriptions>
        <LevelSteps c={c} />
      </Card>
      <Card size="small" title={t('lines')}>
        <Table<CaseLineOut>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={[...c.lines]}
          data-testid="case-lines"
          locale={{ emptyText: t('noLines') }}
          columns={[
            { title: t('source'), render: (_: unknown, l) => nameOf(FUND_SOURCE, l.source, lang) },
            { title: t('amount'), align: 'right', render: (_: unknown, l) => <span className="num">{yuan(l.amount)}</span> },
            { title: t('cause'), render: (_: unknown, l) => (l.cause === 'decision' ? t('decision') : l.cause === 'revocation' ? t('revocation') : l.cause) },
            { title: t('clause'), dataIndex: 'clause' },
            { title: t('booked'), render: (_: unknown, l) => `${dateTime(l.booked_at)} · ${l.booked_by}` },
          ]}
        />
      </Card>
      <Card size="small" title={t('totals', { year: tot.year })}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-totals">
          <Descriptions.Item label={t('settlements')}>{tot.settlements}</Descriptions.Item>
          <Descriptions.Item label={t('medfee')}><span className="num">{yuan(tot.medfee_sumamt)}</span></Descriptions.Item>
          <Descriptions.Item label={t('inscp')}><span className="num">{yuan(tot.inscp_scp_amt)}</span></Descriptions.Item>
          <Descriptions.Item label={t('hifp')}><span className="num">{yuan(tot.hifp_pay)}</span></Descriptions.Item>
          <Descriptions.Item label={t('hifmi')}><span className="num">{yuan(tot.hifmi_pay)}</span></Descriptions.Item>
          <Descriptions.Item label={t('assist')}><span className="num">{yuan(tot.maf_assist_pay)}</span></Descriptions.Item>
          <Descriptions.Item label={t('reassist')}><span className="num">{yuan(tot.maf_reassist_pay)}</span></Descriptions.Item>
          <Descriptions.Item label={t('personal')}><span className="num" data-testid="total-personal">{yuan(tot.psn_part_amt)}</span></Descriptions.Item>
          <Descriptions.Item label={t('inscpPersonal')}><span className="num">{yuan(tot.inscp_psn_part_amt)}</span></Descriptions.Item>
          {Object.entries(tot.cases).map(([s, v]) => (
            <Descriptions.Item key={s} label={nameOf(FUND_SOURCE, s, lang)}><span className="num">{yuan(v)}</span></Descriptions.Item>
          ))}
          <Descriptions.Item label={t('casesTotal')}><span className="num" data-testid="total-cases">{yuan(tot.cases_total)}</span></Descriptions.Item>
          <Descriptions.Item label={<strong>{t('after')}</strong>}><strong className="num" data-testid="total-after">{yuan(tot.psn_part_after_cases)}</strong></Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('events')}>
        <Timeline
          data-testid="case-events"
          items={c.events.map((e) => ({
            key: e.id,
            color: e.to === 'rejected' || e.action === 'revoke' ? 'red' : e.action === 'supervise' ? 'gray' : e.to === 'decided' || e.to === 'closed' ? 'green' : 'blue',
            content: (
              <div>
                <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>{' '}
                <Typography.Text strong>
                  {nameOf(CASE_ACTION, e.action, lang)}
                  {e.level !== null && ` · ${nameOf(LEVEL, e.level, lang)}`}
                </Typography.Text>
                {e.from !== null && e.from !== e.to && ` · ${nameOf(CASE_STATUS, e.from, lang)} → ${nameOf(CASE_STATUS, e.to, lang)}`}
                {e.amount !== null && <span className="num"> · {yuan(e.amount)}</span>}
                {' · '}{e.username}{e.role === null ? '' : ` (${e.role})`}
                {e.note !== null && e.note !== '' && <div><Typography.Text type="secondary">{t('note', { n: e.note })}</Typography.Text></div>}
              </div>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
