/**
 * The month's effects (trace.csv), stored column by column (SPEC §9): a month
 * of 10^7 rows has millions of effects, and one object (plus a Source) per
 * effect would make memory grow with rows. Here an effect costs ~40 bytes in
 * typed arrays grown by doubling; its strings (rule, title, employee, unit,
 * file) are interned once, so they grow with people and rules, not rows.
 * Reading hands out short-lived Effect views.
 */
import type { Fen, Hundredths } from '../types.js';
import type { Effect } from './types.js';

/** Interned strings: each distinct string once, by index. */
class Strings {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** Target codes in `flags`: bit 0 = unit target, bit 1 = veto. */
const UNIT = 1;
const VETO = 2;

/**
 * One effect as the log holds it, for a consumer that goes through every
 * effect without an object each (the ledger's save). Each text comes with a
 * key: equal texts of one log have equal keys, so whatever a consumer derives
 * from a text (its number, its JSON) can be made once per key. Keys are
 * integers from 0 below `EffectLog.keySpace()`'s bounds: `texts` for rule,
 * title, unit and file, `employees` for employee.
 */
export interface KeyedEffect extends Omit<Effect, 'source'> {
  /** The effect's position in the log. */
  readonly index: number;
  readonly ruleKey: number;
  readonly titleKey: number;
  readonly employeeKey: number;
  readonly unitKey: number;
  /** The record's file, or null for an aggregate rule. */
  readonly file: string | null;
  /** -1 when `file` is null. */
  readonly fileKey: number;
  /** The record's line; 0 when `file` is null. */
  readonly line: number;
}

/** The bounds of a log's keys (see KeyedEffect). */
export interface KeySpace {
  texts: number;
  employees: number;
}

/**
 * An append-only, iterable list of effects in compact columns.
 *
 * @example
 *   const log = EffectLog.from([effect]);
 *   for (const e of log) console.log(e.rule, e.points);
 */
export class EffectLog implements Iterable<Effect> {
  private n = 0;
  /** Rule ids, titles, units and files: few, so their index stays in the CPU's cache. */
  private readonly strings = new Strings();
  /** Employee ids: as many as the roster has people. */
  private readonly employees = new Strings();
  /** The texts of the last effect pushed, and their indexes. */
  private readonly last: { rule: string | null; title: string | null; ruleRef: number; titleRef: number; file: string | null; fileRef: number } = {
    rule: null, title: null, ruleRef: -1, titleRef: -1, file: null, fileRef: -1,
  };
  /** Per effect: rule, title, employee (in `employees`), unit, file (-1 for aggregate) string indexes and line. */
  private refs = new Int32Array(6 * 64);
  /** Per effect: points and bonus forfeited (exact for every integer up to 2^53). */
  private nums = new Float64Array(2 * 64);
  private flags = new Uint8Array(64);

  /** A log holding `effects`, in order. */
  static from(effects: Iterable<Effect>): EffectLog {
    const log = new EffectLog();
    for (const e of effects) log.push(e);
    return log;
  }

  /** How many effects the log holds. */
  get length(): number {
    return this.n;
  }

  /**
   * Appends one effect (its fields are copied; the object is not kept).
   * `who`, when given, caches where this log keeps `e.employee` and
   * `e.unit` (its `ref` and `unitRef`, -1 until its first push; its effects
   * are always in the same unit), saving lookups among many ids; it must be
   * used with this one log only.
   */
  push(e: Effect, who?: { ref: number; unitRef: number }): void {
    if (this.n === this.flags.length) this.grow();
    const i = this.n++;
    const r = i * 6;
    const s = this.strings;
    // Consecutive effects often share a rule and a file: the last ones are remembered.
    if (e.rule !== this.last.rule || e.title !== this.last.title) {
      this.last.rule = e.rule;
      this.last.title = e.title;
      this.last.ruleRef = s.of(e.rule);
      this.last.titleRef = s.of(e.title);
    }
    this.refs[r] = this.last.ruleRef;
    this.refs[r + 1] = this.last.titleRef;
    if (who === undefined) {
      this.refs[r + 2] = this.employees.of(e.employee);
      this.refs[r + 3] = s.of(e.unit);
    } else {
      if (who.ref === -1) {
        who.ref = this.employees.of(e.employee);
        who.unitRef = s.of(e.unit);
      }
      this.refs[r + 2] = who.ref;
      this.refs[r + 3] = who.unitRef;
    }
    if (e.source !== null && e.source.file !== this.last.file) {
      this.last.file = e.source.file;
      this.last.fileRef = s.of(e.source.file);
    }
    this.refs[r + 4] = e.source === null ? -1 : this.last.fileRef;
    this.refs[r + 5] = e.source === null ? 0 : e.source.line;
    this.nums[i * 2] = e.points;
    this.nums[i * 2 + 1] = e.bonusForfeited;
    this.flags[i] = (e.target === 'unit' ? UNIT : 0) | (e.veto ? VETO : 0);
  }

  /** How many distinct keys the log's texts and employees have: the bounds of KeyedEffect's keys. */
  keySpace(): KeySpace {
    return { texts: this.strings.list.length, employees: this.employees.list.length };
  }

  /**
   * Calls `fn` with each effect in order, with its texts' keys. The object
   * passed is reused from one call to the next: read it during the call,
   * never keep it.
   *
   * @example
   *   const json: string[] = [];
   *   log.forEachKeyed((e) => { json[e.unitKey] ??= JSON.stringify(e.unit); });
   */
  forEachKeyed(fn: (e: KeyedEffect) => void): void {
    const str = this.strings.list;
    const emp = this.employees.list;
    const e = {
      index: 0, rule: '', ruleKey: 0, title: '', titleKey: 0, target: 'person' as 'person' | 'unit',
      employee: '', employeeKey: 0, unit: '', unitKey: 0,
      points: 0 as Hundredths, bonusForfeited: 0 as Fen, veto: false,
      file: null as string | null, fileKey: -1, line: 0,
    };
    for (let i = 0; i < this.n; i++) {
      const r = i * 6;
      const flags = this.flags[i] as number;
      e.index = i;
      e.ruleKey = this.refs[r] as number;
      e.rule = str[e.ruleKey] as string;
      e.titleKey = this.refs[r + 1] as number;
      e.title = str[e.titleKey] as string;
      e.target = flags & UNIT ? 'unit' : 'person';
      e.employeeKey = this.refs[r + 2] as number;
      e.employee = emp[e.employeeKey] as string;
      e.unitKey = this.refs[r + 3] as number;
      e.unit = str[e.unitKey] as string;
      e.points = this.nums[i * 2] as Hundredths;
      e.bonusForfeited = this.nums[i * 2 + 1] as Fen;
      e.veto = (flags & VETO) !== 0;
      e.fileKey = this.refs[r + 4] as number;
      e.file = e.fileKey === -1 ? null : (str[e.fileKey] as string);
      e.line = e.fileKey === -1 ? 0 : (this.refs[r + 5] as number);
      fn(e);
    }
  }

  /** The effect at `i` (0 ≤ i < length) as a fresh object. */
  at(i: number): Effect {
    if (i < 0 || i >= this.n) throw new RangeError(`internal: effect ${i} of ${this.n}`);
    const r = i * 6;
    const str = this.strings.list;
    const file = this.refs[r + 4] as number;
    const flags = this.flags[i] as number;
    return {
      rule: str[this.refs[r] as number] as string,
      title: str[this.refs[r + 1] as number] as string,
      target: flags & UNIT ? 'unit' : 'person',
      employee: this.employees.list[this.refs[r + 2] as number] as string,
      unit: str[this.refs[r + 3] as number] as string,
      // Cast, not checked: the log gives back exactly what was pushed.
      points: this.nums[i * 2] as Hundredths,
      bonusForfeited: this.nums[i * 2 + 1] as Fen,
      veto: (flags & VETO) !== 0,
      source: file === -1 ? null : { file: str[file] as string, line: this.refs[r + 5] as number },
    };
  }

  *[Symbol.iterator](): Iterator<Effect> {
    for (let i = 0; i < this.n; i++) yield this.at(i);
  }

  /** Calls `fn` with each effect and its index, in order. */
  forEach(fn: (e: Effect, i: number) => void): void {
    for (let i = 0; i < this.n; i++) fn(this.at(i), i);
  }

  /** The effects for which `keep` holds, in order, as an array. */
  filter(keep: (e: Effect) => boolean): Effect[] {
    const out: Effect[] = [];
    for (let i = 0; i < this.n; i++) {
      const e = this.at(i);
      if (keep(e)) out.push(e);
    }
    return out;
  }

  /** Every effect, as an array (for tests and small months). */
  toArray(): Effect[] {
    return Array.from(this);
  }

  private grow(): void {
    const cap = this.flags.length * 2;
    const refs = new Int32Array(6 * cap);
    refs.set(this.refs);
    this.refs = refs;
    const nums = new Float64Array(2 * cap);
    nums.set(this.nums);
    this.nums = nums;
    const flags = new Uint8Array(cap);
    flags.set(this.flags);
    this.flags = flags;
  }
}

/** The trace of a month that must have one (it was assessed with `trace`); a missing one is a bug of the caller. */
export function requireTrace(effects: EffectLog | null, month: string): EffectLog {
  if (effects === null) throw new Error(`internal: ${month} was assessed without its trace, but its effects are needed`);
  return effects;
}
