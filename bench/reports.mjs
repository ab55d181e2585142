// Every report of POLICY-SPEC §6 for a county-year (issue 6 item 5): target ≤ 10 s each for 700,000
// insured people and 2,000,000 settlements. Run `npm run build` first.
//
//   node --max-old-space-size=8192 bench/reports.mjs [--engine pglite|postgres] [--persons 700000] [--settlements 2000000]
//
// The store is filled directly by SQL (generate_series; deterministic, no randomness): persons in
// 30 townships, one in ten with one of the eight categories, 96 % enrolled for 2023, settlements
// spread over 2023 with their first payments booked (basic 50 % of the policy-scope cost, critical
// illness 5 %, assistance 10 % for the category holders), one adjustment line per thousand
// settlements, one reversal per thousand, case lines and alerts for a few hundred persons. The
// amounts are shapes, not a fold: the reports read what the ledger booked, whatever computed it.
// Each report is timed as the service makes it: reading the inputs as of now (one transaction),
// building the document, writing the XLSX and the printable page. Prints one line per report and a JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportXlsx } from '../dist/ingest/report-xlsx.js';
import { loadPacks } from '../dist/policy/load.js';
import { RegionPolicies } from '../dist/policy/regions.js';
import { buildReport } from '../dist/reports/build.js';
import { reportHtml } from '../dist/reports/html.js';
import { migrate } from '../dist/store/migrate.js';
import { parsePeriod } from '../dist/reports/period.js';
import { loadReportInput } from '../dist/store/report-inputs.js';
import { startPostgres } from './pg-throwaway.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const engine = opt('engine', 'pglite');
const PERSONS = Number(opt('persons', 700_000));
const SETTLEMENTS = Number(opt('settlements', 2_000_000));

let db;
let cleanup = () => {};
if (engine === 'postgres') {
  const pg = await startPostgres();
  const { openPostgres } = await import('../dist/store/postgres.js');
  db = await openPostgres(pg.url);
  cleanup = pg.stop;
} else {
  const dir = mkdtempSync(join(tmpdir(), 'sanchong-bench-reports-'));
  const { openPglite } = await import('../dist/store/pglite.js');
  db = await openPglite(dir);
  cleanup = () => rmSync(dir, { recursive: true, force: true });
}

const t0 = performance.now();
await migrate(db);
const CATS = ['tekun', 'dibao', 'dibian', 'fanpin', 'tpbwd', 'byyzp', 'tfkn', 'tuopin'];
await db.exec(`
  INSERT INTO persons (psn_no, admdvs, certno, psn_name, insuplc_admdvs, insu_tier, town_admdvs, village_admdvs, rural, employed)
  SELECT 'R' || lpad(i::text, 9, '0'), '500243', NULL, '人员' || i, '500243', 1,
         '500243' || lpad((i % 30 + 1)::text, 3, '0'), '500243' || lpad((i % 30 + 1)::text, 3, '0') || lpad((i % 20 + 1)::text, 3, '0'), true, i % 50 = 0
    FROM generate_series(1, ${PERSONS}) AS i;
  INSERT INTO identities (admdvs, psn_no, idet_type, begndate)
  SELECT '500243', 'R' || lpad(i::text, 9, '0'), (ARRAY['${CATS.join("','")}'])[(i / 10) % 8 + 1], DATE '2020-01-01'
    FROM generate_series(10, ${PERSONS}, 10) AS i;
  INSERT INTO enrollments (admdvs, psn_no, year, product, tier, paid_date)
  SELECT '500243', 'R' || lpad(i::text, 9, '0'), 2023, '', 1, DATE '2022-12-01' FROM generate_series(1, ${PERSONS}) AS i WHERE i % 25 <> 0;
  INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, content_hash)
  SELECT 'S' || lpad(j::text, 10, '0'), '500243', 'R' || lpad(((j * 7919) % ${PERSONS} + 1)::text, 9, '0'), CASE WHEN j % 5 = 0 THEN '21' ELSE '11' END,
         TIMESTAMP '2023-01-01 08:00:00' + ((j * 15731) % 364) * INTERVAL '1 day' + (j % 600) * INTERVAL '1 minute', '05',
         100000 + (j * 104729) % 2000000, (100000 + (j * 104729) % 2000000) * 9 / 10, 'S' || j
    FROM generate_series(1::bigint, ${SETTLEMENTS}::bigint) AS j;
  INSERT INTO settlement_payments (setl_id, admdvs, psn_no, hifp_pay, hifmi_pay, maf_assist_pay, maf_reassist_pay, pack_id, pack_version)
  SELECT s.setl_id, s.admdvs, s.psn_no, s.inscp_scp_amt / 2, s.inscp_scp_amt / 20,
         CASE WHEN right(s.psn_no, 1) = '0' THEN s.inscp_scp_amt / 10 ELSE 0 END, 0, 'bench', '1'
    FROM settlements s;
  INSERT INTO adjustments (admdvs, psn_no, setl_id, tier, amount, reason, pack_id, pack_version, cause)
  SELECT admdvs, psn_no, setl_id, 'assistance', 1234, 'bench', 'bench', '1', 'identity' FROM settlements WHERE right(setl_id, 3) = '000';
  INSERT INTO settlements (setl_id, admdvs, psn_no, refd_setl_flag, init_setl_id, content_hash)
  SELECT 'V' || substr(setl_id, 2), admdvs, psn_no, true, setl_id, 'V' || setl_id FROM settlements WHERE right(setl_id, 3) = '500';
`);
// cases and alerts for a few hundred persons (their own tables, as the service writes them)
await db.exec(`
  INSERT INTO cases (admdvs, psn_no, kind_id, case_type, title, year, reason, levels, status, decided, clause, pack_id, pack_version, opened_by)
  SELECT '500243', 'R' || lpad(i::text, 9, '0'), 'CASE-1', 'special', '一事一议', 2023, 'bench', '', 'decided', 500000, 'bench', 'bench', '1', 'bench'
    FROM generate_series(1000, ${PERSONS}, 1000) AS i;
  INSERT INTO case_payments (case_id, admdvs, psn_no, year, kind_id, source, amount, cause, clause, booked_by)
  SELECT case_id, admdvs, psn_no, year, kind_id, 'social_assistance', 500000, 'decision', 'bench', 'bench' FROM cases;
  INSERT INTO alerts (admdvs, psn_no, rule_id, rule_title, year, measure, amount, amount_at_alert, threshold, comparison, setl_id, alert_date, complete, clause, pack_id, pack_version, raised_by)
  SELECT s.admdvs, s.psn_no, 'MON-CQ-1', 'bench', 2023, 'personal', 2000000, 2000000, 1400000, '>=', min(s.setl_id), DATE '2023-06-01', true, 'bench', 'bench', '1', 'system'
    FROM settlements s WHERE right(s.psn_no, 3) = '777' AND NOT s.refd_setl_flag GROUP BY s.admdvs, s.psn_no;
  INSERT INTO alert_events (alert_id, admdvs, psn_no, to_status, username) SELECT alert_id, admdvs, psn_no, 'raised', 'system' FROM alerts;
`);
// statistics, as autovacuum (PostgreSQL) or the import's ANALYZE (PGlite, src/store/imports.ts) give the service
await db.exec('ANALYZE');
const [counts] = await db.query(`SELECT (SELECT count(*)::int FROM persons) AS persons, (SELECT count(*)::int FROM settlements WHERE NOT refd_setl_flag) AS settlements`);
const loadSeconds = (performance.now() - t0) / 1000;
console.log(`${engine}: ${counts.persons} persons, ${counts.settlements} settlements loaded in ${loadSeconds.toFixed(1)} s`);

const policies = new RegionPolicies([loadPacks('demo-cq-pengshui')]);
const ASKS = [
  ['enrollment', '2023'], ['dispatch', '2023-11'], ['rating', '2023-Q4'], ['analysis', '2023'], ['national', '2023-Q3'], ['protection', '2023'], ['household', '2023'],
];
const results = [];
for (const [kind, period] of ASKS) {
  globalThis.gc?.();
  const a = performance.now();
  const input = await db.transaction((tx) => loadReportInput(tx, { kind, period: parsePeriod(period), region: policies.regions[0], asOf: new Date().toISOString() }));
  const i = performance.now();
  const document = buildReport(input);
  const b = performance.now();
  const xlsx = await reportXlsx(document);
  const c = performance.now();
  const html = reportHtml(document);
  const d = performance.now();
  const r = { kind, period, seconds: (d - a) / 1000, inputs: (i - a) / 1000, build: (b - i) / 1000, xlsx: (c - b) / 1000, html: (d - c) / 1000, xlsxBytes: xlsx.length, htmlBytes: html.length };
  results.push(r);
  console.log(`${kind.padEnd(11)} ${period.padEnd(8)} ${r.seconds.toFixed(2)} s  (inputs ${r.inputs.toFixed(2)} s · build ${r.build.toFixed(2)} s · XLSX ${r.xlsx.toFixed(2)} s, ${(r.xlsxBytes / 1e6).toFixed(1)} MB · page ${r.html.toFixed(2)} s)  ${r.seconds <= 10 ? 'within 10 s' : 'OVER 10 s'}`);
}
await db.close();
cleanup();
console.log(JSON.stringify({ engine, persons: counts.persons, settlements: counts.settlements, loadSeconds, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), results }));
