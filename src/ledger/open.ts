/**
 * Opening the ledger file: connection settings, friendly errors for files
 * that are missing or are not a ledger, and schema migrations.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { fail } from '../problems.js';
import { diskFull, diskFullError, ledgerFailure } from './failure.js';
import { LATEST_VERSION, MIGRATIONS, MIN_READABLE_VERSION } from './schema.js';

/** How long a writer waits for another writer's transaction before giving up (SPEC §6: 30 s; ASSESS_BUSY_TIMEOUT in tests). */
export const BUSY_TIMEOUT_MS = 30_000;

/** Keeps the WAL file from staying at the size of the biggest month ever written. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Opens (and for a writer creates and migrates) the SQLite file at `path`.
 * Throws UserError for a missing ledger opened read-only, a file that is not
 * a SQLite database or not an assess ledger, and a ledger made by a newer assess.
 */
export function openDatabase(path: string, readonly: boolean, busyTimeoutMs = BUSY_TIMEOUT_MS): Database.Database {
  if (readonly && !existsSync(path)) {
    throw fail('LEDGER_MISSING', null, { path });
  }
  // A full disk is said before SQLite touches anything (it would leave -wal and -shm files behind).
  if (!readonly && diskFull(path)) throw diskFullError(path);
  const db = connect(path, readonly);
  try {
    configure(db, path, readonly, busyTimeoutMs);
    if (readonly) requireCurrentSchema(db, path);
    else migrate(db, path);
    return db;
  } catch (err) {
    try {
      db.close();
    } catch {
      // Closing can fail on the same full disk; the first error is the one to report.
    }
    throw ledgerFailure(err, path, busyTimeoutMs) ?? err;
  }
}

let driver: typeof Database | undefined;

/** better-sqlite3 (a native addon), loaded on the first ledger opened: a run without a ledger never loads it. */
function sqlite(): typeof Database {
  driver ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return driver;
}

function connect(path: string, readonly: boolean): Database.Database {
  const Sqlite = sqlite();
  try {
    return new Sqlite(path, { readonly, fileMustExist: readonly });
  } catch (err) {
    const failure = ledgerFailure(err, path, BUSY_TIMEOUT_MS);
    if (failure?.exitCode === 75) throw failure;
    throw fail('LEDGER_OPEN_FAILED', null, { path, detail: messageOf(err) });
  }
}

/**
 * WAL lets `assess year` read while a month is being written, and keeps a
 * killed writer from damaging the file. synchronous = FULL: a ledger commits
 * once per assessed month, so one extra fsync per run is free, and a month
 * reported as saved then survives a power cut too (NORMAL would only
 * promise that after the next checkpoint).
 */
function configure(db: Database.Database, path: string, readonly: boolean, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  try {
    // The first statement to touch the file: this is where a non-database shows.
    db.pragma('user_version', { simple: true });
  } catch (err) {
    // A busy or full disk shows here too: only a file that is no database is "not a ledger".
    throw ledgerFailure(err, path, busyTimeoutMs) ?? fail('LEDGER_NOT_SQLITE', null, { path, detail: messageOf(err) });
  }
  db.pragma('foreign_keys = ON');
  if (readonly) return;
  useWal(db, busyTimeoutMs);
  db.pragma('synchronous = FULL');
  db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
}

/**
 * Switches the file to WAL (a setting kept in the file, so only its first
 * writer changes it). The switch needs the file to itself, and SQLite can
 * answer SQLITE_BUSY at once instead of waiting when two runs create a new
 * ledger together: wait and try again, within the busy timeout.
 */
function useWal(db: Database.Database, busyTimeoutMs: number): void {
  const deadline = Date.now() + busyTimeoutMs;
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** The file's schema version, from `PRAGMA user_version`. */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function requireKnownVersion(version: number, path: string): void {
  if (version > LATEST_VERSION) {
    throw fail('LEDGER_NEWER', null, { path, version, known: LATEST_VERSION });
  }
}

function requireCurrentSchema(db: Database.Database, path: string): void {
  const version = schemaVersion(db);
  requireKnownVersion(version, path);
  if (version === 0) throw fail('LEDGER_NO_TABLES', null, { path });
  if (version < MIN_READABLE_VERSION) {
    throw fail('LEDGER_OLDER', null, { path, version });
  }
}

/**
 * Applies every pending migration, each in its own IMMEDIATE transaction.
 * The version is re-read inside the transaction, so two processes opening a
 * new ledger at once apply each step exactly once.
 */
function migrate(db: Database.Database, path: string): void {
  requireKnownVersion(schemaVersion(db), path);
  for (let from = 0; from < MIGRATIONS.length; from++) {
    const step = MIGRATIONS[from] as string;
    db.transaction(() => {
      const version = schemaVersion(db);
      requireKnownVersion(version, path);
      if (version !== from) return;
      if (from === 0) requireEmpty(db, path);
      db.exec(step);
      db.pragma(`user_version = ${from + 1}`);
    }).immediate();
  }
}

/** Refuses to add ledger tables to some other program's SQLite database. */
function requireEmpty(db: Database.Database, path: string): void {
  const row = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number };
  if (row.n > 0) throw fail('LEDGER_FOREIGN', null, { path });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
