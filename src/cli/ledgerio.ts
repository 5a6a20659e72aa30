/**
 * Opening the ledger the way each command needs it, and the ledger rows that
 * the pay arithmetic reads.
 */
import fs from 'node:fs';
import { isPostgresUrl, openLedger } from '../ledger/ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import type { CommonOptions } from './options.js';
import type { Month } from '../types.js';

export { monthReport, yearRowsBefore } from '../engine/report.js';

/**
 * The ledger for a month run: created when missing, except on a dry run,
 * which only reads an existing ledger (and needs none). A PostgreSQL ledger
 * is never created here: its owner runs `assess ledger migrate`.
 */
export async function openLedgerFor(common: CommonOptions, dryRun: boolean): Promise<Ledger | null> {
  const where = common.ledgerPath;
  const opts = { bureau: common.bureau, busyTimeoutMs: common.busyTimeoutMs };
  if (dryRun && !isPostgresUrl(where)) return fs.existsSync(where) ? openLedger(where, { ...opts, readonly: true }) : null;
  return openLedger(where, { ...opts, readonly: dryRun });
}

/** The ledger for a command that only reads it (year, history, ledger status). */
export function openLedgerToRead(common: CommonOptions): Promise<Ledger> {
  return openLedger(common.ledgerPath, { bureau: common.bureau, busyTimeoutMs: common.busyTimeoutMs, readonly: true });
}

/**
 * The months of `month`'s year before it whose stored rules hash is not
 * `hash`, with those hashes: pay split by score over a year should not
 * change its rules silently.
 */
export async function rulesChangedSince(ledger: Ledger, month: Month, hash: string): Promise<{ months: Month[]; hashes: string[] }> {
  const months: Month[] = [];
  const hashes = new Set<string>();
  for (const m of await ledger.months(Number(month.slice(0, 4)))) {
    const stored = m < month ? (await ledger.monthRun(m))?.rulesHash : undefined;
    if (stored !== undefined && stored !== hash) {
      months.push(m);
      hashes.add(stored);
    }
  }
  return { months, hashes: [...hashes] };
}
