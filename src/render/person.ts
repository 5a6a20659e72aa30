/**
 * The fields of one person's month (scores.csv, §7), shared by the month
 * report and the history of one person.
 */
import type { PersonMonth } from '../assess/types.js';
import type { Month } from '../types.js';
import type { Field } from './columns.js';

/** A person's month result together with the month it belongs to. */
export type PersonMonthRow = PersonMonth & { month: Month };

/** scores.csv fields up to `withheld`: everything known from one month alone. */
export function personMonthFields<T extends PersonMonthRow>(): Field<T>[] {
  return [
    { name: 'month', kind: 'text', get: (p) => p.month },
    { name: 'employee', kind: 'text', get: (p) => p.employee },
    { name: 'name', kind: 'text', get: (p) => p.name },
    { name: 'unit', kind: 'text', get: (p) => p.unit },
    { name: 'score', kind: 'score', get: (p) => p.score },
    { name: 'points', kind: 'score', get: (p) => p.points },
    { name: 'unit_score', kind: 'score', get: (p) => p.unitScore },
    { name: 'effective_score', kind: 'score', get: (p) => p.effectiveScore },
    { name: 'wage', kind: 'money', get: (p) => p.wage },
    { name: 'bonus', kind: 'money', get: (p) => p.bonus },
    { name: 'bonus_forfeited', kind: 'money', get: (p) => p.bonusForfeited },
    { name: 'bonus_paid', kind: 'money', get: (p) => p.bonusPaid },
    { name: 'withheld', kind: 'money', get: (p) => p.withheld },
  ];
}
