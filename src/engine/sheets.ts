/**
 * Both cores on a large worksheet (SPEC §9): a worker thread
 * (src/engine/sheetworker.ts) unzips and parses the sheet's XML while this
 * thread types and assesses the rows it has already posted, in sheet order.
 * The first large sheet of the month starts before the roster is read, so
 * that its parsing also overlaps the roster's. Results cannot differ from a
 * one-thread read: the worker runs the same parser on the same bytes, and
 * this thread sees the same rows in the same order.
 *
 * ASSESS_WORKERS=0 (or ASSESS_PLAIN=1) turns this off; ASSESS_SHEET_WORKER_BYTES
 * sets the uncompressed sheet size from which a worker reads it, and
 * ASSESS_SHEET_QUEUE_CHARS how far it may run ahead (tests lower both). A
 * worker that dies (out of memory, say) is replaced by this thread reading
 * the rest of the sheet; a damaged sheet is reported as the one-thread read
 * reports it.
 */
import fs from 'node:fs';
import type { CellContext, MergedArea, SheetRef } from '../read/xlsx.js';
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
  /** The shared strings, styles and date system this thread read already (a copy costs less than reading them again). */
  ctx: CellContext;
  /** Rows up to this one (the header and the title rows above it) are not posted. */
  headerLine: number;
  /** Cells per posted row: the header's. */
  width: number;
  /** Characters of batches posted and not yet read (one Int32 on a SharedArrayBuffer), and their bound. */
  inFlight: Int32Array;
  budget: number;
}

/** Some of the sheet's data rows: `n` rows of `width` cells, all joined by U+0000, and each row's line. */
export interface SheetBatch {
  type: 'rows';
  n: number;
  text: string;
  lines: Int32Array;
  /** Compressed bytes read for them (the progress bar's). */
  bytes: number;
}

export type SheetWorkerMessage =
  | SheetBatch
  | { type: 'done'; merged: MergedArea[] }
  /** The workbook or sheet is bad input: the UserError the one-thread read would have thrown. */
  | { type: 'refused'; problems: Problem[]; exit: Exit }
  /** Anything else that stopped the worker: this thread reads the rest. */
  | { type: 'failed'; message: string };

/** Default uncompressed sheet size from which a worker reads it: below this, starting a thread costs more than it saves. */
const SHEET_WORKER_BYTES = 8 * 1024 * 1024;
/**
 * Default bound on characters posted and not yet read: the worker may run
 * this far ahead (the whole of a 10^5-row sheet, so that it parses right
 * through the roster's reading), and a larger sheet's queue stays this size.
 */
const QUEUE_CHARS = 16 * 1024 * 1024;
/** The worker holds the shared strings and a few batches; should it run out, this thread reads the rest. */
const WORKER_OLD_MB = 192;
const WORKER_YOUNG_MB = 32;

/** The bundled worker, next to the bundled CLI (scripts/build.mjs). */
const WORKER_URL = new URL('./sheetworker.js', import.meta.url);

type Xlsx = Extract<PartSource, { type: 'xlsx' }>;

/** A started worker: its messages in order (src/engine/thread.ts); the units it releases are characters. */
type SheetThread = WorkerThread<SheetWorkerMessage>;

/** One month's plan: which sheets a worker reads, the started workers, and the count for ASSESS_DEBUG=stats. */
interface Plan {
  order: Xlsx[];
  started: Map<Xlsx, SheetThread>;
  env: Record<string, string | undefined>;
  stats: EngineStats;
}

const plans = new WeakMap<Xlsx, Plan>();

/** True when a worker should read this sheet. */
function wantsWorker(src: Xlsx, env: Record<string, string | undefined>): boolean {
  if (env.ASSESS_WORKERS === '0' || env.ASSESS_PLAIN === '1') return false;
  const min = Number(env.ASSESS_SHEET_WORKER_BYTES ?? SHEET_WORKER_BYTES);
  const size = src.workbook.entries.get(src.sheet.entry)?.uncompressedSize ?? 0;
  if (!Number.isFinite(min) || size < min) return false;
  // Run from the sources (tests in-process), there is no bundled worker: one thread.
  return fs.existsSync(WORKER_URL);
}

/**
 * Decides which of the month's event sheets (in reading order) a worker
 * reads, and starts the first one's worker now: call it before reading the
 * roster. Each further worker starts when the one before has parsed its sheet.
 */
export function planSheetWorkers(parts: readonly { source?: PartSource }[], env: Record<string, string | undefined>, stats: EngineStats): void {
  const order = parts.flatMap((p) => (p.source?.type === 'xlsx' && wantsWorker(p.source, env) ? [p.source] : []));
  if (order.length === 0) return;
  const plan: Plan = { order, started: new Map(), env, stats };
  for (const src of order) plans.set(src, plan);
  startNext(plan);
}

/** Starts the worker of the plan's next sheet that has none. */
function startNext(plan: Plan): void {
  const src = plan.order.find((s) => !plan.started.has(s));
  if (src) plan.started.set(src, startThread(src, plan));
}

function startThread(src: Xlsx, plan: Plan): SheetThread {
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const asked = Number(plan.env.ASSESS_SHEET_QUEUE_CHARS);
  const budget = Number.isInteger(asked) && asked > 0 ? asked : QUEUE_CHARS;
  const workerData: SheetWorkerInput = {
    abs: src.workbook.abs, name: src.workbook.name, sheet: src.sheet, ctx: src.workbook.ctx, headerLine: src.headerLine, width: src.width, inFlight, budget,
  };
  // Once this sheet is parsed, the next one's worker can start while this thread catches up.
  return startWorkerThread<SheetWorkerMessage>(WORKER_URL, workerData, inFlight, { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    (m) => m.type !== 'rows', (m) => {
      if (m.type === 'done') startNext(plan);
    });
}

/**
 * Streams a planned sheet's data rows (after its header, cut or padded to
 * its width) to `onRow` from its worker. Resolves with the sheet's merged
 * areas; null when no worker reads this sheet (the caller reads it). Should
 * the worker stop, `readHere(skip)` reads the sheet on this thread and
 * passes on its data rows after the first `skip`.
 */
export async function readSheetFromWorker(
  src: Xlsx,
  onRow: (row: RawRow) => void,
  bytes: (n: number) => void,
  readHere: (skip: number) => Promise<MergedArea[]>,
): Promise<MergedArea[] | null> {
  const plan = plans.get(src);
  if (!plan) return null;
  let thread = plan.started.get(src);
  if (!thread) {
    thread = startThread(src, plan);
    plan.started.set(src, thread);
  }
  const w = src.width;
  let delivered = 0;
  try {
    for (;;) {
      const m = await thread.next();
      if (m.type === 'rows') {
        const cells = m.text.split('\u0000');
        if (cells.length !== m.n * w) throw new Error(`internal: a sheet batch of ${m.n} rows holds ${cells.length} cells, not ${m.n * w}`);
        thread.release(m.text.length);
        for (let i = 0; i < m.n; i++) {
          delivered += 1;
          onRow({ fields: cells.slice(i * w, i * w + w), line: m.lines[i] as number });
        }
        bytes(m.bytes);
        plan.stats.sheetWorkerRows += m.n;
      } else if (m.type === 'done') return m.merged;
      else if (m.type === 'refused') throw new UserError(m.problems, { exit: m.exit });
      else {
        plan.stats.sheetWorkerFailed += 1;
        return await readHere(delivered);
      }
    }
  } finally {
    await thread.stop();
  }
}

/** Stops the workers of sheets that will not be read (a run that stopped early). */
export async function stopSheetWorkers(sources: readonly { source?: PartSource }[]): Promise<void> {
  const done = new Set<Plan>();
  for (const p of sources) {
    const plan = p.source?.type === 'xlsx' ? plans.get(p.source) : undefined;
    if (!plan || done.has(plan)) continue;
    done.add(plan);
    await Promise.all([...plan.started.values()].map((t) => t.stop()));
  }
}
