import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/rules/load.js';
import { render, type Problem } from '../../src/problems.js';

/** A problem as the English line a clerk reads: `file:line:column: message`. */
const en = (p: Problem): string => render(p, 'en');

const RULES_DIR = join(import.meta.dirname, '..', '..', 'rules');

function shippedFiles(): { path: string; text: string }[] {
  return readdirSync(RULES_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ path: `rules/${f}`, text: readFileSync(join(RULES_DIR, f), 'utf8') }));
}

describe('the shipped rules folder', () => {
  const result = loadRules(shippedFiles());

  it('loads with zero problems', () => {
    expect(result.problems.map(en)).toEqual([]);
    expect(result.ruleSet).not.toBeNull();
  });

  it('carries the bureau scoring: base 100, 0..100, 30% withheld into a pool', () => {
    const s = result.ruleSet?.scoring;
    expect(s).toEqual({
      base: 10000,
      min: 0,
      max: 10000,
      payRate: { num: 30n, den: 100n },
      allocation: 'pool',
      unitWeight: { num: 0n, den: 1n },
      // Not set in rules/scoring.yaml: SPEC §4's default of 1,000,000 yuan.
      maxAmount: 100_000_000,
    });
  });

  it('encodes the February hand-off quarrel: whole bonus and 2 unit points', () => {
    const rule = result.ruleSet?.rules.find((r) => r.id === 'handoff-dispute');
    expect(rule?.effects).toEqual({ points: 0, unitPoints: -200, bonus: { percent: 10000 }, veto: false });
  });

  it('has every rule the brief asks for, sorted by id', () => {
    const ids = result.ruleSet?.rules.map((r) => r.id) ?? [];
    expect(ids).toEqual([...ids].sort());
    for (const id of [
      'appearance', 'billing-overcharge', 'commendation', 'complaint-overdue', 'complaint-revisit', 'complaint-upheld',
      'handoff-dispute', 'late-monday-meeting', 'missed-friday-study', 'missed-monday-meeting', 'service-language',
      'training-rate', 'unit-training-rate',
    ]) {
      expect(ids).toContain(id);
    }
  });

  it('every rule in the YAML carries a Chinese policy quote in a comment above it', () => {
    for (const f of shippedFiles().filter((f) => !f.path.endsWith('columns.yaml'))) {
      const lines = f.text.split('\n');
      lines.forEach((line, i) => {
        if (!/^\s*- id:/.test(line)) return;
        const comment = [];
        for (let j = i - 1; j >= 0 && /^\s*#/.test(lines[j] ?? ''); j--) comment.push(lines[j]);
        expect(comment.join('\n'), `${f.path}:${i + 1}`).toMatch(/[\u4e00-\u9fff]/);
      });
    }
  });
});
