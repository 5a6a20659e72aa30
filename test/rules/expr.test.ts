import { describe, expect, it } from 'vitest';
import { AGGREGATE_FIELDS, compileCondition, compileExpression, type Scope } from '../../src/rules/expr.js';
import { parseExpression } from '../../src/rules/parse.js';
import { KIND_FIELDS } from '../../src/fields.js';
import type { EvalContext } from '../../src/rules/types.js';
import type { FieldType, WallTime } from '../../src/types.js';
import { message, render, type FieldsOf, type Problem } from '../../src/problems.js';

const at = { file: 'rules/r.yaml', line: 5, column: 11 };
const wall = (iso: string): WallTime => (Date.parse(`${iso}Z`) / 1000) as WallTime;
/** End of January 2026: the first instant of February. */
const ctx: EvalContext = { monthEnd: wall('2026-02-01T00:00:00') };

const incident = { fields: KIND_FIELDS.incident.types, of: 'incident' } as const;
const complaint = { fields: KIND_FIELDS.complaint.types, of: 'complaint' } as const;
const training = { fields: KIND_FIELDS.training.types, of: 'training' } as const;

type Env = { fields: Readonly<Record<string, FieldType>>; of?: Exclude<FieldsOf, null> };

/** A problem flattened for compact expectations: its code, place and English message. */
function flat(p: Problem) {
  return { code: p.code, ...p.source, message: message(p, 'en') };
}

function evaluate(src: string, env: Env, scope: Scope = {}): unknown {
  const r = compileExpression(src, env, at);
  if (!r.ok) throw new Error(r.problems.map((p) => message(p, 'en')).join('; '));
  return r.fn(scope, ctx);
}

function problemsOf(src: string, env: Env = training) {
  return rawProblemsOf(src, env).map(flat);
}

function rawProblemsOf(src: string, env: Env = training): Problem[] {
  const r = compileCondition(src, env, at);
  if (r.ok) throw new Error(`expected problems for ${src}`);
  return r.problems;
}

describe('precedence and arithmetic', () => {
  it.each([
    ['1 + 2 * 3 == 7', true],
    ['(1 + 2) * 3 == 9', true],
    ['10 - 2 - 3 == 5', true],
    ['8 / 2 / 2 == 2', true],
    ['-2 * 3 == -6', true],
    ['- 2 + 3 == 1', true],
    ['--2 == 2', true],
    ['1.5 + 1.25 == 2.75', true],
    // not binds looser than and's operands would if it were lowest: (not false) and false
    ['not false and false', false],
    // and binds tighter than or: true or (false and false)
    ['true or false and false', true],
    // not binds looser than comparison: not (1 == 2)
    ['not 1 == 2', true],
    ['not not true', true],
    ['1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2', true],
  ])('%s → %s', (src, expected) => {
    expect(evaluate(src, { fields: {} })).toBe(expected);
  });

  it('parses or below and below not', () => {
    const r = parseExpression('not a or b and c');
    expect(r.ok && r.node.type === 'logic' && r.node.op).toBe('or');
  });
});

describe('in and not in', () => {
  it.each([
    ['late', 'status in ("present", "late")', true],
    ['absent', 'status in ("present", "late")', false],
    ['absent', "status not in ('present', 'late')", true],
    ['present', 'not status in ("present")', false],
  ])('status %s: %s → %s', (status, src, expected) => {
    expect(evaluate(src, training, { status })).toBe(expected);
  });

  it('checks every listed status', () => {
    const problems = problemsOf('status in ("present", "lat")');
    expect(problems[0]?.message).toMatch(/"lat" is not a status.*did you mean "late"/);
    expect(problems[0]?.column).toBe(at.column + 'status in ("present", '.length);
  });
});

describe('functions', () => {
  const opened = wall('2026-01-05T08:00:00');
  it('hours and days between two date-times, fractional', () => {
    const scope = { received_at: opened, resolved_at: wall('2026-01-06T10:30:00') };
    expect(evaluate('hours(received_at, resolved_at)', complaint, scope)).toBe(26.5);
    expect(evaluate('days(received_at, resolved_at)', complaint, scope)).toBeCloseTo(26.5 / 24, 10);
  });

  it('an empty b means the end of the assessed month', () => {
    const scope = { received_at: wall('2026-01-31T12:00:00'), resolved_at: null };
    expect(evaluate('hours(received_at, resolved_at)', complaint, scope)).toBe(12);
    expect(evaluate('days(received_at, resolved_at)', complaint, scope)).toBe(0.5);
    expect(evaluate('hours(received_at, "")', complaint, scope)).toBe(12);
  });

  it('hours against due_hours decides overdue', () => {
    const scope = { received_at: opened, resolved_at: wall('2026-01-06T08:00:01'), due_hours: 24 };
    expect(evaluate('hours(received_at, resolved_at) > due_hours', complaint, scope)).toBe(true);
    expect(evaluate('hours(received_at, resolved_at) > due_hours', complaint, { ...scope, due_hours: 48 })).toBe(false);
  });

  it('hours takes date literals too', () => {
    expect(evaluate('hours("2026-01-05 8:00", received_at)', complaint, { received_at: wall('2026-01-05T09:30:00') })).toBe(1.5);
  });

  it('len counts characters of text and ids in a list', () => {
    expect(evaluate('len(note)', incident, { note: '周一例会' })).toBe(4);
    expect(evaluate('len(note)', incident, { note: '' })).toBe(0);
    expect(evaluate('len(employees)', incident, { employees: ['E001', 'E002'] })).toBe(2);
  });

  it('contains searches text and id lists', () => {
    expect(evaluate('contains(note, "口角")', incident, { note: '上下工序口角' })).toBe(true);
    expect(evaluate('contains(note, "x")', incident, { note: 'abc' })).toBe(false);
    expect(evaluate('contains(employees, "E002")', incident, { employees: ['E001', 'E002'] })).toBe(true);
    expect(evaluate('contains(employees, "E00")', incident, { employees: ['E001'] })).toBe(false);
  });

  it.each([
    ['hours(date) > 1', /hours takes 2 arguments/],
    ['hour(date, date) > 1', /unknown function "hour".*did you mean "hours"/],
    ['hours(date, note) > 1', /hours\(\) takes dates, but note is text/],
    ['len(date) > 1', /len\(\) takes text/],
    ['contains(note, 1)', /contains\(\) looks for text/],
  ])('%s is an error', (src, message) => {
    expect(problemsOf(src).map((p) => p.message).join('\n')).toMatch(message);
  });
});

describe('fields', () => {
  it('an unknown field names the kind, its fields and a likely fix, at the token', () => {
    const problems = problemsOf('type == "monday-meeting" and stauts == "absent"');
    expect(problems).toEqual([
      {
        code: 'RULES_UNKNOWN_FIELD',
        file: 'rules/r.yaml',
        line: 5,
        column: at.column + 'type == "monday-meeting" and '.length,
        message: 'unknown field "stauts" for kind training (fields: date, employee, status, session, type, note); did you mean "status"?',
      },
    ]);
  });

  it('says it in Chinese as a clerk would', () => {
    expect(rawProblemsOf('type == "monday-meeting" and stauts == "absent"').map((p) => render(p, 'zh'))).toEqual([
      'rules/r.yaml 第5行第40列：培训记录没有 "stauts" 这个字段，是否为 "status"？（可用字段：date、employee、status、session、type、note）',
    ]);
  });

  it('reports every unknown field, not only the first', () => {
    expect(problemsOf('stauts == "absent" or tpye == "x"')).toHaveLength(2);
  });

  it('a field of another kind is unknown', () => {
    expect(problemsOf('loss > 100')[0]?.message).toMatch(/unknown field "loss" for kind training/);
  });

  it('aggregate rules see count, total and rate only', () => {
    const env = { fields: AGGREGATE_FIELDS, of: 'aggregate' } as const;
    expect(evaluate('total > 0 and rate < 0.9', env, { count: 8, total: 10, rate: 0.8 })).toBe(true);
    expect(evaluate('total > 0 and rate < 0.9', env, { count: 0, total: 0, rate: 0 })).toBe(false);
    expect(evaluate('count == 3', env, { count: 3, total: 3, rate: 1 })).toBe(true);
    expect(problemsOf('status == "absent"', env)[0]?.message).toMatch(/unknown field "status" for aggregate rules \(fields: count, total, rate\)/);
  });

  it('an empty text field is ""', () => {
    expect(evaluate('note == ""', incident, { note: '' })).toBe(true);
    expect(evaluate('note != ""', incident, { note: 'x' })).toBe(true);
  });
});

describe('money', () => {
  it.each([
    ['loss > 100', 10000, false],
    ['loss > 100', 10001, true],
    ['loss == 100.5', 10050, true],
    ['loss >= 0.01', 1, true],
    ['100 < loss', 10001, true],
    ['loss > 2 * 50', 10001, true],
    ['loss * 2 > 300', 15001, true],
    ['loss + 50 > 100', 5001, true],
    ['loss / 2 == 50', 10000, true],
    ['-loss < -100', 10001, true],
  ])('%s with loss %i fen → %s', (src, loss, expected) => {
    expect(evaluate(src, incident, { loss })).toBe(expected);
  });

  it.each([
    ['loss > 100.123', /more than two decimals/],
    ['loss > len(note)', /cannot mix money \(loss\) with a number that is not a literal/],
    ['loss * loss > 1', /cannot multiply loss \(money\) and loss \(money\)/],
    ['loss > "100"', /cannot compare loss \(money\) with "100" \(text\)/],
  ])('%s is an error', (src, message) => {
    expect(problemsOf(src, incident)[0]?.message).toMatch(message);
  });
});

describe('dates', () => {
  const day15 = wall('2026-01-15T00:00:00');
  it.each([
    ['date >= "2026-01-15"', day15, true],
    ['date > "2026-01-15"', day15, false],
    ['date < "2026/1/15 8:00"', day15, true],
    ['date == "2026年1月15日"', day15, true],
    ['date >= "2026-01-16"', day15, false],
  ])('%s', (src, date, expected) => {
    expect(evaluate(src, incident, { date })).toBe(expected);
  });

  it('an empty date equals "" and is in no order', () => {
    expect(evaluate('resolved_at == ""', complaint, { resolved_at: null })).toBe(true);
    expect(evaluate('resolved_at == ""', complaint, { resolved_at: day15 })).toBe(false);
    expect(evaluate('resolved_at != ""', complaint, { resolved_at: day15 })).toBe(true);
    expect(evaluate('resolved_at > received_at', complaint, { resolved_at: null, received_at: day15 })).toBe(false);
  });

  it.each([
    ['date > "2026-02-30"', /"2026-02-30" is not a date/],
    ['date > "soon"', /"soon" is not a date/],
    ['date + 1 > date', /dates cannot be used with \+: use hours/],
    ['date < ""', /an empty date has no order/],
  ])('%s is an error', (src, message) => {
    expect(problemsOf(src, incident)[0]?.message).toMatch(message);
  });
});

describe('booleans', () => {
  it.each([
    ['revisit', true, true],
    ['revisit', false, false],
    ['not revisit', false, true],
    ['revisit == true', true, true],
    ['revisit != false', false, false],
    ['revisit and due_hours > 10', true, true],
  ])('%s with revisit %s → %s', (src, revisit, expected) => {
    expect(evaluate(src, complaint, { revisit, due_hours: 24 })).toBe(expected);
  });

  it.each([
    ['upheld == "yes"', /cannot compare upheld \(true\/false\) with "yes" \(text\).*compare it with true or false/],
    ['upheld < true', /true\/false values have no order/],
    ['revisit and 1', /and needs true\/false on both sides, but 1 is a number/],
    ['not note', /not needs true\/false, but note is text/],
  ])('%s is an error', (src, message) => {
    expect(problemsOf(src, complaint)[0]?.message).toMatch(message);
  });
});

describe('type errors and syntax', () => {
  it.each([
    ['type', /a condition must be true or false, but "type" is text/],
    ['due_hours + 1', /a condition must be true or false, but "due_hours \+ 1" is a number/],
    ['status == "absnt"', /"absnt" is not a status \(present, absent, excused, late\); did you mean "absent"\?/],
    ['status < "late"', /a status values have no order/],
    ['note + 1 > 2', /\+ needs numbers, but note is text/],
    ['employees == "E001"', /employees is a list of ids: use contains/],
    ['status = "absent"', /unknown operator "=": write ==/],
    ['status == "absent" && true', /unknown operator "&&": write and/],
    ['1 < 2 < 3', /comparisons cannot be chained/],
    ['status == "absent', /unterminated string/],
    ['(status == "absent"', /expected "\)"/],
    ['status in "absent"', /expected "\(" after in/],
    ['status ==', /expected a value, found the end of the expression/],
    ['status == "absent" status', /unexpected "status"/],
    ['12abc > 1', /malformed number "12a"/],
    ['status # x', /unexpected character "#"/],
    ['', /empty expression/],
  ])('%s', (src, message) => {
    const env = src.startsWith('employees') ? incident : src.startsWith('due_hours') ? complaint : training;
    expect(problemsOf(src, env).map((p) => p.message).join('\n')).toMatch(message);
  });

  it('a syntax error points at the offending token', () => {
    expect(problemsOf('status == "absent" and and')[0]).toMatchObject({ line: 5, column: at.column + 'status == "absent" and '.length });
  });

  it('positions follow newlines inside the expression', () => {
    expect(problemsOf('status == "absent"\nand stauts == "x"')[0]).toMatchObject({ line: 6, column: 5 });
  });

  it('a custom locate function maps offsets', () => {
    const r = compileCondition('stauts == "x"', training, (offset) => ({ file: 'f', line: 9, column: 100 + offset }));
    expect(r.ok ? null : r.problems[0]?.source).toEqual({ file: 'f', line: 9, column: 100 });
  });
});
