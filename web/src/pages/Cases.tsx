/**
 * 个案: the cases of the user's area (GET /api/v1/cases), filtered by status, kind, year, township
 * and person (kept in the address), paged, each a link; "new case" opens one (kinds from the packs).
 */
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { FilterInput, listRows, usePagination } from '../components/ListTools';
import { ErrorState } from '../components/State';
import { dateTime, yuan } from '../format';
import { useApi, useFilters, usePage } from '../hooks';
import { useLang, useT } from '../i18n';
import { hasRole, useUser } from '../session';
import { NewCaseButton } from './cases/NewCase';
import type { CaseOut } from '../types';
import type { CaseKindsOut } from './cases/types';
import { CASE_STATUS, CASE_STATUS_COLOR, entriesOf, KIND_TYPE, LEVEL, nameOf } from '../codes';
import { kindsOf } from './cases/types';

const S = {
  zh: {
    title: '个案', status: '状态', allStatus: '全部状态', kind: '类别', allKinds: '全部类别', year: '年度，如 2023', town: '乡镇或村代码', psn: '人员编号',
    id: '编号', person: '人员', place: '乡镇 / 村', requested: '申请金额', decided: '决定金额', next: '待办', opened: '受理时间',
    empty: '没有符合条件的个案。可放宽筛选条件。', emptyAll: '暂无个案。可由预警受理，或点击「受理个案」。', awaiting: '待{level}审批', toDecide: '待决定金额', toReview: '待审核', toClose: '待办结',
  },
  en: {
    title: 'Cases', status: 'Status', allStatus: 'All statuses', kind: 'Kind', allKinds: 'All kinds', year: 'Year, e.g. 2023', town: 'Township or village code', psn: 'Person number',
    id: 'No.', person: 'Person', place: 'Township / village', requested: 'Asked', decided: 'Decided', next: 'Next step', opened: 'Opened',
    empty: 'No case matches. Widen the filters.', emptyAll: 'No cases yet. Open one from an alert, or with “New case”.', awaiting: 'approval at {level}', toDecide: 'decide the amount', toReview: 'review', toClose: 'close',
  },
} as const;

const KEYS = ['status', 'kind', 'year', 'town', 'psn_no'] as const;

export default function Cases(): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const user = useUser();
  const f = useFilters(KEYS);
  const { status, kind, year, town, psn_no } = f.values;
  const list = usePage<CaseOut>('/api/v1/cases', 'cases', { status, kind, year, town, psn_no }, f.page, f.size);
  const pagination = usePagination(f, list.total);
  const kinds = useApi<CaseKindsOut>('/api/v1/case-kinds');
  const kindIds = [...new Set(kindsOf(kinds.data).map((k) => k.id))];
  const filtered = Object.values(f.values).some((v) => v !== '');
  const next = (c: CaseOut): string => {
    if (c.status === 'applied') return t('toReview');
    if (c.status === 'reviewed') return t('awaiting', { level: nameOf(LEVEL, c.next_level, lang) });
    if (c.status === 'approved') return t('toDecide');
    if (c.status === 'decided' || c.status === 'rejected' || c.status === 'revoked') return t('toClose');
    return '—';
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
        {hasRole(user, 'admin', 'bureau', 'township') && <NewCaseButton primary />}
      </Space>
      <Card size="small">
        <Space wrap>
          <Select
            value={status}
            style={{ width: 170 }}
            aria-label={t('status')}
            onChange={(v: string) => f.set({ status: v })}
            options={[{ value: '', label: t('allStatus') }, ...entriesOf(CASE_STATUS).map((s) => ({ value: s.code, label: s[lang] }))]}
          />
          <Select
            value={kind}
            style={{ width: 200 }}
            aria-label={t('kind')}
            onChange={(v: string) => f.set({ kind: v })}
            options={[{ value: '', label: t('allKinds') }, ...kindIds.map((k) => {
              const info = kindsOf(kinds.data).find((x) => x.id === k);
              return { value: k, label: `${k} ${nameOf(KIND_TYPE, info?.type, lang)}` };
            })]}
          />
          <FilterInput value={year} placeholder={t('year')} pattern={/^(20\d\d|2100)$/} onApply={(v) => f.set({ year: v })} width={180} />
          <FilterInput value={town} placeholder={t('town')} pattern={/^[0-9]{6,12}$/} onApply={(v) => f.set({ town: v })} width={240} />
          <FilterInput value={psn_no} placeholder={t('psn')} pattern={/^\S{1,30}$/} onApply={(v) => f.set({ psn_no: v })} width={200} />
        </Space>
      </Card>
      {list.error !== undefined ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<CaseOut>
          rowKey="id"
          data-testid="cases-table"
          {...listRows(list, filtered ? t('empty') : t('emptyAll'))}
          scroll={{ x: 1000 }}
          pagination={pagination}
          columns={[
            { title: t('id'), width: 80, render: (_: unknown, c) => <Link to={`/cases/${c.id}`}>{c.id}</Link> },
            {
              title: t('person'),
              render: (_: unknown, c) => (
                <span>
                  <Link to={`/persons/${encodeURIComponent(c.psn_no)}`}>{c.psn_name ?? c.psn_no}</Link>
                  <br />
                  <Typography.Text type="secondary">{c.psn_no}</Typography.Text>
                </span>
              ),
            },
            { title: t('place'), render: (_: unknown, c) => <span>{c.town_admdvs ?? '—'}<br /><Typography.Text type="secondary">{c.village_admdvs ?? ''}</Typography.Text></span> },
            { title: t('kind'), render: (_: unknown, c) => <span>{c.kind} {nameOf(KIND_TYPE, c.type, lang)}<br /><Typography.Text type="secondary">{c.year}</Typography.Text></span> },
            { title: t('status'), render: (_: unknown, c) => <Tag color={CASE_STATUS_COLOR[c.status]}>{nameOf(CASE_STATUS, c.status, lang)}</Tag> },
            { title: t('next'), render: (_: unknown, c) => next(c) },
            { title: t('requested'), align: 'right', render: (_: unknown, c) => <span className="num">{yuan(c.requested)}</span> },
            { title: t('decided'), align: 'right', render: (_: unknown, c) => <span className="num">{yuan(c.decided)}</span> },
            { title: t('opened'), render: (_: unknown, c) => dateTime(c.opened_at) },
          ]}
        />
      )}
    </Space>
  );
}
