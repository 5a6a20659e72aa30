/**
 * The month's roster (SPEC §3.1): who is assessed in a month, and the units
 * they make up.
 */
import type { RosterEntry } from '../types.js';
import { problem } from '../problems.js';
import type { IdHint, Reject } from '../problems.js';
import type { MonthBounds } from '../calendar.js';

/** The people on a month's roster, by employee id, and the roster rows that could not be used. */
export interface ActiveRoster {
  people: Map<string, RosterEntry>;
  /** Every unit of the month's roster. */
  units: Set<string>;
  /** A second active row for an employee id already on the month's roster. */
  rejects: Reject[];
}

/**
 * The entries on the roster of a month: `from` empty or on or before the
 * month's last day, `until` empty or on or after its first day. The first
 * active row of an employee id wins; a later active row with the same id is
 * rejected (rows of other months with that id are history, not duplicates).
 *
 * `raw` optionally gives each entry's raw CSV fields (parallel to `roster`)
 * for the reject's `row`; without it the row is rebuilt from the entry.
 *
 * @example activeRoster(entries, monthBounds('2026-02')).people.get('0015')
 */
export function activeRoster(roster: readonly RosterEntry[], bounds: MonthBounds, raw?: readonly string[][]): ActiveRoster {
  const people = new Map<string, RosterEntry>();
  const units = new Set<string>();
  const rejects: Reject[] = [];
  roster.forEach((entry, i) => {
    if (!isActive(entry, bounds)) return;
    const first = people.get(entry.employee);
    if (first) {
      rejects.push({
        source: entry.source,
        problems: [problem('ROSTER_DUPLICATE', entry.source, { employee: entry.employee, month: bounds.month, first: first.source })],
        row: raw?.[i] ?? [entry.employee, entry.name, entry.unit],
      });
      return;
    }
    people.set(entry.employee, entry);
    units.add(entry.unit);
  });
  return { people, units, rejects };
}

/** §3.1: on the month's roster when `from` ≤ last day and `until` ≥ first day (empty = open). */
export function isActive(entry: RosterEntry, bounds: MonthBounds): boolean {
  return (entry.from === null || entry.from < bounds.end) && (entry.until === null || entry.until >= bounds.start);
}

/**
 * A hint for an unknown id: the roster id it probably is. Either an
 * all-digit id that a spreadsheet stripped of its leading zeros (`15` for
 * `0015`: set ids.pad), or one typed in full-width digits (`００１５`).
 * Null when neither fits. Build `index` once per roster with {@link padIndex}.
 */
export function idHint(id: string, index: Map<string, string>, roster: ReadonlyMap<string, unknown>): IdHint | null {
  const half = id.normalize('NFKC');
  if (half !== id && roster.has(half)) return { suggest: half, why: 'fullwidth', pad: 0 };
  if (!/^\d+$/.test(half)) return null;
  const match = index.get(stripZeros(half));
  if (match === undefined || match.length <= half.length) return null;
  if (half !== id) return { suggest: match, why: 'fullwidth', pad: 0 };
  return { suggest: match, why: 'pad', pad: match.length };
}

/** All-digit roster ids with leading zeros, keyed by their value without them. */
export function padIndex(people: Iterable<string>): Map<string, string> {
  const index = new Map<string, string>();
  for (const id of people) {
    if (/^0\d*$/.test(id) && !index.has(stripZeros(id))) index.set(stripZeros(id), id);
  }
  return index;
}

function stripZeros(id: string): string {
  return id.replace(/^0+(?=\d)/, '');
}
