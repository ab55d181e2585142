/**
 * One stored report on the page: its heading (region, scope, period, cut-off, packs, the
 * illustrative warning), every table with its totals row (cells written by the one rule of
 * format.ts), the definitions with their clauses, the downloads (XLSX, the printable page in a new
 * tab), and "changes since": a fresh run compared with the snapshot, cell by cell.
 */
import { Alert as AntAlert, Button, Card, Collapse, Descriptions, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { ErrorState, Loading } from '../../components/State';
import { dateTime } from '../../format';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import type { Cell, ReportChange, ReportDocument, ReportMeta, ReportTable } from './format';
import { cellText, reportName } from './format';

const S = {
  zh: {
    report: '报表 {id}', region: '统筹区', scope: '范围', county: '全县', period: '期间', asOf: '截止时间', packs: '政策包', by: '出具', xlsx: '下载 XLSX', html: '打印页（新窗口）',
    changes: '与现在相比的变化', illustrative: '演示数值，非官方', personal: '含个人信息，仅限工作使用', definitions: '口径说明', noRows: '无数据', close: '收起',
    changesTitle: '与现在重新计算相比', computing: '正在重新计算…', noChanges: '自出具以来没有变化（截止 {a} 与现在 {b} 的结果相同）。', table: '表', row: '行', column: '列', before: '出具时', after: '现在',
    changesCount: '共 {n} 处变化（截止 {a} → 现在 {b}）', total: '合计',
  },
  en: {
    report: 'Report {id}', region: 'Region', scope: 'Scope', county: 'the whole county', period: 'Period', asOf: 'Cut-off', packs: 'Packs', by: 'Produced', xlsx: 'Download XLSX', html: 'Printable page (new tab)',
    changes: 'Changes since', illustrative: 'ILLUSTRATIVE values, not official', personal: 'personal data: for official use', definitions: 'Definitions', noRows: 'No data', close: 'Close',
    changesTitle: 'Compared with a fresh run', computing: 'Computing again…', noChanges: 'Nothing has changed since (the cut-off {a} and now {b} give the same figures).', table: 'Table', row: 'Row', column: 'Column', before: 'Then', after: 'Now',
    changesCount: '{n} changes (cut-off {a} → now {b})', total: 'Total',
  },
} as const;

function TableView({ table }: { table: ReportTable }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const rows = table.totals === undefined ? table.rows : [...table.rows, table.totals];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {table.personal === true && <Tag color="orange">{t('personal')}</Tag>}
      <Table
        rowKey={(r) => r.key}
        size="small"
        bordered
        data-testid={`report-table-${table.id}`}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: true }}
        dataSource={rows.map((r) => ({ ...r, isTotal: r === table.totals }))}
        locale={{ emptyText: t('noRows') }}
        rowClassName={(r) => (r.isTotal || r.subtotal === true ? 'report-total' : '')}
        columns={table.columns.map((c, i) => ({
          key: c.key,
          title: lang === 'zh' ? c.zh : c.en,
          align: c.kind === 'text' ? ('left' as const) : ('right' as const),
          render: (_: unknown, r: { cells: readonly Cell[]; isTotal: boolean; subtotal?: boolean }) => {
            const text = cellText(r.cells[i]);
            const strong = r.isTotal || r.subtotal === true;
            return <span className={c.kind === 'text' ? undefined : 'num'} style={strong ? { fontWeight: 600 } : undefined}>{text}</span>;
          },
        }))}
      />
    </Space>
  );
}

function Changes({ meta }: { meta: ReportMeta }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const r = useApi<{ as_of: string; fresh_as_of: string; changes: ReportChange[] }>(meta.links.changes);
  if (r.error !== undefined) return <ErrorState error={r.error} onRetry={r.reload} />;
  if (r.data === undefined) return <Typography.Text type="secondary" role="status">{t('computing')}</Typography.Text>;
  const d = r.data;
  if (d.changes.length === 0) return <AntAlert type="success" showIcon title={t('noChanges', { a: dateTime(d.as_of), b: dateTime(d.fresh_as_of) })} data-testid="no-changes" />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text>{t('changesCount', { n: d.changes.length, a: dateTime(d.as_of), b: dateTime(d.fresh_as_of) })}</Typography.Text>
      <Table
        rowKey={(c) => `${c.table}/${c.row}/${c.column}`}
        size="small"
        data-testid="changes-table"
        dataSource={d.changes}
        pagination={d.changes.length > 20 ? { pageSize: 20 } : false}
        columns={[
          { title: t('table'), render: (_: unknown, c: ReportChange) => (lang === 'zh' ? c.tableZh : c.table) },
          { title: t('row'), render: (_: unknown, c: ReportChange) => (c.row === 'total' ? t('total') : c.row) },
          { title: t('column'), render: (_: unknown, c: ReportChange) => (lang === 'zh' ? c.columnZh : c.column) },
          { title: t('before'), align: 'right', render: (_: unknown, c: ReportChange) => <span className="num">{cellText(c.before)}</span> },
          { title: t('after'), align: 'right', render: (_: unknown, c: ReportChange) => <span className="num">{cellText(c.after)}</span> },
        ]}
      />
    </Space>
  );
}

export function ReportView({ meta, onClose }: { meta: ReportMeta; onClose: () => void }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  const r = useApi<ReportMeta & { document: ReportDocument }>(meta.links.json);
  const [showChanges, setShowChanges] = useState(false);
  const head = (
    <Space wrap>
      <span>{t('report', { id: meta.id })} · {reportName(meta.kind, lang)} · {meta.period}</span>
    </Space>
  );
  const extra = (
    <Space wrap className="no-print">
      <Button href={meta.links.xlsx} download data-testid="download-xlsx">{t('xlsx')}</Button>
      <Button href={meta.links.html} target="_blank" rel="noopener" data-testid="open-html">{t('html')}</Button>
      <Button onClick={() => setShowChanges((v) => !v)} data-testid="show-changes">{t('changes')}</Button>
      <Button onClick={onClose}>{t('close')}</Button>
    </Space>
  );
  return (
    <Card size="small" title={head} extra={extra} data-testid="report-view">
      {showChanges && (
        <Card size="small" type="inner" title={t('changesTitle')} style={{ marginBottom: 16 }}>
          <Changes meta={meta} />
        </Card>
      )}
      {r.error !== undefined ? (
        <ErrorState error={r.error} onRetry={r.reload} />
      ) : r.data === undefined ? (
        <Loading />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {r.data.document.packs.some((p) => p.illustrative) && <AntAlert type="error" showIcon title={t('illustrative')} />}
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('region')}>{r.data.document.region.name} ({r.data.document.region.admdvs})</Descriptions.Item>
            <Descriptions.Item label={t('scope')}><span data-testid="report-scope">{r.data.town ?? t('county')}</span></Descriptions.Item>
            <Descriptions.Item label={t('period')}>{r.data.document.period.label} ({r.data.document.period.from} – {r.data.document.period.to})</Descriptions.Item>
            <Descriptions.Item label={t('asOf')}>{dateTime(r.data.as_of)}</Descriptions.Item>
            <Descriptions.Item label={t('packs')}>{r.data.document.packs.map((p) => `${p.id} ${p.version}`).join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('by')}>{r.data.created_by} · {dateTime(r.data.created_at)}</Descriptions.Item>
          </Descriptions>
          <Tabs
            items={r.data.document.tables.map((tb) => ({ key: tb.id, label: lang === 'zh' ? tb.zh : tb.en, children: <TableView table={tb} /> }))}
          />
          <Collapse
            items={[{
              key: 'defs',
              label: t('definitions'),
              children: (
                <dl style={{ margin: 0 }}>
                  {r.data.document.definitions.map((d) => (
                    <div key={d.term} style={{ marginBottom: 8 }}>
                      <dt><strong>{d.term}</strong>{d.clause === undefined ? '' : ` — ${d.clause}`}</dt>
                      <dd style={{ marginLeft: 16 }}>{d.text}</dd>
                    </div>
                  ))}
                </dl>
              ),
            }]}
          />
        </Space>
      )}
    </Card>
  );
}
