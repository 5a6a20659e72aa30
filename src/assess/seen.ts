/**
 * The rows and record ids seen so far in a month (SPEC §8 duplicates, §9
 * memory): open-addressing tables of 64-bit non-cryptographic hashes, each
 * with the file:line of the first row, in typed arrays — 12 bytes a slot (16
 * with a row hash beside an id hash), no object or string per row.
 *
 * Two different rows are taken for the same only if their 64-bit hashes
 * (two 32-bit hashes, the second mixed with the canonical length) agree. With a
 * well-mixed 64-bit hash, the odds that any two of n = 10^7 distinct rows
 * collide are about n²/2^65 ≈ 3·10^-6 a month; set `exactKeys` on the
 * assessor to compare canonical keys exactly instead.
 */
import type { EventRecord, Source } from '../types.js';

/** A 64-bit hash and a cheap check value, as three 32-bit integers. */
export interface Hash64 {
  h1: number;
  h2: number;
  check: number;
}

const M1 = 0x01000193; // FNV-1a prime
const M2 = 0x5bd1e995; // MurmurHash2 multiplier

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Two independent running hashes over strings; `len` counts the code units hashed. */
class Hasher {
  a = 0;
  b = 0;
  len = 0;

  reset(seed: number): void {
    this.a = (0x811c9dc5 ^ seed) | 0;
    this.b = (0x9747b28c ^ seed) | 0;
    this.len = 0;
  }

  str(s: string): void {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, M1);
      b = Math.imul(b ^ c, M2) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    this.len += s.length;
  }

  /**
   * A number, equal for equal numbers: a safe integer (dates, fen, most
   * counts) by its two 32-bit halves without making a string, anything else
   * by its decimal text. 0 and -0 hash alike, as they are one value in JSON.
   */
  num(v: number): void {
    if (Number.isSafeInteger(v)) {
      const lo = v | 0;
      const hi = Math.floor(v / 0x1_0000_0000) | 0;
      this.tag(9);
      this.tag(lo & 0xffff);
      this.tag(lo >>> 16);
      this.tag(hi & 0xffff);
      this.tag(hi >>> 16);
      this.len += 1;
    } else this.str(String(v));
  }

  /** A separator that no string content can forge (values are hashed with their type tag and length). */
  tag(t: number): void {
    this.a = Math.imul(this.a ^ (0x10000 + t), M1);
    this.b = Math.imul(this.b ^ (0x10000 + t), M2) ^ (this.b >>> 15);
  }
}

const hasher = new Hasher();
const field = new Hasher();

/**
 * The field hasher's state right after each field name: the names are the
 * kind's canonical fields, the same on every row, so each is hashed once.
 */
const afterName = new Map<string, Int32Array>();

/** Resets `field` and hashes `name` into it, from the cache when it can. */
function startField(name: string): void {
  let state = afterName.get(name);
  if (state === undefined) {
    field.reset(0);
    field.str(name);
    state = Int32Array.of(field.a, field.b, field.len);
    afterName.set(name, state);
  }
  field.a = state[0] as number;
  field.b = state[1] as number;
  field.len = state[2] as number;
}

const KIND_SEED: Record<string, number> = { incident: 1, complaint: 2, training: 3, roster: 4 };

/**
 * The hash of a record's kind and canonical values, not its file or line:
 * two records get the same hash when every field is equal (what
 * `duplicateKey` compares). Independent of the order of `values`' keys.
 */
export function recordHash(record: EventRecord): Hash64 {
  let s1 = KIND_SEED[record.kind] ?? 0;
  let s2 = Math.imul(s1, 0x27d4eb2d);
  let len = 0;
  const values = record.values;
  for (const key in values) {
    const v = values[key];
    startField(key);
    if (v === null || v === undefined) field.tag(1); // JSON writes both as null
    else if (typeof v === 'string') {
      field.tag(2);
      field.str(v);
    } else if (typeof v === 'number') {
      field.tag(3);
      field.num(v);
    } else if (typeof v === 'boolean') field.tag(v ? 4 : 5);
    else {
      field.tag(6);
      for (const x of v) {
        field.tag(7);
        field.str(x);
      }
    }
    field.tag(8);
    // A sum, so that the order of the keys does not matter.
    s1 = (s1 + fmix(field.a)) | 0;
    s2 = (s2 + fmix(field.b ^ 0x6a09e667)) | 0;
    len += field.len;
  }
  return { h1: fmix(s1), h2: fmix(s2), check: len };
}

/** The hash of a record id within its kind. */
export function idHash(kind: string, id: string): Hash64 {
  hasher.reset(KIND_SEED[kind] ?? 0);
  hasher.str(id);
  return { h1: fmix(hasher.a), h2: fmix(hasher.b), check: id.length };
}

/**
 * Int32s per slot: h1, h2 (with the check folded in), and the first row's
 * position (0 = empty): its line plus the base of its file, the files' lines
 * numbered one after another (sources arrive file after file). A table that
 * also holds a row hash per entry (`withRow`) keeps 32 bits of it in one more.
 */
const STRIDE = 3;
const STRIDE_WITH_ROW = 4;

/**
 * Hash → the Source of the first row with it. A slot is 12 bytes (16 with a
 * row hash), so that a 10^6-row month's table mostly stays in the CPU's last
 * cache: a probe that misses every cache is what this table costs per row.
 * Any number of slots, not only powers of two, so that a table reserved for a
 * file's rows is no bigger than it needs. The slot holds the row's place
 * itself, so nothing else grows per row.
 *
 * With `withRow`, each entry also holds 32 bits of a second hash (the row's,
 * for an entry keyed by the row's id): one entry per row answers both "is
 * this id taken?" and "is this row a copy of the one that took it?". The id
 * already matched on 64 bits; 32 more only tell a copy of that one row from
 * another row reusing its id (both are rejected, pointing at the same row):
 * a reused id is called a copy with odds of 2^-32.
 */
export class SourceTable {
  private cap: number;
  private size = 0;
  private slots: Int32Array;
  private readonly stride: number;
  /**
   * The files of stored rows, in the order they came: `runBase[k]` is added
   * to the lines of `runFile[k]`; it is above every position stored before.
   */
  private readonly runBase: number[] = [];
  private readonly runFile: string[] = [];
  /** The largest position stored. */
  private top = 0;
  /** Times the table grew after a reserve: the reserve fell short. */
  grown = 0;
  private reserved = false;

  constructor(capacity = 1024, withRow = false) {
    this.stride = withRow ? STRIDE_WITH_ROW : STRIDE;
    this.cap = Math.max(16, Math.ceil(capacity));
    this.slots = new Int32Array(this.cap * this.stride);
  }

  /** Hashes stored. */
  get length(): number {
    return this.size;
  }

  /** Bytes the slots take. */
  get bytes(): number {
    return this.slots.byteLength;
  }

  /**
   * Looks `h` up: the slot (≥ 0) where it is stored, or -1 − the empty slot
   * where it would go. Pass the latter to {@link insert} before anything
   * else is added.
   */
  probe(h: Hash64): number {
    const slots = this.slots;
    const h2 = folded(h);
    const cap = this.cap;
    const stride = this.stride;
    let slot = (h.h1 >>> 0) % cap;
    for (;;) {
      const at = slot * stride;
      if (slots[at + 2] === 0) return -1 - slot;
      if (slots[at] === h.h1 && slots[at + 1] === h2) return slot;
      slot = slot + 1 === cap ? 0 : slot + 1;
    }
  }

  /** The Source stored in `slot` (a probe's result ≥ 0). */
  sourceAt(slot: number): Source {
    const pos = this.slots[slot * this.stride + 2] as number;
    const k = this.runOf(pos);
    return { file: this.runFile[k] as string, line: pos - (this.runBase[k] as number) };
  }

  /** Whether the row hash stored in `slot` (a probe's result ≥ 0; a table `withRow`) is that of `row`. */
  rowAt(slot: number, row: Hash64): boolean {
    return this.slots[slot * this.stride + 3] === rowTag(row);
  }

  /** The Source stored for `h`, or undefined. */
  get(h: Hash64): Source | undefined {
    const slot = this.probe(h);
    return slot < 0 ? undefined : this.sourceAt(slot);
  }

  /** Stores `source` for `h` unless `h` is there already. */
  set(h: Hash64, source: Source, row?: Hash64): void {
    const slot = this.probe(h);
    if (slot < 0) this.insert(slot, h, source, row);
  }

  /**
   * Stores `source` (and in a table `withRow`, the row hash `row`) for `h` in
   * the empty slot a probe for `h` just gave (-1 − slot).
   */
  insert(probed: number, h: Hash64, source: Source, row?: Hash64): void {
    if (this.runFile[this.runFile.length - 1] !== source.file) {
      // Positions start above every one stored; line 0 still gives a position > 0.
      this.runBase.push(this.top + 1);
      this.runFile.push(source.file);
    }
    const pos = (this.runBase[this.runBase.length - 1] as number) + source.line;
    if (!(Number.isSafeInteger(pos) && pos > 0 && pos <= 0x7fffffff && source.line >= 0)) {
      throw new Error(`internal: a row position beyond the table's range (${source.file}:${source.line})`);
    }
    if (pos > this.top) this.top = pos;
    const at = (-1 - probed) * this.stride;
    this.slots[at] = h.h1;
    this.slots[at + 1] = folded(h);
    this.slots[at + 2] = pos;
    if (this.stride === STRIDE_WITH_ROW) {
      if (row === undefined) throw new Error('internal: an entry of a table with row hashes needs its row hash');
      this.slots[at + 3] = rowTag(row);
    }
    this.size += 1;
    if (this.size > this.cap * MAX_LOAD) {
      this.grow(Math.ceil(this.cap * 1.5));
      if (this.reserved) this.grown += 1;
    }
  }

  /** Makes room for `more` hashes beyond those stored, without growing on the way (a hint). */
  reserve(more: number): void {
    this.reserved = true;
    const want = Math.min(this.size + more, MAX_RESERVE);
    const cap = Math.ceil(want / RESERVED_LOAD);
    if (cap > this.cap) this.grow(cap);
  }

  /** The run of position `pos`: the last run whose base is at or below it. */
  private runOf(pos: number): number {
    let lo = 0;
    let hi = this.runBase.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.runBase[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private grow(cap: number): void {
    const old = this.slots;
    const stride = this.stride;
    const slots = new Int32Array(cap * stride);
    // Every hash in the old table is distinct, so each goes to the first empty slot of its probe.
    for (let at = 0; at < old.length; at += stride) {
      if (old[at + 2] === 0) continue;
      let to = (((old[at] as number) >>> 0) % cap) * stride;
      while (slots[to + 2] !== 0) to = (to + stride) % slots.length;
      for (let k = 0; k < stride; k++) slots[to + k] = old[at + k] as number;
    }
    this.slots = slots;
    this.cap = cap;
  }
}

/**
 * A reserved table is filled to this share at most, so that a probe for a
 * new row stays short (linear probing: ~13 slots on average for a new row
 * in a full table, 6 at 0.7, which took 27 MB more on the 10^7-row month).
 */
const RESERVED_LOAD = 0.8;
/** Beyond this share the table grows by half. */
const MAX_LOAD = 0.85;

/** The most rows `reserve` makes room for (a 575 MB table); beyond it the table grows as rows come. */
const MAX_RESERVE = 1 << 25;

/** 32 bits of a row hash, from all of it. */
function rowTag(h: Hash64): number {
  return (h.h1 ^ Math.imul(folded(h), 0x85ebca6b)) | 0;
}

/** h2 with the check mixed in: the table keeps 64 bits per hash. */
function folded(h: Hash64): number {
  return (h.h2 ^ Math.imul(h.check, 0x9e3779b1)) | 0;
}
