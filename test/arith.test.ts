import { describe, expect, it } from 'vitest';
import { clamp, divHalfUp, divHalfUpNumber, mulRatio, mulRatioNumber, percentOf } from '../src/arith.js';
import { fen } from '../src/types.js';

describe('divHalfUp', () => {
  it.each([
    [0n, 3n, 0n],
    [5n, 2n, 3n], // 2.5 → 3
    [7n, 2n, 4n], // 3.5 → 4
    [3n, 2n, 2n], // 1.5 → 2
    [1n, 2n, 1n], // 0.5 → 1
    [7n, 3n, 2n], // 2.33 → 2
    [8n, 3n, 3n], // 2.67 → 3
    [-5n, 2n, -3n], // −2.5 → −3 (away from zero)
    [-1n, 2n, -1n], // −0.5 → −1
    [-7n, 3n, -2n], // −2.33 → −2
    [-8n, 3n, -3n],
    [5n, -2n, -3n], // negative denominator: same rule on the quotient
    [-5n, -2n, 3n],
    [10n ** 30n + 1n, 2n, 5n * 10n ** 29n + 1n], // far past 2^53
  ])('%s / %s = %s', (num, den, want) => {
    expect(divHalfUp(num, den)).toBe(want);
  });

  it('is symmetric: round(−x) = −round(x)', () => {
    for (let n = -50n; n <= 50n; n++) for (const d of [1n, 2n, 3n, 4n, 7n, 100n]) expect(divHalfUp(-n, d)).toBe(-divHalfUp(n, d));
  });

  it('throws on a zero denominator (a bug)', () => {
    expect(() => divHalfUp(1n, 0n)).toThrow(/zero/);
  });
});

describe('mulRatio', () => {
  it.each([
    [420000, 30n, 100n, 126000n], // 30% of ¥4200.00
    [333335, 30n, 100n, 100001n], // 100000.5 → 100001
    [333331, 30n, 100n, 99999n], // 99999.3 → 99999
    [1, 1n, 2n, 1n], // 0.5 fen → 1
    [-1, 1n, 2n, -1n],
    [2n ** 60n, 3n, 10n, divHalfUp(3n * 2n ** 60n, 10n)],
  ])('%s × %s/%s = %s', (x, num, den, want) => {
    expect(mulRatio(x, { num, den })).toBe(want);
  });

  it('refuses a non-integer number (floats never touch money)', () => {
    expect(() => mulRatio(1.5, { num: 1n, den: 1n })).toThrow(/integer/);
  });
});

describe('divHalfUpNumber and mulRatioNumber: divHalfUp and mulRatio in doubles where that is exact', () => {
  const MAX = Number.MAX_SAFE_INTEGER;
  /** Quotients either side of .5, both signs, and near 2^53, where the doubles must give way to BigInt. */
  const nums = [0, 1, 2, 3, 5, 7, 8, 99, 100, 101, 149, 150, 151, 12345, 2 ** 31, Math.floor(MAX / 2) - 1, Math.floor(MAX / 2), Math.ceil(MAX / 2), MAX - 2, MAX - 1, MAX].flatMap((n) => [n, -n]);
  const dens = [1, 2, 3, 4, 7, 10, 100, 10000, 2 ** 20, MAX - 1, MAX];

  it('gives divHalfUp\'s quotient for every pair, and never -0', () => {
    for (const n of nums) {
      for (const d of [...dens, ...dens.map((x) => -x)]) {
        const got = divHalfUpNumber(n, d);
        expect(got, `${n} / ${d}`).toBe(Number(divHalfUp(BigInt(n), BigInt(d))));
        expect(Object.is(got, -0), `${n} / ${d}`).toBe(false);
      }
    }
  });

  it('gives mulRatio\'s product for every amount and ratio, BigInt ratios past 2^53 included', () => {
    const ratios = [
      { num: 30n, den: 100n },
      { num: 1n, den: 2n },
      { num: 7n, den: 3n },
      { num: 0n, den: 1n },
      { num: 2n ** 60n + 1n, den: 2n ** 61n + 3n },
      { num: 3n, den: 2n ** 70n },
    ];
    for (const x of nums) for (const r of ratios) expect(mulRatioNumber(x, r), `${x} × ${r.num}/${r.den}`).toBe(Number(mulRatio(x, r)));
  });

  it('refuses a non-integer as mulRatio does', () => {
    expect(() => mulRatioNumber(1.5, { num: 1n, den: 1n })).toThrow(/integer/);
    expect(() => divHalfUpNumber(1.5, 2)).toThrow(/integer/);
  });
});

describe('percentOf', () => {
  it.each([
    [80000, 10000, 80000], // 100%
    [80000, 5000, 40000], // 50%
    [33333, 5000, 16667], // 16666.5 → 16667
    [33333, 3333, 11110], // 33.33% of 333.33 = 11109.89 → 11110
    [1, 5000, 1], // half a fen rounds up
    [1, 4999, 0],
    [0, 10000, 0],
    [12345, 1250, 1543], // 12.5%: 1543.125 → 1543
  ])('%s fen × %s/10000 %% = %s', (bonus, p, want) => {
    expect(percentOf(fen(bonus), p)).toBe(want);
  });
});

describe('clamp', () => {
  it.each([
    [105, 0, 100, 100],
    [-3, 0, 100, 0],
    [50, 0, 100, 50],
    [0, 0, 100, 0],
    [100, 0, 100, 100],
  ])('clamp(%s, %s, %s) = %s', (x, lo, hi, want) => {
    expect(clamp(x, lo, hi)).toBe(want);
  });
  it('works on BigInt', () => {
    expect(clamp(10n ** 20n, 0n, 5n)).toBe(5n);
  });
});
