/**
 * Both cores on a large worksheet (SPEC §9): worker threads
 * (src/engine/sheetworker.ts) unzip and parse the sheet's XML while this
 * thread types and assesses the rows they have already posted, in sheet
 * order. A large sheet has two parsers when the machine has two cores or
 * more: a worker inflates the sheet, cuts it into segments of whole rows
 * (src/read/sheetsplit.ts) and parses most of them; it hands this thread
 * one in six, and any it cuts while this thread has parsed all it was given
 * (SegmentOwners, src/engine/sheetpieces.ts), which this thread parses when
 * its turn comes, with the shared strings, between the worker's. One
 * worker costs less than two: each thread's parser starts cold, while this
 * thread's is warm from the shared strings, and its rows need no batch
 * (docs/performance.md, session 8). The largest
 * sheet of the first workbook that has one large enough starts as soon as
 * the workbook's styles are read, before its shared strings, its header and
 * the roster (`startEarlySheet`), or before the rules (`prestartWorkbook`),
 * so that its parsing overlaps them; the workers need neither the strings
 * nor the header (src/engine/sheetworker.ts). Each further sheet's workers
 * start once the sheets before are parsed. Results cannot differ from a
 * one-thread read: every parser runs the same parser on the same bytes, a
 * parser that is not sure of a segment gives up, and this thread sees the
 * same rows in the same order with the same lines.
 *
 * ASSESS_WORKERS=0 (or ASSESS_PLAIN=1) turns this off; ASSESS_SHEET_WORKER_BYTES
 * sets the uncompressed sheet size from which a worker reads it,
 * ASSESS_SHEET_SPLIT_BYTES the size from which it has several parsers,
 * ASSESS_SHEET_PARSERS how many (this thread the last of them),
 * ASSESS_SHEET_MAIN_EVERY the share of segments this thread parses at
 * least (one in that many; 0: none, every parser a worker),
 * ASSESS_SHEET_SEGMENT_ROWS the rows of a segment, ASSESS_SHEET_QUEUE_CHARS
 * how far a worker may run ahead, and ASSESS_SHEET_WORKER_MB a worker's heap
 * (tests lower them). When a parser stops (a worker out of memory, say, or
 * a segment it gives up on), this thread reads the rest of the sheet; a
 * damaged sheet is reported as the one-thread read reports it.
 */
import fs from 'node:fs';
import os from 'node:os';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { sheetParser, type CellContext, type MergedArea, type NumberShape, type SheetRef } from '../read/xlsx.js';
import { segmentOwner, type SegmentSize } from '../read/sheetsplit.js';
import type { RawRow } from '../read/types.js';
import type { Exit, Problem } from '../problems.js';
import { UserError } from '../problems.js';
import type { PartSource } from './parts.js';
import type { EngineStats } from './pipeline.js';
import { setting } from './settings.js';
import { PieceReader, batchChars, peerChars, readPeerMessage, type PeerMessage, type SegmentEnd, type SheetParts } from './sheetpieces.js';
import { Inbox, releaseInFlight, startWorkerThread, workersOff, type WorkerThread } from './thread.js';

/** What the worker is told. */
export interface SheetWorkerInput {
  abs: string;
  /** The workbook as shown in messages. */
  name: string;
  /** The sheet. */
  sheet: SheetRef;
  /**
   * The styles and date system, but not the shared strings: a worker starts
   * before they are read, and its shared-string cells come back as their
   * index for this thread to put the strings in (src/read/xlsx.ts,
   * `sharedDeferred`). Each worker holding a copy of a 10^6-row workbook's
   * half a million strings would also cost 30-40 MB of peak RSS.
   */
  ctx: CellContext;
  /** Which of the sheet's parsers this is, of how many, and whether the main thread is the last of them. */
  part: SheetParts;
  /** How long a segment is at least, when there are several parsers; with one, the most rows and characters of a batch. */
  segment: SegmentSize;
  /** The first parser's link to each other parser; another's to the first (src/engine/sheetworker.ts). */
  peers: SheetPeer[];
  /** Characters of batches posted and not yet read (one Int32 on a SharedArrayBuffer), and their bound. */
  inFlight: Int32Array;
  budget: number;
}

/** A port between the first of a sheet's parsers and another (a worker, or the main thread), and the characters sent on it that the other has not parsed yet. */
export interface SheetPeer {
  port: MessagePort;
  queued: Int32Array;
}

/**
 * Some of the sheet's rows, of one segment: `n` rows, their cells (each a
 * shared string's index, or text), each row's line and its number of
 * cells. The first `relative` lines count from the end of the segment
 * before (src/read/xlsx.ts, `rebase`).
 */
export interface SheetBatch {
  type: 'rows';
  segment: number;
  n: number;
  /** The cells, row after row: a shared-string cell as its string's index, any other as -1, its text the next of `text`'s. */
  shared: Int32Array;
  /** The text cells, joined by U+0000. */
  text: string;
  lines: Int32Array;
  /** Each row's cells as the sheet wrote them; negative for a row to drop if all its cells are blank once the strings are in (undecided). */
  counts: Int32Array;
  relative: number;
  /** On the segment's last batch: the line it ended on (the last row's, empty rows included), relative or not. */
  end: SegmentEnd | null;
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
 * Default uncompressed sheet size from which it has several parsers (the
 * worker and this thread): the cutting and handing over pay off once parsing
 * the sheet takes a second or so.
 */
const SHEET_SPLIT_BYTES = 16 * 1024 * 1024;
/**
 * A segment's rows and characters at least: enough that a parser's
 * per-segment work (a message, a check) is small beside the parsing, few
 * enough that the main thread never waits long for the next one.
 */
const SEGMENT: SegmentSize = { rows: 2048, chars: 256 * 1024 };
/**
 * This thread parses at least one segment in this many of a sheet with
 * several parsers, and more when it would otherwise wait for the worker's:
 * it also types and assesses every row (docs/performance.md, session 8).
 */
const MAIN_EVERY = 6;
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

/**
 * A sheet's started parsers: its worker threads and, when this thread
 * parses some of its segments too, the port on which the first worker sends
 * it them.
 */
interface SheetParsers {
  threads: SheetThread[];
  main: SheetPeer | null;
  /** How many parsers, this thread included when it is one. */
  count: number;
}

/** Stops a sheet's workers and closes this thread's port. */
async function stopParsers(p: SheetParsers): Promise<void> {
  p.main?.port.close();
  await Promise.all(p.threads.map((t) => t.stop()));
}

/** One month's plan: which sheets workers read, each one's started parsers, and the counts for ASSESS_DEBUG=stats. */
interface Plan {
  order: Xlsx[];
  started: Map<Xlsx, SheetParsers>;
  env: Record<string, string | undefined>;
  stats: EngineStats;
}

const plans = new WeakMap<Xlsx, Plan>();

/** What workers need to read a sheet: where it is, and the workbook's styles and date system. */
interface SheetTarget {
  abs: string;
  name: string;
  sheet: SheetRef;
  /** Its XML's size, uncompressed. */
  size: number;
  styles: readonly NumberShape[];
  date1904: boolean;
}

function targetOf(src: Xlsx): SheetTarget {
  const wb = src.workbook;
  return { abs: wb.abs, name: wb.name, sheet: src.sheet, size: wb.entries.get(src.sheet.entry)?.uncompressedSize ?? 0, styles: wb.ctx.styles, date1904: wb.ctx.date1904 };
}

/** True when a worker should read a sheet of this size. */
function wantsWorker(size: number, env: Record<string, string | undefined>): boolean {
  if (workersOff(env)) return false;
  if (size < setting(env, 'ASSESS_SHEET_WORKER_BYTES', SHEET_WORKER_BYTES, 0)) return false;
  // Run from the sources (tests in-process), there is no bundled worker: one thread.
  return fs.existsSync(WORKER_URL);
}

/** How many parsers read a sheet of this size: two on a machine with two cores or more, once it is large enough. */
function parsersFor(size: number, env: Record<string, string | undefined>): number {
  const cores = os.availableParallelism();
  const wanted = cores >= 2 && size >= setting(env, 'ASSESS_SHEET_SPLIT_BYTES', SHEET_SPLIT_BYTES, 0) ? 2 : 1;
  return setting(env, 'ASSESS_SHEET_PARSERS', wanted);
}

/**
 * The sheet whose workers started early (`startEarlySheet`) and are not yet
 * a month's: at most one in the process. Until a month takes them, they do
 * not keep the process alive.
 */
let early: EarlySheet | null = null;

interface EarlySheet {
  abs: string;
  entry: string;
  parsers: SheetParsers | null;
  /** Started before the rules were loaded (`prestartWorkbook`, src/engine/parts.ts). */
  beforeRules: boolean;
  /** The month that took them over, which starts its next sheet's workers once they are done. */
  plan: Plan | null;
}

/**
 * Starts the workers of the largest of a workbook's sheets that a worker
 * should read, if no sheet's have started early yet: call it as soon as the
 * workbook's styles are read. A month takes them over when that sheet is one
 * of its event parts (`planSheetWorkers`); `stopEarlySheet` stops them
 * otherwise.
 */
export function startEarlySheet(
  wb: { abs: string; name: string; styles: readonly NumberShape[]; date1904: boolean },
  sheets: readonly { sheet: SheetRef; size: number }[],
  env: Record<string, string | undefined>,
  beforeRules = false,
): void {
  if (early !== null) return;
  const largest = sheets.reduce<{ sheet: SheetRef; size: number } | null>((a, b) => (a === null || b.size > a.size ? b : a), null);
  if (largest === null || !wantsWorker(largest.size, env)) return;
  const holder: EarlySheet = { abs: wb.abs, entry: largest.sheet.entry, parsers: null, beforeRules, plan: null };
  holder.parsers = startThreads({ ...wb, ...largest }, env, () => {
    if (holder.plan) startNext(holder.plan);
  });
  for (const t of holder.parsers.threads) t.unref();
  early = holder;
}

/** Stops the early workers of a workbook's sheet (any workbook's without `abs`) that no month has taken over. */
export async function stopEarlySheet(abs?: string): Promise<void> {
  const e = early;
  if (e === null || (abs !== undefined && e.abs !== abs)) return;
  early = null;
  if (e.parsers) await stopParsers(e.parsers);
}

/** The early workers of `src`'s sheet, taken over by `plan`; null when it has none. */
function takeEarly(src: Xlsx, plan: Plan): SheetParsers | null {
  const e = early;
  if (e === null || e.parsers === null || e.abs !== src.workbook.abs || e.entry !== src.sheet.entry) return null;
  early = null;
  e.plan = plan;
  for (const t of e.parsers.threads) t.ref();
  plan.stats.sheetEarly += 1;
  if (e.beforeRules) plan.stats.sheetBeforeRules += 1;
  return e.parsers;
}

/**
 * Decides which of the month's event sheets (in reading order) workers
 * read, and starts the first one's workers now: call it before reading the
 * roster. Each further sheet's workers start when the ones before have
 * parsed their sheet.
 */
export function planSheetWorkers(parts: readonly { source?: PartSource }[], env: Record<string, string | undefined>, stats: EngineStats): void {
  const order = parts.flatMap((p) => (p.source?.type === 'xlsx' && wantsWorker(targetOf(p.source).size, env) ? [p.source] : []));
  const plan: Plan = { order, started: new Map(), env, stats };
  for (const src of order) {
    plans.set(src, plan);
    const parsers = takeEarly(src, plan);
    if (parsers) plan.started.set(src, parsers);
  }
  // Early workers of a sheet that is no event part of this month (a roster's, a notes sheet's) only cost.
  if (early !== null) {
    stats.sheetEarlyStopped += 1;
    void stopEarlySheet();
  }
  if (plan.started.size === 0) startNext(plan);
}

/** Starts the parsers of the plan's next sheet that has none. */
function startNext(plan: Plan): void {
  const src = plan.order.find((s) => !plan.started.has(s));
  if (src) plan.started.set(src, startThreads(targetOf(src), plan.env, () => startNext(plan)));
}

/**
 * Starts a sheet's parsers; `parsed` hears when all its workers have parsed
 * their part. With more than one parser, the last is this thread, which
 * reads at least one segment in ASSESS_SHEET_MAIN_EVERY (0: none, every
 * parser a worker).
 */
function startThreads(target: SheetTarget, env: Record<string, string | undefined>, parsed: () => void): SheetParsers {
  const count = parsersFor(target.size, env);
  const mainEvery = count > 1 ? setting(env, 'ASSESS_SHEET_MAIN_EVERY', MAIN_EVERY, 0) : 0;
  const workers = mainEvery > 0 ? count - 1 : count;
  const budget = Math.ceil(setting(env, 'ASSESS_SHEET_QUEUE_CHARS', QUEUE_CHARS) / workers);
  const segment = { ...SEGMENT, rows: setting(env, 'ASSESS_SHEET_SEGMENT_ROWS', SEGMENT.rows) };
  let running = workers;
  const ctx: CellContext = { sharedStrings: [], styles: target.styles, date1904: target.date1904 };
  // The first parser reads the sheet and sends each other one its pieces.
  const links = Array.from({ length: count - 1 }, () => ({ channel: new MessageChannel(), queued: new Int32Array(new SharedArrayBuffer(4)) }));
  const threads = Array.from({ length: workers }, (_, index) => {
    const inFlight = new Int32Array(new SharedArrayBuffer(4));
    const link = links[index - 1];
    const peers: SheetPeer[] = link === undefined
      ? links.map((l) => ({ port: l.channel.port1, queued: l.queued }))
      : [{ port: link.channel.port2, queued: link.queued }];
    const workerData: SheetWorkerInput = { abs: target.abs, name: target.name, sheet: target.sheet, ctx, part: { index, count, mainEvery }, segment, peers, inFlight, budget };
    // Once this sheet is parsed, the next one's workers can start while this thread catches up.
    return startWorkerThread<SheetWorkerMessage>(WORKER_URL, workerData, inFlight, { maxOldGenerationSizeMb: setting(env, 'ASSESS_SHEET_WORKER_MB', WORKER_OLD_MB), maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      (m) => m.type !== 'rows', (m) => {
        running -= 1;
        if (m.type === 'done' && running === 0) parsed();
      }, peers.map((p) => p.port));
  });
  const mine = mainEvery > 0 ? links[count - 2] : undefined;
  return { threads, main: mine ? { port: mine.channel.port2, queued: mine.queued } : null, count };
}

/** A segment's rows as this thread parsed them, with the real shared strings: final, but for the header and the width. */
interface ParsedHere {
  type: 'parsed';
  segment: number;
  rows: RawRow[];
  /** The first `relative` rows' lines count from the end of the segment before. */
  relative: number;
  end: SegmentEnd | null;
}

type HereMessage = ParsedHere | { type: 'done'; merged: MergedArea[] | null } | { type: 'failed'; message: string };

/**
 * This thread as one of a sheet's parsers: it parses the pieces the first
 * worker sends it, when their turn comes, with the sheet parser and checks
 * the workers use (src/engine/sheetpieces.ts), but with the shared strings,
 * which this thread has. Its rows need no batch to cross threads, and its
 * parser runs warm from the shared strings; a second worker would start cold.
 * The worker says whose each segment is (`owner`) as it cuts it. Should the
 * worker stop before it has sent all it should, the segment due is its own,
 * where the loop finds its failure, or this thread's, which fails too.
 */
function parserHere(peer: SheetPeer, first: SheetThread, ctx: CellContext, index: number): { owner(segment: number): Promise<number>; next(): Promise<HereMessage> } {
  const inbox = new Inbox<PeerMessage>();
  // A worker that stopped sends nothing more.
  void first.ended.then((m) => {
    if (m.type !== 'done') inbox.close();
  });
  const out: HereMessage[] = [];
  let rows: RawRow[] = [];
  let relative = 0;
  /** The last segment this thread got pieces of. */
  let mine = -1;
  const sink = sheetParser(ctx, (row) => {
    rows.push(row);
    if (sink.at.relative) relative += 1;
  });
  const flush = (segment: number, end: SegmentEnd | null): void => {
    out.push({ type: 'parsed', segment, rows, relative, end });
    rows = [];
    relative = 0;
  };
  const reader = new PieceReader(sink, index, {
    flush,
    flushIfFull: (segment) => {
      if (rows.length > 0) flush(segment, null);
    },
    done: (merged) => out.push({ type: 'done', merged }),
  });
  /** Reads a piece; its failure, if it is one this thread cannot be sure of. */
  const read = (m: PeerMessage): HereMessage | null => {
    try {
      readPeerMessage(reader, m);
      return null;
    } catch (err) {
      return { type: 'failed', message: String((err as Error)?.stack ?? err) };
    } finally {
      releaseInFlight(peer.queued, peerChars(m));
    }
  };
  peer.port.on('message', (m: PeerMessage) => inbox.push(m));
  /** The failure of a piece this thread read (the head, which `owner` reads as it comes first, or a segment). */
  let failed: HereMessage | null = null;
  return {
    /** Whose segment `segment` is, the first not yet read (the sheet's end says its last parser's `done` is due: this thread's). */
    async owner(segment) {
      for (;;) {
        // This thread's segment, or its end (it has read the sheet's end, and says `done`), or its failure.
        if (segment === mine || out.length > 0 || failed !== null) return index;
        const m = await inbox.peek();
        if (m === null) return 0;
        if (m.type === 'head') {
          inbox.shift();
          failed = read(m);
          continue;
        }
        if (m.type === 'skip' && m.k === segment) {
          inbox.shift();
          return m.owner;
        }
        if (m.type === 'skip') throw new Error(`internal: the owner of sheet segment ${m.k} came when ${segment} was due`);
        return index;
      }
    },
    async next() {
      while (out.length === 0) {
        if (failed !== null) return failed;
        const m = await inbox.peek();
        if (m === null) return { type: 'failed', message: 'the worker that cuts the sheet stopped' };
        inbox.shift();
        if (m.type === 'segment' || m.type === 'rest') mine = m.k;
        failed = read(m);
      }
      return out.shift() as HereMessage;
    },
  };
}

/**
 * Streams a planned sheet's data rows (after its header, cut or padded to
 * its width) to `onRow` from its parsers, segment by segment. Resolves with
 * the sheet's merged areas; null when no worker reads this sheet (the caller
 * reads it). Should a parser stop, `readHere(skip)` reads the sheet on this
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
  let parsers = plan.started.get(src);
  if (!parsers) {
    parsers = startThreads(targetOf(src), plan.env, () => startNext(plan));
    plan.started.set(src, parsers);
  }
  const { threads } = parsers;
  const n = parsers.count;
  const here = parsers.main ? parserHere(parsers.main, threads[0] as SheetThread, src.workbook.ctx, n - 1) : null;
  const rows = new SheetRows(src, onRow, plan.stats, n);
  let merged: MergedArea[] | null = null;
  /** Parsers that have said they are done (their segments all read). */
  let done = 0;
  const finished = Array.from({ length: n }, () => false);
  try {
    while (done < n) {
      // Segment k is its owner's; once one parser is done, the others have nothing more but their own `done`.
      const index = done > 0 ? finished.indexOf(false) : here !== null ? await here.owner(rows.segment) : segmentOwner(rows.segment, n);
      const m = here !== null && index === n - 1 ? await here.next() : await (threads[index] as SheetThread).next();
      if (m.type === 'rows' || m.type === 'parsed') {
        if (done > 0 || m.segment !== rows.segment) throw new Error(`internal: sheet segment ${m.segment} came when ${done > 0 ? 'no more' : rows.segment} was due`);
      }
      if (m.type === 'parsed') rows.parsed(m);
      else if (m.type === 'rows') {
        (threads[index] as SheetThread).release(batchChars(m));
        rows.batch(m);
        bytes(m.bytes);
      } else if (m.type === 'done') {
        done += 1;
        finished[index] = true;
        merged ??= m.merged;
      } else if (m.type === 'refused') throw new UserError(m.problems, { exit: m.exit });
      else {
        plan.stats.sheetWorkerFailed += 1;
        return await readHere(rows.delivered);
      }
    }
    return merged ?? [];
  } finally {
    await stopParsers(parsers);
  }
}

/**
 * A planned sheet's data rows, segment by segment, from this thread's own
 * parse or a worker's batches, to `onRow`. The loops over a segment's rows
 * are here, in plain methods, rather than in readSheetFromWorker's loop,
 * which V8 compiled four times over (on the stack, then whole), each time
 * with every row's assessment inlined: 190 ms of its compiler threads on the
 * 10^5-row sheet. These methods' compilations total 85–120 ms (`batch` is
 * still compiled four times, but the loop no longer is; --trace-opt).
 */
class SheetRows {
  /** Data rows passed on so far. */
  delivered = 0;
  /** The segment due. */
  segment = 0;
  /** The line the segment before ended on. */
  private base = 0;

  constructor(
    private readonly src: Xlsx,
    private readonly onRow: (row: RawRow) => void,
    private readonly stats: EngineStats,
    private readonly parsers: number,
  ) {}

  /** A segment's rows as this thread parsed them, with the real shared strings. */
  parsed(m: ParsedHere): void {
    const w = this.src.width;
    for (let i = 0; i < m.rows.length; i++) {
      const row = m.rows[i] as RawRow;
      if (this.deliver(toWidth(row.fields, w), i < m.relative ? this.base + row.line : row.line)) this.stats.sheetMainRows += 1;
    }
    if (m.end) this.ended(m.end);
  }

  /** A worker's batch: each row's cells, the shared strings put in; undecided rows dropped when blank. */
  batch(m: SheetBatch): void {
    const { shared, counts } = m;
    let total = 0;
    for (let i = 0; i < m.n; i++) total += Math.abs(counts[i] as number);
    let texts = 0;
    for (let k = 0; k < shared.length; k++) if (shared[k] === -1) texts += 1;
    // A batch may hold no text cell, or no rows at all (a segment's last batch may only say where it ended).
    const text = texts === 0 ? [] : m.text.split('\u0000');
    if (shared.length !== total || text.length !== texts) {
      throw new Error(`internal: a sheet batch of ${m.n} rows holds ${shared.length} cells and ${text.length} texts, not ${total} and ${texts}`);
    }
    // An index past the end of the table is a cell of nothing, as on this thread.
    const strings = this.src.workbook.ctx.sharedStrings;
    let k = 0;
    let t = 0;
    for (let i = 0; i < m.n; i++) {
      const count = counts[i] as number;
      const row: string[] = [];
      for (const end = k + Math.abs(count); k < end; k++) {
        const s = shared[k] as number;
        row.push(s === -1 ? (text[t++] as string) : (strings[s] ?? ''));
      }
      // An undecided row is no row when its strings turned out to be only blanks (src/read/xlsx.ts).
      if (count < 0 && row.every((cell) => cell.trim() === '')) continue;
      if (this.deliver(toWidth(row, this.src.width), i < m.relative ? this.base + (m.lines[i] as number) : (m.lines[i] as number))) this.stats.sheetWorkerRows += 1;
    }
    if (m.end) this.ended(m.end);
  }

  /** A row of the segment due, at `line`, as wide as the header: to `onRow` unless it is the header or above. */
  private deliver(fields: string[], line: number): boolean {
    if (line <= this.src.headerLine) return false;
    this.delivered += 1;
    this.onRow({ fields, line });
    return true;
  }

  /** The segment due has ended at `end`. */
  private ended(end: SegmentEnd): void {
    this.base = end.relative ? this.base + end.line : end.line;
    this.segment += 1;
    if (this.parsers > 1) this.stats.sheetSegments += 1;
  }
}

/**
 * A row's own cells (the array is changed) cut, or padded with empty cells,
 * to the header's `width`: a cell beyond the last heading belongs to no
 * column, as an unknown column is ignored.
 */
export function toWidth(fields: string[], width: number): string[] {
  const row = fields.length > width ? fields.slice(0, width) : fields;
  while (row.length < width) row.push('');
  return row;
}

/** Stops the workers of sheets that will not be read (a run that stopped early). */
export async function stopSheetWorkers(sources: readonly { source?: PartSource }[]): Promise<void> {
  const done = new Set<Plan>();
  for (const p of sources) {
    const plan = p.source?.type === 'xlsx' ? plans.get(p.source) : undefined;
    if (!plan || done.has(plan)) continue;
    done.add(plan);
    await Promise.all([...plan.started.values()].map(stopParsers));
  }
}
