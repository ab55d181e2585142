/**
 * Charts as inline SVG (no script, no external resource): bars (one rate per township, with the
 * target as a dashed line), histograms (grouped bars per band and series) and pies (shares of an
 * amount). The geometry is floating point — it only places shapes; every number written as text is
 * formatted by the one rule of format.ts.
 */
import type { Fen } from '../money/fen.js';
import { formatYuan } from '../money/yuan.js';
import { formatRate } from './format.js';
import type { ReportChart } from './types.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

const PALETTE = ['#2f6db5', '#e08a1e', '#3a9a5b', '#c0392b', '#8e5ea2', '#7f8c8d', '#b7950b'];

function color(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#555';
}

/** A chart value as text under the chart's unit. */
export function chartValue(unit: ReportChart['unit'], v: number): string {
  return unit === 'rate' ? formatRate({ num: v, den: 1000 }) : unit === 'fen' ? formatYuan(v as Fen) : String(v);
}

const n2 = (x: number): string => (Math.round(x * 100) / 100).toString();

function noData(c: ReportChart): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="60" viewBox="0 0 480 60" role="img" aria-label="${escapeHtml(c.zh)}"><text x="10" y="35" font-size="14" fill="#666">无数据 / no data</text></svg>`;
}

function legend(names: readonly string[], x: number, y: number): string {
  return names.map((name, i) => `<rect x="${x}" y="${y + i * 18}" width="12" height="12" fill="${color(i)}"/><text x="${x + 18}" y="${y + i * 18 + 11}" font-size="12">${escapeHtml(name)}</text>`).join('');
}

/** Bars (one series) or grouped bars (several), per label. */
function bars(c: ReportChart): string {
  const n = c.labels.length;
  const k = Math.max(1, c.series.length);
  const top = 24;
  const left = 56;
  const plotH = 200;
  const slot = Math.max(28, Math.min(80, 640 / Math.max(1, n)));
  const plotW = slot * n;
  const labelH = 90;
  const legendW = k > 1 ? 180 : 0;
  const width = left + plotW + 20 + legendW;
  const height = top + plotH + labelH;
  const values = c.series.flatMap((s) => s.values);
  const ref = c.reference?.value;
  const max = c.unit === 'rate' ? Math.max(1000, ...values, ref ?? 0) : Math.max(1, ...values, ref ?? 0);
  const y = (v: number): number => top + plotH - (Math.max(0, v) / max) * plotH;
  const parts: string[] = [];
  // axis and grid: 0, ½, max
  for (const f of [0, 0.5, 1]) {
    const v = Math.round(max * f);
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${n2(y(v))}" y2="${n2(y(v))}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 4}" y="${n2(y(v) + 4)}" font-size="10" text-anchor="end">${escapeHtml(chartValue(c.unit, v))}</text>`);
  }
  const barW = (slot * 0.8) / k;
  c.labels.forEach((label, i) => {
    const x0 = left + i * slot + slot * 0.1;
    c.series.forEach((s, j) => {
      const v = s.values[i] ?? 0;
      const x = x0 + j * barW;
      parts.push(`<rect x="${n2(x)}" y="${n2(y(v))}" width="${n2(barW - 1)}" height="${n2(top + plotH - y(v))}" fill="${color(j)}"><title>${escapeHtml(`${label} ${s.name}: ${chartValue(c.unit, v)}`)}</title></rect>`);
      if (k === 1 || n * k <= 24) parts.push(`<text x="${n2(x + barW / 2)}" y="${n2(y(v) - 3)}" font-size="9" text-anchor="middle">${escapeHtml(chartValue(c.unit, v))}</text>`);
    });
    const lx = left + i * slot + slot / 2;
    parts.push(`<text x="${n2(lx)}" y="${top + plotH + 12}" font-size="10" text-anchor="end" transform="rotate(-40 ${n2(lx)} ${top + plotH + 12})">${escapeHtml(label)}</text>`);
  });
  if (c.reference !== undefined && ref !== undefined) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${n2(y(ref))}" y2="${n2(y(ref))}" stroke="#c0392b" stroke-dasharray="6 4" stroke-width="1.5"/>`);
    parts.push(`<text x="${left + plotW + 4}" y="${n2(y(ref) + 4)}" font-size="10" fill="#c0392b">${escapeHtml(c.reference.zh)}</text>`);
  }
  if (k > 1) parts.push(legend(c.series.map((s) => s.name), left + plotW + 60, top));
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/><line x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(width + 60)}" height="${height}" viewBox="0 0 ${n2(width + 60)} ${height}" role="img" aria-label="${escapeHtml(c.zh)}">${parts.join('')}</svg>`;
}

/** A pie of the first series: each slice's share shown under the rate rule (per-mille, rounded down). */
function pie(c: ReportChart): string {
  const values = (c.series[0]?.values ?? []).map((v) => Math.max(0, v));
  const total = values.reduce((a, b) => a + b, 0);
  if (total <= 0) return noData(c);
  const cx = 120;
  const cy = 120;
  const r = 100;
  const parts: string[] = [];
  let angle = -Math.PI / 2;
  values.forEach((v, i) => {
    if (v <= 0) return;
    const share = v / total;
    if (share >= 1) {
      parts.push(`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${color(i)}"/>`);
      return;
    }
    const end = angle + share * 2 * Math.PI;
    const large = share > 0.5 ? 1 : 0;
    const p = (a: number): string => `${n2(cx + r * Math.cos(a))} ${n2(cy + r * Math.sin(a))}`;
    parts.push(`<path d="M ${cx} ${cy} L ${p(angle)} A ${r} ${r} 0 ${large} 1 ${p(end)} Z" fill="${color(i)}" stroke="#fff"><title>${escapeHtml(c.labels[i] ?? '')}</title></path>`);
    angle = end;
  });
  const rows = c.labels.map((label, i) => {
    const v = values[i] ?? 0;
    return `<rect x="260" y="${20 + i * 22}" width="12" height="12" fill="${color(i)}"/><text x="278" y="${31 + i * 22}" font-size="12">${escapeHtml(`${label}  ${chartValue(c.unit, v)}  ${formatRate({ num: v, den: total })}`)}</text>`;
  });
  const height = Math.max(250, 40 + c.labels.length * 22);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${height}" viewBox="0 0 600 ${height}" role="img" aria-label="${escapeHtml(c.zh)}">${parts.join('')}${rows.join('')}</svg>`;
}

export function chartSvg(c: ReportChart): string {
  if (c.labels.length === 0 || c.series.length === 0) return noData(c);
  switch (c.type) {
    case 'bar':
    case 'histogram':
      return bars(c);
    case 'pie':
      return pie(c);
  }
}
