/**
 * An open-addressing hash index from byte strings (UTF-8 keys such as setl_id and psn_no) to
 * 32-bit integers, in typed arrays: a million keys make no JavaScript object, no string and no Map
 * entry, so they cost the garbage collector nothing. Keys are copied into the index's own arena,
 * where they stay readable by entry number (the settle writer copies setl_id bytes from there).
 *
 * Keys read from a well-formed UTF-8 file and the strings decoded from them map one to one, so
 * looking a string up by its UTF-8 encoding finds exactly what a Map<string> would.
 */

const EMPTY = 0;
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * FNV-1a of the key without its last two digits, mixed, plus the value of those digits: keys
 * that differ only there (S…101, S…102: the sequential ids of an export) land in neighbouring
 * slots, so a file read in order touches the table in order instead of missing the cache on
 * every key. Any other key is spread as by a plain hash.
 */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let cut = end;
  let tail = 0;
  if (cut > start) {
    const c = (b[cut - 1] as number) - 48;
    if (c >= 0 && c <= 9) {
      tail = c;
      cut--;
      if (cut > start) {
        const d = (b[cut - 1] as number) - 48;
        if (d >= 0 && d <= 9) {
          tail += 10 * d;
          cut--;
        }
      }
    }
  }
  let h = 0x811c9dc5 ^ (end - cut);
  for (let i = start; i < cut; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h + tail) >>> 0;
}

/** An index's keys as plain arrays: entry e's bytes are bytes[starts[e], starts[e] + lengths[e]). */
export interface KeyBytes {
  readonly bytes: Uint8Array;
  readonly starts: Uint32Array;
  readonly lengths: Uint32Array;
}

export class ByteIndex {
  /**
   * Two Int32s per slot: entry + 1 (0 = empty) and the key's hash, so a probe rejects another
   * key without touching the entries. Slots a power of two, at most half full.
   */
  private slots: Int32Array;
  private mask: number;
  private starts: Uint32Array;
  private lengths: Uint32Array;
  private vals: Int32Array;
  private arena: Uint8Array;
  private used = 0;
  private count = 0;
  private scratch: Buffer = Buffer.allocUnsafe(256);
  /** Keys that are not well-formed UTF-16 (a lone surrogate): by string, never by bytes. */
  private odd: Map<string, number> | undefined;

  /**
   * `shared`: the keys (arena, starts, lengths: what keyBytes gives) on shared memory, so that
   * another thread is sent them without a copy.
   */
  constructor(expected = 1024, bytesPerKey = 16, private readonly shared = false) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    const n = Math.max(16, expected);
    this.starts = new Uint32Array(this.buffer(4 * n));
    this.lengths = new Uint32Array(this.buffer(4 * n));
    this.vals = new Int32Array(n);
    this.arena = new Uint8Array(this.buffer(Math.max(256, n * bytesPerKey)));
  }

  /** Memory for the keys' arrays: shared or not (see the constructor). */
  private buffer(bytes: number): ArrayBufferLike {
    return this.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  }

  /** Number of keys. */
  get size(): number {
    return this.count;
  }

  /** The entry of the key bytes b[start, end), or −1. */
  find(b: Uint8Array, start: number, end: number): number {
    return this.findHashed(b, start, end, hashBytes(b, start, end) | 0);
  }

  private findHashed(b: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = (slots[2 * s] as number) - 1;
      if (e < 0) return -1;
      if (slots[2 * s + 1] === h && this.lengths[e] === len && this.equalsAt(e, b, start, len)) return e;
    }
  }

  private equalsAt(e: number, b: Uint8Array, start: number, len: number): boolean {
    const a = this.arena;
    const o = this.starts[e] as number;
    for (let k = 0; k < len; k++) if (a[o + k] !== b[start + k]) return false;
    return true;
  }

  /** The value of the key bytes, or `missing`. */
  get(b: Uint8Array, start: number, end: number, missing: number): number {
    const e = this.find(b, start, end);
    return e < 0 ? missing : (this.vals[e] as number);
  }

  /**
   * Adds the key with `value` and returns its entry; a key already present keeps its value and
   * its entry is returned (as Map#has-then-set would leave it).
   */
  add(b: Uint8Array, start: number, end: number, value: number): number {
    const h = hashBytes(b, start, end) | 0;
    const found = this.findHashed(b, start, end, h);
    if (found >= 0) return found;
    const e = this.store(b, start, end, value);
    this.place(e, h);
    return e;
  }

  /** Adds a key not yet present and returns its entry; −1 (and nothing added) when it is present. */
  addNew(b: Uint8Array, start: number, end: number, value: number): number {
    const h = hashBytes(b, start, end) | 0;
    if ((this.count + 1) * 4 > this.slots.length) this.grow();
    // one probe sequence: it ends on the key, or on the empty slot the key goes to
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let s = h & mask;
    for (;;) {
      const e = (slots[2 * s] as number) - 1;
      if (e < 0) break;
      if (slots[2 * s + 1] === h && this.lengths[e] === len && this.equalsAt(e, b, start, len)) return -1;
      s = (s + 1) & mask;
    }
    const e = this.store(b, start, end, value);
    slots[2 * s] = e + 1;
    slots[2 * s + 1] = h;
    return e;
  }

  private place(e: number, h: number): void {
    if ((this.count + 1) * 4 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = this.mask;
    let s = h & mask;
    while (slots[2 * s] !== EMPTY) s = (s + 1) & mask;
    slots[2 * s] = e + 1;
    slots[2 * s + 1] = h;
  }

  /** A new entry with its key copied into the arena (not yet findable). */
  private store(b: Uint8Array, start: number, end: number, value: number): number {
    const e = this.count++;
    if (e >= this.vals.length) this.growEntries();
    const len = end - start;
    if (this.used + len > this.arena.length) {
      const bigger = new Uint8Array(this.buffer(Math.max(this.arena.length * 2, this.used + len)));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    const a = this.arena;
    let o = this.used;
    for (let i = start; i < end; i++) a[o++] = b[i] as number;
    this.starts[e] = this.used;
    this.lengths[e] = len;
    this.vals[e] = value;
    this.used = o;
    return e;
  }

  value(entry: number): number {
    return this.vals[entry] as number;
  }

  setValue(entry: number, value: number): void {
    this.vals[entry] = value;
  }

  /** Where an entry's key starts in `bytes`. */
  keyStart(entry: number): number {
    return this.starts[entry] as number;
  }

  keyLength(entry: number): number {
    return this.lengths[entry] as number;
  }

  /** The arena the keys live in (see keyStart; replaced when it grows). */
  get bytes(): Uint8Array {
    return this.arena;
  }

  /**
   * The keys' bytes by entry as plain arrays (views, no copy: valid until the index grows), which
   * another thread can be sent.
   */
  keyBytes(): KeyBytes {
    return { bytes: this.arena.subarray(0, this.used), starts: this.starts.subarray(0, this.count), lengths: this.lengths.subarray(0, this.count) };
  }

  /** The key of an entry, decoded. */
  key(entry: number): string {
    const o = this.starts[entry] as number;
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + o, this.lengths[entry] as number).toString('utf8');
  }

  /** Encodes a string key into the scratch buffer; returns its byte length. */
  private encode(key: string): number {
    const need = key.length * 3;
    if (need > this.scratch.length) this.scratch = Buffer.allocUnsafe(need);
    return this.scratch.write(key, 0, 'utf8');
  }

  /** The entry of a string key, or −1. */
  findString(key: string): number {
    if (LONE_SURROGATE.test(key)) return this.odd?.get(key) ?? -1;
    const n = this.encode(key);
    return this.find(this.scratch, 0, n);
  }

  getString(key: string, missing: number): number {
    const e = this.findString(key);
    return e < 0 ? missing : (this.vals[e] as number);
  }

  addString(key: string, value: number): number {
    const n = this.encode(key);
    if (!LONE_SURROGATE.test(key)) return this.add(this.scratch, 0, n, value);
    // its UTF-8 would be lossy (U+FFFD) and could equal another key's: kept apart, by string
    this.odd ??= new Map();
    const found = this.odd.get(key);
    if (found !== undefined) return found;
    const e = this.store(this.scratch, 0, n, value);
    this.odd.set(key, e);
    return e;
  }

  /**
   * Room for `keys` keys of about `bytesPerKey` bytes without growing: an index sized from a
   * first estimate is resized once, when a better one is known, instead of doubling (and
   * touching fresh memory) all the way.
   */
  reserve(keys: number, bytesPerKey: number): void {
    let size = this.slots.length / 2;
    while (keys * 2 > size) size *= 2;
    if (size * 2 > this.slots.length) this.rehash(size);
    if (keys > this.vals.length) this.growEntries(keys);
    const need = Math.ceil(keys * bytesPerKey);
    if (need > this.arena.length) {
      const bigger = new Uint8Array(this.buffer(need));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
  }

  /** Bytes of key per key so far. */
  get bytesPerKey(): number {
    return this.count === 0 ? 16 : this.used / this.count;
  }

  private grow(): void {
    this.rehash(this.slots.length); // twice the slots (the array holds pairs)
  }

  private rehash(size: number): void {
    const old = this.slots;
    const slots = new Int32Array(size * 2);
    const mask = size - 1;
    for (let k = 0; k < old.length; k += 2) {
      const e1 = old[k] as number;
      if (e1 === EMPTY) continue;
      const h = old[k + 1] as number;
      let s = h & mask;
      while (slots[2 * s] !== EMPTY) s = (s + 1) & mask;
      slots[2 * s] = e1;
      slots[2 * s + 1] = h;
    }
    this.slots = slots;
    this.mask = mask;
  }

  private growEntries(to = this.vals.length * 2): void {
    const n = to;
    const starts = new Uint32Array(this.buffer(4 * n));
    starts.set(this.starts);
    this.starts = starts;
    const lengths = new Uint32Array(this.buffer(4 * n));
    lengths.set(this.lengths);
    this.lengths = lengths;
    const vals = new Int32Array(n);
    vals.set(this.vals);
    this.vals = vals;
  }
}
