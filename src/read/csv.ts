/**
 * Text → CSV rows (SPEC §3.3): delimiter detection from the header line,
 * RFC 4180 parsing by csv-parse, and the 1-based physical line each record
 * starts on, so that every reject can say `file:line`.
 *
 * Line numbers are counted here rather than taken from csv-parse's `info`:
 * `info` costs two object copies per record (this is the hot loop for 10^7
 * rows) and counts a CRLF inside a quoted field as two lines. Instead
 * csv-parse also emits blank lines (`skip_empty_lines: false`), so every
 * physical line is accounted for: a record starts on the line after the
 * previous one ended, and spans one line plus the line breaks inside its
 * quoted fields. Blank lines — and rows of nothing but delimiters, which
 * spreadsheets write for empty rows — are then skipped here.
 */
import { Buffer } from 'node:buffer';
import { CsvError, parse } from 'csv-parse';
import { UserError, fail, problem } from '../problems.js';
import type { Place, Problem } from '../problems.js';
import { decodeChunks, openBytes, validUtf8Parts } from './decode.js';
import { createFastCsv, lineBreaks } from './fastcsv.js';
import type { FastCsv, RecordDelimiter } from './fastcsv.js';
import type { RawRow } from './types.js';

/** The delimiters assess detects, in order of preference on a tie. */
const DELIMITERS = [',', '\t', ';'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * A header line longer than this is no header (1,000 columns of 1,000
 * characters). Checked while looking ahead for the header, which would
 * otherwise hold the whole of a file without line ends.
 */
const MAX_HEADER_CHARS = 1024 * 1024;

/** A field longer than this is almost surely an unclosed quote swallowing the file. */
const MAX_RECORD_CHARS = 8 * 1024 * 1024;

/**
 * The delimiter of a file from its header line: whichever of `,` `;` and tab
 * occurs most often outside quotes on the first line (`,` when none does).
 *
 * @example detectDelimiter('工号;姓名;部门\n...') // ';'
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') quoted = !quoted; // a doubled "" toggles twice: still right
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) as number) + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if ((counts.get(d) as number) > (counts.get(best) as number)) best = d;
  return best;
}

/** Number of line breaks (CRLF, LF or CR) inside a record's fields. */
function lineBreaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) if (f.indexOf('\n') !== -1 || f.indexOf('\r') !== -1) n += lineBreaks(f);
  return n;
}

/** True for an empty line or a row of nothing but delimiters and spaces. */
function isBlank(fields: readonly string[]): boolean {
  for (const f of fields) {
    if (f.length > 0 && (f.charCodeAt(0) > 32 || f.trim() !== '')) return false;
  }
  return true;
}

/** What is wrong with a malformed CSV, as a problem at `place` (never csv-parse's stack). */
function csvProblem(err: CsvError, place: Place): Problem {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return problem('CSV_UNCLOSED_QUOTE', place, {});
    case 'CSV_MAX_RECORD_SIZE':
      return problem('FIELD_TOO_LARGE', place, { megabytes: MAX_RECORD_CHARS / 1024 / 1024 });
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return problem('CSV_TEXT_AFTER_QUOTE', place, {});
    case 'INVALID_OPENING_QUOTE': // sic: csv-parse 7 has no CSV_ prefix on this one
      return problem('CSV_QUOTE_IN_FIELD', place, {});
    default:
      return problem('CSV_MALFORMED', place, { detail: err.message });
  }
}


/**
 * The file's text in parts csv-parse can take, and its header text. UTF-8
 * (the common case) is only validated and handed over as bytes, because
 * csv-parse works on bytes anyway; other encodings are decoded to strings.
 */
async function csvInput(
  chunks: AsyncIterable<Uint8Array>,
  opts: { file: string; encoding?: string },
): Promise<{ head: string; parts: AsyncIterable<Buffer | string> }> {
  let parts: AsyncIterator<Buffer | string>;
  const opened = await openBytes(chunks, opts.encoding);
  if (opened.encoding === 'utf8') {
    parts = validUtf8Parts(opened.bytes, opts.file);
  } else {
    // Re-open the already sniffed bytes through the decoder with the encoding fixed.
    parts = decodeChunks(opened.bytes, { file: opts.file, encoding: opened.encoding });
  }
  // Look ahead until the header line is complete, the file ends, or the
  // header is longer than any record may be (the parser then says so): the
  // delimiter is told from the header alone, and a file of one endless line
  // must cost neither memory nor time beyond that.
  const ahead: Array<Buffer | string> = [];
  let head = '';
  for (;;) {
    const next = await parts.next();
    if (next.done === true) break;
    ahead.push(next.value);
    const text = typeof next.value === 'string' ? next.value : next.value.toString('utf8');
    head += text;
    if (/[\r\n]/.test(text)) break;
    if (head.length > MAX_HEADER_CHARS) {
      await parts.return?.(undefined);
      throw fail('HEADER_TOO_LONG', { file: opts.file, line: 1 }, { megabytes: MAX_HEADER_CHARS / 1024 / 1024 });
    }
  }
  async function* all(): AsyncGenerator<Buffer | string> {
    try {
      yield* ahead;
      for (;;) {
        const next = await parts.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await parts.return?.(undefined);
    }
  }
  return { head, parts: all() };
}

/** The synchronous core of a csv-parse parser (see {@link csvCore}). */
interface CsvCore {
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/**
 * csv-parse's parser core, driven synchronously. The Transform stream around
 * it drops the records parsed just before an error in the same chunk and
 * reports errors without the record's start line; driving the core directly
 * keeps every record up to the error, lets us name the line, and saves a
 * stream hop per record. csv-parse is pinned in package.json, and the tests
 * fail loudly if this internal moves.
 */
function csvCore(delimiter: Delimiter, recordDelimiter: RecordDelimiter = ''): CsvCore {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false, // blank lines are skipped by readRows, after counting them
    max_record_size: MAX_RECORD_CHARS,
    // Set when the fast path hands over mid-file, having already discovered it.
    ...(recordDelimiter === '' ? {} : { record_delimiter: recordDelimiter }),
  }) as unknown as { api?: CsvCore };
  if (typeof parser.api?.parse !== 'function') throw new Error('internal: csv-parse has no parser core (api.parse)');
  return parser.api;
}

/**
 * Parses one file's parts in order: the fast path until it bails, then
 * csv-parse (see readRows). `from` starts mid-file, at a record boundary:
 * the record delimiter already known and the line the first record is on.
 */
/** Rows a parser gave, by the path that parsed them (the engine's ASSESS_DEBUG=stats). */
export interface ParseCounts {
  /** Parsed by the fast CSV path (src/read/fastcsv.ts). */
  fast: number;
  /** Handed to csv-parse. */
  csvParse: number;
}

export function partParser(delimiter: Delimiter, file: string, plain: boolean, from?: { recordDelimiter: RecordDelimiter; line: number }, counts?: ParseCounts) {
  const rd0 = from?.recordDelimiter ?? '';
  let fast: FastCsv | null = plain ? null : createFastCsv(delimiter, rd0);
  let core: CsvCore | null = fast === null ? csvCore(delimiter, rd0) : null;
  let next = from?.line ?? 1;
  let emit: (row: RawRow) => void = () => undefined;
  /** A record and the line breaks inside its fields (the fast path counts them as it goes). */
  const tally: ParseCounts = counts ?? { fast: 0, csvParse: 0 };
  const push = (fields: string[], breaks: number): void => {
    const line = next;
    next = line + 1 + breaks;
    if (isBlank(fields)) return;
    tally.fast += 1;
    emit({ fields, line });
  };
  const pushParsed = (fields: string[]): void => {
    const line = next;
    next = line + 1 + lineBreaksIn(fields);
    if (isBlank(fields)) return;
    tally.csvParse += 1;
    emit({ fields, line });
  };
  const close = (): void => undefined;
  /** Parses `part` (undefined at the end), passing each record to `onRow`; throws a UserError on a malformed file. */
  return (part: Buffer | string | undefined, onRow: (row: RawRow) => void): void => {
    emit = onRow;
    const done = part === undefined;
    let err: Error | undefined;
    if (fast !== null) {
      const outcome = fast.parse(part === undefined ? '' : typeof part === 'string' ? part : part.toString('utf8'), done, push);
      if (outcome.bail) {
        fast = null;
        core = csvCore(delimiter, outcome.recordDelimiter);
        err = core.parse(Buffer.from(outcome.rest, 'utf8'), done, pushParsed, close);
      }
    } else {
      err = (core as CsvCore).parse(typeof part === 'string' ? Buffer.from(part, 'utf8') : part, done, pushParsed, close);
    }
    if (err !== undefined) {
      if (!(err instanceof CsvError)) throw err;
      throw new UserError([csvProblem(err, { file, line: next })]);
    }
  };
}

/** Options of readRows and eachRow. */
export interface ReadOptions {
  file: string;
  encoding?: string;
  /** csv-parse for every record, without the fast path (src/read/fastcsv.ts); the same rows, slower. */
  plain?: boolean;
  /** Counts the rows each path parsed. */
  counts?: ParseCounts;
}

/**
 * Reads a CSV file's records: detects the encoding (§3.3) and the delimiter,
 * parses RFC 4180 (quoted delimiters, quotes and newlines; CRLF or LF),
 * skips blank lines, and yields each record's fields with the 1-based
 * physical line it starts on (the header is line 1, the first record).
 * Field counts are not checked here: the typer rejects rows whose count
 * differs from the header's. A malformed file throws a UserError
 * `file:line: what is wrong` after yielding every record before the fault.
 */
export async function* readRows(chunks: AsyncIterable<Uint8Array>, opts: ReadOptions): AsyncGenerator<RawRow> {
  const { head, parts } = await csvInput(chunks, opts);
  const parsePart = partParser(detectDelimiter(head), opts.file, opts.plain === true, undefined, opts.counts);
  let done = false;
  const iterator = parts[Symbol.asyncIterator]();
  try {
    while (!done) {
      const part = await iterator.next();
      done = part.done === true;
      const rows: RawRow[] = [];
      let failure: unknown = null;
      try {
        parsePart(done ? undefined : part.value, (row) => rows.push(row));
      } catch (err) {
        failure = err;
      }
      yield* rows;
      if (failure !== null) throw failure;
    }
  } finally {
    // Closes the file when the caller stops early or the file is malformed.
    if (!done) await iterator.return?.(undefined);
  }
}

/**
 * The rows of readRows, handed to `onRow` synchronously as each part is
 * parsed: no promise per row and no batch of rows kept (docs/performance.md).
 */
export async function eachRow(chunks: AsyncIterable<Uint8Array>, opts: ReadOptions, onRow: (row: RawRow) => void): Promise<void> {
  const { head, parts } = await csvInput(chunks, opts);
  const parsePart = partParser(detectDelimiter(head), opts.file, opts.plain === true, undefined, opts.counts);
  for await (const part of parts) parsePart(part, onRow);
  parsePart(undefined, onRow);
}

/** Chunks of a text as UTF-8 bytes, `size` characters at a time (for tests and small inputs). */
export async function* textChunks(text: string, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size), 'utf8');
}

/** Reads all rows of a CSV text (UTF-8). For tests and small in-memory inputs. */
export async function readRowsFromText(text: string, opts: { file: string; chunkSize?: number; plain?: boolean }): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRows(textChunks(text, opts.chunkSize), { file: opts.file, plain: opts.plain === true })) rows.push(row);
  return rows;
}
