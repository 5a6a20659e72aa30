/**
 * The ledger (SPEC §6): the SQLite file that keeps each assessed month's
 * people, units, effects, rules hash and input files, so that `assess year`
 * and `assess history` can work from it. The only part of assess besides the
 * CLI that does I/O, and only on its own database file.
 */
import type Database from 'better-sqlite3';
import { requireTrace } from '../assess/effects.js';
import type { Effect, FileStats, MonthResult, UnitMonth } from '../assess/types.js';
import type { Month } from '../types.js';
import { openDatabase } from './open.js';
import {
  effectFromRow,
  effectParams,
  fileFromRow,
  fileParams,
  personFromRow,
  personParams,
  unitFromRow,
  unitParams,
  type EffectRow,
  type FileRow,
  type Params,
  type PersonRow,
  type StoredPersonMonth,
  type UnitRow,
} from './rows.js';

export type { StoredPersonMonth } from './rows.js';
export { LATEST_VERSION } from './schema.js';

/** What one month run stores. */
export interface SaveMonthInput {
  result: MonthResult;
  /** Content hash of the rules folder the month was assessed with. */
  rulesHash: string;
  files: FileStats[];
  /** ISO time of the run, passed in so that the same run stores the same bytes. */
  runAt: string;
}

/** A month's stored run metadata. */
export interface MonthRun {
  rulesHash: string;
  runAt: string;
  files: FileStats[];
}

/** An open ledger. Every read is sorted, so the same ledger gives the same output. */
export interface Ledger {
  /**
   * Stores a month in one transaction, replacing an earlier run of the same
   * month. Either all of it lands or nothing changes.
   */
  saveMonth(input: SaveMonthInput): { replaced: boolean; previousRunAt: string | null };
  /** The assessed months, ascending; only those of `year` when given. */
  months(year?: number): Month[];
  /** Every person-month of `year`, by month, then unit, then employee. */
  personMonths(year: number): StoredPersonMonth[];
  /** One employee's months, ascending. */
  history(employee: string): StoredPersonMonth[];
  /** The month's units, by unit. */
  units(month: Month): UnitMonth[];
  /** The month's effects, in the order they were saved. */
  effects(month: Month): Effect[];
  /** The month's run metadata and input files (in saved order), or null if not assessed. */
  monthRun(month: Month): MonthRun | null;
  close(): void;
}

/**
 * Opens the ledger at `path`, creating and migrating it unless `readonly`.
 * Throws UserError when a read-only ledger is missing, when the file is not
 * an assess ledger, or when it was made by a newer assess.
 *
 * @example
 * const ledger = openLedger('assess.db');
 * try { ledger.saveMonth({ result, rulesHash, files, runAt: new Date().toISOString() }); }
 * finally { ledger.close(); }
 */
export function openLedger(path: string, opts: { readonly?: boolean } = {}): Ledger {
  const db = openDatabase(path, opts.readonly ?? false);
  return opts.readonly ? readerOf(db) : { ...readerOf(db), saveMonth: writerOf(db) };
}

const PERSON_COLUMNS = `month, employee, name, unit, role, points, score, vetoed, unit_score,
  effective_score, wage, bonus, bonus_forfeited, bonus_paid, withheld`;

function readerOf(db: Database.Database): Ledger {
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
    run: db.prepare('SELECT run_at, rules_hash FROM runs WHERE month = ?'),
    files: db.prepare(
      'SELECT file, sha256, kind, rows_read, accepted, rejected FROM run_files WHERE month = ? ORDER BY seq',
    ),
  };
  return {
    saveMonth: () => {
      throw new Error('internal: ledger opened read-only');
    },
    months: (year) =>
      (year === undefined ? q.allMonths.all() : q.yearMonths.all(...yearRange(year))) as Month[],
    personMonths: (year) => (q.personMonths.all(...yearRange(year)) as PersonRow[]).map(personFromRow),
    history: (employee) => (q.history.all(employee) as PersonRow[]).map(personFromRow),
    units: (month) => (q.units.all(month) as UnitRow[]).map(unitFromRow),
    effects: (month) => (q.effects.all(month) as EffectRow[]).map(effectFromRow),
    monthRun: (month) => {
      const run = q.run.get(month) as { run_at: string; rules_hash: string } | undefined;
      if (run === undefined) return null;
      const files = (q.files.all(month) as FileRow[]).map(fileFromRow);
      return { rulesHash: run.rules_hash, runAt: run.run_at, files };
    },
    close: () => db.close(),
  };
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
function writerOf(db: Database.Database): Ledger['saveMonth'] {
  const s = {
    previous: db.prepare('SELECT run_at FROM runs WHERE month = ?').pluck(),
    drop: db.prepare('DELETE FROM runs WHERE month = ?'),
    run: db.prepare('INSERT INTO runs (month, run_at, rules_hash) VALUES (?, ?, ?)'),
    file: db.prepare(
      `INSERT INTO run_files (month, seq, file, sha256, kind, rows_read, accepted, rejected)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    unit: db.prepare('INSERT INTO units (month, unit, points, score, people, avg_score) VALUES (?, ?, ?, ?, ?, ?)'),
    rule: db.prepare('INSERT INTO effect_rules (month, seq, rule, title) VALUES (?, ?, ?, ?)'),
    source: db.prepare('INSERT INTO effect_files (month, seq, file) VALUES (?, ?, ?)'),
  };
  const people = batchInsert(db, 'people', PERSON_COLUMNS, 15);
  const effects = batchInsert(db, 'effects', 'month, seq, rule, employee, unit, points, bonus_forfeited, veto, file, line', 10);
  const insertAll = <T>(stmt: Database.Statement, rows: readonly T[], params: (row: T, i: number) => Params) => {
    for (let i = 0; i < rows.length; i++) stmt.run(params(rows[i] as T, i));
  };
  const save = db.transaction((input: SaveMonthInput) => {
    const { result } = input;
    const month = result.month;
    const previousRunAt = (s.previous.get(month) as string | undefined) ?? null;
    if (previousRunAt !== null) s.drop.run(month);
    s.run.run(month, input.runAt, input.rulesHash);
    insertAll(s.file, input.files, (f, i) => fileParams(month, i, f));
    insertAll(s.unit, result.units, (u) => unitParams(month, u));
    // In key order: appending to the people B-tree and its index is several times faster than inserting at random.
    for (const p of [...result.people].sort(byEmployee)) people.add(personParams(month, p));
    people.flush();
    // Rules and source files get a number each, in order of first use.
    const rules = new Map<string, Map<string, number>>();
    let nRules = 0;
    const ruleNumber = (rule: string, title: string): number => {
      let byTitle = rules.get(rule);
      if (!byTitle) rules.set(rule, (byTitle = new Map()));
      let n = byTitle.get(title);
      if (n === undefined) {
        byTitle.set(title, (n = nRules++));
        s.rule.run(month, n, rule, title);
      }
      return n;
    };
    const files = new Map<string, number>();
    const fileNumber = (file: string): number => {
      let n = files.get(file);
      if (n === undefined) {
        files.set(file, (n = files.size));
        s.source.run(month, n, file);
      }
      return n;
    };
    // One effect view at a time: a big month's trace is never materialised as objects.
    requireTrace(result.effects, month).forEach((e, i) => {
      effects.add(effectParams(month, i, e, ruleNumber(e.rule, e.title), e.source === null ? null : fileNumber(e.source.file)));
    });
    effects.flush();
    return { replaced: previousRunAt !== null, previousRunAt };
  });
  return (input) => {
    requireKnownPeople(input.result);
    return save.immediate(input);
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
  const pending: Params = [];
  return {
    add(params: Params): void {
      for (const p of params) pending.push(p);
      if (pending.length === width * ROWS_PER_INSERT) {
        many.run(pending);
        pending.length = 0;
      }
    },
    flush(): void {
      for (let at = 0; at < pending.length; at += width) one.run(pending.slice(at, at + width));
      pending.length = 0;
    },
  };
}

/**
 * Every person effect must name someone of the month's people; the schema
 * leaves this to code (see schema.ts). A violation is a bug of the caller.
 */
function requireKnownPeople(result: MonthResult): void {
  const people = new Set(result.people.map((p) => p.employee));
  for (const e of requireTrace(result.effects, result.month)) {
    if (e.target === 'person' && !people.has(e.employee)) {
      throw new Error(`internal: ${result.month} effect of rule ${e.rule} names ${e.employee}, who is not among the month's people`);
    }
  }
}

function byEmployee(a: { employee: string }, b: { employee: string }): number {
  return a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : 0;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
