/**
 * Raw CSV rows → typed, defaulted records (SPEC §3.1), or rejects that say
 * what is wrong and how to fix it (§8). Everything that depends only on the
 * header — column indexes, value alias maps, parsed defaults, labels — is
 * resolved once per file into a plan; the per-row work is index, trim, map,
 * parse.
 */
import { DEFAULT_MAX_AMOUNT, yuanText } from '../limits.js';
import { EVENT_KINDS } from '../types.js';
import type { EventKind, EventRecord, Fen, FieldType, Kind, RosterEntry, WallTime } from '../types.js';
import { inCodeOrder, problem } from '../problems.js';
import type { FieldRef, Place, Problem } from '../problems.js';
import { normaliseHeader } from './columns.js';
import { KIND_FIELDS, STATUSES, dateFieldOf } from '../fields.js';
import { fieldRef } from './layout.js';
import type { ColumnsConfig, FileLayout, RawRow, TypedRow } from './types.js';
import {
  hasTooManyDecimals, looksLikeBuiltinDate, parseBool, parseDate, parseDateTime, parseMoney, parseNumber,
  spreadsheetPattern,
} from './values.js';
import { dayOf, formatWallTime } from '../calendar.js';

type Value = string | number | boolean | string[] | null;

/** Separators between the ids of `employees` (§3.1), plus the full-width comma and semicolon of Chinese input methods. */
const ID_SEPARATORS = /[;、,/，；]/;
const STATUS_SET: ReadonlySet<string> = new Set(STATUSES);
const DIGITS = /^\d+$/;
/** How many distinct kind cells a combined register's typer remembers. */
const KIND_CACHE_SIZE = 64;
/** How many distinct units and roles a roster's typer keeps one string of. */
const SHARED_TEXTS = 4096;

/**
 * Pads an all-digit id shorter than `pad` with leading zeros (`15` → `0015`
 * for pad 4); other ids, and every id when `pad` is null, stay as they are.
 */
export function padId(id: string, pad: number | null): string {
  return pad !== null && id.length < pad && DIGITS.test(id) ? '0'.repeat(pad - id.length) + id : id;
}

/** How one canonical field of one kind is read from a row. */
interface FieldPlan {
  field: string;
  /** Column index, or -1 when the file has no such column. */
  index: number;
  required: boolean;
  /** Raw value → canonical value (columns.yaml `values`), keyed by the normalised raw value. */
  aliases: ReadonlyMap<string, string> | undefined;
  /** Parses a non-empty, alias-mapped value; null = invalid. */
  parse: (raw: string) => Value;
  /** The value of an empty cell: the parsed default, or the type's empty value. */
  empty: Value;
  /** Why `raw` (as written) is not a valid value, at `place`. */
  explain: (raw: string, place: Place) => Problem;
  ref: FieldRef;
}

interface KindPlan {
  kind: Kind;
  fields: FieldPlan[];
}

/** The parser and the "what was expected" problem of a value type. */
function typeRules(ref: FieldRef, type: FieldType, cfg: ColumnsConfig, maxAmount: Fen): Pick<FieldPlan, 'parse' | 'explain'> {
  const formats = cfg.dateFormats;
  const pad = cfg.idPad;
  const field = ref;
  const never = (): Problem => {
    throw new Error(`internal: ${ref.field} of type ${type} cannot be invalid`);
  };
  const dateProblem = (raw: string, place: Place, time: boolean): Problem => (looksLikeBuiltinDate(raw)
    ? problem('BAD_DATE', place, { field, value: short(raw), time })
    : problem('DATE_FORMAT', place, { field, value: short(raw), time, pattern: spreadsheetPattern(raw) }));
  switch (type) {
    case 'string':
      return { parse: (raw) => raw, explain: never };
    case 'id':
      return { parse: (raw) => padId(raw, pad), explain: never };
    case 'ids':
      return {
        parse: (raw) => {
          // One id, as most rows name: as the split below gives it, without its arrays.
          if (!ID_SEPARATORS.test(raw)) {
            const id = raw.trim();
            return id === '' ? null : [padId(id, pad)];
          }
          const ids = raw.split(ID_SEPARATORS).map((s) => s.trim()).filter((s) => s !== '').map((s) => padId(s, pad));
          return ids.length === 0 ? null : ids;
        },
        explain: (raw, place) => problem('NO_EMPLOYEE', place, { field, value: short(raw) }),
      };
    case 'money':
      return {
        // SPEC §8: amounts are ≥ 0 and at most scoring.max_amount; beyond exact integers is no amount.
        parse: (raw) => {
          const v = parseMoney(raw);
          return v === null || v < 0 || v > maxAmount ? null : v;
        },
        explain: (raw, place) => moneyProblem(field, raw, maxAmount, place),
      };
    case 'number':
      return {
        parse: parseNumber,
        explain: (raw, place) => (/^\s*-?\d+(\.\d+)?\s*$/.test(raw)
          ? problem('NUMBER_TOO_LARGE', place, { field, value: short(raw), max: Number.MAX_SAFE_INTEGER })
          : problem('BAD_NUMBER', place, { field, value: short(raw) })),
      };
    case 'bool':
      return { parse: parseBool, explain: (raw, place) => problem('BAD_BOOL', place, { field, value: short(raw) }) };
    case 'date':
      return {
        parse: (raw) => parseDate(raw, formats) ?? midnightOnly(parseDateTime(raw, formats)),
        explain: (raw, place) => dateProblem(raw, place, false),
      };
    case 'datetime':
      return {
        parse: (raw) => parseDateTime(raw, formats),
        explain: (raw, place) => dateProblem(raw, place, true),
      };
    case 'status':
      return {
        // Canonical names match in any case even without a columns.yaml.
        parse: (raw) => (STATUS_SET.has(raw) ? raw : STATUS_SET.has(raw.toLowerCase()) ? raw.toLowerCase() : null),
        explain: (raw, place) => problem('UNKNOWN_STATUS', place, { field, value: short(raw), known: [...STATUSES] }),
      };
  }
}

/** A cell's text for a message: a field of megabytes is cut to its start. */
function short(raw: string): string {
  return raw.length <= 40 ? raw : `${raw.slice(0, 30)}…(${raw.length} characters)`;
}

/** Why a money cell is refused: negative, too large, too many decimals, or no amount. */
function moneyProblem(field: FieldRef, raw: string, maxAmount: Fen, place: Place): Problem {
  const v = parseMoney(raw);
  const value = short(raw);
  if (v !== null && v < 0) return problem('NEGATIVE_AMOUNT', place, { field, value });
  // A value beyond exact integers is no amount at all: parseMoney gives null.
  if ((v !== null && v > maxAmount) || (v === null && /^\s*-?[¥￥]?-?[\d,]+(\.\d{1,2})?\s*$/.test(raw))) {
    return problem('AMOUNT_TOO_LARGE', place, { field, value, max: yuanText(maxAmount) });
  }
  if (hasTooManyDecimals(raw)) return problem('AMOUNT_DECIMALS', place, { field, value });
  return problem('BAD_AMOUNT', place, { field, value });
}

/** A date written with a time of exactly midnight (`2026-01-01 00:00`) is that date; any other time is not a date. */
function midnightOnly(t: WallTime | null): WallTime | null {
  return t !== null && dayOf(t) === t ? t : null;
}

/** The value of an empty optional field of a type with no default. */
function emptyValue(type: FieldType): Value {
  switch (type) {
    case 'ids':
      return [];
    case 'money':
    case 'number':
    case 'bool':
    case 'date':
    case 'datetime':
      return null;
    default:
      return '';
  }
}

function planKind(kind: Kind, layout: FileLayout, cfg: ColumnsConfig, maxAmount: Fen): KindPlan {
  const spec = KIND_FIELDS[kind];
  const fields = [...spec.required, ...spec.optional].map((field): FieldPlan => {
    const type = spec.types[field] ?? 'string';
    const ref = fieldRef(field, cfg, layout.header, layout.columns);
    const rules = typeRules(ref, type, cfg, maxAmount);
    const fallback = spec.defaults[field];
    const empty = fallback === undefined ? emptyValue(type) : rules.parse(fallback);
    if (empty === null && fallback !== undefined) throw new Error(`internal: default of ${kind}.${field} does not parse`);
    return {
      field,
      index: layout.columns.get(field) ?? -1,
      required: spec.required.includes(field),
      aliases: cfg.values.get(field),
      empty,
      ref,
      ...rules,
    };
  });
  return { kind, fields };
}

/**
 * Reads a row's fields per plan into `values`; returns every problem of the
 * row (a missing required field, a value that does not parse), or none.
 */
function readFields(fields: readonly string[], plan: KindPlan, values: Record<string, Value>, file: string, line: number): Problem[] | null {
  let problems: Problem[] | null = null;
  for (const p of plan.fields) {
    const written = p.index >= 0 ? (fields[p.index] as string).trim() : '';
    if (written === '') {
      if (p.required) (problems ??= []).push(problem('MISSING_FIELD', { file, line }, { field: p.ref }));
      values[p.field] = p.empty;
      continue;
    }
    const raw = p.aliases === undefined ? written : (p.aliases.get(written.toLowerCase()) ?? written);
    const value = p.parse(raw);
    if (value === null) (problems ??= []).push(p.explain(written, { file, line }));
    values[p.field] = value;
  }
  return problems;
}

function rosterEntry(v: Record<string, Value>, file: string, line: number, one: (text: string) => string): RosterEntry {
  return {
    employee: v.employee as string,
    name: v.name as string,
    unit: one(v.unit as string),
    role: one(v.role as string),
    wage: v.wage as Fen,
    bonus: v.bonus as Fen,
    from: v.from as WallTime | null,
    until: v.until as WallTime | null,
    source: { file, line },
  };
}

function peopleOf(kind: EventKind, v: Record<string, Value>): string[] {
  switch (kind) {
    case 'incident':
      return v.employees as string[];
    case 'complaint':
      return [v.responsible as string];
    case 'training':
      return [v.employee as string];
  }
}

/** The people an event row names, when its people fields were read without a problem; else undefined. */
function namedPeople(kind: EventKind, v: Record<string, Value>): string[] | undefined {
  const people = peopleOf(kind, v);
  return Array.isArray(people) && people.length > 0 && people.every((id) => typeof id === 'string' && id !== '') ? people : undefined;
}

function eventRecord(kind: EventKind, v: Record<string, Value>, file: string, line: number): EventRecord {
  return {
    kind,
    at: v[dateFieldOf(kind)] as WallTime,
    people: peopleOf(kind, v),
    unit: (v.unit as string | undefined) ?? '',
    id: (v.id as string | undefined) ?? '',
    values: v,
    source: { file, line },
  };
}

/**
 * Builds the typer for one file: `(row) => TypedRow`. Per row it checks the
 * field count against the header, picks the kind (the file's, or the row's
 * `kind` value through `values.kind` aliases in a combined register), trims
 * every field, maps values through columns.yaml `values`, rejects a missing
 * required field or a value that does not parse (naming the field, the raw
 * value, what was expected and the fix), applies defaults, pads ids to
 * `ids.pad`, and returns a RosterEntry or an EventRecord with its source.
 */
export function makeRowTyper(layout: FileLayout, cfg: ColumnsConfig, maxAmount: Fen = DEFAULT_MAX_AMOUNT): (row: RawRow) => TypedRow {
  const { file, width } = layout;
  const plans = new Map<string, KindPlan>();
  if (layout.kind !== null) plans.set(layout.kind, planKind(layout.kind, layout, cfg, maxAmount));
  else for (const k of EVENT_KINDS) plans.set(k, planKind(k, layout, cfg, maxAmount));
  const single = layout.kind === null ? null : (plans.get(layout.kind) as KindPlan);
  const kindColumn = layout.kindColumn ?? -1;
  const kindAliases = cfg.values.get('kind');
  const kindRef = fieldRef('kind', cfg, layout.header, layout.columns);

  const reject = (row: RawRow, problems: Problem[], people?: string[]): TypedRow => ({
    ok: false,
    reject: { source: { file, line: row.line }, problems: inCodeOrder(problems), row: row.fields },
    ...(people === undefined ? {} : { people }),
  });

  /** The plan for a combined-register row's kind cell as written, or why there is none (its place filled in per row). */
  const planOfKind = (cell: string): KindPlan | ((place: Place) => Problem) => {
    const written = cell.trim();
    if (written === '') return (place) => problem('MISSING_FIELD', place, { field: kindRef });
    const lower = normaliseHeader(written);
    const plan = plans.get(kindAliases?.get(lower) ?? lower);
    return plan ?? ((place) => problem('UNKNOWN_KIND', place, { value: short(written), known: [...EVENT_KINDS] }));
  };
  // A register writes its few kinds the same way on every row: remember the
  // answer per cell text (a bounded number of them, whatever the file holds).
  const kindCache = new Map<string, KindPlan | ((place: Place) => Problem)>();
  const planOfRow = (fields: readonly string[]): KindPlan | ((place: Place) => Problem) => {
    const cell = fields[kindColumn] as string;
    let plan = kindCache.get(cell);
    if (plan === undefined) {
      plan = planOfKind(cell);
      if (kindCache.size < KIND_CACHE_SIZE) kindCache.set(cell, plan);
    }
    return plan;
  };

  // A roster names a few hundred units and roles over thousands of rows: one string for each,
  // not one per row, is less to keep and to collect, and a unit's table lookups find one string.
  const copies = new Map<string, string>();
  const oneCopy = (text: string): string => {
    const first = copies.get(text);
    if (first !== undefined) return first;
    if (copies.size < SHARED_TEXTS) copies.set(text, text);
    return text;
  };

  return (row: RawRow): TypedRow => {
    const fields = row.fields;
    if (fields.length !== width) return reject(row, [problem('FIELD_COUNT', { file, line: row.line }, { found: fields.length, expected: width })]);
    const plan = single ?? planOfRow(fields);
    if (typeof plan === 'function') return reject(row, [plan({ file, line: row.line })]);
    const values: Record<string, Value> = {};
    const problems = readFields(fields, plan, values, file, row.line);
    // The people of an event row that fails for another reason still go with it, so that the roster
    // check can add its own hint (a spreadsheet that changed the dates also dropped the ids' zeros).
    if (problems !== null) return reject(row, problems, plan.kind === 'roster' ? undefined : namedPeople(plan.kind, values));
    if (plan.kind === 'roster') {
      const from = values.from as WallTime | null;
      const until = values.until as WallTime | null;
      if (from !== null && until !== null && until < from) {
        return reject(row, [problem('ROSTER_UNTIL_BEFORE_FROM', { file, line: row.line }, {
          until: fieldRef('until', cfg, layout.header, layout.columns), untilDate: formatWallTime(until, false),
          from: fieldRef('from', cfg, layout.header, layout.columns), fromDate: formatWallTime(from, false),
        })]);
      }
      return { ok: true, kind: 'roster', entry: rosterEntry(values, file, row.line, oneCopy) };
    }
    return { ok: true, kind: plan.kind, record: eventRecord(plan.kind, values, file, row.line) };
  };
}
