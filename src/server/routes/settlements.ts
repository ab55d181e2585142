/**
 * One-stop settlement over HTTP: POST /api/v1/settlements, GET /api/v1/settlements/{setl_id} (the
 * one-stop settlement bill, 一单制), POST /api/v1/settlements/{setl_id}/reversal, POST /api/v1/trial.
 * Bodies use the NHSA field names; amounts are strings or numbers with at most two decimals (yuan);
 * answers give amounts as yuan strings with two decimals.
 */
import type { FastifyInstance } from 'fastify';
import type { Settlement } from '../../benefits/types.js';
import type { Fen } from '../../money/fen.js';
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
import type { PersonRow } from '../../store/person-record.js';
import { findPerson } from '../../store/person-record.js';
import type { SettlementRecord, StoredAdjustment } from '../../store/settlement-record.js';
import { settlementRecord } from '../../store/settlement-record.js';
import { settlementOfRow } from '../../store/ledger.js';
import { canSeePerson, ERROR_SCHEMA, requireRole, userOf } from '../auth.js';
import { badRequest, HttpError } from '../errors.js';
import { FUND_PAY_TYPES, iso, yuanOut } from '../format.js';
import { maskCertno } from '../mask.js';

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

const money = { type: ['string', 'null'], description: '元，两位小数 / yuan, two decimals' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const TIER_AMOUNTS = ['hifp_pay', 'hifmi_pay', 'maf_assist_pay', 'maf_reassist_pay', 'maf_pay', 'fund_pay_sumamt'] as const;
const tierAmountsSchema = (description: string) => ({
  type: ['object', 'null'], description, required: [...TIER_AMOUNTS],
  properties: Object.fromEntries(TIER_AMOUNTS.map((k) => [k, money])),
}) as const;
const ADJUSTMENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, setl_id: { type: 'string' }, psn_no: { type: 'string' }, tier: { type: 'string', enum: ['basic', 'critical_illness', 'assistance', 're_assistance'] },
    amount: money, kind: { type: 'string', enum: ['补付', '追回'] }, cause: { type: 'string' }, caused_by: nullableText, reason: { type: 'string' },
    pack_id: { type: 'string' }, pack_version: { type: 'string' }, created_at: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'setl_id', 'tier', 'amount', 'kind', 'cause', 'caused_by', 'reason'],
} as const;

/** GET /api/v1/settlements/{setl_id}: the one-stop settlement bill (docs/api.md). */
const BILL_SCHEMA = {
  type: 'object',
  properties: {
    setl_id: { type: 'string' }, psn_no: { type: 'string' }, med_type: nullableText, setl_time: { ...nullableText, description: 'yyyy-MM-dd HH:mm:ss' },
    medfee_sumamt: money, inscp_scp_amt: money,
    hifp_pay: money, hifmi_pay: money, maf_pay: money, maf_assist_pay: money, maf_reassist_pay: money, fund_pay_sumamt: money, psn_part_amt: money, inscp_psn_part_amt: money,
    pack_id: nullableText, pack_version: nullableText, illustrative: { type: 'boolean' },
    setl_proc_info: { ...nullableText, description: '计算过程（各层次规则、条款、基数、起付线、分段比例、限额）/ the trace: every tier\u2019s rule, clause, base, deductible, bands, cap' },
    setldetail: {
      type: 'array',
      items: { type: 'object', properties: { fund_pay_type: { type: 'string' }, fund_pay_type_name: { type: 'string' }, fund_payamt: money }, required: ['fund_pay_type', 'fund_pay_type_name', 'fund_payamt'] },
    },
    setl_proc_lines: { type: 'array', items: { type: 'string' }, description: 'setl_proc_info split at " | ": one line per tier, then the personal part and the pack' },
    hosp_lv: nullableText, fulamt_ownpay_amt: money, overlmt_selfpay: money, preselfpay_amt: money,
    given: { type: 'object', description: '结算数据已给出的层次（空为本系统计算）/ tiers given by the input (null = computed here)', properties: { hifp_pay: money, hifmi_pay: money }, required: ['hifp_pay', 'hifmi_pay'] },
    refd_setl_flag: { type: 'boolean', description: '本条是撤销记录 / this row is itself a reversal' },
    init_setl_id: { ...nullableText, description: '撤销记录所撤销的结算 / the settlement a reversal cancels' },
    settled: { type: 'boolean', description: '有当前结算结果 / has a current split (false: reversed, refused, or a reversal row)' },
    problem: {
      type: ['object', 'null'], description: '未能结算的原因 / why the engine did not settle it',
      properties: { code: { type: 'string' }, field: { type: 'string' }, reason: { type: 'string' } }, required: ['code', 'field', 'reason'],
    },
    reversed: { type: 'boolean' },
    reversed_by: { ...nullableText, description: '撤销它的结算ID / the reversal\u2019s setl_id' },
    reversed_at: { ...nullableText, format: 'date-time' },
    person: {
      type: 'object',
      properties: {
        psn_no: { type: 'string' }, psn_name: nullableText, certno: { ...nullableText, description: '脱敏 / masked' }, admdvs: { type: 'string' }, insuplc_admdvs: nullableText,
        town_admdvs: nullableText, village_admdvs: nullableText,
      },
      required: ['psn_no', 'psn_name', 'certno', 'admdvs', 'insuplc_admdvs', 'town_admdvs', 'village_admdvs'],
    },
    first_payment: {
      ...tierAmountsSchema('首次结算支付（此后的变化为调整行）/ what it paid when first booked; later changes are the adjustment lines'),
      properties: { ...Object.fromEntries(TIER_AMOUNTS.map((k) => [k, money])), pack_id: { type: 'string' }, pack_version: { type: 'string' }, booked_at: { type: 'string', format: 'date-time' } },
    },
    net_paid: { ...tierAmountsSchema('已支付净额 = 首次支付 + 本结算的调整行 / paid so far: the first payment plus the adjustment lines on it'), type: 'object' },
    adjustments: { type: 'array', items: ADJUSTMENT_SCHEMA, description: '本结算上的调整行（补付 / 追回）/ adjustment lines booked on this settlement' },
    caused_adjustments: { type: 'array', items: ADJUSTMENT_SCHEMA, description: '本结算（补传）或其撤销引起的、本人其他结算上的调整行 / lines on the person\u2019s other settlements caused by this one or by its reversal' },
    received_at: { type: 'string', format: 'date-time' },
    computed_at: { ...nullableText, format: 'date-time' },
    batch_id: { type: ['integer', 'null'] },
  },
  required: [
    'setl_id', 'psn_no', 'med_type', 'setl_time', 'medfee_sumamt', 'inscp_scp_amt', 'hifp_pay', 'hifmi_pay', 'maf_pay', 'maf_assist_pay', 'maf_reassist_pay', 'fund_pay_sumamt',
    'psn_part_amt', 'inscp_psn_part_amt', 'pack_id', 'pack_version', 'illustrative', 'setl_proc_info', 'setldetail', 'setl_proc_lines', 'settled', 'problem', 'reversed',
    'reversed_by', 'person', 'first_payment', 'net_paid', 'adjustments', 'caused_adjustments',
  ],
} as const;

function storedAdjustmentOut(a: StoredAdjustment) {
  return { id: a.adjustmentId, ...adjustmentOut(a), caused_by: a.causedBy === '' ? null : a.causedBy, created_at: a.createdAt.toISOString() };
}

function tierAmountsOut(a: { hifp_pay: number; hifmi_pay: number; maf_assist_pay: number; maf_reassist_pay: number }) {
  const maf = a.maf_assist_pay + a.maf_reassist_pay;
  return {
    hifp_pay: yuanOut(a.hifp_pay), hifmi_pay: yuanOut(a.hifmi_pay), maf_assist_pay: yuanOut(a.maf_assist_pay), maf_reassist_pay: yuanOut(a.maf_reassist_pay),
    maf_pay: yuanOut(maf), fund_pay_sumamt: yuanOut(a.hifp_pay + a.hifmi_pay + maf),
  };
}

/**
 * The one-stop settlement bill (一单制) of a stored settlement: the split exactly as POST
 * /api/v1/settlements answers it (splitOut, from the stored result and trace), the settlement's
 * other inputs, the person (ID number masked), why it is not settled, its reversal, its first
 * payment and what has been paid net of the adjustment lines, and the lines themselves.
 */
export function settlementBill(rec: SettlementRecord, person: PersonRow, illustrative: boolean) {
  const s = rec.settlement;
  const r = rec.result;
  const unsettled = {
    setl_id: s.setl_id, psn_no: s.psn_no, med_type: s.med_type, setl_time: s.setl_time, medfee_sumamt: yuanOut(s.medfee_sumamt), inscp_scp_amt: yuanOut(s.inscp_scp_amt),
    hifp_pay: null, hifmi_pay: null, maf_pay: null, maf_assist_pay: null, maf_reassist_pay: null, fund_pay_sumamt: null, psn_part_amt: null, inscp_psn_part_amt: null,
    pack_id: null, pack_version: null, illustrative, setl_proc_info: null, setldetail: [],
  };
  const split = r === undefined
    ? unsettled
    : splitOut(settlementOfRow(s), {
      basic: r.hifp_pay as Fen, criticalIllness: r.hifmi_pay as Fen, assistance: r.maf_assist_pay as Fen, reAssistance: r.maf_reassist_pay as Fen,
      fundTotal: r.fund_pay_sumamt as Fen, personal: r.psn_part_amt as Fen, policyScopePersonal: r.inscp_psn_part_amt as Fen, packId: r.pack_id, packVersion: r.pack_version,
      procInfo: r.setl_proc_info,
    }, illustrative);
  const net = { hifp_pay: rec.payment?.hifp_pay ?? 0, hifmi_pay: rec.payment?.hifmi_pay ?? 0, maf_assist_pay: rec.payment?.maf_assist_pay ?? 0, maf_reassist_pay: rec.payment?.maf_reassist_pay ?? 0 };
  const column = { basic: 'hifp_pay', critical_illness: 'hifmi_pay', assistance: 'maf_assist_pay', re_assistance: 'maf_reassist_pay' } as const;
  for (const a of rec.adjustments) net[column[a.tier]] += a.amount;
  return {
    ...split,
    setl_proc_lines: r === undefined ? [] : r.setl_proc_info.split(' | '),
    hosp_lv: s.hosp_lv,
    fulamt_ownpay_amt: yuanOut(s.fulamt_ownpay_amt),
    overlmt_selfpay: yuanOut(s.overlmt_selfpay),
    preselfpay_amt: yuanOut(s.preselfpay_amt),
    given: { hifp_pay: yuanOut(s.hifp_pay), hifmi_pay: yuanOut(s.hifmi_pay) },
    refd_setl_flag: s.refd_setl_flag,
    init_setl_id: s.init_setl_id,
    settled: r !== undefined,
    problem: rec.problem ?? null,
    reversed: rec.reversal !== undefined,
    reversed_by: rec.reversal?.setl_id ?? null,
    reversed_at: rec.reversal === undefined ? null : rec.reversal.received_at.toISOString(),
    person: {
      psn_no: person.psn_no, psn_name: person.psn_name, certno: maskCertno(person.certno), admdvs: person.admdvs, insuplc_admdvs: person.insuplc_admdvs,
      town_admdvs: person.town_admdvs, village_admdvs: person.village_admdvs,
    },
    first_payment: rec.payment === undefined ? null : { ...tierAmountsOut(rec.payment), pack_id: rec.payment.pack_id, pack_version: rec.payment.pack_version, booked_at: rec.payment.booked_at.toISOString() },
    net_paid: tierAmountsOut(net),
    adjustments: rec.adjustments.map(storedAdjustmentOut),
    caused_adjustments: rec.caused.map(storedAdjustmentOut),
    received_at: s.received_at.toISOString(),
    computed_at: iso(r?.computed_at ?? null),
    batch_id: s.batch_id,
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

  app.get('/api/v1/settlements/:setl_id', {
    preHandler: requireRole('admin', 'bureau', 'township', 'viewer'),
    schema: {
      tags: ['settlements'],
      summary: '结算单（一单制）/ one settlement: the one-stop settlement bill',
      description:
        'The person (ID number masked), the settlement\u2019s inputs, the split and its trace exactly as POST /settlements answered them (as stored now: a later recomputation shows here), the fund lines, the pack, the reversal, the first payment, the net paid and the adjustment lines. A township user asking for a settlement of a person outside its area gets the same 404 as for an unknown setl_id. Audited (settlement-read).',
      params: { type: 'object', required: ['setl_id'], properties: { setl_id: text(30, '结算ID') } },
      response: { 200: BILL_SCHEMA, ...Object.fromEntries([400, 401, 403, 404].map((c) => [c, ERROR_SCHEMA])) },
    },
  }, async (request) => {
    const { setl_id: setlId } = request.params as { setl_id: string };
    const user = userOf(request);
    const rec = await settlementRecord(db, setlId);
    const person = rec === undefined ? undefined : await findPerson(db, rec.settlement.psn_no);
    if (rec === undefined || person === undefined || !canSeePerson(user, person)) throw new HttpError(404, { error: 'not-found', message: `未找到结算 ${setlId} / settlement ${setlId} not found` });
    await audit(db, { username: user.username, role: user.role, action: 'settlement-read', admdvs: person.admdvs, psnNo: person.psn_no, target: setlId, ip: request.ip });
    // as POST /settlements says it: the flag of the region whose pack settled it (else the person's)
    const region = policies.regions.find((r) => r.id === rec.result?.pack_id) ?? policies.forAdmdvs(person.insuplc_admdvs ?? person.admdvs);
    return settlementBill(rec, person, region?.illustrative ?? false);
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

