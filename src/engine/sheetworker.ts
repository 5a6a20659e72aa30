/**
 * A worker thread of a large worksheet (src/engine/sheets.ts): opens the
 * workbook's zip itself (the styles and date system come from the main
 * thread), streams the sheet through the pure parser of src/read/xlsx.ts
 * and posts its rows in batches. It
 * starts as soon as the main thread has the workbook's styles, before the
 * shared strings and the header are read: its shared-string cells go back
 * as their index, rows that only the strings can decide go back undecided,
 * and the main thread puts the strings in, drops what is blank and what is
 * above the header, and cuts or pads each row to the header's width. It only
 * reads: typing, checking and assessing stay on the main thread, in sheet
 * order.
 *
 * When a sheet has several parsers (`part.count` > 1), the first reads the
 * sheet and cuts it into segments of whole rows (src/read/sheetsplit.ts):
 * it decides whose each segment is as it cuts it (SegmentOwners), and sends
 * the others (other workers, and the main thread when it is the last parser)
 * the head, their segments and the end over a MessagePort. Each reads its
 * pieces through src/engine/sheetpieces.ts. A parser that finds a segment
 * it cannot be sure of (a comment or CDATA section among the rows,
 * a segment that does not end where it began, a row numbered oddly,
 * malformed XML) says so (`failed`), and the main thread reads the sheet
 * itself: a sheet is never read differently for having been split. So does
 * any parser that meets a row only the shared strings can settle (a column
 * written twice beside a shared string).
 *
 * A batch's shared-string cells go as their indexes, in an Int32Array
 * moved, not copied, to the main thread; its other cells as one string,
 * joined by U+0000, which no XML text can hold (XML 1.0 and 1.1 both forbid
 * it, even as `&#0;`, and saxes refuses it): one copy across threads instead
 * of a structured clone per cell, and one `split` on the other side. Most of
 * a sheet's cells are shared strings, so the string is short, and one-byte
 * when the other cells are (a mark in it would make it two-byte).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RawRow } from '../read/types.js';
import { sharedIndex, sheetParser } from '../read/xlsx.js';
import { SheetSplitter } from '../read/sheetsplit.js';
import { UserError } from '../problems.js';
import type { SheetBatch, SheetPeer, SheetWorkerInput, SheetWorkerMessage } from './sheets.js';
import { PieceReader, SegmentOwners, Unsplittable, batchChars, peerChars, readPeerMessage, type PeerMessage } from './sheetpieces.js';
import { releaseInFlight, reserveInFlight } from './thread.js';
import { openWorkbook, sheetDamage, sheetXml } from './workbook.js';

const input = workerData as SheetWorkerInput;
const port = parentPort;
if (port === null) throw new Error('internal: sheetworker.ts runs only as a worker thread');
const post = (m: SheetWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const { inFlight, budget, part } = input;
const split = part.count > 1;
/** The batch's cells, row after row: each shared string's index, or -1 for text. */
let shared: number[] = [];
/** The batch's text cells: joined by U+0000 once, when it is posted. */
let texts: string[] = [];
let lines: number[] = [];
/** Each row's cells, negative when the row is undecided (SheetBatch). */
let counts: number[] = [];
/** Rows of the batch whose line is relative (src/read/xlsx.ts, `rebase`): they come first. */
let relative = 0;
let chars = 0;
let bytes = 0;

function onRow(row: RawRow, undecided: boolean): void {
  const f = row.fields;
  // A shared-string cell (its mark, src/read/xlsx.ts) goes as its index, for the main thread to put the string in.
  for (let i = 0; i < f.length; i++) {
    const cell = f[i] as string;
    const index = sharedIndex(cell);
    shared.push(index);
    if (index !== -1) chars += 1;
    else {
      texts.push(cell);
      chars += cell.length + 1;
    }
  }
  if (sink.at.relative) relative += 1;
  lines.push(row.line);
  counts.push(undecided ? -f.length : f.length);
}

const sink = sheetParser({ ...input.ctx, sharedDeferred: true }, onRow);

/** Posts the rows read so far of segment `segment`; `end` when they end it. */
function flush(segment: number, end: SheetBatch['end']): void {
  if (lines.length === 0 && end === null) return;
  const b: SheetBatch = {
    type: 'rows',
    segment,
    n: lines.length,
    shared: Int32Array.from(shared),
    text: texts.join('\u0000'),
    lines: Int32Array.from(lines),
    counts: Int32Array.from(counts),
    relative,
    bytes,
    end,
  };
  reserveInFlight(inFlight, budget, batchChars(b)); // waits while the main thread is `budget` characters behind
  post(b, [b.shared.buffer as ArrayBuffer, b.lines.buffer as ArrayBuffer, b.counts.buffer as ArrayBuffer]);
  shared = [];
  texts = [];
  lines = [];
  counts = [];
  relative = 0;
  chars = 0;
  bytes = 0;
}

/** This parser's part of the cut sheet (when the text is not cut into segments: one parser, or the rest of a sheet, batches of a segment's worth). */
const pieces = new PieceReader(sink, part.index, {
  flush,
  flushIfFull(segment) {
    if (lines.length >= input.segment.rows || chars >= input.segment.chars) flush(segment, null);
  },
  done(merged) {
    post({ type: 'done', merged });
  },
});

/** Characters the first parser may have sent another and that one not yet parsed. */
const PEER_CHARS = 4 * 1024 * 1024;

/**
 * The first parser cuts the sheet: it parses its own segments and sends
 * each other parser the head, that one's segments and the end, waiting when
 * one is `PEER_CHARS` behind. It decides whose each segment is as it cuts
 * it (SegmentOwners), and tells the main thread, when that is a parser,
 * whose each segment it does not get is.
 */
function cutter(): SheetSplitter {
  const send = (to: number, m: PeerMessage): void => {
    const peer = input.peers[to - 1] as SheetPeer;
    reserveInFlight(peer.queued, PEER_CHARS, peerChars(m));
    peer.port.postMessage(m);
  };
  const others = input.peers.map((_, i) => i + 1);
  const main = part.mainEvery > 0 ? part.count - 1 : -1;
  const mainQueue = main > 0 ? (input.peers[main - 1] as SheetPeer).queued : null;
  const owners = new SegmentOwners(part, () => mainQueue !== null && Atomics.load(mainQueue, 0) <= 0);
  /** The segment whose owner was decided last, and that owner. */
  let decided = -1;
  let last = 0;
  const owner = (k: number): number => {
    if (k === decided) return last;
    decided = k;
    last = owners.next(k);
    if (main > 0 && last !== main) send(main, { type: 'skip', k, owner: last });
    return last;
  };
  return new SheetSplitter({
    head(text) {
      for (const to of others) send(to, { type: 'head', text });
      pieces.head(text);
    },
    segment(k, text) {
      const to = owner(k);
      if (to === 0) pieces.segment(k, text);
      else send(to, { type: 'segment', k, text });
    },
    rest(k, text) {
      const to = owner(k);
      if (to === 0) pieces.rest(k, text);
      else send(to, { type: 'rest', k, text });
    },
    end(count) {
      const lastOwner = owner(count - 1);
      for (const to of others) send(to, { type: 'end', count, last: lastOwner });
      pieces.end(count, lastOwner);
    },
  }, input.segment);
}

/** Another parser: parses what the first sends it, in order, until the end or a piece it gives up on. */
function listen(): void {
  const { port, queued } = input.peers[0] as SheetPeer;
  let stopped = false;
  port.on('message', (m: PeerMessage) => {
    if (stopped) return;
    const chars = peerChars(m);
    try {
      readPeerMessage(pieces, m);
      if (m.type === 'end') stopped = true;
    } catch (err) {
      stopped = true;
      post({ type: 'failed', message: String((err as Error)?.stack ?? err) });
    } finally {
      releaseInFlight(queued, chars);
      if (stopped) port.close();
    }
  });
}

async function read(): Promise<void> {
  const wb = await openWorkbook(input.abs, input.name, { sheets: [input.sheet], ctx: input.ctx });
  const count = (n: number): void => {
    bytes += n;
  };
  try {
    if (split) {
      const cut = cutter();
      for await (const text of sheetXml(wb, input.sheet, count)) cut.write(text);
      cut.end();
    } else {
      // One parser: the whole sheet is one segment, read as it comes.
      for await (const text of sheetXml(wb, input.sheet, count)) pieces.rest(0, text);
      pieces.end(1, 0);
    }
  } catch (err) {
    // Split, anything odd is the main thread's to read and report; whole, a damaged sheet is reported as the one-thread read reports it.
    // A row only the shared strings can settle is the main thread's either way.
    if (err instanceof Unsplittable || (split && !(err instanceof UserError))) throw err;
    throw sheetDamage(wb, input.sheet, err);
  } finally {
    wb.zip.close();
  }
}

if (part.index > 0) listen();
else {
  try {
    await read();
  } catch (err) {
    if (err instanceof UserError) post({ type: 'refused', problems: err.problems, exit: err.exitCode });
    else post({ type: 'failed', message: String((err as Error)?.stack ?? err) });
  }
}
