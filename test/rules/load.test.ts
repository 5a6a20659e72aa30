import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRules, rulesHash } from '../../src/rules/load.js';
import type { AggregateRule, RecordRule } from '../../src/rules/types.js';
import type { EventRecord, WallTime } from '../../src/types.js';
import { render, type Problem } from '../../src/problems.js';

/** A problem as the English line a clerk reads: `file:line:column: message`. */
const en = (p: Problem): string => render(p, 'en');

const SCORING = 'scoring: { base: 100, min: 0, max: 100, pay_rate: 0.30, allocation: pool, unit_weight: 0 }\n';
const wall = (iso: string): WallTime => (Date.parse(`${iso}Z`) / 1000) as WallTime;
const ctx = { monthEnd: wall('2026-02-01T00:00:00') };

/** Loads files given as name → text, each under rules/. */
function load(files: Record<string, string>) {
  return loadRules(Object.entries(files).map(([name, text]) => ({ path: `rules/${name}`, text })));
}

/** The problems as `file:line:column: message` lines. */
function problems(files: Record<string, string>): string[] {
  return load(files).problems.map(en);
}

/** A rules file with one training rule whose lines are given (indented under `- `). */
function oneRule(...lines: string[]): string {
  return ['policy: test', 'rules:', `  - ${lines[0]}`, ...lines.slice(1).map((l) => `    ${l}`)].join('\n') + '\n';
}

function record(kind: EventRecord['kind'], values: EventRecord['values']): EventRecord {
  return { kind, at: wall('2026-01-05T00:00:00'), people: ['E001'], unit: '', id: '', values, source: { file: 'x.csv', line: 2 } };
}

describe('a valid folder', () => {
  const result = load({
    'scoring.yaml': SCORING,
    'training.yaml': oneRule('id: missed', 'title: 缺席', 'on: training', 'when: type == "monday-meeting" and status == "absent"', 'effects: { points: -1.5 }', 'cap: 4'),
    'rate.yaml': [
      'policy: 参训率',
      'rules:',
      '  - id: rate',
      '    per: person',
      '    over: training',
      '    where: status in ("present", "late")',
      '    when: total > 0 and rate < 0.9',
      '    effects: { points: -3, bonus: "-12.5%" }',
    ].join('\n'),
  });
  const rules = result.ruleSet?.rules ?? [];

  it('has no problems and rules sorted by id', () => {
    expect(result.problems).toEqual([]);
    expect(rules.map((r) => r.id)).toEqual(['missed', 'rate']);
  });

  it('converts points, cap and bonus exactly', () => {
    expect(rules[0]).toMatchObject({ title: '缺席', policy: 'test', file: 'rules/training.yaml', line: 3, cap: 400 });
    expect(rules[0]?.effects).toEqual({ points: -150, unitPoints: 0, bonus: null, veto: false });
    expect(rules[1]?.effects.bonus).toEqual({ percent: 1250 });
  });

  it('compiles when for records', () => {
    const rule = rules[0] as RecordRule;
    expect(rule.when(record('training', { type: 'monday-meeting', status: 'absent', note: '' }), ctx)).toBe(true);
    expect(rule.when(record('training', { type: 'monday-meeting', status: 'excused', note: '' }), ctx)).toBe(false);
  });

  it('compiles where and when for aggregates', () => {
    const rule = rules[1] as AggregateRule;
    expect(rule).toMatchObject({ type: 'aggregate', per: 'person', over: 'training' });
    expect(rule.where(record('training', { status: 'late' }), ctx)).toBe(true);
    expect(rule.where(record('training', { status: 'absent' }), ctx)).toBe(false);
    expect(rule.when({ count: 8, total: 10, rate: 0.8 }, ctx)).toBe(true);
    expect(rule.when({ count: 0, total: 0, rate: 0 }, ctx)).toBe(false);
  });

  it('reads pay_rate 0.30 exactly as 30/100, not as a float', () => {
    expect(result.ruleSet?.scoring.payRate).toEqual({ num: 30n, den: 100n });
    expect(result.ruleSet?.scoring).toMatchObject({ base: 10000, min: 0, max: 10000, allocation: 'pool', unitWeight: { num: 0n, den: 1n } });
  });

  it('an absent when is always true for a record rule', () => {
    const r = load({ 'scoring.yaml': SCORING, 'a.yaml': oneRule('id: all', 'on: incident', 'effects: { points: 1 }') });
    expect((r.ruleSet?.rules[0] as RecordRule).when(record('incident', {}), ctx)).toBe(true);
  });

  it('bonus amounts are fen, unit_weight and allocation exact', () => {
    const r = load({
      'scoring.yaml': 'scoring: { base: 80, min: 0, max: 120.5, pay_rate: 0.125, allocation: individual, unit_weight: 0.25, max_amount: 20000.5 }\n',
      'a.yaml': oneRule('id: a', 'on: incident', 'effects: { bonus: -200.5, veto: true }'),
    });
    expect(r.problems).toEqual([]);
    expect(r.ruleSet?.rules[0]?.effects).toEqual({ points: 0, unitPoints: 0, bonus: { amount: 20050 }, veto: true });
    expect(r.ruleSet?.scoring).toEqual({
      base: 8000, min: 0, max: 12050, payRate: { num: 125n, den: 1000n }, allocation: 'individual', unitWeight: { num: 25n, den: 100n }, maxAmount: 2000050,
    });
  });
});

describe('effective ranges', () => {
  it('intersects the file range with the rule range, until inclusive through its day', () => {
    const text = [
      'effective: { from: 2026-01-01, until: 2026-12-31 }',
      'rules:',
      '  - id: a',
      '    on: incident',
      '    effects: { points: -1 }',
      '    effective: { from: 2025-06-01, until: 2026-03-31 }',
      '  - id: b',
      '    on: incident',
      '    effects: { points: -1 }',
    ].join('\n');
    const rules = load({ 'scoring.yaml': SCORING, 'a.yaml': text }).ruleSet?.rules ?? [];
    expect(rules[0]?.effective).toEqual({ from: wall('2026-01-01T00:00:00'), until: wall('2026-03-31T23:59:59') });
    expect(rules[1]?.effective).toEqual({ from: wall('2026-01-01T00:00:00'), until: wall('2026-12-31T23:59:59') });
  });

  it('is open without effective', () => {
    const rules = load({ 'scoring.yaml': SCORING, 'a.yaml': oneRule('id: a', 'on: incident', 'effects: { points: -1 }') }).ruleSet?.rules;
    expect(rules?.[0]?.effective).toEqual({ from: null, until: null });
  });

  it.each([
    ['effective: { from: 2026-02-30 }', 'rules/a.yaml:6:24: from "2026-02-30" is not a date (expected YYYY-MM-DD)'],
    ['effective: { from: 2026-03-01, until: 2026-02-01 }', 'rules/a.yaml:6:16: effective range is empty: from 2026-03-01 is after until 2026-02-01'],
  ])('%s is an error', (line, expected) => {
    expect(problems({ 'scoring.yaml': SCORING, 'a.yaml': oneRule('id: a', 'on: incident', 'effects: { points: -1 }', line) })).toEqual([expected]);
  });
});

describe('problems, each with file:line:column', () => {
  const cases: [string, string, string[]][] = [
    ['a YAML error', 'rules:\n  - id: a\n    on: [incident\n', ['rules/a.yaml:4:1: YAML: ']],
    ['a duplicate YAML key', 'policy: a\npolicy: b\n', ['rules/a.yaml:2:1: YAML: Map keys must be unique']],
    [
      'an unknown rule key',
      oneRule('id: a', 'on: incident', 'efects: { points: -1 }'),
      ['rules/a.yaml:3:5: missing key "effects"', 'rules/a.yaml:5:5: unknown key "efects"; did you mean "effects"? (allowed here: id, title, effects, cap, effective, on, when)'],
    ],
    ['an unknown top-level key', 'polcy: x\n', ['rules/a.yaml:1:1: unknown key "polcy"; did you mean "policy"? (allowed here: policy, effective, rules, scoring)']],
    [
      'an unknown effect',
      oneRule('id: a', 'on: incident', 'effects: { pionts: -1 }'),
      ['rules/a.yaml:5:16: unknown key "pionts"; did you mean "points"? (allowed here: points, unit_points, bonus, veto)'],
    ],
    ['a wrong type', oneRule('id: a', 'on: incident', 'effects: { points: lots }'), ['rules/a.yaml:5:24: points must be a number']],
    ['an unknown kind', oneRule('id: a', 'on: incidents', 'effects: { points: -1 }'), ['rules/a.yaml:4:9: on "incidents" must be one of: incident, complaint, training; did you mean "incident"?']],
    ['rules not a list', 'rules: { id: a }\n', ['rules/a.yaml:1:8: rules must be a list of rules (each starting with "- id:")']],
    [
      'a bad expression',
      oneRule('id: a', 'on: training', 'when: status == "absent" and and', 'effects: { points: -1 }'),
      ['rules/a.yaml:5:34: expected a value, found "and"'],
    ],
    [
      'an unknown field stauts',
      oneRule('id: a', 'on: training', 'when: type == "x" and stauts == "absent"', 'effects: { points: -1 }'),
      ['rules/a.yaml:5:27: unknown field "stauts" for kind training (fields: date, employee, status, session, type, note); did you mean "status"?'],
    ],
    [
      'an unknown field in a double-quoted expression',
      oneRule('id: a', 'on: training', 'when: "stauts == \'absent\'"', 'effects: { points: -1 }'),
      ['rules/a.yaml:5:12: unknown field "stauts" for kind training (fields: date, employee, status, session, type, note); did you mean "status"?'],
    ],
    [
      'an unknown field in a block scalar (placed at the scalar)',
      oneRule('id: a', 'on: training', 'when: >-', '  stauts == "absent"', 'effects: { points: -1 }'),
      ['rules/a.yaml:5:11: unknown field "stauts" for kind training (fields: date, employee, status, session, type, note); did you mean "status"?'],
    ],
    ['a bad bonus share', oneRule('id: a', 'on: incident', 'effects: { bonus: "-120%" }'), ['rules/a.yaml:5:23: bonus "-120%" must be "-P%" with 0 < P ≤ 100 and at most two decimals (e.g. "-100%"), or a negative amount in yuan (e.g. -200)']],
    ['a positive bonus share', oneRule('id: a', 'on: incident', 'effects: { bonus: "100%" }'), ['rules/a.yaml:5:23: bonus "100%" must be "-P%" with 0 < P ≤ 100 and at most two decimals (e.g. "-100%"), or a negative amount in yuan (e.g. -200)']],
    ['a positive bonus amount', oneRule('id: a', 'on: incident', 'effects: { bonus: 200 }'), ['rules/a.yaml:5:23: bonus 200 must be a negative amount in yuan with at most two decimals (e.g. -200), or "-P%"']],
    ['points with 3 decimals', oneRule('id: a', 'on: incident', 'effects: { points: -0.125 }'), ['rules/a.yaml:5:24: points -0.125 must be a decimal number with at most two decimals']],
    ['a share with 3 decimals', oneRule('id: a', 'on: incident', 'effects: { bonus: "-12.345%" }'), ['rules/a.yaml:5:23: bonus "-12.345%" must be "-P%" with 0 < P ≤ 100 and at most two decimals (e.g. "-100%"), or a negative amount in yuan (e.g. -200)']],
    ['empty effects', oneRule('id: a', 'on: incident', 'effects: {}'), ['rules/a.yaml:5:14: effects is empty: give points, unit_points, bonus or veto: true']],
    ['a negative cap', oneRule('id: a', 'on: incident', 'effects: { points: -1 }', 'cap: -4'), ['rules/a.yaml:6:10: cap must be a positive number of points']],
    [
      'a per-unit rule with points',
      ['rules:', '  - id: u', '    per: unit', '    over: training', '    when: rate < 0.9', '    effects: { points: -2 }'].join('\n'),
      ['rules/a.yaml:6:16: points is not allowed here: a per: unit rule scores the unit: only unit_points is allowed'],
    ],
    [
      'an aggregate rule without when, and a record field in it',
      ['rules:', '  - id: u', '    per: person', '    over: training', '    effects: { points: -2 }', '  - id: v', '    per: person', '    over: training', '    when: status == "absent"', '    effects: { points: -2 }'].join('\n'),
      ['rules/a.yaml:2:5: missing key "when"', 'rules/a.yaml:9:11: unknown field "status" for aggregate rules (fields: count, total, rate)'],
    ],
    ['a when that is not a condition', oneRule('id: a', 'on: incident', 'when: note', 'effects: { points: -1 }'), ['rules/a.yaml:5:11: a condition must be true or false, but "note" is text']],
  ];
  it.each(cases)('%s', (_name, text, expected) => {
    const got = problems({ 'scoring.yaml': SCORING, 'a.yaml': text });
    expect(got).toHaveLength(expected.length);
    got.forEach((p, i) => expect(p.startsWith(expected[i] as string), `${p}\n  should start with\n${expected[i]}`).toBe(true));
  });

  it('a duplicate id across files names both places', () => {
    const a = oneRule('id: same', 'on: incident', 'effects: { points: -1 }');
    const b = 'policy: b\n\nrules:\n  - on: incident\n    id: same\n    effects: { points: -1 }\n';
    expect(problems({ 'scoring.yaml': SCORING, 'a.yaml': a, 'b.yaml': b })).toEqual([
      'rules/b.yaml:5:9: duplicate rule id "same": also defined at rules/a.yaml:3:9',
    ]);
  });

  it('a missing scoring section names the folder', () => {
    expect(problems({ 'a.yaml': oneRule('id: a', 'on: incident', 'effects: { points: -1 }') })).toEqual([
      'rules: no scoring section: exactly one rules file must carry scoring: { base, min, max, pay_rate, allocation, unit_weight }',
    ]);
  });

  it('a duplicated scoring section names both files', () => {
    expect(problems({ 'scoring.yaml': SCORING, 'z.yaml': `policy: z\n${SCORING}` })).toEqual([
      'rules/z.yaml:2:1: second scoring section (the first is at rules/scoring.yaml:1:1): exactly one rules file carries scoring',
    ]);
  });

  it.each([
    ['scoring: { base: 120, min: 0, max: 100, pay_rate: 0.3 }', 'rules/scoring.yaml:1:18: scoring must have min ≤ base ≤ max (min 0, base 120, max 100)'],
    ['scoring: { base: 100, min: 0, max: 100, pay_rate: 1.5 }', 'rules/scoring.yaml:1:51: pay_rate 1.5 must be a decimal from 0 to 1 (e.g. 0.30)'],
    ['scoring: { base: 100, min: 0, max: 100, pay_rate: -0.1 }', 'rules/scoring.yaml:1:51: pay_rate -0.1 must be a decimal from 0 to 1 (e.g. 0.30)'],
    ['scoring: { base: 100, min: 0, max: 100, pay_rate: 0.3, unit_weight: 2 }', 'rules/scoring.yaml:1:69: unit_weight 2 must be a decimal from 0 to 1 (e.g. 0.30)'],
    ['scoring: { base: 100, min: 0, max: 100, pay_rate: 0.3, allocation: share }', 'rules/scoring.yaml:1:68: allocation "share" must be one of: pool, individual'],
    ['scoring: { base: 100, min: 0, max: 100 }', 'rules/scoring.yaml:1:10: missing key "pay_rate"'],
    ['scoring: { base: 100.001, min: 0, max: 101, pay_rate: 0.3 }', 'rules/scoring.yaml:1:18: base 100.001 must be a decimal number with at most two decimals'],
  ])('%s', (text, expected) => {
    expect(problems({ 'scoring.yaml': `${text}\n` })).toEqual([expected]);
  });

  it('reports problems from every file in one run', () => {
    const got = problems({
      'a.yaml': oneRule('id: a', 'on: training', 'when: stauts == "x"', 'effects: { points: -1 }'),
      'b.yaml': oneRule('id: b', 'on: incident', 'effects: { points: -0.001 }'),
    });
    expect(got.map((p) => p.split(':')[0])).toEqual(['rules/a.yaml', 'rules/b.yaml', 'rules']);
  });
});

describe('columns.yaml and the hash', () => {
  const files = [
    { path: 'rules/scoring.yaml', text: SCORING },
    { path: 'rules/columns.yaml', text: 'headers:\n  employee: [工号]\n' },
  ];

  it('columns.yaml is not a rules file', () => {
    expect(loadRules(files).problems).toEqual([]);
  });

  it('the hash is sha256 hex, independent of input order and folder, and covers columns.yaml', () => {
    const hash = loadRules(files).ruleSet?.hash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadRules([...files].reverse()).ruleSet?.hash).toBe(hash);
    expect(rulesHash(files.map((f) => ({ ...f, path: f.path.replace('rules/', '/elsewhere/rules/') })))).toBe(hash);
    const changed = files.map((f) => (f.path.endsWith('columns.yaml') ? { ...f, text: `${f.text}  unit: [部门]\n` } : f));
    expect(loadRules(changed).ruleSet?.hash).not.toBe(hash);
  });

  it('an empty file holds nothing and is fine', () => {
    expect(loadRules([...files, { path: 'rules/empty.yaml', text: '# nothing yet\n' }]).problems).toEqual([]);
  });
});

describe('titles per language', () => {
  it.each([
    ['one text for both', 'title: 缺席', { en: '缺席', zh: '缺席' }],
    ['one per language', 'title: { zh: 周一例会缺席, en: absent from the Monday meeting }', { en: 'absent from the Monday meeting', zh: '周一例会缺席' }],
    ['Chinese only: English falls back to it', 'title: { zh: 周一例会缺席 }', { en: '周一例会缺席', zh: '周一例会缺席' }],
    ['none: the id', 'cap: 4', { en: 'missed', zh: 'missed' }],
  ])('%s', (_name, line, titles) => {
    const r = load({ 'scoring.yaml': SCORING, 't.yaml': oneRule('id: missed', line, 'on: training', 'effects: { points: -1 }') });
    expect(r.problems).toEqual([]);
    expect(r.ruleSet?.rules[0]?.titles).toEqual(titles);
    expect(r.ruleSet?.rules[0]?.title).toBe(titles.en);
  });

  it.each([
    ['a language it does not know', 'title: { cn: 缺席 }', 'rules/a.yaml:4:14: unknown key "cn"; did you mean "en"? (allowed here: en, zh)'],
    ['a list', 'title: [缺席]', 'rules/a.yaml:4:12: title must be text, or one text per language such as { zh: 周一例会缺席, en: absent from the Monday meeting }'],
  ])('refuses %s, with file:line:column', (_name, line, expected) => {
    const p = problems({ 'scoring.yaml': SCORING, 'a.yaml': oneRule('id: missed', line, 'on: training', 'effects: { points: -1 }') });
    expect(p).toEqual([expected]);
  });

  it('the shipped rules carry both languages', () => {
    // test/rules/shipped.test.ts loads the folder; here only that no title is one language passed off as both.
    for (const file of ['complaints.yaml', 'service-norms.yaml', 'training.yaml']) {
      const text = readFileSync(`rules/${file}`, 'utf8');
      const r = loadRules([{ path: `rules/${file}`, text }, { path: 'rules/scoring.yaml', text: SCORING }]);
      for (const rule of r.ruleSet?.rules ?? []) {
        expect(rule.titles.zh, rule.id).toMatch(/[\u4e00-\u9fff]/);
        expect(rule.titles.en, rule.id).toMatch(/^[ -~]+$/);
      }
      expect(r.ruleSet?.rules.length, file).toBeGreaterThan(0);
    }
  });
});
