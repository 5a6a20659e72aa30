/**
 * A month's trace as both backends store it (schema 2): rules and source
 * files numbered in order of first use, and the effects 4,096 to a row of
 * `effect_batches`, each a JSON array
 * `[rule, employee, unit, points, bonus_forfeited, veto, file, line]`.
 * One encoder and one decoder, so that SQLite and PostgreSQL hold the same
 * bytes and give the same effects back.
 */
import { requireTrace } from '../assess/effects.js';
import type { Effect, MonthResult } from '../assess/types.js';
import type { Fen, Hundredths } from '../types.js';

/** Effects per row of effect_batches (schema version 2; its migration and view say 4096 too). */
export const EFFECTS_PER_BATCH = 4096;

/** Where the encoded trace goes, piece by piece, in order. */
export interface TraceSink {
  rule(seq: number, rule: string, title: string): void;
  file(seq: number, file: string): void;
  batch(batch: number, effects: string): void;
}

/**
 * Encodes the month's effects into `sink`. The effects are read through the
 * log's keyed walk: no object per effect, and each text's number or JSON form
 * made once per distinct text.
 */
export function encodeTrace(result: MonthResult, sink: TraceSink): void {
  const month = result.month;
  const log = requireTrace(result.effects, month);
  const length = log.length;
  const { texts, employees } = log.keySpace();
  const ruleNo = new Map<number, number>(); // title key * texts + rule key → number
  const fileNo = new Int32Array(texts).fill(-1);
  let files = 0;
  const quotedText: (string | undefined)[] = new Array<string | undefined>(texts);
  const quotedEmployee: (string | undefined)[] = new Array<string | undefined>(employees);
  // Pieces joined once per batch: growing one string by += made a rope that took longer to build and
  // to flatten (when the driver sends it) than the join does (bench/README.md).
  let batch: string[] = [];
  log.forEachKeyed((e) => {
    const i = e.index;
    let rn = ruleNo.get(e.titleKey * texts + e.ruleKey);
    if (rn === undefined) {
      ruleNo.set(e.titleKey * texts + e.ruleKey, (rn = ruleNo.size));
      sink.rule(rn, e.rule, e.title);
    }
    let file = 'null,null';
    if (e.file !== null) {
      if (fileNo[e.fileKey] === -1) {
        fileNo[e.fileKey] = files++;
        sink.file(fileNo[e.fileKey] as number, e.file);
      }
      file = `${fileNo[e.fileKey]},${integer(e.line, 'line', month)}`;
    }
    const employee = e.target === 'unit' ? 'null' : (quotedEmployee[e.employeeKey] ??= JSON.stringify(e.employee));
    const unit = (quotedText[e.unitKey] ??= JSON.stringify(e.unit));
    const points = integer(e.points, 'points', month);
    const forfeited = integer(e.bonusForfeited, 'bonus forfeited', month);
    if (forfeited < 0) throw new Error(`internal: ${month} has an effect with a negative bonus forfeiture (${forfeited})`);
    batch.push(`[${rn},${employee},${unit},${points},${forfeited},${e.veto ? 1 : 0},${file}]`);
    if (i % EFFECTS_PER_BATCH === EFFECTS_PER_BATCH - 1 || i === length - 1) {
      sink.batch(Math.floor(i / EFFECTS_PER_BATCH), `[${batch.join(',')}]`);
      batch = [];
    }
  });
}

type Encoded = [number, string | null, string, number, number, 0 | 1, number | null, number | null];

/**
 * The effects of a month back from its stored pieces (what SQLite's view
 * `effects_trace` gives row by row): `rules[seq]` is [rule, title],
 * `files[seq]` a source path, `batches` the JSON rows in batch order.
 */
export function decodeTrace(rules: [string, string][], files: string[], batches: string[]): Effect[] {
  const out: Effect[] = [];
  for (const b of batches) {
    for (const [rn, employee, unit, points, forfeited, veto, file, line] of JSON.parse(b) as Encoded[]) {
      const [rule, title] = rules[rn] as [string, string];
      out.push({
        rule,
        title,
        target: employee === null ? 'unit' : 'person',
        employee: employee ?? '',
        unit,
        points: points as Hundredths,
        bonusForfeited: forfeited as Fen,
        veto: veto === 1,
        source: file === null || line === null ? null : { file: files[file] as string, line },
      });
    }
  }
  return out;
}

/** `n` when it is a safe integer, as STRICT INTEGER columns required; anything else is a bug of the caller. */
function integer(n: number, what: string, month: string): number {
  if (!Number.isSafeInteger(n)) throw new Error(`internal: ${month} has an effect whose ${what} is not a whole number (${n})`);
  return n;
}

/**
 * Every person effect must name someone of the month's people; the schema
 * leaves this to code (see schema.ts). A violation is a bug of the caller.
 */
export function requireKnownPeople(result: MonthResult): void {
  const people = new Set(result.people.map((p) => p.employee));
  const log = requireTrace(result.effects, result.month);
  const checked = new Uint8Array(log.keySpace().employees);
  log.forEachKeyed((e) => {
    if (e.target === 'unit' || checked[e.employeeKey] === 1) return;
    if (!people.has(e.employee)) {
      throw new Error(`internal: ${result.month} has an effect on ${e.employee}, who is not among the month's people`);
    }
    checked[e.employeeKey] = 1;
  });
}

/** Key order of the people of a month (appending to a B-tree in order is fastest). */
export function byEmployee(a: { employee: string }, b: { employee: string }): number {
  return a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : 0;
}
