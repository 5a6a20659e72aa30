/**
 * The rows and record ids seen so far in a month (SPEC §8 duplicates, §9
 * memory): an open-addressing table of 64-bit non-cryptographic hashes, each
 * with a 32-bit length check and the file:line of the first row, in typed
 * arrays — 20 bytes a slot, no object or string per row.
 *
 * Two different rows are taken for the same only if both 32-bit hashes AND
 * their lengths agree. With a well-mixed 64-bit hash, the odds that any two
 * of n = 10^7 distinct rows collide are about n²/2^65 ≈ 3·10^-6 a month, and
 * the length check divides that further; set `exactKeys` on the assessor to
 * compare canonical keys exactly instead.
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
    field.reset(0);
    field.str(key);
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

/** Int32s per slot: h1, h2, check, line, file index + 1 (0 = empty), side by side so a probe reads one cache line. */
const STRIDE = 5;

/** Hash → the Source of the first row with it. */
export class SourceTable {
  private mask: number;
  private size = 0;
  private slots: Int32Array;
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();

  constructor(capacity = 1024) {
    let cap = 16;
    while (cap < capacity) cap *= 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * STRIDE);
  }

  /** The Source stored for `h`, or undefined. */
  get(h: Hash64): Source | undefined {
    const at = this.find(h) * STRIDE;
    const f = this.slots[at + 4] as number;
    return f === 0 ? undefined : { file: this.files[f - 1] as string, line: this.slots[at + 3] as number };
  }

  /** Stores `source` for `h` unless `h` is there already. */
  set(h: Hash64, source: Source): void {
    const at = this.find(h) * STRIDE;
    const slots = this.slots;
    if (slots[at + 4] !== 0) return;
    let fi = this.fileIndex.get(source.file);
    if (fi === undefined) {
      this.files.push(source.file);
      fi = this.files.length;
      this.fileIndex.set(source.file, fi);
    }
    slots[at] = h.h1;
    slots[at + 1] = h.h2;
    slots[at + 2] = h.check;
    slots[at + 3] = source.line;
    slots[at + 4] = fi;
    this.size += 1;
    if (this.size * 4 > (this.mask + 1) * 3) this.grow();
  }

  /** The slot holding `h`, or the empty slot where it would go (linear probing). */
  private find(h: Hash64): number {
    const slots = this.slots;
    let slot = h.h1 & this.mask;
    for (;;) {
      const at = slot * STRIDE;
      if (slots[at + 4] === 0) return slot;
      if (slots[at] === h.h1 && slots[at + 1] === h.h2 && slots[at + 2] === h.check) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.mask = cap - 1;
    this.slots = new Int32Array(cap * STRIDE);
    const slots = this.slots;
    const mask = this.mask;
    // Every hash in the old table is distinct, so each goes to the first empty slot of its probe.
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at + 4] === 0) continue;
      let to = ((old[at] as number) & mask) * STRIDE;
      while (slots[to + 4] !== 0) to = (to + STRIDE) % slots.length;
      for (let k = 0; k < STRIDE; k++) slots[to + k] = old[at + k] as number;
    }
  }
}
