/**
 * REP-7 户籍人员参保率 (Guangxi 003 §一(二) «户籍人员参保率稳定在97%以上»): per township and for the
 * scope, the rate of the registry's persons enrolled in resident insurance, against 97 %. The data
 * holds no household register: the persons the bureau's store holds for the region stand for 户籍人员.
 */
import { documentOf, rate, rateBarChart } from './cells.js';
import { CLAUSE, enrollmentDefinitions, frameDefinitions } from './definitions.js';
import { countsOf, enrollmentFacts } from './enrollment-facts.js';
import { enrolledRate, townRateDefinition, townRatesTable } from './town-rates.js';
import type { ReportDocument, ReportInput } from './types.js';

export const TARGET_HOUSEHOLD = rate(97, 100);

export function householdReport(input: ReportInput): ReportDocument {
  const f = enrollmentFacts(input);
  return documentOf(input, {
    definitions: [
      ...frameDefinitions(input),
      ...enrollmentDefinitions().filter((d) => d.term.startsWith('登记人员') || d.term.startsWith('已参保') || d.term.startsWith('未参保')),
      {
        term: '户籍人员 / registered residents',
        text: '数据中没有公安户籍登记：以医保局数据库中登记在本统筹区的人员（登记人员）代表户籍人员。不在名册中的户籍人口（从未登记参保信息的人）无法计入分母，故本比率可能高于按公安户籍口径计算的参保率。 / The data holds no household register: the persons the bureau\'s store holds for the region stand for 户籍人员. Registered residents the bureau has never recorded cannot be in the denominator, so this rate may be above one computed on the police household register.',
        clause: CLAUSE.household,
      },
      townRateDefinition('户籍人员参保率 / enrollment rate of registered residents', '97%', CLAUSE.household),
    ],
    tables: [townRatesTable(input, f, { id: 'towns', zh: '各乡镇户籍人员参保率', en: 'Enrollment rate of registered residents per township', rateZh: '参保率', rateEn: 'enrollment rate', target: TARGET_HOUSEHOLD })],
    charts: [
      rateBarChart(input, {
        id: 'towns-rate', zh: '各乡镇户籍人员参保率', en: 'Enrollment rate per township', towns: f.towns,
        rates: f.towns.map((t) => enrolledRate(countsOf(f, t, 'all'))),
        target: { perMille: 970, zh: '目标 97%', en: 'target 97 %' },
      }),
    ],
  });
}
