/**
 * A month's report: the month's results joined with the year so far (§5.3
 * projected_allocation, ytd_withheld), ready for rendering.
 */
import type { EffectLog } from '../assess/effects.js';
import type { FileStats, MonthResult, PersonMonth, UnitMonth, Unmatched } from '../assess/types.js';
import type { RuleTitles, Scoring } from '../rules/types.js';
import type { RejectList } from '../problems.js';
import type { Fen, Hundredths, Month } from '../types.js';
import { fen, hundredths } from '../types.js';
import type { PersonMonthPay } from './year.js';
import { projectAllocation } from './year.js';

/** A person's month row with its month and the year-to-date figures from the pay layer (scores.csv). */
export interface PersonReport extends PersonMonth {
  month: Month;
  ytdWithheld: Fen;
  projectedAllocation: Fen;
}

/** Everything a month run reports: summary.json, and what the table/csv renderers show. */
export interface MonthReport {
  month: Month;
  people: PersonReport[];
  units: UnitMonth[];
  /** Null when assessed without the trace (nothing that shows effects was asked for). */
  effects: EffectLog | null;
  rejected: RejectList;
  files: FileStats[];
  unmatched: Unmatched[];
  totals: {
    people: number;
    points: Hundredths;
    bonusForfeited: Fen;
    withheld: Fen;
    ytdPool: Fen;
  };
  rulesHash: string;
  /** Each rule's title per language, by rule id, for what a person reads (trace.csv, explain). */
  ruleTitles: ReadonlyMap<string, RuleTitles>;
}

export interface MonthReportInput {
  result: MonthResult;
  rejects: RejectList;
  files: FileStats[];
  rulesHash: string;
  scoring: Scoring;
  /** The year's other assessed months, from the ledger (empty on a first run or without a ledger). */
  earlier: PersonMonthPay[];
  /** Each rule's title per language, by rule id (none: effects show the title they carry). */
  titles?: ReadonlyMap<string, RuleTitles>;
}

/**
 * Joins the month with the year so far: each person's year-to-date withheld
 * pay and the allocation they would get if the year ended with the months
 * assessed so far, this one included.
 */
export function buildMonthReport(input: MonthReportInput): MonthReport {
  const { result } = input;
  const month = result.month;
  const current: PersonMonthPay[] = result.people.map((p) => ({
    month,
    employee: p.employee,
    name: p.name,
    unit: p.unit,
    withheld: p.withheld,
    effectiveScore: p.effectiveScore,
  }));
  // This month's people first, one each (a month's roster): person i is at i of the projection.
  const rows = [...current, ...input.earlier.filter((r) => r.month !== month)];
  const projection = projectAllocation(rows, input.scoring.allocation, current.length);
  // Field by field, not by spread: one object shape, and quick for 10^5 people.
  const people = result.people.map((p, i): PersonReport => ({
    month,
    employee: p.employee,
    name: p.name,
    unit: p.unit,
    role: p.role,
    points: p.points,
    score: p.score,
    vetoed: p.vetoed,
    unitScore: p.unitScore,
    effectiveScore: p.effectiveScore,
    wage: p.wage,
    bonus: p.bonus,
    bonusForfeited: p.bonusForfeited,
    bonusPaid: p.bonusPaid,
    withheld: p.withheld,
    ytdWithheld: projection.ytdWithheld[i] as Fen,
    projectedAllocation: projection.projectedAllocation[i] as Fen,
  }));
  return {
    month,
    people,
    units: result.units,
    effects: result.effects,
    rejected: input.rejects,
    files: input.files,
    unmatched: result.unmatched,
    totals: {
      people: people.length,
      points: hundredths(people.reduce((s, p) => s + p.points, 0)),
      bonusForfeited: fen(people.reduce((s, p) => s + p.bonusForfeited, 0)),
      withheld: fen(people.reduce((s, p) => s + p.withheld, 0)),
      ytdPool: fen(projection.ytdWithheld.reduce((sum: number, y) => sum + y, 0)),
    },
    rulesHash: input.rulesHash,
    ruleTitles: input.titles ?? new Map(),
  };
}
