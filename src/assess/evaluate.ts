/**
 * The one evaluator of a rule set on a record (SPEC §4): which record rules
 * hold for it (effective on its date, `when` true) and which aggregate rules'
 * `where` counts it. Both threads of a split file call this, and nothing else
 * in assess evaluates a rule on a record: a change to what a rule means is
 * made here, once.
 *
 * The outcome is a row of bits, one per rule in rule-set order, so that a
 * worker thread can hand it over in a typed array; the assessor reads it
 * with `ruleHolds`.
 */
import type { EvalContext, Rule } from '../rules/types.js';
import type { EventRecord, WallTime } from '../types.js';
import { covers, monthBounds, monthOf } from '../calendar.js';

export interface RuleEvaluator {
  /** Uint32 words of bits per record. */
  readonly words: number;
  /** Writes `record`'s outcome to `out[base .. base + words)`. */
  evaluate(record: EventRecord, out: Uint32Array, base: number): void;
}

/** Uint32 words of rule bits per record for `rules` rules. */
export function ruleWords(rules: number): number {
  return Math.max(1, Math.ceil(rules / 32));
}

/**
 * An evaluator of `rules` (a rule set's rules, in its order: bit j is rule j).
 * A record is judged in the context of its own month (its month's end for
 * `hours(a, b)` with b empty): a record of another month is rejected before
 * its outcome is used.
 *
 * @example
 *   const ev = ruleEvaluator(ruleSet.rules);
 *   const bits = new Uint32Array(ev.words);
 *   ev.evaluate(record, bits, 0);
 *   ruleHolds(bits, 0, 2); // rule 2 holds / counts the record
 */
export function ruleEvaluator(rules: readonly Rule[]): RuleEvaluator {
  const words = ruleWords(rules.length);
  let monthStart = 0;
  let monthEnd = -1;
  let ctx: EvalContext = { monthEnd: 0 as WallTime };
  const ctxOf = (at: WallTime): EvalContext => {
    if (!(at >= monthStart && at < monthEnd)) {
      const b = monthBounds(monthOf(at));
      monthStart = b.start;
      monthEnd = b.end;
      ctx = { monthEnd: b.end };
    }
    return ctx;
  };
  return {
    words,
    evaluate(record, out, base) {
      out.fill(0, base, base + words);
      const c = ctxOf(record.at);
      for (let j = 0; j < rules.length; j++) {
        const rule = rules[j] as Rule;
        const holds = rule.type === 'record'
          ? rule.on === record.kind && covers(rule.effective, record.at) && rule.when(record, c)
          : rule.over === record.kind && rule.where(record, c);
        if (holds) out[base + (j >>> 5)] = (out[base + (j >>> 5)] as number) | (1 << (j & 31));
      }
    },
  };
}

/** Whether rule `j` holds in the outcome at `bits[base ..]`. */
export function ruleHolds(bits: Uint32Array, base: number, j: number): boolean {
  return ((bits[base + (j >>> 5)] as number) & (1 << (j & 31))) !== 0;
}
