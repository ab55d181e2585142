import { certnoProblem, normaliseCertno } from '../people/certno.js';
import { parseCategory } from '../people/category.js';
import type { IdentitySpan } from '../people/identity.js';
import { CERTNO_REASONS, FIELD_REASONS } from './field-reasons.js';
import type { Row } from './row.js';
import { own } from './row.js';
import { codePrefix } from '../policy/regions.js';

/** A person (1101 baseinfo/insuinfo) as imported. */
export interface PersonRecord {
  readonly psnNo: string;
  readonly certno?: string | undefined;
  readonly name?: string | undefined;
  readonly insuplcAdmdvs?: string | undefined;
  readonly insuredTier?: number | undefined;
  readonly townAdmdvs?: string | undefined;
  readonly villageAdmdvs?: string | undefined;
  readonly rural?: boolean | undefined;
  /** 就业 / 稳定就业: employed (SUB-CQ-7 flags employed tuopin for employee insurance). */
  readonly employed?: boolean | undefined;
}

/** persons: psn_no required; certno validated (GB 11643) when present. */
export function personFromRow(row: Row, regionPrefix: string | undefined): PersonRecord | undefined {
  const psnNo = row.required('psn_no', 30);
  const rawCert = row.text('certno');
  let certno: string | undefined;
  if (rawCert !== '') {
    certno = normaliseCertno(rawCert);
    const problem = certnoProblem(certno);
    if (problem !== undefined) row.reject('certno', CERTNO_REASONS[problem]);
  }
  const insuplc = row.optional('insuplc_admdvs');
  if (insuplc !== undefined) {
    if (!/^\d{6}$/.test(insuplc)) row.reject('insuplc_admdvs', FIELD_REASONS.admdvs);
    else if (regionPrefix !== undefined && !insuplc.startsWith(regionPrefix)) row.reject('insuplc_admdvs', FIELD_REASONS.outsideRegion);
  }
  const town = row.optional('town_admdvs');
  if (town !== undefined && !/^\d{9}$/.test(town)) row.reject('town_admdvs', FIELD_REASONS.townAdmdvs);
  const village = row.optional('village_admdvs');
  if (village !== undefined && !/^\d{12}$/.test(village)) row.reject('village_admdvs', FIELD_REASONS.villageAdmdvs);
  const person: PersonRecord = {
    psnNo: own(psnNo ?? ''),
    certno,
    name: own(row.optional('psn_name', 50) ?? '') || undefined,
    insuplcAdmdvs: insuplc,
    insuredTier: row.integer('insu_tier', 1, 2, FIELD_REASONS.insuredTier),
    townAdmdvs: town,
    villageAdmdvs: village,
    rural: row.flag('rural'),
    employed: row.flag('employed'),
  };
  return row.ok ? person : undefined;
}

/** identities: psn_no, idet_type (code or Chinese name), begndate, enddate (empty = open). */
export function identityFromRow(row: Row): { psnNo: string; span: IdentitySpan } | undefined {
  const psnNo = row.required('psn_no', 30);
  const typeText = row.required('idet_type');
  const category = typeText === undefined ? undefined : parseCategory(typeText) ?? row.reject('idet_type', FIELD_REASONS.category);
  const begin = row.date('begndate', true);
  const end = row.date('enddate', false);
  if (begin !== undefined && end !== undefined && end < begin) row.reject('enddate', FIELD_REASONS.endBeforeBegin);
  const level = row.integer('idet_lv', 1, 4, FIELD_REASONS.level);
  const riskEliminated = row.date('risk_elim_date', false);
  const illnessRecognised = row.flag('illness_recognised');
  if (!row.ok || psnNo === undefined || category === undefined || begin === undefined) return undefined;
  return { psnNo, span: { category, begin, end, level, riskEliminated, illnessRecognised } };
}

/** '371700' → '3717', '450000' → '45', '500243' → '500243': the code prefix of a region. */
export const regionPrefix = codePrefix;
