/**
 * Pure parsers for the value forms of SPEC §3.1: wall-clock dates and
 * date-times, money in yuan, booleans and plain numbers. They return null
 * for anything they do not accept; the typer turns that into a reject with
 * a message. The built-in date forms are parsed by hand because they run
 * once per row at provincial scale (10^7 rows); date-fns is only used for
 * the clerk's extra patterns from `formats.dates`.
 */
import { isValid, parse as parseWithPattern } from 'date-fns';
import { fen } from '../types.js';
import type { Fen, WallTime } from '../types.js';
import { dayOf, tryWallTime } from '../calendar.js';

// ---------------------------------------------------------------------------
// Hand-written scanner for the built-in forms. `pos` state lives in a module
// variable so that the hot path allocates nothing but the result number.

const CH_0 = 48;
const CH_9 = 57;
let cursor = 0;

/** Reads 1..max ASCII digits at `cursor`; -1 when there are fewer than `min`. */
function readDigits(s: string, min: number, max: number): number {
  let n = 0;
  let count = 0;
  while (count < max && cursor < s.length) {
    const c = s.charCodeAt(cursor);
    if (c < CH_0 || c > CH_9) break;
    n = n * 10 + (c - CH_0);
    cursor++;
    count++;
  }
  return count < min ? -1 : n;
}

/** What the date part was written as: decides which time forms may follow. */
const enum DateForm {
  None,
  Dash,
  Slash,
  Chinese,
}

let parsedY = 0;
let parsedMo = 0;
let parsedD = 0;
/** True when the dash form had two-digit month and day (the only shape ISO 8601 allows before `T`). */
let parsedIsoShape = false;

/**
 * Scans `YYYY-M-D`, `YYYY/M/D` or `YYYY年M月D日` (month and day one or two
 * digits) at the start of `s`, leaving `cursor` after it.
 */
function scanDate(s: string): DateForm {
  cursor = 0;
  parsedY = readDigits(s, 4, 4);
  if (parsedY < 0 || cursor >= s.length) return DateForm.None;
  const sep = s[cursor];
  const form = sep === '-' ? DateForm.Dash : sep === '/' ? DateForm.Slash : sep === '年' ? DateForm.Chinese : DateForm.None;
  if (form === DateForm.None) return form;
  cursor++;
  const moStart = cursor;
  parsedMo = readDigits(s, 1, 2);
  const moLen = cursor - moStart;
  if (parsedMo < 0) return DateForm.None;
  const sep2 = form === DateForm.Chinese ? '月' : sep;
  if (s[cursor] !== sep2) return DateForm.None;
  cursor++;
  const dStart = cursor;
  parsedD = readDigits(s, 1, 2);
  if (parsedD < 0) return DateForm.None;
  parsedIsoShape = form === DateForm.Dash && moLen === 2 && cursor - dStart === 2;
  if (form === DateForm.Chinese) {
    if (s[cursor] !== '日') return DateForm.None;
    cursor++;
  }
  return form;
}

/** Scans `H:mm` or `H:mm:ss` (hour one or two digits) with optional `.fff`; NaN when malformed. */
function scanTime(s: string, hourDigits: 1 | 2): number {
  const h = readDigits(s, hourDigits, 2);
  if (h < 0 || s[cursor] !== ':') return NaN;
  cursor++;
  const mi = readDigits(s, 2, 2);
  if (mi < 0) return NaN;
  let sec = 0;
  if (s[cursor] === ':') {
    cursor++;
    sec = readDigits(s, 2, 2);
    if (sec < 0) return NaN;
    // Fractional seconds are dropped: assess works in whole seconds.
    if (s[cursor] === '.' && readFraction(s) === 0) return NaN;
  }
  if (h > 23 || mi > 59 || sec > 59) return NaN;
  return h * 3600 + mi * 60 + sec;
}

/** Skips `.` and the digits after it; returns how many digits there were. */
function readFraction(s: string): number {
  cursor++;
  const start = cursor;
  while (cursor < s.length && s.charCodeAt(cursor) >= CH_0 && s.charCodeAt(cursor) <= CH_9) cursor++;
  return cursor - start;
}

/**
 * Skips an ISO 8601 zone designator (`Z`, `±HH`, `±HH:MM`, `±HHMM`); false when malformed.
 * The offset is deliberately ignored: times are the bureau's wall-clock times
 * (SPEC §3.1, "no time zone arithmetic is applied"), so `08:05+08:00` is 08:05.
 */
function skipZone(s: string): boolean {
  const c = s[cursor];
  if (c === 'Z' || c === 'z') {
    cursor++;
    return true;
  }
  if (c !== '+' && c !== '-') return true;
  cursor++;
  if (readDigits(s, 2, 2) < 0) return false;
  if (cursor === s.length) return true;
  if (s[cursor] === ':') cursor++;
  return readDigits(s, 2, 2) >= 0;
}

/** The built-in date forms, or null. */
function builtinDate(s: string): WallTime | null {
  if (scanDate(s) === DateForm.None || cursor !== s.length) return null;
  return tryWallTime(parsedY, parsedMo, parsedD);
}

/** The built-in date and date-time forms, or null. */
function builtinDateTime(s: string): WallTime | null {
  const form = scanDate(s);
  if (form === DateForm.None) return null;
  const day = tryWallTime(parsedY, parsedMo, parsedD);
  if (day === null) return null;
  if (cursor === s.length) return day;
  const sep = s[cursor];
  let seconds: number;
  if (sep === ' ') {
    cursor++;
    seconds = scanTime(s, 1);
  } else if (sep === 'T' && parsedIsoShape) {
    cursor++;
    seconds = scanTime(s, 2);
    if (!skipZone(s)) return null;
  } else {
    return null;
  }
  if (Number.isNaN(seconds) || cursor !== s.length) return null;
  return (day + seconds) as WallTime;
}

// A fixed reference date keeps extra patterns deterministic: `yy` resolves to
// 1950–2049 and fields missing from a pattern default to 2000-01-01 00:00.
const REFERENCE_DATE = new Date(2000, 0, 1);

/**
 * Tries the clerk's date-fns patterns in order. date-fns returns a local-time
 * Date; its local fields are read back as wall-clock fields so no time zone
 * offset leaks into the result.
 */
function patternDateTime(s: string, patterns: readonly string[]): WallTime | null {
  for (const pattern of patterns) {
    let d: Date;
    try {
      d = parseWithPattern(s, pattern, REFERENCE_DATE);
    } catch {
      continue; // a bad pattern is reported by parseColumns; here it just does not match
    }
    if (!isValid(d)) continue;
    const t = tryWallTime(d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());
    if (t !== null) return t;
  }
  return null;
}

/**
 * Parses a date: `YYYY-MM-DD`, `YYYY/M/D`, `YYYY年M月D日`, then each extra
 * date-fns pattern (a pattern with a time part yields that day's midnight).
 * Surrounding spaces are ignored. Returns null for anything else, including
 * dates that do not exist.
 *
 * @example parseDate('2026年1月8日', []) // 2026-01-08
 * @example parseDate('1/8/26', ['M/d/yy']) // 2026-01-08
 */
export function parseDate(s: string, extraFormats: readonly string[]): WallTime | null {
  const text = s.trim();
  const t = builtinDate(text);
  if (t !== null || extraFormats.length === 0) return t;
  const p = patternDateTime(text, extraFormats);
  return p === null ? null : dayOf(p);
}

/**
 * Parses a date-time: a built-in date optionally followed by ` H:mm` or
 * ` H:mm:ss` (as Excel writes `2026/1/9 8:05`), or ISO 8601
 * `YYYY-MM-DDTHH:mm[:ss[.fff]]` with an optional `Z`/offset that is ignored
 * (wall-clock time as written, no time zone arithmetic); then each extra
 * date-fns pattern. A date alone is its midnight. Fractional seconds are
 * dropped. Returns null for anything else, including 2026-02-30 or 25:00.
 *
 * @example parseDateTime('2026/1/9 8:05', []) // 2026-01-09 08:05
 */
export function parseDateTime(s: string, extraFormats: readonly string[]): WallTime | null {
  const text = s.trim();
  const t = builtinDateTime(text);
  if (t !== null || extraFormats.length === 0) return t;
  return patternDateTime(text, extraFormats);
}

/**
 * True when `s` has the shape of a built-in date or date-time even though
 * parsing it failed: then the value is an impossible date (2026-02-30), not
 * a foreign format, and the message should say so.
 */
export function looksLikeBuiltinDate(s: string): boolean {
  return /^\d{4}([-/])\d{1,2}\1\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}(:?\d{2})?)?)?$/.test(s.trim())
    || /^\d{4}年\d{1,2}月\d{1,2}日( \d{1,2}:\d{2}(:\d{2})?)?$/.test(s.trim());
}

// ---------------------------------------------------------------------------
// Money

const CH_COMMA = 44;
const CH_DOT = 46;

/**
 * Parses yuan into integer fen: optional leading `-`, optional `¥`/`￥`
 * (either order with the sign), digits with optional well-placed `,`
 * thousands separators, and at most two decimals. Exact: the digits are read
 * as integers, never through a float. Returns null otherwise — in particular
 * for more than two decimals, which are never rounded.
 *
 * @example parseMoney('¥4,200.5') // 420050 fen
 */
export function parseMoney(s: string): Fen | null {
  let i = 0;
  let end = s.length;
  while (i < end && s.charCodeAt(i) <= 32) i++;
  while (end > i && s.charCodeAt(end - 1) <= 32) end--;
  let negative = false;
  if (s[i] === '-') {
    negative = true;
    i++;
  }
  if (s[i] === '¥' || s[i] === '￥') {
    i++;
    if (!negative && s[i] === '-') {
      negative = true;
      i++;
    }
  }
  // Integer part: plain digits, or 1–3 digits then groups of exactly three after commas.
  let intPart = 0;
  let digits = 0;
  let groupLen = -1; // -1: no comma seen yet
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= CH_0 && c <= CH_9) {
      intPart = intPart * 10 + (c - CH_0);
      digits++;
      if (groupLen >= 0) groupLen++;
    } else if (c === CH_COMMA) {
      if (digits === 0 || (groupLen === -1 ? digits > 3 : groupLen !== 3)) return null;
      groupLen = 0;
    } else {
      break;
    }
  }
  if (digits === 0 || (groupLen !== -1 && groupLen !== 3)) return null;
  let cents = 0;
  if (i < end && s.charCodeAt(i) === CH_DOT) {
    i++;
    const fracStart = i;
    for (; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < CH_0 || c > CH_9) return null;
      cents = cents * 10 + (c - CH_0);
    }
    const fracLen = i - fracStart;
    if (fracLen === 0 || fracLen > 2) return null;
    if (fracLen === 1) cents *= 10;
  }
  if (i !== end) return null;
  const value = intPart * 100 + cents;
  if (!Number.isSafeInteger(value) || intPart > Number.MAX_SAFE_INTEGER / 100) return null;
  return fen(negative && value !== 0 ? -value : value);
}

/** True when `s` looks like an amount whose only fault is more than two decimals. */
export function hasTooManyDecimals(s: string): boolean {
  return /^\s*-?[¥￥]?-?[\d,]+\.\d{3,}\s*$/.test(s);
}

// ---------------------------------------------------------------------------
// Booleans and numbers

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['yes', true], ['no', false],
  ['true', true], ['false', false],
  ['1', true], ['0', false],
  ['是', true], ['否', false],
  ['y', true], ['n', false],
]);

/**
 * Parses `yes/no`, `true/false`, `1/0`, `是/否`, `Y/N` (any case, surrounding
 * spaces ignored), or null.
 */
export function parseBool(s: string): boolean | null {
  return BOOLEANS.get(s.trim().toLowerCase()) ?? null;
}

/** Parses a plain decimal (`24`, `-1.5`, `0.5`) within ±2^53, or null. No exponents, no separators. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const n = Number(t);
  // Beyond exact integers a number would be silently rounded (SPEC §8).
  return Math.abs(n) <= Number.MAX_SAFE_INTEGER ? n : null;
}

// ---------------------------------------------------------------------------
// Dates as spreadsheets write them

const SHEET_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(\s?[AaPp][Mm])?)?$/;

/** `M` for a number written without a leading zero, `MM` with one. */
/**
 * A number's pattern letter, doubled when written with two digits: an
 * export writes its numbers one way, so `01/12/2026 17:00:00` and
 * `01/09/2026 08:05:00` give the same `formats.dates` line.
 */
function token(written: string, letter: string): string {
  return written.length === 2 ? letter + letter : letter;
}

/**
 * The date-fns pattern of a date in a shape that spreadsheets write
 * (`01/05/2026 08:05:00`, `1/8/26`, `5.1.2026`), when that pattern reads it as
 * a real date: month first, unless the first number cannot be a month. Null
 * for anything else. It goes into the message as the exact `formats.dates`
 * line to add (§3.2).
 *
 * @example spreadsheetPattern('01/05/2026 08:05:00') // 'MM/dd/yyyy HH:mm:ss'
 * @example spreadsheetPattern('1/8/26') // 'M/d/yy'
 */
export function spreadsheetPattern(s: string): string | null {
  const m = SHEET_DATE.exec(s.trim());
  if (m === null) return null;
  const [, a = '', sep = '/', b = '', y = '', h, , sec, ampm] = m;
  const dayFirst = Number(a) > 12;
  let pattern = dayFirst ? `${token(a, 'd')}${sep}${token(b, 'M')}` : `${token(a, 'M')}${sep}${token(b, 'd')}`;
  pattern += `${sep}${y.length === 4 ? 'yyyy' : 'yy'}`;
  if (h !== undefined) {
    pattern += ` ${token(h, ampm === undefined ? 'H' : 'h')}:mm${sec === undefined ? '' : ':ss'}${ampm === undefined ? '' : `${/^\s/.test(ampm) ? ' ' : ''}a`}`;
  }
  return parseDateTime(s, [pattern]) === null ? null : pattern;
}
