/**
 * One-stop settlement over HTTP: POST /api/v1/settlements, POST /api/v1/settlements/{setl_id}/reversal,
 * POST /api/v1/trial. Bodies use the NHSA field names; amounts are strings or numbers with at
 * most two decimals (yuan); answers give amounts as yuan strings with two decimals.
 */
import type { FastifyInstance } from 'fastify';
import type { Settlement } from '../../benefits/types.js';
import { parseCategory } from '../../people/category.js';
import type { IdentitySpan } from '../../people/identity.js';
import type { RegionPolicies } from '../../policy/regions.js';
import { Row } from '../../ingest/row.js';
import { settlementFromRow } from '../../ingest/settlement-row.js';
import { parseDate } from '../../time/date.js';
import { audit } from '../../store/audit.js';
import type { Db } from '../../store/db.js';
import type { SettlementInput } from '../../store/imports.js';
import type { AdjustmentLine } from '../../store/ledger.js';
import type { StoredSplit, TrialPerson } from '../../store/one-stop.js';
import { OneStopError, reverseOne, trial } from '../../store/one-stop.js';
import { SettleBatcher } from '../../store/settle-batch.js';
import { findPerson } from '../../store/person-record.js';
import { canSeePerson, requireRole, userOf } from '../auth.js';
import { badRequest } from '../errors.js';
import { FUND_PAY_TYPES, yuanOut } from '../format.js';

/** The settlement fields the API reads (NHSA SETL_D names). */
const FIELDS = [
  'setl_id', 'psn_no', 'med_type', 'setl_time', 'hosp_lv', 'medfee_sumamt', 'inscp_scp_amt', 'fulamt_ownpay_amt', 'overlmt_selfpay',
  'preselfpay_amt', 'hifp_pay', 'hifmi_pay',
] as const;
const COLUMNS = new Map<string, number>(FIELDS.map((f, i) => [f, i]));

const amount = { type: ['string', 'number'], description: '元，最多两位小数 / yuan, at most two decimals', examples: ['12345.67'] } as const;
/** Text of at most maxLength characters, without NUL (which PostgreSQL text cannot hold: a 400 here, not a 500 from the store). */
const text = (maxLength: number, description: string) => ({ type: 'string', maxLength, pattern: '^[^\\u0000]*$', description }) as const;

const SETTLEMENT_BODY = {
  type: 'object',
  required: ['setl_id', 'psn_no', 'med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt'],
  properties: {
    setl_id: text(30, '结算ID'),
    psn_no: text(30, '人员编号'),
    med_type: text(10, '医疗类别 (11 普通门诊, 14 门诊慢特病, 21 普通住院 …)'),
    setl_time: text(19, '结算时间 yyyy-MM-dd HH:mm:ss'),
    hosp_lv: text(10, '医院等级'),
    medfee_sumamt: amount,
    inscp_scp_amt: amount,
    fulamt_ownpay_amt: amount,
    overlmt_selfpay: amount,
    preselfpay_amt: amount,
    hifp_pay: { ...amount, description: '基本医保统筹支付（已由国家平台算出时给出）/ basic insurance, when already computed' },
    hifmi_pay: { ...amount, description: '大病保险支付（已由承保机构算出时给出）/ critical illness, when already computed' },
  },
  additionalProperties: true,
} as const;

/** A JSON body as a row of the batch reader: the same validation, the same reasons. */
function rowOf(body: Record<string, unknown>, overrides: Record<string, string> = {}): Row {
  const fields = FIELDS.map((f) => {
    if (overrides[f] !== undefined) return overrides[f];
    const v = body[f];
    return v === undefined || v === null ? '' : typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '\u0000';
  });
  return new Row('body', 1, fields, COLUMNS);
}

function parseSettlement(body: Record<string, unknown>, overrides: Record<string, string> = {}): Extract<SettlementInput, { kind: 'settlement' }> {
  const row = rowOf(body, overrides);
  const rec = settlementFromRow(row);
  const part = (f: string) => row.money(f, { required: false });
  const parts = { fullOwnPay: part('fulamt_ownpay_amt'), overLimitSelfPay: part('overlmt_selfpay'), preSelfPay: part('preselfpay_amt') };
  if (!row.ok || rec === undefined || rec.kind !== 'settlement') {
    const details = row.rejects.map((r) => ({ field: r.field, reason: r.reason }));
    throw badRequest(`结算数据有误 / the settlement is not valid: ${details.map((d) => `${d.field}: ${d.reason}`).join('; ')}`, details, details[0]?.field);
  }
  return { kind: 'settlement', settlement: rec.settlement, ...parts };
}

function adjustmentOut(a: AdjustmentLine) {
  return {
    setl_id: a.setlId, psn_no: a.psnNo, tier: a.tier, amount: yuanOut(a.amount), kind: a.amount > 0 ? '补付' : '追回', cause: a.cause,
    caused_by: a.causedBy, reason: a.reason, pack_id: a.packId, pack_version: a.packVersion,
  };
}

/** The split as the API answers it: NHSA names, yuan strings, and the fund detail lines. */
export function splitOut(s: Settlement, split: Pick<StoredSplit, 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance' | 'fundTotal' | 'personal' | 'policyScopePersonal' | 'packId' | 'packVersion' | 'procInfo'>, illustrative: boolean) {
  const byTier = { basic: split.basic, critical_illness: split.criticalIllness, assistance: split.assistance, re_assistance: split.reAssistance };
  return {
    setl_id: s.setlId,
    psn_no: s.psnNo,
    med_type: s.medType,
    setl_time: s.setlTime,
    medfee_sumamt: yuanOut(s.total),
    inscp_scp_amt: yuanOut(s.policyScope),
    hifp_pay: yuanOut(split.basic),
    hifmi_pay: yuanOut(split.criticalIllness),
    maf_pay: yuanOut(split.assistance + split.reAssistance),
    maf_assist_pay: yuanOut(split.assistance),
    maf_reassist_pay: yuanOut(split.reAssistance),
    fund_pay_sumamt: yuanOut(split.fundTotal),
    psn_part_amt: yuanOut(split.personal),
    inscp_psn_part_amt: yuanOut(split.policyScopePersonal),
    pack_id: split.packId,
    pack_version: split.packVersion,
    illustrative,
    setl_proc_info: split.procInfo,
    setldetail: FUND_PAY_TYPES.filter((f) => byTier[f.tier] !== 0).map((f) => ({ fund_pay_type: f.code, fund_pay_type_name: f.name, fund_payamt: yuanOut(byTier[f.tier]) })),
  };
}

function identityOf(v: unknown, i: number): IdentitySpan {
  const o = (v ?? {}) as Record<string, unknown>;
  const category = typeof o['idet_type'] === 'string' ? parseCategory(o['idet_type']) : undefined;
  if (category === undefined) throw badRequest(`identities[${i}].idet_type 不是已知的身份类别 / not a known category`, undefined, `identities.${i}.idet_type`);
  const begin = typeof o['begndate'] === 'string' ? parseDate(o['begndate']) : undefined;
  if (begin === undefined) throw badRequest(`identities[${i}].begndate 应为日期 / must be a date`, undefined, `identities.${i}.begndate`);
  const end = typeof o['enddate'] === 'string' && o['enddate'] !== '' ? parseDate(o['enddate']) : undefined;
  if (typeof o['enddate'] === 'string' && o['enddate'] !== '' && end === undefined) throw badRequest(`identities[${i}].enddate 应为日期 / must be a date`);
  const level = typeof o['idet_lv'] === 'number' ? o['idet_lv'] : undefined;
  return { category, begin, end, level };
}

export interface SettlementRoutes {
  readonly db: Db;
  readonly policies: RegionPolicies;
}

export function settlementRoutes(app: FastifyInstance, ctx: SettlementRoutes): void {
  const { db, policies } = ctx;
  // settlements of different persons in flight together are stored in one transaction (group commit)
  const batcher = new SettleBatcher(db, policies);

  app.post('/api/v1/settlements', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['settlements'],
      summary: '一站式结算 / settle one settlement',
      description: '201 with the split; the same setl_id and body again → 200 with the same result; the same setl_id with another body → 409.',
      body: SETTLEMENT_BODY,
    },
  }, async (request, reply) => {
    const input = parseSettlement(request.body as Record<string, unknown>);
    const user = userOf(request);
    // the audit line ('settle' or 'settle-replay') is written in the settlement's transaction
    const r = await batcher.submit({ input, audit: { username: user.username, role: user.role, ip: request.ip } });
    return reply.status(r.status === 'created' ? 201 : 200).send({ ...splitOut(r.settlement, r.split, r.illustrative), adjustments: r.adjustments.map(adjustmentOut) });
  });

  app.post('/api/v1/settlements/:setl_id/reversal', {
    preHandler: requireRole('admin', 'bureau'),
    schema: {
      tags: ['settlements'],
      summary: '结算撤销 / reverse a settlement',
      description: 'Cancels the settlement and answers with the adjustment lines it caused (its payments recovered, the person-year recomputed). Repeating it with the same reversal setl_id answers the same.',
      params: { type: 'object', required: ['setl_id'], properties: { setl_id: text(30, '被撤销的结算ID') } },
      body: { type: ['object', 'null'], properties: { setl_id: text(30, '撤销记录自身的结算ID（缺省为 原结算ID-R）/ the reversal\u2019s own setl_id') }, additionalProperties: true },
    },
  }, async (request, reply) => {
    const { setl_id: target } = request.params as { setl_id: string };
    const body = (request.body ?? {}) as { setl_id?: string };
    const r = await reverseOne(db, policies, target, body.setl_id === undefined || body.setl_id === '' ? undefined : body.setl_id);
    const user = userOf(request);
    await audit(db, { username: user.username, role: user.role, action: 'reverse', admdvs: r.admdvs, psnNo: r.psnNo, target: `${r.reversalId} → ${target}`, ip: request.ip });
    return reply.status(r.status === 'created' ? 201 : 200).send({ setl_id: r.reversalId, init_setl_id: r.target, psn_no: r.psnNo, adjustments: r.adjustments.map(adjustmentOut) });
  });

  app.post('/api/v1/trial', {
    preHandler: requireRole('admin', 'bureau', 'township'),
    schema: {
      tags: ['settlements'],
      summary: '试算 / trial calculation (nothing stored)',
      description:
        'For a stored person (psn_no: their identities and the year\u2019s settlements count) or a hypothetical one (insuplc_admdvs and identities instead of psn_no). The settlement fields as for POST /settlements; setl_id may be omitted.',
      body: {
        type: 'object',
        required: ['med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt'],
        properties: {
          ...SETTLEMENT_BODY.properties,
          insuplc_admdvs: { type: 'string', pattern: '^[0-9]{6}$', description: '参保地医保区划（假设人员）' },
          insu_tier: { type: 'integer', minimum: 1, maximum: 2 },
          identities: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'object',
              required: ['idet_type', 'begndate'],
              properties: { idet_type: { type: 'string', maxLength: 40 }, begndate: { type: 'string' }, enddate: { type: 'string' }, idet_lv: { type: 'integer', minimum: 1, maximum: 4 } },
            },
          },
        },
        additionalProperties: true,
      },
    },
  }, async (request) => {
    const body = request.body as Record<string, unknown>;
    const psnNo = typeof body['psn_no'] === 'string' && body['psn_no'] !== '' ? body['psn_no'] : undefined;
    let person: TrialPerson;
    if (psnNo !== undefined) {
      const p = await findPerson(db, psnNo);
      const user = userOf(request);
      if (p === undefined || !canSeePerson(user, p)) throw new OneStopError(404, 'not-found', `人员 ${psnNo} 不存在 / no person ${psnNo}`);
      await audit(db, { username: user.username, role: user.role, action: 'trial', admdvs: p.admdvs, psnNo, ip: request.ip });
      person = { kind: 'stored', psnNo };
    } else {
      const admdvs = body['insuplc_admdvs'];
      if (typeof admdvs !== 'string') throw badRequest('试算假设人员需给出 insuplc_admdvs / a hypothetical person needs insuplc_admdvs', undefined, 'insuplc_admdvs');
      const list = Array.isArray(body['identities']) ? (body['identities'] as unknown[]) : [];
      person = { kind: 'hypothetical', admdvs, identities: list.map(identityOf), insuredTier: typeof body['insu_tier'] === 'number' ? body['insu_tier'] : undefined };
    }
    const input = parseSettlement(body, { setl_id: typeof body['setl_id'] === 'string' && body['setl_id'] !== '' ? body['setl_id'] : 'TRIAL', psn_no: psnNo ?? 'TRIAL' });
    const r = await trial(db, policies, person, input.settlement);
    const split = { ...r.result, procInfo: r.procInfo } as const;
    return { trial: true, ...splitOut(input.settlement, split, r.illustrative) };
  });
}

