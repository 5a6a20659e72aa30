/**
 * Assessing one month (SPEC §4, §5.1, §8): typed records go in one at a time
 * (streamed, in file order), effects with their provenance and the month's
 * results come out. Pure: no I/O; the caller reads the files and feeds
 * `add()`, then calls `finish()` once.
 *
 * Memory grows with the people on the roster and the rules that touched
 * them, plus one compact entry per accepted row for duplicate detection and
 * one per record id (needed to reject a row seen before), plus ~40 bytes
 * per effect for the trace (a columnar EffectLog, no object per effect).
 */
import { createHash } from 'node:crypto';
import type { AggregateRule, EvalContext, RecordRule, Rule, RuleSet } from '../rules/types.js';
import type { EventKind, EventRecord, Month, Reject, RosterEntry, Source, WallTime } from '../types.js';
import { covers, formatDay, monthBounds, monthOf } from '../calendar.js';
import type { MonthBounds } from '../calendar.js';
import { byCodeUnits, byUnitThenEmployee, personMonth, unitMonths } from './results.js';
import { activeRoster, padHint, padIndex } from './roster.js';
import type { ActiveRoster } from './roster.js';
import { EffectLog } from './effects.js';
import { createTally } from './tally.js';
import { member } from './tally.js';
import type { Member, Tally } from './tally.js';
import type { Hash64 } from './seen.js';
import { SourceTable, idHash, recordHash } from './seen.js';
import type { Effect, MonthResult, Unmatched } from './types.js';

/** A record pre-evaluated elsewhere: what `add` would compute from it, without the record. */
export interface PreparedRecord {
  kind: EventKind;
  at: WallTime;
  /** The record's people as numbers of rosterIds(roster) (see there). */
  people: ArrayLike<number>;
  /** The record's unit, or ''. */
  unit: string;
  source: Source;
  /** recordHash(record). */
  key: Hash64;
  /** idHash(kind, id), or null when the record has no id. */
  idKey: Hash64 | null;
  /** The unmatched-records type (`category` for a complaint, else `type`). */
  type: string;
  /** A record rule: effective on the record's date and its `when` holds. An aggregate rule: its `where` holds. */
  holds(rule: Rule): boolean;
}

/** What a month's assessment needs. */
export interface MonthAssessorInput {
  rules: RuleSet;
  /** Every roster row read (all months); the month's roster is chosen from it (§3.1). */
  roster: RosterEntry[];
  /** `--month`, or null to take the month of the first record added. */
  month: Month | null;
  /**
   * Optional raw CSV fields of roster entries (parallel to `roster`, may be
   * sparse: only a repeated id can be rejected), for roster rejects.
   */
  rosterRaw?: string[][];
  /**
   * Compare duplicate rows and record ids by their exact canonical keys
   * (strings in a Map) instead of 64-bit hashes in a typed-array table
   * (src/assess/seen.ts). Slower and larger; the plain path for tests.
   */
  exactKeys?: boolean;
  /**
   * Keep the month's effects (its trace; default true). A run that shows and
   * stores no effect — a dry run — passes false: the trace is the one
   * structure of the month that grows with rows (~40 bytes an effect).
   */
  trace?: boolean;
  /**
   * Keep the record rejects for `result.rejects` (default true). A caller
   * that keeps what add() returns itself (the engine, which spills a big
   * month's rejects to disk) passes false: `result.rejects` then holds only
   * the roster rejects found at finish.
   */
  keepRejects?: boolean;
}

/** The outcome of a month: its results, or why there are none (e.g. records of two months). */
export type MonthOutcome = { ok: true; result: MonthResult } | { ok: false; problems: string[] };

/** Feeds records of one month and produces its results. */
export interface MonthAssessor {
  /**
   * Assesses one record. Returns the reject when the row cannot be used
   * (outside the month, unknown employee or unit, duplicate, id seen twice);
   * the same reject also appears in the result's `rejects`.
   */
  add(record: EventRecord, raw: string[]): Reject | null;
  /**
   * Assesses a record whose hashes and rule outcomes were computed elsewhere
   * (a worker thread, src/engine/parallel.ts). When the record would not simply
   * be accepted (a reject, the month not yet known, exact keys) it calls
   * `full`, which must materialise the record and call `add`; so the outcome
   * is always what `add` would give.
   */
  addPrepared(p: PreparedRecord, full: () => Reject | null): Reject | null;
  /**
   * Evaluates the aggregate rules and computes the results. `result.rejects`
   * holds the month's roster rejects (a second active row for one employee)
   * first, then every record reject in the order added.
   */
  finish(): MonthOutcome;
  /**
   * A hint that about `rows` more records are coming (from a file's size),
   * so that the duplicate table is made that big once rather than grown
   * step by step. Changes nothing but speed.
   */
  reserve(rows: number): void;
}

/**
 * Per aggregate rule: records of its kind, and those its `where` counts —
 * per person in arrays by Member.index, or per unit by name.
 */
type Counts =
  | { per: 'person'; total: Int32Array; count: Int32Array }
  | { per: 'unit'; byUnit: Map<string, { total: number; count: number }> };

/** Everything that depends on the month, set up as soon as the month is known. */
interface MonthState {
  bounds: MonthBounds;
  ctx: EvalContext;
  roster: ActiveRoster;
  /** The month's roster people with their running totals, in roster order, by employee id. */
  members: Map<string, Member>;
  /** The same by number in rosterIds(roster); undefined for an id not on this month's roster. */
  membersByNo: (Member | undefined)[];
  padIndex: Map<string, string>;
  aggregates: { rule: AggregateRule; counts: Counts }[];
}

/**
 * A month assessor. With `month` null the month is that of the first record
 * added; records of other months are counted and make `finish()` fail, since
 * the clerk must say which month is meant (`--month`).
 *
 * @example
 *   const a = createMonthAssessor({ rules, roster, month: '2026-02' });
 *   for (const { record, raw } of rows) a.add(record, raw);
 *   const out = a.finish();
 */
export function createMonthAssessor(input: MonthAssessorInput): MonthAssessor {
  const recordRules = recordRulesByKind(input.rules.rules);
  const tally = createTally();
  const effects: EffectSink = input.trace === false ? { push: () => undefined } : new EffectLog();
  const rejects: Reject[] = [];
  const unmatched = new Map<EventKind, Map<string, Unmatched>>();
  const hashed = input.exactKeys === true ? null : hashedSeen();
  const seen: Seen & { reserve?(rows: number): void } = hashed ?? exactSeen();
  const rowsByMonth = new Map<Month, number>();
  let state: MonthState | null = null;
  let finished = false;

  const begin = (month: Month): MonthState => {
    const bounds = monthBounds(month);
    const roster = activeRoster(input.roster, bounds, input.rosterRaw);
    const aggregates = input.rules.rules
      .filter((r): r is AggregateRule => r.type === 'aggregate' && covers(r.effective, bounds.start))
      .sort(byRuleId)
      .map((rule) => ({ rule, counts: newCounts(rule, roster.people.size) }));
    const members = new Map<string, Member>();
    for (const entry of roster.people.values()) members.set(entry.employee, member(entry, members.size));
    const membersByNo = rosterIds(input.roster).map((id) => members.get(id));
    return { bounds, ctx: { monthEnd: bounds.end }, roster, members, membersByNo, padIndex: padIndex(roster.people.keys()), aggregates };
  };

  const reject = (record: EventRecord, raw: string[], reason: string): Reject => {
    const r = { source: record.source, reason, row: raw };
    if (input.keepRejects !== false) rejects.push(r);
    return r;
  };

  return {
    add(record, raw) {
      if (finished) throw new Error('internal: add() after finish()');
      // The month's own rows skip monthOf (a Date and a string per row).
      const month = state !== null && record.at >= state.bounds.start && record.at < state.bounds.end ? state.bounds.month : monthOf(record.at);
      state ??= begin(input.month ?? month);
      rowsByMonth.set(month, (rowsByMonth.get(month) ?? 0) + 1);
      if (month !== state.bounds.month) {
        if (input.month === null) return null; // counted: finish() reports the months found
        return reject(record, raw, `date ${formatDay(record.at)} is outside the assessed month ${state.bounds.month}`);
      }
      const problem = checkRecord(record, state, seen);
      if (typeof problem === 'string') return reject(record, raw, problem);
      seen.remember(record, problem.key);
      const people = problem.people;
      const ctx = state.ctx;
      const matched = applyRecordRules(record.source, people, problem.unit, recordRules.get(record.kind) ?? [], (rule) => covers(rule.effective, record.at) && rule.when(record, ctx), tally, effects);
      if (!matched) countUnmatched(unmatched, record.kind, unmatchedType(record));
      countAggregates(record.kind, people, problem.unit, state, (rule) => rule.where(record, ctx));
      return null;
    },

    addPrepared(p, full) {
      if (finished) throw new Error('internal: add() after finish()');
      if (state === null || hashed === null || !(p.at >= state.bounds.start && p.at < state.bounds.end)) return full();
      const checked = checkPrepared(p, state, hashed);
      if (checked === null) return full();
      const month = state.bounds.month;
      rowsByMonth.set(month, (rowsByMonth.get(month) ?? 0) + 1);
      hashed.rememberKeys(p.key, p.idKey, p.source);
      const holds = (rule: Rule) => p.holds(rule);
      const matched = applyRecordRules(p.source, checked.people, checked.unit, recordRules.get(p.kind) ?? [], holds, tally, effects);
      if (!matched) countUnmatched(unmatched, p.kind, p.type);
      countAggregates(p.kind, checked.people, checked.unit, state, holds);
      return null;
    },

    reserve(rows) {
      if (rows > 0 && Number.isFinite(rows)) seen.reserve?.(Math.ceil(rows));
    },

    finish() {
      if (finished) throw new Error('internal: finish() called twice');
      finished = true;
      if (state === null && input.month === null) {
        return { ok: false, problems: ['no records to assess, so the month is unknown; pass --month YYYY-MM'] };
      }
      if (input.month === null && rowsByMonth.size > 1) return { ok: false, problems: [manyMonths(rowsByMonth)] };
      const s = state ?? begin(input.month as Month);
      // Report order (unit, then employee id), sorted once for the aggregates and the people.
      const ordered = [...s.members.values()].sort((a, b) => byUnitThenEmployee(a.entry, b.entry));
      for (const e of applyAggregates(s, ordered, tally)) effects.push(e);
      const people = ordered.map((m) => personMonth(m, tally, input.rules.scoring));
      const result: MonthResult = {
        month: s.bounds.month,
        people,
        units: unitMonths(s.roster.units, people, tally, input.rules.scoring),
        effects: effects instanceof EffectLog ? effects : null,
        rejects: [...s.roster.rejects, ...rejects],
        unmatched: [...unmatched.values()].flatMap((byType) => [...byType.values()]).sort((a, b) => byCodeUnits(a.kind, b.kind) || byCodeUnits(a.type, b.type)),
      };
      return { ok: true, result };
    },
  };
}

/** Where effects go: the month's EffectLog, or nowhere when the trace is not kept. */
type EffectSink = Pick<EffectLog, 'push'>;

/** A record that passed the checks: its people (once each), resolved unit and duplicate key. */
interface Checked {
  people: Member[];
  unit: string;
  key: unknown;
}

/** The rows and ids accepted so far (§8): where a later identical row or reused id was first seen. */
interface Seen {
  /** The record's duplicate key, in whatever form `duplicateOf` and `remember` take. */
  key(record: EventRecord): unknown;
  duplicateOf(key: unknown): Source | undefined;
  idUsedAt(record: EventRecord): Source | undefined;
  remember(record: EventRecord, key: unknown): void;
}

/** Exact canonical keys in Maps: ~150 bytes a row. */
function exactSeen(): Seen {
  const rows = new Map<string, Source>();
  const ids = new Map<EventKind, Map<string, Source>>();
  return {
    key: duplicateKey,
    duplicateOf: (key) => rows.get(key as string),
    idUsedAt: (record) => (record.id === '' ? undefined : ids.get(record.kind)?.get(record.id)),
    remember(record, key) {
      rows.set(key as string, record.source);
      if (record.id === '') return;
      let byId = ids.get(record.kind);
      if (!byId) ids.set(record.kind, (byId = new Map()));
      byId.set(record.id, record.source);
    },
  };
}

/** The hashed table, also taking hashes computed elsewhere (PreparedRecord). */
interface HashedSeen extends Seen {
  idUsedAtKey(idKey: Hash64): Source | undefined;
  rememberKeys(key: Hash64, idKey: Hash64 | null, source: Source): void;
  reserve(rows: number): void;
}

/**
 * 64-bit hashes in typed-array tables (src/assess/seen.ts): ~25 bytes a row,
 * nothing per row on the heap. A row is probed for once: the empty slot its
 * probe found is where `remember` puts it (nothing is added in between).
 */
function hashedSeen(): HashedSeen {
  // One table for row hashes and id hashes (their hashes are seeded apart):
  // reserved once for both, it never grows during a file.
  const rows = new SourceTable(1 << 14);
  const ids = rows;
  let rowsKept = 0;
  let idsKept = 0;
  // The last probe: its hash (by value: a replay reuses one key object) and the slot it found.
  let probedH1 = 0;
  let probedH2 = 0;
  let probedCheck = -1;
  let probedSlot = 0;
  /** Whether the last probe was for `k` and found it absent, with nothing added since; at most once. */
  const probedFor = (k: Hash64): boolean => {
    const fresh = probedSlot < 0 && k.h1 === probedH1 && k.h2 === probedH2 && k.check === probedCheck;
    if (fresh) probedCheck = -1;
    return fresh;
  };
  return {
    idUsedAtKey: (idKey) => ids.get(idKey),
    rememberKeys(key, idKey, source) {
      if (probedFor(key)) rows.insert(probedSlot, key, source);
      else rows.set(key, source);
      rowsKept += 1;
      if (idKey !== null) {
        ids.set(idKey, source);
        idsKept += 1;
      }
    },
    key: recordHash,
    duplicateOf(key) {
      const slot = rows.probe(key as Hash64);
      probedH1 = (key as Hash64).h1;
      probedH2 = (key as Hash64).h2;
      probedCheck = (key as Hash64).check;
      probedSlot = slot;
      return slot >= 0 ? rows.sourceAt(slot) : undefined;
    },
    idUsedAt: (record) => (record.id === '' ? undefined : ids.get(idHash(record.kind, record.id))),
    remember(record, key) {
      if (probedFor(key as Hash64)) rows.insert(probedSlot, key as Hash64, record.source);
      else rows.set(key as Hash64, record.source);
      rowsKept += 1;
      if (record.id !== '') {
        ids.set(idHash(record.kind, record.id), record.source);
        idsKept += 1;
      }
    },
    reserve(n) {
      probedCheck = -1; // a grown table has other slots
      // Room for the rows and, in the proportion seen so far, their ids.
      rows.reserve(rowsKept === 0 ? n : Math.ceil(n * (1 + idsKept / rowsKept)));
    },
  };
}

/**
 * §8 checks of one record of the month, in the order a clerk would fix them:
 * people on the roster, unit known, not a duplicate row, id not used before.
 */
function checkRecord(
  record: EventRecord,
  state: MonthState,
  seen: Seen,
): Checked | string {
  const people = state.members;
  const units = state.roster.units;
  const month = state.bounds.month;
  let entries: Member[];
  const one = record.people.length === 1 ? people.get(record.people[0] as string) : undefined;
  if (one !== undefined) entries = [one]; // the common case, without a Set and three arrays
  else {
    const ids_ = [...new Set(record.people)];
    if (ids_.length === 0) return `no employee named`;
    const unknown = ids_.filter((id) => !people.has(id));
    if (unknown.length > 0) return unknown.map((id) => notOnRoster(id, month, state.padIndex)).join('; ');
    entries = ids_.map((id) => people.get(id) as Member);
  }
  const unit = record.unit !== '' ? record.unit : (entries[0] as Member).entry.unit;
  if (!units.has(unit)) return `unit "${unit}" is not a unit of the roster of ${month}`;
  const key = seen.key(record);
  const earlier = seen.duplicateOf(key);
  if (earlier) return `duplicate of ${earlier.file}:${earlier.line}`;
  const usedAt = seen.idUsedAt(record);
  if (usedAt) return `id "${record.id}" already used at ${usedAt.file}:${usedAt.line}`;
  return { people: entries, unit, key };
}

/**
 * The checks of checkRecord on a prepared record: its people and unit when
 * all pass, null when any fails (the caller then runs the full check, which
 * words the reject).
 */
function checkPrepared(p: PreparedRecord, state: MonthState, seen: HashedSeen): { people: Member[]; unit: string } | null {
  const byNo = state.membersByNo;
  let entries: Member[];
  if (p.people.length === 1) {
    const one = byNo[p.people[0] as number];
    if (one === undefined) return null;
    entries = [one];
  } else {
    const nos = [...new Set(Array.from(p.people))];
    const found = nos.map((n) => byNo[n]);
    if (found.length === 0 || found.some((m) => m === undefined)) return null;
    entries = found as Member[];
  }
  const unit = p.unit !== '' ? p.unit : (entries[0] as Member).entry.unit;
  if (!state.roster.units.has(unit)) return null;
  if (seen.duplicateOf(p.key) !== undefined) return null;
  if (p.idKey !== null && seen.idUsedAtKey(p.idKey) !== undefined) return null;
  return { people: entries, unit };
}

function notOnRoster(id: string, month: Month, index: Map<string, string>): string {
  const hint = padHint(id, index);
  return `employee "${id}" is not on the roster of ${month}` + (hint ? `; ${hint}` : '');
}

/**
 * A compact key of a record's kind and values (not its file or line): two
 * rows are duplicates when every canonical field is equal. Hashed so that the
 * set of seen rows costs a fixed ~30 bytes a row whatever the notes' length.
 */
export function duplicateKey(record: EventRecord): string {
  const fields = Object.keys(record.values)
    .sort(byCodeUnits)
    .map((k) => [k, record.values[k]]);
  return createHash('sha256')
    .update(JSON.stringify([record.kind, fields]))
    .digest('base64')
    .slice(0, 24);
}

/**
 * Applies every record rule on the record's kind that is effective on its
 * date and whose `when` holds. Returns whether any rule matched.
 */
function applyRecordRules(
  source: Source,
  people: Member[],
  unit: string,
  rules: RecordRule[],
  holds: (rule: RecordRule) => boolean,
  tally: Tally,
  effects: EffectSink,
): boolean {
  const record = { source };
  let matched = false;
  for (const rule of rules) {
    if (!holds(rule)) continue;
    matched = true;
    if (hasPersonSide(rule)) for (const p of people) effects.push(tally.person(rule, p, record.source), p);
    if (rule.effects.unitPoints !== 0) effects.push(tally.unit(rule, unit, record.source));
  }
  return matched;
}

/** Counts the record towards each aggregate rule over its kind, per person or for its unit. */
function countAggregates(kind: EventKind, people: Member[], unit: string, state: MonthState, where: (rule: AggregateRule) => boolean) {
  for (const { rule, counts } of state.aggregates) {
    if (rule.over !== kind) continue;
    const counted = where(rule) ? 1 : 0;
    if (counts.per === 'person') {
      for (const p of people) {
        (counts.total[p.index] as number) += 1;
        (counts.count[p.index] as number) += counted;
      }
    } else {
      const c = counts.byUnit.get(unit);
      if (c) {
        c.total += 1;
        c.count += counted;
      } else counts.byUnit.set(unit, { total: 1, count: counted });
    }
  }
}

/** Empty counters for an aggregate rule over a roster of `people` people. */
function newCounts(rule: AggregateRule, people: number): Counts {
  return rule.per === 'person'
    ? { per: 'person', total: new Int32Array(people), count: new Int32Array(people) }
    : { per: 'unit', byUnit: new Map() };
}

/**
 * Evaluates each aggregate rule for every person (`people`: the month's
 * roster in report order) or unit, including those with no records (total 0). A per-person rule's unit
 * points go to the person's roster unit; a per-unit rule has unit points only.
 * Effects come back sorted by rule, unit, employee.
 */
function applyAggregates(state: MonthState, people: readonly Member[], tally: Tally): Effect[] {
  const out: Effect[] = [];
  const units = [...state.roster.units].sort(byCodeUnits);
  for (const { rule, counts } of state.aggregates) {
    const holds = (total: number, count: number) => rule.when({ total, count, rate: total === 0 ? 0 : count / total }, state.ctx);
    if (counts.per === 'person') {
      for (const p of people.filter((q) => holds(counts.total[q.index] as number, counts.count[q.index] as number))) {
        if (hasPersonSide(rule)) out.push(tally.person(rule, p, null));
        if (rule.effects.unitPoints !== 0) out.push(tally.unit(rule, p.entry.unit, null));
      }
    } else {
      const of = (u: string) => counts.byUnit.get(u) ?? { total: 0, count: 0 };
      for (const u of units.filter((v) => holds(of(v).total, of(v).count))) out.push(tally.unit(rule, u, null));
    }
  }
  return out.sort((a, b) => byCodeUnits(a.rule, b.rule) || byCodeUnits(a.unit, b.unit) || byCodeUnits(a.employee, b.employee));
}

/**
 * Whether a rule acts on people: points, bonus or veto. A rule with no
 * effect at all still leaves a (zero) trace on its people, so that a match
 * is never invisible.
 */
function hasPersonSide(rule: Rule): boolean {
  const e = rule.effects;
  return e.points !== 0 || e.bonus !== null || e.veto || e.unitPoints === 0;
}

/** Record rules grouped by kind, sorted by id so that effects come out in a stable order. */
function recordRulesByKind(rules: Rule[]): Map<EventKind, RecordRule[]> {
  const byKind = new Map<EventKind, RecordRule[]>();
  for (const r of [...rules].sort(byRuleId)) {
    if (r.type !== 'record') continue;
    byKind.set(r.on, [...(byKind.get(r.on) ?? []), r]);
  }
  return byKind;
}

function byRuleId(a: Rule, b: Rule): number {
  return byCodeUnits(a.id, b.id);
}

/** §8: records no rule matched, counted per kind and type (`category` for complaints). */
function countUnmatched(unmatched: Map<EventKind, Map<string, Unmatched>>, kind: EventKind, type: string) {
  let byType = unmatched.get(kind);
  if (!byType) unmatched.set(kind, (byType = new Map()));
  const u = byType.get(type);
  if (u) u.count += 1;
  else byType.set(type, { kind, type, count: 1 });
}

/** The type under which an unmatched record is counted (`category` for complaints). */
export function unmatchedType(record: EventRecord): string {
  return String((record.kind === 'complaint' ? record.values.category : record.values.type) ?? '');
}

function manyMonths(rowsByMonth: Map<Month, number>): string {
  const list = [...rowsByMonth.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([m, n]) => `${m}: ${n} row${n === 1 ? '' : 's'}`)
    .join(', ');
  return `records fall in more than one month (${list}); pass --month YYYY-MM`;
}

/**
 * Every distinct employee id of the roster (all months), in the order first
 * written: the numbering a worker thread uses to name a record's people
 * (PreparedRecord.people) without sending the ids themselves.
 */
export function rosterIds(roster: readonly RosterEntry[]): string[] {
  return [...new Set(roster.map((e) => e.employee))];
}
