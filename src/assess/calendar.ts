/**
 * Months and days on the bureau's wall clock (WallTime: seconds since 1970 as
 * if UTC; no time zone arithmetic is ever applied, SPEC §3.1).
 */
import type { Effective } from '../rules/types.js';
import type { Month, WallTime } from '../types.js';

const DAY = 86_400;

/** The assessed month's bounds: its first instant and the first instant of the next month. */
export interface MonthBounds {
  month: Month;
  /** 00:00 of the month's first day. */
  start: WallTime;
  /** 00:00 of the next month's first day (exclusive end; `EvalContext.monthEnd`). */
  end: WallTime;
}

/**
 * Bounds of a `YYYY-MM` month. A malformed month is a bug here: the CLI
 * validates `--month` before calling.
 *
 * @example monthBounds('2026-02').end === monthBounds('2026-03').start
 */
export function monthBounds(month: Month): MonthBounds {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`internal: not a YYYY-MM month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { month, start: wall(Date.UTC(y, mo - 1, 1)), end: wall(Date.UTC(y, mo, 1)) };
}

/** The `YYYY-MM` month a wall time falls in. */
export function monthOf(at: WallTime): Month {
  return new Date(at * 1000).toISOString().slice(0, 7);
}

/** A wall time's day as `YYYY-MM-DD`, for messages. */
export function dayText(at: WallTime): string {
  return new Date(at * 1000).toISOString().slice(0, 10);
}

/**
 * Whether an effective range covers a wall time. `until` is inclusive of its
 * whole day: a rule effective until 2026-01-31 applies to a complaint received
 * at 2026-01-31 17:30.
 */
export function covers(eff: Effective, at: WallTime): boolean {
  if (eff.from !== null && at < eff.from) return false;
  if (eff.until !== null && at >= startOfDay(eff.until) + DAY) return false;
  return true;
}

function startOfDay(t: WallTime): number {
  return Math.floor(t / DAY) * DAY;
}

function wall(ms: number): WallTime {
  return (ms / 1000) as WallTime;
}
