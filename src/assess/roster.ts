/**
 * The month's roster (SPEC §3.1): who is assessed in a month, and the units
 * they make up.
 */
import type { Reject, RosterEntry } from '../types.js';
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
        reason: `employee "${entry.employee}" is already on the roster of ${bounds.month} at ${first.source.file}:${first.source.line}`,
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
 * A hint for an unknown all-digit id that a spreadsheet stripped of its
 * leading zeros: the roster id it would match when zero-padded, or null.
 * Build once per roster with {@link padIndex}.
 */
export function padHint(id: string, index: Map<string, string>): string | null {
  if (!/^\d+$/.test(id)) return null;
  const match = index.get(stripZeros(id));
  if (match === undefined || match.length <= id.length) return null;
  return `did you mean "${match}"? (set ids.pad: ${match.length} in columns.yaml)`;
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
