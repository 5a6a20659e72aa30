/**
 * Deterministic month results for the ledger tests, also bundled for the
 * child processes (so it imports nothing but types, src/types.ts and the
 * dependency-free src/assess/effects.ts).
 */
import type { Effect, FileStats, MonthResult, PersonMonth, UnitMonth } from '../../src/assess/types.js';
import { fen, hundredths, type Month } from '../../src/types.js';
import type { SaveMonthInput } from '../../src/ledger/ledger.js';
import { EffectLog } from '../../src/assess/effects.js';

/** Shape of a synthetic month. `variant` changes every number, so two runs of one month differ. */
export interface SampleSpec {
  month: Month;
  people: number;
  effects: number;
  variant?: number;
}

const UNITS = ['营业厅', 'line-crew', '计费中心', '=township'];

/** A month result with its trace (effects never null). */
export type TracedResult = MonthResult & { effects: EffectLog };

/** A month result with `people` people in four units and `effects` effects of every shape. */
export function sampleMonth({ month, people, effects, variant = 0 }: SampleSpec): TracedResult {
  const persons = Array.from({ length: people }, (_, i) => samplePerson(i, variant));
  persons.sort((a, b) => (a.unit === b.unit ? cmp(a.employee, b.employee) : cmp(a.unit, b.unit)));
  const units = UNITS.filter((u) => persons.some((p) => p.unit === u))
    .sort(cmp)
    .map((u, i) => sampleUnit(u, i, variant, persons));
  const list = Array.from({ length: effects }, (_, i) => sampleEffect(i, variant, persons));
  return { month, people: persons, units, effects: EffectLog.from(list), rejects: [], unmatched: [] };
}

/** A full save input for `sampleMonth(spec)`. */
export function sampleInput(spec: SampleSpec, runAt = `${spec.month}-28T09:00:00.000Z`): SaveMonthInput & { result: TracedResult } {
  const variant = spec.variant ?? 0;
  const files: FileStats[] = [
    { file: 'roster.csv', sha256: 'a'.repeat(64), kind: 'roster', rowsRead: spec.people, accepted: spec.people, rejected: 0 },
    { file: `事故/${spec.month}.csv`, sha256: `${variant}`.padStart(64, 'b'), kind: 'combined', rowsRead: 10 + variant, accepted: 7, rejected: 3 + variant },
  ];
  return { result: sampleMonth(spec), rulesHash: `rules-${variant}`, files, runAt, assessVersion: '0.0.0-test' };
}

function samplePerson(i: number, variant: number): PersonMonth {
  const wage = 420_000 + ((i * 37 + variant) % 1000) * 100;
  const bonus = (i % 5) * 10_000;
  const forfeited = i % 3 === 0 ? bonus : 0;
  const vetoed = i % 97 === 1;
  const points = 0 - ((i + variant) % 7) * 100 - (i % 2) * 50; // never -0: SQLite stores 0
  return {
    employee: `E${String(i).padStart(6, '0')}`,
    name: i % 2 === 0 ? `张${i}` : `Name ${i}`,
    unit: UNITS[i % UNITS.length] as string,
    role: i % 10 === 0 ? '' : 'clerk',
    points: hundredths(points),
    score: hundredths(vetoed ? 0 : 10_000 + points),
    vetoed,
    unitScore: hundredths(9_800 - variant),
    effectiveScore: hundredths(vetoed ? 0 : 10_000 + points),
    wage: fen(wage),
    bonus: fen(bonus),
    bonusForfeited: fen(forfeited),
    bonusPaid: fen(bonus - forfeited),
    withheld: fen(Math.round(wage * 0.3)),
  };
}

function sampleUnit(unit: string, i: number, variant: number, persons: PersonMonth[]): UnitMonth {
  return {
    unit,
    points: hundredths(0 - 200 * i - variant),
    score: hundredths(10_000 - 200 * i - variant),
    people: persons.filter((p) => p.unit === unit).length,
    avgScore: hundredths(9_500 + i + variant),
  };
}

function sampleEffect(i: number, variant: number, persons: PersonMonth[]): Effect {
  const p = persons[(i * 7 + variant) % persons.length] as PersonMonth;
  const shape = i % 4;
  const isUnit = shape === 3;
  return {
    rule: ['handoff-dispute', 'complaint-overdue', 'training-rate', 'unit-docked'][shape] as string,
    title: shape === 0 ? '上下工序衔接发生口角 — quarrel at a hand-off' : `rule ${shape}`,
    target: isUnit ? 'unit' : 'person',
    employee: isUnit ? '' : p.employee,
    unit: p.unit,
    points: hundredths(-((i + variant) % 5) * 100 - 25),
    bonusForfeited: fen(shape === 0 ? 5_000 + variant : 0),
    veto: i % 101 === 5,
    source: shape === 2 ? null : { file: `incidents ${shape}.csv`, line: i + 2 },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
