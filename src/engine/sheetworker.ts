/**
 * The worker thread of a large worksheet (src/engine/sheets.ts): opens the
 * workbook's zip itself (the shared strings and styles come from the main
 * thread, which read them to find the header), streams one sheet through the pure parser of
 * src/read/xlsx.ts and posts its data rows, cut or padded to the header's
 * width, in batches. It only reads: typing, checking and assessing stay on
 * the main thread, in sheet order.
 *
 * A batch is one string, its rows' cells joined by U+0000, which no XML
 * text can hold (XML 1.0 and 1.1 both forbid it, even as `&#0;`, and saxes
 * refuses it): one copy across threads instead of a structured clone per
 * cell, and one `split` on the other side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RawRow } from '../read/types.js';
import { UserError } from '../problems.js';
import type { SheetBatch, SheetWorkerInput, SheetWorkerMessage } from './sheets.js';
import { reserveInFlight } from './thread.js';
import { openWorkbook, readSheet } from './workbook.js';

const input = workerData as SheetWorkerInput;
const port = parentPort;
if (port === null) throw new Error('internal: sheetworker.ts runs only as a worker thread');
const post = (m: SheetWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

/** Rows per batch, and the text that ends one early (long notes). */
const BATCH_ROWS = 2048;
const BATCH_CHARS = 256 * 1024;

const { inFlight, budget, width, headerLine } = input;
let cells: string[] = [];
let lines: number[] = [];
let chars = 0;
let bytes = 0;

function flush(): void {
  if (lines.length === 0) return;
  const text = cells.join('\u0000');
  reserveInFlight(inFlight, budget, text.length); // waits while the main thread is `budget` characters behind
  const b: SheetBatch = { type: 'rows', n: lines.length, text, lines: Int32Array.from(lines), bytes };
  post(b, [b.lines.buffer as ArrayBuffer]);
  cells = [];
  lines = [];
  chars = 0;
  bytes = 0;
}

function onRow(row: RawRow): void {
  if (row.line <= headerLine) return;
  const f = row.fields;
  for (let i = 0; i < width; i++) {
    const cell = i < f.length ? (f[i] as string) : '';
    cells.push(cell);
    chars += cell.length + 1;
  }
  lines.push(row.line);
  if (lines.length === BATCH_ROWS || chars >= BATCH_CHARS) flush();
}

try {
  const wb = await openWorkbook(input.abs, input.name, { sheets: [input.sheet], ctx: input.ctx });
  const end = await readSheet(wb, input.sheet, onRow, (n) => {
    bytes += n;
  });
  flush();
  wb.zip.close();
  post({ type: 'done', merged: end?.merged ?? [] });
} catch (err) {
  // A damaged sheet is the same problem whichever thread finds it: the main thread reports it as its own.
  if (err instanceof UserError) post({ type: 'refused', problems: err.problems, exit: err.exitCode });
  else post({ type: 'failed', message: String((err as Error)?.stack ?? err) });
}
