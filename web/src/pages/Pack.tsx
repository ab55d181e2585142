/**
 * One region's packs in full (GET /api/v1/packs/{id}): per version, its documents and dates, the
 * [local] values still unset (what the bureau must decide before those settlements can run), and
 * every value with its effective dates, its clause and the pack's interpretation where it reads the
 * text; then the rules. Filters by section and status and a text search narrow the table.
 */
import { Alert, Descriptions, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ErrorState, Loading } from '../components/State';
import { useApi } from '../hooks';
import type { Lang } from '../i18n';
import { useLang, useT } from '../i18n';

const S = {
  zh: {
    back: '← 全部政策包', illustrative: '演示政策包：[本地]数值为演示填写，非官方，不得用于实际结算。', docs: '依据文件', effective: '生效', until: '至', open: '长期',
    unsetTitle: '尚未设定的[本地]数值（{n} 项）', unsetIntro: '文件没有规定、须由医保局设定的数值。需要这些数值的结算会被拒绝，拒绝原因写明缺少哪一项。',
    unsetNone: '所有[本地]数值均已设定。', values: '全部数值（{n}）', rules: '规则（{n}）', key: '键', rule: '规则', value: '数值', applies: '适用期间',
    citation: '条款', status: '状态', set: '已引用', interpretation: '含解读', local: '[本地] 未设定', section: '部分', all: '全部', search: '搜索键、数值或条款',
    reading: '解读', quote: '原文', note: '说明', title: '名称', kind: '类别', id: '编号', official: '正式文件', standard: '标准', illustrativeDoc: '演示', localDoc: '本地',
    general: '通用', basic: '基本医保', critical: '大病保险', assistance: '医疗救助', reassistance: '再救助', subsidies: '参保资助', monitoring: '监测预警', cases: '个案',
  },
  en: {
    back: '← All packs', illustrative: 'Demonstration pack: its [local] values are illustrative, not official, and must not be used for real settlements.', docs: 'Documents', effective: 'In force', until: 'to', open: 'open-ended',
    unsetTitle: '[local] values still unset ({n})', unsetIntro: 'Values the documents leave to the bureau. A settlement that needs one of them is refused, and the refusal names the value.',
    unsetNone: 'Every [local] value is set.', values: 'All values ({n})', rules: 'Rules ({n})', key: 'Key', rule: 'Rule', value: 'Value', applies: 'Applies',
    citation: 'Clause', status: 'Status', set: 'cited', interpretation: 'with a reading', local: '[local] unset', section: 'Section', all: 'All', search: 'Search keys, values or clauses',
    reading: 'Reading', quote: 'Text', note: 'Note', title: 'Title', kind: 'Kind', id: 'Id', official: 'official', standard: 'standard', illustrativeDoc: 'illustrative', localDoc: 'local',
    general: 'General', basic: 'Basic insurance', critical: 'Critical illness', assistance: 'Assistance', reassistance: 'Re-assistance', subsidies: 'Enrollment subsidies', monitoring: 'Monitoring', cases: 'Cases',
  },
} as const;

type Key = keyof (typeof S)['zh'];

const SECTION_KEY: Readonly<Record<string, Key>> = {
  general: 'general', 'tiers.basic': 'basic', 'tiers.critical_illness': 'critical', 'tiers.assistance': 'assistance',
  'tiers.re_assistance': 'reassistance', subsidies: 'subsidies', monitoring: 'monitoring', cases: 'cases',
};
const DOC_KIND: Readonly<Record<string, Key>> = { official: 'official', standard: 'standard', illustrative: 'illustrativeDoc', local: 'localDoc' };

type Json = string | number | boolean | null | readonly Json[] | { readonly [k: string]: Json };

interface Citation {
  readonly doc: string;
  readonly title: string | null;
  readonly file: string | null;
  readonly kind: string | null;
  readonly clause: string;
  readonly quote: string | null;
  readonly text: string;
}

interface Value {
  readonly key: string;
  readonly section: string;
  readonly rule_id: string | null;
  readonly type: string;
  readonly status: 'set' | 'interpretation' | 'local';
  readonly value: Json;
  readonly text: string;
  readonly effective_from: string | null;
  readonly effective_to: string | null;
  readonly citation: Citation | null;
  readonly interpretation: string | null;
  readonly note: string | null;
}

interface Rule {
  readonly key: string;
  readonly section: string;
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly citation: Citation;
}

interface Version {
  readonly version: string;
  readonly title: string;
  readonly effective_from: string | null;
  readonly effective_to: string | null;
  readonly illustrative: boolean;
  readonly documents: readonly { readonly key: string; readonly title: string; readonly file: string | null; readonly kind: string }[];
  readonly unset_local: readonly { readonly key: string; readonly note: string; readonly section: string | null; readonly rule_id: string | null }[];
  readonly values: readonly Value[];
  readonly rules: readonly Rule[];
}

interface PackAnswer {
  readonly id: string;
  readonly admdvs: string;
  readonly name: string;
  readonly illustrative: boolean;
  readonly versions: readonly Version[];
}

/** A value in the reader's language: the pack's own words in Chinese, the value itself in English. */
function shown(v: Value, lang: Lang): string {
  if (lang === 'zh' || v.value === null) return v.text;
  const flat = (x: Json): string => {
    if (x === null) return '—';
    if (Array.isArray(x)) return x.map(flat).join(', ');
    if (typeof x === 'object') {
      const o = x as { readonly [k: string]: Json };
      if ('ratio' in o) return `${o['upto'] === null || o['upto'] === undefined ? 'above' : `up to ${flat(o['upto'])}`}: ${flat(o['ratio'] ?? null)}`;
      return Object.entries(o).map(([k, y]) => `${k}→${flat(y)}`).join(', ');
    }
    if (typeof x === 'boolean') return x ? 'yes' : 'no';
    return String(x);
  };
  if (v.type === 'money') return `${flat(v.value)} yuan`;
  if (v.type === 'cap') return v.value === 'none' ? 'no cap' : `${flat(v.value)} yuan`;
  if (v.type === 'ranking' && Array.isArray(v.value)) return v.value.map(flat).join(' > ');
  if (v.type === 'bands' && Array.isArray(v.value)) return v.value.map(flat).join('; ');
  return flat(v.value);
}

function CitationCell({ c, t }: { c: Citation | null; t: (k: Key) => string }): ReactNode {
  if (c === null) return '—';
  return (
    <Tooltip title={c.quote === null ? c.title : `${t('quote')}：“${c.quote}”`}>
      <span>{c.title === null ? c.doc : c.title.length > 18 ? `${c.title.slice(0, 18)}…` : c.title} §{c.clause}</span>
    </Tooltip>
  );
}

function VersionView({ v }: { v: Version }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const [section, setSection] = useState<string>('');
  const [status, setStatus] = useState<string>('');
  const [q, setQ] = useState('');
  const sections = useMemo(() => [...new Set(v.values.map((x) => x.section))], [v]);
  const term = q.trim().toLowerCase();
  const rows = v.values.filter(
    (x) =>
      (section === '' || x.section === section) &&
      (status === '' || x.status === status) &&
      (term === '' || [x.key, x.rule_id ?? '', x.text, shown(x, lang), x.citation?.text ?? '', x.citation?.quote ?? ''].some((s) => s.toLowerCase().includes(term))),
  );
  const sectionName = (s: string): string => {
    const k = SECTION_KEY[s];
    return k === undefined ? s : t(k);
  };
  const docKind = (s: string): string => {
    const k = DOC_KIND[s];
    return k === undefined ? s : t(k);
  };
  const statusTag = (s: Value['status']): ReactNode => <Tag color={s === 'local' ? 'orange' : s === 'interpretation' ? 'blue' : 'green'}>{t(s)}</Tag>;
  return (
    <div>
      {v.illustrative && <Alert type="warning" showIcon message={t('illustrative')} style={{ marginBottom: 16 }} />}
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('effective')}>
          {v.effective_from ?? '—'} {t('until')} {v.effective_to ?? t('open')}
        </Descriptions.Item>
        <Descriptions.Item label={t('docs')}>
          {v.documents.map((d) => (
            <div key={d.key}>
              <Tag>{docKind(d.kind)}</Tag>
              {d.title}
              {d.file === null ? '' : <Typography.Text type="secondary"> · {d.file}</Typography.Text>}
            </div>
          ))}
        </Descriptions.Item>
      </Descriptions>
      <Alert
        type={v.unset_local.length === 0 ? 'success' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        message={v.unset_local.length === 0 ? t('unsetNone') : t('unsetTitle', { n: v.unset_local.length })}
        description={
          v.unset_local.length === 0 ? undefined : (
            <div data-testid="unset-local">
              <Typography.Paragraph type="secondary">{t('unsetIntro')}</Typography.Paragraph>
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {v.unset_local.map((u) => (
                  <li key={u.key}>
                    <Typography.Text code>{u.key}</Typography.Text>
                    {u.rule_id === null ? '' : ` (${u.rule_id})`} — {u.note}
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      />
      <Tabs
        items={[
          {
            key: 'values',
            label: t('values', { n: v.values.length }),
            children: (
              <>
                <Space wrap style={{ marginBottom: 12 }}>
                  <Select
                    value={section}
                    onChange={setSection}
                    style={{ width: 180 }}
                    aria-label={t('section')}
                    options={[{ value: '', label: `${t('section')}: ${t('all')}` }, ...sections.map((s) => ({ value: s, label: sectionName(s) }))]}
                  />
                  <Select
                    value={status}
                    onChange={setStatus}
                    style={{ width: 180 }}
                    aria-label={t('status')}
                    options={[{ value: '', label: `${t('status')}: ${t('all')}` }, { value: 'set', label: t('set') }, { value: 'interpretation', label: t('interpretation') }, { value: 'local', label: t('local') }]}
                  />
                  <Input.Search allowClear placeholder={t('search')} aria-label={t('search')} onSearch={setQ} onChange={(e) => setQ(e.target.value)} style={{ width: 280 }} />
                </Space>
                <Table<Value>
                  rowKey="key"
                  size="small"
                  dataSource={rows}
                  pagination={{ pageSize: 25, showSizeChanger: true }}
                  expandable={{
                    rowExpandable: (x) => x.interpretation !== null || x.note !== null || x.citation?.quote !== null,
                    expandedRowRender: (x) => (
                      <Descriptions size="small" column={1}>
                        {x.citation?.quote !== null && x.citation?.quote !== undefined && <Descriptions.Item label={t('quote')}>“{x.citation.quote}” ({x.citation.text})</Descriptions.Item>}
                        {x.interpretation !== null && <Descriptions.Item label={t('reading')}>{x.interpretation}</Descriptions.Item>}
                        {x.note !== null && <Descriptions.Item label={t('note')}>{x.note}</Descriptions.Item>}
                      </Descriptions>
                    ),
                  }}
                  columns={[
                    { title: t('section'), dataIndex: 'section', render: sectionName, width: 110 },
                    { title: t('rule'), dataIndex: 'rule_id', render: (r: string | null) => r ?? '—', width: 110 },
                    { title: t('key'), dataIndex: 'key', render: (k: string) => <Typography.Text code style={{ fontSize: 12 }}>{k}</Typography.Text> },
                    { title: t('value'), key: 'value', render: (_: unknown, x) => (x.status === 'local' ? <Tag color="orange">{t('local')}</Tag> : shown(x, lang)) },
                    { title: t('applies'), key: 'applies', width: 190, render: (_: unknown, x) => `${x.effective_from ?? '—'} ${t('until')} ${x.effective_to ?? t('open')}` },
                    { title: t('citation'), dataIndex: 'citation', render: (c: Citation | null) => <CitationCell c={c} t={t} /> },
                    { title: t('status'), dataIndex: 'status', width: 120, render: statusTag },
                  ]}
                />
              </>
            ),
          },
          {
            key: 'rules',
            label: t('rules', { n: v.rules.length }),
            children: (
              <Table<Rule>
                rowKey={(r) => `${r.section}:${r.key}:${r.id}`}
                size="small"
                dataSource={[...v.rules]}
                pagination={{ pageSize: 25 }}
                columns={[
                  { title: t('section'), dataIndex: 'section', render: sectionName, width: 110 },
                  { title: t('id'), dataIndex: 'id', width: 130 },
                  { title: t('title'), dataIndex: 'title' },
                  { title: t('kind'), dataIndex: 'status', width: 120 },
                  { title: t('citation'), dataIndex: 'citation', render: (c: Citation) => <CitationCell c={c} t={t} /> },
                ]}
              />
            ),
          },
        ]}
      />
    </div>
  );
}

export default function Pack(): ReactNode {
  const t = useT(S);
  const { id = '' } = useParams();
  const pack = useApi<PackAnswer>(`/api/v1/packs/${encodeURIComponent(id)}`);
  if (pack.error !== undefined) return <ErrorState error={pack.error} onRetry={pack.reload} />;
  if (pack.data === undefined) return <Loading />;
  const p = pack.data;
  const latest = p.versions[p.versions.length - 1];
  return (
    <div>
      <Link to="/packs">{t('back')}</Link>
      <Typography.Title level={3} style={{ marginTop: 8 }}>
        {p.name} <Tag>{p.admdvs}</Tag> <Typography.Text code>{p.id}</Typography.Text>
      </Typography.Title>
      {p.versions.length === 1 && latest !== undefined ? (
        <VersionView v={latest} />
      ) : (
        <Tabs defaultActiveKey={latest?.version} items={p.versions.map((v) => ({ key: v.version, label: `${v.version} · ${v.title}`, children: <VersionView v={v} /> }))} />
      )}
    </div>
  );
}
