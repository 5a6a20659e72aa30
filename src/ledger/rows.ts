/**
 * Conversions between domain values and ledger rows. SQLite has no booleans
 * (0/1) and no empty-vs-absent distinction we want to lose, so both
 * directions live here, side by side.
 */
import type { Effect, FileStats, PersonMonth, UnitMonth } from '../assess/types.js';
import type { Fen, Hundredths, Month } from '../types.js';
import type { MonthRun } from './types.js';

/** A person's month as stored, with the month it belongs to. */
export type StoredPersonMonth = PersonMonth & { month: Month };

/** Positional insert parameters; the order matches the INSERT statements in ledger.ts. */
export type Params = (string | number | null)[];

/** `people` row parameters, after `month`. */
export function personParams(month: Month, p: PersonMonth): Params {
  return [
    month, p.employee, p.name, p.unit, p.role, p.points, p.score, bit(p.vetoed), p.unitScore,
    p.effectiveScore, p.wage, p.bonus, p.bonusForfeited, p.bonusPaid, p.withheld,
  ];
}

/** `units` row parameters. */
export function unitParams(month: Month, u: UnitMonth): Params {
  return [month, u.unit, u.points, u.score, u.people, u.avgScore];
}

/** `run_files` row parameters. */
export function fileParams(month: Month, seq: number, f: FileStats): Params {
  return [month, seq, f.file, f.sha256, f.kind, f.rowsRead, f.accepted, f.rejected];
}

/** A row of `people` as SQLite returns it. */
export interface PersonRow {
  month: string;
  employee: string;
  name: string;
  unit: string;
  role: string;
  points: number;
  score: number;
  vetoed: number;
  unit_score: number;
  effective_score: number;
  wage: number;
  bonus: number;
  bonus_forfeited: number;
  bonus_paid: number;
  withheld: number;
}

/** A stored person row back as the domain type. */
export function personFromRow(r: PersonRow): StoredPersonMonth {
  return {
    month: r.month,
    employee: r.employee,
    name: r.name,
    unit: r.unit,
    role: r.role,
    points: r.points as Hundredths,
    score: r.score as Hundredths,
    vetoed: r.vetoed === 1,
    unitScore: r.unit_score as Hundredths,
    effectiveScore: r.effective_score as Hundredths,
    wage: r.wage as Fen,
    bonus: r.bonus as Fen,
    bonusForfeited: r.bonus_forfeited as Fen,
    bonusPaid: r.bonus_paid as Fen,
    withheld: r.withheld as Fen,
  };
}

/** A row of `units` as SQLite returns it. */
export interface UnitRow {
  unit: string;
  points: number;
  score: number;
  people: number;
  avg_score: number;
}

/** A stored unit row back as the domain type. */
export function unitFromRow(r: UnitRow): UnitMonth {
  return {
    unit: r.unit,
    points: r.points as Hundredths,
    score: r.score as Hundredths,
    people: r.people,
    avgScore: r.avg_score as Hundredths,
  };
}

/** A row of `effects_trace` as SQLite returns it. */
export interface EffectRow {
  rule: string;
  title: string;
  target: string;
  employee: string | null;
  unit: string;
  points: number;
  bonus_forfeited: number;
  veto: number;
  source_file: string | null;
  source_line: number | null;
}

/** A stored effect back as the domain type ('' employee for a unit effect). */
export function effectFromRow(r: EffectRow): Effect {
  return {
    rule: r.rule,
    title: r.title,
    target: r.target === 'unit' ? 'unit' : 'person',
    employee: r.employee ?? '',
    unit: r.unit,
    points: r.points as Hundredths,
    bonusForfeited: r.bonus_forfeited as Fen,
    veto: r.veto === 1,
    source: r.source_file === null || r.source_line === null ? null : { file: r.source_file, line: r.source_line },
  };
}

/** A row of `run_files` as SQLite returns it. */
export interface FileRow {
  file: string;
  sha256: string;
  kind: string;
  rows_read: number;
  accepted: number;
  rejected: number;
}

/** A stored input file's accounting back as the domain type. */
export function fileFromRow(r: FileRow): FileStats {
  return { file: r.file, sha256: r.sha256, kind: r.kind, rowsRead: r.rows_read, accepted: r.accepted, rejected: r.rejected };
}

function bit(b: boolean): number {
  return b ? 1 : 0;
}

/** A row of `runs` as either backend returns it (stored_by and assess_version are null before schema 3). */
export interface RunRow {
  run_at: string;
  rules_hash: string;
  stored_by: string | null;
  assess_version: string | null;
}

/** A stored run's metadata back as the domain type. */
export function runFromRow(r: RunRow, files: FileStats[]): MonthRun {
  return { rulesHash: r.rules_hash, runAt: r.run_at, files, storedBy: r.stored_by, assessVersion: r.assess_version };
}
