/**
 * The first half of assessing a record, the half that needs no month state:
 * its people as numbers, its duplicate and id keys, its unmatched type and
 * the rule evaluator's outcome. The assessor (month.ts) prepares every record
 * it is given with this, and a worker thread prepares the rows of its range
 * with the same function; the assessor then checks and applies each prepared
 * record in file order, so that both threads share one evaluator and one set
 * of checks.
 */
import { createHash } from 'node:crypto';
import type { Rule } from '../rules/types.js';
import type { EventKind, EventRecord, Source, WallTime } from '../types.js';
import { byCodeUnits } from './results.js';
import type { RuleEvaluator } from './evaluate.js';
import { ruleEvaluator } from './evaluate.js';
import type { Hash64 } from './seen.js';
import { idHash, recordHash } from './seen.js';

/** A record as the assessor's checks and rules see it (without its values). */
export interface PreparedRecord {
  kind: EventKind;
  at: WallTime;
  /** The record's people as numbers in rosterIds(roster), in the record's order; -1 for an id not on it. */
  people: ArrayLike<number>;
  /** The record's unit, or ''. */
  unit: string;
  source: Source;
  /** The duplicate key: a 64-bit hash, or with exact keys the canonical key (duplicateKey). */
  key: Hash64 | string;
  /** The record id's key of the same form, or null when the record has no id. */
  idKey: Hash64 | string | null;
  /** The unmatched-records type (`category` for a complaint, else `type`). */
  type: string;
  /** The evaluator's outcome (ruleHolds) at `bits[base ..]`. */
  bits: Uint32Array;
  base: number;
}

export interface RecordPreparer {
  /** Uint32 words of rule bits per record. */
  readonly words: number;
  /** Prepares `record`, writing the rules' outcome to `bits[base .. base + words)`. */
  prepare(record: EventRecord, bits: Uint32Array, base: number): PreparedRecord;
}

/**
 * A preparer for `rules` (a rule set's rules, in its order) and the people
 * numbered by `ids` (rosterIds of the roster). `exactKeys`: canonical keys
 * instead of hashes (the plain path).
 *
 * @example
 *   const p = recordPreparer(ruleSet.rules, rosterIds(roster), false);
 *   const bits = new Uint32Array(p.words);
 *   assessor.addPrepared(p.prepare(record, bits, 0), ...);
 */
export function recordPreparer(rules: readonly Rule[], ids: readonly string[], exactKeys: boolean): RecordPreparer {
  const evaluator: RuleEvaluator = ruleEvaluator(rules);
  const numbers = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) numbers.set(ids[i] as string, i);
  return {
    words: evaluator.words,
    prepare(record, bits, base) {
      evaluator.evaluate(record, bits, base);
      const people = record.people.length === 1 ? [numbers.get(record.people[0] as string) ?? -1] : record.people.map((id) => numbers.get(id) ?? -1);
      return {
        kind: record.kind,
        at: record.at,
        people,
        unit: record.unit,
        source: record.source,
        key: exactKeys ? duplicateKey(record) : recordHash(record),
        idKey: record.id === '' ? null : exactKeys ? `${record.kind}\u0000${record.id}` : idHash(record.kind, record.id),
        type: unmatchedType(record),
        bits,
        base,
      };
    },
  };
}

/** The type under which an unmatched record is counted (`category` for complaints). */
export function unmatchedType(record: EventRecord): string {
  return String((record.kind === 'complaint' ? record.values.category : record.values.type) ?? '');
}

/**
 * A compact key of a record's kind and values (not its file or line): two
 * rows are duplicates when every canonical field is equal. Hashed so that the
 * set of seen rows costs a fixed ~30 bytes a row whatever the notes' length.
 */
export function duplicateKey(record: EventRecord): string {
  const fields = Object.keys(record.values)
    .sort(byCodeUnits)
    .map((k) => [k, record.values[k]]);
  return createHash('sha256')
    .update(JSON.stringify([record.kind, fields]))
    .digest('base64')
    .slice(0, 24);
}
