/**
 * `--unit NAME` (repeatable): the tables show only those units. A name that
 * is not a unit of the month (or year) is a usage error, said in the run's
 * language with the units there are, rather than an empty table.
 */
import type { Lang } from '../render/i18n.js';
import { unknownUnits } from '../render/table.js';
import { UserError } from '../problems.js';

/**
 * Throws (exit 2) when a requested unit is not among `known`.
 * Problem code UNKNOWN_UNIT (to move into the problem-codes module when it lands).
 */
export function checkUnits(units: readonly string[], known: readonly string[], period: string, lang: Lang): void {
  const unknown = unknownUnits(units, known);
  if (unknown.length === 0) return;
  const names = unknown.map((u) => `"${u}"`);
  throw new UserError(
    lang === 'zh'
      ? `--unit ${names.join('、')} 不是 ${period} 的单位；可选的单位有：${known.join('、')}`
      : `--unit ${names.join(', ')}: not a unit of ${period}; the units are: ${known.join(', ')}`,
    2,
  );
}
