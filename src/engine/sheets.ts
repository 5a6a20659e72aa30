/**
 * Both cores on a large worksheet (SPEC §9): worker threads
 * (src/engine/sheetworker.ts) unzip and parse the sheet's XML while this
 * thread types and assesses the rows they have already posted, in sheet
 * order. A large sheet has two parsers when the machine has two cores or
 * more: the first inflates the sheet, cuts it into segments of whole rows
 * (src/read/sheetsplit.ts) and hands every other one to the second, and this
 * thread takes the segments in turn. The
 * first large sheet of the month starts before the roster is read, so that
 * its parsing also overlaps the roster's. Results cannot differ from a
 * one-thread read: the workers run the same parser on the same bytes, a
 * parser that is not sure of a segment gives up, and this thread sees the
 * same rows in the same order with the same lines.
 *
 * ASSESS_WORKERS=0 (or ASSESS_PLAIN=1) turns this off; ASSESS_SHEET_WORKER_BYTES
 * sets the uncompressed sheet size from which a worker reads it,
 * ASSESS_SHEET_SPLIT_BYTES the size from which it has several parsers,
 * ASSESS_SHEET_PARSERS how many, ASSESS_SHEET_SEGMENT_ROWS the rows of a
 * segment, and ASSESS_SHEET_QUEUE_CHARS how far a worker may run ahead
 * (tests lower them). When a worker stops (out of memory, say, or a segment
 * it gives up on), this thread reads the rest of the sheet; a damaged sheet
 * is reported as the one-thread read reports it.
 */
import fs from 'node:fs';
import os from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { sharedShapes, type CellContext, type MergedArea, type SheetRef } from '../read/xlsx.js';
import type { SegmentSize } from '../read/sheetsplit.js';
import type { RawRow } from '../read/types.js';
import type { Exit, Problem } from '../problems.js';
import { UserError } from '../problems.js';
import type { PartSource } from './parts.js';
import type { EngineStats } from './pipeline.js';
import { startWorkerThread, type WorkerThread } from './thread.js';

/** What the worker is told. */
export interface SheetWorkerInput {
  abs: string;
  /** The workbook as shown in messages. */
  name: string;
  /** The sheet. */
  sheet: SheetRef;
  /**
   * The styles and date system this thread read already, and the shared
   * strings' shapes but not the strings: a worker's shared-string cells come
   * back as their index, and this thread puts the strings in. Each worker
   * holding a copy of a 10^6-row workbook's half a million strings cost
   * 30-40 MB of peak RSS.
   */
  ctx: CellContext;
  /** Cells per posted row: the header's. */
  width: number;
  /** Which of the sheet's parsers this is, of how many. */
  part: { index: number; count: number };
  /** How long a segment is at least, when there are several parsers; with one, the most rows and characters of a batch. */
  segment: SegmentSize;
  /** The first parser's link to each other parser; another's to the first (src/engine/sheetworker.ts). */
  peers: SheetPeer[];
  /** Characters of batches posted and not yet read (one Int32 on a SharedArrayBuffer), and their bound. */
  inFlight: Int32Array;
  budget: number;
}

/** A port between the first of a sheet's parsers and another, and the characters sent on it that the other has not parsed yet. */
export interface SheetPeer {
  port: MessagePort;
  queued: Int32Array;
}

/**
 * Some of the sheet's rows, of one segment: `n` rows of `width` cells, all
 * joined by U+0000, and each row's line. The first `relative` lines count
 * from the end of the segment before (src/read/xlsx.ts, `rebase`).
 */
export interface SheetBatch {
  type: 'rows';
  segment: number;
  n: number;
  text: string;
  lines: Int32Array;
  /** The batch's shared-string cells: each one's place among its cells, then the string's index. */
  shared: Int32Array;
  relative: number;
  /** On the segment's last batch: the line it ended on (the last row's, empty rows included), relative or not. */
  end: { line: number; relative: boolean } | null;
  /** Compressed bytes read for them (the progress bar's). */
  bytes: number;
}

export type SheetWorkerMessage =
  | SheetBatch
  /** The worker has posted all its rows; the merged areas from the parser that read the sheet's end. */
  | { type: 'done'; merged: MergedArea[] | null }
  /** The workbook or sheet is bad input: the UserError the one-thread read would have thrown. */
  | { type: 'refused'; problems: Problem[]; exit: Exit }
  /** Anything else that stopped the worker: this thread reads the rest. */
  | { type: 'failed'; message: string };

/** Default uncompressed sheet size from which a worker reads it: below this, starting a thread costs more than it saves. */
const SHEET_WORKER_BYTES = 8 * 1024 * 1024;
/**
 * Default uncompressed sheet size from which it has several parsers: a
 * second thread, and the cutting and handing over, pay off once parsing the
 * sheet takes a second or so.
 */
const SHEET_SPLIT_BYTES = 16 * 1024 * 1024;
/**
 * A segment's rows and characters at least: enough that a parser's
 * per-segment work (a message, a check) is small beside the parsing, few
 * enough that the main thread never waits long for the next one.
 */
const SEGMENT: SegmentSize = { rows: 2048, chars: 256 * 1024 };
/**
 * Default bound on characters posted and not yet read, shared by a sheet's
 * workers: they may run this far ahead (the whole of a 10^5-row sheet, so
 * that they parse right through the roster's reading), and a larger sheet's
 * queue stays this size.
 */
const QUEUE_CHARS = 16 * 1024 * 1024;
/**
 * A worker holds the shared strings and a few batches; should it run out,
 * this thread reads the rest. A young generation of 16 MB rather than 32
 * keeps a second parser's cost in peak RSS near 30 MB instead of 60
 * (10^5-row workbook: 245-252 MB instead of 275-285), for no time measured.
 */
const WORKER_OLD_MB = 192;
const WORKER_YOUNG_MB = 16;

/** The bundled worker, next to the bundled CLI (scripts/build.mjs). */
const WORKER_URL = new URL('./sheetworker.js', import.meta.url);

type Xlsx = Extract<PartSource, { type: 'xlsx' }>;

/** A started worker: its messages in order (src/engine/thread.ts); the units it releases are characters. */
type SheetThread = WorkerThread<SheetWorkerMessage>;

/** One month's plan: which sheets workers read, each one's started workers, and the counts for ASSESS_DEBUG=stats. */
interface Plan {
  order: Xlsx[];
  started: Map<Xlsx, SheetThread[]>;
  env: Record<string, string | undefined>;
  stats: EngineStats;
}

const plans = new WeakMap<Xlsx, Plan>();

/** A whole number setting from the environment, or `fallback` when it is unset or not one. */
function setting(env: Record<string, string | undefined>, name: string, fallback: number, min = 1): number {
  const v = Number(env[name]);
  return env[name] !== undefined && Number.isInteger(v) && v >= min ? v : fallback;
}

function sheetSize(src: Xlsx): number {
  return src.workbook.entries.get(src.sheet.entry)?.uncompressedSize ?? 0;
}

/** True when a worker should read this sheet. */
function wantsWorker(src: Xlsx, env: Record<string, string | undefined>): boolean {
  if (env.ASSESS_WORKERS === '0' || env.ASSESS_PLAIN === '1') return false;
  if (sheetSize(src) < setting(env, 'ASSESS_SHEET_WORKER_BYTES', SHEET_WORKER_BYTES, 0)) return false;
  // Run from the sources (tests in-process), there is no bundled worker: one thread.
  return fs.existsSync(WORKER_URL);
}

/** How many parsers read this sheet: two on a machine with two cores or more, once it is large enough. */
function parsersFor(src: Xlsx, env: Record<string, string | undefined>): number {
  const cores = os.availableParallelism();
  const wanted = cores >= 2 && sheetSize(src) >= setting(env, 'ASSESS_SHEET_SPLIT_BYTES', SHEET_SPLIT_BYTES, 0) ? 2 : 1;
  return setting(env, 'ASSESS_SHEET_PARSERS', wanted);
}

/**
 * Decides which of the month's event sheets (in reading order) workers
 * read, and starts the first one's workers now: call it before reading the
 * roster. Each further sheet's workers start when the ones before have
 * parsed their sheet.
 */
export function planSheetWorkers(parts: readonly { source?: PartSource }[], env: Record<string, string | undefined>, stats: EngineStats): void {
  const order = parts.flatMap((p) => (p.source?.type === 'xlsx' && wantsWorker(p.source, env) ? [p.source] : []));
  if (order.length === 0) return;
  const plan: Plan = { order, started: new Map(), env, stats };
  for (const src of order) plans.set(src, plan);
  startNext(plan);
}

const workerContexts = new WeakMap<Xlsx['workbook'], CellContext>();

/** A workbook's cell context for its workers: the shared strings' shapes instead of the strings (SheetWorkerInput). */
function workerContext(wb: Xlsx['workbook']): CellContext {
  let ctx = workerContexts.get(wb);
  if (!ctx) {
    ctx = { sharedStrings: [], styles: wb.ctx.styles, date1904: wb.ctx.date1904, sharedShapes: sharedShapes(wb.ctx.sharedStrings) };
    workerContexts.set(wb, ctx);
  }
  return ctx;
}

/** Starts the workers of the plan's next sheet that has none. */
function startNext(plan: Plan): void {
  const src = plan.order.find((s) => !plan.started.has(s));
  if (src) plan.started.set(src, startThreads(src, plan));
}

function startThreads(src: Xlsx, plan: Plan): SheetThread[] {
  const count = parsersFor(src, plan.env);
  const budget = Math.ceil(setting(plan.env, 'ASSESS_SHEET_QUEUE_CHARS', QUEUE_CHARS) / count);
  const segment = { ...SEGMENT, rows: setting(plan.env, 'ASSESS_SHEET_SEGMENT_ROWS', SEGMENT.rows) };
  let running = count;
  const ctx = workerContext(src.workbook);
  // The first parser reads the sheet and sends each other one its pieces.
  const links = Array.from({ length: count - 1 }, () => ({ channel: new MessageChannel(), queued: new Int32Array(new SharedArrayBuffer(4)) }));
  return Array.from({ length: count }, (_, index) => {
    const inFlight = new Int32Array(new SharedArrayBuffer(4));
    const link = links[index - 1];
    const peers: SheetPeer[] = link === undefined
      ? links.map((l) => ({ port: l.channel.port1, queued: l.queued }))
      : [{ port: link.channel.port2, queued: link.queued }];
    const workerData: SheetWorkerInput = {
      abs: src.workbook.abs, name: src.workbook.name, sheet: src.sheet, ctx, width: src.width, part: { index, count }, segment, peers, inFlight, budget,
    };
    // Once this sheet is parsed, the next one's workers can start while this thread catches up.
    return startWorkerThread<SheetWorkerMessage>(WORKER_URL, workerData, inFlight, { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      (m) => m.type !== 'rows', (m) => {
        running -= 1;
        if (m.type === 'done' && running === 0) startNext(plan);
      }, peers.map((p) => p.port));
  });
}

/**
 * Streams a planned sheet's data rows (after its header, cut or padded to
 * its width) to `onRow` from its workers, segment by segment. Resolves with
 * the sheet's merged areas; null when no worker reads this sheet (the caller
 * reads it). Should a worker stop, `readHere(skip)` reads the sheet on this
 * thread and passes on its data rows after the first `skip`.
 */
export async function readSheetFromWorker(
  src: Xlsx,
  onRow: (row: RawRow) => void,
  bytes: (n: number) => void,
  readHere: (skip: number) => Promise<MergedArea[]>,
): Promise<MergedArea[] | null> {
  const plan = plans.get(src);
  if (!plan) return null;
  let threads = plan.started.get(src);
  if (!threads) {
    threads = startThreads(src, plan);
    plan.started.set(src, threads);
  }
  const w = src.width;
  const n = threads.length;
  let delivered = 0;
  /** The segment to read next, and the line the one before ended on. */
  let segment = 0;
  let base = 0;
  let merged: MergedArea[] | null = null;
  /** Threads that have said they are done (their segments all read). */
  let done = 0;
  try {
    while (done < n) {
      // Segment k is parser k mod n's; once one parser is done, the others have nothing more but their own `done`.
      const thread = threads[done === 0 ? segment % n : (segment + done) % n] as SheetThread;
      const m = await thread.next();
      if (m.type === 'rows') {
        if (done > 0 || m.segment !== segment) throw new Error(`internal: sheet segment ${m.segment} came when ${done > 0 ? 'no more' : segment} was due`);
        // A segment's last batch may hold no rows (it only says where the segment ended).
        const cells = m.n === 0 ? [] : m.text.split('\u0000');
        if (cells.length !== m.n * w) throw new Error(`internal: a sheet batch of ${m.n} rows holds ${cells.length} cells, not ${m.n * w}`);
        thread.release(m.text.length);
        const strings = src.workbook.ctx.sharedStrings;
        for (let k = 0; k < m.shared.length; k += 2) cells[m.shared[k] as number] = strings[m.shared[k + 1] as number] as string;
        for (let i = 0; i < m.n; i++) {
          const line = i < m.relative ? base + (m.lines[i] as number) : (m.lines[i] as number);
          if (line <= src.headerLine) continue;
          delivered += 1;
          plan.stats.sheetWorkerRows += 1;
          onRow({ fields: cells.slice(i * w, i * w + w), line });
        }
        bytes(m.bytes);
        if (m.end) {
          base = m.end.relative ? base + m.end.line : m.end.line;
          segment += 1;
          if (n > 1) plan.stats.sheetSegments += 1;
        }
      } else if (m.type === 'done') {
        done += 1;
        merged ??= m.merged;
      } else if (m.type === 'refused') throw new UserError(m.problems, { exit: m.exit });
      else {
        plan.stats.sheetWorkerFailed += 1;
        return await readHere(delivered);
      }
    }
    return merged ?? [];
  } finally {
    await Promise.all(threads.map((t) => t.stop()));
  }
}

/** Stops the workers of sheets that will not be read (a run that stopped early). */
export async function stopSheetWorkers(sources: readonly { source?: PartSource }[]): Promise<void> {
  const done = new Set<Plan>();
  for (const p of sources) {
    const plan = p.source?.type === 'xlsx' ? plans.get(p.source) : undefined;
    if (!plan || done.has(plan)) continue;
    done.add(plan);
    await Promise.all([...plan.started.values()].flat().map((t) => t.stop()));
  }
}
