/** Identities as bars on one time axis (begin → end, or ongoing), and the enrollments. */
import { Card, Empty, Table, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { yuan } from '../../format';
import { useLang, useT } from '../../i18n';
import type { Enrollment, Identity } from './types';
import { CATEGORY, nameOf } from '../../codes';

const S = {
  zh: {
    identities: '身份', none: '没有登记身份（按普通参保人结算）。', ongoing: '至今', level: '等级 {n}', riskElim: '风险消除 {d}',
    enrollments: '参保缴费', noEnrollments: '没有参保记录。', year: '年度', product: '险种', tier: '档次', paid: '缴费日期', contribution: '个人缴费（元）',
    resident: '城乡居民医保',
  },
  en: {
    identities: 'Identities', none: 'No identity recorded (settled as an ordinary insured person).', ongoing: 'ongoing', level: 'level {n}', riskElim: 'risk eliminated {d}',
    enrollments: 'Enrollment', noEnrollments: 'No enrollment recorded.', year: 'Year', product: 'Scheme', tier: 'Tier', paid: 'Paid on', contribution: 'Contribution (yuan)',
    resident: 'Resident medical insurance',
  },
} as const;

const DAY = 86_400_000;
const time = (d: string): number => new Date(`${d}T00:00:00Z`).getTime();
const today = (): string => new Date().toISOString().slice(0, 10);

export function Identities({ identities }: { identities: readonly Identity[] }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  if (identities.length === 0) return <Card title={t('identities')} size="small"><Typography.Text type="secondary">{t('none')}</Typography.Text></Card>;
  const start = Math.min(...identities.map((i) => time(i.begndate)));
  const startYear = new Date(start).getUTCFullYear();
  const endYear = Math.max(new Date().getUTCFullYear(), ...identities.map((i) => new Date(time(i.enddate ?? today())).getUTCFullYear())) + 1;
  const from = Date.UTC(startYear, 0, 1);
  const span = Date.UTC(endYear, 0, 1) - from;
  const pct = (ms: number): string => `${(((ms - from) / span) * 100).toFixed(2)}%`;
  const years: number[] = [];
  for (let y = startYear; y <= endYear; y++) years.push(y);
  return (
    <Card title={t('identities')} size="small" data-testid="identities">
      <div style={{ position: 'relative', marginLeft: 200, height: 18, fontSize: 12, color: '#888' }}>
        {years.map((y) => <span key={y} style={{ position: 'absolute', left: pct(Date.UTC(y, 0, 1)), transform: 'translateX(-50%)' }}>{y}</span>)}
      </div>
      {identities.map((i) => {
        const b = time(i.begndate);
        const e = i.enddate === null ? Date.now() : time(i.enddate) + DAY;
        const label = `${nameOf(CATEGORY, i.idet_type, lang)}${i.idet_lv === null ? '' : ` · ${t('level', { n: i.idet_lv })}`}`;
        const dates = `${i.begndate} → ${i.enddate ?? t('ongoing')}${i.risk_elim_date === null ? '' : ` · ${t('riskElim', { d: i.risk_elim_date })}`}`;
        return (
          <div key={`${i.idet_type}-${i.begndate}`} style={{ display: 'flex', alignItems: 'center', margin: '6px 0' }}>
            <div style={{ width: 200, flex: 'none' }}>
              <div>{label}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dates}</Typography.Text>
            </div>
            <div style={{ position: 'relative', flex: 1, height: 14, background: '#f5f5f5', borderRadius: 3 }}>
              <Tooltip title={`${label}: ${dates}`}>
                <div
                  role="img"
                  aria-label={`${label}: ${dates}`}
                  style={{ position: 'absolute', left: pct(b), width: `max(3px, calc(${pct(e)} - ${pct(b)}))`, top: 0, bottom: 0, background: i.enddate === null ? '#1554ad' : '#8aa9d6', borderRadius: 3 }}
                />
              </Tooltip>
            </div>
          </div>
        );
      })}
    </Card>
  );
}

export function Enrollments({ enrollments }: { enrollments: readonly Enrollment[] }): ReactNode {
  const t = useT(S);
  return (
    <Card title={t('enrollments')} size="small">
      <Table<Enrollment>
        size="small"
        rowKey={(r) => `${r.year}-${r.product}`}
        dataSource={[...enrollments]}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noEnrollments')} /> }}
        columns={[
          { key: 'year', title: t('year'), dataIndex: 'year' },
          { key: 'product', title: t('product'), dataIndex: 'product', render: (v: string) => (v === '' ? t('resident') : v) },
          { key: 'tier', title: t('tier'), dataIndex: 'tier', render: (v: number | null) => v ?? '—' },
          { key: 'paid', title: t('paid'), dataIndex: 'paid_date', render: (v: string | null) => v ?? '—' },
          { key: 'contribution', title: t('contribution'), dataIndex: 'contribution', align: 'right', render: (v: string | null) => <span className="num">{yuan(v)}</span> },
        ]}
      />
    </Card>
  );
}
