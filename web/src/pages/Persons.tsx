/**
 * 人员查询 / person search: one box (name prefix, psn_no or a full ID number) acting on Enter,
 * the matches in the user's area, paged by the server; the query and page in the URL (?q=&page=)
 * so back and refresh keep them — except an ID number, which stays out of the address and so out
 * of the browser's history.
 */
import { Card, Input, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { EmptyState, ErrorState } from '../components/State';
import { useApi } from '../hooks';
import { useT } from '../i18n';
import type { PersonHit, PersonSearch } from '../types';

const S = {
  zh: {
    title: '人员查询',
    placeholder: '输入姓名（开头几个字）、人员编号或完整身份证号，按回车查询',
    search: '查询',
    psnNo: '人员编号', name: '姓名', certno: '身份证号（脱敏）', town: '乡镇', village: '村（社区）',
    howTitle: '可以这样查找',
    how1: '姓名：输入开头的一个或几个字，如“朱军”，列出以此开头的人员；',
    how2: '人员编号：完整编号，如 P000000001；',
    how3: '身份证号：完整 18 位号码（结果中仍脱敏显示）。',
    howScope: '只列出您辖区内的人员。每次查询都记入审计日志。',
    none: '没有找到“{q}”。请检查拼写：姓名按开头匹配，人员编号和身份证号须完整。',
    total: '共 {n} 人',
  },
  en: {
    title: 'Person search',
    placeholder: 'Name (its first characters), person number or full ID number — press Enter',
    search: 'Search',
    psnNo: 'Person no.', name: 'Name', certno: 'ID number (masked)', town: 'Township', village: 'Village',
    howTitle: 'What you can search for',
    how1: 'Name: the first character or characters, e.g. “朱军”, lists everyone whose name starts so;',
    how2: 'Person number: the whole number, e.g. P000000001;',
    how3: 'ID number: all 18 characters (shown masked in the results).',
    howScope: 'Only persons in your area are listed. Every search is recorded in the audit log.',
    none: 'No one found for “{q}”. Names match by their beginning; person and ID numbers must be complete.',
    total: '{n} persons',
  },
} as const;

const PAGE_SIZE = 20;
const ID_NUMBER = /^(\d{15}|\d{17}[\dXx])$/;

export default function Persons(): ReactNode {
  const t = useT(S);
  const [params, setParams] = useSearchParams();
  // an ID number searched for stays out of the address (and so out of the browser's history)
  const [idQuery, setIdQuery] = useState('');
  const q = (params.get('q') ?? idQuery).trim();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const found = useApi<PersonSearch>(q === '' ? null : '/api/v1/persons', { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });

  const go = (next: string, p = 1): void => {
    const n = new URLSearchParams();
    const term = next.trim();
    setIdQuery(ID_NUMBER.test(term) ? term : '');
    if (term !== '' && !ID_NUMBER.test(term)) n.set('q', term);
    if (p > 1) n.set('page', String(p));
    setParams(n);
  };

  const columns: TableProps<PersonHit>['columns'] = [
    { key: 'psn_no', title: t('psnNo'), dataIndex: 'psn_no', render: (v: string) => <Link to={`/persons/${encodeURIComponent(v)}`}>{v}</Link> },
    { key: 'name', title: t('name'), dataIndex: 'psn_name', render: (v: string | null) => v ?? '—' },
    { key: 'certno', title: t('certno'), dataIndex: 'certno', render: (v: string | null) => <span className="num">{v ?? '—'}</span> },
    { key: 'town', title: t('town'), dataIndex: 'town_admdvs', render: (v: string | null) => v ?? '—' },
    { key: 'village', title: t('village'), dataIndex: 'village_admdvs', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{t('title')}</Typography.Title>
      <Input.Search
        aria-label={t('placeholder')}
        data-testid="person-search"
        placeholder={t('placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => go(v)}
        enterButton={t('search')}
        allowClear
        maxLength={40}
        style={{ maxWidth: 640 }}
        autoFocus
      />
      {q === '' ? (
        <Card>
          <Typography.Title level={5}>{t('howTitle')}</Typography.Title>
          <ul>
            <li>{t('how1')}</li>
            <li>{t('how2')}</li>
            <li>{t('how3')}</li>
          </ul>
          <Typography.Text type="secondary">{t('howScope')}</Typography.Text>
        </Card>
      ) : found.error !== undefined ? (
        <ErrorState error={found.error} onRetry={found.reload} />
      ) : (
        <Table<PersonHit>
          rowKey="psn_no"
          data-testid="person-results"
          columns={columns}
          dataSource={found.data?.persons ?? []}
          loading={found.loading}
          locale={{ emptyText: found.loading ? ' ' : <EmptyState description={t('none', { q })} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: found.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (n) => t('total', { n }),
            onChange: (p) => go(q, p),
          }}
        />
      )}
    </Space>
  );
}
