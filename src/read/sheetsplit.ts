/**
 * Cutting a worksheet's XML between rows, so that several threads can parse
 * one large sheet at once (src/engine/sheets.ts). Pure: text in, pieces out.
 *
 * The text is cut into
 * - the head, up to and including the `<sheetData>` start tag, which every
 *   parser reads;
 * - segments of whole rows, each ending right after a `</row>` end tag, at
 *   least `rows` rows or `chars` characters long: each is read by one parser
 *   only (segment k by parser k mod n);
 * - the rest after the last cut (the last rows and what follows the rows:
 *   merged cells and the like), the last segment.
 *
 * The cuts do not depend on the chunks the text arrives in. A cut is only
 * where it is safe when the text holds no comment, CDATA section or
 * processing instruction after the head (a `</row>` inside one is not an end
 * tag): a parser checks that (`hasMarkupDeclarations`) and that each segment
 * leaves it where it started, and gives up otherwise.
 *
 * When the sheet has no `<sheetData>` start tag in its first `HEAD_CHARS`
 * characters, or an empty `<sheetData/>`, nothing is cut: the whole text is
 * the rest, segment 0.
 */

/** What the cutting gives, in order. */
export interface SheetPieces {
  /** The head: every parser reads it. */
  head(text: string): void;
  /** Segment `k`, whole: whole rows, ending with an end tag. */
  segment(k: number, text: string): void;
  /** Part of the last segment `k` (it may come in several parts). */
  rest(k: number, text: string): void;
  /** The text has ended; it had `count` segments (the last is `count - 1`). */
  end(count: number): void;
}

/** How long a segment is at least. */
export interface SegmentSize {
  rows: number;
  chars: number;
}

/** How far into a sheet its `<sheetData>` start tag is looked for. */
const HEAD_CHARS = 1024 * 1024;

/** The `<sheetData>` start tag, with a namespace prefix if the sheet uses one (`<x:sheetData>`). */
const SHEET_DATA = /<((?:[A-Za-z_][\w.-]*:)?)sheetData(?=[\s/>])/;

/**
 * Which of `count` parsers reads segment `k`. The first parser also inflates
 * and cuts the sheet and hands the others their segments, so it reads one
 * segment for every two that each other parser reads: with two parsers,
 * segments 0, 3, 6… are the first's and the rest the second's.
 * @example [0, 1, 2, 3].map((k) => segmentOwner(k, 2)) // [0, 1, 1, 0]
 */
export function segmentOwner(k: number, count: number): number {
  if (count <= 1) return 0;
  const r = k % (2 * count - 1);
  return r === 0 ? 0 : 1 + ((r - 1) >> 1);
}

/** `<!` (a comment, a CDATA section, a DOCTYPE) or `<?` (a processing instruction). */
const MARKUP_DECLARATION = /<[!?]/;

/**
 * True when `text` holds a comment, a CDATA section, a DOCTYPE or a processing instruction.
 * One regular-expression scan: two `includes` scans took ~3.5 times as long on a sheet's segments.
 */
export function hasMarkupDeclarations(text: string): boolean {
  return MARKUP_DECLARATION.test(text);
}

export class SheetSplitter {
  /** In the head: the text so far. */
  private head = '';
  private mode: 'head' | 'rows' | 'rest' = 'head';
  private rowEnd = '</row>';
  private segment = 0;
  private rowsIn = 0;
  /** The segment so far, in the chunks it came in (joined once, when it is cut), and its length. */
  private pending: string[] = [];
  private pendingChars = 0;
  /** The last characters of the segment so far, where a row end tag could begin that the next chunk finishes. */
  private carry = '';

  constructor(
    private readonly out: SheetPieces,
    private readonly size: SegmentSize,
  ) {}

  write(text: string): void {
    if (this.mode === 'rows') this.cut(text);
    else if (this.mode === 'rest') {
      if (text !== '') this.out.rest(this.segment, text);
    } else {
      this.head += text;
      this.findHead();
    }
  }

  end(): void {
    if (this.mode === 'head') this.out.rest(this.segment, this.head);
    else if (this.mode === 'rows') this.out.rest(this.segment, this.pending.join(''));
    this.head = '';
    this.pending = [];
    this.out.end(this.segment + 1);
  }

  private findHead(): void {
    const m = SHEET_DATA.exec(this.head);
    const close = m ? this.head.indexOf('>', m.index) : -1;
    if (m && close !== -1) {
      const text = this.head;
      this.head = '';
      if (text[close - 1] === '/') return this.toRest(text);
      this.out.head(text.slice(0, close + 1));
      this.rowEnd = `</${m[1]}row>`;
      this.mode = 'rows';
      this.cut(text.slice(close + 1));
    } else if (this.head.length > HEAD_CHARS) {
      const text = this.head;
      this.head = '';
      this.toRest(text);
    }
  }

  private toRest(text: string): void {
    this.mode = 'rest';
    if (text !== '') this.out.rest(this.segment, text);
  }

  /** Finds the row end tags in `text` (one may begin in the carry) and cuts after those that end a segment. */
  private cut(text: string): void {
    const tag = this.rowEnd;
    const probe = this.carry + text;
    const shift = this.carry.length;
    /** Where in `text` the segment so far begins: 0, or just after the last cut. */
    let from = 0;
    let at = probe.indexOf(tag);
    while (at !== -1) {
      const end = at + tag.length - shift;
      this.rowsIn += 1;
      if (this.rowsIn >= this.size.rows || this.pendingChars + end - from >= this.size.chars) {
        this.pending.push(text.slice(from, end));
        this.out.segment(this.segment, this.pending.join(''));
        this.pending = [];
        this.pendingChars = 0;
        this.segment += 1;
        this.rowsIn = 0;
        from = end;
      }
      at = probe.indexOf(tag, at + tag.length);
    }
    if (from < text.length) {
      this.pending.push(from === 0 ? text : text.slice(from));
      this.pendingChars += text.length - from;
    }
    // A tag that the next chunk finishes begins in the last characters since the last cut.
    this.carry = probe.slice(Math.max(probe.length - tag.length + 1, from === 0 ? 0 : from + shift));
  }
}
