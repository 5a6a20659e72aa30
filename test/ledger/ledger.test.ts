import { existsSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { MonthResult } from '../../src/assess/types.js';
import { EffectLog, requireTrace } from '../../src/assess/effects.js';
import type { SaveMonthInput } from '../../src/ledger/ledger.js';
import { openSqliteSync as openLedger, type SyncLedger as Ledger } from '../../src/ledger/sqlite.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/ledger/schema.js';
import { fen, hundredths } from '../../src/types.js';
import { UserError } from '../../src/problems.js';
import { osUser } from '../../src/ledger/sqlite.js';
import { dump, raw, tempFolder } from './helpers.js';
import { sampleInput } from './sample.js';

const tmp = tempFolder('unit');
afterAll(() => tmp.cleanup());

let counter = 0;
/** A new ledger path in the temp folder. */
function freshPath(): string {
  counter += 1;
  return tmp.file(`ledger-${counter}.db`);
}

function withLedger<T>(path: string, fn: (l: Ledger) => T, readonly = false): T {
  const ledger = openLedger(path, { readonly });
  try {
    return fn(ledger);
  } finally {
    ledger.close();
  }
}

/** What the ledger should hand back for a saved month. */
function expectStored(l: Ledger, input: SaveMonthInput, storedBeforeV3 = false): void {
  const { result } = input;
  const year = Number(result.month.slice(0, 4));
  const people = l.personMonths(year).filter((p) => p.month === result.month);
  expect(people).toEqual(result.people.map((p) => ({ ...p, month: result.month })));
  expect(l.units(result.month)).toEqual(result.units);
  expect(l.effects(result.month)).toEqual(requireTrace(result.effects, result.month).toArray());
  // Months stored before schema 3 have no record of who stored them.
  const who = storedBeforeV3 ? { storedBy: null, assessVersion: null } : { storedBy: osUser(), assessVersion: input.assessVersion };
  expect(l.monthRun(result.month)).toEqual({ rulesHash: input.rulesHash, runAt: input.runAt, files: input.files, ...who });
}

describe('saveMonth and the readers', () => {
  it('reads back every field of what was saved', () => {
    const path = freshPath();
    const input = sampleInput({ month: '2026-03', people: 40, effects: 120 });
    // Every shape the sample must cover, or the round trip proves less than it claims.
    const fx = input.result.effects.toArray();
    expect(fx.some((e) => e.target === 'unit') && fx.some((e) => e.source === null) && fx.some((e) => e.veto)).toBe(true);
    expect(input.result.people.some((p) => p.vetoed)).toBe(true);

    withLedger(path, (l) => {
      expect(l.saveMonth(input)).toEqual({ replaced: false, previousRunAt: null, previousBy: null });
      expectStored(l, input);
      expect(l.months()).toEqual(['2026-03']);
      const someone = input.result.people[7]!;
      expect(l.history(someone.employee)).toEqual([{ ...someone, month: '2026-03' }]);
    });
    // And from a new connection, read-only, after the writer closed.
    withLedger(path, (l) => expectStored(l, input), true);
  });

  it('keeps extreme integers and texts exactly', () => {
    const path = freshPath();
    const input = sampleInput({ month: '2026-04', people: 2, effects: 0 });
    const big = Number.MAX_SAFE_INTEGER;
    const p0 = input.result.people[0]!;
    const people = [{ ...p0, name: "O'Brien \"x\" 𠮷\n,;", wage: fen(big), withheld: fen(-1), points: hundredths(-big) }];
    const result: MonthResult = { ...input.result, people, units: [], effects: EffectLog.from([]) };
    withLedger(path, (l) => {
      l.saveMonth({ ...input, result });
      expect(l.personMonths(2026)).toEqual([{ ...people[0], month: '2026-04' }]);
    });
  });

  it('replaces an earlier run of the same month, leaving other months alone', () => {
    const path = freshPath();
    const first = sampleInput({ month: '2026-01', people: 30, effects: 90 }, '2026-02-01T08:00:00.000Z');
    const other = sampleInput({ month: '2026-02', people: 25, effects: 40 });
    const rerun = sampleInput({ month: '2026-01', people: 20, effects: 33, variant: 3 }, '2026-02-03T08:00:00.000Z');
    withLedger(path, (l) => {
      l.saveMonth(first);
      l.saveMonth(other);
      expect(l.saveMonth(rerun)).toEqual({ replaced: true, previousRunAt: '2026-02-01T08:00:00.000Z', previousBy: osUser() });
      expectStored(l, rerun);
      expectStored(l, other);
      expect(l.months()).toEqual(['2026-01', '2026-02']);
    });
    const rows = dump(path);
    const count = (t: string, m: string) => (rows[t] as { month: string }[]).filter((r) => r.month === m).length;
    expect([count('people', '2026-01'), count('effects_trace', '2026-01'), count('units', '2026-01')]).toEqual([
      20,
      33,
      rerun.result.units.length,
    ]);
    expect([count('run_files', '2026-01'), count('runs', '2026-01')]).toEqual([2, 1]);
  });

  it('saving the same input twice stores the same rows', () => {
    const path = freshPath();
    const input = sampleInput({ month: '2026-05', people: 12, effects: 30 });
    withLedger(path, (l) => l.saveMonth(input));
    const { ledger_log: log1, ...once } = dump(path);
    withLedger(path, (l) => l.saveMonth(input));
    const { ledger_log: log2, ...twice } = dump(path);
    expect(twice).toEqual(once);
    // Both stores are on record.
    expect([log1?.length, log2?.length]).toEqual([1, 2]);
  });

  it('sorts months, person-months (month, unit, employee) and history (month)', () => {
    const path = freshPath();
    withLedger(path, (l) => {
      for (const month of ['2026-02', '2025-12', '2026-01', '2027-01']) {
        l.saveMonth(sampleInput({ month, people: 9, effects: 5 }));
      }
      expect(l.months()).toEqual(['2025-12', '2026-01', '2026-02', '2027-01']);
      expect(l.months(2026)).toEqual(['2026-01', '2026-02']);
      expect(l.months(2024)).toEqual([]);
      const keys = l.personMonths(2026).map((p) => [p.month, p.unit, p.employee].join('|'));
      expect(keys).toHaveLength(18);
      expect(keys).toEqual([...keys].sort());
      expect(keys[0]!.startsWith('2026-01|')).toBe(true);
      expect(l.history('E000003').map((p) => p.month)).toEqual(['2025-12', '2026-01', '2026-02', '2027-01']);
      expect(l.history('nobody')).toEqual([]);
      expect(l.monthRun('2026-03')).toBeNull();
    });
  });
});

describe('a failed save leaves the ledger exactly as it was', () => {
  const broken: [string, (r: MonthResult) => MonthResult][] = [
    [
      'an effect on someone not among the people',
      (r) => ({ ...r, effects: EffectLog.from([...requireTrace(r.effects, r.month), { ...requireTrace(r.effects, r.month).at(0), target: 'person', employee: 'E999999' }]) }),
    ],
    ['a fractional score, last of all', (r) => ({ ...r, effects: EffectLog.from([...requireTrace(r.effects, r.month), { ...requireTrace(r.effects, r.month).at(0), points: 1.5 as never }]) })],
    ['a person listed twice', (r) => ({ ...r, people: [...r.people, r.people[0]!] })],
    ['a negative forfeiture', (r) => ({ ...r, effects: EffectLog.from([...requireTrace(r.effects, r.month), { ...requireTrace(r.effects, r.month).at(1), bonusForfeited: fen(-1) }]) })],
    ['a month that does not exist', (r) => ({ ...r, month: '2026-13' })],
    ['a unit listed twice', (r) => ({ ...r, units: [...r.units, r.units[0]!] })],
  ];

  it.each(broken)('%s', (_name, breakIt) => {
    const path = freshPath();
    withLedger(path, (l) => {
      l.saveMonth(sampleInput({ month: '2026-01', people: 10, effects: 20 }));
      l.saveMonth(sampleInput({ month: '2026-02', people: 10, effects: 20 }));
    });
    const before = dump(path);
    for (const month of ['2026-02', '2026-03']) {
      const input = sampleInput({ month, people: 15, effects: 40, variant: 1 });
      withLedger(path, (l) => {
        expect(() => l.saveMonth({ ...input, result: breakIt(input.result) })).toThrow();
        // The same connection stays usable after the rollback.
        expect(l.months()).toEqual(['2026-01', '2026-02']);
      });
      expect(dump(path)).toEqual(before);
    }
  });
});

describe('migration from schema version 1', () => {
  /** A ledger as assess with schema version 1 wrote it: V1 tables, effects with their texts on every row. */
  function v1Ledger(path: string, inputs: SaveMonthInput[]): void {
    raw(path, (db) => {
      db.pragma('journal_mode = WAL');
      db.exec(MIGRATIONS[0] as string);
      db.pragma('user_version = 1');
      for (const { result, runAt, rulesHash, files } of inputs) {
        const month = result.month;
        db.prepare('INSERT INTO runs VALUES (?, ?, ?)').run(month, runAt, rulesHash);
        files.forEach((f, i) => db.prepare('INSERT INTO run_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(month, i, f.file, f.sha256, f.kind, f.rowsRead, f.accepted, f.rejected));
        for (const u of result.units) db.prepare('INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)').run(month, u.unit, u.points, u.score, u.people, u.avgScore);
        for (const p of result.people) {
          db.prepare('INSERT INTO people VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
            month, p.employee, p.name, p.unit, p.role, p.points, p.score, p.vetoed ? 1 : 0, p.unitScore, p.effectiveScore, p.wage, p.bonus, p.bonusForfeited, p.bonusPaid, p.withheld,
          );
        }
        requireTrace(result.effects, month).forEach((e, i) => db.prepare('INSERT INTO effects VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          month, i, e.rule, e.title, e.target, e.target === 'unit' ? null : e.employee, e.unit, e.points, e.bonusForfeited, e.veto ? 1 : 0, e.source?.file ?? null, e.source?.line ?? null,
        ));
      }
    });
  }

  it('keeps every month, person and effect, in order, and stores later months the new way', () => {
    const path = freshPath();
    const jan = sampleInput({ month: '2026-01', people: 9, effects: 9000 }); // three batches of effects
    const feb = sampleInput({ month: '2026-02', people: 6, effects: 25, variant: 2 });
    v1Ledger(path, [jan, feb]);
    const v1Trace = raw(path, (db) => db.prepare('SELECT * FROM effects ORDER BY month, seq').all());
    withLedger(path, (l) => {
      expectStored(l, jan, true);
      expectStored(l, feb, true);
      const mar = sampleInput({ month: '2026-03', people: 5, effects: 12, variant: 3 });
      l.saveMonth(mar);
      expectStored(l, mar);
    });
    raw(path, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      // The view gives V1's rows back, column for column.
      expect(db.prepare("SELECT * FROM effects_trace WHERE month < '2026-03' ORDER BY month, seq").all()).toEqual(v1Trace);
      // Texts are stored once per month: four rules, three source files (one rule is an aggregate).
      expect(db.prepare("SELECT count(*) AS n FROM effect_rules WHERE month = '2026-01'").get()).toEqual({ n: 4 });
      expect(db.prepare("SELECT count(*) AS n FROM effect_files WHERE month = '2026-01'").get()).toEqual({ n: 3 });
    });
  });

  it('replacing a migrated month drops its old rules, files and effects with it', () => {
    const path = freshPath();
    v1Ledger(path, [sampleInput({ month: '2026-01', people: 9, effects: 40 })]);
    const again = sampleInput({ month: '2026-01', people: 4, effects: 3, variant: 5 });
    withLedger(path, (l) => {
      expect(l.saveMonth(again).replaced).toBe(true);
      expectStored(l, again);
    });
    raw(path, (db) => {
      expect(db.prepare('SELECT count(*) AS n FROM effects_trace').get()).toEqual({ n: 3 });
      expect(db.prepare('SELECT count(*) AS n FROM effect_rules').get()).toEqual({ n: 3 });
    });
  });
});

describe('opening', () => {
  it('creates a fresh ledger at the latest schema version, in WAL mode', () => {
    const path = freshPath();
    withLedger(path, (l) => expect(l.months()).toEqual([]));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    raw(path, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    });
  });

  it('opening again is idempotent and keeps the data', () => {
    const path = freshPath();
    withLedger(path, (l) => l.saveMonth(sampleInput({ month: '2026-01', people: 5, effects: 5 })));
    const before = dump(path);
    withLedger(path, () => undefined);
    withLedger(path, () => undefined);
    expect(dump(path)).toEqual(before);
    raw(path, (db) => expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION));
  });

  it.each([false, true])('refuses a ledger made by a newer assess (readonly %s)', (readonly) => {
    const path = freshPath();
    withLedger(path, () => undefined);
    raw(path, (db) => db.pragma(`user_version = ${LATEST_VERSION + 1}`));
    expect(() => openLedger(path, { readonly })).toThrow(UserError);
    expect(() => openLedger(path, { readonly })).toThrow(/made by a newer assess/);
    raw(path, (db) => expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1));
  });

  it('read-only: a missing ledger is a UserError that says how to create it, and creates nothing', () => {
    const path = freshPath();
    expect(() => openLedger(path, { readonly: true })).toThrow(UserError);
    expect(() => openLedger(path, { readonly: true })).toThrow(/does not exist yet.*assess a month/);
    expect(existsSync(path)).toBe(false);
  });

  it('read-only: reads, and refuses to write', () => {
    const path = freshPath();
    const input = sampleInput({ month: '2026-06', people: 4, effects: 4 });
    withLedger(path, (l) => l.saveMonth(input));
    withLedger(path, (l) => {
      expect(l.months()).toEqual(['2026-06']);
      expect(() => l.saveMonth(input)).toThrow(/read-only/);
    }, true);
  });

  it('a file that is not a SQLite database is a UserError naming it, and is left alone', () => {
    const path = tmp.file('roster.csv');
    writeFileSync(path, 'employee,unit,wage\n'.repeat(100));
    for (const readonly of [false, true]) {
      expect(() => openLedger(path, { readonly })).toThrow(UserError);
      expect(() => openLedger(path, { readonly })).toThrow(path);
    }
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("another program's SQLite database is refused, not extended", () => {
    const path = freshPath();
    raw(path, (db) => db.exec('CREATE TABLE contacts (name TEXT)'));
    expect(() => openLedger(path)).toThrow(/not an assess ledger/);
    raw(path, (db) => {
      const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(['contacts']);
    });
  });

  it('a folder that cannot hold the file is a UserError', () => {
    expect(() => openLedger(tmp.file('no/such/dir/assess.db'))).toThrow(UserError);
  });
});
