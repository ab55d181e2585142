/**
 * settle's output rows, formatted by bytes from columns: the settled rows of [from, to) in file
 * order, one CSV line each. A pure function of its source, so that a second thread can format
 * the second half of a large file while the main thread writes the first (fold-worker.ts), and
 * both give the bytes one thread gives.
 */
import type { ResultColumns } from '../benefits/columns.js';
import { SETTLED } from '../benefits/columns.js';
import type { PersonFacts } from '../benefits/types.js';
import type { KeyBytes } from '../ingest/byte-index.js';
import type { ByteRowWriter } from '../ingest/byte-writer.js';
import { csvField } from '../ingest/csv-writer.js';
import type { PersonIndex, SettlementColumns } from '../ingest/settlement-columns.js';
import type { Policy } from '../policy/compile.js';

/** What a settled row is written from (the result columns of settleTable and the reader's): all plain arrays and small maps, which another thread can be sent. */
export interface SettledSource extends Pick<ResultColumns, 'status' | 'basic' | 'criticalIllness' | 'assistance' | 'reAssistance' | 'version'> {
  /** The settlement's own columns (the reader's). */
  readonly time: Float64Array;
  readonly total: Float64Array;
  readonly policyScope: Float64Array;
  readonly medType: Int32Array;
  /** setl_id bytes: row i's are ids' entry idEntry[i], unless slowIds has its text. */
  readonly idEntry: Int32Array;
  readonly ids: KeyBytes;
  readonly slowIds: ReadonlyMap<number, string>;
  /** psn_no bytes: row i's person is owner[i], whose entry in people is personEntry[owner[i]], unless psnText has its text. */
  readonly owner: Int32Array;
  readonly personEntry: Int32Array;
  readonly people: KeyBytes;
  readonly psnText: ReadonlyMap<number, string>;
  /** med_type codes and [pack id, pack version] by version index, csvField applied, as bytes. */
  readonly medTypes: readonly Uint8Array[];
  readonly packs: readonly (readonly [Uint8Array, Uint8Array])[];
}

/** Rows written and the fund total of those rows, in fen. */
export interface SettledTally {
  settled: number;
  fundTotal: number;
}

/** True when key bytes can be written as they are: no quote, comma, CR, LF, nothing beyond ASCII. */
function plainBytes(b: Uint8Array, start: number, end: number): boolean {
  for (let k = start; k < end; k++) {
    const c = b[k] as number;
    if (c === 34 || c === 44 || c === 10 || c === 13 || c > 0x7e) return false;
  }
  return true;
}

/** The persons whose psn_no bytes cannot be written as they are (a CSV quote needed, or not ASCII): their text. */
function psnTexts(people: KeyBytes, personEntry: Int32Array, psnNo: (p: number) => string): Map<number, string> {
  const out = new Map<number, string>();
  for (let p = 0; p < personEntry.length; p++) {
    const e = personEntry[p] as number;
    const start = people.starts[e] as number;
    if (!plainBytes(people.bytes, start, start + (people.lengths[e] as number))) out.set(p, psnNo(p));
  }
  return out;
}

/** The source of a table's settled rows, with the results of its fold in `cols`. */
export function settledSource(policy: Policy, table: SettlementColumns, people: PersonIndex, cols: ResultColumns): SettledSource {
  const peopleKeys = people.index.keyBytes();
  return {
    status: cols.status, basic: cols.basic, criticalIllness: cols.criticalIllness, assistance: cols.assistance, reAssistance: cols.reAssistance, version: cols.version,
    time: table.time, total: table.total, policyScope: table.policyScope, medType: table.medType,
    idEntry: table.idEntry, ids: table.ids.keyBytes(), slowIds: table.slowIds,
    owner: table.owner, personEntry: people.entries, people: peopleKeys,
    psnText: psnTexts(peopleKeys, people.entries, (p) => (table.owners[p] as PersonFacts).psnNo),
    medTypes: table.medTypes.map((m) => Buffer.from(csvField(m))),
    packs: policy.versions.map((v) => [Buffer.from(csvField(v.pack.id)), Buffer.from(csvField(v.pack.version))] as const),
  };
}

const NONE = new Uint8Array(0);

/**
 * Writes the settled rows among [from, to) to `out`, adding them to `tally`. Stops after a row
 * when `out` asks to wait (endRow false): returns the next row to write, `to` when all are written.
 */
export function formatSettled(src: SettledSource, from: number, to: number, out: ByteRowWriter, tally: SettledTally): number {
  const { ids, people, slowIds, psnText } = src;
  for (let i = from; i < to; i++) {
    if (src.status[i] !== SETTLED) continue;
    const idText = slowIds.size === 0 ? undefined : slowIds.get(i);
    if (idText === undefined) {
      const e = src.idEntry[i] as number;
      const start = ids.starts[e] as number;
      out.bytes(ids.bytes, start, start + (ids.lengths[e] as number), true);
    } else out.text(idText, true);
    const p = src.owner[i] as number;
    const text = psnText.size === 0 ? undefined : psnText.get(p);
    if (text === undefined) {
      const e = src.personEntry[p] as number;
      const start = people.starts[e] as number;
      out.bytes(people.bytes, start, start + (people.lengths[e] as number));
    } else out.text(text);
    out.dateTime(src.time[i] as number);
    out.encoded(src.medTypes[src.medType[i] as number] ?? NONE);
    const total = src.total[i] as number;
    const scope = src.policyScope[i] as number;
    const basic = src.basic[i] as number;
    const ci = src.criticalIllness[i] as number;
    const assist = src.assistance[i] as number;
    const re = src.reAssistance[i] as number;
    const fund = basic + ci + assist + re;
    tally.settled++;
    tally.fundTotal += fund;
    out.fen(total);
    out.fen(scope);
    out.fen(basic);
    out.fen(ci);
    out.fen(assist + re);
    out.fen(assist);
    out.fen(re);
    out.fen(fund);
    out.fen(total - fund);
    out.fen(scope - fund);
    const pack = src.packs[src.version[i] ?? 0];
    out.encoded(pack?.[0] ?? NONE);
    out.encoded(pack?.[1] ?? NONE);
    if (!out.endRow()) return i + 1;
  }
  return to;
}
