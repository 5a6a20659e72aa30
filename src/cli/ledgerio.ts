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

/** Stored with a month's input files (kind `rules`, no rows): each rules file's name and hash, so that a later month can say which file changed. */
export const RULES_FILE_KIND = 'rules';

/**
 * The months of `month`'s year before it whose stored rules hash is not
 * `hash`, with those hashes and the rules files that differ from `files`
 * (changed, added or removed; null when a month was stored before assess
 * kept each file's hash): pay split by score over a year should not change
 * its rules silently.
 */
export async function rulesChangedSince(
  ledger: Ledger,
  month: Month,
  hash: string,
  files: readonly { name: string; sha256: string }[],
): Promise<{ months: Month[]; hashes: string[]; files: string[] | null }> {
  const months: Month[] = [];
  const hashes = new Set<string>();
  const now = new Map(files.map((f) => [f.name, f.sha256]));
  let changed: Set<string> | null = new Set();
  for (const m of await ledger.months(Number(month.slice(0, 4)))) {
    const run = m < month ? await ledger.monthRun(m) : null;
    if (run === null || run.rulesHash === hash) continue;
    months.push(m);
    hashes.add(run.rulesHash);
    const then = new Map(run.files.filter((f) => f.kind === RULES_FILE_KIND).map((f) => [f.file, f.sha256]));
    if (then.size === 0) changed = null;
    if (changed === null) continue;
    for (const name of new Set([...now.keys(), ...then.keys()])) if (now.get(name) !== then.get(name)) changed.add(name);
  }
  return { months, hashes: [...hashes], files: changed === null ? null : [...changed].sort() };
}
