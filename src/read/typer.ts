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
import { normaliseHeader } from './columns.js';
import { KIND_FIELDS, STATUSES, dateFieldOf } from '../fields.js';
import { fieldLabel } from './layout.js';
import type { ColumnsConfig, FileLayout, RawRow, TypedRow } from './types.js';
import {
  hasTooManyDecimals, looksLikeBuiltinDate, parseBool, parseDate, parseDateTime, parseMoney, parseNumber,
} from './values.js';
import { dayOf, formatWallTime } from '../calendar.js';

type Value = string | number | boolean | string[] | null;

/** Separators between the ids of `employees` (§3.1), plus the full-width comma and semicolon of Chinese input methods. */
const ID_SEPARATORS = /[;、,/，；]/;
const STATUS_SET: ReadonlySet<string> = new Set(STATUSES);
const DIGITS = /^\d+$/;
/** How many distinct kind cells a combined register's typer remembers. */
const KIND_CACHE_SIZE = 64;

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
  /** Why `raw` (as written) is not a valid value. */
  explain: (raw: string) => string;
  label: string;
}

interface KindPlan {
  kind: Kind;
  fields: FieldPlan[];
}

const DATE_FORMS = 'YYYY-MM-DD, YYYY/M/D or YYYY年M月D日';
const DATETIME_FORMS = 'YYYY-MM-DD H:mm, YYYY/M/D H:mm or ISO 8601';
const ADD_PATTERN = 'add its pattern to formats.dates in columns.yaml';

/** The parser and the "what was expected" message of a value type. */
function typeRules(field: string, type: FieldType, cfg: ColumnsConfig, maxAmount: Fen): Pick<FieldPlan, 'parse' | 'explain'> {
  const formats = cfg.dateFormats;
  const pad = cfg.idPad;
  switch (type) {
    case 'string':
      return { parse: (raw) => raw, explain: () => '' };
    case 'id':
      return { parse: (raw) => padId(raw, pad), explain: () => '' };
    case 'ids':
      return {
        parse: (raw) => {
          const ids = raw.split(ID_SEPARATORS).map((s) => s.trim()).filter((s) => s !== '').map((s) => padId(s, pad));
          return ids.length === 0 ? null : ids;
        },
        explain: (raw) => `${field} "${short(raw)}" names no employee id`,
      };
    case 'money':
      return {
        // SPEC §8: amounts are ≥ 0 and at most scoring.max_amount; beyond exact integers is no amount.
        parse: (raw) => {
          const v = parseMoney(raw);
          return v === null || v < 0 || v > maxAmount ? null : v;
        },
        explain: (raw) => moneyProblem(field, raw, maxAmount),
      };
    case 'number':
      return {
        parse: parseNumber,
        explain: (raw) => (/^\s*-?\d+(\.\d+)?\s*$/.test(raw)
          ? `${field} "${short(raw)}" is too large (at most ${Number.MAX_SAFE_INTEGER})` // CODE: NUMBER_TOO_LARGE
          : `${field} "${short(raw)}" is not a number (expected e.g. 24 or 1.5)`),
      };
    case 'bool':
      return { parse: parseBool, explain: (raw) => `${field} "${short(raw)}" is not yes or no (expected yes/no, true/false, 1/0, 是/否 or Y/N)` };
    case 'date':
      return {
        parse: (raw) => parseDate(raw, formats) ?? midnightOnly(parseDateTime(raw, formats)),
        explain: (raw) => (looksLikeBuiltinDate(raw)
          ? `${field} "${short(raw)}" is not a real date`
          : `${field} "${short(raw)}" is not a recognised date (expected ${DATE_FORMS}); ${ADD_PATTERN}`),
      };
    case 'datetime':
      return {
        parse: (raw) => parseDateTime(raw, formats),
        explain: (raw) => (looksLikeBuiltinDate(raw)
          ? `${field} "${short(raw)}" is not a real date and time`
          : `${field} "${short(raw)}" is not a recognised date-time (expected ${DATETIME_FORMS}); ${ADD_PATTERN}`),
      };
    case 'status':
      return {
        // Canonical names match in any case even without a columns.yaml.
        parse: (raw) => (STATUS_SET.has(raw) ? raw : STATUS_SET.has(raw.toLowerCase()) ? raw.toLowerCase() : null),
        explain: (raw) => `${field} "${short(raw)}" is not one of ${STATUSES.join(', ')} (add it under values.status in columns.yaml)`,
      };
  }
}

/** A cell's text for a message: a field of megabytes is cut to its start. */
function short(raw: string): string {
  return raw.length <= 40 ? raw : `${raw.slice(0, 30)}…(${raw.length} characters)`;
}

/** Why a money cell is refused: negative, too large, too many decimals, or no amount. */
function moneyProblem(field: string, raw: string, maxAmount: Fen): string {
  const v = parseMoney(raw);
  // CODE: NEGATIVE_AMOUNT
  if (v !== null && v < 0) return `${field} "${short(raw)}" is negative; amounts are 0 or more`;
  // CODE: AMOUNT_TOO_LARGE (a value beyond exact integers is no amount at all: parseMoney gives null)
  if ((v !== null && v > maxAmount) || (v === null && /^\s*-?[¥￥]?-?[\d,]+(\.\d{1,2})?\s*$/.test(raw))) {
    return `${field} "${short(raw)}" is larger than ${yuanText(maxAmount)} yuan, the most an amount may be (scoring.max_amount)`;
  }
  if (hasTooManyDecimals(raw)) return `${field} "${short(raw)}" has more than two decimals`;
  return `${field} "${short(raw)}" is not an amount in yuan (expected e.g. 4200.00)`;
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
    const rules = typeRules(field, type, cfg, maxAmount);
    const fallback = spec.defaults[field];
    const empty = fallback === undefined ? emptyValue(type) : rules.parse(fallback);
    if (empty === null && fallback !== undefined) throw new Error(`internal: default of ${kind}.${field} does not parse`);
    return {
      field,
      index: layout.columns.get(field) ?? -1,
      required: spec.required.includes(field),
      aliases: cfg.values.get(field),
      empty,
      label: fieldLabel(field, cfg),
      ...rules,
    };
  });
  return { kind, fields };
}

/** Reads a row's fields per plan into `values`; returns a reject reason, or null when all is well. */
function readFields(fields: readonly string[], plan: KindPlan, values: Record<string, Value>): string | null {
  for (const p of plan.fields) {
    const written = p.index >= 0 ? (fields[p.index] as string).trim() : '';
    if (written === '') {
      if (p.required) return `missing ${p.label}`;
      values[p.field] = p.empty;
      continue;
    }
    const raw = p.aliases === undefined ? written : (p.aliases.get(written.toLowerCase()) ?? written);
    const value = p.parse(raw);
    if (value === null) return p.explain(written);
    values[p.field] = value;
  }
  return null;
}

function rosterEntry(v: Record<string, Value>, file: string, line: number): RosterEntry {
  return {
    employee: v.employee as string,
    name: v.name as string,
    unit: v.unit as string,
    role: v.role as string,
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
 * `ids.pad`, refuses amounts below 0 or above `maxAmount` (scoring.max_amount), and returns a RosterEntry or an EventRecord with its source.
 */
export function makeRowTyper(layout: FileLayout, cfg: ColumnsConfig, maxAmount: Fen = DEFAULT_MAX_AMOUNT): (row: RawRow) => TypedRow {
  const { file, width } = layout;
  const plans = new Map<string, KindPlan>();
  if (layout.kind !== null) plans.set(layout.kind, planKind(layout.kind, layout, cfg, maxAmount));
  else for (const k of EVENT_KINDS) plans.set(k, planKind(k, layout, cfg, maxAmount));
  const single = layout.kind === null ? null : (plans.get(layout.kind) as KindPlan);
  const kindColumn = layout.kindColumn ?? -1;
  const kindAliases = cfg.values.get('kind');
  const kindLabel = fieldLabel('kind', cfg);

  const reject = (row: RawRow, reason: string): TypedRow => ({
    ok: false,
    reject: { source: { file, line: row.line }, reason, row: row.fields },
  });

  /** The plan for a combined-register row's kind cell as written, or a reject reason. */
  const planOfKind = (cell: string): KindPlan | string => {
    const written = cell.trim();
    if (written === '') return `missing ${kindLabel}`;
    const lower = normaliseHeader(written);
    const plan = plans.get(kindAliases?.get(lower) ?? lower);
    return plan ?? `kind "${short(written)}" is not a kind of record (expected ${EVENT_KINDS.join(', ')}, or add it under values.kind in columns.yaml)`;
  };
  // A register writes its few kinds the same way on every row: remember the
  // answer per cell text (a bounded number of them, whatever the file holds).
  const kindCache = new Map<string, KindPlan | string>();
  const planOfRow = (fields: readonly string[]): KindPlan | string => {
    const cell = fields[kindColumn] as string;
    let plan = kindCache.get(cell);
    if (plan === undefined) {
      plan = planOfKind(cell);
      if (kindCache.size < KIND_CACHE_SIZE) kindCache.set(cell, plan);
    }
    return plan;
  };

  return (row: RawRow): TypedRow => {
    const fields = row.fields;
    if (fields.length !== width) return reject(row, `has ${fields.length} fields, the header has ${width}`);
    const plan = single ?? planOfRow(fields);
    if (typeof plan === 'string') return reject(row, plan);
    const values: Record<string, Value> = {};
    const problem = readFields(fields, plan, values);
    if (problem !== null) return reject(row, problem);
    if (plan.kind === 'roster') {
      const from = values.from as WallTime | null;
      const until = values.until as WallTime | null;
      // CODE: ROSTER_UNTIL_BEFORE_FROM
      if (from !== null && until !== null && until < from) {
        return reject(row, `${fieldLabel('until', cfg)} ${formatWallTime(until, false)} is before ${fieldLabel('from', cfg)} ${formatWallTime(from, false)}: the row covers no day (swap them, or fix the date)`);
      }
      return { ok: true, kind: 'roster', entry: rosterEntry(values, file, row.line) };
    }
    return { ok: true, kind: plan.kind, record: eventRecord(plan.kind, values, file, row.line) };
  };
}
