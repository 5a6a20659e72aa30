/**
 * The compiled rule set (SPEC §4): what `src/rules` produces from the YAML
 * files and what `src/assess` applies. Nothing here is code from a rules
 * file: expressions are parsed and compiled into closures.
 */
import type { EventKind, EventRecord, Fen, Hundredths, WallTime } from '../types.js';

export type { Ratio } from '../arith.js';
import type { Ratio } from '../arith.js';

export interface Scoring {
  base: Hundredths;
  min: Hundredths;
  max: Hundredths;
  /** Share of wage withheld into the pool. */
  payRate: Ratio;
  allocation: 'pool' | 'individual';
  /** 0..1, share of the unit's score in a person's effective score. */
  unitWeight: Ratio;
  /** The largest wage, bonus or loss accepted in input (`max_amount`, default 1,000,000 yuan). */
  maxAmount: Fen;
}

/** Effects of a rule (§4). Absent keys are 0 / null / false. */
export interface Effects {
  /** Points on each of the record's people (negative = deduction). */
  points: Hundredths;
  /** Points on the record's unit. */
  unitPoints: Hundredths;
  /**
   * Bonus forfeiture: `{ percent }` in hundredths of a percent (100% = 10000),
   * or `{ amount }` in fen; null when the rule forfeits nothing.
   */
  bonus: { percent: number } | { amount: Fen } | null;
  /** 一票否决: the person's score for the month is `min`. */
  veto: boolean;
}

export type { Effective } from '../calendar.js';
import type { Effective } from '../calendar.js';

/** Values an aggregate rule's `when` sees. */
export interface Aggregate {
  count: number;
  total: number;
  rate: number;
}

/** Evaluation context: the assessed month, for `hours(a, b)`/`days(a, b)` with b empty. */
export interface EvalContext {
  /** First instant of the month after the assessed month (the end of the month). */
  monthEnd: WallTime;
}

/** A rule's title in each language. */
export interface RuleTitles {
  en: string;
  zh: string;
}

/** What every rule has, record or aggregate. */
export interface RuleBase {
  id: string;
  /** The title effects carry into the trace and the ledger: `titles.en`. */
  title: string;
  /** The title in each language (a rule may give one per language; each falls back to the other, then to the id). */
  titles: RuleTitles;
  policy: string;
  /** Where the rule is defined, for traces and messages. */
  file: string;
  line: number;
  effects: Effects;
  /** Bound on the absolute points this rule gives one person (or unit) in a month. */
  cap: Hundredths | null;
  /** The rule's own range intersected with its file's. */
  effective: Effective;
}

export interface RecordRule extends RuleBase {
  type: 'record';
  on: EventKind;
  when: (record: EventRecord, ctx: EvalContext) => boolean;
}

export interface AggregateRule extends RuleBase {
  type: 'aggregate';
  per: 'person' | 'unit';
  over: EventKind;
  /** What counts; always true when the rule has no `where`. */
  where: (record: EventRecord, ctx: EvalContext) => boolean;
  when: (agg: Aggregate, ctx: EvalContext) => boolean;
}

export type Rule = RecordRule | AggregateRule;

export interface RuleSet {
  rules: Rule[];
  scoring: Scoring;
  /** SHA-256 (hex) over every rules file's name and content, in name order. */
  hash: string;
}
