/** The person's monitoring alerts and cases of the year, linking to their pages, and the case money lines. */
import { Card, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { dateTime, yuan } from '../../format';
import { useLang, useT } from '../../i18n';
import type { AlertRef, CaseLineOut, CaseRef } from '../../types';
import { ALERT_STATUS, CASE_STATUS, nameOf } from '../../codes';

const S = {
  zh: {
    alerts: '监测预警', noAlerts: '本年度没有预警。', noAlertList: '此服务器版本未在档案中列出预警，请到“监测预警”页查看。', id: '编号', rule: '规则', title: '内容', amount: '金额（元）', threshold: '标准（元）',
    date: '预警日期', status: '状态', setl: '触发结算',
    cases: '个案', noCases: '本年度没有个案。', kind: '类别', decided: '决定金额（元）', alert: '来源预警', clause: '依据',
    lines: '个案资金', source: '资金来源', cause: '原因', at: '记账时间', by: '记账人',
  },
  en: {
    alerts: 'Monitoring alerts', noAlerts: 'No alerts this year.', noAlertList: 'This server does not list alerts in the record: see the Alerts page.', id: 'No.', rule: 'Rule', title: 'Subject', amount: 'Amount (yuan)', threshold: 'Threshold (yuan)',
    date: 'Alert date', status: 'Status', setl: 'Settlement',
    cases: 'Cases', noCases: 'No cases this year.', kind: 'Kind', decided: 'Decided (yuan)', alert: 'From alert', clause: 'Basis',
    lines: 'Case money', source: 'Fund source', cause: 'Cause', at: 'Booked at', by: 'Booked by',
  },
} as const;

const num = (v: string | null): ReactNode => <span className="num">{yuan(v)}</span>;

export function Alerts({ rows }: { rows: readonly AlertRef[] | undefined }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  return (
    <Card title={t('alerts')} size="small">
      {(rows ?? []).length === 0 ? <Typography.Text type="secondary">{rows === undefined ? t('noAlertList') : t('noAlerts')}</Typography.Text> : <Table<AlertRef>
        size="small"
        rowKey="id"
        data-testid="alerts"
        dataSource={[...(rows ?? [])]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'id', title: t('id'), dataIndex: 'id', render: (v: number) => <Link to={`/alerts/${v}`}>{v}</Link> },
          { key: 'rule', title: t('rule'), dataIndex: 'rule' },
          { key: 'title', title: t('title'), dataIndex: 'title' },
          { key: 'amount', title: t('amount'), dataIndex: 'amount', align: 'right', render: num },
          { key: 'threshold', title: t('threshold'), dataIndex: 'threshold', align: 'right', render: num },
          { key: 'date', title: t('date'), dataIndex: 'alert_date', render: (v: string | null) => v ?? '—' },
          { key: 'setl', title: t('setl'), dataIndex: 'setl_id', render: (v: string | null) => (v === null ? '—' : <Link to={`/settlements/${encodeURIComponent(v)}`}>{v}</Link>) },
          { key: 'status', title: t('status'), dataIndex: 'status', render: (v: string, r) => <Tag>{lang === 'zh' ? r.status_zh : nameOf(ALERT_STATUS, v, lang)}</Tag> },
        ]}
      />}
    </Card>
  );
}

export function Cases({ rows, lines }: { rows: readonly CaseRef[]; lines: readonly CaseLineOut[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  return (
    <Card title={t('cases')} size="small">
      {rows.length === 0 ? <Typography.Text type="secondary">{t('noCases')}</Typography.Text> : <Table<CaseRef>
        size="small"
        rowKey="id"
        data-testid="cases"
        dataSource={[...rows]}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'id', title: t('id'), dataIndex: 'id', render: (v: number) => <Link to={`/cases/${v}`}>{v}</Link> },
          { key: 'kind', title: t('kind'), dataIndex: 'kind' },
          { key: 'title', title: t('title'), dataIndex: 'title' },
          { key: 'status', title: t('status'), dataIndex: 'status', render: (v: string) => <Tag>{nameOf(CASE_STATUS, v, lang)}</Tag> },
          { key: 'decided', title: t('decided'), dataIndex: 'decided', align: 'right', render: num },
          { key: 'alert', title: t('alert'), dataIndex: 'alert_id', render: (v: number | null) => (v === null ? '—' : <Link to={`/alerts/${v}`}>{v}</Link>) },
          { key: 'clause', title: t('clause'), dataIndex: 'clause', render: (v: string | null) => v ?? '—' },
        ]}
      />}
      {lines.length > 0 && (
        <Table<CaseLineOut>
          style={{ marginTop: 12 }}
          title={() => t('lines')}
          size="small"
          rowKey="id"
          dataSource={[...lines]}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'case', title: t('cases'), dataIndex: 'case_id', render: (v: number) => <Link to={`/cases/${v}`}>{v}</Link> },
            { key: 'source', title: t('source'), dataIndex: 'source', render: (v: string, r) => (lang === 'zh' ? r.source_zh : v.replaceAll('_', ' ')) },
            { key: 'amount', title: t('amount'), dataIndex: 'amount', align: 'right', render: num },
            { key: 'cause', title: t('cause'), dataIndex: 'cause' },
            { key: 'clause', title: t('clause'), dataIndex: 'clause', render: (v: string | null) => v ?? '—' },
            { key: 'at', title: t('at'), dataIndex: 'booked_at', render: (v: string) => dateTime(v) },
            { key: 'by', title: t('by'), dataIndex: 'booked_by' },
          ]}
        />
      )}
    </Card>
  );
}
