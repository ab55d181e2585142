/**
 * 一条预警: the person (a link to the person's record), why it was raised (the measure, its amount
 * now and at the alert, the threshold, the rule and its clause, the settlement that raised it),
 * its history (every step, who, when, the note), the step its status allows the user, and the
 * cases that answer it — with "open a case" where the pack's kinds allow it.
 */
import { Card, Descriptions, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { messageIn } from '../api';
import { ErrorState, Loading } from '../components/State';
import { dateTime, day, yuan } from '../format';
import { useApi } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { AlertActions } from './alerts/AlertActions';
import { NewCaseButton } from './cases/NewCase';
import type { AlertEventOut, AlertOut, CaseOut } from '../types';
import { ALERT_STATUS, ALERT_STATUS_COLOR, CASE_STATUS, CASE_STATUS_COLOR, CATEGORY, DEPARTMENT, MEASURE, nameOf, OUTCOME } from '../codes';

const S = {
  zh: {
    title: '预警 {id}', back: '返回预警列表', person: '人员', certno: '身份证号', place: '乡镇 / 村', why: '预警原因', rule: '规则', measure: '监测口径', amount: '当前金额',
    atAlert: '预警时金额', threshold: '监测标准', clause: '政策依据', pack: '政策包', illustrative: '演示数值', settlement: '触发结算', date: '预警日期', category: '身份类别',
    riskElim: '风险消除日期', pushTo: '应推送至', process: '处置方式', handling: '处置情况', department: '已推送部门', outcome: '核实结果', history: '处置记录', cases: '该人员 {year} 年的个案', fromThis: '由此预警受理',
    noCases: '尚无个案。', by: '{who}', note: '说明：{n}', pushList: '推送清单 {id}', ge: '达到及以上', gt: '超过', incomplete: '（数据不完整）', kind: '类别', status: '状态',
    decided: '决定金额', opened: '受理时间', year: '年度', raised: '生成预警', pushAgain: '重新下载该推送清单（XLSX，按当前状态）',
  },
  en: {
    title: 'Alert {id}', back: 'Back to the alerts', person: 'Person', certno: 'ID number', place: 'Township / village', why: 'Why it was raised', rule: 'Rule', measure: 'Measure', amount: 'Amount now',
    atAlert: 'Amount at the alert', threshold: 'Threshold', clause: 'Clause', pack: 'Policy pack', illustrative: 'illustrative', settlement: 'Settlement that raised it', date: 'Alert date', category: 'Category',
    riskElim: 'Risk eliminated on', pushTo: 'To be pushed to', process: 'Handling', handling: 'Handling', department: 'Pushed to', outcome: 'Verification', history: 'History', cases: 'The person’s cases of {year}', fromThis: 'opened from this alert',
    noCases: 'No case yet.', by: '{who}', note: 'Note: {n}', pushList: 'push list {id}', ge: 'at least', gt: 'above', incomplete: ' (incomplete data)', kind: 'Kind', status: 'Status',
    decided: 'Decided', opened: 'Opened', year: 'Year', raised: 'raised', pushAgain: 'Download this push list again (XLSX, as the alerts are now)',
  },
} as const;

export default function Alert(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const { id } = useParams();
  const valid = id !== undefined && /^[1-9][0-9]{0,15}$/.test(id);
  const a = useApi<AlertOut & { events: AlertEventOut[] }>(valid ? `/api/v1/alerts/${id}` : null);
  const cases = useApi<{ cases: CaseOut[] }>(a.data === undefined ? null : '/api/v1/cases', a.data === undefined ? undefined : { psn_no: a.data.psn_no, year: a.data.year, limit: 100 });
  if (!valid) return <ErrorState error={new Error(lang === 'zh' ? '预警编号无效' : 'Not an alert number')} />;
  if (a.error !== undefined) return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Link to="/alerts">{t('back')}</Link>
      <ErrorState error={a.error} onRetry={a.reload} />
    </Space>
  );
  if (a.data === undefined) return <Loading />;
  const al = a.data;
  const personCases = cases.data?.cases ?? [];
  const reload = (): void => {
    a.reload();
    cases.reload();
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/alerts" className="no-print">{t('back')}</Link>
      <Space wrap align="center">
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title', { id: al.id })}</Typography.Title>
        <Tag color={ALERT_STATUS_COLOR[al.status]} data-testid="alert-status">{nameOf(ALERT_STATUS, al.status, lang)}</Tag>
        {al.illustrative && <Tag color="red">{t('illustrative')}</Tag>}
        <span className="no-print"><AlertActions alert={al} onDone={reload} /></span>
        {hasRole(user, 'admin', 'bureau', 'township') && (
          <span className="no-print"><NewCaseButton prefill={{ psnNo: al.psn_no, year: al.year, alertId: al.id, alertRule: al.rule, packId: al.pack_id }} /></span>
        )}
      </Space>
      <Card title={t('person')} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('person')}>
            <Link to={`/persons/${encodeURIComponent(al.psn_no)}`} data-testid="alert-person">{al.psn_name ?? al.psn_no}</Link>&nbsp;({al.psn_no})
          </Descriptions.Item>
          <Descriptions.Item label={t('certno')}>{al.certno ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('place')}>{al.town_admdvs ?? '—'} / {al.village_admdvs ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('category')}>{nameOf(CATEGORY, al.category, lang)}</Descriptions.Item>
          {al.risk_elim_date !== null && <Descriptions.Item label={t('riskElim')}>{al.risk_elim_date}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title={t('why')} size="small">
        <Typography.Paragraph strong>{al.rule} {al.title}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
          <Descriptions.Item label={t('measure')}>{nameOf(MEASURE, al.measure, lang)}</Descriptions.Item>
          <Descriptions.Item label={t('amount')}><span className="num" data-testid="alert-amount">{yuan(al.amount)}</span>{al.complete ? '' : t('incomplete')}</Descriptions.Item>
          <Descriptions.Item label={t('atAlert')}><span className="num">{yuan(al.amount_at_alert)}</span></Descriptions.Item>
          <Descriptions.Item label={t('threshold')}>{al.comparison === '>=' ? t('ge') : t('gt')} <span className="num">{yuan(al.threshold)}</span></Descriptions.Item>
          <Descriptions.Item label={t('clause')}>{al.clause}</Descriptions.Item>
          <Descriptions.Item label={t('pack')}>{al.pack_id} {al.pack_version}</Descriptions.Item>
          <Descriptions.Item label={t('year')}>{al.year}</Descriptions.Item>
          <Descriptions.Item label={t('date')}>{day(al.alert_date)}</Descriptions.Item>
          <Descriptions.Item label={t('settlement')}>
            {al.setl_id === null ? '—' : <Link to={`/settlements/${encodeURIComponent(al.setl_id)}`}>{al.setl_id}</Link>}
          </Descriptions.Item>
          <Descriptions.Item label={t('pushTo')}>{al.push_to.map((d) => nameOf(DEPARTMENT, d, lang)).join('、') || '—'}</Descriptions.Item>
          {al.process !== null && <Descriptions.Item label={t('process')}>{al.process}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card title={t('handling')} size="small">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('department')}>{nameOf(DEPARTMENT, al.department, lang)}{al.pushed_at === null ? '' : ` · ${dateTime(al.pushed_at)} · ${al.pushed_by ?? ''}`}</Descriptions.Item>
          <Descriptions.Item label={t('outcome')}>{nameOf(OUTCOME, al.outcome, lang)}{al.verified_at === null ? '' : ` · ${dateTime(al.verified_at)} · ${al.verified_by ?? ''}`}</Descriptions.Item>
          <Descriptions.Item label={nameOf(ALERT_STATUS, 'closed', lang)}>{al.closed_at === null ? '—' : `${dateTime(al.closed_at)} · ${al.closed_by ?? ''}`}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>{t('history')}</Typography.Title>
        <Timeline
          data-testid="alert-history"
          items={al.events.map((e) => ({
            key: e.id,
            color: ALERT_STATUS_COLOR[e.to] === 'default' ? 'gray' : ALERT_STATUS_COLOR[e.to] === 'red' ? 'red' : 'blue',
            content: (
              <div>
                <Typography.Text type="secondary">{dateTime(e.at)}</Typography.Text>{' '}
                <Typography.Text strong>{e.from === null ? t('raised') : `${nameOf(ALERT_STATUS, e.from, lang)} → ${nameOf(ALERT_STATUS, e.to, lang)}`}</Typography.Text>
                {' · '}{e.username}{e.role === null ? '' : ` (${e.role})`}
                {e.department !== null && ` · ${nameOf(DEPARTMENT, e.department, lang)}`}
                {e.outcome !== null && ` · ${nameOf(OUTCOME, e.outcome, lang)}`}
                {e.push_id !== null && (hasRole(user, 'admin', 'bureau', 'township') ? (
                  <> · <a href={`/api/v1/alerts/push-lists/${e.push_id}`} download title={t('pushAgain')}>{t('pushList', { id: e.push_id })}</a></>
                ) : ` · ${t('pushList', { id: e.push_id })}`)}
                {e.note !== null && e.note !== '' && <div><Typography.Text type="secondary">{t('note', { n: messageIn(e.note, lang) })}</Typography.Text></div>}
              </div>
            ),
          }))}
        />
      </Card>
      <Card title={t('cases', { year: al.year })} size="small">
        {cases.error !== undefined ? (
          <ErrorState error={cases.error} onRetry={cases.reload} />
        ) : (
          <Table<CaseOut>
            rowKey="id"
            size="small"
            loading={cases.loading}
            pagination={false}
            dataSource={personCases}
            locale={{ emptyText: t('noCases') }}
            columns={[
              { title: '#', render: (_: unknown, c) => <Link to={`/cases/${c.id}`}>{c.id}</Link> },
              { title: t('kind'), render: (_: unknown, c) => <span>{c.kind}{c.alert_id === al.id && <Tag style={{ marginLeft: 8 }}>{t('fromThis')}</Tag>}</span> },
              { title: t('status'), render: (_: unknown, c) => <Tag color={CASE_STATUS_COLOR[c.status]}>{nameOf(CASE_STATUS, c.status, lang)}</Tag> },
              { title: t('decided'), align: 'right', render: (_: unknown, c) => <span className="num">{yuan(c.decided)}</span> },
              { title: t('opened'), render: (_: unknown, c) => dateTime(c.opened_at) },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}
