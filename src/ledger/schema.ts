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
 * Version 2: an effect names its rule (with the rule's title) and its source
 * file by number within its month, instead of repeating the texts on each of
 * a big month's 10^5-10^6 effects; its target is implied by `employee`
 * (NULL for a unit effect, as V1's CHECK already required). This makes the
 * table about 2.5 times smaller and saving a month about twice as fast
 * (SPEC §9, ledger overhead). `effects_trace` shows V1's columns, for
 * anyone reading the ledger with SQL.
 *
 * The numbers are not declared as foreign keys (checking one on every
 * effect would cost what this saves); saveMonth writes both sides in one
 * transaction, and they go together through the runs cascade.
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

CREATE TABLE effects_v2 (
  month           TEXT NOT NULL REFERENCES runs(month) ON DELETE CASCADE,
  seq             INTEGER NOT NULL,
  -- effect_rules.seq of the same month.
  rule            INTEGER NOT NULL,
  -- NULL for a unit effect.
  employee        TEXT,
  unit            TEXT NOT NULL,
  points          INTEGER NOT NULL,
  bonus_forfeited INTEGER NOT NULL CHECK (bonus_forfeited >= 0),
  veto            INTEGER NOT NULL CHECK (veto IN (0, 1)),
  -- effect_files.seq of the same month; NULL for an aggregate rule.
  file            INTEGER,
  line            INTEGER CHECK ((file IS NULL) = (line IS NULL)),
  PRIMARY KEY (month, seq)
) STRICT, WITHOUT ROWID;

INSERT INTO effect_rules (month, seq, rule, title)
  SELECT month, row_number() OVER (PARTITION BY month ORDER BY min(seq)) - 1, rule, title
  FROM effects GROUP BY month, rule, title;

INSERT INTO effect_files (month, seq, file)
  SELECT month, row_number() OVER (PARTITION BY month ORDER BY min(seq)) - 1, source_file
  FROM effects WHERE source_file IS NOT NULL GROUP BY month, source_file;

INSERT INTO effects_v2 (month, seq, rule, employee, unit, points, bonus_forfeited, veto, file, line)
  SELECT e.month, e.seq, r.seq, e.employee, e.unit, e.points, e.bonus_forfeited, e.veto, f.seq, e.source_line
  FROM effects e
  JOIN effect_rules r ON r.month = e.month AND r.rule = e.rule AND r.title = e.title
  LEFT JOIN effect_files f ON f.month = e.month AND f.file = e.source_file;

DROP TABLE effects;
ALTER TABLE effects_v2 RENAME TO effects;

CREATE VIEW effects_trace AS
  SELECT e.month, e.seq, r.rule, r.title,
         CASE WHEN e.employee IS NULL THEN 'unit' ELSE 'person' END AS target,
         e.employee, e.unit, e.points, e.bonus_forfeited, e.veto,
         f.file AS source_file, e.line AS source_line
  FROM effects e
  JOIN effect_rules r ON r.month = e.month AND r.seq = e.rule
  LEFT JOIN effect_files f ON f.month = e.month AND f.seq = e.file;
`;

/** Ordered migration steps; the index of a step is the version it upgrades from. */
export const MIGRATIONS: readonly string[] = [V1, V2];

/** The schema version this code writes and reads. */
export const LATEST_VERSION = MIGRATIONS.length;

/** The tables of the schema, in an order where parents come before children. */
export const LEDGER_TABLES = ['runs', 'run_files', 'units', 'people', 'effect_rules', 'effect_files', 'effects'] as const;
