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
import type { AggregateRule, EvalContext, RecordRule, Rule, RuleSet } from '../rules/types.js';
import type { EventKind, EventRecord, Month, RosterEntry, Source } from '../types.js';
import { inCodeOrder, problem } from '../problems.js';
import type { Problem, Reject } from '../problems.js';
import { covers, formatDay, monthBounds, monthOf } from '../calendar.js';
import type { MonthBounds } from '../calendar.js';
import { byCodeUnits, inUnitOrder, personMonth, unitMonths } from './results.js';
import { activeRoster, idHint, padIndex } from './roster.js';
import type { ActiveRoster } from './roster.js';
import { EffectLog } from './effects.js';
import { createTally } from './tally.js';
import { member } from './tally.js';
import type { Member, Tally } from './tally.js';
import type { Hash64 } from './seen.js';
import { SourceTable } from './seen.js';
import { ruleHolds } from './evaluate.js';
import type { PreparedRecord } from './prepare.js';
import { recordPreparer } from './prepare.js';
import type { Effect, MonthResult, Unmatched } from './types.js';

export type { PreparedRecord } from './prepare.js';
export { duplicateKey, unmatchedType } from './prepare.js';

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
export type MonthOutcome = { ok: true; result: MonthResult } | { ok: false; problems: Problem[] };

/** Feeds records of one month and produces its results. */
export interface MonthAssessor {
  /**
   * Assesses one record. Returns the reject when the row cannot be used
   * (outside the month, unknown employee or unit, duplicate, id seen twice);
   * the same reject also appears in the result's `rejects`.
   */
  add(record: EventRecord, raw: string[]): Reject | null;
  /**
   * Assesses a record prepared elsewhere (a worker thread, src/engine/parallel.ts)
   * with recordPreparer over the same rules and rosterIds(roster), exactly
   * as `add` assesses the record it prepares. When the record would not
   * simply be accepted (a reject, the month not yet known, exact keys) it
   * calls `full`, which must materialise the record and call `add`: a
   * reject's wording needs the record's values and raw fields.
   */
  addPrepared(p: PreparedRecord, full: () => Reject | null): Reject | null;
  /**
   * The roster's problems with the people of a row that is rejected for
   * another reason (a date that cannot be read): the month's roster when the
   * month is known, else every roster row, so that both hints come in one run.
   */
  rosterProblems(people: readonly string[], source: Source): Problem[];
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
  /** What the duplicate tables hold (null with exact keys, which keep Maps), for ASSESS_DEBUG=stats. */
  seenStats(): SeenStats | null;
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
  /** The same in report order (unit, then employee id): sorted when the month begins, while rows are still being read, not after the last. */
  ordered: Member[];
  /** The same by number in rosterIds(roster); undefined for an id not on this month's roster. */
  membersByNo: (Member | undefined)[];
  /** The roster's ids by their digits without leading zeros (roster.ts padIndex), for the hint of an unknown id: made when one first needs it. */
  padIndex: Map<string, string> | null;
  aggregates: { rule: AggregateRule; j: number; counts: Counts }[];
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
  const ruleNo = new Map<Rule, number>(input.rules.rules.map((r, j) => [r, j]));
  const recordRules = recordRulesByKind(input.rules.rules, ruleNo);
  const ids = rosterIds(input.roster);
  const preparer = recordPreparer(input.rules.rules, ids, input.exactKeys === true);
  const bits = new Uint32Array(preparer.words);
  const tally = createTally();
  const effects: EffectSink = input.trace === false ? { push: () => undefined } : new EffectLog();
  const rejects: Reject[] = [];
  const unmatched = new Map<EventKind, Map<string, Unmatched>>();
  const seen: Seen = input.exactKeys === true ? exactSeen() : hashedSeen();
  const rowsByMonth = new Map<Month, number>();
  let state: MonthState | null = null;
  /** Every roster id of any month, and its index of ids with leading zeros: for rosterProblems() before the month is known. */
  let everyone: Map<string, unknown> | undefined;
  let everyoneIndex: Map<string, string> | undefined;
  let finished = false;

  const begin = (month: Month): MonthState => {
    const bounds = monthBounds(month);
    const roster = activeRoster(input.roster, bounds, input.rosterRaw);
    const aggregates = input.rules.rules
      .filter((r): r is AggregateRule => r.type === 'aggregate' && covers(r.effective, bounds.start))
      .sort(byRuleId)
      .map((rule) => ({ rule, j: ruleNo.get(rule) as number, counts: newCounts(rule, roster.people.size) }));
    const members = new Map<string, Member>();
    for (const entry of roster.people.values()) members.set(entry.employee, member(entry, members.size));
    const membersByNo = ids.map((id) => members.get(id));
    const ordered = inUnitOrder(members.values(), (m) => m.entry);
    return { bounds, ctx: { monthEnd: bounds.end }, roster, members, ordered, membersByNo, padIndex: null, aggregates };
  };

  const reject = (record: EventRecord, raw: string[], problems: Problem[]): Reject => {
    const r = { source: record.source, problems: inCodeOrder(problems), row: raw };
    if (input.keepRejects !== false) rejects.push(r);
    return r;
  };

  /**
   * §8 and §4 for one prepared record, in file order: the month, the checks,
   * then its rules' effects and counts. With `record` null (prepared
   * elsewhere), undefined when it would not simply be accepted, before any
   * state changes: the caller then assesses the record itself.
   */
  const admit = (p: PreparedRecord, record: EventRecord | null, raw: string[] | null): Reject | null | undefined => {
    if (finished) throw new Error('internal: add() after finish()');
    // The month's own rows skip monthOf (a Date and a string per row).
    const inMonth = state !== null && p.at >= state.bounds.start && p.at < state.bounds.end;
    if (record === null && !inMonth) return undefined;
    const month = state !== null && inMonth ? state.bounds.month : monthOf(p.at);
    state ??= begin(input.month ?? month);
    if (month !== state.bounds.month) {
      rowsByMonth.set(month, (rowsByMonth.get(month) ?? 0) + 1);
      if (input.month === null) return null; // counted: finish() reports the months found
      return reject(record as EventRecord, raw as string[], [problem('OUTSIDE_MONTH', (record as EventRecord).source, { date: formatDay(p.at), month: state.bounds.month })]);
    }
    const checked = check(p, state, seen, record);
    if (checked === null) return undefined;
    rowsByMonth.set(month, (rowsByMonth.get(month) ?? 0) + 1);
    if (Array.isArray(checked)) return reject(record as EventRecord, raw as string[], checked);
    seen.remember(p.key, p.idKey, p.source);
    const matched = applyRecordRules(p, checked.people, checked.unit, recordRules.get(p.kind) ?? [], tally, effects);
    if (!matched) countUnmatched(unmatched, p.kind, p.type);
    countAggregates(p, checked.people, checked.unit, state);
    return null;
  };

  return {
    add(record, raw) {
      return admit(preparer.prepare(record, bits, 0), record, raw) as Reject | null;
    },

    addPrepared(p, full) {
      if (input.exactKeys === true) return full(); // p holds hashes; exact keys compare canonical keys
      const outcome = admit(p, null, null);
      return outcome === undefined ? full() : outcome;
    },

    rosterProblems(people, source) {
      if (state === null && input.month !== null) state = begin(input.month);
      const month = state?.bounds.month ?? null;
      const known: ReadonlyMap<string, unknown> = state?.members ?? (everyone ??= new Map(input.roster.map((e) => [e.employee, e])));
      const index = state !== null ? padIndexOf(state) : (everyoneIndex ??= padIndex(known.keys()));
      return [...new Set(people)]
        .filter((id) => !known.has(id))
        .map((id) => problem('NOT_ON_ROSTER', source, { employee: id, month, hint: idHint(id, index, known) }));
    },

    reserve(rows) {
      if (rows > 0 && Number.isFinite(rows)) seen.reserve?.(Math.ceil(rows));
    },

    seenStats: () => seen.stats?.() ?? null,

    finish() {
      if (finished) throw new Error('internal: finish() called twice');
      finished = true;
      if (state === null && input.month === null) {
        return { ok: false, problems: [problem('MONTH_UNKNOWN', null, {})] };
      }
      if (input.month === null && rowsByMonth.size > 1) return { ok: false, problems: [manyMonths(rowsByMonth)] };
      const s = state ?? begin(input.month as Month);
      for (const e of applyAggregates(s, s.ordered, tally)) effects.push(e);
      const people = s.ordered.map((m) => personMonth(m, tally, input.rules.scoring));
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

/** A record that passed the checks: its people (once each) and resolved unit. */
interface Checked {
  people: Member[];
  unit: string;
}

type Key = Hash64 | string;

/** Why a row is not new (§8): a copy of an accepted row, or its id taken by one; and where that row is. */
type Earlier = { duplicate: Source } | { idUsed: Source };

/** The rows and ids accepted so far (§8): where a later identical row or reused id was first seen. */
interface Seen {
  /**
   * The accepted row that `key` (a row) copies, or else the one that took
   * `idKey`; undefined when neither. An identical row has the same id, so
   * only the row that took the id can be the one copied.
   */
  earlier(key: Key, idKey: Key | null): Earlier | undefined;
  /** Remembers an accepted row (its keys those of the last `earlier` call, or new ones). */
  remember(key: Key, idKey: Key | null, source: Source): void;
  reserve?(rows: number): void;
  /** What the tables hold, for ASSESS_DEBUG=stats. */
  stats?(): SeenStats;
}

/** The duplicate tables at the end of a month: entries, bytes, rows reserved for, times grown. */
export interface SeenStats {
  rowEntries: number;
  idEntries: number;
  bytes: number;
  /** Rows the tables were told to expect (`reserve`), all files together. */
  reserved: number;
  grown: number;
}

/** Exact canonical keys in Maps: ~150 bytes a row. */
function exactSeen(): Seen {
  const rows = new Map<string, Source>();
  const ids = new Map<string, Source>();
  return {
    earlier(key, idKey) {
      const duplicate = rows.get(key as string);
      if (duplicate !== undefined) return { duplicate };
      const idUsed = idKey === null ? undefined : ids.get(idKey as string);
      return idUsed === undefined ? undefined : { idUsed };
    },
    remember(key, idKey, source) {
      rows.set(key as string, source);
      if (idKey !== null) ids.set(idKey as string, source);
    },
  };
}

/**
 * 64-bit hashes in typed-array tables (src/assess/seen.ts), one entry per
 * accepted row and nothing per row on the heap: a row without an id by its
 * hash (12 bytes a slot); a row with an id by its id's hash, with its row
 * hash beside it (16 bytes a slot), since a copy of it has the same id. A
 * row is probed for once: the empty slot its probe found is where
 * `remember` puts it (nothing is added in between).
 */
function hashedSeen(): Seen {
  const rows = new SourceTable(1 << 14);
  const ids = new SourceTable(1 << 13, true);
  /** Rows the tables were told to expect (`reserve`), for the stats. */
  let reserved = 0;
  // The last probe: its table, its hash (by value: a replay reuses one key object) and the slot it found.
  let probedTable: SourceTable | null = null;
  let probedH1 = 0;
  let probedH2 = 0;
  let probedCheck = -1;
  let probedSlot = 0;
  const probe = (table: SourceTable, k: Hash64): number => {
    const slot = table.probe(k);
    probedTable = table;
    probedH1 = k.h1;
    probedH2 = k.h2;
    probedCheck = k.check;
    probedSlot = slot;
    return slot;
  };
  /** Whether the last probe was in `table` for `k` and found it absent, with nothing added since; at most once. */
  const probedFor = (table: SourceTable, k: Hash64): boolean => {
    const fresh = probedTable === table && probedSlot < 0 && k.h1 === probedH1 && k.h2 === probedH2 && k.check === probedCheck;
    if (fresh) probedCheck = -1;
    return fresh;
  };
  return {
    earlier(key, idKey) {
      if (idKey === null) {
        const slot = probe(rows, key as Hash64);
        return slot < 0 ? undefined : { duplicate: rows.sourceAt(slot) };
      }
      const slot = probe(ids, idKey as Hash64);
      if (slot < 0) return undefined;
      return ids.rowAt(slot, key as Hash64) ? { duplicate: ids.sourceAt(slot) } : { idUsed: ids.sourceAt(slot) };
    },
    remember(key, idKey, source) {
      const table = idKey === null ? rows : ids;
      const k = (idKey ?? key) as Hash64;
      if (probedFor(table, k)) table.insert(probedSlot, k, source, key as Hash64);
      else table.set(k, source, key as Hash64);
    },
    reserve(n) {
      reserved += n;
      probedCheck = -1; // a grown table has other slots
      // Room for the rows, shared between the tables in the proportion seen so far.
      const kept = rows.length + ids.length;
      const withId = kept === 0 ? 0.5 : ids.length / kept;
      rows.reserve(Math.ceil(n * (1 - withId)));
      ids.reserve(Math.ceil(n * withId));
    },
    stats: () => ({ rowEntries: rows.length, idEntries: ids.length, bytes: rows.bytes + ids.bytes, reserved, grown: rows.grown + ids.grown }),
  };
}

/**
 * §8 and §4 checks of one record of the month: people on the roster, unit
 * known, not a duplicate row, id not used before. The checked record when all
 * pass; else, worded from `record`, every problem of it (so that a clerk fixes
 * them in one round); without `record` (a record prepared elsewhere) null, and
 * the caller assesses the record itself.
 */
function check(p: PreparedRecord, state: MonthState, seen: Seen, record: EventRecord | null): Checked | Problem[] | null {
  const people = membersOf(p.people, state.membersByNo);
  const unit = p.unit !== '' ? p.unit : (people?.[0]?.entry.unit ?? '');
  const earlier = seen.earlier(p.key, p.idKey);
  const unitKnown = state.roster.units.has(unit);
  if (people !== null && unitKnown && earlier === undefined) return { people, unit };
  if (record === null) return null;
  const problems: Problem[] = people === null ? peopleProblems(record, state) : [];
  if (unit !== '' && !unitKnown) problems.push(problem('UNKNOWN_UNIT', record.source, { unit, month: state.bounds.month }));
  if (earlier !== undefined && 'duplicate' in earlier) problems.push(problem('DUPLICATE_ROW', record.source, { first: earlier.duplicate }));
  else if (earlier !== undefined) problems.push(problem('DUPLICATE_ID', record.source, { id: record.id, first: earlier.idUsed }));
  return problems;
}

/** The month's members named by `numbers` (each once, in order), or null when one is not on the month's roster or none is named. */
function membersOf(numbers: ArrayLike<number>, byNo: readonly (Member | undefined)[]): Member[] | null {
  if (numbers.length === 1) {
    const one = byNo[numbers[0] as number];
    return one === undefined ? null : [one]; // the common case, without a Set
  }
  const out: Member[] = [];
  for (const n of new Set(Array.from(numbers))) {
    const m = byNo[n];
    if (m === undefined) return null;
    out.push(m);
  }
  return out.length === 0 ? null : out;
}

/** The month's padIndex, made at its first use. */
function padIndexOf(state: MonthState): Map<string, string> {
  return (state.padIndex ??= padIndex(state.roster.people.keys()));
}

/** Why a record's people fail the check: none named, or who is not on the month's roster. */
function peopleProblems(record: EventRecord, state: MonthState): Problem[] {
  const ids = [...new Set(record.people)];
  if (ids.length === 0) return [problem('NO_EMPLOYEE_NAMED', record.source, {})];
  return ids
    .filter((id) => !state.members.has(id))
    .map((id) => problem('NOT_ON_ROSTER', record.source, { employee: id, month: state.bounds.month, hint: idHint(id, padIndexOf(state), state.members) }));
}

/**
 * Applies every record rule on the record's kind that is effective on its
 * date and whose `when` holds. Returns whether any rule matched.
 */
function applyRecordRules(
  p: PreparedRecord,
  people: Member[],
  unit: string,
  rules: readonly { rule: RecordRule; j: number }[],
  tally: Tally,
  effects: EffectSink,
): boolean {
  let matched = false;
  for (const { rule, j } of rules) {
    if (!ruleHolds(p.bits, p.base, j)) continue;
    matched = true;
    if (hasPersonSide(rule)) for (const m of people) effects.push(tally.person(rule, m, p.source), m);
    if (rule.effects.unitPoints !== 0) effects.push(tally.unit(rule, unit, p.source));
  }
  return matched;
}

/** Counts the record towards each aggregate rule over its kind, per person or for its unit. */
function countAggregates(p: PreparedRecord, people: Member[], unit: string, state: MonthState) {
  for (const { rule, j, counts } of state.aggregates) {
    if (rule.over !== p.kind) continue;
    const counted = ruleHolds(p.bits, p.base, j) ? 1 : 0;
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

/** Counts below this many have their aggregate rule's answer remembered (applyAggregates). */
const MEMO_COUNTS = 4096;

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
    const when = (total: number, count: number) => rule.when({ total, count, rate: total === 0 ? 0 : count / total }, state.ctx);
    // `when` reads only the counts (and the month): people with the same counts, most of a roster, get one evaluation.
    const known = new Map<number, boolean>();
    const holds = (total: number, count: number): boolean => {
      if (total >= MEMO_COUNTS || count >= MEMO_COUNTS) return when(total, count);
      const key = total * MEMO_COUNTS + count;
      let v = known.get(key);
      if (v === undefined) known.set(key, (v = when(total, count)));
      return v;
    };
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
function recordRulesByKind(rules: Rule[], ruleNo: Map<Rule, number>): Map<EventKind, { rule: RecordRule; j: number }[]> {
  const byKind = new Map<EventKind, { rule: RecordRule; j: number }[]>();
  for (const r of [...rules].sort(byRuleId)) {
    if (r.type !== 'record') continue;
    byKind.set(r.on, [...(byKind.get(r.on) ?? []), { rule: r, j: ruleNo.get(r) as number }]);
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

function manyMonths(rowsByMonth: Map<Month, number>): Problem {
  const months = [...rowsByMonth.entries()]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([month, rows]) => ({ month, rows }));
  return problem('MONTH_MANY', null, { months });
}

/**
 * Every distinct employee id of the roster (all months), in the order first
 * written: the numbering a worker thread uses to name a record's people
 * (PreparedRecord.people) without sending the ids themselves.
 */
export function rosterIds(roster: readonly RosterEntry[]): string[] {
  return [...new Set(roster.map((e) => e.employee))];
}
