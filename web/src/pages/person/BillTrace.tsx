/**
 * The bill's explanation, one block per tier as setl_proc_info gives it: what the tier paid, its
 * rule id, the document and clause it cites and the working (base, deductible, bands, cap) or why
 * nothing was paid; with the rule's title and the clause's words when the pack's page answers
 * (GET /api/v1/packs/{id}), else as the trace states it.
 */
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { yuan } from '../../format';
import { useApi } from '../../hooks';
import { useLang, useT } from '../../i18n';
import type { PackAnswer } from './types';
import { nameOf, TIER } from '../../codes';
import { traceLine } from '../../trace';

const S = {
  zh: { rule: '规则', document: '文件', clause: '条款', paid: '支付 {a} 元', noTrace: '没有计算过程（未结算）。', other: '其他' },
  en: { rule: 'Rule', document: 'Document', clause: 'Clause', paid: 'paid {a} yuan', noTrace: 'No calculation (not settled).', other: 'Other' },
} as const;

export function BillTrace({ lines, packId, packVersion }: { lines: readonly string[]; packId: string | null; packVersion: string | null }): ReactNode {
  const t = useT(S);
  const { lang } = useLang();
  // the pack's rules and documents, for their titles and clause text; the bill stands without them
  const pack = useApi<PackAnswer>(packId === null ? null : `/api/v1/packs/${encodeURIComponent(packId)}`);
  const version = pack.data?.versions.find((v) => v.version === packVersion);
  if (lines.length === 0) return <Typography.Text type="secondary">{t('noTrace')}</Typography.Text>;
  return (
    <div data-testid="bill-trace">
      {lines.map((text, i) => {
        const l = traceLine(text);
        if (l.tier === undefined) {
          return <div key={i} className="bill-trace"><Typography.Text>{text}</Typography.Text></div>;
        }
        const rule = l.ruleId === undefined ? undefined : version?.rules.find((r) => r.id === l.ruleId);
        const doc = version?.documents.find((d) => d.file === l.document);
        const docTitle = rule?.citation.title ?? doc?.title;
        return (
          <div key={i} className="bill-trace" data-tier={l.tier}>
            <Typography.Text strong>{nameOf(TIER, l.tier, lang)}</Typography.Text>
            {'　'}
            <span className="num">{t('paid', { a: yuan(l.amount) })}</span>
            {l.ruleId !== undefined && <div>{t('rule')}: <code>{l.ruleId}</code>{rule === undefined ? '' : ` — ${rule.title}`}</div>}
            {l.document !== undefined && (
              <div>
                {t('document')}: {docTitle === undefined ? l.document : `${docTitle}（${l.document}）`}
                {l.clause !== undefined && <> · {t('clause')} {l.clause}</>}
              </div>
            )}
            {rule?.citation.quote !== null && rule?.citation.quote !== undefined && <div className="bill-quote">“{rule.citation.quote}”</div>}
            {l.steps.length > 0 && (
              <ul>
                {l.steps.map((s, j) => <li key={j}>{s}</li>)}
              </ul>
            )}
          </div>
        );
      })}
    </div>
  );
}
