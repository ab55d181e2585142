/**
 * REP-2 月调度月通报 (000 §三(一)2): per township, the enrollment of 脱贫人口 and of 监测对象 (tpbwd ∪
 * byyzp ∪ tfkn) — each person counted in every group they hold on the reference day, so a person
 * who is both is in both and once in 合计 — against the 100 % the notice asks, with the change since
 * the previous month's dispatch when it is given; and the eight groups' 参保规范台账, person by person.
 */
import type { Category } from '../people/category.js';
import { CATEGORIES, CATEGORY_INFO, categoryBit, MONITORING_OBJECTS, maskOf } from '../people/category.js';
import type { Definition } from './cells.js';
import { col, count, documentOf, makeTable, PERSON_COLUMNS, rate, rateBarChart, row, TOWN_COLUMNS, townCells, townKey, totalsLead, yesNo } from './cells.js';
import { CLAUSE, enrollmentDefinitions, frameDefinitions } from './definitions.js';
import { ReportError } from './errors.js';
import { previousPeriod } from './period.js';
import { enrolledOn, heldOn, highestOf, rankedCategories, referenceDay, scopedPersons, sortTowns, townOf } from './population.js';
import { enrolledRate, rateColumns, TARGET_COLUMNS, targetCells } from './town-rates.js';
import type { Cell, ReportDocument, ReportInput, ReportTable, TableRow } from './types.js';

const TARGET = rate(100, 100);
const TUOPIN = categoryBit('tuopin');
const MONITORING = maskOf(MONITORING_OBJECTS);

type Group = 'tuopin' | 'monitoring' | 'all';
const GROUPS: readonly { id: Group; table: string; zh: string; en: string }[] = [
  { id: 'tuopin', table: 'dispatch-tuopin', zh: '脱贫人口参保月调度', en: 'Monthly enrollment of people out of poverty' },
  { id: 'monitoring', table: 'dispatch-monitoring', zh: '监测对象参保月调度', en: 'Monthly enrollment of monitoring objects' },
  { id: 'all', table: 'dispatch-all', zh: '脱贫人口及监测对象合计参保月调度', en: 'Monthly enrollment of both together' },
];

class Tally {
  members = 0;
  enrolled = 0;
  get counts(): { members: number; enrolled: number; notEnrolled: number } {
    return { members: this.members, enrolled: this.enrolled, notEnrolled: this.members - this.enrolled };
  }
}

function checkPrevious(input: ReportInput): ReportTable[] | undefined {
  const prev = input.previous;
  if (prev === undefined) return undefined;
  const want = previousPeriod(input.period).label;
  if (prev.kind !== 'dispatch' || prev.period.label !== want || prev.region.admdvs !== input.region.admdvs || prev.town !== input.town) {
    throw new ReportError(
      'previous-mismatch',
      `上期报表应为同一统筹区、同一范围 ${want} 的月调度，收到的是 ${prev.kind} ${prev.period.label}（${prev.region.admdvs}${prev.town === undefined ? '' : ` ${prev.town}`}）`,
      `the previous report must be the dispatch of ${want} for the same region and scope; got ${prev.kind} ${prev.period.label} (${prev.region.admdvs}${prev.town === undefined ? '' : ` ${prev.town}`})`,
    );
  }
  return [...prev.tables];
}

/** A cell of the previous month's table, or null. */
function previousCell(prev: readonly ReportTable[] | undefined, table: string, key: string, column: string): Cell {
  const t = prev?.find((x) => x.id === table);
  if (t === undefined) return null;
  const i = t.columns.findIndex((c) => c.key === column);
  const r = key === 'total' ? t.totals : t.rows.find((x) => x.key === key);
  return i < 0 || r === undefined ? null : (r.cells[i] ?? null);
}

function change(now: number, before: Cell): Cell {
  return before !== null && typeof before === 'object' && 'count' in before ? count(now - before.count) : null;
}

function dispatchTable(input: ReportInput, g: (typeof GROUPS)[number], towns: readonly string[], tallies: Map<string, Tally>, prev: readonly ReportTable[] | undefined): ReportTable {
  const line = (key: string, t: Tally | undefined): Cell[] => {
    const c = (t ?? new Tally()).counts;
    const pm = previousCell(prev, g.table, key, 'members');
    const pe = previousCell(prev, g.table, key, 'enrolled');
    const pn = previousCell(prev, g.table, key, 'notEnrolled');
    return [
      ...targetCells(c, TARGET),
      previousCell(prev, g.table, key, 'rate'), change(c.members, pm), change(c.enrolled, pe), change(c.notEnrolled, pn),
    ];
  };
  const rows: TableRow[] = towns.map((t) => row(townKey(t), [...townCells(input, t), ...line(townKey(t), tallies.get(`${t}|${g.id}`))]));
  return makeTable({
    id: g.table, zh: g.zh, en: g.en,
    columns: [
      ...TOWN_COLUMNS,
      ...rateColumns({ zh: '人数', en: 'members' }, { zh: '动态参保率', en: 'enrollment rate' }),
      ...TARGET_COLUMNS,
      col('previousRate', '上月参保率', 'last month\'s rate', 'rate'),
      col('changeMembers', '人数较上月增减', 'members: change', 'count'),
      col('changeEnrolled', '已参保较上月增减', 'enrolled: change', 'count'),
      col('changeNotEnrolled', '未参保较上月增减', 'not enrolled: change', 'count'),
    ],
    rows,
    totals: row('total', [...totalsLead(TOWN_COLUMNS.length), ...line('total', tallies.get(`*|${g.id}`))]),
  });
}

function heldNames(mask: number): string {
  return CATEGORIES.filter((c) => (mask & categoryBit(c)) !== 0).map((c) => CATEGORY_INFO[c].zh).join('、');
}

export function dispatchReport(input: ReportInput): ReportDocument {
  const prev = checkPrevious(input);
  const day = referenceDay(input);
  const persons = scopedPersons(input);
  const enrolled = enrolledOn(input, day);
  const ranked = rankedCategories(input.policy, day);
  const tallies = new Map<string, Tally>();
  const tally = (key: string): Tally => {
    let t = tallies.get(key);
    if (t === undefined) tallies.set(key, (t = new Tally()));
    return t;
  };
  const ledger: { town: string; village: string; psnNo: string; enrolled: boolean; cells: Cell[] }[] = [];
  persons.forEach((p, i) => {
    const mask = heldOn(p, day, input.policy);
    if (mask === 0) return;
    const town = townOf(p);
    const paid = enrolled[i];
    const isEnrolled = paid !== undefined;
    const groups: Group[] = [];
    if ((mask & TUOPIN) !== 0) groups.push('tuopin');
    if ((mask & MONITORING) !== 0) groups.push('monitoring');
    if (groups.length > 0) groups.push('all');
    for (const g of groups) {
      for (const t of [tally(`${town}|${g}`), tally(`*|${g}`)]) {
        t.members++;
        if (isEnrolled) t.enrolled++;
      }
    }
    const category: Category | undefined = highestOf(mask, ranked);
    if (category !== undefined) {
      ledger.push({
        town, village: p.village ?? '', psnNo: p.psnNo, enrolled: isEnrolled,
        cells: [...townCells(input, town), p.village ?? '', p.psnNo, p.name ?? '', p.certnoMasked ?? '', CATEGORY_INFO[category].zh, heldNames(mask), yesNo(isEnrolled), paid ?? ''],
      });
    }
  });
  const towns = sortTowns(persons.map(townOf));
  ledger.sort((a, b) => cmp(a.town === '' ? '\uffff' : a.town, b.town === '' ? '\uffff' : b.town) || cmp(a.village, b.village) || cmp(a.psnNo, b.psnNo));
  const enrolledInLedger = ledger.filter((l) => l.enrolled).length;
  const ledgerTable = makeTable({
    id: 'ledger', zh: '8类特殊人群医保参保规范台账', en: 'Enrollment ledger of the eight special groups', personal: true,
    columns: [
      ...PERSON_COLUMNS,
      col('category', '类别（就高）', 'category (highest-ranked)', 'text'),
      col('held', '持有身份', 'categories held', 'text'),
      col('enrolled', '是否参保', 'enrolled', 'text'),
      col('paidDate', '缴费日期', 'paid on', 'text'),
    ],
    rows: ledger.map((l) => row(l.psnNo, l.cells)),
    totals: row('total', [`合计 ${ledger.length} 人`, null, null, null, null, null, null, null, `已参保 ${enrolledInLedger} 人`, null]),
  });
  const tables = GROUPS.map((g) => dispatchTable(input, g, towns, tallies, prev));
  return documentOf(input, {
    definitions: [...frameDefinitions(input), ...enrollmentDefinitions(), ...dispatchDefinitions(input)],
    tables: [...tables, ledgerTable],
    charts: [
      rateBarChart(input, {
        id: 'towns-rate', zh: '各乡镇脱贫人口及监测对象动态参保率', en: 'Enrollment rate of both groups per township', towns,
        rates: towns.map((t) => enrolledRate((tallies.get(`${t}|all`) ?? new Tally()).counts)),
        target: { perMille: 1000, zh: '目标 100%', en: 'target 100 %' },
      }),
    ],
  });
}

function dispatchDefinitions(input: ReportInput): Definition[] {
  return [
    {
      term: '脱贫人口、监测对象 / people out of poverty, monitoring objects',
      text: '统计日持有脱贫人口身份的人员；统计日持有脱贫不稳定户、边缘易致贫户或突发严重困难户身份之一的人员（监测对象，含标注风险消除后12个月内的）。两类都持有的人两类都计入，在“合计”中只计一次。 / Persons holding tuopin on the reference day; persons holding tpbwd, byyzp or tfkn (monitoring objects, including the twelve months after a risk-elimination mark). A person holding both counts in both, and once in the total.',
      clause: CLAUSE.dispatch,
    },
    { term: '动态参保率 / enrollment rate', text: '已参保人数 ÷ 人数，目标100%。 / Enrolled ÷ members, target 100 %.', clause: CLAUSE.dispatch },
    {
      term: '较上月 / change since last month',
      text: input.previous === undefined
        ? '未提供上月月调度，本期不显示较上月的变化。 / No previous dispatch was given: no change is shown.'
        : `与 ${input.previous.period.label} 月调度（截止时间 ${input.previous.asOf}）同一乡镇、同一列相减；上月参保率照录上月报表。上月没有的乡镇为空。 / This month's figure less the same township's in the dispatch of ${input.previous.period.label} (cut-off ${input.previous.asOf}); last month's rate as that report gave it. Empty for a township it did not have.`,
    },
    {
      term: '8类特殊人群参保规范台账 / ledger of the eight groups',
      text: '统计日持有政策包排序所列类别（彭水为八类人群）的每一个人：地点、姓名、身份证号（脱敏）、就高类别、所持全部身份、是否参保及最早缴费日期。 / Every person holding a category of the pack\'s ranking (the eight groups in Pengshui) on the reference day: place, name, masked ID number, highest-ranked category, every category held, enrolled or not and the earliest paid date.',
      clause: CLAUSE.dispatch,
    },
  ];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
