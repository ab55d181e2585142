/** The policy packs this service runs (GET /api/v1/packs): each region, its versions and whether its values are illustrative. */
import { Alert, Card, List, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { EmptyState, ErrorState, Loading } from '../components/State';
import { useApi } from '../hooks';
import { useT } from '../i18n';

const S = {
  zh: {
    title: '政策包', intro: '本服务按下列政策包结算。每个数值都引用文件条款；标为[本地]的数值须由医保局设定，未设定时相关结算会被拒绝并说明原因。',
    illustrative: '演示数值，非官方', official: '依据正式文件', versions: '版本', from: '起', open: '查看全部数值', none: '本服务没有运行任何政策包。请用 SANCHONG_PACKS 指定后重新启动服务。',
  },
  en: {
    title: 'Policy packs', intro: 'This service settles under the packs below. Every value cites its document and clause; values marked [local] are set by the bureau, and a settlement that needs an unset one is refused with the reason.',
    illustrative: 'Illustrative values, not official', official: 'From official documents', versions: 'Versions', from: 'from', open: 'See every value', none: 'This service runs no policy pack. Name them in SANCHONG_PACKS and restart the service.',
  },
} as const;

interface PackList {
  readonly packs: readonly {
    readonly id: string;
    readonly admdvs: string;
    readonly name: string;
    readonly illustrative: boolean;
    readonly versions: readonly { readonly version: string; readonly title: string; readonly effective_from: string | null }[];
  }[];
}

export default function Packs(): ReactNode {
  const t = useT(S);
  const list = useApi<PackList>('/api/v1/packs');
  if (list.error !== undefined) return <ErrorState error={list.error} onRetry={list.reload} />;
  if (list.data === undefined) return <Loading />;
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {list.data.packs.length === 0 ? (
        <EmptyState description={t('none')} />
      ) : (
        <List
          grid={{ gutter: 16, column: 2 }}
          dataSource={list.data.packs}
          renderItem={(p) => (
            <List.Item>
              <Card
                title={<Space>{p.name}<Tag>{p.admdvs}</Tag></Space>}
                extra={<Link to={`/packs/${encodeURIComponent(p.id)}`}>{t('open')}</Link>}
              >
                {p.illustrative ? <Alert type="warning" showIcon message={t('illustrative')} style={{ marginBottom: 12 }} /> : <Tag color="blue">{t('official')}</Tag>}
                <Typography.Text code>{p.id}</Typography.Text>
                <Typography.Paragraph strong style={{ marginTop: 12, marginBottom: 4 }}>{t('versions')}</Typography.Paragraph>
                <ul style={{ margin: 0, paddingLeft: 20 }}>
                  {p.versions.map((v) => (
                    <li key={v.version}>
                      {v.version} · {v.title}{v.effective_from === null ? '' : ` · ${t('from')} ${v.effective_from}`}
                    </li>
                  ))}
                </ul>
              </Card>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
