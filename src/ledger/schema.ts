/**
 * The ledger's schema as an ordered list of migrations (SPEC §6).
 *
 * `MIGRATIONS[i]` takes a ledger from schema version `i` to `i + 1`; the
 * version lives in `PRAGMA user_version`. A released migration is never
 * edited: a schema change is a new entry at the end, so a ledger written by
 * any older assess can be brought forward step by step.
 */

/**
 * Version 1. Every table hangs off `runs` with ON DELETE CASCADE, so that
 * replacing a month is one `DELETE FROM runs WHERE month = ?`. Tables are
 * STRICT: a float where an integer of fen or hundredths belongs is refused
 * by SQLite itself instead of being stored. `people` and `effects` are
 * WITHOUT ROWID, clustered on their key: a month's effects are appended in
 * `seq` order and one B-tree per table is written instead of two, which is
 * most of the cost of saving 10^5 effects. For the same reason an effect's
 * employee is not a foreign key into `people` (the cascade would need one
 * more index on the biggest table); saveMonth checks it before writing.
 */
const V1 = `
CREATE TABLE runs (
  month      TEXT PRIMARY KEY CHECK (
    month GLOB '[0-9][0-9][0-9][0-9]-0[1-9]' OR month GLOB '[0-9][0-9][0-9][0-9]-1[0-2]'),
  run_at     TEXT NOT NULL,
  rules_hash TEXT NOT NULL
) STRICT;

CREATE TABLE run_files (
  month     TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  seq       INTEGER NOT NULL,
  file      TEXT NOT NULL,
  sha256    TEXT NOT NULL,
  kind      TEXT NOT NULL,
  rows_read INTEGER NOT NULL CHECK (rows_read >= 0),
  accepted  INTEGER NOT NULL CHECK (accepted >= 0),
  rejected  INTEGER NOT NULL CHECK (rejected >= 0),
  PRIMARY KEY (month, seq)
) STRICT;

CREATE TABLE units (
  month     TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  unit      TEXT NOT NULL,
  points    INTEGER NOT NULL,
  score     INTEGER NOT NULL,
  people    INTEGER NOT NULL CHECK (people >= 0),
  avg_score INTEGER NOT NULL,
  PRIMARY KEY (month, unit)
) STRICT;

CREATE TABLE people (
  month           TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  employee        TEXT NOT NULL,
  name            TEXT NOT NULL,
  unit            TEXT NOT NULL,
  role            TEXT NOT NULL,
  points          INTEGER NOT NULL,
  score           INTEGER NOT NULL,
  vetoed          INTEGER NOT NULL CHECK (vetoed IN (0, 1)),
  unit_score      INTEGER NOT NULL,
  effective_score INTEGER NOT NULL,
  wage            INTEGER NOT NULL,
  bonus           INTEGER NOT NULL,
  bonus_forfeited INTEGER NOT NULL,
  bonus_paid      INTEGER NOT NULL,
  withheld        INTEGER NOT NULL,
  PRIMARY KEY (month, employee)
) STRICT, WITHOUT ROWID;

-- assess history <employee> reads one person across every month.
CREATE INDEX people_by_employee ON people (employee, month);

CREATE TABLE effects (
  month           TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  rule            TEXT NOT NULL,
  title           TEXT NOT NULL,
  target          TEXT NOT NULL CHECK (target IN ('person', 'unit')),
  -- NULL for a unit effect (the domain's '').
  employee        TEXT CHECK ((target = 'person') = (employee IS NOT NULL)),
  unit            TEXT NOT NULL,
  points          INTEGER NOT NULL,
  bonus_forfeited INTEGER NOT NULL CHECK (bonus_forfeited >= 0),
  veto            INTEGER NOT NULL CHECK (veto IN (0, 1)),
  -- NULL for an aggregate rule.
  source_file     TEXT,
  source_line     INTEGER CHECK ((source_file IS NULL) = (source_line IS NULL)),
  PRIMARY KEY (month, seq)
) STRICT, WITHOUT ROWID;
`;

/**
 * Version 2: the trace is stored the way it is written and read — once, a
 * whole month at a time, in order. A month's effects go 4,096 to a row of
 * `effect_batches`, as a JSON array of
 * `[rule, employee, unit, points, bonus_forfeited, veto, file, line]`, where
 * `rule` and `file` are numbers of the month's `effect_rules` (rule id and
 * title) and `effect_files` (source paths), given in order of first use;
 * `employee` is null for a unit effect, `file` and `line` for an aggregate
 * rule. A big month's 10^5-10^6 effects no longer each cost a B-tree row
 * repeating the rule, title, target and source path: saving the bench month
 * (5·10^4 people, 4.3·10^5 effects) takes 0.54 s instead of 1.8 s with V1's
 * rows (SPEC §9, ledger overhead), in a 26 MB file instead of 78 MB.
 *
 * The view `effects_trace` gives V1's effects back row by row, column for
 * column, for anyone reading the ledger with SQL (json_each does the
 * unpacking: about 0.2 s to scan a big month); assess reads it too.
 * saveMonth checks what SQLite's STRICT columns and CHECKs checked before
 * (integers, a forfeiture ≥ 0, the people of person effects), and writes
 * every table of a month in one transaction; the runs cascade removes them
 * together.
 */
const V2 = `
CREATE TABLE effect_rules (
  month TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  seq   INTEGER NOT NULL,
  rule  TEXT NOT NULL,
  title TEXT NOT NULL,
  PRIMARY KEY (month, seq),
  UNIQUE (month, rule, title)
) STRICT, WITHOUT ROWID;

CREATE TABLE effect_files (
  month TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  seq   INTEGER NOT NULL,
  file  TEXT NOT NULL,
  PRIMARY KEY (month, seq),
  UNIQUE (month, file)
) STRICT, WITHOUT ROWID;

CREATE TABLE effect_batches (
  month   TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  -- Effects batch * 4096 to batch * 4096 + 4095 of the month, in order.
  batch   INTEGER NOT NULL CHECK (batch >= 0),
  effects TEXT NOT NULL,
  PRIMARY KEY (month, batch)
) STRICT, WITHOUT ROWID;

INSERT INTO effect_rules (month, seq, rule, title)
  SELECT month, row_number() OVER (PARTITION BY month ORDER BY min(seq)) - 1, rule, title
  FROM effects GROUP BY month, rule, title;

INSERT INTO effect_files (month, seq, file)
  SELECT month, row_number() OVER (PARTITION BY month ORDER BY min(seq)) - 1, source_file
  FROM effects WHERE source_file IS NOT NULL GROUP BY month, source_file;

INSERT INTO effect_batches (month, batch, effects)
  SELECT e.month, e.seq / 4096,
         json_group_array(json_array(r.seq, e.employee, e.unit, e.points, e.bonus_forfeited, e.veto, f.seq, e.source_line) ORDER BY e.seq)
  FROM effects e
  JOIN effect_rules r ON r.month = e.month AND r.rule = e.rule AND r.title = e.title
  LEFT JOIN effect_files f ON f.month = e.month AND f.file = e.source_file
  GROUP BY e.month, e.seq / 4096;

DROP TABLE effects;

CREATE VIEW effects_trace AS
  SELECT b.month, b.batch * 4096 + e.key AS seq, r.rule, r.title,
         CASE WHEN e.value ->> 1 IS NULL THEN 'unit' ELSE 'person' END AS target,
         e.value ->> 1 AS employee, e.value ->> 2 AS unit, e.value ->> 3 AS points,
         e.value ->> 4 AS bonus_forfeited, e.value ->> 5 AS veto,
         f.file AS source_file, e.value ->> 7 AS source_line
  FROM effect_batches b
  JOIN json_each(b.effects) e
  JOIN effect_rules r ON r.month = b.month AND r.seq = e.value ->> 0
  LEFT JOIN effect_files f ON f.month = b.month AND f.seq = e.value ->> 6;
`;

/**
 * Version 3 (the first that PostgreSQL has too: versions are numbered once
 * for both backends, see pg/schema.ts): each stored month records who
 * stored it (the OS user here, the database role there) and with which
 * assess; `ledger_log` keeps every store and drop (`assess ledger drop`),
 * so that a month removed by mistake is on record. Months stored before
 * have NULL in both new columns.
 */
const V3 = `
ALTER TABLE runs ADD COLUMN stored_by TEXT;
ALTER TABLE runs ADD COLUMN assess_version TEXT;

CREATE TABLE ledger_log (
  seq            INTEGER PRIMARY KEY,
  at             TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('store', 'drop')),
  month          TEXT NOT NULL,
  stored_by      TEXT NOT NULL,
  assess_version TEXT NOT NULL,
  -- The rules of a store; NULL for a drop.
  rules_hash     TEXT
) STRICT;
`;

/** Ordered migration steps; the index of a step is the version it upgrades from. */
export const MIGRATIONS: readonly string[] = [V1, V2, V3];

/**
 * The oldest schema a read-only open accepts: the reads of version 3 need
 * nothing of it but the columns of monthRun, which read as NULL before it,
 * so `assess year` on a ledger of the previous release keeps working.
 */
export const MIN_READABLE_VERSION = 2;

/** The schema version this code writes and reads. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The tables of the schema, in an order where parents come before children. */
export const LEDGER_TABLES = ['runs', 'run_files', 'units', 'people', 'effect_rules', 'effect_files', 'effect_batches', 'ledger_log'] as const;
