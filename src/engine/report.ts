/**
 * A month's report joined with the ledger's other months of its year: what
 * the CLI prints and what the library entry returns.
 */
import type { Ledger } from '../ledger/ledger.js';
import type { MonthReport } from '../pay/report.js';
import { buildMonthReport } from '../pay/report.js';
import type { PersonMonthPay } from '../pay/year.js';
import type { Month } from '../types.js';
import type { AssessedMonth, LoadedRules } from './pipeline.js';

/** The stored months of `month`'s year other than `month` itself, as pay rows. */
export async function yearRowsBefore(ledger: Ledger, month: Month): Promise<PersonMonthPay[]> {
  const year = Number(month.slice(0, 4));
  return (await ledger.personMonths(year))
    .filter((p) => p.month !== month)
    .map((p) => ({ month: p.month, employee: p.employee, name: p.name, unit: p.unit, withheld: p.withheld, effectiveScore: p.effectiveScore }));
}

/** The month's report, joined with the ledger's other months of its year (none without a ledger). */
export async function monthReport(month: AssessedMonth, rules: LoadedRules, ledger: Ledger | null): Promise<MonthReport> {
  const earlier = ledger ? await yearRowsBefore(ledger, month.result.month) : [];
  return buildMonthReport({
    result: month.result,
    rejects: month.rejects,
    files: month.files,
    rulesHash: rules.ruleSet.hash,
    titles: new Map(rules.ruleSet.rules.map((r) => [r.id, r.titles])),
    scoring: rules.ruleSet.scoring,
    earlier,
  });
}
