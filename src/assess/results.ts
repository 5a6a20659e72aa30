/**
 * Month results from the month's totals (SPEC §5.1): scores, effective
 * scores, bonus and withheld pay per person, and the unit table.
 */
import type { Scoring } from '../rules/types.js';
import { fen, hundredths } from '../types.js';
import { clamp, divHalfUp, divHalfUpNumber, mulRatioNumber } from '../arith.js';
import type { Member, Tally } from './tally.js';
import type { PersonMonth, UnitMonth } from './types.js';

/**
 * One person's month: score = min when vetoed, else clamp(base + points);
 * effective score = (1 − uw)·score + uw·unit score, half-up to hundredths;
 * withheld = wage × pay rate, half-up to the fen.
 */
export function personMonth(who: Member, tally: Tally, scoring: Scoring): PersonMonth {
  const { entry, totals: t } = who;
  const score = t.vetoed ? scoring.min : clampScore(scoring.base + t.points, scoring);
  const unitScore = clampScore(scoring.base + tally.unitPoints(entry.unit), scoring);
  const forfeited = Math.min(entry.bonus, t.forfeited);
  return {
    employee: entry.employee,
    name: entry.name,
    unit: entry.unit,
    role: entry.role,
    points: hundredths(t.points),
    score: hundredths(score),
    vetoed: t.vetoed,
    unitScore: hundredths(unitScore),
    effectiveScore: effectiveScore(score, unitScore, scoring),
    wage: entry.wage,
    bonus: entry.bonus,
    bonusForfeited: fen(forfeited),
    bonusPaid: fen(entry.bonus - forfeited),
    withheld: fen(mulRatioNumber(entry.wage, scoring.payRate)),
  };
}

/**
 * (1 − uw)·score + uw·unitScore with uw = num/den, computed as one exact
 * fraction and rounded half-up once, so uw = 0 gives back `score` exactly:
 * in doubles while every term is a safe integer (so exact), else in BigInt.
 */
export function effectiveScore(score: number, unitScore: number, scoring: Pick<Scoring, 'unitWeight'>) {
  const { num, den } = scoring.unitWeight;
  const n = Number(num);
  const d = Number(den);
  const own = (d - n) * score;
  const unit = n * unitScore;
  // Safe integers multiplied or added give a safe integer only when the result is exact.
  if (Number.isSafeInteger(n) && Number.isSafeInteger(d) && Number.isSafeInteger(own) && Number.isSafeInteger(unit) && Number.isSafeInteger(own + unit)) {
    return hundredths(divHalfUpNumber(own + unit, d));
  }
  return hundredths(Number(divHalfUp((den - num) * BigInt(score) + num * BigInt(unitScore), den)));
}

/**
 * The unit table: every unit of the month's roster with its points, its
 * score and the half-up mean of its people's effective scores (0 with nobody).
 */
export function unitMonths(units: Iterable<string>, people: readonly PersonMonth[], tally: Tally, scoring: Scoring): UnitMonth[] {
  const members = new Map<string, PersonMonth[]>();
  for (const p of people) {
    const list = members.get(p.unit);
    if (list) list.push(p);
    else members.set(p.unit, [p]);
  }
  return [...units].sort(byCodeUnits).map((unit) => {
    const mine = members.get(unit) ?? [];
    const sum = mine.reduce((s, p) => s + p.effectiveScore, 0);
    const points = tally.unitPoints(unit);
    return {
      unit,
      points: hundredths(points),
      score: hundredths(clampScore(scoring.base + points, scoring)),
      people: mine.length,
      // Scores are at most MAX_POINTS (10^6 hundredths, src/limits.ts) from zero: a safe sum for up to 9·10^9 people.
      avgScore: hundredths(mine.length === 0 ? 0 : divHalfUpNumber(sum, mine.length)),
    };
  });
}

/** Plain code-unit order (never locale-dependent), so outputs are byte-identical everywhere. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Items in report order (unit, then employee id), as a stable sort by
 * {@link byUnitThenEmployee} puts them, but a unit's name is compared once
 * per unit rather than in every comparison: each unit's items are sorted
 * apart. Equal unit names are usually distinct strings, compared character
 * by character; a month of 5·10^4 people spent most of its sort on them.
 * @example inUnitOrder(members, (m) => m.entry)
 */
export function inUnitOrder<T>(items: Iterable<T>, key: (item: T) => { unit: string; employee: string }): T[] {
  const byUnit = new Map<string, T[]>();
  for (const item of items) {
    const unit = key(item).unit;
    const group = byUnit.get(unit);
    if (group) group.push(item);
    else byUnit.set(unit, [item]);
  }
  const out: T[] = [];
  for (const unit of [...byUnit.keys()].sort(byCodeUnits)) {
    const group = (byUnit.get(unit) as T[]).sort((a, b) => byCodeUnits(key(a).employee, key(b).employee));
    for (const item of group) out.push(item);
  }
  return out;
}

/** People in report order: unit, then employee id. */
export function byUnitThenEmployee(a: { unit: string; employee: string }, b: { unit: string; employee: string }): number {
  return byCodeUnits(a.unit, b.unit) || byCodeUnits(a.employee, b.employee);
}

function clampScore(x: number, scoring: Scoring): number {
  return clamp(x, scoring.min as number, scoring.max as number);
}
