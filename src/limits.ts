/**
 * The bounds on numbers from input that every layer shares (SPEC §4, §8):
 * amounts in data and rules, points and scores in rules. Input beyond them
 * is refused with a message, never rounded or wrapped.
 */
import type { Fen, Hundredths } from './types.js';

/** `scoring.max_amount` when a rules folder does not set it: 1,000,000 yuan (SPEC §4). */
export const DEFAULT_MAX_AMOUNT = 100_000_000 as Fen;

/**
 * The largest `scoring.max_amount` a rules folder may set: 10,000,000 yuan.
 * A year of 10^5 people at that wage still sums exactly in a double (1.2·10^15
 * fen < 2^53), which the month and year totals rely on.
 */
export const MAX_MAX_AMOUNT = 1_000_000_000 as Fen;

/** Points, caps and scores in rules are at most this far from zero: 10,000 points. */
export const MAX_POINTS = 1_000_000 as Hundredths;

/** Yuan text of fen, for messages: 100000000 → "1000000", 150 → "1.50". */
export function yuanText(f: number): string {
  const whole = Math.trunc(f / 100);
  const cents = Math.abs(f % 100);
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}
