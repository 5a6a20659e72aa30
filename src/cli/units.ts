/**
 * `--unit NAME` (repeatable): the tables show only those units. A name that
 * is not a unit of the month (or year) is a usage error, said in the run's
 * language with the units there are, rather than an empty table.
 */
import { unknownUnits } from '../render/table.js';
import { fail } from '../problems.js';

/** Throws USAGE_UNKNOWN_UNIT (exit 2) when a requested unit is not among `known`. */
export function checkUnits(units: readonly string[], known: readonly string[], period: string): void {
  const unknown = unknownUnits(units, known);
  if (unknown.length > 0) throw fail('USAGE_UNKNOWN_UNIT', null, { units: unknown, period, known: [...known] });
}
