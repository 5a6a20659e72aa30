/**
 * The domain types shared by every layer of assess. Money is integer fen and
 * scores are integer hundredths of a point, end to end; both are branded so
 * that a plain number (or a float) cannot be passed where one is expected.
 */

/** Integer number of fen (1 yuan = 100 fen). */
export type Fen = number & { readonly __unit: 'fen' };
/** Integer number of hundredths of a point (100 points = 10000). */
export type Hundredths = number & { readonly __unit: 'hundredths' };

/** Brands an integer as fen. Throws on a non-integer: that is a bug, never input. */
export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new Error(`internal: fen must be a safe integer, got ${n}`);
  return n as Fen;
}

/** Brands an integer as hundredths of a point. Throws on a non-integer (a bug). */
export function hundredths(n: number): Hundredths {
  if (!Number.isSafeInteger(n)) throw new Error(`internal: hundredths must be a safe integer, got ${n}`);
  return n as Hundredths;
}

export const KINDS = ['roster', 'incident', 'complaint', 'training'] as const;
export type Kind = (typeof KINDS)[number];
/** The kinds a rule can be `on` / `over`: the event kinds. */
export const EVENT_KINDS = ['incident', 'complaint', 'training'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Wall-clock time of the bureau, as whole seconds since 1970-01-01 00:00:00
 * computed as if it were UTC (no time-zone arithmetic is ever applied).
 * A date without a time is its midnight.
 */
export type WallTime = number & { readonly __unit: 'wall-seconds' };

/** Where a value came from: `file:line` for data. `file` is the path as the user gave it. */
export interface Source {
  file: string;
  line: number;
}

/** `YYYY-MM` */
export type Month = string;

/** One person's roster row, typed. */
export interface RosterEntry {
  employee: string;
  name: string;
  unit: string;
  role: string;
  wage: Fen;
  bonus: Fen;
  from: WallTime | null;
  until: WallTime | null;
  source: Source;
}

/** The value types of canonical fields (§3.1). */
export type FieldType = 'string' | 'id' | 'ids' | 'money' | 'number' | 'bool' | 'date' | 'datetime' | 'status';

/**
 * A typed event record. `values` holds every canonical field of its kind,
 * defaulted (§3.1): strings are trimmed ('' when empty), money is Fen,
 * numbers are numbers, booleans are booleans, dates/datetimes are WallTime
 * or null when empty, `employees` is string[].
 */
export interface EventRecord {
  kind: EventKind;
  /** The record's date: `date`, or `received_at` for a complaint. */
  at: WallTime;
  /** The people the record is about (§3.1 "people"). */
  people: string[];
  /** The unit named in the record, or '' (then the first person's roster unit applies). */
  unit: string;
  /** `id` field or ''. */
  id: string;
  values: Record<string, string | number | boolean | string[] | null>;
  source: Source;
}
