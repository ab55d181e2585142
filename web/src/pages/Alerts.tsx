/**
 * 监测预警: the monitoring alerts the user's area holds (GET /api/v1/alerts), filtered by status,
 * rule, year and township (kept in the address), paged; each row links to the alert and to the
 * person, with the step its status allows the user (push, verify, close). The bureau builds push
 * lists for the townships and re-screens a year.
 */
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { FilterInput, listRows, usePagination } from '../components/ListTools';
import { ErrorState } from '../components/State';
import { day, yuan } from '../format';
import { useFilters, usePage } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { AlertActions } from './alerts/AlertActions';
import { PushListButton, RescreenButton } from './alerts/Tools';
import type { AlertOut } from '../types';
import { ALERT_STATUS, ALERT_STATUS_COLOR, entriesOf, MEASURE, nameOf } from '../codes';

const S = {
  zh: {
    title: '监测预警', status: '状态', all: '全部状态', rule: '规则', rulePh: '规则，如 MON-CQ-1', year: '年度', yearPh: '年度，如 2023', town: '乡镇', townPh: '乡镇或村代码',
    id: '编号', person: '人员', place: '乡镇 / 村', measure: '口径与金额', threshold: '监测标准', date: '预警日期', actions: '操作',
    empty: '没有符合条件的预警。可放宽筛选条件；新结算触发规则时会自动生成预警。', emptyAll: '暂无预警。结算导入后，达到监测标准的人员会在此出现。',
    search: '按回车筛选',
  },
  en: {
    title: 'Monitoring alerts', status: 'Status', all: 'All statuses', rule: 'Rule', rulePh: 'Rule, e.g. MON-CQ-1', year: 'Year', yearPh: 'Year, e.g. 2023', town: 'Township', townPh: 'Township or village code',
    id: 'No.', person: 'Person', place: 'Township / village', measure: 'Measure and amount', threshold: 'Threshold', date: 'Alert date', actions: 'Actions',
    empty: 'No alert matches. Widen the filters; alerts are raised when new settlements meet a rule.', emptyAll: 'No alerts yet. Once settlements are imported, persons reaching a threshold appear here.',
    search: 'Press Enter to filter',
  },
} as const;

const KEYS = ['status', 'rule', 'year', 'town'] as const;

export default function Alerts(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const f = useFilters(KEYS);
  const { status, rule, year, town } = f.values;
  const list = usePage<AlertOut>('/api/v1/alerts', 'alerts', { status, rule, year, town }, f.page, f.size);
  const pagination = usePagination(f, list.total);
  const filtered = status !== '' || rule !== '' || year !== '' || town !== '';
  const bureau = hasRole(user, 'admin', 'bureau');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
      <Card size="small">
        <Space wrap>
          <Select
            value={status}
            style={{ width: 150 }}
            aria-label={t('status')}
            onChange={(v: string) => f.set({ status: v })}
            options={[{ value: '', label: t('all') }, ...entriesOf(ALERT_STATUS).map((s) => ({ value: s.code, label: s[lang] }))]}
          />
          <FilterInput value={rule} placeholder={t('rulePh')} label={t('rule')} pattern={/^[A-Za-z0-9_-]{1,30}$/} onApply={(v) => f.set({ rule: v })} />
          <FilterInput value={year} placeholder={t('yearPh')} label={t('year')} pattern={/^(20\d\d|2100)$/} onApply={(v) => f.set({ year: v })} width={180} />
          <FilterInput value={town} placeholder={t('townPh')} label={t('town')} pattern={/^[0-9]{6,12}$/} onApply={(v) => f.set({ town: v })} />
          {bureau && <PushListButton year={year} town={town} onDone={list.reload} />}
          {bureau && <RescreenButton year={year} onDone={list.reload} />}
        </Space>
      </Card>
      {list.error !== undefined ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<AlertOut>
          rowKey="id"
          size="middle"
          data-testid="alerts-table"
          {...listRows(list, filtered ? t('empty') : t('emptyAll'))}
          scroll={{ x: 1100 }}
          pagination={pagination}
          columns={[
            { title: t('id'), dataIndex: 'id', width: 80, render: (_: unknown, a) => <Link to={`/alerts/${a.id}`}>{a.id}</Link> },
            {
              title: t('person'),
              render: (_: unknown, a) => (
                <span>
                  <Link to={`/persons/${encodeURIComponent(a.psn_no)}`}>{a.psn_name ?? a.psn_no}</Link>
                  <br />
                  <Typography.Text type="secondary">{a.psn_no} · {a.certno ?? '—'}</Typography.Text>
                </span>
              ),
            },
            { title: t('place'), render: (_: unknown, a) => <span>{a.town_admdvs ?? '—'}<br /><Typography.Text type="secondary">{a.village_admdvs ?? ''}</Typography.Text></span> },
            { title: t('rule'), width: 150, render: (_: unknown, a) => <span>{a.rule}<br /><Typography.Text type="secondary">{a.year}</Typography.Text></span> },
            {
              title: t('measure'),
              align: 'right',
              render: (_: unknown, a) => (
                <span className="num">
                  {yuan(a.amount)}
                  <br />
                  <Typography.Text type="secondary">{nameOf(MEASURE, a.measure, lang)}</Typography.Text>
                </span>
              ),
            },
            { title: t('threshold'), align: 'right', render: (_: unknown, a) => <span className="num" style={{ whiteSpace: 'nowrap' }}>{a.comparison === '>=' ? '≥' : '>'} {yuan(a.threshold)}</span> },
            { title: t('date'), width: 110, render: (_: unknown, a) => day(a.alert_date) },
            { title: t('status'), width: 100, render: (_: unknown, a) => <Tag color={ALERT_STATUS_COLOR[a.status]}>{nameOf(ALERT_STATUS, a.status, lang)}</Tag> },
            { title: t('actions'), width: 100, render: (_: unknown, a) => <AlertActions alert={a} onDone={list.reload} size="small" /> },
          ]}
        />
      )}
    </Space>
  );
}
