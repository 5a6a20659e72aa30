/**
 * Both cores on one large file (SPEC §9): the file is split in two at a
 * record boundary (src/engine/split.ts); the main thread reads the first range
 * as usual while a worker thread (src/engine/worker.ts) parses, types and
 * prepares the second's records with the assessor's own recordPreparer (the
 * one rule evaluator, src/assess/evaluate.ts). The main thread then admits
 * the second range's prepared records in file order through the assessor's
 * own checks and bookkeeping (MonthAssessor.addPrepared), so results, rejects,
 * the trace and their order are the single-threaded run's: order-dependent
 * decisions (which of two duplicates came first) are made by file position. A row that is rejected, or anything unusual, is read
 * again from the file and goes through the ordinary path; a piece the worker
 * cannot handle (invalid UTF-8, a malformed record, a lone CR) makes the main
 * thread read the rest of the range itself.
 *
 * ASSESS_WORKERS=0 (or ASSESS_PLAIN=1) turns this off; ASSESS_SPLIT_BYTES sets
 * the file size from which a file is split (tests lower it).
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { MonthAssessor, PreparedRecord } from '../assess/month.js';
import type { Hash64 } from '../assess/seen.js';
import { firstInvalidUtf8, notUtf8, sniffEncoding } from '../read/decode.js';
import { partParser } from '../read/csv.js';
import type { FileLayout, RawRow, TypedRow } from '../read/types.js';
import type { RuleSet } from '../rules/types.js';
import { ruleWords } from '../assess/evaluate.js';
import type { EventKind, WallTime } from '../types.js';
import type { Reject } from '../problems.js';
import type { EngineStats } from './pipeline.js';
import { startWorkerThread, workersOff, type WorkerThread } from './thread.js';
import { eachPieceRow, findSplit, pieceRows, readPieces } from './split.js';
import type { Piece, Split } from './split.js';

const LF = 10;

/** Default size from which one file is split between two threads. */
const SPLIT_BYTES = 16 * 1024 * 1024;
/**
 * The worker's share of a split file: more than half, since the main thread
 * also admits its rows. 0.70 since session 12: with 0.62 the main thread was
 * still admitting the worker's rows ~1 s after the worker had finished the wide
 * 10^6-row month (docs/performance.md).
 */
const WORKER_SHARE = 0.7;

/** What the worker is told. */
export interface WorkerInput {
  abs: string;
  file: string;
  size: number;
  split: Split;
  layout: FileLayout;
  rulesDir: string;
  cwd: string;
  /** Bytes of batches posted and not yet replayed (one Int32 on a SharedArrayBuffer), and their bound. */
  inFlight: Int32Array;
  budget: number;
}

/** One piece's rows, pre-evaluated: typed-array columns, one entry per row (kind 0 = type it again). */
export interface Batch {
  type: 'batch';
  at: number;
  bytes: number;
  /** The line the piece starts on, and the line after it. */
  lineStart: number;
  lineAfter: number;
  n: number;
  line: Int32Array;
  kind: Uint8Array;
  time: Float64Array;
  /** Per row: duplicate hash h1, h2, check. */
  keys: Int32Array;
  hasId: Uint8Array;
  /** Id hash h1, h2, check of each row with hasId, in row order. */
  idKeys: Int32Array;
  /** Per row, how many people; their numbers in `ids` follow one another in `people`. */
  nPeople: Uint8Array;
  people: Int32Array;
  /** String index, -1 for ''. */
  unit: Int32Array;
  rtype: Int32Array;
  /** Per row, the rule evaluator's outcome (src/assess/evaluate.ts): ruleWords(rules) words. */
  bits: Uint32Array;
  /** Rows of the piece parsed by the fast path and by csv-parse (EngineStats). */
  fast: number;
  csvParse: number;
  /** Strings first used in this batch, appended to the table. */
  strings: string[];
  /** The bytes this batch counts in `inFlight` until replayed. */
  held: number;
}

/**
 * The roster's ids (rosterIds), sent once the roster is read: the worker names people by their
 * number in it. It starts before, so that its start-up overlaps the roster's reading.
 */
export interface WorkerIds {
  type: 'ids';
  ids: string[];
}

export type WorkerMessage =
  | { type: 'ready'; ruleIds: string[] }
  | Batch
  | { type: 'bail'; at: number; line: number }
  | { type: 'done' };

export const KIND_CODES: Record<EventKind, number> = { incident: 1, complaint: 2, training: 3 };
const KINDS: EventKind[] = ['incident', 'incident', 'complaint', 'training'];

/** The worker's old-generation heap limit. */
const WORKER_OLD_MB = 96;
/** The worker's young generation: small, so that its short-lived parse garbage costs little RSS. */
const WORKER_YOUNG_MB = 8;
/**
 * Default bound on batch bytes the worker may have posted ahead of the
 * replay: about half a million rows, so a 10^6-row month never waits, and a
 * larger file's queue stays this size (memory grows with people, not rows).
 */
const QUEUE_MB = 32;

/** The bundled worker, next to the bundled CLI (scripts/build.mjs). */
const WORKER_URL = new URL('./worker.js', import.meta.url);


/** Where to split `file`, or null to read it on one thread. */
export function planSplit(file: { abs: string; size: number; layout: FileLayout }, encoding: string | undefined, env: Record<string, string | undefined>): Split | null {
  if (workersOff(env) || file.layout.kind === 'roster') return null;
  const min = Number(env.ASSESS_SPLIT_BYTES ?? SPLIT_BYTES);
  if (!Number.isFinite(min) || file.size < min) return null;
  // Run from the sources (tests in-process), there is no bundled worker: one thread.
  if (!fs.existsSync(WORKER_URL)) return null;
  // For experiments; anything but a fraction strictly between 0 and 1 means the default.
  const asked = Number(env.ASSESS_WORKER_SHARE);
  const share = env.ASSESS_WORKER_SHARE && asked > 0 && asked < 1 ? asked : WORKER_SHARE;
  return findSplit(file.abs, file.size, 1 - share, encoding);
}

/** The worker of a split file: its messages in order. */
export type RangeWorker = WorkerThread<WorkerMessage>;

/** Starts the worker on the second range; call before reading the first. */
export function startWorker(input: Omit<WorkerInput, 'inFlight' | 'budget'>, env: Record<string, string | undefined>): RangeWorker {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const mb = Number(env.ASSESS_WORKER_QUEUE_MB ?? QUEUE_MB);
  const budget = Math.floor((Number.isFinite(mb) && mb > 0 ? mb : QUEUE_MB) * 1024 * 1024);
  const workerData: WorkerInput = { ...input, inFlight, budget };
  // The worker keeps little (a string table, the rules): a small heap is collected often, which keeps peak RSS down.
  // Should it run out, its failure makes this thread read the rest itself.
  return startWorkerThread<WorkerMessage>(WORKER_URL, workerData, inFlight, { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    (m) => m.type === 'done' || m.type === 'bail');
}

/** What replaying needs from the pipeline. */
export interface ReplayContext {
  file: string;
  abs: string;
  size: number;
  split: Split;
  ruleSet: RuleSet;
  assessor: MonthAssessor;
  typer: (row: RawRow) => TypedRow;
  /** The pipeline's per-row handling (typing rejects, then assessor.add). */
  use: (typed: TypedRow, row: RawRow) => Reject | null;
  /** Accounts for one row's outcome. */
  counted: (reject: Reject | null) => void;
  /** Hashes and reports the range's bytes. */
  bytes: (chunk: Buffer) => void;
  /** Counts what each path did. */
  stats: EngineStats;
}

/** Replays the second range of a split file, in file order; reads it itself from where the worker stopped. */
export async function replaySecondRange(worker: RangeWorker, c: ReplayContext): Promise<void> {
  const fd = fs.openSync(c.abs, 'r');
  try {
    hashRange(fd, c.split.at, c.size, c.bytes);
    const W = ruleWords(c.ruleSet.rules.length);
    const strings: string[] = [];
    let at = c.split.at;
    let line = c.split.line;
    for (;;) {
      const m = await worker.next();
      if (m.type === 'ready') {
        if (m.ruleIds.join('\u0000') !== c.ruleSet.rules.map((r) => r.id).join('\u0000')) break;
        continue;
      }
      if (m.type === 'done') return;
      if (m.type !== 'batch') break; // bail or failure: read the rest here
      for (const s of m.strings) strings.push(s);
      c.stats.fast += m.fast;
      c.stats.csvParse += m.csvParse;
      replayBatch(m, c, fd, W, strings);
      worker.release(m.held);
      at = m.at + m.bytes;
      line = m.lineAfter;
    }
    readRest(fd, at, line, c);
  } finally {
    fs.closeSync(fd);
    await worker.stop();
  }
}

function hashRange(fd: number, from: number, to: number, use: (chunk: Buffer) => void): void {
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let pos = from; pos < to;) {
    const n = fs.readSync(fd, buf, 0, Math.min(buf.length, to - pos), pos);
    if (n <= 0) break;
    use(buf.subarray(0, n));
    pos += n;
  }
}

function replayBatch(b: Batch, c: ReplayContext, fd: number, W: number, strings: string[]): void {
  let raw: RawRow[] | null = null;
  let i = 0;
  const rows = pieceRowFinder(() => readPiece(fd, b.at, b.bytes), b, c);
  const full = (): Reject | null => {
    c.stats.workerRangeRetyped += 1;
    let row = rows(i);
    if (row === undefined) {
      // The row alone did not parse as the worker saw it: the whole piece, as a single thread reads it.
      raw ??= pieceRows(readPiece(fd, b.at, b.bytes), c.split, c.file, b.lineStart);
      row = raw.find((r) => r.line === b.line[i]);
    }
    if (row === undefined) throw new Error(`internal: row ${i} of the piece at byte ${b.at} not found again`);
    return c.use(c.typer(row), row);
  };
  const key: Hash64 = { h1: 0, h2: 0, check: 0 };
  const idKey: Hash64 = { h1: 0, h2: 0, check: 0 };
  let idAt = 0;
  let q = 0;
  const one = [0];
  const p: PreparedRecord = {
    kind: 'incident', at: 0 as WallTime, people: [], unit: '', source: { file: c.file, line: 0 }, key, idKey: null, type: '', bits: b.bits, base: 0,
  };
  for (; i < b.n; i++) {
    const kind = b.kind[i] as number;
    if (kind === 0) {
      c.counted(full());
      continue;
    }
    p.base = i * W;
    const k = i * 3;
    key.h1 = b.keys[k] as number;
    key.h2 = b.keys[k + 1] as number;
    key.check = b.keys[k + 2] as number;
    if (b.hasId[i] === 1) {
      idKey.h1 = b.idKeys[idAt] as number;
      idKey.h2 = b.idKeys[idAt + 1] as number;
      idKey.check = b.idKeys[idAt + 2] as number;
      idAt += 3;
      p.idKey = idKey;
    } else p.idKey = null;
    const count = b.nPeople[i] as number;
    // Most rows name one person: one array for all of them, not a typed-array view per row.
    if (count === 1) {
      one[0] = b.people[q] as number;
      p.people = one;
    } else p.people = b.people.subarray(q, q + count);
    q += count;
    p.kind = KINDS[kind] as EventKind;
    p.at = b.time[i] as WallTime;
    const u = b.unit[i] as number;
    p.unit = u < 0 ? '' : (strings[u] as string);
    p.type = strings[b.rtype[i] as number] as string;
    p.source = { file: c.file, line: b.line[i] as number };
    const retyped = c.stats.workerRangeRetyped;
    c.counted(c.assessor.addPrepared(p, full));
    if (c.stats.workerRangeRetyped === retyped) c.stats.workerRows += 1;
  }
}

/**
 * Row `i` of a batch, parsed alone from its bytes: a piece's rows that must be
 * typed again here (rejects, mostly: 2.5% of the rows of a real export are
 * duplicates, so nearly every piece has some) cost their own bytes, not the
 * whole piece's. A row starts on line `b.line[i]`, found by counting line
 * ends (the worker counted lines the same way, quoted line breaks included),
 * and ends where the next row starts. Undefined when the bytes do not parse
 * as exactly that one row.
 */
export function pieceRowFinder(read: () => Piece, b: Batch, c: ReplayContext): (i: number) => RawRow | undefined {
  let piece: Piece | null = null;
  let line = b.lineStart;
  let pos = 0;
  /** Byte offset in the piece of the start of line `to` (lines only move forward). */
  const lineAt = (bytes: Buffer, to: number): number => {
    while (line < to) {
      const lf = bytes.indexOf(LF, pos);
      if (lf === -1) return bytes.length;
      pos = lf + 1;
      line += 1;
    }
    return pos;
  };
  return (i) => {
    piece ??= read();
    const target = b.line[i] as number;
    if (target < line) return undefined;
    const start = lineAt(piece.bytes, target);
    const end = i + 1 < b.n ? lineAtFrom(piece.bytes, start, target, b.line[i + 1] as number) : piece.bytes.length;
    const found: RawRow[] = [];
    try {
      eachPieceRow({ at: piece.at + start, bytes: piece.bytes.subarray(start, end) }, c.split, c.file, target, (r) => found.push(r));
    } catch {
      return undefined;
    }
    const row = found[0];
    return found.length === 1 && row !== undefined && row.line === target ? row : undefined;
  };
}

/** Byte offset of the start of line `to`, from `start`, which begins line `from` (the finder's cursor stays). */
function lineAtFrom(bytes: Buffer, start: number, from: number, to: number): number {
  let pos = start;
  for (let line = from; line < to; line++) {
    const lf = bytes.indexOf(LF, pos);
    if (lf === -1) return bytes.length;
    pos = lf + 1;
  }
  return pos;
}

function readPiece(fd: number, at: number, bytes: number): Piece {
  const buf = Buffer.allocUnsafe(bytes);
  fs.readSync(fd, buf, 0, bytes, at);
  return { at, bytes: buf };
}

/** The rest of the range on this thread, exactly as a single-threaded read would go on. */
function readRest(fd: number, at: number, line: number, c: ReplayContext): void {
  const parse = partParser(c.split.delimiter, c.file, false, { recordDelimiter: c.split.recordDelimiter, line }, c.stats);
  const onRow = (row: RawRow) => {
    c.stats.workerRangeRetyped += 1;
    c.counted(c.use(c.typer(row), row));
  };
  const bom = sniffEncoding(readPiece(fd, 0, Math.min(c.size, 4)).bytes).bom;
  for (const piece of readPieces(fd, at, c.size)) {
    if (!isUtf8(piece.bytes)) throw notUtf8(c.file, piece.at - bom + firstInvalidUtf8(piece.bytes));
    parse(piece.bytes, onRow);
  }
  parse(undefined, onRow);
}
