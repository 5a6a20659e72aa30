/**
 * The worker thread of a split file (src/engine/parallel.ts): reads and types
 * the second byte range of one large CSV file, prepares each record with the
 * assessor's own recordPreparer (src/assess/prepare.ts: the one rule
 * evaluator, the duplicate and id keys) and posts, per piece, the prepared
 * records as compact typed arrays. It checks and decides nothing: the main
 * thread's assessor admits every row, in file order (addPrepared).
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { PreparedRecord } from '../assess/prepare.js';
import { recordPreparer } from '../assess/prepare.js';
import type { Hash64 } from '../assess/seen.js';
import { makeRowTyper } from '../read/typer.js';
import type { ParseCounts } from '../read/csv.js';
import type { RawRow } from '../read/types.js';
import { KIND_CODES } from './parallel.js';
import type { Batch, WorkerIds, WorkerInput, WorkerMessage } from './parallel.js';
import { loadRulesFolder } from './pipeline.js';
import { eachPieceRow, linesIn, readPieces } from './split.js';
import { reserveInFlight } from './thread.js';

const input = workerData as WorkerInput;
const port = parentPort;
if (port === null) throw new Error('internal: worker.ts runs only as a worker thread');
const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const rules = loadRulesFolder(input.rulesDir, input.cwd);
const all = rules.ruleSet.rules;
const typer = makeRowTyper(input.layout, rules.columns, rules.ruleSet.scoring.maxAmount);
// Started before the main thread read the roster: its ids come once it has (WorkerIds).
const ids = await new Promise<string[]>((resolve) => port.once('message', (m: WorkerIds) => resolve(m.ids)));
// The assessor's own preparation: the one rule evaluator, the same keys and numbers.
const preparer = recordPreparer(all, ids, false);
const W = preparer.words;
post({ type: 'ready', ruleIds: all.map((r) => r.id) });

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

/** Rows with more people than this are typed again on the main thread (a Uint8 count). */
const MAX_PEOPLE = 255;
/** Small pieces: each piece's rows die young in the worker's small young generation instead of being promoted. */
const PIECE_BYTES = 256 * 1024;

/**
 * One piece's batch, encoded row by row as `eachRow` parses them, so that no
 * row outlives its turn (a piece's rows kept whole would survive the young
 * generation and be promoted). `lineAfter - lineStart + 1` bounds the rows.
 */
function encode(at: number, bytes: number, lineStart: number, lineAfter: number, eachRow: (onRow: (row: RawRow) => void, counts: ParseCounts) => void): Batch {
  const cap = lineAfter - lineStart + 1;
  const b: Batch = {
    type: 'batch', at, bytes, lineStart, lineAfter, n: 0,
    line: new Int32Array(cap), kind: new Uint8Array(cap), time: new Float64Array(cap), keys: new Int32Array(cap * 3),
    hasId: new Uint8Array(cap), idKeys: new Int32Array(0), nPeople: new Uint8Array(cap), people: new Int32Array(0), unit: new Int32Array(cap),
    rtype: new Int32Array(cap), bits: new Uint32Array(cap * W), fast: 0, csvParse: 0, strings: [], held: 0,
  };
  const people: number[] = [];
  const idKeys: number[] = [];
  eachRow((row) => {
    const i = b.n++;
    if (i >= cap) throw new Error('internal: more rows than lines in a piece');
    b.line[i] = row.line;
    const typed = typer(row);
    if (!typed.ok || typed.kind === 'roster') return; // kind 0: the main thread types it again
    if (typed.record.people.length > MAX_PEOPLE) return;
    let p: PreparedRecord;
    try {
      p = preparer.prepare(typed.record, b.bits, i * W);
    } catch {
      b.bits.fill(0, i * W, i * W + W);
      return;
    }
    // From here on only transport: the prepared record into the batch's columns.
    for (let k = 0; k < p.people.length; k++) if ((p.people[k] as number) < 0) return; // not on the roster: a reject, typed again
    const key = p.key as Hash64;
    b.keys[i * 3] = key.h1;
    b.keys[i * 3 + 1] = key.h2;
    b.keys[i * 3 + 2] = key.check;
    if (p.idKey !== null) {
      const k = p.idKey as Hash64;
      b.hasId[i] = 1;
      idKeys.push(k.h1, k.h2, k.check);
    }
    for (let k = 0; k < p.people.length; k++) people.push(p.people[k] as number);
    b.nPeople[i] = p.people.length;
    b.time[i] = p.at;
    b.unit[i] = p.unit === '' ? -1 : intern(p.unit);
    b.rtype[i] = intern(p.type);
    b.kind[i] = KIND_CODES[p.kind];
  }, b);
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

const fd = fs.openSync(input.abs, 'r');
try {
  let line = input.split.line;
  let ok = true;
  for (const piece of readPieces(fd, input.split.at, input.size, PIECE_BYTES)) {
    const lines = isUtf8(piece.bytes) ? linesIn(piece.bytes) : -1;
    let b: Batch | null = null;
    if (lines >= 0) {
      try {
        b = encode(piece.at, piece.bytes.length, line, line + lines, (onRow, counts) => eachPieceRow(piece, input.split, input.file, line, onRow, counts));
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
    reserveInFlight(input.inFlight, input.budget, b.held); // backpressure: src/engine/thread.ts
    post(b, [b.line.buffer, b.kind.buffer, b.time.buffer, b.keys.buffer, b.hasId.buffer, b.idKeys.buffer, b.nPeople.buffer, b.people.buffer, b.unit.buffer, b.rtype.buffer, b.bits.buffer] as ArrayBuffer[]);
  }
  if (ok) post({ type: 'done' });
} finally {
  fs.closeSync(fd);
}
