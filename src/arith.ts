/**
 * Exact integer arithmetic for money (fen) and scores (hundredths), SPEC §5.
 * Nothing here touches floating point: every rounding is an integer division
 * with an explicit rule.
 *
 * Rounding rule ("half-up", 四舍五入): a quotient whose fraction is exactly .5
 * is rounded away from zero, so 2.5 → 3 and −2.5 → −3. Choosing "away from
 * zero" rather than "toward +∞" keeps rounding symmetric: round(−x) = −round(x),
 * so a deduction rounds exactly like the same amount credited.
 */
import { fen } from './types.js';
import type { Fen } from './types.js';

/** An exact decimal as a fraction, e.g. 0.30 = 30n/100n. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

/**
 * `num / den` rounded to the nearest integer, a fraction of exactly one half
 * rounded away from zero.
 *
 * @example divHalfUp(5n, 2n) === 3n; divHalfUp(-5n, 2n) === -3n; divHalfUp(7n, 3n) === 2n
 * @throws on a zero denominator (a bug: callers guard it)
 */
export function divHalfUp(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new Error('internal: divHalfUp by zero');
  if (den < 0n) return divHalfUp(-num, -den);
  if (num < 0n) return -divHalfUp(-num, den);
  // num ≥ 0, den > 0: floor((2·num + den) / (2·den)) rounds .5 up.
  return (2n * num + den) / (2n * den);
}

/**
 * {@link divHalfUp} for safe integers, with the same result: in doubles while
 * 2·|num| + den is a safe integer and den > 0 (every step is then exact),
 * through BigInt otherwise. For a month's 10^5 people, whose figures are far
 * below 2^53, it spares a few BigInts per person.
 *
 * @example divHalfUpNumber(-5, 2) === -3; divHalfUpNumber(7, 3) === 2
 */
export function divHalfUpNumber(num: number, den: number): number {
  if (den > 0 && Number.isSafeInteger(num) && Number.isSafeInteger(den)) {
    const n = 2 * Math.abs(num) + den;
    if (n <= Number.MAX_SAFE_INTEGER) {
      const d = 2 * den;
      const q = (n - (n % d)) / d;
      // 0 - q, not -q: a negative quotient that rounds to nothing is 0, never -0.
      return num < 0 ? 0 - q : q;
    }
  }
  return Number(divHalfUp(toBig(num), toBig(den)));
}

/**
 * `x × r` rounded half-up (away from zero) to an integer, exactly.
 *
 * @example mulRatio(420000, { num: 30n, den: 100n }) === 126000n  // 30% of ¥4200.00 in fen
 */
export function mulRatio(x: bigint | number, r: Ratio): bigint {
  return divHalfUp(toBig(x) * r.num, r.den);
}

/**
 * {@link mulRatio} of a safe integer, as a number: in doubles while the
 * product is a safe integer (see {@link divHalfUpNumber}), through BigInt otherwise.
 *
 * @example mulRatioNumber(420000, { num: 30n, den: 100n }) === 126000
 */
export function mulRatioNumber(x: number, r: Ratio): number {
  const num = Number(r.num);
  const den = Number(r.den);
  const product = x * num;
  // Safe integers multiplied give a safe integer only when the product is exact.
  if (Number.isSafeInteger(x) && Number.isSafeInteger(num) && Number.isSafeInteger(den) && Number.isSafeInteger(product)) return divHalfUpNumber(product, den);
  return Number(mulRatio(x, r));
}

/**
 * `percentHundredths` per cent of `bonus`, in fen, rounded half-up to the fen.
 * The percentage is in hundredths of a percent: 100% = 10000, 12.5% = 1250.
 *
 * @example percentOf(fen(33333), 5000) === 16667  // half of ¥333.33
 */
export function percentOf(bonus: Fen, percentHundredths: number): Fen {
  return fen(Number(divHalfUp(toBig(bonus) * toBig(percentHundredths), 10000n)));
}

/**
 * `x` bounded to [lo, hi]. With lo > hi (a misconfiguration the rules check
 * rejects) lo wins, so the result is still deterministic.
 *
 * @example clamp(105, 0, 100) === 100; clamp(-3, 0, 100) === 0
 */
export function clamp<T extends number | bigint>(x: T, lo: T, hi: T): T {
  if (x > hi) x = hi;
  if (x < lo) x = lo;
  return x;
}

/** A safe integer as BigInt; a non-integer is a bug (money and scores are integers). */
function toBig(x: bigint | number): bigint {
  if (typeof x === 'bigint') return x;
  if (!Number.isSafeInteger(x)) throw new Error(`internal: expected a safe integer, got ${x}`);
  return BigInt(x);
}
