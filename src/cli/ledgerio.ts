/**
 * Opening the ledger the way each command needs it, and the ledger rows that
 * the pay arithmetic reads.
 */
import fs from 'node:fs';
import { openLedger } from '../ledger/ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { MonthReport } from '../assess/types.js';
import { buildMonthReport } from '../pay/report.js';
import type { PersonMonthPay } from '../pay/year.js';
import type { AssessedMonth, LoadedRules } from '../engine/pipeline.js';
import type { Month } from '../types.js';

/**
 * The ledger for a month run: created when missing, except on a dry run,
 * which only reads an existing ledger (and needs none).
 */
export function openLedgerFor(file: string, dryRun: boolean): Ledger | null {
  if (dryRun) return fs.existsSync(file) ? openLedger(file, { readonly: true }) : null;
  return openLedger(file);
}

/** The stored months of `month`'s year other than `month` itself, as pay rows. */
export function yearRowsBefore(ledger: Ledger, month: Month): PersonMonthPay[] {
  const year = Number(month.slice(0, 4));
  return ledger
    .personMonths(year)
    .filter((p) => p.month !== month)
    .map((p) => ({ month: p.month, employee: p.employee, name: p.name, unit: p.unit, withheld: p.withheld, effectiveScore: p.effectiveScore }));
}

/** The month's report, joined with the ledger's other months of its year (none without a ledger). */
export function monthReport(month: AssessedMonth, rules: LoadedRules, ledger: Ledger | null): MonthReport {
  return buildMonthReport({
    result: month.result,
    rejects: month.rejects,
    files: month.files,
    rulesHash: rules.ruleSet.hash,
    scoring: rules.ruleSet.scoring,
    earlier: ledger ? yearRowsBefore(ledger, month.result.month) : [],
  });
}

/**
 * The months of `month`'s year before it whose stored rules hash is not
 * `hash`, with those hashes: pay split by score over a year should not
 * change its rules silently.
 */
export function rulesChangedSince(ledger: Ledger, month: Month, hash: string): { months: Month[]; hashes: string[] } {
  const months: Month[] = [];
  const hashes = new Set<string>();
  for (const m of ledger.months(Number(month.slice(0, 4)))) {
    const stored = m < month ? ledger.monthRun(m)?.rulesHash : undefined;
    if (stored !== undefined && stored !== hash) {
      months.push(m);
      hashes.add(stored);
    }
  }
  return { months, hashes: [...hashes] };
}
