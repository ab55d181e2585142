import { beforeAll, expect, it } from 'vitest';
import { CaseError } from '../cases/workflow.js';
import { loadPacks } from '../policy/load.js';
import { RegionPolicies } from '../policy/regions.js';
import type { Actor } from './alerts.js';
import { auditTrail } from './audit.js';
import { personYearTotals } from './case-money.js';
import type { CaseRow } from './cases.js';
import { approveCase, caseEvents, caseLines, closeCase, decideCase, openCase, rejectCase, reviewCase, revokeCase, superviseCase } from './cases.js';
import type { IsoDate } from '../time/date.js';
import type { Db } from './db.js';
import { recompute } from './ledger.js';
import { migrate } from './migrate.js';
import { describeEachEngine } from './test-support/engines.js';
import { verifyLedger } from './verify.js';

// demo-cq-pengshui (500243): CASE-1 一事一议 and CASE-2 依申请救助 with the demo's illustrative levels [township, bureau];
// zj-yuecheng (330602) with its illustrative override (the draft leaves the assistance ratios to the
// province): CASE-3 一件事 from MON-YC-1 alerts (个人自付超过 50,000), the township ≥ 60 %.
const YUECHENG = new URL('../../policies/zj-yuecheng/examples/illustrative-override.yaml', import.meta.url).pathname;
const POLICIES = new RegionPolicies([loadPacks('demo-cq-pengshui'), loadPacks(YUECHENG)]);
const OFFICIAL = new RegionPolicies([loadPacks('cq-pengshui')]);
const BUREAU: Actor = { username: 'clerk', role: 'bureau', ip: '127.0.0.1' };
const TOWN: Actor = { username: 'town1', role: 'township', ip: '127.0.0.1' };
const all = () => true;
const TODAY = '2024-03-01' as IsoDate;

async function person(db: Db, psnNo: string, admdvs: string, category: string | null): Promise<void> {
  await db.query(`INSERT INTO persons (psn_no, admdvs, psn_name, insuplc_admdvs, insu_tier, town_admdvs) VALUES ($1, $2, '李四', $2, 1, $3)`, [psnNo, admdvs, `${admdvs}001`]);
  if (category !== null) await db.query(`INSERT INTO identities (psn_no, admdvs, idet_type, begndate) VALUES ($1, $2, $3, '2020-01-01')`, [psnNo, admdvs, category]);
}

/** An inpatient stay; yuan; policy scope 90 %; the basic and critical-illness payments given where the pack leaves them to the file. */
async function stay(db: Db, setlId: string, psnNo: string, admdvs: string, totalYuan: number, given?: { hifp: number; hifmi: number }): Promise<void> {
  await db.query(
    `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, hifp_pay, hifmi_pay, content_hash)
     VALUES ($1, $2, $3, '21', '2023-06-01 10:00:00', '05', $4, $5, $6, $7, $1)`,
    [setlId, admdvs, psnNo, totalYuan * 100, totalYuan * 90, given === undefined ? null : given.hifp * 100, given === undefined ? null : given.hifmi * 100],
  );
  await db.transaction((tx) => recompute(tx, POLICIES, [psnNo], { cause: 'late-settlement', causedBy: setlId }, { year: 2023 }));
}

async function refusal(p: Promise<unknown>): Promise<CaseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaseError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const open = (db: Db, psnNo: string, kindId: string, actor: Actor = BUREAU, policies = POLICIES) =>
  openCase(db, policies, { psnNo, kindId, year: 2023, reason: '突发重病，家庭基本生活困难', requested: 1_000_000 }, actor, all, TODAY);

describeEachEngine('cases', (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await migrate(db);
    await person(db, 'P1', '500243', 'tuopin');
    await person(db, 'P2', '500243', null);
    await person(db, 'P3', '500243', 'ybzp');
    await person(db, 'Y1', '330602', 'dibao');
    await person(db, 'Y2', '330602', 'dibao');
    await stay(db, 'P1-1', 'P1', '500243', 60_000);
    await stay(db, 'P3-1', 'P3', '500243', 30_000);
  });

  it('一事一议: applied → reviewed → township → bureau → approved → decided (booked) → revoked (recovered) → closed, every step recorded', async () => {
    const db = getDb();
    const c = await open(db, 'P1', 'CASE-1', TOWN);
    expect(c).toMatchObject({ status: 'applied', kind_id: 'CASE-1', case_type: 'special', category: 'tuopin', levels: 'township,bureau', requested: 1_000_000, illustrative: true });
    expect(c.clause).toMatch(/§三\(三\)3/);
    const id = c.case_id;
    expect((await reviewCase(db, id, true, '材料齐全', TOWN, all)).status).toBe('reviewed');
    expect(await approveCase(db, id, 'township', '乡镇同意', TOWN, all)).toMatchObject({ status: 'reviewed', approved_levels: 1 });
    // the bureau's level is not a township user's to record
    expect(await refusal(approveCase(db, id, undefined, undefined, TOWN, all))).toMatchObject({ kind: 'forbidden', code: 'wrong-role' });
    expect(await approveCase(db, id, 'bureau', '同意', BUREAU, all)).toMatchObject({ status: 'approved', approved_levels: 2 });

    const totals = await personYearTotals(db, 'P1', 2023);
    expect(totals.personal).toBeGreaterThan(0);
    // above the year's personal burden: refused, nothing booked
    const above = await refusal(decideCase(db, POLICIES, id, [{ source: 'donation', amount: totals.personal + 1 }], undefined, BUREAU, all, TODAY));
    expect(above).toMatchObject({ kind: 'invalid', code: 'above-cap' });
    expect(await refusal(decideCase(db, POLICIES, id, [{ source: 'treasury', amount: 100 }], undefined, BUREAU, all, TODAY))).toMatchObject({ code: 'wrong-source' });
    expect(await caseLines(db, { caseId: id })).toEqual([]);

    const { case: decided, decision } = await decideCase(db, POLICIES, id, [{ source: 'social_assistance', amount: 500_000 }, { source: 'donation', amount: 200_000 }], '议定', BUREAU, all, TODAY);
    expect(decided).toMatchObject({ status: 'decided', decided: 700_000, cap_measure: 'personal', cap_amount: totals.personal });
    expect(decision.total).toBe(700_000);
    expect((await caseLines(db, { caseId: id })).map((l) => [l.source, l.amount, l.cause])).toEqual([['social_assistance', 500_000, 'decision'], ['donation', 200_000, 'decision']]);
    const after = await personYearTotals(db, 'P1', 2023);
    expect(after).toMatchObject({ casesTotal: 700_000, cases: { social_assistance: 500_000, donation: 200_000 }, personalAfterCases: totals.personal - 700_000 });
    expect(await verifyLedger(db, POLICIES)).toEqual([]);

    await superviseCase(db, id, '抽查：材料不实', BUREAU, all);
    expect((await revokeCase(db, id, '监督检查发现申请材料不实', BUREAU, all)).status).toBe('revoked');
    expect((await caseLines(db, { caseId: id })).map((l) => [l.source, l.amount, l.cause])).toEqual([
      ['social_assistance', 500_000, 'decision'], ['donation', 200_000, 'decision'], ['social_assistance', -500_000, 'revocation'], ['donation', -200_000, 'revocation'],
    ]);
    expect((await personYearTotals(db, 'P1', 2023)).casesTotal).toBe(0);
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
    expect(await closeCase(db, id, undefined, BUREAU, all)).toMatchObject({ status: 'closed', closed_from: 'revoked' });
    expect(await refusal(closeCase(db, id, undefined, BUREAU, all))).toMatchObject({ kind: 'conflict', code: 'illegal-transition' });

    const events = await caseEvents(db, id);
    expect(events.map((e) => [e.action, e.from_status, e.to_status, e.level, e.username])).toEqual([
      ['open', null, 'applied', null, 'town1'],
      ['review', 'applied', 'reviewed', null, 'town1'],
      ['approve', 'reviewed', 'reviewed', 'township', 'town1'],
      ['approve', 'reviewed', 'approved', 'bureau', 'clerk'],
      ['decide', 'approved', 'decided', null, 'clerk'],
      ['supervise', 'decided', 'decided', null, 'clerk'],
      ['revoke', 'decided', 'revoked', null, 'clerk'],
      ['close', 'revoked', 'closed', null, 'clerk'],
    ]);
    const trail = await auditTrail(db, { psnNo: 'P1', limit: 100 });
    expect(trail.filter((e) => e.action.startsWith('case-')).map((e) => e.action).reverse()).toEqual([
      'case-open', 'case-review', 'case-approve', 'case-approve', 'case-decide', 'case-supervise', 'case-revoke', 'case-close',
    ]);
  });

  it('refuses a person without the kind\u2019s category, a second open case of a kind, a township outside its area, a [local] value unset', async () => {
    const db = getDb();
    expect(await refusal(open(db, 'P2', 'CASE-1'))).toMatchObject({ kind: 'invalid', code: 'not-eligible' });
    expect(await refusal(open(db, 'P1', 'CASE-9'))).toMatchObject({ kind: 'invalid', code: 'unknown-kind' });
    const c = await open(db, 'P1', 'CASE-1');
    expect(await refusal(open(db, 'P1', 'CASE-1'))).toMatchObject({ kind: 'conflict', code: 'case-open' });
    expect(await refusal(reviewCase(db, c.case_id, true, undefined, TOWN, () => false))).toMatchObject({ kind: 'not-found' });
    expect((await rejectCase(db, c.case_id, '不符合条件', TOWN, all)).status).toBe('rejected');
    // rejected: a new application may be made
    const again = await open(db, 'P1', 'CASE-1');
    expect(again.case_id).toBeGreaterThan(c.case_id);
    await rejectCase(db, again.case_id, '重复申请', BUREAU, all);
    // the official pack leaves the approval levels to the county: refused with the key and the note
    const unset = await refusal(open(db, 'P1', 'CASE-1', BUREAU, OFFICIAL));
    expect(unset).toMatchObject({ kind: 'unset', code: 'local-value-unset' });
    expect(unset.en).toMatch(/approval_levels/);
    expect(await refusal(openCase(db, POLICIES, { psnNo: 'P1', kindId: 'CASE-1', year: 2025, reason: 'x' }, BUREAU, all, TODAY))).toMatchObject({ code: 'future-year' });
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('依申请救助 is capped by the policy-scope personal burden left after every tier; two cases of a year share the cap', async () => {
    const db = getDb();
    const c = await open(db, 'P3', 'CASE-2');
    await reviewCase(db, c.case_id, true, undefined, BUREAU, all);
    await approveCase(db, c.case_id, undefined, undefined, BUREAU, all);
    await approveCase(db, c.case_id, undefined, undefined, BUREAU, all);
    const t = await personYearTotals(db, 'P3', 2023);
    expect(t.policyScopePersonal).toBeGreaterThan(0);
    expect(await refusal(decideCase(db, POLICIES, c.case_id, [{ source: 'medical_assistance', amount: t.policyScopePersonal + 1 }], undefined, BUREAU, all, TODAY))).toMatchObject({ code: 'above-cap' });
    const half = Math.floor(t.policyScopePersonal / 2);
    await decideCase(db, POLICIES, c.case_id, [{ source: 'medical_assistance', amount: half }], undefined, BUREAU, all, TODAY);
    await closeCase(db, c.case_id, undefined, BUREAU, all);
    // a second application the same year: only what is left
    const d = await open(db, 'P3', 'CASE-2');
    await reviewCase(db, d.case_id, true, undefined, BUREAU, all);
    await approveCase(db, d.case_id, undefined, undefined, BUREAU, all);
    await approveCase(db, d.case_id, undefined, undefined, BUREAU, all);
    const left = t.policyScopePersonal - half;
    expect(await refusal(decideCase(db, POLICIES, d.case_id, [{ source: 'medical_assistance', amount: left + 1 }], undefined, BUREAU, all, TODAY))).toMatchObject({ code: 'above-cap' });
    expect((await decideCase(db, POLICIES, d.case_id, [{ source: 'medical_assistance', amount: left }], undefined, BUREAU, all, TODAY)).decision.total).toBe(left);
    expect((await personYearTotals(db, 'P3', 2023)).casesTotal).toBe(t.policyScopePersonal);
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });

  it('一件事 follows a MON-YC-1 alert; the township bears at least 60 %', async () => {
    const db = getDb();
    // Y2: dibao, but no alert (burden below 50,000): no 一件事
    await stay(db, 'Y2-1', 'Y2', '330602', 20_000, { hifp: 10_000, hifmi: 0 });
    expect(await refusal(open(db, 'Y2', 'CASE-3'))).toMatchObject({ kind: 'invalid', code: 'no-alert' });
    // Y1: 300,000 yuan, 60,000 basic and 20,000 critical illness given, assistance at its 100,000 limit: the personal burden crosses 50,000
    await stay(db, 'Y1-1', 'Y1', '330602', 300_000, { hifp: 60_000, hifmi: 20_000 });
    expect((await personYearTotals(db, 'Y1', 2023)).personal).toBe(12_000_000);
    const [alert] = await db.query<{ alert_id: number; rule_id: string }>(`SELECT alert_id, rule_id FROM alerts WHERE psn_no = 'Y1'`);
    expect(alert?.rule_id).toBe('MON-YC-1');
    const c = await open(db, 'Y1', 'CASE-3');
    expect(c).toMatchObject({ alert_id: alert?.alert_id, case_type: 'one_thing', levels: 'leading_group', category: 'dibao', cap_measure: 'personal' });
    await reviewCase(db, c.case_id, true, undefined, BUREAU, all);
    await approveCase(db, c.case_id, 'leading_group', '领导小组会商同意', BUREAU, all);
    const share = (township: number) => [{ source: 'township', amount: township }, { source: 'treasury', amount: 3_000_000 - township }];
    expect(await refusal(decideCase(db, POLICIES, c.case_id, share(1_799_999), undefined, BUREAU, all, TODAY))).toMatchObject({ code: 'township-share' });
    const r = await decideCase(db, POLICIES, c.case_id, share(1_800_000), undefined, BUREAU, all, TODAY);
    expect(r.decision.lines).toEqual([{ source: 'township', amount: 1_800_000 }, { source: 'treasury', amount: 1_200_000 }]);
    expect((await closeCase(db, c.case_id, '已化解', BUREAU, all)) satisfies CaseRow).toMatchObject({ status: 'closed', closed_from: 'decided' });
    expect((await personYearTotals(db, 'Y1', 2023)).cases).toEqual({ township: 1_800_000, treasury: 1_200_000 });
    expect(await verifyLedger(db, POLICIES)).toEqual([]);
  });
});
