/**
 * Dates written in rules files: `effective` ranges and date literals in
 * expressions (`date >= "2026-01-15"`). The forms are those of SPEC §3.1:
 * `YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`, optionally followed by ` H:mm`
 * or ` H:mm:ss` (or ISO 8601 `T`). A date is its midnight.
 */
import type { WallTime } from '../types.js';

const DATE = /^(\d{4})(?:-(\d{1,2})-(\d{1,2})|\/(\d{1,2})\/(\d{1,2})|年(\d{1,2})月(\d{1,2})日)(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Seconds in a day. */
export const DAY = 86_400;

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
