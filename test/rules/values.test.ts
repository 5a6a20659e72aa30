import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decimalRatio, scaledInteger } from '../../src/rules/decimal.js';
import { endOfDay, parseWallTime } from '../../src/calendar.js';
import { closest } from '../../src/suggest.js';

describe('scaledInteger', () => {
  it.each([
    ['0.30', 2, 30],
    ['-0.5', 2, -50],
    ['+3', 2, 300],
    ['100.01', 2, 10001],
    ['0.125', 2, null],
    ['1e2', 2, null],
    ['.5', 2, null],
    ['abc', 2, null],
  ] as const)('%s at %i places → %s', (text, places, expected) => {
    expect(scaledInteger(text, places)).toBe(expected);
  });

  it('is exact where floats are not (0.29 * 100 = 28.999…)', () => {
    expect(0.29 * 100).not.toBe(29);
    expect(scaledInteger('0.29', 2)).toBe(29);
  });

  it('round-trips every two-decimal amount', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => {
      const text = `${n < 0 ? '-' : ''}${Math.floor(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, '0')}`;
      return scaledInteger(text, 2) === n;
    }));
  });
});

describe('decimalRatio', () => {
  it.each([
    ['0.30', { num: 30n, den: 100n }],
    ['1', { num: 1n, den: 1n }],
    ['0.333', { num: 333n, den: 1000n }],
  ])('%s', (text, expected) => {
    expect(decimalRatio(text)).toEqual(expected);
  });
});

describe('parseWallTime', () => {
  const wall = (iso: string) => Date.parse(`${iso}Z`) / 1000;
  it.each([
    ['2026-01-05', wall('2026-01-05T00:00:00')],
    ['2026/1/5', wall('2026-01-05T00:00:00')],
    ['2026年1月5日', wall('2026-01-05T00:00:00')],
    ['2026/1/9 8:05', wall('2026-01-09T08:05:00')],
    ['2026-01-09T08:05:30', wall('2026-01-09T08:05:30')],
    ['2026-02-29', null],
    ['2026-01-05 24:00', null],
    ['5/1/2026', null],
  ])('%s', (text, expected) => {
    expect(parseWallTime(text)).toBe(expected);
  });

  it('endOfDay is the last second of the day', () => {
    expect(endOfDay(wall('2026-03-31T08:00:00') as never)).toBe(wall('2026-03-31T23:59:59'));
  });
});

describe('closest', () => {
  it.each([
    ['stauts', 'status'],
    ['efects', 'effects'],
    ['tpye', 'type'],
    ['zzzzzz', null],
  ])('%s → %s', (word, expected) => {
    expect(closest(word, ['status', 'effects', 'type', 'date'])).toBe(expected);
  });
});
