/**
 * A report as one printable, self-contained HTML page (issue 6 item 3): inline CSS for A4 (landscape,
 * the tables are wide), the header with region, scope, period, cut-off and pack versions — and the
 * illustrative banner when any pack is illustrative —, each chart as inline SVG, each table with its
 * totals row, and the definitions. No script, no external resource; every text escaped.
 */
import { formatCell } from './format.js';
import { referenceDay } from './population.js';
import { chartSvg, escapeHtml } from './svg.js';
import type { Column, ReportDocument, ReportTable, TableRow } from './types.js';

const CSS = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10pt; color: #111; margin: 0 auto; max-width: 1400px; padding: 8px; }
h1 { font-size: 16pt; margin: 0 0 2px; }
h2 { font-size: 12pt; margin: 18px 0 6px; }
.en { color: #555; font-weight: normal; font-size: 0.85em; }
.banner { border: 2px solid #c0392b; background: #fdecea; color: #922; padding: 6px 10px; margin: 8px 0; font-weight: bold; }
.personal { border-left: 4px solid #e08a1e; padding: 2px 8px; color: #7a4a00; margin: 4px 0; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid #999; padding: 2px 4px; vertical-align: top; }
th { background: #eef2f7; font-weight: bold; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.subtotal td { font-style: italic; background: #f7f7f7; }
tfoot td { font-weight: bold; background: #eef2f7; }
figure { margin: 8px 0; }
figcaption { font-weight: bold; }
dl.definitions dt { font-weight: bold; margin-top: 6px; }
dl.definitions dd { margin: 0 0 0 1em; }
.clause { color: #444; font-size: 0.9em; }
footer { margin-top: 16px; color: #666; font-size: 8pt; }
@media print {
  body { max-width: none; padding: 0; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, figure, .banner { break-inside: avoid; }
  h2 { break-after: avoid; }
}`;

function cellHtml(column: Column | undefined, text: string): string {
  const numeric = column !== undefined && column.kind !== 'text';
  return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
}

function rowHtml(t: ReportTable, r: TableRow): string {
  return `<tr${r.subtotal === true ? ' class="subtotal"' : ''}>${r.cells.map((c, i) => cellHtml(t.columns[i], formatCell(c))).join('')}</tr>`;
}

function tableHtml(t: ReportTable): string {
  const head = `<thead><tr>${t.columns.map((c) => `<th>${escapeHtml(c.zh)}<br><span class="en">${escapeHtml(c.en)}</span></th>`).join('')}</tr></thead>`;
  const body = `<tbody>${t.rows.map((r) => rowHtml(t, r)).join('')}</tbody>`;
  const foot = t.totals === undefined ? '' : `<tfoot>${rowHtml(t, t.totals)}</tfoot>`;
  const personal = t.personal === true ? '<p class="personal">本表含个人信息（身份证号已脱敏），仅限工作使用，不得外传。 / Personal data (ID numbers masked): for official use only.</p>' : '';
  return `<section class="table" id="t-${escapeHtml(t.id)}"><h2>${escapeHtml(t.zh)} <span class="en">${escapeHtml(t.en)}</span></h2>${personal}<table>${head}${body}${foot}</table></section>`;
}

export function reportHtml(doc: ReportDocument): string {
  const illustrative = doc.packs.some((p) => p.illustrative);
  const banner = illustrative
    ? '<div class="banner">演示数值，非官方：本报表使用的政策包含示例数值，数字不得作为正式统计上报。 / ILLUSTRATIVE: computed under a pack with illustrative, non-official values — not official figures.</div>'
    : '';
  const meta: [string, string][] = [
    ['统筹区 / region', `${doc.region.name}（${doc.region.admdvs}）`],
    ['范围 / scope', doc.town === undefined ? '全统筹区 / the whole region' : `乡镇（村）代码 ${doc.town} / township or village ${doc.town}`],
    ['期间 / period', `${doc.period.label}（${doc.period.from} 至 ${doc.period.to}）`],
    ['数据截止 / cut-off', doc.asOf],
    ['统计日 / reference day', referenceDay(doc)],
    ['政策包 / packs', doc.packs.map((p) => `${p.id} ${p.version}${p.illustrative ? '（演示 / illustrative）' : ''}`).join('；')],
  ];
  const charts = doc.charts.map((c) => `<figure><figcaption>${escapeHtml(c.zh)} <span class="en">${escapeHtml(c.en)}</span></figcaption>${chartSvg(c)}</figure>`).join('');
  const defs = doc.definitions
    .map((d) => `<dt>${escapeHtml(d.term)}</dt><dd>${escapeHtml(d.text)}${d.clause === undefined ? '' : `<br><span class="clause">依据 / clause: ${escapeHtml(d.clause)}</span>`}</dd>`)
    .join('');
  return [
    '<!DOCTYPE html>',
    `<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`${doc.zh} ${doc.period.label}`)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(doc.zh)}</h1><div class="en">${escapeHtml(doc.en)}</div>${banner}`,
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl></header>`,
    charts === '' ? '' : `<section class="charts">${charts}</section>`,
    doc.tables.map(tableHtml).join(''),
    `<section class="definitions"><h2>口径说明 <span class="en">Definitions</span></h2><dl class="definitions">${defs}</dl></section>`,
    `<footer>${escapeHtml(`${doc.kind} · ${doc.period.label} · ${doc.asOf}`)}${illustrative ? ' · 演示数值 / illustrative' : ''}</footer>`,
    '</body></html>',
  ].join('\n');
}
