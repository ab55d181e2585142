// Writes examples/demo-cq-pengshui/enrollments.csv: the 2023 enrollments (参保缴费记录) of the 400
// persons of the bundled example, for `sanchong subsidize`. Run after `npm run build`:
// node scripts/make-enrollments.mjs. Deterministic (fixed seed): rerunning gives the same bytes.
//
// Every person enrolls in resident insurance for 2023 in their own tier (persons.csv insu_tier),
// paying in the 2022 collection period (2022-09-01 … 2022-12-31), except: ~3 % of the persons who
// hold a category on 2023-12-31 (so that the 动态清零 list is not empty) and ~3 % of the others.
// Some buy 渝快保: tuopin and monitoring objects more often (their purchase is subsidised).
// `contribution` is left empty: the pack's standard applies.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCsvText } from '../dist/ingest/csv-reader.js';
import { csvLine } from '../dist/ingest/csv-writer.js';
import { parseCategory } from '../dist/people/category.js';
import { seeded } from '../dist/demo/random.js';

const dir = new URL('../examples/demo-cq-pengshui/', import.meta.url).pathname;
const YEAR = 2023;
const AS_OF = `${YEAR}-12-31`;

function records(name) {
  const [head, ...rows] = parseCsvText(readFileSync(dir + name, 'utf8').replace(/^\ufeff/, ''));
  return rows.map((r) => Object.fromEntries(head.fields.map((h, i) => [h, r.fields[i] ?? ''])));
}

const random = seeded(20230101);
const pick = (list) => list[Math.floor(random() * list.length)];

function day(from, to) {
  const a = Date.UTC(...from);
  const b = Date.UTC(...to);
  return new Date(a + Math.floor(random() * ((b - a) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}
const collectionDay = () => day([YEAR - 1, 8, 1], [YEAR - 1, 11, 31]);

const persons = records('persons.csv');
const held = new Map();
for (const i of records('identities.csv')) {
  if (i.begndate > AS_OF || (i.enddate !== '' && i.enddate < AS_OF)) continue;
  const list = held.get(i.psn_no) ?? [];
  list.push(parseCategory(i.idet_type));
  held.set(i.psn_no, list);
}

const holders = persons.filter((p) => held.has(p.psn_no)).map((p) => p.psn_no);
const missing = new Set();
const target = Math.max(2, Math.round(holders.length * 0.03));
while (missing.size < target) missing.add(pick(holders));
for (const p of persons) if (!held.has(p.psn_no) && random() < 0.03) missing.add(p.psn_no);

const MONITORING = ['tpbwd', 'byyzp', 'tfkn'];
const columns = ['psn_no', 'year', 'tier', 'paid_date', 'contribution', 'product'];
let text = csvLine(columns);
let lines = 0;
for (const p of persons) {
  if (missing.has(p.psn_no)) continue;
  const tier = p.insu_tier === '' ? '1' : p.insu_tier;
  text += csvLine([p.psn_no, String(YEAR), tier, collectionDay(), '', '']);
  lines++;
  const cats = held.get(p.psn_no) ?? [];
  const r = random();
  let product;
  if (cats.some((c) => MONITORING.includes(c))) product = r < 0.3 ? '升级款' : r < 0.5 ? '普惠款' : undefined;
  else if (cats.includes('tuopin')) product = r < 0.1 ? '升级款' : r < 0.4 ? '普惠款' : undefined;
  else product = r < 0.05 ? '普惠款' : undefined;
  if (product !== undefined) {
    text += csvLine([p.psn_no, String(YEAR), tier, collectionDay(), '', product]);
    lines++;
  }
}
writeFileSync(dir + 'enrollments.csv', text);
console.log(`wrote ${dir}enrollments.csv: ${lines} rows; ${holders.length} category holders on ${AS_OF}, ${[...missing].filter((m) => held.has(m)).length} of them not enrolled`);
