/** Hand-built reports for the render tests. */
import type { MonthReport, PersonReport } from '../../src/pay/report.js';
import { EffectLog } from '../../src/assess/effects.js';
import { fen, hundredths } from '../../src/types.js';
import { problem } from '../../src/problems.js';

/** A person with sensible defaults; override what the test is about. */
export function person(over: Partial<PersonReport> & { employee: string }): PersonReport {
  return {
    month: '2026-01',
    name: '',
    unit: '营业厅',
    role: '',
    points: hundredths(0),
    score: hundredths(10000),
    vetoed: false,
    unitScore: hundredths(10000),
    effectiveScore: hundredths(10000),
    wage: fen(420000),
    bonus: fen(126000),
    bonusForfeited: fen(0),
    bonusPaid: fen(126000),
    withheld: fen(126000),
    ytdWithheld: fen(126000),
    projectedAllocation: fen(126000),
    ...over,
  };
}

/** A small month: two units, a quarrel that forfeited two bonuses, a reject, an unmatched type. */
export function sampleMonth(): MonthReport {
  return {
    month: '2026-01',
    people: [
      person({
        employee: '0001',
        name: '张三',
        points: hundredths(-250),
        score: hundredths(9750),
        effectiveScore: hundredths(9750),
        bonusForfeited: fen(126000),
        bonusPaid: fen(0),
      }),
      person({ employee: '0002', name: '李四', points: hundredths(100), score: hundredths(10000) }),
      person({
        employee: '0003',
        name: 'Wang Wu',
        unit: '线路班',
        points: hundredths(-300),
        score: hundredths(0),
        vetoed: true,
        effectiveScore: hundredths(0),
        unitScore: hundredths(9800),
      }),
      person({ employee: '0004', name: '=HYPERLINK("x")', unit: '线路班', unitScore: hundredths(9800) }),
    ],
    units: [
      { unit: '线路班', points: hundredths(-200), score: hundredths(9800), people: 2, avgScore: hundredths(5000) },
      { unit: '营业厅', points: hundredths(0), score: hundredths(10000), people: 2, avgScore: hundredths(9875) },
    ],
    effects: EffectLog.from([
      {
        rule: 'handoff-dispute',
        title: '上下工序衔接发生口角',
        target: 'person',
        employee: '0001',
        unit: '营业厅',
        points: hundredths(-250),
        bonusForfeited: fen(126000),
        veto: false,
        source: { file: 'incidents.csv', line: 3 },
      },
      {
        rule: 'handoff-dispute',
        title: '上下工序衔接发生口角',
        target: 'unit',
        employee: '',
        unit: '线路班',
        points: hundredths(-200),
        bonusForfeited: fen(0),
        veto: false,
        source: null,
      },
    ]),
    rejected: [
      {
        source: { file: 'incidents.csv', line: 9 },
        problems: [problem('NOT_ON_ROSTER', { file: 'incidents.csv', line: 9 }, { employee: '9999', month: '2026-01', hint: null })],
        row: ['2026-01-09', '9999', 'late, again', '-5'],
      },
    ],
    files: [
      { file: 'incidents.csv', sha256: 'ab'.repeat(32), kind: 'incident', rowsRead: 10, accepted: 9, rejected: 1 },
    ],
    unmatched: [{ kind: 'incident', type: 'handof-dispute', count: 2 }],
    totals: {
      people: 4,
      points: hundredths(-450),
      bonusForfeited: fen(126000),
      withheld: fen(504000),
      ytdPool: fen(504000),
    },
    rulesHash: 'deadbeef',
    ruleTitles: new Map(),
  };
}
