/**
 * One parser's side of a cut sheet (src/read/sheetsplit.ts): the head, the
 * segments it owns, and the end, fed to its sheet parser with the checks
 * that make sure each segment reads as it would in the whole sheet. A
 * worker parser (src/engine/sheetworker.ts) and the main thread, which
 * parses some segments itself (src/engine/sheets.ts), read their pieces
 * with it alike.
 */
import { segmentOwner, hasMarkupDeclarations } from '../read/sheetsplit.js';
import type { MergedArea, SheetSink } from '../read/xlsx.js';

/** A segment this parser cannot read as the whole sheet's parser would: the main thread reads the sheet. */
export class Unsplittable extends Error {}

/** Where a segment ended: its last row's line, relative to the segment before or not (src/read/xlsx.ts, `rebase`). */
export interface SegmentEnd {
  line: number;
  relative: boolean;
}

/** Which parsers read a sheet: `count` of them, the last the main thread when `mainEvery` > 0. */
export interface SheetParts {
  index: number;
  count: number;
  /**
   * The main thread parses at least every `mainEvery`-th segment (the last
   * of each `mainEvery`), and any segment cut while it has parsed all it was
   * given; 0 when it parses none.
   */
  mainEvery: number;
}

/**
 * Which parser reads each segment, decided by the parser that cuts the
 * sheet as it cuts it. Without the main thread, the workers share the
 * segments in a fixed cycle (`segmentOwner`). With it (the last parser),
 * it gets one segment in `mainEvery`, and besides any segment cut while
 * `idle()` (it has parsed every segment it was given so far, and would wait
 * for the workers'); the workers share the rest in the same cycle.
 */
export class SegmentOwners {
  /** Segments the workers got so far: the place of the next in their cycle. */
  private forWorkers = 0;

  constructor(
    private readonly parts: Pick<SheetParts, 'count' | 'mainEvery'>,
    private readonly idle: () => boolean,
  ) {}

  /** Whose segment `k` is: call once per segment, in order. */
  next(k: number): number {
    const { count, mainEvery } = this.parts;
    if (mainEvery <= 0) return segmentOwner(k, count);
    if (k % mainEvery === mainEvery - 1 || this.idle()) return count - 1;
    return segmentOwner(this.forWorkers++, count - 1);
  }
}

/** What a parser does with the rows it has read, at the points the pieces allow. */
export interface PieceOut {
  /** The rows read since the last flush are all of segment `segment`'s, or the first of them (`end` null). */
  flush(segment: number, end: SegmentEnd | null): void;
  /** Rows of the last segment, as they come: flush them when there are enough. */
  flushIfFull(segment: number): void;
  /** This parser has read all its pieces; the merged areas when it read the sheet's end. */
  done(merged: MergedArea[] | null): void;
}

/**
 * Feeds parser `index`'s pieces to `sink` (a sheet parser whose rows `out`
 * collects), checking each segment. Throws Unsplittable for a segment it
 * cannot be sure of, and the sink's own error for malformed XML.
 */
export class PieceReader {
  /** The segment being read. */
  private current = 0;

  constructor(
    private readonly sink: SheetSink,
    private readonly index: number,
    private readonly out: PieceOut,
  ) {}

  head(text: string): void {
    this.sink.write(text);
    this.check(this.sink.at.depth === 2 && this.sink.at.opened === 'sheetData', 'the head does not end with the <sheetData> start tag');
  }

  segment(k: number, text: string): void {
    const { sink } = this;
    this.begin(k);
    this.check(!hasMarkupDeclarations(text), 'a comment, CDATA section or processing instruction among the rows');
    const { merged, dimensions } = sink.at;
    sink.write(text);
    this.check(sink.at.depth === 2, 'the segment does not end where it began');
    this.check(sink.at.merged === merged && sink.at.dimensions === dimensions, 'merged cells or a dimension among the rows');
    this.check(!sink.at.oddLine, 'a row number that is not a positive whole number');
    this.checkSure();
    this.out.flush(this.current, this.here());
  }

  rest(k: number, text: string): void {
    this.begin(k);
    this.sink.write(text);
    this.checkSure();
    this.out.flushIfFull(this.current);
  }

  /** The sheet has ended after `count` segments, the last of them parser `last`'s. */
  end(count: number, last: number): void {
    if (last !== this.index) {
      this.out.done(null);
      return;
    }
    this.begin(count - 1);
    const end = this.sink.close();
    this.check(this.current === 0 || !this.sink.at.oddLine, 'a row number that is not a positive whole number');
    this.checkSure();
    this.out.flush(this.current, this.here());
    this.out.done(end.merged);
  }

  /** Starts segment `k`: after segments read by other parsers, its lines are relative until a row gives its number. */
  private begin(k: number): void {
    if (k === this.current) return;
    this.current = k;
    this.sink.rebase();
  }

  /** Where the segment ended: its last row's line, relative or not. */
  private here(): SegmentEnd {
    return { line: this.sink.at.line, relative: this.sink.at.relative };
  }

  private check(ok: boolean, what: string): void {
    if (!ok) throw new Unsplittable(`segment ${this.current}: ${what}`);
  }

  /** Every parser, split or not: a row only the shared strings can settle is the main thread's to read. */
  private checkSure(): void {
    this.check(!this.sink.at.unsure, 'a row that wrote a column twice beside a shared string');
  }
}

/**
 * What the first parser sends another: the pieces of the sheet that one
 * reads, and the end with whose last segment was. The main thread, which
 * takes the segments in order, is also told whose each other segment is
 * (`skip`), before that parser posts its rows.
 */
export type PeerMessage =
  | { type: 'head'; text: string }
  | { type: 'segment'; k: number; text: string }
  | { type: 'rest'; k: number; text: string }
  | { type: 'skip'; k: number; owner: number }
  | { type: 'end'; count: number; last: number };

/** Feeds a piece the first parser sent to `pieces` (a `skip` is no piece). */
export function readPeerMessage(pieces: PieceReader, m: PeerMessage): void {
  if (m.type === 'head') pieces.head(m.text);
  else if (m.type === 'segment') pieces.segment(m.k, m.text);
  else if (m.type === 'rest') pieces.rest(m.k, m.text);
  else if (m.type === 'end') pieces.end(m.count, m.last);
}

/** What a worker's batch of rows weighs against its run-ahead bound: its text, and a unit a cell for the shared strings' indexes. */
export function batchChars(b: { text: string; shared: Int32Array }): number {
  return b.text.length + b.shared.length;
}

/** The characters a piece holds, which the receiving parser releases once it has read it. */
export function peerChars(m: PeerMessage): number {
  return m.type === 'head' || m.type === 'segment' || m.type === 'rest' ? m.text.length : 0;
}
