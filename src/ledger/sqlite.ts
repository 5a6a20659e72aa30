/**
 * The SQLite backend of the ledger (SPEC §6): one file, one bureau, the
 * default. better-sqlite3 is synchronous; the Ledger interface is not, so
 * every method answers with a settled promise.
 */
import { userInfo } from 'node:os';
import type Database from 'better-sqlite3';
import type { Effect, UnitMonth } from '../assess/types.js';
import type { Month } from '../types.js';
import { fail } from '../problems.js';
import { ledgerFailure } from './failure.js';
import { BUSY_TIMEOUT_MS, openDatabase, schemaVersion } from './open.js';
import { byEmployee, encodeTrace, requireKnownPeople } from './trace.js';
import {
  effectFromRow,
  fileFromRow,
  fileParams,
  runFromRow,
  personFromRow,
  personParams,
  unitFromRow,
  unitParams,
  type EffectRow,
  type FileRow,
  type Params,
  type PersonRow,
  type RunRow,
  type StoredPersonMonth,
  type UnitRow,
} from './rows.js';
import type { Ledger, MonthRun, OpenOptions, SaveMonthInput, SaveResult } from './types.js';

/**
 * Opens the SQLite ledger at `path`, creating and migrating it unless
 * `readonly`. Throws UserError when a read-only ledger is missing, when the
 * file is not an assess ledger, or when it was made by a newer assess, and
 * (exit 2) for `--bureau`, which a one-bureau file has no use for.
 *
 * @example
 * const ledger = openSqliteLedger('assess.db');
 * try { await ledger.saveMonth({ result, rulesHash, files, runAt: new Date().toISOString(), assessVersion }); }
 * finally { await ledger.close(); }
 */
export function openSqliteLedger(path: string, opts: OpenOptions = {}): Ledger {
  const sync = openSqliteSync(path, opts);
  const later = <T>(fn: () => T): Promise<T> => {
    try {
      return Promise.resolve(fn());
    } catch (err) {
      return Promise.reject(err);
    }
  };
  return {
    backend: 'sqlite',
    where: path,
    bureau: '',
    saveMonth: (input) => later(() => sync.saveMonth(input)),
    dropMonth: (month, version) => later(() => sync.dropMonth(month, version)),
    months: (year) => later(() => sync.months(year)),
    personMonths: (year) => later(() => sync.personMonths(year)),
    history: (employee) => later(() => sync.history(employee)),
    units: (month) => later(() => sync.units(month)),
    effects: (month) => later(() => sync.effects(month)),
    monthRun: (month) => later(() => sync.monthRun(month)),
    close: () => later(() => sync.close()),
  };
}

/** The SQLite ledger as better-sqlite3 gives it: every call answers at once. */
export interface SyncLedger extends SyncReader {
  saveMonth(input: SaveMonthInput): SaveResult;
  dropMonth(month: Month, assessVersion: string): boolean;
  close(): void;
}

/** openSqliteLedger without the promises (what the SQLite tests and their child processes use). */
export function openSqliteSync(path: string, opts: OpenOptions = {}): SyncLedger {
  if (opts.bureau != null) {
    throw fail('USAGE_BUREAU_ON_SQLITE', null, { path });
  }
  const db = openDatabase(path, opts.readonly ?? false, opts.busyTimeoutMs);
  const readOnly = (): never => {
    throw new Error('internal: ledger opened read-only');
  };
  const save = opts.readonly ? readOnly : writerOf(db, path, opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
  const drop = opts.readonly ? readOnly : dropperOf(db);
  return { ...readerOf(db), saveMonth: save, dropMonth: drop, close: () => void db.close() };
}

/** Who stores a month in a SQLite ledger: the OS user running assess. */
export function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): the environment's word for it.
    return process.env.USER ?? process.env.USERNAME ?? `uid ${process.getuid?.() ?? '?'}`;
  }
}

const PERSON_COLUMNS = `month, employee, name, unit, role, points, score, vetoed, unit_score,
  effective_score, wage, bonus, bonus_forfeited, bonus_paid, withheld`;

/** The synchronous reads of a SQLite ledger. */
export interface SyncReader {
  months(year?: number): Month[];
  personMonths(year: number): StoredPersonMonth[];
  history(employee: string): StoredPersonMonth[];
  units(month: Month): UnitMonth[];
  effects(month: Month): Effect[];
  monthRun(month: Month): MonthRun | null;
}

function readerOf(db: Database.Database): SyncReader {
  // A ledger of schema 2, opened read-only, has no record of who stored its months.
  const v3 = schemaVersion(db) >= 3;
  const q = {
    allMonths: db.prepare('SELECT month FROM runs ORDER BY month').pluck(),
    yearMonths: db.prepare('SELECT month FROM runs WHERE month BETWEEN ? AND ? ORDER BY month').pluck(),
    personMonths: db.prepare(
      `SELECT ${PERSON_COLUMNS} FROM people WHERE month BETWEEN ? AND ? ORDER BY month, unit, employee`,
    ),
    history: db.prepare(`SELECT ${PERSON_COLUMNS} FROM people WHERE employee = ? ORDER BY month`),
    units: db.prepare('SELECT unit, points, score, people, avg_score FROM units WHERE month = ? ORDER BY unit'),
    effects: db.prepare(
      `SELECT rule, title, target, employee, unit, points, bonus_forfeited, veto, source_file, source_line
       FROM effects_trace WHERE month = ? ORDER BY seq`,
    ),
    run: db.prepare(
      v3
        ? 'SELECT run_at, rules_hash, stored_by, assess_version FROM runs WHERE month = ?'
        : 'SELECT run_at, rules_hash, NULL AS stored_by, NULL AS assess_version FROM runs WHERE month = ?',
    ),
    files: db.prepare(
      'SELECT file, sha256, kind, rows_read, accepted, rejected FROM run_files WHERE month = ? ORDER BY seq',
    ),
  };
  return {
    months: (year) =>
      (year === undefined ? q.allMonths.all() : q.yearMonths.all(...yearRange(year))) as Month[],
    personMonths: (year) => (q.personMonths.all(...yearRange(year)) as PersonRow[]).map(personFromRow),
    history: (employee) => (q.history.all(employee) as PersonRow[]).map(personFromRow),
    units: (month) => (q.units.all(month) as UnitRow[]).map(unitFromRow),
    effects: (month) => (q.effects.all(month) as EffectRow[]).map(effectFromRow),
    monthRun: (month) => {
      const run = q.run.get(month) as RunRow | undefined;
      if (run === undefined) return null;
      const files = (q.files.all(month) as FileRow[]).map(fileFromRow);
      return runFromRow(run, files);
    },
  };
}

/**
 * Removes a stored month, logged like a store, in one IMMEDIATE
 * transaction; the runs cascade removes its rows in every table.
 */
function dropperOf(db: Database.Database): (month: Month, assessVersion: string) => boolean {
  const drop = db.prepare('DELETE FROM runs WHERE month = ?');
  const log = db.prepare(
    "INSERT INTO ledger_log (at, action, month, stored_by, assess_version, rules_hash) VALUES (?, 'drop', ?, ?, ?, NULL)",
  );
  const tx = db.transaction((month: Month, assessVersion: string) => {
    if (drop.run(month).changes === 0) return false;
    log.run(new Date().toISOString(), month, osUser(), assessVersion);
    return true;
  });
  return (month, assessVersion) => tx.immediate(month, assessVersion);
}

/** `YYYY-01` and `YYYY-12`: the bounds of a year's months as stored. */
function yearRange(year: number): [string, string] {
  const y = String(year).padStart(4, '0');
  return [`${y}-01`, `${y}-12`];
}

/**
 * The write path. One IMMEDIATE transaction: a second writer waits on the
 * busy timeout instead of failing halfway, and a throw anywhere (or a killed
 * process) leaves the ledger as it was. Rows go in through prepared
 * statements with positional parameters, the fastest path better-sqlite3 has.
 */
function writerOf(db: Database.Database, path: string, busyTimeoutMs: number): (input: SaveMonthInput) => SaveResult {
  const s = {
    previous: db.prepare('SELECT run_at, stored_by FROM runs WHERE month = ?'),
    drop: db.prepare('DELETE FROM runs WHERE month = ?'),
    run: db.prepare('INSERT INTO runs (month, run_at, rules_hash, stored_by, assess_version) VALUES (?, ?, ?, ?, ?)'),
    log: db.prepare(
      "INSERT INTO ledger_log (at, action, month, stored_by, assess_version, rules_hash) VALUES (?, 'store', ?, ?, ?, ?)",
    ),
    file: db.prepare(
      `INSERT INTO run_files (month, seq, file, sha256, kind, rows_read, accepted, rejected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    unit: db.prepare('INSERT INTO units (month, unit, points, score, people, avg_score) VALUES (?, ?, ?, ?, ?, ?)'),
    rule: db.prepare('INSERT INTO effect_rules (month, seq, rule, title) VALUES (?, ?, ?, ?)'),
    source: db.prepare('INSERT INTO effect_files (month, seq, file) VALUES (?, ?, ?)'),
    batch: db.prepare('INSERT INTO effect_batches (month, batch, effects) VALUES (?, ?, ?)'),
  };
  const people = batchInsert(db, 'people', PERSON_COLUMNS, 15);
  const insertAll = <T>(stmt: Database.Statement, rows: readonly T[], params: (row: T, i: number) => Params) => {
    for (let i = 0; i < rows.length; i++) stmt.run(params(rows[i] as T, i));
  };
  const save = db.transaction((input: SaveMonthInput) => {
    const { result } = input;
    const month = result.month;
    const previous = s.previous.get(month) as { run_at: string; stored_by: string | null } | undefined;
    if (previous !== undefined) s.drop.run(month);
    const by = osUser();
    s.run.run(month, input.runAt, input.rulesHash, by, input.assessVersion);
    s.log.run(input.runAt, month, by, input.assessVersion, input.rulesHash);
    insertAll(s.file, input.files, (f, i) => fileParams(month, i, f));
    insertAll(s.unit, result.units, (u) => unitParams(month, u));
    // In key order: appending to the people B-tree and its index is several times faster than inserting at random.
    for (const p of [...result.people].sort(byEmployee)) people.add(personParams(month, p));
    people.flush();
    encodeTrace(result, {
      rule: (seq, rule, title) => s.rule.run(month, seq, rule, title),
      file: (seq, file) => s.source.run(month, seq, file),
      batch: (n, effects) => s.batch.run(month, n, effects),
    });
    const saved: SaveResult =
      previous === undefined
        ? { replaced: false, previousRunAt: null, previousBy: null }
        : { replaced: true, previousRunAt: previous.run_at, previousBy: previous.stored_by };
    return saved;
  });
  return (input) => {
    requireKnownPeople(input.result);
    try {
      return save.immediate(input);
    } catch (err) {
      // Busy past the timeout, or a full disk: SQLite rolled the month back; say so, exit 75.
      throw ledgerFailure(err, path, busyTimeoutMs) ?? err;
    }
  };
}

/** Rows per multi-row INSERT: each statement run costs a round trip into SQLite, whatever its size. */
const ROWS_PER_INSERT = 16;

/**
 * Inserts rows of `width` columns into `table`, ROWS_PER_INSERT at a time
 * (one multi-row INSERT), in the order added; `flush` writes the rest.
 */
function batchInsert(db: Database.Database, table: string, columns: string, width: number) {
  const row = `(${placeholders(width)})`;
  const one = db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${row}`);
  const many = db.prepare(`INSERT INTO ${table} (${columns}) VALUES ${Array<string>(ROWS_PER_INSERT).fill(row).join(', ')}`);
  // Filled in place, so that a row costs no array of its own.
  const pending: Params = new Array<string | number | null>(width * ROWS_PER_INSERT).fill(null);
  let at = 0;
  return {
    /** The next value of the current row (rows are `width` values, in column order). */
    value(v: string | number | null): void {
      pending[at++] = v;
      if (at === pending.length) {
        many.run(pending);
        at = 0;
      }
    },
    add(params: Params): void {
      for (const p of params) this.value(p);
    },
    flush(): void {
      if (at % width !== 0) throw new Error('internal: a ledger row was left unfinished');
      for (let from = 0; from < at; from += width) one.run(pending.slice(from, from + width));
      at = 0;
    },
  };
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
