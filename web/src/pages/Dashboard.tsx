/**
 * The dashboard (GET /api/v1/dashboard): the year's enrollment completion per township (REP-1),
 * open alerts, each tier's money and the comprehensive protection rate (REP-6), for the user's
 * area. Every figure names the report that defines it; the definitions are at the foot.
 * Amounts are shown as the API states them; the charts draw them to scale.
 */
import { Alert, Card, Col, Collapse, InputNumber, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Chart } from '../components/Chart';
import { ErrorState, Loading } from '../components/State';
import { yuan } from '../format';
import { useApi } from '../hooks';
import { useT } from '../i18n';

const S = {
  zh: {
    title: '概览', year: '年度', scopeRegion: '全县（区）', scopeTown: '乡镇 {t}', illustrative: '演示数据：合成人员，演示政策包，非官方。',
    persons: '登记人员', settlements: '结算人次', settledPersons: '{n} 人有结算', enrollment: '参保完成率', target: '目标 {t}', met: '达标', notMet: '未达标',
    openAlerts: '未办结预警', allYears: '各年度合计 {n}', funds: '基金支付合计', protection: '综合保障率', withCases: '含个案救助 {r}',
    enrollByTown: '各乡镇参保完成率', fundsByTier: '各层次基金支付', protectionByTown: '各乡镇综合保障率', alertsByRule: '未办结预警（按规则）',
    basic: '基本医保', ci: '大病保险', assist: '医疗救助', reassist: '再救助', cases: '个案救助', town: '乡镇', rule: '规则', open: '未办结',
    raised: '待推送', pushed: '已推送', verified: '已核实', members: '应参保', enrolled: '已参保', rate: '完成率', none: '（无乡镇代码）',
    definitions: '口径说明', source: '来源', noData: '{y} 年没有结算数据。请先导入结算，或换一个年度。', yuan: '元', seeAlerts: '去处理',
    groups: '八类人群参保率 {r}（目标 {t}）', cleared: '已动态清零', notCleared: '未清零',
  },
  en: {
    title: 'Dashboard', year: 'Year', scopeRegion: 'Whole county', scopeTown: 'Township {t}', illustrative: 'Demonstration data: synthetic persons, an illustrative pack, not official.',
    persons: 'Persons registered', settlements: 'Settlements', settledPersons: '{n} persons with settlements', enrollment: 'Enrollment completion', target: 'target {t}', met: 'met', notMet: 'not met',
    openAlerts: 'Open alerts', allYears: 'all years: {n}', funds: 'Fund payments', protection: 'Comprehensive protection rate', withCases: 'with case money: {r}',
    enrollByTown: 'Enrollment completion by township', fundsByTier: 'Fund payments by tier', protectionByTown: 'Protection rate by township', alertsByRule: 'Open alerts by rule',
    basic: 'Basic insurance', ci: 'Critical illness', assist: 'Assistance', reassist: 'Re-assistance', cases: 'Case money', town: 'Township', rule: 'Rule', open: 'Open',
    raised: 'To push', pushed: 'Pushed', verified: 'Verified', members: 'Members', enrolled: 'Enrolled', rate: 'Rate', none: '(no township code)',
    definitions: 'Definitions', source: 'Source', noData: 'No settlements in {y}. Import settlements first, or choose another year.', yuan: 'yuan', seeAlerts: 'Work them',
    groups: 'Eight groups enrolled: {r} (target {t})', cleared: 'cleared', notCleared: 'not cleared',
  },
} as const;

interface Rate {
  readonly rate: string | null;
  readonly per_mille: number | null;
}
interface Counts extends Rate {
  readonly members: number;
  readonly enrolled: number;
  readonly not_enrolled: number;
}
interface DashboardAnswer {
  readonly year: number;
  readonly town: string | null;
  readonly illustrative: boolean;
  readonly region: { readonly admdvs: string; readonly name: string };
  readonly persons: { readonly count: number };
  readonly settlements: { readonly count: number; readonly persons: number };
  readonly enrollment: {
    readonly target: string | null;
    readonly total: Counts & { readonly met: boolean | null };
    readonly towns: readonly (Counts & { readonly town: string | null; readonly name: string | null; readonly met: boolean | null })[];
    readonly groups: Counts & { readonly target: string | null; readonly cleared: boolean | null };
  };
  readonly alerts: {
    readonly open: number;
    readonly open_all_years: number;
    readonly by_rule: readonly { readonly rule: string; readonly title: string; readonly open: number; readonly raised: number; readonly pushed: number; readonly verified: number }[];
  };
  readonly spending: Readonly<Record<'medfee_sumamt' | 'hifp_pay' | 'hifmi_pay' | 'maf_assist_pay' | 'maf_reassist_pay' | 'maf_pay' | 'fund_pay_sumamt' | 'cases', string>>;
  readonly protection: Rate & {
    readonly target: string | null;
    readonly with_cases: Rate;
    readonly towns: readonly (Rate & { readonly town: string | null; readonly name: string | null; readonly medfee_sumamt: string })[];
  };
  readonly definitions: readonly { readonly source: string; readonly term: string; readonly text: string; readonly clause?: string }[];
}

const pct = (r: Rate): number | null => (r.per_mille === null ? null : r.per_mille / 10);
/** A target such as "95.0%" or "85%左右" as a number for the chart's line, or undefined. */
const targetLine = (s: string | null): number | undefined => {
  const m = s === null ? null : /([\d.]+)%/.exec(s);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

function rateChart(rows: readonly { label: string; value: number | null; text: string | null }[], target: string | null, name: string): EChartsCoreOption {
  const line = targetLine(target);
  return {
    grid: { left: 48, right: 24, top: 24, bottom: 56 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '—') },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'bar',
        name,
        data: rows.map((r) => r.value),
        itemStyle: { color: '#1554ad' },
        label: { show: true, position: 'top', formatter: (p: { dataIndex: number }) => rows[p.dataIndex]?.text ?? '' },
        ...(line === undefined ? {} : { markLine: { symbol: 'none', data: [{ yAxis: line, name: target ?? '' }], lineStyle: { color: '#d4380d', type: 'dashed' }, label: { formatter: target ?? '', position: 'insideEndTop' } } }),
      },
    ],
  };
}

export default function Dashboard(): ReactNode {
  const t = useT(S);
  const [params, setParams] = useSearchParams();
  const yearParam = params.get('year');
  const answer = useApi<DashboardAnswer>('/api/v1/dashboard', { year: yearParam ?? undefined });
  const d = answer.data;

  const charts = useMemo(() => {
    if (d === undefined) return undefined;
    const townLabel = (town: string | null, name: string | null): string => name ?? town ?? t('none');
    const enroll = rateChart(d.enrollment.towns.map((r) => ({ label: townLabel(r.town, r.name), value: pct(r), text: r.rate })), d.enrollment.target, t('enrollment'));
    const protect = rateChart(d.protection.towns.map((r) => ({ label: townLabel(r.town, r.name), value: pct(r), text: r.rate })), d.protection.target, t('protection'));
    const tiers = [
      { name: t('basic'), value: d.spending.hifp_pay },
      { name: t('ci'), value: d.spending.hifmi_pay },
      { name: t('assist'), value: d.spending.maf_assist_pay },
      { name: t('reassist'), value: d.spending.maf_reassist_pay },
      { name: t('cases'), value: d.spending.cases },
    ];
    const funds: EChartsCoreOption = {
      grid: { left: 96, right: 120, top: 16, bottom: 24 },
      tooltip: { trigger: 'axis', formatter: (ps: { dataIndex: number }[]) => `${tiers[ps[0]?.dataIndex ?? 0]?.name ?? ''}: ${yuan(tiers[ps[0]?.dataIndex ?? 0]?.value)} ${t('yuan')}` },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => (v >= 10000 ? `${v / 10000}万` : String(v)) } },
      yAxis: { type: 'category', data: tiers.map((x) => x.name), inverse: true },
      series: [
        {
          type: 'bar',
          // the bar's length only; the label is the API's exact amount
          data: tiers.map((x) => Number(x.value)),
          itemStyle: { color: '#2f7d4f' },
          label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => yuan(tiers[p.dataIndex]?.value) },
        },
      ],
    };
    return { enroll, protect, funds };
  }, [d, t]);

  if (answer.error !== undefined) return <ErrorState error={answer.error} onRetry={answer.reload} />;
  if (d === undefined || charts === undefined) return <Loading />;

  const e = d.enrollment;
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')} · {d.region.name} {d.town === null ? <Tag>{t('scopeRegion')}</Tag> : <Tag color="blue">{t('scopeTown', { t: d.town })}</Tag>}
        </Typography.Title>
        <Space>
          <span>{t('year')}</span>
          <InputNumber
            aria-label={t('year')}
            min={2000}
            max={2100}
            value={d.year}
            onChange={(v) => {
              if (typeof v === 'number' && v >= 2000 && v <= 2100) setParams({ year: String(v) });
            }}
          />
        </Space>
      </Space>
      {d.illustrative && <Alert type="warning" showIcon message={t('illustrative')} style={{ marginBottom: 16 }} />}
      {d.settlements.count === 0 && <Alert type="info" showIcon message={t('noData', { y: d.year })} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <Card>
            <Statistic title={t('persons')} value={d.persons.count} />
            <Typography.Text type="secondary">{t('settlements')} {d.settlements.count} · {t('settledPersons', { n: d.settlements.persons })}</Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card data-testid="kpi-enrollment">
            <Statistic title={t('enrollment')} value={e.total.rate ?? '—'} />
            <Typography.Text type="secondary">
              {t('target', { t: e.target ?? '—' })} · {e.total.met === null ? '—' : e.total.met ? <Tag color="green">{t('met')}</Tag> : <Tag color="red">{t('notMet')}</Tag>}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card data-testid="kpi-alerts">
            <Statistic title={t('openAlerts')} value={d.alerts.open} valueRender={(v) => <span data-testid="open-alerts">{v}</span>} />
            <Typography.Text type="secondary">
              {t('allYears', { n: d.alerts.open_all_years })} · <Link to="/alerts">{t('seeAlerts')}</Link>
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card data-testid="kpi-protection">
            <Statistic title={t('protection')} value={d.protection.rate ?? '—'} />
            <Typography.Text type="secondary">
              {t('target', { t: d.protection.target ?? '—' })} · {t('withCases', { r: d.protection.with_cases.rate ?? '—' })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('enrollByTown')} extra={<Tag>REP-1</Tag>}>
            <Chart option={charts.enroll} label={t('enrollByTown')} />
            <Typography.Text type="secondary">
              {t('groups', { r: e.groups.rate ?? '—', t: e.groups.target ?? '—' })} · {e.groups.cleared === true ? t('cleared') : t('notCleared')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('fundsByTier')} extra={<Tag>REP-6</Tag>} data-testid="funds">
            <Chart option={charts.funds} label={t('fundsByTier')} height={240} />
            <Typography.Text>
              {t('funds')}: <b className="num">{yuan(d.spending.fund_pay_sumamt)}</b> {t('yuan')}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('protectionByTown')} extra={<Tag>REP-6</Tag>}>
            <Chart option={charts.protect} label={t('protectionByTown')} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('alertsByRule')}>
            <Table
              size="small"
              rowKey="rule"
              pagination={false}
              dataSource={[...d.alerts.by_rule]}
              columns={[
                { title: t('rule'), dataIndex: 'rule', width: '55%', render: (r: string, x) => <>{r} <Typography.Text type="secondary">{x.title}</Typography.Text></> },
                { title: t('open'), dataIndex: 'open', className: 'num' },
                { title: t('raised'), dataIndex: 'raised', className: 'num' },
                { title: t('pushed'), dataIndex: 'pushed', className: 'num' },
                { title: t('verified'), dataIndex: 'verified', className: 'num' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Collapse
        style={{ marginTop: 16 }}
        items={[
          {
            key: 'definitions',
            label: t('definitions'),
            children: d.definitions.map((x) => (
              <Typography.Paragraph key={`${x.source}-${x.term}`} style={{ marginBottom: 6 }}>
                <Tag>{x.source}</Tag>
                <b>{x.term}</b>：{x.text}
                {x.clause === undefined ? '' : <Typography.Text type="secondary"> （{x.clause}）</Typography.Text>}
              </Typography.Paragraph>
            )),
          },
        ]}
      />
    </div>
  );
}
