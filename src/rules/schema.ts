/**
 * The shape of a rules file (SPEC §4) as zod schemas, and plain-language
 * messages for zod's issues. Objects are strict: an unknown key is an error,
 * so a misspelt `efects` is caught instead of silently ignored. Values are
 * checked for type here; exact decimals, dates and expressions are converted
 * by the loader, which has the YAML source text.
 */
import { z } from 'zod';
import { EVENT_KINDS } from '../types.js';

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

/** What a key's value must be, in words, where zod's type name would not say enough. */
const EXPECTED: Record<string, string> = {
  when: 'an expression, e.g. status == "absent"',
  where: 'an expression, e.g. status in ("present", "late")',
  bonus: '"-P%" (a share, e.g. "-100%") or a negative amount in yuan (e.g. -200)',
  id: 'a name without spaces, e.g. missed-monday-meeting',
  rules: 'a list of rules (each starting with "- id:")',
  effects: 'a mapping such as { points: -1 }',
  effective: 'a mapping such as { from: 2026-01-01 }',
  cap: 'a positive number of points',
  title: 'text, or one text per language such as { zh: 周一例会缺席, en: absent from the Monday meeting }',
};

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

/** The zod issue shapes the loader turns into messages. */
export type Issue = z.core.$ZodIssue;

/**
 * A zod issue as a message for a clerk. `present` tells whether the value at
 * the issue's path exists (a missing key reads differently from a wrong one).
 */
export function issueMessage(issue: Issue, present: boolean): string {
  const key = String(issue.path[issue.path.length - 1] ?? 'the file');
  if (!present && issue.path.length > 0) return `missing key "${key}"`;
  switch (issue.code) {
    case 'invalid_type':
      return `${key} must be ${EXPECTED[key] ?? TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'invalid_union':
      return `${key} must be ${EXPECTED[key] ?? 'of another type'}`;
    case 'invalid_value':
      return `${key} must be one of: ${issue.values.map(String).join(', ')}`;
    case 'too_small':
    case 'invalid_format':
      return `${key} must be ${EXPECTED[key] ?? issue.message}`;
    default:
      return `${key}: ${issue.message}`;
  }
}
