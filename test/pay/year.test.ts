import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, computeYear, monthsOfYear, projectAllocation, projectionInDoubles } from '../../src/pay/year.js';
import type { PersonMonthPay } from '../../src/pay/year.js';
import { fen, hundredths } from '../../src/types.js';
import { divHalfUp } from '../../src/arith.js';

function row(month: string, employee: string, withheld: number, score: number, unit = 'U1', name = `n-${employee}`): PersonMonthPay {
  return { month, employee, name, unit, withheld: fen(withheld), effectiveScore: hundredths(score) };
}

/** The reference apportionment: every quota's floor, then one fen each down the (remainder, weight, key) order, all in BigInt. */
function hamiltonReference(pool: bigint, weights: { key: string; weight: bigint }[]): Map<string, bigint> {
  const W = weights.reduce((s, w) => s + w.weight, 0n);
  if (W === 0n) return new Map(weights.map((w) => [w.key, 0n]));
  const rows = weights.map((w) => ({ key: w.key, weight: w.weight, floor: (pool * w.weight) / W, rem: (pool * w.weight) % W }));
  let left = pool - rows.reduce((s, r) => s + r.floor, 0n);
  const desc = (a: bigint, b: bigint): number => (a > b ? -1 : a < b ? 1 : 0);
  rows.sort((a, b) => desc(a.rem, b.rem) || desc(a.weight, b.weight) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out = new Map(weights.map((w) => [w.key, 0n]));
  for (const r of rows) {
    out.set(r.key, r.floor + (left > 0n ? 1n : 0n));
    if (left > 0n) left -= 1n;
  }
  return out;
}

/** The reference sums per person, in BigInt, in order of first appearance: Σ c, Σ c·s, and Σ c·s/10000 half-up per month. */
function bigIntSums(rows: readonly PersonMonthPay[]): Map<string, { c: bigint; cs: bigint; individual: bigint }> {
  const sums = new Map<string, { c: bigint; cs: bigint; individual: bigint }>();
  for (const r of rows) {
    const t = sums.get(r.employee) ?? { c: 0n, cs: 0n, individual: 0n };
    const cs = BigInt(r.withheld) * BigInt(r.effectiveScore);
    sums.set(r.employee, { c: t.c + BigInt(r.withheld), cs: t.cs + cs, individual: t.individual + divHalfUp(cs, 10000n) });
  }
  return sums;
}

describe('allocateLargestRemainder', () => {
  it('matches the Hamilton worked example (Hare quota)', () => {
    // Worked example from Wikipedia, "Largest remainder method"
    // (https://en.wikipedia.org/wiki/Largest_remainder_method#Example):
    // 100 000 votes, 10 seats; parties A–F with 47 000, 16 000, 15 800,
    // 12 000, 6 100 and 3 100 votes receive 5, 2, 1, 1, 1, 0 seats under the Hare quota.
    const votes = [
      ['A', 47_000n],
      ['B', 16_000n],
      ['C', 15_800n],
      ['D', 12_000n],
      ['E', 6_100n],
      ['F', 3_100n],
    ] as const;
    const seats = allocateLargestRemainder(
      10n,
      votes.map(([key, weight]) => ({ key, weight })),
    );
    expect(Object.fromEntries(seats)).toEqual({ A: 5n, B: 2n, C: 1n, D: 1n, E: 1n, F: 0n });
  });

  it.each([
    ['ties by larger weight', 1n, [['a', 1n], ['b', 2n], ['c', 1n], ['d', 2n]], { a: 0n, b: 1n, c: 0n, d: 0n }],
    // equal remainders and equal weights: the smaller key gets the fen
    ['ties by key', 1n, [['b', 1n], ['a', 1n]], { a: 1n, b: 0n }],
    ['W = 0 gives nothing', 100n, [['a', 0n], ['b', 0n]], { a: 0n, b: 0n }],
    ['zero weight gets nothing', 7n, [['a', 0n], ['b', 3n]], { a: 0n, b: 7n }],
    ['exact division', 6n, [['a', 1n], ['b', 2n]], { a: 2n, b: 4n }],
  ] as const)('%s', (_name, pool, weights, want) => {
    const got = allocateLargestRemainder(
      pool,
      weights.map(([key, weight]) => ({ key, weight })),
    );
    expect(Object.fromEntries(got)).toEqual(want);
  });

  const weightsArb = (maxPeople: number) =>
    fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.bigInt({ min: 0n, max: 10n ** 18n }) }), {
      minLength: 1,
      maxLength: maxPeople,
      selector: (w) => w.key,
    });

  function checkInvariants(pool: bigint, weights: { key: string; weight: bigint }[]) {
    const got = allocateLargestRemainder(pool, weights);
    const W = weights.reduce((s, w) => s + w.weight, 0n);
    const sum = [...got.values()].reduce((s, x) => s + x, 0n);
    if (W === 0n) {
      expect(sum).toBe(0n);
      return;
    }
    expect(sum).toBe(pool);
    // |a − P·w/W| < 1  ⇔  |a·W − P·w| < W
    const offQuota = weights.filter((w) => {
      const diff = (got.get(w.key) as bigint) * W - pool * w.weight;
      return diff >= W || -diff >= W;
    });
    expect(offQuota).toEqual([]);
  }

  it('sums to the pool and stays within one fen of each quota (small)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), weightsArb(50), (pool, weights) => checkInvariants(pool, weights)),
      { numRuns: 300 },
    );
  });

  it('sums to the pool and stays within one fen of each quota (10^5 people)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 1, max: 2 ** 31 }), (pool, seed) => {
        const rng = lcg(seed);
        const weights = Array.from({ length: 100_000 }, (_, i) => ({ key: `E${i}`, weight: BigInt(rng() % 10_000) * 420_000n }));
        checkInvariants(pool, weights);
      }),
      { numRuns: 3 },
    );
  });

  it('gives the leftover fen in the order of a plain BigInt sort, whether the weights sum below 2^53 or not', () => {
    // Few distinct weights, so that remainders and weights tie often; small (numbers) and huge (BigInt).
    const tied = (scale: bigint) => fc.uniqueArray(fc.record({ key: fc.string({ minLength: 1, maxLength: 3 }), weight: fc.constantFrom(0n, 1n, 2n, 3n, 7n).map((w) => w * scale) }), {
      minLength: 1, maxLength: 40, selector: (w) => w.key,
    });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 6n }), fc.oneof(tied(1n), tied(10n ** 17n)), (pool, weights) => {
        expect(allocateLargestRemainder(pool, weights)).toEqual(hamiltonReference(pool, weights));
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of people', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), weightsArb(40), fc.integer(), (pool, weights, seed) => {
        const shuffled = shuffle(weights, lcg(seed));
        expect(allocateLargestRemainder(pool, shuffled)).toEqual(allocateLargestRemainder(pool, weights));
      }),
      { numRuns: 200 },
    );
  });

  it('throws on a negative weight (a bug)', () => {
    expect(() => allocateLargestRemainder(1n, [{ key: 'a', weight: -1n }])).toThrow(/negative/);
  });
});

describe('computeYear', () => {
  it('pools, weights by score and reports the differences', () => {
    const rows = [
      row('2026-01', 'A', 126000, 10000),
      row('2026-02', 'A', 126000, 9000),
      row('2026-01', 'B', 60000, 10000, 'U0'),
      row('2026-02', 'B', 60000, 10000, 'U2', 'B renamed'),
    ];
    const y = computeYear(2026, rows, 'pool', ['2026-02', '2026-01']);
    expect(y.pool).toBe(372000);
    // wA = 126000·(10000+9000) = 2 394 000 000, wB = 120000·10000 = 1 200 000 000, W = 3 594 000 000
    // A: 372000·2394/3594 = 247 792.98… , B: 124 207.01… → floors 247792 + 124207 = 371999; 1 fen to A (.98)
    const byId = Object.fromEntries(y.people.map((p) => [p.employee, p]));
    expect(byId.A).toMatchObject({ months: 2, withheld: 252000, avgScore: 9500, allocation: 247793, difference: -4207 });
    expect(byId.B).toMatchObject({ months: 2, withheld: 120000, avgScore: 10000, allocation: 124207, unit: 'U2', name: 'B renamed' });
    expect(y.allocated).toBe(372000);
    expect(y.undistributed).toBe(0);
    expect(y.monthsAssessed).toEqual(['2026-01', '2026-02']);
    expect(y.monthsMissing).toEqual(monthsOfYear(2026).slice(2));
    expect(y.people.map((p) => p.employee)).toEqual(['A', 'B']); // U1 < U2
  });

  it('individual: Σ_m c·s/10000 half-up per month, the rest undistributed', () => {
    const rows = [row('2026-01', 'A', 15, 9950), row('2026-02', 'A', 15, 9950), row('2026-01', 'B', 100, 10000)];
    // 15·0.995 = 14.925 → 15 each month (half-up per month, not 29.85 → 30 overall… same here), B 100
    const y = computeYear(2026, rows, 'individual', ['2026-01', '2026-02']);
    const byId = Object.fromEntries(y.people.map((p) => [p.employee, p.allocation]));
    expect(byId).toEqual({ A: 30, B: 100 });
    expect(y.pool).toBe(130);
    expect(y.undistributed).toBe(0);

    const low = computeYear(2026, [row('2026-01', 'A', 1001, 5000)], 'individual', ['2026-01']);
    expect(low.people[0]?.allocation).toBe(501); // 500.5 → 501
    expect(low.undistributed).toBe(500);
  });

  it('half-up per month differs from rounding the year once', () => {
    const rows = [row('2026-01', 'A', 1, 5000), row('2026-02', 'A', 1, 5000)];
    // 0.5 + 0.5: per month 1 + 1 = 2 (rounding the year once would give 1)
    expect(computeYear(2026, rows, 'individual', []).people[0]?.allocation).toBe(2);
  });

  it('W = 0: everything undistributed, avg score 0 when nothing withheld', () => {
    const y = computeYear(2026, [row('2026-01', 'A', 1000, 0), row('2026-01', 'B', 0, 9000)], 'pool', ['2026-01']);
    expect(y.allocated).toBe(0);
    expect(y.undistributed).toBe(1000);
    expect(y.people.find((p) => p.employee === 'B')?.avgScore).toBe(0);
  });

  it('equal scores give everyone back exactly what was withheld', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 12 })), {
          minLength: 1,
          maxLength: 30,
          selector: (t) => t[0],
        }),
        fc.integer({ min: 1, max: 10000 }),
        fc.constantFrom('pool' as const, 'individual' as const),
        (people, score, method) => {
          const rows = people.flatMap(([id, ws]) => ws.map((w, i) => row(monthsOfYear(2026)[i] as string, id, w, method === 'pool' ? score : 10000)));
          const y = computeYear(2026, rows, method, []);
          expect(BigInt(y.allocated) + BigInt(y.undistributed)).toBe(BigInt(y.pool));
          const anyWithheld = rows.some((r) => r.withheld > 0);
          for (const p of y.people) expect(p.allocation).toBe(anyWithheld ? p.withheld : 0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('sums each person\'s year exactly, in doubles while that is exact and in BigInt beyond', () => {
    // Withheld pay and scores from ordinary to absurd, so that c·s and its sums cross 2^53 in some runs and not in others.
    const rowArb = fc.record({
      employee: fc.constantFrom('A', 'B', 'C', 'D'),
      month: fc.constantFrom('2026-01', '2026-02', '2026-03'),
      // 450 000 000 001 × 9999 is just below the largest c·s summed in doubles: a few of them make sums beyond 2^53.
      withheld: fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10 ** 12 }), fc.constant(450_000_000_001)),
      score: fc.oneof(fc.integer({ min: -5000, max: 12000 }), fc.integer({ min: -(10 ** 5), max: 10 ** 5 }), fc.constant(9999)),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), (specs) => {
        const rows = specs.map((r) => row(r.month, r.employee, r.withheld, r.score));
        const sums = bigIntSums(rows);
        const individual = computeYear(2026, rows, 'individual', ['2026-01']);
        const pool = computeYear(2026, rows, 'pool', ['2026-01']);
        const shares = allocateLargestRemainder([...sums.values()].reduce((s, t) => s + t.c, 0n), [...sums].map(([key, t]) => ({ key, weight: t.cs > 0n ? t.cs : 0n })));
        for (const p of individual.people) {
          const t = sums.get(p.employee) as { c: bigint; cs: bigint; individual: bigint };
          expect([p.withheld, p.allocation, p.avgScore]).toEqual([Number(t.c), Number(t.individual), t.c === 0n ? 0 : Number(divHalfUp(t.cs, t.c))]);
        }
        for (const p of pool.people) expect(p.allocation).toBe(Number(shares.get(p.employee)));
      }),
      { numRuns: 500 },
    );
  });

  it('projects each person\'s year to date as BigInt sums and a BigInt apportionment do, in doubles where that is exact', () => {
    // Many people of few distinct weights, so that remainders tie and ties go by weight, then id;
    // and, in some runs, sums or pool·w beyond 2^53.
    const rowArb = fc.record({
      employee: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'AA', 'b'),
      month: fc.constantFrom('2026-01', '2026-02', '2026-03'),
      withheld: fc.oneof(fc.constantFrom(0, 1, 3, 85_000, 100_000), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 10 ** 12 }), fc.constant(450_000_000_001)),
      score: fc.oneof(fc.constantFrom(0, 3333, 6667, 9700, 10000), fc.integer({ min: -5000, max: 12000 }), fc.constant(9999)),
    });
    let inDoubles = 0;
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 40 }), fc.constantFrom('pool' as const, 'individual' as const), (specs, method) => {
        const rows = specs.map((r) => row(r.month, r.employee, r.withheld, r.score));
        const sums = bigIntSums(rows);
        const shares = hamiltonReference([...sums.values()].reduce((s, t) => s + t.c, 0n), [...sums].map(([key, t]) => ({ key, weight: t.cs > 0n ? t.cs : 0n })));
        const expected = {
          employee: [...sums.keys()],
          ytdWithheld: [...sums.values()].map((t) => Number(t.c)),
          projectedAllocation: [...sums].map(([employee, t]) => Number(method === 'pool' ? shares.get(employee) : t.individual)),
        };
        expect(projectAllocation(rows, method)).toEqual(expected);
        // A month's people put first, each once, take the first places without a table of employees, and change nothing.
        const month = [...new Map(rows.map((r) => [r.employee, r])).values()];
        const rest = rows.filter((r) => !month.includes(r));
        const first = projectAllocation([...month, ...rest], method, month.length);
        const at = new Map(first.employee.map((e, i) => [e, i]));
        expect(first.employee.slice(0, month.length)).toEqual(month.map((r) => r.employee));
        expect(expected.employee.map((e) => [first.ytdWithheld[at.get(e) as number], first.projectedAllocation[at.get(e) as number]])).toEqual(expected.employee.map((_, i) => [expected.ytdWithheld[i], expected.projectedAllocation[i]]));
        if (projectionInDoubles(rows, method)) inDoubles += 1;
      }),
      { numRuns: 1000, seed: 21 },
    );
    // Both ways were taken: the doubles in most runs, BigInt in some.
    expect(inDoubles).toBeGreaterThan(300);
    expect(inDoubles).toBeLessThan(1000);
  });

  it('projects a month of 5·10^4 people in doubles', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => row('2026-02', String(i).padStart(6, '0'), 85_000 + (i % 7) * 1000, i % 17 === 0 ? 9700 : 10000, `U${i % 400}`));
    expect(projectionInDoubles(rows, 'pool')).toBe(true);
    expect(projectionInDoubles(rows, 'individual')).toBe(true);
  });

  it('projectAllocation gives the year-to-date figures per employee', () => {
    const p = projectAllocation([row('2026-01', 'A', 100, 10000), row('2026-01', 'B', 100, 5000)], 'pool');
    // 133.33 + remainder goes to B (66.67)
    expect(p).toEqual({ employee: ['A', 'B'], ytdWithheld: [100, 100], projectedAllocation: [133, 67] });
    // B's January again, then its February: two rows after the one distinct row.
    const q = projectAllocation([row('2026-02', 'A', 100, 10000), row('2026-01', 'B', 100, 5000), row('2026-02', 'B', 100, 5000)], 'pool', 1);
    expect(q).toEqual({ employee: ['A', 'B'], ytdWithheld: [100, 200], projectedAllocation: [150, 150] });
  });
});

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

function shuffle<T>(xs: T[], rng: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng() % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
