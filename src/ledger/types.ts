/**
 * The one ledger interface (SPEC §6) that both backends implement: SQLite
 * (a file, one bureau) and PostgreSQL (a shared database, many bureaus).
 * Asynchronous because PostgreSQL is a server; SQLite answers at once.
 */
import type { Effect, FileStats, MonthResult, UnitMonth } from '../assess/types.js';
import type { Month } from '../types.js';
import type { StoredPersonMonth } from './rows.js';

export type { StoredPersonMonth } from './rows.js';

/** What one month run stores. */
export interface SaveMonthInput {
  result: MonthResult;
  /** Content hash of the rules folder the month was assessed with. */
  rulesHash: string;
  files: FileStats[];
  /** ISO time of the run, passed in so that the same run stores the same bytes. */
  runAt: string;
  /** The version of assess that stored the month (recorded with it). */
  assessVersion: string;
}

/** What saveMonth did: whether it replaced an earlier run of the month, and whose. */
export interface SaveResult {
  replaced: boolean;
  previousRunAt: string | null;
  /** Who stored the replaced run (OS user or database role), when the ledger knows. */
  previousBy: string | null;
}

/** A month's stored run metadata. */
export interface MonthRun {
  rulesHash: string;
  runAt: string;
  files: FileStats[];
  /** OS user (SQLite) or database role (PostgreSQL) that stored it; null for months stored before schema 3. */
  storedBy: string | null;
  /** The assess version that stored it; null for months stored before schema 3. */
  assessVersion: string | null;
}

/** One line of `ledger status`: a bureau ('' for a SQLite ledger) and its stored months of the year. */
export interface BureauStatus {
  bureau: string;
  months: Month[];
}

/** An open ledger, bound to one bureau. Every read is sorted, so the same ledger gives the same output. */
export interface Ledger {
  readonly backend: 'sqlite' | 'postgres';
  /** Where it is, for messages: a file path, or host:port/database (never a password). */
  readonly where: string;
  /** The bureau it reads and writes; '' for a SQLite ledger, which is one bureau. */
  readonly bureau: string;
  /**
   * Stores a month in one transaction, replacing an earlier run of the same
   * month. Either all of it lands or nothing changes.
   */
  saveMonth(input: SaveMonthInput): Promise<SaveResult>;
  /** Removes a stored month (recorded in the ledger's log like a store); false when it was not stored. */
  dropMonth(month: Month, assessVersion: string): Promise<boolean>;
  /** The assessed months, ascending; only those of `year` when given. */
  months(year?: number): Promise<Month[]>;
  /** Every person-month of `year`, by month, then unit, then employee. */
  personMonths(year: number): Promise<StoredPersonMonth[]>;
  /** One employee's months, ascending. */
  history(employee: string): Promise<StoredPersonMonth[]>;
  /** The month's units, by unit. */
  units(month: Month): Promise<UnitMonth[]>;
  /** The month's effects, in the order they were saved. */
  effects(month: Month): Promise<Effect[]>;
  /** The month's run metadata and input files (in saved order), or null if not assessed. */
  monthRun(month: Month): Promise<MonthRun | null>;
  close(): Promise<void>;
}

/** How to open a ledger. */
export interface OpenOptions {
  /** Reads only: nothing is created or migrated. */
  readonly?: boolean;
  /** `--bureau NAME` (PostgreSQL only; a SQLite ledger refuses it). */
  bureau?: string | null;
  /** How long a run waits for a busy ledger (SPEC §6: 30 s by default). */
  busyTimeoutMs?: number;
}
