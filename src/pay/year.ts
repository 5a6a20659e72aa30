/**
 * The year-end performance-pay pool (SPEC §5.2, §5.3): the money withheld
 * from each person every month, weighted by their effective score, and its
 * redistribution. Exact: BigInt for every product, whole fen out.
 */
import { fen, hundredths } from '../types.js';
import type { Fen, Hundredths, Month } from '../types.js';
import { divHalfUp, divHalfUpNumber } from '../arith.js';

/** One person's month as the pool sees it: c(p,m) = withheld, s(p,m) = effective score. */
export interface PersonMonthPay {
  month: Month;
  employee: string;
  name: string;
  unit: string;
  withheld: Fen;
  effectiveScore: Hundredths;
}

/** One person's line of the year (year.csv). */
export interface PersonYear {
  employee: string;
  /** Name and unit as of the person's latest assessed month. */
  name: string;
  unit: string;
  /** Assessed months the person was on the roster. */
  months: number;
  withheld: Fen;
  /** Σ c·s / Σ c, half-up to hundredths; 0 when nothing was withheld. */
  avgScore: Hundredths;
  allocation: Fen;
  /** allocation − withheld. */
  difference: Fen;
}

/** The year-end allocation: Σ allocation + undistributed = pool, always. */
export interface YearResult {
  year: number;
  /** Sorted by unit, then employee id. */
  people: PersonYear[];
  pool: Fen;
  allocated: Fen;
  undistributed: Fen;
  monthsAssessed: Month[];
  /** Months of the year with no assessment in the ledger. */
  monthsMissing: Month[];
}

/** How the pool is handed back (§5.3). */
export type AllocationMethod = 'pool' | 'individual';

/**
 * The year's allocation over `rows` (every person-month of the year's
 * assessed months). `pool` splits P = Σ withheld in proportion to the weights
 * w(p) = Σ c·s by largest remainder; `individual` gives each person
 * Σ_m c·s/10000, half-up per month. A negative weight (possible only with a
 * negative scoring minimum) counts as 0 in the pool: nobody is allocated less
 * than nothing.
 *
 * @example computeYear(2026, rows, 'pool', ['2026-01', …]).undistributed
 */
export function computeYear(year: number, rows: readonly PersonMonthPay[], method: AllocationMethod, monthsAssessed: readonly Month[]): YearResult {
  const { totals, pool, allocations } = allocate(rows, method);
  const people = totals.map((t) => personYear(t, allocations.get(t.employee) ?? 0n)).sort(byUnitThenEmployee);
  const allocated = people.reduce((s, p) => s + BigInt(p.allocation), 0n);
  const assessed = [...new Set(monthsAssessed)].sort();
  return {
    year,
    people,
    pool: toFen(pool),
    allocated: toFen(allocated),
    undistributed: toFen(pool - allocated),
    monthsAssessed: assessed,
    monthsMissing: monthsOfYear(year).filter((m) => !assessed.includes(m)),
  };
}

/** Year-to-date figures per employee (§5.3), in order of first appearance in the rows projected. */
export interface Projection {
  employee: string[];
  ytdWithheld: Fen[];
  projectedAllocation: Fen[];
}

/**
 * Year-to-date figures for a monthly run (§5.3 `projected_allocation`): the
 * same computation over the months of the year assessed so far, this month's
 * rows included. Every monthly run computes this for every person, so it is
 * done in doubles wherever that is exact (BigInt only for each share's
 * product and quotient) and in BigInt throughout otherwise; both give the
 * same figures (test/pay/year.test.ts).
 *
 * The first `distinct` rows must be of distinct employees (one month's
 * people, put first): they take positions 0 to distinct − 1 of the result,
 * and no table of employees is built unless rows follow them.
 *
 * @example projectAllocation([...month, ...earlier], 'pool', month.length).projectedAllocation[0]
 */
export function projectAllocation(rows: readonly PersonMonthPay[], method: AllocationMethod, distinct = 0): Projection {
  const sums = sumInDoubles(rows, distinct);
  const shares = sums === null ? null : method === 'individual' ? sums.individual : poolSharesInDoubles(sums);
  if (sums === null || shares === null) {
    const { totals, allocations } = allocate(rows, method);
    return {
      employee: totals.map((t) => t.employee),
      ytdWithheld: totals.map((t) => toFen(t.withheld)),
      projectedAllocation: totals.map((t) => toFen(allocations.get(t.employee) ?? 0n)),
    };
  }
  return { employee: sums.employee, ytdWithheld: sums.withheld as Fen[], projectedAllocation: shares as Fen[] };
}

/** Whether projectAllocation computes in doubles for these rows (the tests' proof that the fast way is taken). */
export function projectionInDoubles(rows: readonly PersonMonthPay[], method: AllocationMethod): boolean {
  const sums = sumInDoubles(rows);
  return sums !== null && (method === 'individual' || poolSharesInDoubles(sums) !== null);
}

/** Each person's totals (in order of first appearance), the pool, and each person's allocation by `method`. */
function allocate(rows: readonly PersonMonthPay[], method: AllocationMethod): { totals: Totals[]; pool: bigint; allocations: Map<string, bigint> } {
  const totals = [...sumPeople(rows).values()];
  const pool = totals.reduce((s, t) => s + t.withheld, 0n);
  const allocations =
    method === 'pool'
      ? allocateLargestRemainder(pool, totals.map((t) => ({ key: t.employee, weight: t.weight > 0n ? t.weight : 0n })))
      : new Map(totals.map((t) => [t.employee, t.individual]));
  return { totals, pool, allocations };
}

/**
 * Hamilton (largest remainder) apportionment of `pool` whole units in
 * proportion to non-negative weights: each key first gets ⌊pool·w/W⌋, then
 * the units left over go one each to the largest remainders, ties broken by
 * larger weight, then by key (code-unit order). With W = 0 everyone gets 0.
 * The result does not depend on the order of `weights`; each share is within
 * one unit of its exact quota pool·w/W, and the shares sum to `pool` when W > 0.
 *
 * @example allocateLargestRemainder(10n, [{key:'A',weight:47000n}, …]) // A → 5n, …
 */
export function allocateLargestRemainder(pool: bigint, weights: readonly { key: string; weight: bigint }[]): Map<string, bigint> {
  const total = weights.reduce((s, w) => s + w.weight, 0n);
  if (weights.some((w) => w.weight < 0n)) throw new Error('internal: negative weight');
  if (pool < 0n) throw new Error('internal: negative pool');
  if (total === 0n) return new Map(weights.map((w) => [w.key, 0n]));
  const floors: bigint[] = [];
  const rems: bigint[] = [];
  let given = 0n;
  for (const w of weights) {
    const product = pool * w.weight;
    const floor = product / total;
    floors.push(floor);
    rems.push(product - floor * total);
    given += floor;
  }
  const plusOne = leftoverTakers(weights, rems, Number(pool - given), total);
  return new Map(weights.map((w, i) => [w.key, (floors[i] as bigint) + (plusOne.has(i) ? 1n : 0n)]));
}

/**
 * The `left` shares that get one unit more: the first `left` in the order of
 * larger remainder, then larger weight, then smaller key (code-unit order).
 */
function leftoverTakers(weights: readonly { key: string; weight: bigint }[], rems: readonly bigint[], left: number, total: bigint): Set<number> {
  if (left <= 0) return new Set();
  if (total <= BigInt(Number.MAX_SAFE_INTEGER)) {
    const keys = weights.map((w) => w.key);
    return new Set(leftoverTakersInDoubles(Float64Array.from(rems, Number), weights.map((w) => Number(w.weight)), keys, left));
  }
  const w = (i: number): bigint => (weights[i] as { weight: bigint }).weight;
  const all = weights.map((_, i) => i);
  all.sort((a, b) => cmpDesc(rems[a] as bigint, rems[b] as bigint) || cmpDesc(w(a), w(b)) || byCodeUnits((weights[a] as { key: string }).key, (weights[b] as { key: string }).key));
  return new Set(all.slice(0, left));
}

/**
 * leftoverTakers for a `total` that is a safe integer: remainders (below
 * `total`) and weights (at most `total`) then compare exactly as numbers, so
 * the `left`-th largest remainder is found by a numeric sort, and only the
 * shares tied with it are ordered by weight and key. That is several times
 * faster than sorting every share for a month of 10^5 people, and gives the
 * same shares.
 */
function leftoverTakersInDoubles(rems: Float64Array, weights: readonly number[], keys: readonly string[], left: number): number[] {
  if (left <= 0) return [];
  // The remainder of the last share that gets one: every larger remainder gets one, and some of those equal to it.
  const threshold = Float64Array.from(rems).sort()[rems.length - left] as number;
  const takers: number[] = [];
  const tied: number[] = [];
  rems.forEach((rem, i) => {
    if (rem > threshold) takers.push(i);
    else if (rem === threshold) tied.push(i);
  });
  tied.sort((a, b) => (weights[b] as number) - (weights[a] as number) || byCodeUnits(keys[a] as string, keys[b] as string));
  return takers.concat(tied.slice(0, left - takers.length));
}

/**
 * The pool's shares (allocateLargestRemainder) from sums in doubles, when
 * the pool and the total weight are safe integers; null otherwise. Each
 * share's ⌊pool·w/W⌋ and remainder are exact in BigInt and safe integers as
 * numbers (the quotient is at most the pool, the remainder below W).
 */
function poolSharesInDoubles(sums: Sums): number[] | null {
  const weights = sums.weight.map((w) => (w > 0 ? w : 0));
  const pool = sums.withheld.reduce((a, b) => a + b, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(pool) || !Number.isSafeInteger(total) || pool < 0) return null;
  const shares = new Array<number>(weights.length).fill(0);
  if (total === 0) return shares;
  const P = BigInt(pool);
  const T = BigInt(total);
  const rems = new Float64Array(weights.length);
  let given = 0;
  weights.forEach((w, i) => {
    if (w === 0) return;
    const product = P * BigInt(w);
    const floor = product / T;
    shares[i] = Number(floor);
    rems[i] = Number(product - floor * T);
    given += shares[i] as number;
  });
  for (const i of leftoverTakersInDoubles(rems, weights, sums.employee, pool - given)) shares[i] = (shares[i] as number) + 1;
  return shares;
}

/** Per-employee sums over the year; name and unit from the latest month. */
interface Totals {
  employee: string;
  name: string;
  unit: string;
  latest: Month;
  months: number;
  withheld: bigint;
  weight: bigint;
  individual: bigint;
}

function sumPeople(rows: readonly PersonMonthPay[]): Map<string, Totals> {
  const sums = sumInDoubles(rows);
  if (sums === null) return sumPeopleInBigInts(rows);
  const totals = new Map<string, Totals>();
  sums.employee.forEach((employee, i) => {
    const latest = sums.latest[i] as PersonMonthPay;
    totals.set(employee, {
      employee, name: latest.name, unit: latest.unit, latest: latest.month, months: sums.months[i] as number,
      withheld: BigInt(sums.withheld[i] as number), weight: BigInt(sums.weight[i] as number), individual: BigInt(sums.individual[i] as number),
    });
  });
  return totals;
}

/** Per-employee sums in doubles, each person at one index, in order of first appearance. */
interface Sums {
  employee: string[];
  latest: PersonMonthPay[];
  months: number[];
  withheld: number[];
  /** Σ c·s. */
  weight: number[];
  /** Σ c·s/10000, half-up per month. */
  individual: number[];
}

/** The largest |c·s| whose half-up division by 10000 stays exact in doubles: 2·|c·s| + 10000 is a safe integer. */
const EXACT_IN_DOUBLES = (Number.MAX_SAFE_INTEGER - 10000) / 2;

/**
 * The sums in doubles, which are exact while every product and every
 * partial sum is a safe integer (a month of 10^5 people several times faster
 * than BigInt); null as soon as one is not, and the BigInt sums are used.
 */
function sumInDoubles(rows: readonly PersonMonthPay[], distinct = 0): Sums | null {
  const s: Sums = { employee: [], latest: [], months: [], withheld: [], weight: [], individual: [] };
  // Each employee's index; built at the first row after the distinct ones.
  let index: Map<string, number> | null = null;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k] as PersonMonthPay;
    const c: number = r.withheld;
    const cs = c * r.effectiveScore;
    if (!(Math.abs(cs) <= EXACT_IN_DOUBLES)) return null;
    const individual = divHalfUpNumber(cs, 10000);
    if (k >= distinct) index ??= new Map(s.employee.map((e, i) => [e, i]));
    const i = index?.get(r.employee);
    if (i === undefined) {
      index?.set(r.employee, s.employee.length);
      s.employee.push(r.employee);
      s.latest.push(r);
      s.months.push(1);
      s.withheld.push(c);
      s.weight.push(cs);
      s.individual.push(individual);
      continue;
    }
    if (r.month >= (s.latest[i] as PersonMonthPay).month) s.latest[i] = r;
    const withheld = (s.withheld[i] as number) + c;
    const weight = (s.weight[i] as number) + cs;
    const sum = (s.individual[i] as number) + individual;
    if (!(Number.isSafeInteger(withheld) && Number.isSafeInteger(weight) && Number.isSafeInteger(sum))) return null;
    s.months[i] = (s.months[i] as number) + 1;
    s.withheld[i] = withheld;
    s.weight[i] = weight;
    s.individual[i] = sum;
  }
  return s;
}

function sumPeopleInBigInts(rows: readonly PersonMonthPay[]): Map<string, Totals> {
  const totals = new Map<string, Totals>();
  for (const r of rows) {
    const c = BigInt(r.withheld);
    const cs = c * BigInt(r.effectiveScore);
    const t = totals.get(r.employee);
    if (!t) {
      const first = { employee: r.employee, name: r.name, unit: r.unit, latest: r.month, months: 1, withheld: c, weight: cs, individual: divHalfUp(cs, 10000n) };
      totals.set(r.employee, first);
      continue;
    }
    if (r.month >= t.latest) Object.assign(t, { name: r.name, unit: r.unit, latest: r.month });
    t.months += 1;
    t.withheld += c;
    t.weight += cs;
    t.individual += divHalfUp(cs, 10000n);
  }
  return totals;
}

function personYear(t: Totals, allocation: bigint): PersonYear {
  return {
    employee: t.employee,
    name: t.name,
    unit: t.unit,
    months: t.months,
    withheld: toFen(t.withheld),
    avgScore: hundredths(t.withheld === 0n ? 0 : Number(divHalfUp(t.weight, t.withheld))),
    allocation: toFen(allocation),
    difference: toFen(allocation - t.withheld),
  };
}

/** The twelve `YYYY-MM` months of a year. */
export function monthsOfYear(year: number): Month[] {
  return Array.from({ length: 12 }, (_, i) => `${String(year).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}`);
}

function cmpDesc(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

/** Strings in code-unit order (that of src/assess/results.ts, which this layer does not import). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byUnitThenEmployee(a: PersonYear, b: PersonYear): number {
  return byCodeUnits(a.unit, b.unit) || byCodeUnits(a.employee, b.employee);
}

function toFen(x: bigint): Fen {
  return fen(Number(x));
}
