/**
 * REP-3 季度评比 (000 §四(四)): the townships ranked on the two things the notice rates — the
 * enrollment completion rate and the eight groups' 动态清零. The notice gives no weights or scores
 * ([local]); we rank lexicographically: completion rate (exact, descending), then the eight groups'
 * members not enrolled (ascending); townships equal on both share a rank and are listed by code.
 */
import { col, count, documentOf, makeTable, rateBarChart, row, TOWN_COLUMNS, townCells, townKey, totalsLead } from './cells.js';
import { CLAUSE } from './definitions.js';
import type { EnrollmentFacts } from './enrollment-facts.js';
import { countsOf, enrollmentFacts } from './enrollment-facts.js';
import { completionDefinitions, TARGET_ALL } from './enrollment.js';
import { compareRates } from './format.js';
import { clearedCell, countCells, enrolledRate, metCell } from './town-rates.js';
import type { Cell, Rate, ReportDocument, ReportInput } from './types.js';

interface Standing {
  readonly town: string;
  readonly completion: Rate;
  readonly groupsNotEnrolled: number;
}

/** Better first: higher completion rate, then fewer of the eight groups not enrolled, then the code. */
function order(a: Standing, b: Standing): number {
  return compareRates(b.completion, a.completion) || a.groupsNotEnrolled - b.groupsNotEnrolled || (a.town < b.town ? -1 : a.town > b.town ? 1 : 0);
}

/** The ranked townships (competition ranking: equal standing, equal rank; 1, 1, 3). The unknown township is not ranked. */
export function rankTowns(f: EnrollmentFacts): { town: string; rank: number }[] {
  const standings: Standing[] = f.towns.filter((t) => t !== '').map((town) => {
    const all = countsOf(f, town, 'all');
    return { town, completion: enrolledRate(all), groupsNotEnrolled: countsOf(f, town, 'categories').notEnrolled };
  });
  standings.sort(order);
  const out: { town: string; rank: number }[] = [];
  standings.forEach((s, i) => {
    const prev = standings[i - 1];
    const tied = prev !== undefined && compareRates(prev.completion, s.completion) === 0 && prev.groupsNotEnrolled === s.groupsNotEnrolled;
    out.push({ town: s.town, rank: tied ? (out[i - 1]?.rank ?? i + 1) : i + 1 });
  });
  return out;
}

export function ratingReport(input: ReportInput): ReportDocument {
  const f = enrollmentFacts(input);
  const ranked = rankTowns(f);
  const line = (town: string | null): Cell[] => {
    const all = countsOf(f, town, 'all');
    const g = countsOf(f, town, 'categories');
    const completion = enrolledRate(all);
    return [count(all.members), count(all.enrolled), completion, metCell(completion, TARGET_ALL), ...countCells(g), clearedCell(g)];
  };
  const rows = ranked.map(({ town, rank }) => row(townKey(town), [count(rank), ...townCells(input, town), ...line(town)]));
  if (f.towns.includes('')) rows.push(row(townKey(''), [null, ...townCells(input, ''), ...line('')]));
  const table = makeTable({
    id: 'rating', zh: '乡镇街道季度评比排名', en: 'Township ranking of the quarter',
    columns: [
      col('rank', '名次', 'rank', 'count'),
      ...TOWN_COLUMNS,
      col('members', '登记人员', 'persons in the registry', 'count'),
      col('enrolled', '已参保', 'enrolled', 'count'),
      col('rate', '参保完成率', 'completion rate', 'rate'),
      col('met', '是否达到95%', '95 % met', 'text'),
      col('groupMembers', '八类人群人数', 'members of the eight groups', 'count'),
      col('groupEnrolled', '八类人群已参保', 'of them enrolled', 'count'),
      col('groupNotEnrolled', '八类人群未参保（待清零）', 'of them not enrolled (to clear)', 'count'),
      col('groupRate', '八类人群参保率', 'their enrollment rate', 'rate'),
      col('cleared', '是否动态清零', 'cleared', 'text'),
    ],
    rows,
    totals: row('total', [...totalsLead(1 + TOWN_COLUMNS.length), ...line(null)]),
  });
  return documentOf(input, {
    definitions: [
      ...completionDefinitions(input),
      {
        term: '名次 / rank',
        text: '通知要求对乡镇街道参保完成率和八类人群动态清零完成情况实行季度评比，但未规定评分方法或权重（本地参数 [local]）。本报表的解释：先按参保完成率（精确分数）由高到低，完成率相同的再按八类人群未参保人数由少到多；两项都相同的名次相同（如 1、1、3），按乡镇代码列出。未登记乡镇的人员列在最后，不参加排名。局方确定评分办法后应以其为准。 / The notice rates townships on the completion rate and the eight groups\' clearing each quarter but gives no scoring or weights ([local]). Our interpretation: completion rate (exact) descending, then the eight groups\' members not enrolled ascending; equal on both, equal rank (1, 1, 3), listed by code. Persons without a township are listed last, unranked. A bureau\'s scoring rule replaces this.',
        clause: CLAUSE.rating,
      },
    ],
    tables: [table],
    charts: [
      rateBarChart(input, {
        id: 'rating-rate', zh: '各乡镇参保完成率（按名次）', en: 'Completion rate per township, in rank order', towns: ranked.map((r) => r.town),
        rates: ranked.map(({ town }) => enrolledRate(countsOf(f, town, 'all'))),
        target: { perMille: 950, zh: '目标 95%', en: 'target 95 %' },
      }),
    ],
  });
}
