import { describe, expect, it } from 'vitest';
import { requireTrace } from '../../src/assess/effects.js';
import { createMonthAssessor } from '../../src/assess/month.js';
import type { MonthResult } from '../../src/assess/types.js';
import type { RuleSet } from '../../src/rules/types.js';
import { hundredths } from '../../src/types.js';
import type { EventRecord, Month, RosterEntry } from '../../src/types.js';
import { message, rejectReason } from '../../src/problems.js';
import type { Problem } from '../../src/problems.js';
import type { Reject } from '../../src/problems.js';
import { aggregateRule, complaint, incident, person, recordRule, ruleSet, training } from './helpers.js';

const ROSTER = [person('E001', 'Hall', { bonus: 80000 }), person('E002', 'Hall', { bonus: 33333 }), person('E003', 'Crew', { bonus: 0 })];

/** Runs a month and returns its result, failing the test if the month itself fails. */
function run(rules: RuleSet, records: EventRecord[], o: { roster?: RosterEntry[]; month?: Month | null } = {}) {
  const a = createMonthAssessor({ rules, roster: o.roster ?? ROSTER, month: o.month === undefined ? '2026-02' : o.month });
  const returned: (Reject | null)[] = records.map((r) => a.add(r, [r.source.file, String(r.source.line)]));
  const out = a.finish();
  if (!out.ok) throw new Error(out.problems.join('\n'));
  return { ...out.result, effects: requireTrace(out.result.effects, out.result.month), returned };
}

function personOf(r: MonthResult, id: string) {
  const p = r.people.find((x) => x.employee === id);
  if (!p) throw new Error(`no ${id}`);
  return p;
}

describe('record rules: points, caps, veto, bonus', () => {
  it('deducts points and unit points, with provenance', () => {
    const rules = ruleSet([recordRule('handoff', 'incident', { when: (r) => r.values.type === 'handoff', effects: { bonus: { percent: -10000 }, unitPoints: hundredths(-200) } })]);
    const rec = incident('2026-02-03', ['E001', 'E002'], 'handoff', { line: 7 });
    const r = run(rules, [rec]);
    expect(personOf(r, 'E001')).toMatchObject({ bonusForfeited: 80000, bonusPaid: 0, score: 10000 });
    expect(personOf(r, 'E002')).toMatchObject({ bonusForfeited: 33333, bonusPaid: 0 });
    expect(r.units.find((u) => u.unit === 'Hall')).toMatchObject({ points: -200, score: 9800, people: 2 });
    expect(r.effects.toArray()).toEqual([
      expect.objectContaining({ rule: 'handoff', target: 'person', employee: 'E001', unit: 'Hall', bonusForfeited: 80000, source: rec.source }),
      expect.objectContaining({ target: 'person', employee: 'E002', bonusForfeited: 33333 }),
      expect.objectContaining({ target: 'unit', employee: '', unit: 'Hall', points: -200, bonusForfeited: 0 }),
    ]);
    expect(r.unmatched).toEqual([]);
  });

  it.each([
    // [cap, points per record, records, expected points, applied per effect]
    [null, -100, 3, -300, [-100, -100, -100]],
    [400, -100, 6, -400, [-100, -100, -100, -100, 0, 0]],
    [250, -100, 4, -250, [-100, -100, -50, 0]], // partial
    [150, 200, 2, 150, [150, 0]], // positive points capped too
  ])('cap %s, %s points × %s records → %s', (cap, pts, n, want, applied) => {
    const rules = ruleSet([recordRule('missed', 'training', { effects: { points: hundredths(pts) }, cap })]);
    const recs = Array.from({ length: n }, (_, i) => training(`2026-02-${String(i + 2).padStart(2, '0')}`, 'E001', 'absent'));
    const r = run(rules, recs);
    expect(personOf(r, 'E001').points).toBe(want);
    expect(r.effects.toArray().map((e) => e.points)).toEqual(applied);
  });

  it('caps per person, not per rule overall, and per unit for unit points', () => {
    const rules = ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(-300), unitPoints: hundredths(-300) }, cap: 400 })]);
    const r = run(rules, [incident('2026-02-01', ['E001'], 'x'), incident('2026-02-02', ['E001', 'E002'], 'y'), incident('2026-02-03', ['E003'], 'z')]);
    expect(personOf(r, 'E001').points).toBe(-400);
    expect(personOf(r, 'E002').points).toBe(-300);
    expect(r.units.map((u) => [u.unit, u.points])).toEqual([
      ['Crew', -300],
      ['Hall', -400],
    ]);
  });

  it('veto sets the score to min whatever other points', () => {
    const rules = ruleSet([
      recordRule('veto', 'incident', { when: (r) => r.values.type === 'fraud', effects: { veto: true } }),
      recordRule('praise', 'incident', { when: (r) => r.values.type === 'praise', effects: { points: hundredths(500) } }),
    ], { min: hundredths(2000), max: hundredths(12000) });
    const r = run(rules, [incident('2026-02-01', ['E001'], 'fraud'), incident('2026-02-02', ['E001'], 'praise')]);
    expect(personOf(r, 'E001')).toMatchObject({ vetoed: true, score: 2000, points: 500, effectiveScore: 2000 });
    expect(personOf(r, 'E002')).toMatchObject({ vetoed: false, score: 10000 });
    expect(r.effects.toArray()[0]).toMatchObject({ rule: 'veto', veto: true });
  });

  it.each([
    ['percent half-up', [{ percent: -5000 }], 33333, 16667],
    ['amount', [{ amount: -10000 }], 33333, 10000],
    ['amount bounded by the bonus', [{ amount: -50000 }], 33333, 33333],
    ['several, bounded in total', [{ percent: -5000 }, { percent: -5000 }, { amount: -100 }], 33333, 33333],
    ['positive sign still forfeits', [{ percent: 1000 }], 33333, 3333],
    ['no bonus, nothing to forfeit', [{ percent: -10000 }], 0, 0],
  ] as const)('bonus: %s', (_name, bonuses, bonus, want) => {
    const rules = ruleSet(bonuses.map((b, i) => recordRule(`b${i}`, 'incident', { effects: { bonus: 'amount' in b ? { amount: b.amount as never } : b } })));
    const r = run(rules, [incident('2026-02-05', ['E009'], 't')], { roster: [person('E009', 'Hall', { bonus })] });
    const p = personOf(r, 'E009');
    expect(p.bonusForfeited).toBe(want);
    expect(p.bonusPaid).toBe(bonus - want);
    expect(r.effects.toArray().reduce((s, e) => s + e.bonusForfeited, 0)).toBe(want);
  });

  it('bounds the bonus in order: a later effect forfeits only what is left', () => {
    const rules = ruleSet([recordRule('b', 'incident', { effects: { bonus: { percent: -7000 } } })]);
    const r = run(rules, [incident('2026-02-01', ['E001'], 'a'), incident('2026-02-02', ['E001'], 'b')]);
    expect(r.effects.toArray().map((e) => e.bonusForfeited)).toEqual([56000, 24000]);
  });

  it.each([
    ['2026-02-10', '2026-02-10', null, true],
    ['2026-02-09 23:59', '2026-02-10', null, false],
    ['2026-02-28 17:30', null, '2026-02-28', true], // until covers its whole day
    ['2026-03-01', null, '2026-02-28', false],
  ])('effective range: record at %s, from %s until %s → applies %s', (date, from, until, applies) => {
    const rules = ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(-100) }, from, until })]);
    const month = date.slice(0, 7);
    const r = run(rules, [incident(date, ['E001'], 't')], { month });
    expect(personOf(r, 'E001').points).toBe(applies ? -100 : 0);
    expect(r.unmatched.length).toBe(applies ? 0 : 1);
  });

  it('keeps a zero effect when the cap made it 0, so the trace explains it', () => {
    const rules = ruleSet([recordRule('r', 'training', { effects: { points: hundredths(-100) }, cap: 100 })]);
    const r = run(rules, [training('2026-02-02', 'E001', 'absent'), training('2026-02-09', 'E001', 'absent')]);
    expect(r.effects.toArray()).toHaveLength(2);
    expect(Object.is(r.effects.toArray()[1]?.points, 0)).toBe(true); // 0, not −0
  });

  it('passes monthEnd (first instant of the next month) to when', () => {
    let seen = 0;
    const rules = ruleSet([recordRule('r', 'incident', { when: (_r, ctx) => ((seen = ctx.monthEnd), true) })]);
    run(rules, [incident('2026-02-01', ['E001'], 't')]);
    expect(seen).toBe(Date.UTC(2026, 2, 1) / 1000);
  });
});

describe('scores, clamping and unit weight', () => {
  it.each([
    ['clamped at min', -12000, 0],
    ['clamped at max', 500, 10000],
    ['in range', -250, 9750],
  ])('%s', (_n, pts, score) => {
    const rules = ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(pts) } })]);
    const r = run(rules, [incident('2026-02-01', ['E001'], 't')]);
    expect(personOf(r, 'E001')).toMatchObject({ points: pts, score, effectiveScore: score });
  });

  it('effective score mixes in the unit score, half-up to hundredths', () => {
    // score 97.33, unit score 95.00, uw = 0.3 → 0.7·9733 + 0.3·9500 = 6813.1 + 2850 = 9663.1 → 9663
    const rules = ruleSet(
      [recordRule('r', 'incident', { effects: { points: hundredths(-267), unitPoints: hundredths(-500) } })],
      { unitWeight: { num: 3n, den: 10n } },
    );
    const r = run(rules, [incident('2026-02-01', ['E001'], 't')]);
    expect(personOf(r, 'E001')).toMatchObject({ score: 9733, unitScore: 9500, effectiveScore: 9663 });
    // E002: 0.7·10000 + 0.3·9500 = 9850
    expect(personOf(r, 'E002')).toMatchObject({ score: 10000, unitScore: 9500, effectiveScore: 9850 });
    expect(r.units.find((u) => u.unit === 'Hall')?.avgScore).toBe(9757); // (9663 + 9850)/2 = 9756.5 → 9757
    expect(personOf(r, 'E003').effectiveScore).toBe(10000);
  });

  it('withheld = wage × pay rate, half-up to the fen', () => {
    const r = run(ruleSet([], { payRate: { num: 3n, den: 10n } }), [], { roster: [person('E1', 'U', { wage: 333335 })] });
    expect(personOf(r, 'E1').withheld).toBe(100001);
  });

  it('sorts people by unit then employee by code units, units by name', () => {
    const roster = [person('b', 'Z'), person('B', 'Z'), person('a', 'A'), person('é', 'A')];
    const r = run(ruleSet([]), [], { roster });
    expect(r.people.map((p) => p.employee)).toEqual(['a', 'é', 'B', 'b']);
    expect(r.units.map((u) => u.unit)).toEqual(['A', 'Z']);
  });
});

describe('aggregate rules', () => {
  const rate = aggregateRule('training-rate', 'person', 'training', (a) => a.total > 0 && a.rate < 0.9, {
    where: (r) => r.values.status === 'present' || r.values.status === 'late',
    effects: { points: hundredths(-300) },
  });

  it('evaluates every person, including those without records', () => {
    const noRecords = aggregateRule('no-training', 'person', 'training', (a) => a.total === 0, { effects: { points: hundredths(-100) } });
    const recs = [
      training('2026-02-02', 'E001', 'present'),
      training('2026-02-09', 'E001', 'absent'), // 1/2 < 0.9
      training('2026-02-02', 'E002', 'late'), // 1/1
    ];
    const r = run(ruleSet([rate, noRecords]), recs);
    expect(personOf(r, 'E001').points).toBe(-300);
    expect(personOf(r, 'E002').points).toBe(0);
    expect(personOf(r, 'E003').points).toBe(-100);
    expect(r.effects.toArray().map((e) => [e.rule, e.employee, e.source])).toEqual([
      ['no-training', 'E003', null],
      ['training-rate', 'E001', null],
    ]);
    // aggregate rules do not count as matching
    expect(r.unmatched).toEqual([{ kind: 'training', type: 'monday-meeting', count: 3 }]);
  });

  it('per unit: unit points on each roster unit, with its records counted', () => {
    const unitRule = aggregateRule('unit-incidents', 'unit', 'incident', (a) => a.total >= 2, { effects: { unitPoints: hundredths(-100) } });
    const recs = [incident('2026-02-01', ['E001'], 'a'), incident('2026-02-02', ['E003'], 'b', { unit: 'Hall' }), incident('2026-02-03', ['E003'], 'c')];
    const r = run(ruleSet([unitRule]), recs);
    expect(r.units.map((u) => [u.unit, u.points])).toEqual([
      ['Crew', 0],
      ['Hall', -100],
    ]);
    expect(r.effects.toArray()).toEqual([expect.objectContaining({ target: 'unit', unit: 'Hall', employee: '', source: null })]);
  });

  it('per person unit points go to the person’s unit; effective by the month’s first day', () => {
    const r1 = aggregateRule('p', 'person', 'training', () => true, { effects: { unitPoints: hundredths(-10) }, from: '2026-02-01' });
    const r2 = aggregateRule('late-start', 'person', 'training', () => true, { effects: { points: hundredths(-10) }, from: '2026-02-02' });
    const r = run(ruleSet([r1, r2]), []);
    expect(r.units.map((u) => [u.unit, u.points])).toEqual([
      ['Crew', -10],
      ['Hall', -20],
    ]);
    expect(r.people.every((p) => p.points === 0)).toBe(true);
  });

  it('sees rate = 0 when total is 0 and counts where per person', () => {
    const seen: string[] = [];
    const spy = aggregateRule('spy', 'person', 'training', (a) => (seen.push(`${a.count}/${a.total}/${a.rate}`), false), {
      where: (r) => r.values.status === 'present',
    });
    run(ruleSet([spy]), [training('2026-02-02', 'E001', 'present'), training('2026-02-03', 'E001', 'absent'), training('2026-02-03', 'E002', 'absent')]);
    expect(seen.sort()).toEqual(['0/0/0', '0/1/0', '1/2/0.5']);
  });

  it('evaluates `when` once for people with the same counts, and gives each of them its answer', () => {
    const seen: string[] = [];
    const spy = aggregateRule('spy', 'person', 'training', (a) => (seen.push(`${a.count}/${a.total}`), a.total > 0 && a.rate < 0.9), {
      where: (r) => r.values.status === 'present',
      effects: { points: hundredths(-300) },
    });
    // 4100 sessions, each its own row (one a minute from 10 February), so that none is a duplicate of another.
    const many = Array.from({ length: 4100 }, (_, i) => training(`2026-02-${10 + Math.floor(i / 1440)} ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, 'E003', 'present'));
    const r = run(ruleSet([spy]), [
      training('2026-02-02', 'E001', 'present'), training('2026-02-03', 'E001', 'absent'),
      training('2026-02-02', 'E002', 'present'), training('2026-02-03', 'E002', 'absent'),
      ...many,
    ]);
    expect(['E001', 'E002', 'E003'].map((e) => personOf(r, e).points)).toEqual([-300, -300, 0]);
    // E001 and E002 share 1 of 2; E003's 4100 rows are past what is remembered and are evaluated as they are.
    expect(seen.sort()).toEqual(['1/2', '4100/4100']);
  });
});

describe('without the trace', () => {
  it('gives the same people, units and rejects, and no effects', () => {
    const rules = ruleSet([
      recordRule('handoff', 'incident', { when: (r) => r.values.type === 'handoff', effects: { bonus: { percent: -10000 }, unitPoints: hundredths(-200) } }),
      aggregateRule('absent', 'person', 'training', (a) => a.count > 0, { where: (r) => r.values.status === 'absent', effects: { points: hundredths(-100) } }),
    ]);
    const records = [
      incident('2026-02-03', ['E001', 'E002'], 'handoff'),
      incident('2026-02-03', ['E001', 'E002'], 'handoff'), // a duplicate
      incident('2026-02-04', ['E099'], 'handoff'), // unknown
      training('2026-02-05', 'E003', 'absent'),
    ];
    const outcome = (trace: boolean) => {
      const a = createMonthAssessor({ rules, roster: ROSTER, month: '2026-02', trace });
      records.forEach((r) => a.add(r, [r.source.file, String(r.source.line)]));
      const out = a.finish();
      if (!out.ok) throw new Error(out.problems.join('\n'));
      return out.result;
    };
    const traced = outcome(true);
    const untraced = outcome(false);
    expect(untraced.effects).toBeNull();
    expect({ ...untraced, effects: null }).toEqual({ ...traced, effects: null });
    expect(traced.effects?.length).toBe(4); // two people and their unit, one absence
    expect(traced.people.find((p) => p.employee === 'E003')?.points).toBe(-100);
  });
});

describe('rejects', () => {
  const roster = [person('0015', 'Hall'), person('E001', 'Hall')];
  const cases: [string, EventRecord[], string[]][] = [
    ['unknown employee', [incident('2026-02-01', ['E099'], 't')], ['employee "E099" is not on the roster of 2026-02']],
    [
      'unknown id that padding would fix',
      [incident('2026-02-01', ['15'], 't')],
      ['employee "15" is not on the roster of 2026-02; did you mean "0015"? (the file may have been saved by a spreadsheet, which drops leading zeros: set ids.pad: 4 in columns.yaml)'],
    ],
    ['unknown unit', [incident('2026-02-01', ['E001'], 't', { unit: 'Mars' })], ['unit "Mars" is not a unit of the roster of 2026-02']],
    [
      'exact duplicate',
      [incident('2026-02-01', ['E001'], 't', { line: 4 }), incident('2026-02-01', ['E001'], 't', { line: 9, file: 'other.csv' })],
      ['duplicate of incidents.csv:4'],
    ],
    [
      'id used twice for a kind',
      [incident('2026-02-01', ['E001'], 't', { id: 'C-0012', line: 3 }), incident('2026-02-02', ['E001'], 'u', { id: 'C-0012' })],
      ['id "C-0012" already used at incidents.csv:3'],
    ],
    ['date outside the month', [incident('2026-03-01', ['E001'], 't')], ['date 2026-03-01 is outside the assessed month 2026-02']],
  ];
  it.each(cases)('%s', (_name, records, reasons) => {
    const r = run(ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(-100) } })]), records, { roster });
    expect(r.rejects.map((x) => rejectReason(x, 'en'))).toEqual(reasons);
    expect(r.returned.filter((x) => x !== null)).toEqual(r.rejects);
    // a rejected row has no effect
    expect(r.effects.toArray().length).toBe(records.length - reasons.length);
    expect(r.rejects[0]?.row).toEqual([r.rejects[0]?.source.file, String(r.rejects[0]?.source.line)]);
  });

  it('finds duplicates and reused ids across a reserve() hint, whatever its size', () => {
    const rules = ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(-100) } })]);
    // Even rows: no id, 500 distinct rows → 1000 duplicates. Odd rows: distinct values, 375 distinct ids → 1125 reused.
    const records = Array.from({ length: 3000 }, (_, i) =>
      i % 2 === 0 ? incident('2026-02-01', ['E001'], `t${i % 1000}`, { line: i + 2 }) : incident('2026-02-01', ['E001'], `u${i}`, { id: `C${i % 750}`, line: i + 2 }));
    const plain = run(rules, records);
    for (const hint of [0, 1, 10, 5000, 1e6, Infinity, NaN, -3]) {
      const a = createMonthAssessor({ rules, roster: ROSTER, month: '2026-02' });
      records.slice(0, 700).forEach((r) => a.add(r, [r.source.file, String(r.source.line)]));
      a.reserve(hint);
      records.slice(700).forEach((r) => a.add(r, [r.source.file, String(r.source.line)]));
      const out = a.finish();
      expect(out.ok && out.result.rejects.map((x) => `${x.source.line}: ${rejectReason(x, 'en')}`)).toEqual(plain.rejects.map((x) => `${x.source.line}: ${rejectReason(x, 'en')}`));
    }
    expect(plain.rejects).toHaveLength(2125);
    expect(rejectReason(plain.rejects.find((x) => x.source.line === 1002) as Reject, 'en')).toBe('duplicate of incidents.csv:2');
    expect(rejectReason(plain.rejects.find((x) => x.source.line === 753) as Reject, 'en')).toBe('id "C1" already used at incidents.csv:3');
  });

  // The hashed tables keep one entry per accepted row (a row with an id under its id, its row hash beside):
  // copies of rows with ids, reused ids, copies of rejected rows and rows without ids, against exact keys.
  it('tells copies from reused ids as exact keys do, with one table entry per accepted row', () => {
    const rules = ruleSet([recordRule('r', 'incident', { effects: { points: hundredths(-100) } })]);
    const records = Array.from({ length: 4000 }, (_, i) => {
      const j = (i * 7919) % 613; // repeats, in scrambled order
      const opts = { line: i + 2, ...(j % 3 === 0 ? {} : { id: `C${j % 211}` }) };
      return incident('2026-02-01', [j % 17 === 0 ? 'E404' : 'E001'], `t${j % 5}`, opts);
    });
    const outcome = (exactKeys: boolean) => {
      const a = createMonthAssessor({ rules, roster: ROSTER, month: '2026-02', exactKeys });
      records.forEach((r) => a.add(r, [r.source.file, String(r.source.line)]));
      const out = a.finish();
      if (!out.ok) throw new Error('internal');
      return { rejects: out.result.rejects.map((x) => `${x.source.line}: ${rejectReason(x, 'en')}`), seen: a.seenStats() };
    };
    const hashed = outcome(false);
    const exact = outcome(true);
    expect(hashed.rejects).toEqual(exact.rejects);
    expect(exact.seen).toBeNull();
    const reasons = hashed.rejects.join('\n');
    expect(reasons).toMatch(/duplicate of incidents.csv:\d+/);
    expect(reasons).toMatch(/id "C\d+" already used at/);
    expect(reasons).toMatch(/not on the roster/);
    const accepted = records.length - hashed.rejects.length;
    expect(hashed.seen?.rowEntries).toBe(accepted - 211);
    expect(hashed.seen?.idEntries).toBe(211);
  });

  it('the same id in another kind is fine; differing values are not duplicates', () => {
    const c = complaint('2026-02-01 09:00', 'E001', 'billing', { id: 'X1' });
    const r = run(ruleSet([]), [incident('2026-02-01', ['E001'], 't', { id: 'X1' }), c, incident('2026-02-01', ['E001'], 't', { values: { note: 'other' } })]);
    expect(r.rejects).toEqual([]);
  });

  it('rejects a second active roster row for one employee, not an inactive one', () => {
    const roster = [
      person('E1', 'Hall'),
      person('E1', 'Crew'), // active too → rejected
      person('E2', 'Hall', { until: '2026-01-31' }), // left before the month
      person('E2', 'Crew', { from: '2026-02-15' }), // joined during the month
      person('E3', 'Hall', { from: '2026-03-01' }), // not yet
      person('E4', 'Hall', { from: '2026-02-28', until: '2026-02-01' }), // edges inclusive
    ];
    const r = run(ruleSet([]), [], { roster });
    expect(r.people.map((p) => [p.employee, p.unit])).toEqual([
      ['E2', 'Crew'],
      ['E1', 'Hall'],
      ['E4', 'Hall'],
    ]);
    expect(r.rejects.map((x) => ({ source: x.source, reason: rejectReason(x, 'en'), code: x.problems.map((p) => p.code), row: x.row }))).toEqual([
      { source: roster[1]?.source, reason: 'employee "E1" is already on the roster of 2026-02 at roster.csv:' + roster[0]?.source.line, code: ['ROSTER_DUPLICATE'], row: ['E1', 'name E1', 'Crew'] },
    ]);
  });

  it('an event for someone on the roster only in another month is rejected', () => {
    const r = run(ruleSet([]), [incident('2026-02-10', ['E5'], 't')], { roster: [person('E5', 'Hall', { until: '2026-01-31' }), person('E6', 'Hall')] });
    expect(r.rejects.map((x) => rejectReason(x, 'en'))).toEqual(['employee "E5" is not on the roster of 2026-02']);
  });
});

describe('the month', () => {
  it('is the first record’s month when not given', () => {
    const r = run(ruleSet([]), [incident('2026-01-31 23:59', ['E001'], 't')], { month: null });
    expect(r.month).toBe('2026-01');
    expect(r.rejects).toEqual([]);
  });

  it('fails with the months found when records span several and no month is given', () => {
    const a = createMonthAssessor({ rules: ruleSet([]), roster: ROSTER, month: null });
    const recs = [incident('2026-01-05', ['E001'], 'a'), incident('2026-01-06', ['E001'], 'b'), incident('2026-02-01', ['E001'], 'c')];
    for (const r of recs) a.add(r, []);
    const out = a.finish();
    expect(out.ok ? [] : out.problems.map((p) => p.code)).toEqual(['MONTH_MANY']);
    expect(out.ok ? '' : message(out.problems[0] as Problem, 'en')).toBe('records fall in more than one month (2026-01: 2 rows, 2026-02: 1 row); pass --month YYYY-MM');
    expect(out.ok ? '' : message(out.problems[0] as Problem, 'zh')).toBe('记录分属不止一个月（2026-01：2 行，2026-02：1 行）；请用 --month YYYY-MM 指定考核月份');
  });

  it('fails clearly with no records and no month', () => {
    const out = createMonthAssessor({ rules: ruleSet([]), roster: ROSTER, month: null }).finish();
    expect(out.ok).toBe(false);
    expect(out.ok ? '' : message(out.problems[0] as Problem, 'en')).toMatch(/--month/);
  });

  it('assesses a given month with no records: everyone at base', () => {
    const r = run(ruleSet([]), []);
    expect(r.people.map((p) => p.score)).toEqual([10000, 10000, 10000]);
    expect(r.units.map((u) => [u.unit, u.people, u.avgScore])).toEqual([
      ['Crew', 1, 10000],
      ['Hall', 2, 10000],
    ]);
  });
});

describe('unmatched', () => {
  it('counts records no record rule matched, by kind and type (category for complaints)', () => {
    const rules = ruleSet([recordRule('known', 'incident', { when: (r) => r.values.type === 'handoff' })]);
    const recs = [
      incident('2026-02-01', ['E001'], 'handoff'),
      incident('2026-02-02', ['E001'], 'handof'),
      incident('2026-02-03', ['E001'], 'handof'),
      incident('2026-02-04', ['E001'], ''),
      complaint('2026-02-01 10:00', 'E002', 'billing'),
    ];
    const r = run(rules, recs);
    expect(r.unmatched).toEqual([
      { kind: 'complaint', type: 'billing', count: 1 },
      { kind: 'incident', type: '', count: 1 },
      { kind: 'incident', type: 'handof', count: 2 },
    ]);
  });
});
