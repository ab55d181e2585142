/**
 * The reports the bureau owes (POLICY-SPEC §6, issue 6, docs/reports.md), as pure data: what a
 * report is computed from (ReportInput: the region's persons, identities and enrollments, and the
 * period's money per person as the ledger had booked it at the cut-off) and what it produces
 * (ReportDocument: tables, charts and headline figures, with the definitions of every figure).
 * Rendering to XLSX happens at the edge (the store / CLI / server); to HTML and SVG in pure code.
 */
import type { FundSource } from '../policy/cases-pack.js';
import type { Policy } from '../policy/compile.js';
import type { IdentitySpan } from '../people/identity.js';
import type { IsoDate } from '../time/date.js';

/** REP-1 … REP-7 (POLICY-SPEC §6). */
export type ReportKind =
  | 'enrollment' // REP-1 参保完成率 (all residents ≥ 95 %) and 八类人群动态清零, per township
  | 'dispatch' // REP-2 月调度月通报: tuopin and monitoring objects' enrollment per township; 8 groups' 参保规范台账
  | 'rating' // REP-3 季度评比: townships ranked on completion rate and 动态清零
  | 'analysis' // REP-4 半年 / 年度 数据分析报告 (tekun/dibao/dibian costs by tier, burden distribution, alerts, cases)
  | 'national' // REP-5 国家调度模块 quarterly figures
  | 'protection' // REP-6 医疗费用综合保障率 and policy-scope payment ratios per tier
  | 'household'; // REP-7 户籍人口参保率 (Guangxi ≥ 97 %)
export const REPORT_KINDS: readonly ReportKind[] = ['enrollment', 'dispatch', 'rating', 'analysis', 'national', 'protection', 'household'];

/** A reporting period: a month (2023-05), a quarter (2023-Q2), a half (2023-H1) or a year (2023). */
export interface Period {
  readonly kind: 'month' | 'quarter' | 'half' | 'year';
  readonly year: number;
  /** 1–12, 1–4, 1–2, or 1 for a year. */
  readonly index: number;
  /** First and last day, inclusive. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** '2023-05', '2023-Q2', '2023-H1', '2023'. */
  readonly label: string;
}

export interface ReportPerson {
  readonly psnNo: string;
  readonly name: string | null;
  /** Masked by the one rule (src/people/certno.ts) before it reaches a report. */
  readonly certnoMasked: string | null;
  readonly town: string | null;
  readonly village: string | null;
  readonly rural: boolean | null;
  readonly employed: boolean | null;
  readonly identities: readonly IdentitySpan[];
}

export interface ReportEnrollment {
  readonly psnNo: string;
  readonly year: number;
  /** '' = resident basic medical insurance (the enrollment the rates count). */
  readonly product: string;
  readonly paidDate: IsoDate | null;
}

/**
 * A person's money in the period, fen: over the settlements with `setl_time` in the period,
 * received by the cut-off and not reversed by it, each tier as booked by the cut-off (first
 * payment + the adjustment lines created by then).
 */
export interface PersonMoney {
  readonly psnNo: string;
  readonly settlements: number;
  readonly total: number;
  readonly policyScope: number;
  readonly basic: number;
  readonly criticalIllness: number;
  readonly assistance: number;
  readonly reAssistance: number;
  /** total − every tier. */
  readonly personal: number;
  /** policyScope − every tier. */
  readonly policyScopePersonal: number;
}

/** A person's case money of the period's year(s), booked by the cut-off, by fund source (fen). */
export interface PersonCaseMoney {
  readonly psnNo: string;
  readonly bySource: Readonly<Partial<Record<FundSource, number>>>;
  readonly total: number;
}

/**
 * Alerts by township and rule (REP-4/REP-5 count them): those of the period's year raised by the
 * cut-off, each counted in every step it had reached by then (an alert is per person-year, so a
 * sub-year report counts the year's to date).
 */
export interface AlertCounts {
  readonly town: string | null;
  readonly rule: string;
  readonly raised: number;
  readonly pushed: number;
  readonly verified: number;
  readonly included: number;
  readonly closed: number;
}

export interface ReportInput {
  readonly kind: ReportKind;
  readonly period: Period;
  /** The region (pooling admdvs, name) and, for a township user or a township report, the township prefix. */
  readonly region: { readonly admdvs: string; readonly name: string };
  readonly town?: string | undefined;
  /** The cut-off (ISO timestamp): nothing received or booked after it counts. */
  readonly asOf: string;
  readonly policy: Policy;
  readonly packs: readonly { readonly id: string; readonly version: string; readonly illustrative: boolean }[];
  readonly persons: readonly ReportPerson[];
  readonly enrollments: readonly ReportEnrollment[];
  readonly money: readonly PersonMoney[];
  readonly cases: readonly PersonCaseMoney[];
  readonly alerts: readonly AlertCounts[];
  /** REP-2: the previous month's dispatch (same region and scope), for the change since; absent = no change shown. */
  readonly previous?: ReportDocument | undefined;
  /**
   * REP-5: the money of 1 January … the period's last day (same cut-off and rules as `money`); when
   * absent, the period's own money if it starts on 1 January, else the year-to-date cells are empty.
   */
  readonly yearToDate?: { readonly money: readonly PersonMoney[] } | undefined;
  /** Township names by code (乡镇名称), where the edge knows them; the code is shown otherwise. */
  readonly townNames?: Readonly<Record<string, string>> | undefined;
}

/** An exact rate: numerator over denominator (both integers); rendered with one rule (docs/reports.md). */
export interface Rate {
  readonly num: number;
  readonly den: number;
}

/** A cell: text, an integer count, an amount in fen, a rate, or nothing. */
export type Cell = string | { readonly count: number } | { readonly fen: number } | Rate | null;

export interface Column {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: 'text' | 'count' | 'money' | 'rate';
}

export interface TableRow {
  /** Stable within the table (e.g. the township code), so two runs can be compared row by row. */
  readonly key: string;
  readonly cells: readonly Cell[];
  /** A subtotal among the rows (e.g. 特殊群体合计 between the categories): not to be added to the others. */
  readonly subtotal?: boolean | undefined;
}

export interface ReportTable {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly Column[];
  readonly rows: readonly TableRow[];
  /** The totals row (合计), if the table has one. */
  readonly totals?: TableRow | undefined;
  /** Lists of persons (名单) carry personal data: a township user sees its own only. */
  readonly personal?: boolean | undefined;
}

export interface ReportChart {
  readonly id: string;
  readonly zh: string;
  readonly en: string;
  readonly type: 'bar' | 'pie' | 'histogram';
  readonly labels: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** How the values read: 'rate' (per-mille), 'fen', 'count'. */
  readonly unit: 'rate' | 'fen' | 'count';
  /** A target drawn across a bar chart (e.g. 95 % = 950 per-mille), in the chart's unit. */
  readonly reference?: { readonly value: number; readonly zh: string; readonly en: string } | undefined;
}

export interface ReportDocument {
  readonly kind: ReportKind;
  readonly zh: string;
  readonly en: string;
  readonly region: { readonly admdvs: string; readonly name: string };
  readonly town?: string | undefined;
  readonly period: Period;
  readonly asOf: string;
  readonly packs: readonly { readonly id: string; readonly version: string; readonly illustrative: boolean }[];
  /** Each figure's definition (numerator, denominator, which settlements, adjustments, case money), with its clause. */
  readonly definitions: readonly { readonly term: string; readonly text: string; readonly clause?: string | undefined }[];
  readonly tables: readonly ReportTable[];
  readonly charts: readonly ReportChart[];
}
