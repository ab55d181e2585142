/** Every quotation a report cites is in its document, and every document defines what it shows. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICIES_DIR } from '../policy/load.js';
import { buildReport } from './build.js';
import { inputOf } from './test-support/population.js';
import { REPORT_KINDS } from './types.js';

const DOCS = join(POLICIES_DIR, 'documents');
const text = new Map(readdirSync(DOCS).map((f) => [f.slice(0, 3), readFileSync(join(DOCS, f), 'utf8')]));

describe('definitions', () => {
  for (const kind of REPORT_KINDS) {
    it(`${kind}: every quoted clause is in its document; titles and columns in Chinese and English; a definition of the cut-off and of rounding`, () => {
      const period = kind === 'dispatch' ? '2023-05' : kind === 'analysis' ? '2023' : '2023-Q2';
      const doc = buildReport(inputOf(kind, period, '2024-01-20T00:00:00Z'));
      for (const d of doc.definitions) {
        for (const clause of (d.clause ?? '').split('；').filter((c) => c !== '')) {
          const m = /^(\d{3}) §\S+ «(.+)»$/.exec(clause);
          expect(m, clause).not.toBeNull();
          const source = text.get(m?.[1] ?? '');
          expect(source, clause).toBeDefined();
          expect(source, clause).toContain(m?.[2]);
        }
        expect(d.term).toMatch(/^\S.* \/ [A-Za-z]/);
      }
      const terms = doc.definitions.map((d) => d.term);
      expect(terms.some((t) => t.startsWith('数据截止时间'))).toBe(true);
      expect(terms.some((t) => t.startsWith('比率的显示'))).toBe(true);
      expect(new Set(terms).size).toBe(terms.length);
      for (const t of doc.tables) {
        expect(t.zh.length * t.en.length).toBeGreaterThan(0);
        for (const c of t.columns) expect(c.zh.length * c.en.length, `${t.id}.${c.key}`).toBeGreaterThan(0);
        expect(new Set(t.rows.map((r) => r.key)).size, t.id).toBe(t.rows.length);
        for (const r of [...t.rows, ...(t.totals ? [t.totals] : [])]) expect(r.cells.length).toBe(t.columns.length);
      }
    });
  }
});
