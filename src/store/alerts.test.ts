import { beforeAll, describe, expect, it } from 'vitest';
import { maskCertno } from '../people/certno.js';
import { loadPacks } from '../policy/load.js';
import { RegionPolicies } from '../policy/regions.js';
import type { Actor, AlertRow, AlertStatus } from './alerts.js';
import { AlertError, alertEvents, checkTransition, closeAlert, getAlert, pushAlert, pushLists, raiseAlerts, rescreen, verifyAlert } from './alerts.js';
import type { Settlement } from '../benefits/types.js';
import type { Fen } from '../money/fen.js';
import type { IsoDateTime } from '../time/date.js';
import type { Db } from './db.js';
import { recompute } from './ledger.js';
import { migrate } from './migrate.js';
import { settleMany } from './settle-batch.js';
import { describeEachEngine } from './test-support/engines.js';

// demo-cq-pengshui: MON-CQ-1 raises at a year's personal burden of 2 × 7,000 = 14,000 yuan or more (illustrative)
const POLICIES = new RegionPolicies([loadPacks('demo-cq-pengshui')]);
const CERTNO = '500243196507240019';
const BUREAU: Actor = { username: 'clerk', role: 'bureau', ip: '127.0.0.1' };
const TOWN: Actor = { username: 'town1', role: 'township', ip: '127.0.0.1' };
const all = () => true;

async function person(db: Db, psnNo: string, town: string): Promise<void> {
  await db.query(`INSERT INTO persons (psn_no, admdvs, certno, psn_name, insuplc_admdvs, insu_tier, town_admdvs) VALUES ($1, '500243', $2, '张三', '500243', 1, $3)`, [
    psnNo, CERTNO, town,
  ]);
}

/** An inpatient stay (med_type 21) at a county hospital; amounts in yuan, policy scope 90 %. */
async function stay(db: Db, setlId: string, psnNo: string, time: string, totalYuan: number): Promise<void> {
  await db.query(
    `INSERT INTO settlements (setl_id, admdvs, psn_no, med_type, setl_time, hosp_lv, medfee_sumamt, inscp_scp_amt, content_hash)
     VALUES ($1, '500243', $2, '21', $3, '05', $4, $5, $1)`,
    [setlId, psnNo, time, totalYuan * 100, totalYuan * 90],
  );
}

const settle = (db: Db, psnNo: string, causedBy: string) => db.transaction((tx) => recompute(tx, POLICIES, [psnNo], { cause: 'late-settlement', causedBy }, { year: 2023 }));

async function alertsOf(db: Db, psnNo: string): Promise<AlertRow[]> {
  const rows = await db.query<{ alert_id: number }>('SELECT alert_id FROM alerts WHERE psn_no = $1 ORDER BY alert_id', [psnNo]);
  const out: AlertRow[] = [];
  for (const r of rows) out.push((await getAlert(db, r.alert_id)) as AlertRow);
  return out;
}

async function personalBurden(db: Db, psnNo: string): Promise<number> {
  const [r] = await db.query<{ s: number }>('SELECT coalesce(sum(psn_part_amt), 0)::bigint AS s FROM settlement_results WHERE psn_no = $1', [psnNo]);
  return r?.s ?? 0;
}

async function refused(p: Promise<unknown>): Promise<AlertError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AlertError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('checkTransition', () => {
  const statuses: AlertStatus[] = ['raised', 'pushed', 'verified', 'closed'];
  const legal = new Set(['raised>pushed', 'pushed>verified', 'verified>closed']);
  for (const from of statuses) {
    for (const to of statuses) {
      it(`${from} → ${to}: ${legal.has(`${from}>${to}`) ? 'allowed' : 'refused'}`, () => {
        if (legal.has(`${from}>${to}`)) expect(() => checkTransition(1, from, to)).not.toThrow();
        else expect(() => checkTransition(1, from, to)).toThrow(/预警 1 当前为「.+」，不能.+ \/ alert 1 is \w+: it cannot \w+/);
      });
    }
  }
});

describeEachEngine('alerts', (getDb) => {
  beforeAll(async () => {
    const db = getDb();
    await migrate(db);
    await person(db, 'A1', '500243001');
    await person(db, 'B1', '500243002');
    await person(db, 'C1', '500243001');
    await person(db, 'D1', '500243001');
    await person(db, 'E1', '500243002');
    await person(db, 'E2', '500243002');
  });

  it('the ledger raises nothing below the line and one alert when a settlement crosses it', async () => {
    const db = getDb();
    await stay(db, 'A-1', 'A1', '2023-03-01 09:00:00', 2_000);
    await settle(db, 'A1', 'A-1');
    expect(await alertsOf(db, 'A1')).toEqual([]);
    await stay(db, 'A-2', 'A1', '2023-05-01 09:00:00', 60_000);
    await settle(db, 'A1', 'A-2');
    const [a, more] = await alertsOf(db, 'A1');
    expect(more).toBeUndefined();
    const burden = await personalBurden(db, 'A1');
    expect(burden).toBeGreaterThanOrEqual(1_400_000);
    expect(a).toMatchObject({
      rule_id: 'MON-CQ-1', year: 2023, measure: 'personal', amount: burden, amount_at_alert: burden, threshold: 1_400_000, comparison: '>=',
      category: null, setl_id: 'A-2', alert_date: '2023-05-01', complete: true, push_to: 'rural_revitalisation,township', pack_id: 'demo-cq-pengshui',
      illustrative: true, status: 'raised', raised_by: 'system', town_admdvs: '500243001',
    });
    const events = await alertEvents(db, a?.alert_id ?? 0);
    expect(events).toMatchObject([{ from_status: null, to_status: 'raised', username: 'system' }]);
    expect(events[0]?.note).toContain('late-settlement A-2');
  });

  it('no duplicate while open: recomputing and re-screening raise nothing; a later settlement refreshes the amount', async () => {
    const db = getDb();
    await settle(db, 'A1', 'again');
    expect(await db.transaction((tx) => raiseAlerts(tx, POLICIES, ['A1'], 2023))).toEqual([]);
    await stay(db, 'A-3', 'A1', '2023-07-01 09:00:00', 3_000);
    await settle(db, 'A1', 'A-3');
    const list = await alertsOf(db, 'A1');
    expect(list).toHaveLength(1);
    expect(list[0]?.amount).toBe(await personalBurden(db, 'A1'));
    expect(list[0]?.amount_at_alert).toBeLessThan(list[0]?.amount ?? 0);
    expect(list[0]?.setl_id).toBe('A-2');
    // the unique partial index refuses a second open alert whatever the code does
    await expect(
      db.query(
        `INSERT INTO alerts (admdvs, psn_no, rule_id, rule_title, year, measure, amount, amount_at_alert, threshold, comparison, setl_id, alert_date, complete, clause, pack_id, pack_version, raised_by)
         SELECT admdvs, psn_no, rule_id, rule_title, year, measure, amount, amount_at_alert, threshold, comparison, setl_id, alert_date, complete, clause, pack_id, pack_version, 'x' FROM alerts WHERE psn_no = 'A1'`,
      ),
    ).rejects.toThrow(/alerts_open|duplicate|unique/);
  });

  it('walks raised → pushed → verified → closed, refusing every other step, each step with who and when', async () => {
    const db = getDb();
    const [a] = await alertsOf(db, 'A1');
    const id = a?.alert_id ?? 0;
    expect((await refused(verifyAlert(db, id, 'included', 'x', TOWN, all))).code).toBe('illegal-transition');
    expect((await refused(closeAlert(db, id, 'x', BUREAU, all))).message).toMatch(/不能办结.* \/ alert \d+ is raised: it cannot close/);
    // MON-CQ-1 pushes to 乡村振兴 and the township, not to civil affairs
    const wrong = await refused(pushAlert(db, id, 'civil_affairs', BUREAU, all));
    expect([wrong.status, wrong.code]).toEqual([409, 'wrong-department']);
    // another township's user: as if it did not exist
    expect((await refused(verifyAlert(db, id, 'included', 'x', TOWN, () => false))).status).toBe(404);
    const pushed = await pushAlert(db, id, 'rural_revitalisation', BUREAU, all);
    expect(pushed).toMatchObject({ status: 'pushed', department: 'rural_revitalisation', pushed_by: 'clerk' });
    expect(pushed.pushed_at).toBeInstanceOf(Date);
    expect((await refused(pushAlert(db, id, 'rural_revitalisation', BUREAU, all))).code).toBe('illegal-transition');
    expect((await refused(closeAlert(db, id, 'x', BUREAU, all))).code).toBe('illegal-transition');
    const verified = await verifyAlert(db, id, 'included', '已入户核实', TOWN, all);
    expect(verified).toMatchObject({ status: 'verified', outcome: 'included', verified_by: 'town1' });
    expect((await refused(verifyAlert(db, id, 'not_eligible', 'x', TOWN, all))).code).toBe('illegal-transition');
    expect((await refused(pushAlert(db, id, 'rural_revitalisation', BUREAU, all))).code).toBe('illegal-transition');
    const closed = await closeAlert(db, id, '已纳入监测，办结', BUREAU, all);
    expect(closed).toMatchObject({ status: 'closed', closed_by: 'clerk' });
    const steps = [() => pushAlert(db, id, 'rural_revitalisation', BUREAU, all), () => verifyAlert(db, id, 'included', 'x', TOWN, all), () => closeAlert(db, id, 'x', BUREAU, all)];
    for (const step of steps) {
      expect((await refused(step())).message).toMatch(/当前为「已办结」.* \/ alert \d+ is closed/);
    }
    const events = await alertEvents(db, id);
    expect(events.map((e) => [e.from_status, e.to_status, e.username, e.department, e.outcome, e.town_admdvs])).toEqual([
      [null, 'raised', 'system', null, null, null],
      ['raised', 'pushed', 'clerk', 'rural_revitalisation', null, '500243001'],
      ['pushed', 'verified', 'town1', 'rural_revitalisation', 'included', '500243001'],
      ['verified', 'closed', 'clerk', 'rural_revitalisation', 'included', '500243001'],
    ]);
    expect(events.every((e) => e.at instanceof Date)).toBe(true);
    expect(events[2]?.note).toBe('已入户核实');
    const pushes = await db.query<{ kind: string; alerts: number; department: string }>(`SELECT kind, alerts, department FROM alert_pushes ORDER BY push_id`);
    expect(pushes).toEqual([{ kind: 'single', alerts: 1, department: 'rural_revitalisation' }]);
    const trail = await db.query<{ action: string }>(`SELECT action FROM audit_log WHERE psn_no = 'A1' ORDER BY audit_id`);
    expect(trail.map((t) => t.action)).toEqual(['alert-raise', 'alert-push', 'alert-verify', 'alert-close']);
  });

  it('a closed alert is not raised again on the same data, but is when the rule fires on new data', async () => {
    const db = getDb();
    await settle(db, 'A1', 'same data');
    expect((await rescreen(db, POLICIES, 2023, BUREAU)).raised).toBe(0);
    expect(await alertsOf(db, 'A1')).toHaveLength(1);
    await stay(db, 'A-4', 'A1', '2023-09-01 09:00:00', 5_000);
    await settle(db, 'A1', 'A-4');
    const list = await alertsOf(db, 'A1');
    expect(list.map((a) => a.status)).toEqual(['closed', 'raised']);
    expect(list[1]?.amount).toBe(await personalBurden(db, 'A1'));
  });

  it('ID-3: a monitoring object whose risk was marked eliminated keeps the category for twelve months, and the alert says so', async () => {
    const db = getDb();
    await db.query(`INSERT INTO identities (admdvs, psn_no, idet_type, begndate, risk_elim_date) VALUES ('500243', 'C1', 'tpbwd', '2021-01-01', '2023-02-01')`);
    await db.query(`INSERT INTO identities (admdvs, psn_no, idet_type, begndate, risk_elim_date) VALUES ('500243', 'D1', 'tpbwd', '2021-01-01', '2022-01-15')`);
    for (const p of ['C1', 'D1']) {
      await stay(db, `${p}-1`, p, '2023-06-01 09:00:00', 120_000);
      await settle(db, p, `${p}-1`);
    }
    const [c] = await alertsOf(db, 'C1');
    expect(c).toMatchObject({ rule_id: 'MON-CQ-1', category: 'tpbwd', risk_elim_date: '2023-02-01', status: 'raised' });
    // more than twelve months after: no longer held, still raised (MON-CQ-1 names no category)
    const [d] = await alertsOf(db, 'D1');
    expect(d).toMatchObject({ rule_id: 'MON-CQ-1', category: null, risk_elim_date: null, status: 'raised' });
  });

  it('push lists: one per township, ID numbers masked unless unmasked by right, every push recorded and audited', async () => {
    const db = getDb();
    await stay(db, 'B-1', 'B1', '2023-04-01 09:00:00', 90_000);
    await settle(db, 'B1', 'B-1');
    const mask = (c: string | null) => maskCertno(c);
    // civil affairs: MON-CQ-1 does not push there
    const none = await pushLists(db, { department: 'civil_affairs', masked: true, mask }, BUREAU);
    expect(none.map((s) => s.rows.length)).toEqual([0]);
    const only001 = await pushLists(db, { department: 'rural_revitalisation', town: '500243001', year: 2023, masked: true, mask }, BUREAU);
    expect(only001.map((s) => s.town)).toEqual(['500243001']);
    expect(only001[0]?.rows.map((r) => [r[2], r[4], r[5], r[7], r[15]])).toEqual([
      ['A1', '500243********0019', '500243001', 'MON-CQ-1', '无'],
      ['C1', '500243********0019', '500243001', 'MON-CQ-1', '脱贫不稳定户'],
      ['D1', '500243********0019', '500243001', 'MON-CQ-1', '无'],
    ]);
    const rest = await pushLists(db, { department: 'rural_revitalisation', masked: false, mask }, { ...BUREAU, username: 'unmasker' });
    expect(rest.map((s) => [s.town, s.rows.map((r) => r[4])])).toEqual([['500243002', [CERTNO]]]);
    expect((await alertsOf(db, 'B1'))[0]).toMatchObject({ status: 'pushed', department: 'rural_revitalisation', pushed_by: 'unmasker' });
    const pushes = await db.query<{ push_id: number; town_admdvs: string | null; alerts: number; masked: boolean; kind: string; username: string; n: number }>(
      `SELECT push_id, town_admdvs, alerts, masked, kind, username, (SELECT count(*) FROM alert_push_items i WHERE i.push_id = p.push_id)::int AS n FROM alert_pushes p WHERE kind = 'list' ORDER BY push_id`,
    );
    expect(pushes.map(({ push_id: _, ...p }) => p)).toEqual([
      { town_admdvs: null, alerts: 0, masked: true, kind: 'list', username: 'clerk', n: 0 },
      { town_admdvs: '500243001', alerts: 3, masked: true, kind: 'list', username: 'clerk', n: 3 },
      { town_admdvs: '500243002', alerts: 1, masked: false, kind: 'list', username: 'unmasker', n: 1 },
    ]);
    const audits = await db.query<{ action: string; psn_no: string | null }>(`SELECT action, psn_no FROM audit_log WHERE action LIKE 'alert-push-list%' ORDER BY audit_id`);
    expect(audits.filter((a) => a.psn_no === 'B1').map((a) => a.action)).toEqual(['alert-push-list-unmasked']);
    expect(audits.filter((a) => a.psn_no === 'C1').map((a) => a.action)).toEqual(['alert-push-list']);
    // pushed alerts are in no later list
    const again = await pushLists(db, { department: 'rural_revitalisation', masked: true, mask }, BUREAU);
    expect(again.flatMap((s) => s.rows)).toEqual([]);
  });

  it('settlements of several persons settled together (group commit: settleMany through recompute) raise each person\u2019s alert', async () => {
    const db = getDb();
    const big = (setlId: string, psnNo: string): Settlement => ({
      setlId, psnNo, medType: '21', hospLv: '05', setlTime: '2023-08-01 10:00:00' as IsoDateTime, total: 8_000_000 as Fen, policyScope: 7_200_000 as Fen,
    });
    const answers = await settleMany(db, POLICIES, [{ input: { kind: 'settlement', settlement: big('E1-1', 'E1') } }, { input: { kind: 'settlement', settlement: big('E2-1', 'E2') } }]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled']);
    for (const p of ['E1', 'E2']) {
      const list = await alertsOf(db, p);
      expect(list.map((a) => [a.rule_id, a.setl_id, a.status, a.amount])).toEqual([['MON-CQ-1', `${p}-1`, 'raised', await personalBurden(db, p)]]);
    }
  });
});
