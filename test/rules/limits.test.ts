/**
 * Hostile rules files (SPEC §8): aliases that multiply, documents too large
 * or nested too deep, expressions nested thousands deep or too long, numbers
 * beyond exact integers. Each is one problem naming file:line:column, never
 * a thrown error or a stack overflow.
 */
import { describe, expect, it, vi } from 'vitest';
import { parseColumns } from '../../src/read/columns.js';
import { loadRules } from '../../src/rules/load.js';
import { EXPRESSION_LIMITS, parseExpression } from '../../src/rules/parse.js';
import { message, placed, render, type Problem } from '../../src/problems.js';
import { YAML_LIMITS, parseYaml, tooDeepAt } from '../../src/yaml.js';

/** A problem as the English line a clerk reads: `file:line:column: message`. */
const en = (p: Problem): string => render(p, 'en');

const SCORING = 'scoring: { base: 100, min: 0, max: 100, pay_rate: 0.30 }\n';

function problems(name: string, text: string): string[] {
  const r = loadRules([{ path: `rules/${name}`, text }, { path: 'rules/scoring.yaml', text: SCORING }]);
  return r.problems.map(en);
}

/** Ten levels of ten aliases: 10^9 strings if expanded. */
function billionLaughs(): string {
  let s = 'policy: lol\nx0: &a0 [lol]\n';
  for (let i = 1; i < 10; i++) s += `x${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
  return s;
}

function ruleWhen(when: string): string {
  return `policy: p\nrules:\n  - id: r\n    on: incident\n    when: ${when}\n    effects: { points: -1 }\n`;
}

describe('YAML limits', () => {
  it('sets the alias bound deliberately', () => {
    expect(YAML_LIMITS.maxAliasCount).toBe(100);
  });

  it('refuses the billion-laughs shape with the place of its first alias', () => {
    expect(problems('laughs.yaml', billionLaughs())).toEqual([
      `rules/laughs.yaml:3:10: aliases (*name) here expand to too much data (at most ${YAML_LIMITS.maxAliasCount} alias uses); write the values out instead`,
    ]);
  });

  it('still reads a few aliases used by hand', () => {
    const text = 'policy: p\nrules:\n  - id: a\n    on: incident\n    effects: &fx { points: -1 }\n  - id: b\n    on: incident\n    effects: *fx\n';
    expect(problems('a.yaml', text)).toEqual([]);
  });

  it('refuses a file larger than the limit before parsing it', () => {
    const text = `policy: p\n# ${'x'.repeat(YAML_LIMITS.maxBytes)}\n`;
    const [p] = problems('big.yaml', text);
    expect(p).toMatch(/^rules\/big\.yaml: is \d+ bytes; a rules file may have at most 1048576 bytes/);
  });

  it.each([
    ['flow lists', `policy: p\nx: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, 'rules/deep.yaml:2:'],
    ['flow mappings', `policy: p\nx: ${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}\n`, 'rules/deep.yaml:2:'],
    ['block lists on one line', `policy: p\nx:\n  ${'- '.repeat(20_000)}x\n`, 'rules/deep.yaml:3:'],
    ['indented mappings', `policy: p\n${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`, 'rules/deep.yaml:'],
  ])('refuses %s nested 20,000 deep without recursing', (_name, text, place) => {
    const [p, ...rest] = problems('deep.yaml', text);
    expect(rest).toEqual([]);
    expect(p).toContain(place);
    expect(p).toContain(`nested more than ${YAML_LIMITS.maxDepth} deep`);
  });

  it('measures depth exactly at the limit', () => {
    const at = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(tooDeepAt(at(YAML_LIMITS.maxDepth))).toBe(-1);
    expect(tooDeepAt(at(YAML_LIMITS.maxDepth + 1))).toBe(YAML_LIMITS.maxDepth);
  });

  it('guards columns.yaml the same way', () => {
    const r = parseColumns(`headers: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, 'rules/columns.yaml');
    expect(r.problems.map(en)[0]).toMatch(/^rules\/columns\.yaml:1:\d+: mappings and lists are nested more than 64 deep/);
    expect(parseYaml('a: 1', 'x.yaml').ok).toBe(true);
  });
});

describe('expression limits', () => {
  it('refuses a when nested 20,000 parentheses deep (too long, before parsing)', () => {
    const [p] = problems('deep.yaml', ruleWhen(`${'('.repeat(20_000)}true${')'.repeat(20_000)}`));
    expect(p).toBe(`rules/deep.yaml:5:11: the expression is 40004 characters long; at most ${EXPRESSION_LIMITS.maxLength} (split it into several rules, or use in (...))`);
  });

  it.each([
    ['parentheses', (n: number) => `${'('.repeat(n)}true${')'.repeat(n)}`],
    ['not', (n: number) => `${'not '.repeat(n)}true`],
    ['minus signs', (n: number) => `${'-'.repeat(n)}1 == 1`],
    ['calls', (n: number) => `${'len('.repeat(n)}note${')'.repeat(n)} > 0`],
  ])('bounds nesting of %s under the length limit', (_name, make) => {
    const ok = parseExpression(make(EXPRESSION_LIMITS.maxNesting));
    // At the limit it parses (len(len(...)) does not type-check, but it parses).
    expect(ok.ok).toBe(true);
    const r = parseExpression(make(EXPRESSION_LIMITS.maxNesting + 1));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('EXPR_TOO_DEEP');
      expect(message(placed(r.problem, null), 'en')).toContain(`nested more than ${EXPRESSION_LIMITS.maxNesting} deep`);
    }
  });

  it('bounds a long chain of operators (a tall tree from a loop)', () => {
    const r = parseExpression(`${Array.from({ length: 1500 }, () => '1').join('+')} > 0`);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.code).toBe('EXPR_CHAIN_TOO_LONG');
      expect(message(placed(r.problem, null), 'en')).toContain(`chains more than ${EXPRESSION_LIMITS.maxTreeDepth} operators`);
    }
    expect(parseExpression(`${Array.from({ length: 400 }, () => '1').join('+')} > 0`).ok).toBe(true);
  });

  it('places the nesting problem at its column in the file', () => {
    const deep = `${'('.repeat(60)}true${')'.repeat(60)}`;
    expect(problems('deep.yaml', ruleWhen(deep))).toEqual([
      `rules/deep.yaml:5:${11 + EXPRESSION_LIMITS.maxNesting}: the expression is nested more than ${EXPRESSION_LIMITS.maxNesting} deep here (parentheses, not, minus signs or calls inside one another); simplify it`,
    ]);
  });

  it('refuses a number beyond exact integers, and money beyond exact fen', () => {
    expect(problems('n.yaml', ruleWhen('loss > 123456789012345678901234567890'))).toEqual([
      'rules/n.yaml:5:18: number 123456789012345678901234567890 is too large (at most 9007199254740991)',
    ]);
    expect(problems('n.yaml', ruleWhen('loss > 900719925474099'))).toEqual([
      'rules/n.yaml:5:18: amount 900719925474099 is too large (money is at most 90071992547409 yuan)',
    ]);
    expect(problems('n.yaml', ruleWhen('loss > 90071992547409'))).toEqual([]);
  });
});

describe('scoring bounds', () => {
  const scoring = (extra: string) => loadRules([{ path: 'rules/scoring.yaml', text: `scoring: { base: 100, min: 0, max: 100, pay_rate: 0.30${extra} }\n` }]).problems.map(en);

  it('refuses a negative min (a negative score would take a negative share of the pool)', () => {
    expect(loadRules([{ path: 'rules/scoring.yaml', text: 'scoring: { base: 100, min: -100, max: 100, pay_rate: 0.30 }\n' }]).problems.map(en)).toEqual([
      "rules/scoring.yaml:1:28: scoring min -100 must be 0 or more: a score weighs a person's share of the pool",
    ]);
  });

  it.each([
    [', max_amount: 0', 'max_amount 0 must be an amount in yuan above 0 and at most 10000000 (e.g. 1000000)'],
    [', max_amount: 10000000.01', 'max_amount 10000000.01 must be an amount in yuan above 0 and at most 10000000 (e.g. 1000000)'],
    [', max_amount: 1.001', 'max_amount 1.001 must be an amount in yuan above 0 and at most 10000000 (e.g. 1000000)'],
  ])('refuses scoring%s', (extra, message) => {
    const [p] = scoring(extra);
    expect(p).toContain(message);
  });

  it('accepts max_amount up to 10,000,000 yuan', () => {
    expect(scoring(', max_amount: 10000000')).toEqual([]);
    expect(loadRules([{ path: 'rules/scoring.yaml', text: 'scoring: { base: 100, min: 0, max: 100, pay_rate: 0.30, max_amount: 5000.50 }\n' }]).ruleSet?.scoring.maxAmount).toBe(500050);
  });

  it('refuses points, caps and scores beyond 10,000 from zero', () => {
    expect(problems('p.yaml', 'policy: p\nrules:\n  - id: r\n    on: incident\n    cap: 10000.01\n    effects: { points: -10001 }\n')).toEqual([
      'rules/p.yaml:6:24: points -10001 is too large: points and scores are at most 10000 from zero',
      'rules/p.yaml:5:10: cap 10000.01 is too large: points and scores are at most 10000 from zero',
    ]);
  });
});

describe('found by the fuzz session', () => {
  it('a mapping used as a key is an unknown key, without a Node warning on the clerk\'s screen', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(problems('k.yaml', '? [a]\n: b\n')).toEqual(['rules/k.yaml:1:3: unknown key "[ a ]" (allowed here: policy, effective, rules, scoring)']);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
