/**
 * One parser's side of a cut sheet (src/read/sheetsplit.ts): the head, the
 * segments it owns, and the end, fed to its sheet parser with the checks
 * that make sure each segment reads as it would in the whole sheet. A
 * worker parser (src/engine/sheetworker.ts) and the main thread, which
 * parses some segments itself (src/engine/sheets.ts), read their pieces
 * with it alike.
 */
import { segmentOwner, hasMarkupDeclarations, type SheetPieces } from '../read/sheetsplit.js';
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
   * The main thread parses every `mainEvery`-th segment (the last of each
   * `mainEvery`), the workers the others; 0 when it parses none.
   */
  mainEvery: number;
}

/**
 * Which parser reads segment `k`. The main thread, when it is one of them,
 * reads one segment in `mainEvery`; the workers share the rest as
 * `segmentOwner` shares segments between parsers.
 * @example [0, 1, 2, 3, 4].map((k) => sheetSegmentOwner(k, { count: 2, mainEvery: 4 })) // [0, 0, 0, 1, 0]
 */
export function sheetSegmentOwner(k: number, parts: Pick<SheetParts, 'count' | 'mainEvery'>): number {
  const { count, mainEvery } = parts;
  if (mainEvery <= 0) return segmentOwner(k, count);
  if (k % mainEvery === mainEvery - 1) return count - 1;
  return segmentOwner(k - Math.floor(k / mainEvery), count - 1);
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
 * Feeds one parser's pieces to `sink` (a sheet parser whose rows `out`
 * collects), checking each segment. Throws Unsplittable for a segment it
 * cannot be sure of, and the sink's own error for malformed XML.
 */
export class PieceReader implements SheetPieces {
  /** The segment being read. */
  private current = 0;

  constructor(
    private readonly sink: SheetSink,
    private readonly parts: SheetParts,
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

  end(count: number): void {
    if (sheetSegmentOwner(count - 1, this.parts) !== this.parts.index) {
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

/** What the first parser sends another: the pieces of the sheet that one reads. */
export type PeerMessage =
  | { type: 'head'; text: string }
  | { type: 'segment'; k: number; text: string }
  | { type: 'rest'; k: number; text: string }
  | { type: 'end'; count: number };

/** Feeds a piece the first parser sent to `pieces`; the characters it held. */
export function readPeerMessage(pieces: SheetPieces, m: PeerMessage): number {
  if (m.type === 'head') pieces.head(m.text);
  else if (m.type === 'segment') pieces.segment(m.k, m.text);
  else if (m.type === 'rest') pieces.rest(m.k, m.text);
  else {
    pieces.end(m.count);
    return 0;
  }
  return m.text.length;
}
