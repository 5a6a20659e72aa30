/**
 * The running totals of a month (SPEC §4 effects, caps, veto): what each rule
 * has given each person and unit so far. Every effect passes through here so
 * that caps and the bonus bound hold whatever order records arrive in.
 * Memory grows with people × rules that touched them, never with rows.
 */
import type { Rule } from '../rules/types.js';
import { fen, hundredths } from '../types.js';
import type { Fen, RosterEntry, Source } from '../types.js';
import { percentOf } from '../arith.js';
import type { Effect } from './types.js';

/** One person's month so far. */
export interface PersonTally {
  points: number;
  vetoed: boolean;
  forfeited: number;
}

/**
 * A person on the month's roster with their running totals: the assessor
 * looks a record's people up once and passes these along, so that the
 * per-row work touches no table keyed by employee id (SPEC §9).
 */
export interface Member {
  readonly entry: RosterEntry;
  /** 0-based position on the month's roster, for per-person counters kept in arrays. */
  readonly index: number;
  readonly totals: PersonTally;
  /** The employee id's and the unit's indexes in the month's EffectLog strings, once interned (-1 before). */
  ref: number;
  unitRef: number;
}

/** A member of the month's roster at `index`, with zero totals. */
export function member(entry: RosterEntry, index: number): Member {
  return { entry, index, totals: { points: 0, vetoed: false, forfeited: 0 }, ref: -1, unitRef: -1 };
}

/** Applies rule effects to people and units, enforcing caps and the bonus bound. */
export interface Tally {
  /** The effect of `rule` on one person: points (capped), bonus forfeiture (bounded), veto; adds to `who.totals`. */
  person(rule: Rule, who: Member, source: Source | null): Effect;
  /** The effect of `rule`'s unit points on one unit (capped). */
  unit(rule: Rule, unit: string, source: Source | null): Effect;
  /** The unit's points (0 when no rule touched it). */
  unitPoints(unit: string): number;
}

/** A fresh tally for one month. */
export function createTally(): Tally {
  const units = new Map<string, number>();
  const personCaps = new CapBook();
  const unitCaps = new CapBook();

  return {
    person(rule, who, source) {
      const { entry, totals: t } = who;
      const points = personCaps.take(rule, entry.employee, rule.effects.points);
      const forfeited = forfeiture(rule, entry.bonus, t.forfeited);
      t.points += points;
      t.forfeited += forfeited;
      t.vetoed ||= rule.effects.veto;
      return effect(rule, 'person', entry.employee, entry.unit, points, forfeited, rule.effects.veto, source);
    },
    unit(rule, unit, source) {
      const points = unitCaps.take(rule, unit, rule.effects.unitPoints);
      units.set(unit, (units.get(unit) ?? 0) + points);
      return effect(rule, 'unit', '', unit, points, 0, false, source);
    },
    unitPoints: (unit) => units.get(unit) ?? 0,
  };
}

/**
 * Per rule and target, the absolute points given so far; `take` grants what
 * the rule's cap still allows (all of it without a cap), keeping the sign.
 */
class CapBook {
  private readonly used = new Map<string, Map<string, number>>();

  take(rule: Rule, target: string, points: number): number {
    if (rule.cap === null || points === 0) return points;
    let byTarget = this.used.get(rule.id);
    if (!byTarget) this.used.set(rule.id, (byTarget = new Map()));
    const used = byTarget.get(target) ?? 0;
    const granted = Math.min(Math.abs(points), Math.max(0, Math.abs(rule.cap) - used));
    byTarget.set(target, used + granted);
    return granted === 0 ? 0 : Math.sign(points) * granted; // never −0 in a trace
  }
}

/**
 * Fen this rule forfeits from a person's bonus: the percentage (half-up to
 * the fen) or the amount, bounded by what is left of the bonus. Forfeiture is
 * a deduction whatever sign the rules file wrote it with (`"-100%"` and
 * `"100%"` both forfeit the whole bonus), so it stays within [0, bonus].
 */
function forfeiture(rule: Rule, bonus: Fen, already: number): number {
  const b = rule.effects.bonus;
  if (b === null) return 0;
  const wanted = 'percent' in b ? percentOf(bonus, Math.abs(b.percent)) : Math.abs(b.amount);
  return Math.max(0, Math.min(wanted, bonus - already));
}

function effect(
  rule: Rule,
  target: 'person' | 'unit',
  employee: string,
  unit: string,
  points: number,
  bonusForfeited: number,
  veto: boolean,
  source: Source | null,
): Effect {
  return {
    rule: rule.id,
    title: rule.title,
    target,
    employee,
    unit,
    points: hundredths(points),
    bonusForfeited: fen(bonusForfeited),
    veto,
    source,
  };
}
