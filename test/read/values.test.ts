import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatWallTime, monthBounds, monthOf, parseMonth, tryWallTime, wallTime } from '../../src/calendar.js';
import {
  hasTooManyDecimals,
  looksLikeBuiltinDate,
  parseBool,
  parseDate,
  parseDateTime,
  parseMoney,
  parseNumber,
  spreadsheetPattern,
} from '../../src/read/values.js';

const wt = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number => Date.UTC(y, mo - 1, d, h, mi, s) / 1000;

describe('wallTime', () => {
  it('counts seconds since the epoch as if UTC', () => {
    expect(wallTime(1970, 1, 1)).toBe(0);
    expect(wallTime(2026, 1, 9, 8, 5)).toBe(wt(2026, 1, 9, 8, 5));
  });
  it.each([
    [2026, 2, 29], [2026, 2, 30], [2026, 13, 1], [2026, 0, 1], [2026, 4, 31], [2026, 1, 1, 24], [2026, 1, 1, 0, 60],
    [2026, 1, 1, 0, 0, 60], [99, 1, 1], [2026.5, 1, 1],
  ])('rejects %s-%s-%s %s:%s:%s', (y, mo, d, h = 0, mi = 0, s = 0) => {
    expect(tryWallTime(y, mo, d, h, mi, s)).toBeNull();
    expect(() => wallTime(y, mo, d, h, mi, s)).toThrow(/internal/);
  });
  it('knows leap years', () => {
    expect(tryWallTime(2024, 2, 29)).toBe(wt(2024, 2, 29));
    expect(tryWallTime(2000, 2, 29)).toBe(wt(2000, 2, 29));
    expect(tryWallTime(1900, 2, 29)).toBeNull();
  });
});

describe('months', () => {
  it('gives the month of a wall time', () => {
    expect(monthOf(wallTime(2026, 2, 28, 23, 59, 59))).toBe('2026-02');
    expect(monthOf(wallTime(2026, 3, 1))).toBe('2026-03');
  });
  it('bounds a month half-open, across a year end', () => {
    expect(monthBounds('2026-02')).toEqual({ month: '2026-02', start: wt(2026, 2, 1), end: wt(2026, 3, 1) });
    expect(monthBounds('2026-12')).toEqual({ month: '2026-12', start: wt(2026, 12, 1), end: wt(2027, 1, 1) });
    expect(() => monthBounds('2026-2')).toThrow();
  });
  it.each([
    ['2026-01', '2026-01'], [' 2026-12 ', '2026-12'], ['2026-13', null], ['2026-1', null], ['26-01', null],
  ])('parseMonth(%j) = %j', (s, want) => expect(parseMonth(s)).toBe(want));
});

describe('formatWallTime', () => {
  it.each([
    [wt(2026, 2, 3), false, '2026-02-03'],
    [wt(2026, 2, 3, 8, 5), true, '2026-02-03 08:05'],
    [wt(2026, 2, 3, 8, 5, 9), true, '2026-02-03 08:05:09'],
    [wt(2026, 2, 3, 8, 5, 9), false, '2026-02-03'],
  ])('formats %i (time %s) as %s', (t, withTime, want) => {
    expect(formatWallTime(t as never, withTime)).toBe(want);
  });
  it('round-trips through parseDateTime', () => {
    fc.assert(fc.property(fc.integer({ min: wt(1990, 1, 1), max: wt(2100, 1, 1) }), (t) => {
      expect(parseDateTime(formatWallTime(t as never, true), [])).toBe(t);
    }));
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-01-08', wt(2026, 1, 8)],
    ['2026-1-8', wt(2026, 1, 8)],
    ['2026/1/8', wt(2026, 1, 8)],
    ['2026/01/08', wt(2026, 1, 8)],
    ['2026年1月8日', wt(2026, 1, 8)],
    ['2026年12月31日', wt(2026, 12, 31)],
    [' 2026-01-08 ', wt(2026, 1, 8)],
    ['2024-02-29', wt(2024, 2, 29)],
  ])('accepts %j', (s, want) => expect(parseDate(s, [])).toBe(want));

  it.each([
    '', '2026-02-30', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '2026/1-8', '2026-01-08 08:05',
    '2026年1月8', '2026年1-8日', '26-01-08', '1/8/26', '01/05/2026', '2026-01-08x', '2026-001-08', 'abc', '2026',
  ])('rejects %j', (s) => expect(parseDate(s, [])).toBeNull());

  it('tries extra date-fns patterns after the built-in forms', () => {
    expect(parseDate('1/8/26', ['M/d/yy'])).toBe(wt(2026, 1, 8));
    expect(parseDate('01/05/2026 08:05:00', ['MM/dd/yyyy HH:mm:ss'])).toBe(wt(2026, 1, 5));
    expect(parseDate('2/30/26', ['M/d/yy'])).toBeNull();
    expect(parseDate('1/8/26', ['MM/dd/yyyy', 'M/d/yy'])).toBe(wt(2026, 1, 8));
    expect(parseDate('2026-01-08', ['M/d/yy'])).toBe(wt(2026, 1, 8));
  });
});

describe('parseDateTime', () => {
  it.each([
    ['2026-01-09', wt(2026, 1, 9)],
    ['2026/1/9 8:05', wt(2026, 1, 9, 8, 5)],
    ['2026/1/9 08:05', wt(2026, 1, 9, 8, 5)],
    ['2026-01-09 8:05:07', wt(2026, 1, 9, 8, 5, 7)],
    ['2026-01-09 23:59:59', wt(2026, 1, 9, 23, 59, 59)],
    ['2026年1月9日 8:05', wt(2026, 1, 9, 8, 5)],
    ['2026-01-09T08:05', wt(2026, 1, 9, 8, 5)],
    ['2026-01-09T08:05:07', wt(2026, 1, 9, 8, 5, 7)],
    ['2026-01-09T08:05:07.123', wt(2026, 1, 9, 8, 5, 7)],
    ['2026-01-09T08:05:07Z', wt(2026, 1, 9, 8, 5, 7)],
    ['2026-01-09T08:05+08:00', wt(2026, 1, 9, 8, 5)],
    ['2026-01-09T08:05:07-0500', wt(2026, 1, 9, 8, 5, 7)],
    ['2026-01-09 08:05:07.5', wt(2026, 1, 9, 8, 5, 7)],
  ])('accepts %j', (s, want) => expect(parseDateTime(s, [])).toBe(want));

  it.each([
    '', '2026-01-09 25:00', '2026-01-09 24:00', '2026-01-09 8:60', '2026-01-09 8:5', '2026-01-09 8', '2026-02-30 08:00',
    '2026-01-09  08:05', '2026-01-09T8:05', '2026/1/9T08:05', '2026-1-9T08:05', '2026-01-09T', '2026-01-09 08:05:7',
    '2026-01-09 08:05:07.', '01/05/2026 08:05:00', '2026-01-09 08:05 PM', '2026-01-09T08:05+8',
  ])('rejects %j', (s) => expect(parseDateTime(s, [])).toBeNull());

  it('tries extra patterns, keeping the time and ignoring the machine time zone', () => {
    expect(parseDateTime('01/05/2026 08:05:00', ['MM/dd/yyyy HH:mm:ss'])).toBe(wt(2026, 1, 5, 8, 5));
    expect(parseDateTime('1/8/26', ['M/d/yy'])).toBe(wt(2026, 1, 8));
    expect(parseDateTime('13/05/2026 08:05:00', ['MM/dd/yyyy HH:mm:ss'])).toBeNull();
  });

  it('tells an impossible built-in date from a foreign format', () => {
    expect(looksLikeBuiltinDate('2026-02-30')).toBe(true);
    expect(looksLikeBuiltinDate('2026/1/9 25:00')).toBe(true);
    expect(looksLikeBuiltinDate('2026年2月30日')).toBe(true);
    expect(looksLikeBuiltinDate('01/05/2026 08:05:00')).toBe(false);
  });
});

describe('spreadsheetPattern', () => {
  it.each([
    ['01/09/2026 08:05:00', 'MM/dd/yyyy HH:mm:ss'],
    // Same export, numbers without a leading zero: the same line, so one line in columns.yaml reads every row.
    ['01/12/2026 17:00:00', 'MM/dd/yyyy HH:mm:ss'],
    ['1/8/26', 'M/d/yy'],
    ['13/05/2026', 'dd/MM/yyyy'],
    ['2026-01-05', null],
  ])('%s → %s', (written, pattern) => {
    expect(spreadsheetPattern(written)).toBe(pattern);
    if (pattern !== null) expect(parseDateTime(written, [pattern])).not.toBeNull();
  });
});

describe('parseMoney', () => {
  it.each([
    ['0', 0], ['4200', 420000], ['4200.5', 420050], ['4200.50', 420050], ['4200.05', 420005], ['0.01', 1],
    ['¥4200', 420000], ['￥4,200.00', 420000], ['4,200', 420000], ['1,234,567.89', 123456789], ['-12.5', -1250],
    ['-¥12.5', -1250], ['¥-12.5', -1250], [' 42 ', 4200], ['0042', 4200], ['-0', 0], ['999', 99900],
    ['90071992547409', 9007199254740900],
  ])('accepts %j as %i fen', (s, want) => {
    expect(parseMoney(s)).toBe(want);
    expect(Object.is(parseMoney(s), -0)).toBe(false);
  });

  it.each([
    '', '-', '¥', '4,2OO', '12.345', '0.001', '4200.', '.5', '4,20', '42,00', '4200,000', ',420', '4,200,', '1,2345',
    '1234,567', '4 200', '4200元', '$4200', '--1', '1e3', '4200.5.0', 'NaN', '+5', '9007199254740993',
  ])('rejects %j', (s) => expect(parseMoney(s)).toBeNull());

  it('is exact where a float would not be', () => {
    expect(parseMoney('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996
    expect(parseMoney('1.15')).toBe(115);
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (n) => {
      const text = `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
      expect(parseMoney(text)).toBe(n);
    }));
  });

  it('knows when the only fault is too many decimals', () => {
    expect(hasTooManyDecimals('12.345')).toBe(true);
    expect(hasTooManyDecimals('¥1,234.567')).toBe(true);
    expect(hasTooManyDecimals('12.34')).toBe(false);
    expect(hasTooManyDecimals('4,2OO')).toBe(false);
  });
});

describe('parseBool', () => {
  it.each([
    ['yes', true], ['no', false], ['YES', true], ['No', false], ['true', true], ['FALSE', false], ['1', true], ['0', false],
    ['是', true], ['否', false], ['Y', true], ['n', false], [' y ', true],
  ])('%j → %s', (s, want) => expect(parseBool(s)).toBe(want));
  it.each(['', 'maybe', '2', 'ye', 'T', '对', 'yes no'])('rejects %j', (s) => expect(parseBool(s)).toBeNull());
});

describe('parseNumber', () => {
  it.each([['24', 24], ['1.5', 1.5], ['-2', -2], ['0', 0], [' 48 ', 48]])('%j → %d', (s, want) => expect(parseNumber(s)).toBe(want));
  it.each(['', '1e3', '24h', '.5', '1.', '1,000', 'abc', 'Infinity'])('rejects %j', (s) => expect(parseNumber(s)).toBeNull());
});
