/**
 * A month's trace as both backends store it (schema 2): rules and source
 * files numbered in order of first use, and the effects 4,096 to a row of
 * `effect_batches`, each a JSON array
 * `[rule, employee, unit, points, bonus_forfeited, veto, file, line]`.
 * One encoder and one decoder, so that SQLite and PostgreSQL hold the same
 * bytes and give the same effects back.
 */
import { requireTrace, UNIT, VETO } from '../assess/effects.js';
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
 * Encodes the month's effects into `sink`. The effects are read column by
 * column: no object per effect, and each text's number or JSON form made
 * once per distinct text.
 */
export function encodeTrace(result: MonthResult, sink: TraceSink): void {
  const month = result.month;
  const log = requireTrace(result.effects, month).columns();
  const { refs, nums, flags, strings, employees } = log;
  const ruleNo = new Map<number, number>(); // title ref * strings + rule ref → number
  const fileNo = new Int32Array(strings.length).fill(-1);
  let files = 0;
  const quotedString: (string | undefined)[] = new Array<string | undefined>(strings.length);
  const quotedEmployee: (string | undefined)[] = new Array<string | undefined>(employees.length);
  // Pieces joined once per batch: growing one string by += made a rope that took longer to build and
  // to flatten (when the driver sends it) than the join does (bench/README.md).
  let batch: string[] = [];
  for (let i = 0; i < log.length; i++) {
    const r = i * 6;
    const rule = refs[r] as number;
    const title = refs[r + 1] as number;
    let rn = ruleNo.get(title * strings.length + rule);
    if (rn === undefined) {
      ruleNo.set(title * strings.length + rule, (rn = ruleNo.size));
      sink.rule(rn, strings[rule] as string, strings[title] as string);
    }
    const f = refs[r + 4] as number;
    let file = 'null,null';
    if (f !== -1) {
      if (fileNo[f] === -1) {
        fileNo[f] = files++;
        sink.file(fileNo[f], strings[f] as string);
      }
      file = `${fileNo[f]},${integer(refs[r + 5] as number, 'line', month)}`;
    }
    const flag = flags[i] as number;
    const e = refs[r + 2] as number;
    const u = refs[r + 3] as number;
    const employee = (flag & UNIT) !== 0 ? 'null' : (quotedEmployee[e] ??= JSON.stringify(employees[e]));
    const unit = (quotedString[u] ??= JSON.stringify(strings[u]));
    const points = integer(nums[i * 2] as number, 'points', month);
    const forfeited = integer(nums[i * 2 + 1] as number, 'bonus forfeited', month);
    if (forfeited < 0) throw new Error(`internal: ${month} has an effect with a negative bonus forfeiture (${forfeited})`);
    batch.push(`[${rn},${employee},${unit},${points},${forfeited},${(flag & VETO) === 0 ? 0 : 1},${file}]`);
    if (i % EFFECTS_PER_BATCH === EFFECTS_PER_BATCH - 1 || i === log.length - 1) {
      sink.batch(Math.floor(i / EFFECTS_PER_BATCH), `[${batch.join(',')}]`);
      batch = [];
    }
  }
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
  const { refs, flags, employees, length } = requireTrace(result.effects, result.month).columns();
  const checked = new Uint8Array(employees.length);
  for (let i = 0; i < length; i++) {
    const e = refs[i * 6 + 2] as number;
    if (((flags[i] as number) & UNIT) !== 0 || checked[e] === 1) continue;
    if (!people.has(employees[e] as string)) {
      throw new Error(`internal: ${result.month} has an effect on ${employees[e]}, who is not among the month's people`);
    }
    checked[e] = 1;
  }
}

/** Key order of the people of a month (appending to a B-tree in order is fastest). */
export function byEmployee(a: { employee: string }, b: { employee: string }): number {
  return a.employee < b.employee ? -1 : a.employee > b.employee ? 1 : 0;
}
