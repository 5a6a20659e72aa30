/**
 * The calendar of assess, once (SPEC §3.1): wall times (seconds since 1970 as
 * if UTC; no time zone arithmetic is ever applied), calendar dates, the
 * date forms rules files use, and a month's bounds. The reader's hot-path
 * date scanner (src/read/values.ts) builds on `tryWallTime`.
 */
import type { Month, WallTime } from './types.js';

/** Seconds in a day. */
export const DAY = 86_400;

/** Inclusive range of record dates a file or rule applies to; null = open. */
export interface Effective {
  from: WallTime | null;
  until: WallTime | null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `mo` (1–12) of year `y`. */
export function daysInMonth(y: number, mo: number): number {
  return mo === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0);
}

/**
 * The wall time of a calendar date and time, or null when it does not exist
 * (2026-02-30, 25:00). Years are limited to 1000–9999 so that every wall time
 * formats back as `YYYY-MM-DD`.
 */
export function tryWallTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): WallTime | null {
  if (!Number.isInteger(y) || y < 1000 || y > 9999) return null;
  if (!Number.isInteger(mo) || mo < 1 || mo > 12) return null;
  if (!Number.isInteger(d) || d < 1 || d > daysInMonth(y, mo)) return null;
  if (!Number.isInteger(h) || h < 0 || h > 23) return null;
  if (!Number.isInteger(mi) || mi < 0 || mi > 59) return null;
  if (!Number.isInteger(s) || s < 0 || s > 59) return null;
  return (Date.UTC(y, mo - 1, d, h, mi, s) / 1000) as WallTime;
}

/**
 * The wall time of a calendar date and time: seconds since 1970-01-01 00:00
 * computed as if it were UTC (no time zone is ever applied).
 * Throws on a date that does not exist: callers validate input with
 * {@link tryWallTime}; here an invalid date is a bug.
 *
 * @example wallTime(2026, 1, 9, 8, 5) // 2026-01-09 08:05
 */
export function wallTime(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): WallTime {
  const t = tryWallTime(y, mo, d, h, mi, s);
  if (t === null) throw new Error(`internal: not a calendar date/time: ${y}-${mo}-${d} ${h}:${mi}:${s}`);
  return t;
}

/** The midnight that starts the day of `t`. */
export function dayOf(t: WallTime): WallTime {
  return (Math.floor(t / DAY) * DAY) as WallTime;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Parses `YYYY-MM` (month 01–12), or null. For `--month`. */
export function parseMonth(s: string): Month | null {
  const m = /^(\d{4})-(\d{2})$/.exec(s.trim());
  if (m === null) return null;
  return tryWallTime(Number(m[1]), Number(m[2]), 1) === null ? null : `${m[1]}-${m[2]}`;
}

/**
 * Formats a wall time as `2026-02-03`, or with `withTime` as `2026-02-03 08:05`
 * (`:ss` is appended only when the seconds are not zero, so nothing is lost).
 */
export function formatWallTime(t: WallTime, withTime: boolean): string {
  const d = new Date(t * 1000);
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  if (!withTime) return date;
  const s = d.getUTCSeconds();
  return `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${s === 0 ? '' : `:${pad2(s)}`}`;
}

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

/**
 * Whether an effective range covers a wall time. `until` is inclusive of its
 * whole day: a rule effective until 2026-01-31 applies to a complaint received
 * at 2026-01-31 17:30.
 */
export function covers(eff: Effective, at: WallTime): boolean {
  if (eff.from !== null && at < eff.from) return false;
  if (eff.until !== null && at >= dayOf(eff.until) + DAY) return false;
  return true;
}

function wall(ms: number): WallTime {
  return (ms / 1000) as WallTime;
}

const DATE = /^(\d{4})(?:-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Parses a date or date-time into wall-clock seconds; null when the text is
 * not one of the accepted forms or names a day that does not exist.
 * @example parseWallTime('2026-02-01') // 1769904000
 */
export function parseWallTime(text: string): WallTime | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2] ?? m[4] ?? m[6]);
  const day = Number(m[3] ?? m[5] ?? m[7]);
  const hour = Number(m[8] ?? 0);
  const minute = Number(m[9] ?? 0);
  const second = Number(m[10] ?? 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return (ms / 1000) as WallTime;
}

/** The last second of the day that `t` falls in: an inclusive `until`. */
export function endOfDay(t: WallTime): WallTime {
  return (Math.floor(t / DAY) * DAY + DAY - 1) as WallTime;
}

/** Formats wall-clock seconds as `YYYY-MM-DD`, for messages. */
export function formatDay(t: WallTime): string {
  return new Date(t * 1000).toISOString().slice(0, 10);
}
