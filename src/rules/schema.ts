/**
 * The shape of a rules file (SPEC §4) as zod schemas, and plain-language
 * messages for zod's issues. Objects are strict: an unknown key is an error,
 * so a misspelt `efects` is caught instead of silently ignored. Values are
 * checked for type here; exact decimals, dates and expressions are converted
 * by the loader, which has the YAML source text.
 */
import { z } from 'zod';
import { EVENT_KINDS } from '../types.js';
import { unplaced, type Expect, type Unplaced } from '../problems.js';
import { closest } from '../suggest.js';

const expression = z.union([z.string(), z.boolean()]);

export const effectiveSchema = z.strictObject({
  from: z.string().optional(),
  until: z.string().optional(),
});

export const effectsSchema = z.strictObject({
  points: z.number().optional(),
  unit_points: z.number().optional(),
  bonus: z.union([z.string(), z.number()]).optional(),
  veto: z.boolean().optional(),
});

/** A title per language; each language falls back to the other (src/rules/load.ts ruleTitles). */
export const titleSchema = z.strictObject({
  en: z.string().optional(),
  zh: z.string().optional(),
});

const ruleCommon = {
  id: z.string().regex(/^\S+$/),
  // One title for every language, or one per language: { zh: 周一例会缺席, en: absent from the Monday meeting }.
  title: z.union([z.string(), titleSchema]).optional(),
  effects: effectsSchema,
  cap: z.number().positive().optional(),
  effective: effectiveSchema.optional(),
};

export const recordRuleSchema = z.strictObject({
  ...ruleCommon,
  on: z.enum(EVENT_KINDS),
  when: expression.optional(),
});

export const aggregateRuleSchema = z.strictObject({
  ...ruleCommon,
  per: z.enum(['person', 'unit']),
  over: z.enum(EVENT_KINDS),
  where: expression.optional(),
  when: expression,
});

export const scoringSchema = z.strictObject({
  base: z.number(),
  min: z.number(),
  max: z.number(),
  pay_rate: z.number(),
  allocation: z.enum(['pool', 'individual']).optional(),
  unit_weight: z.number().optional(),
  max_amount: z.number().optional(),
});

export const fileSchema = z.strictObject({
  policy: z.string().optional(),
  effective: effectiveSchema.optional(),
  rules: z.array(z.unknown()).optional(),
  scoring: z.unknown().optional(),
});

export type RecordRuleInput = z.infer<typeof recordRuleSchema>;
export type AggregateRuleInput = z.infer<typeof aggregateRuleSchema>;
export type ScoringInput = z.infer<typeof scoringSchema>;
export type FileInput = z.infer<typeof fileSchema>;

/** The keys whose expected value has words of its own (src/problems.ts `Expect`). */
const KEY_EXPECT = new Set<Expect>(['when', 'where', 'bonus', 'id', 'rules', 'effects', 'effective', 'cap', 'title']);
/** zod's type names that have words of their own. */
const TYPE_EXPECT = new Set<Expect>(['number', 'string', 'boolean', 'array', 'object']);

/** The zod issue shapes the loader turns into messages. */
export type Issue = z.core.$ZodIssue;

/** What the value of `key` must be: the key's own words, else zod's expected type, else `fallback`. */
function expectOf(key: string, type: string | undefined, fallback: Expect | null): Expect | null {
  if (KEY_EXPECT.has(key as Expect)) return key as Expect;
  if (type !== undefined && TYPE_EXPECT.has(type as Expect)) return type as Expect;
  return fallback;
}

/**
 * A zod issue as a coded problem for a clerk (unknown keys are worded by the
 * loader, which knows the allowed keys). `present` tells whether the value
 * at the issue's path exists (a missing key reads differently from a wrong
 * one); `value` is that value, named in "must be one of".
 */
export function issueProblem(issue: Issue, present: boolean, value: unknown): Unplaced {
  const key = String(issue.path[issue.path.length - 1] ?? 'the file');
  if (!present && issue.path.length > 0) return unplaced('RULES_MISSING_KEY', { key });
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectOf(key, issue.expected, null);
      if (expected !== null) return unplaced('RULES_WRONG_TYPE', { key, expected });
      return unplaced('RULES_BAD_VALUE', { key, detail: `must be ${issue.expected}` });
    }
    case 'invalid_union':
      return unplaced('RULES_WRONG_TYPE', { key, expected: expectOf(key, undefined, 'other') as Expect });
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
      return unplaced('RULES_NOT_ONE_OF', { key, value: text, allowed, suggest: text === null ? null : closest(text, allowed) });
    }
    case 'too_small':
    case 'invalid_format': {
      const expected = expectOf(key, undefined, null);
      if (expected !== null) return unplaced('RULES_WRONG_TYPE', { key, expected });
      return unplaced('RULES_BAD_VALUE', { key, detail: issue.message });
    }
    default:
      return unplaced('RULES_BAD_VALUE', { key, detail: issue.message });
  }
}
