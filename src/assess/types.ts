/**
 * Month results (SPEC §5.1, §7): what `src/assess` produces and `src/render`,
 * `src/pay` and `src/ledger` consume. The report built from them lives with
 * the code that builds it, in `src/pay/report.ts`.
 */
import type { EventKind, Fen, Hundredths, Month, Source } from '../types.js';
import type { Reject } from '../problems.js';
import type { EffectLog } from './effects.js';

/** One effect of one rule on one person or unit, with its provenance (trace.csv). */
export interface Effect {
  rule: string;
  title: string;
  target: 'person' | 'unit';
  /** '' for a unit effect. */
  employee: string;
  unit: string;
  /** Points after the rule's cap. */
  points: Hundredths;
  /** Fen forfeited by this effect, after the person's bonus ran out (0 when none). */
  bonusForfeited: Fen;
  veto: boolean;
  /** The record's file:line, or null for an aggregate rule (shown as "aggregate"). */
  source: Source | null;
}

export interface PersonMonth {
  employee: string;
  name: string;
  unit: string;
  role: string;
  /** Sum of rule points after caps. */
  points: Hundredths;
  /** clamp(base + points, min, max), or min when vetoed. */
  score: Hundredths;
  vetoed: boolean;
  unitScore: Hundredths;
  effectiveScore: Hundredths;
  wage: Fen;
  bonus: Fen;
  bonusForfeited: Fen;
  bonusPaid: Fen;
  withheld: Fen;
}

export interface UnitMonth {
  unit: string;
  points: Hundredths;
  score: Hundredths;
  people: number;
  /** Mean of the unit's people's effective scores, half-up to hundredths (0 with nobody). */
  avgScore: Hundredths;
}

/** Records that no rule matched, per kind and type (§8), so a mistyped type shows up. */
export interface Unmatched {
  kind: EventKind;
  type: string;
  count: number;
}

export interface MonthResult {
  month: Month;
  /** One per employee on the month's roster, sorted by unit, then employee id. */
  people: PersonMonth[];
  /** Sorted by unit. */
  units: UnitMonth[];
  /**
   * In input order (file order, then line), aggregate effects last sorted by
   * rule, unit, employee. Columnar (src/assess/effects.ts): iterate it, or
   * build one from an array with `EffectLog.from(effects)`. Null when the
   * month was assessed without its trace (MonthAssessorInput.trace).
   */
  effects: EffectLog | null;
  /** Rows rejected by the assessment (unknown employee, other month, duplicate…). */
  rejects: Reject[];
  unmatched: Unmatched[];
}

/** Per input file accounting (§8): rows_read = accepted + rejected. */
export interface FileStats {
  file: string;
  sha256: string;
  /** The file's kind, or 'combined' for a register with a kind column. */
  kind: string;
  rowsRead: number;
  accepted: number;
  rejected: number;
}
