/**
 * Splitting one large UTF-8 CSV file in two at a record boundary (SPEC §9:
 * both cores on one large file), and reading a byte range of it in pieces
 * that each hold whole records. Shared by the main thread and the worker
 * (src/engine/worker.ts, src/engine/parallel.ts).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { Delimiter } from '../read/csv.js';
import { detectDelimiter, partParser } from '../read/csv.js';
import type { ParseCounts } from '../read/csv.js';
import { sniffEncoding } from '../read/decode.js';
import type { RecordDelimiter } from '../read/fastcsv.js';
import type { RawRow } from '../read/types.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Where a file is split: the second range starts at byte `at`, on line `line`. */
export interface Split {
  at: number;
  line: number;
  delimiter: Delimiter;
  recordDelimiter: RecordDelimiter;
}

/**
 * The split point of a file of `size` bytes near `share` of it: the start of
 * a line that is outside quotes, found by counting quotes from the file's
 * start. Null when the file is not plain UTF-8 (a BOM is fine), has a lone
 * CR before the split (line counting would differ), or has no such point.
 */
export function findSplit(abs: string, size: number, share: number, encoding: string | undefined): Split | null {
  const fd = fs.openSync(abs, 'r');
  try {
    const head = Buffer.allocUnsafe(Math.min(size, 64 * 1024));
    fs.readSync(fd, head, 0, head.length, 0);
    const sniffed = sniffEncoding(head, encoding);
    if (sniffed.encoding !== 'utf8' || !isUtf8(head.subarray(0, head.lastIndexOf(LF) + 1))) return null;
    const firstLf = head.indexOf(LF);
    if (firstLf <= 0 || head.subarray(0, firstLf).includes(QUOTE)) return null; // a plain header line
    const headerText = head.subarray(sniffed.bom, firstLf + 1).toString('utf8');
    const recordDelimiter: RecordDelimiter = head[firstLf - 1] === CR ? '\r\n' : '\n';
    const target = Math.max(firstLf + 1, Math.floor(size * share));
    let quoted = false;
    let lines = 1;
    let pos = 0;
    const buf = Buffer.allocUnsafe(1 << 20);
    while (pos < size) {
      // Whole buffers, ending at a byte that is not a CR, so that a CRLF is never cut.
      let n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (n <= 0) return null;
      if (buf[n - 1] === CR && pos + n < size) n -= 1;
      const b = buf.subarray(0, n);
      if (linesIn(b) === -1) return null; // a lone CR
      // Quote-free stretches [from, k): count their line ends; past the target, the first one outside quotes is the split.
      for (let from = 0; ;) {
        const k = b.indexOf(QUOTE, from);
        const end = k === -1 ? n : k;
        for (let lf = b.indexOf(LF, from); lf !== -1 && lf < end; lf = b.indexOf(LF, lf + 1)) {
          lines += 1;
          const at = pos + lf + 1;
          if (!quoted && at >= target && at < size) return { at, line: lines, delimiter: detectDelimiter(headerText), recordDelimiter };
        }
        if (k === -1) break;
        quoted = !quoted;
        from = k + 1;
      }
      pos += n;
    }
    return null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Bytes [at, at + bytes.length) of a file, ending at a line end outside quotes (or at the range's end). */
export interface Piece {
  at: number;
  bytes: Buffer;
}

/** The range [from, to) of an open file in pieces of about `size` bytes, each cut after a line end outside quotes. */
export function* readPieces(fd: number, from: number, to: number, size = 1 << 20): Generator<Piece> {
  let pos = from;
  let carry: Buffer | null = null;
  let carryAt = from;
  while (pos < to) {
    const buf = Buffer.allocUnsafe(Math.min(size, to - pos));
    const n = fs.readSync(fd, buf, 0, buf.length, pos);
    if (n <= 0) break;
    pos += n;
    const all: Buffer = carry === null ? buf.subarray(0, n) : Buffer.concat([carry, buf.subarray(0, n)]);
    const cut = pos >= to ? all.length : lastBoundary(all);
    if (cut > 0) yield { at: carryAt, bytes: all.subarray(0, cut) };
    carry = cut < all.length ? all.subarray(cut) : null;
    carryAt += cut;
  }
  if (carry !== null) yield { at: carryAt, bytes: carry };
}

/** The index just after the last LF outside quotes in `b` (a range starting outside quotes), or 0. */
function lastBoundary(b: Buffer): number {
  let quoted = false;
  let pos = 0;
  let last = 0;
  for (;;) {
    const k = b.indexOf(QUOTE, pos);
    const end = k === -1 ? b.length : k;
    if (!quoted && end > pos) {
      const lf = b.lastIndexOf(LF, end - 1);
      if (lf >= pos) last = lf + 1;
    }
    if (k === -1) return last;
    quoted = !quoted;
    pos = k + 1;
  }
}

/** Line ends in a piece (LF), or -1 when it has a CR not followed by LF (then lines are counted differently). */
export function linesIn(b: Buffer): number {
  let cr = b.indexOf(CR);
  while (cr !== -1) {
    if (b[cr + 1] !== LF) return -1;
    cr = b.indexOf(CR, cr + 1);
  }
  let n = 0;
  let p = b.indexOf(LF);
  while (p !== -1) {
    n += 1;
    p = b.indexOf(LF, p + 1);
  }
  return n;
}

/** The rows of one piece (whole records), numbered from `line`. Throws a UserError on a malformed record. */
export function pieceRows(piece: Piece, split: Split, file: string, line: number): RawRow[] {
  const rows: RawRow[] = [];
  eachPieceRow(piece, split, file, line, (r) => rows.push(r));
  return rows;
}

/** The rows of pieceRows, handed to `onRow` one at a time as they are parsed (throws the same way). */
export function eachPieceRow(piece: Piece, split: Split, file: string, line: number, onRow: (row: RawRow) => void, counts?: ParseCounts): void {
  const parse = partParser(split.delimiter, file, false, { recordDelimiter: split.recordDelimiter, line }, counts);
  parse(piece.bytes, onRow);
  parse(undefined, onRow);
}
