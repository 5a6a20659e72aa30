/**
 * The ledger (SPEC §6): the SQLite file that keeps each assessed month's
 * people, units, effects, rules hash and input files, so that `assess year`
 * and `assess history` can work from it. The only part of assess besides the
 * CLI that does I/O, and only on its own database file.
 */
import type Database from 'better-sqlite3';
import { requireTrace, UNIT, VETO } from '../assess/effects.js';
import type { Effect, FileStats, MonthResult, UnitMonth } from '../assess/types.js';
import type { Month } from '../types.js';
import { openDatabase } from './open.js';
import {
  effectFromRow,
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
    batch: db.prepare('INSERT INTO effect_batches (month, batch, effects) VALUES (?, ?, ?)'),
  };
  const people = batchInsert(db, 'people', PERSON_COLUMNS, 15);
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
    // Rules and source files get a number each, in order of first use. The
    // effects are read column by column: no object per effect, and each
    // text's number or JSON form made once per distinct text.
    const log = requireTrace(result.effects, month).columns();
    const { refs, nums, flags, strings, employees } = log;
    const ruleNo = new Map<number, number>(); // title ref * strings + rule ref → number
    const fileNo = new Int32Array(strings.length).fill(-1);
    let files = 0;
    const quotedString: (string | undefined)[] = new Array<string | undefined>(strings.length);
    const quotedEmployee: (string | undefined)[] = new Array<string | undefined>(employees.length);
    let batch = '';
    for (let i = 0; i < log.length; i++) {
      const r = i * 6;
      const rule = refs[r] as number;
      const title = refs[r + 1] as number;
      let rn = ruleNo.get(title * strings.length + rule);
      if (rn === undefined) {
        ruleNo.set(title * strings.length + rule, (rn = ruleNo.size));
        s.rule.run(month, rn, strings[rule] as string, strings[title] as string);
      }
      const f = refs[r + 4] as number;
      let file = 'null,null';
      if (f !== -1) {
        if (fileNo[f] === -1) {
          fileNo[f] = files++;
          s.source.run(month, fileNo[f], strings[f] as string);
        }
        file = `${fileNo[f]},${integer(refs[r + 5] as number, 'line', month)}`;
      }
      const flag = flags[i] as number;
      const e = refs[r + 2] as number;
      const u = refs[r + 3] as number;
      const employee = (flag & UNIT) !== 0 ? 'null' : (quotedEmployee[e] ??= JSON.stringify(employees[e]));
      const unit = (quotedString[u] ??= JSON.stringify(strings[u]));
      const points = integer(nums[i * 2] as number, 'points', month);
      const forfeited = integer(nums[i * 2 + 1] as number, 'bonus forfeited', month);
      if (forfeited < 0) throw new Error(`internal: ${month} has an effect with a negative bonus forfeiture (${forfeited})`);
      batch += `${i % EFFECTS_PER_BATCH === 0 ? '[' : ','}[${rn},${employee},${unit},${points},${forfeited},${(flag & VETO) === 0 ? 0 : 1},${file}]`;
      if (i % EFFECTS_PER_BATCH === EFFECTS_PER_BATCH - 1 || i === log.length - 1) {
        s.batch.run(month, Math.floor(i / EFFECTS_PER_BATCH), `${batch}]`);
        batch = '';
      }
    }
    return { replaced: previousRunAt !== null, previousRunAt };
  });
  return (input) => {
    requireKnownPeople(input.result);
    return save.immediate(input);
  };
}

/** Effects per row of effect_batches (schema version 2; its migration and view say 4096 too). */
const EFFECTS_PER_BATCH = 4096;

/** `n` when it is a safe integer, as STRICT INTEGER columns required; anything else is a bug of the caller. */
function integer(n: number, what: string, month: string): number {
  if (!Number.isSafeInteger(n)) throw new Error(`internal: ${month} has an effect whose ${what} is not a whole number (${n})`);
  return n;
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

/**
 * Every person effect must name someone of the month's people; the schema
 * leaves this to code (see schema.ts). A violation is a bug of the caller.
 */
function requireKnownPeople(result: MonthResult): void {
  const people = new Set(result.people.map((p) => p.employee));
  const { refs, flags, employees, length } = requireTrace(result.effects, result.month).columns();
  const checked = new Uint8Array(employees.length);
  for (let i = 0; i < length; i++) {
    const e = refs[i * 6 + 2] as number;
    if (((flags[i] as number) & UNIT) !== 0 || checked[e] === 1) continue;
    if (!people.has(employees[e] as string)) {
      throw new Error(`internal: ${result.month} has an effect on ${employees[e]}, who is not among the month's people`);
    }
    checked[e] = 1;
  }
}

function byEmployee(a: { employee: string }, b: { employee: string }): number {
  return a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : 0;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}
