/**
 * The shapes the API answers for a case and the case kinds (src/server/views/cases.ts,
 * routes/cases.ts); the rows alerts and cases share are in web/src/types.ts, the names of their
 * codes in web/src/codes.ts.
 */
import type { CaseEventOut, CaseLineOut, CaseOut, TotalsOut } from '../../types';

export interface CaseDetail extends CaseOut {
  readonly events: readonly CaseEventOut[];
  readonly lines: readonly CaseLineOut[];
  readonly totals: TotalsOut;
}

export interface CaseKindOut {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly clause: string;
  readonly categories?: readonly string[];
  readonly sources?: readonly { source: string; source_zh: string }[];
  readonly levels?: readonly { level: string; level_zh: string }[];
  readonly cap?: string;
  readonly township_share_min?: number | null;
  readonly alert_rule?: string | null;
  /** The [local] value the pack leaves unset: the kind cannot be opened (the reason). */
  readonly unset: string | null;
}

export interface CaseKindsOut {
  readonly regions: readonly {
    readonly id: string;
    readonly admdvs: string;
    readonly name: string;
    readonly illustrative: boolean;
    readonly versions: readonly { readonly version: string; readonly rectification: string | null; readonly kinds: readonly CaseKindOut[] }[];
  }[];
}

/** Every kind the packs state, once per id (the newest version's), with the region it belongs to. */
export function kindsOf(k: CaseKindsOut | undefined): (CaseKindOut & { region: string; version: string })[] {
  const out = new Map<string, CaseKindOut & { region: string; version: string }>();
  for (const r of k?.regions ?? []) {
    for (const v of r.versions) for (const kind of v.kinds) out.set(`${r.id}/${kind.id}`, { ...kind, region: r.id, version: v.version });
  }
  return [...out.values()];
}
