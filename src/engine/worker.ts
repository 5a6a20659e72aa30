/**
 * The worker thread of a split file (src/engine/parallel.ts): reads, types and
 * pre-evaluates the second byte range of one large CSV file and posts, per
 * piece, compact typed arrays of what the assessor would compute per row.
 * It decides nothing: the main thread replays every row in file order.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { covers, monthBounds, monthOf } from '../calendar.js';
import { unmatchedType } from '../assess/month.js';
import { idHash, recordHash } from '../assess/seen.js';
import { makeRowTyper } from '../read/typer.js';
import type { RawRow } from '../read/types.js';
import type { EvalContext } from '../rules/types.js';
import type { EventRecord, WallTime } from '../types.js';
import { KIND_CODES, ruleWords } from './parallel.js';
import type { Batch, WorkerInput, WorkerMessage } from './parallel.js';
import { loadRulesFolder } from './pipeline.js';
import { eachPieceRow, linesIn, readPieces } from './split.js';

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('internal: worker.ts runs only as a worker thread');
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const rules = loadRulesFolder(input.rulesDir, input.cwd);
const all = rules.ruleSet.rules;
const W = ruleWords(all.length);
const typer = makeRowTyper(input.layout, rules.columns, rules.ruleSet.scoring.maxAmount);
post({ type: 'ready', ruleIds: all.map((r) => r.id) });

/** A person's number in the roster's ids (rosterIds), as the main thread numbers them. */
const idNo = new Map<string, number>(input.ids.map((id, i) => [id, i]));
const nos: number[] = [];
const dict = new Map<string, number>();
let fresh: string[] = [];
const intern = (s: string): number => {
  let i = dict.get(s);
  if (i === undefined) {
    i = dict.size;
    dict.set(s, i);
    fresh.push(s);
  }
  return i;
};

let monthStart = 0;
let monthEnd = -1;
let ctx: EvalContext = { monthEnd: 0 as WallTime };
/** Rules see the month of the record itself: a record of another month is rejected before any rule. */
function ctxOf(at: WallTime): EvalContext {
  if (!(at >= monthStart && at < monthEnd)) {
    const b = monthBounds(monthOf(at));
    monthStart = b.start;
    monthEnd = b.end;
    ctx = { monthEnd: b.end };
  }
  return ctx;
}

function ruleBits(record: EventRecord, bits: Uint32Array, base: number): void {
  const c = ctxOf(record.at);
  for (let j = 0; j < all.length; j++) {
    const rule = all[j];
    if (rule === undefined) continue;
    const holds = rule.type === 'record'
      ? rule.on === record.kind && covers(rule.effective, record.at) && rule.when(record, c)
      : rule.over === record.kind && rule.where(record, c);
    if (holds) bits[base + (j >>> 5)] = (bits[base + (j >>> 5)] as number) | (1 << (j & 31));
  }
}

/** Rows with more people than this are typed again on the main thread (a Uint8 count). */
const MAX_PEOPLE = 255;
/** Small pieces: each piece's rows die young in the worker's small young generation instead of being promoted. */
const PIECE_BYTES = 256 * 1024;

/**
 * One piece's batch, encoded row by row as `eachRow` parses them, so that no
 * row outlives its turn (a piece's rows kept whole would survive the young
 * generation and be promoted). `lineAfter - lineStart + 1` bounds the rows.
 */
function encode(at: number, bytes: number, lineStart: number, lineAfter: number, eachRow: (onRow: (row: RawRow) => void) => void): Batch {
  const cap = lineAfter - lineStart + 1;
  const b: Batch = {
    type: 'batch', at, bytes, lineStart, lineAfter, n: 0,
    line: new Int32Array(cap), kind: new Uint8Array(cap), time: new Float64Array(cap), keys: new Int32Array(cap * 3),
    hasId: new Uint8Array(cap), idKeys: new Int32Array(0), nPeople: new Uint8Array(cap), people: new Int32Array(0), unit: new Int32Array(cap),
    rtype: new Int32Array(cap), bits: new Uint32Array(cap * W), strings: [], held: 0,
  };
  const people: number[] = [];
  const idKeys: number[] = [];
  eachRow((row) => {
    const i = b.n++;
    if (i >= cap) throw new Error('internal: more rows than lines in a piece');
    b.line[i] = row.line;
    const typed = typer(row);
    if (!typed.ok || typed.kind === 'roster') return; // kind 0: the main thread types it again
    const r = typed.record;
    if (r.people.length > MAX_PEOPLE) return;
    nos.length = 0;
    for (const id of r.people) {
      const n = idNo.get(id);
      if (n === undefined) return; // not on the roster: rejected, so typed again
      nos.push(n);
    }
    try {
      ruleBits(r, b.bits, i * W);
    } catch {
      b.bits.fill(0, i * W, i * W + W);
      return;
    }
    const key = recordHash(r);
    b.keys[i * 3] = key.h1;
    b.keys[i * 3 + 1] = key.h2;
    b.keys[i * 3 + 2] = key.check;
    if (r.id !== '') {
      const k = idHash(r.kind, r.id);
      b.hasId[i] = 1;
      idKeys.push(k.h1, k.h2, k.check);
    }
    for (const n of nos) people.push(n);
    b.nPeople[i] = r.people.length;
    b.time[i] = r.at;
    b.unit[i] = r.unit === '' ? -1 : intern(r.unit);
    b.rtype[i] = intern(unmatchedType(r));
    b.kind[i] = KIND_CODES[r.kind];
  });
  b.people = Int32Array.from(people);
  b.idKeys = Int32Array.from(idKeys);
  b.strings = fresh;
  fresh = [];
  return b;
}

/** Bytes of a batch's arrays: what the main thread holds until it has replayed it. */
function batchBytes(b: Batch): number {
  return b.line.byteLength + b.kind.byteLength + b.time.byteLength + b.keys.byteLength + b.hasId.byteLength + b.idKeys.byteLength
    + b.nPeople.byteLength + b.people.byteLength + b.unit.byteLength + b.rtype.byteLength + b.bits.byteLength;
}

/**
 * Backpressure: waits until the batches posted but not yet replayed leave
 * room for `bytes` more (one batch may always be in flight), then counts
 * them. The main thread subtracts each batch once replayed (parallel.ts), so
 * memory stays bounded however large the file is (SPEC §9).
 */
function reserve(bytes: number): void {
  const inFlight = input.inFlight;
  for (;;) {
    const now = Atomics.load(inFlight, 0);
    if (now === 0 || now + bytes <= input.budget) break;
    // A timeout, so that terminate() is never stuck behind a wait.
    Atomics.wait(inFlight, 0, now, 100);
  }
  Atomics.add(inFlight, 0, bytes);
}

const fd = fs.openSync(input.abs, 'r');
try {
  let line = input.split.line;
  let ok = true;
  for (const piece of readPieces(fd, input.split.at, input.size, PIECE_BYTES)) {
    const lines = isUtf8(piece.bytes) ? linesIn(piece.bytes) : -1;
    let b: Batch | null = null;
    if (lines >= 0) {
      try {
        b = encode(piece.at, piece.bytes.length, line, line + lines, (onRow) => eachPieceRow(piece, input.split, input.file, line, onRow));
      } catch {
        b = null;
      }
    }
    if (b === null) {
      post({ type: 'bail', at: piece.at, line });
      ok = false;
      break;
    }
    line += lines;
    b.held = batchBytes(b);
    reserve(b.held);
    post(b, [b.line.buffer, b.kind.buffer, b.time.buffer, b.keys.buffer, b.hasId.buffer, b.idKeys.buffer, b.nPeople.buffer, b.people.buffer, b.unit.buffer, b.rtype.buffer, b.bits.buffer] as ArrayBuffer[]);
  }
  if (ok) post({ type: 'done' });
} finally {
  fs.closeSync(fd);
}
