/**
 * The ledger (SPEC §6): where each assessed month's people, units, effects,
 * rules hash and input files are kept, so that `assess year` and
 * `assess history` can work from it. Two backends behind one interface
 * (types.ts): a SQLite file (the default; one bureau) and a PostgreSQL
 * database (`postgres://…`; many bureaus, kept apart by row-level security).
 */
import { isPostgresUrl } from './pgconnect.js';
import { openPostgresLedger } from './postgres.js';
import { openSqliteLedger } from './sqlite.js';
import type { Ledger, OpenOptions } from './types.js';

export type { BureauStatus, Ledger, MonthRun, OpenOptions, SaveMonthInput, SaveResult, StoredPersonMonth } from './types.js';
export { LATEST_VERSION } from './schema.js';
export { isPostgresUrl } from './pgconnect.js';

/**
 * Opens the ledger at `location`: a `postgres://` or `postgresql://` URL,
 * or else the path of a SQLite file (created and migrated unless
 * `readonly`). Throws UserError with the exit code to use when it cannot.
 *
 * @example
 * const ledger = await openLedger('assess.db');
 * try { await ledger.saveMonth({ result, rulesHash, files, runAt, assessVersion }); }
 * finally { await ledger.close(); }
 */
export async function openLedger(location: string, opts: OpenOptions = {}): Promise<Ledger> {
  return isPostgresUrl(location) ? openPostgresLedger(location, opts) : openSqliteLedger(location, opts);
}
