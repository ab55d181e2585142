import { describe, expect, it } from 'vitest';
import { buildReport } from './build.js';
import { reportHtml } from './html.js';
import { chartSvg, escapeHtml } from './svg.js';
import { inputOf, PERSONS, T2 } from './test-support/population.js';
import { REPORT_KINDS } from './types.js';
import type { ReportKind } from './types.js';

const PERIOD: Readonly<Record<ReportKind, string>> = { enrollment: '2023-Q2', dispatch: '2023-05', rating: '2023-Q2', analysis: '2023', national: '2023-Q2', protection: '2023', household: '2023-Q2' };

describe('the printable page', () => {
  for (const kind of REPORT_KINDS) {
    it(`${kind}: every table with its header and totals, every chart as inline SVG, the definitions, the cut-off and packs, the banner`, () => {
      const doc = buildReport(inputOf(kind, PERIOD[kind], '2024-01-20T00:00:00Z'));
      const html = reportHtml(doc);
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      for (const t of doc.tables) {
        expect(html).toContain(`id="t-${t.id}"`);
        expect(html).toContain(escapeHtml(t.zh));
      }
      expect((html.match(/<table>/g) ?? []).length).toBe(doc.tables.length);
      expect((html.match(/<tfoot>/g) ?? []).length).toBe(doc.tables.filter((t) => t.totals !== undefined).length);
      expect((html.match(/<svg /g) ?? []).length).toBe(doc.charts.length);
      for (const d of doc.definitions) expect(html).toContain(escapeHtml(d.term));
      expect(html).toContain('2024-01-20T00:00:00Z');
      expect(html).toContain('demo-cq-pengshui 2023.1-demo');
      expect(html).toContain('演示数值，非官方');
      expect(html).toContain('@media print');
      expect(html).toContain('size: A4');
      // self-contained: no script, no link, no external resource
      expect(html).not.toMatch(/<script|<link|<img|src=|href=|@import|url\(/i);
    });
  }

  it('has no banner when no pack is illustrative', () => {
    const doc = buildReport(inputOf('household', '2023-Q2', '2023-07-10T02:00:00Z', { packs: [{ id: 'cq-pengshui', version: '2023.1', illustrative: false }] }));
    expect(reportHtml(doc)).not.toContain('class="banner"');
  });

  it('escapes every text: names, township names, titles', () => {
    const persons = PERSONS.map((p) => (p.psnNo === 'G' ? { ...p, name: '<script>alert("x")</script> & 李' } : p));
    const doc = buildReport(inputOf('enrollment', '2023-Q2', '2023-07-10T02:00:00Z', { persons, townNames: { [T2]: '<b>镇</b>&"\'' } }));
    const html = reportHtml(doc);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>镇');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 李');
    expect(html).toContain('&lt;b&gt;镇&lt;/b&gt;&amp;&quot;&#39;');
    for (const c of doc.charts) expect(chartSvg(c)).not.toContain('<b>');
  });

  it('draws charts without data as a note, not as an error', () => {
    expect(chartSvg({ id: 'x', zh: '空', en: 'empty', type: 'pie', labels: ['a'], series: [{ name: 'v', values: [0] }], unit: 'fen' })).toContain('无数据');
    expect(chartSvg({ id: 'x', zh: '空', en: 'empty', type: 'bar', labels: [], series: [], unit: 'rate' })).toContain('无数据');
  });
});
