/**
 * Opening an .xlsx workbook (SPEC §3.4): the zip's central directory first
 * (yauzl), so that the workbook, its relationships, styles and shared
 * strings are parsed before any sheet whatever order they were written in;
 * then each sheet streamed through the pure parser of src/read/xlsx.ts, so a
 * 10^6-row sheet never sits in memory. Only the shared strings are held (a
 * sheet's cells point into them).
 */
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import {
  relsParser, sharedStringsParser, sheetParser, stylesParser, workbookParser,
} from '../read/xlsx.js';
import type { CellContext, NumberShape, SheetEnd, SheetRef, XmlSink } from '../read/xlsx.js';
import { fastSharedStrings } from '../read/fastsst.js';
import { plainPath } from './settings.js';
import type { RawRow } from '../read/types.js';
import { UserError, fail } from '../problems.js';
import type { WorkbookDamage } from '../problems.js';

/** An open workbook: its sheets in tab order and what their cells need. */
export interface Workbook {
  /** The file as shown in messages, and its path. */
  name: string;
  abs: string;
  sheets: SheetRef[];
  ctx: CellContext;
  /** Compressed size of each sheet's entry: the progress bar's bytes. */
  sizes: Map<string, number>;
  zip: ZipFile;
  entries: Map<string, Entry>;
  /** Whether its shared strings were read by the fast path (src/read/fastsst.ts); false when saxes read them, or it has none. */
  sharedStringsFast: boolean;
}

/** The one place a damaged workbook is described: what is damaged, the part (an entry or sheet), and the library's words (shown in English only). */
export function damaged(name: string, damage: WorkbookDamage, part = '', detail = ''): UserError {
  return fail('BAD_WORKBOOK', { file: name }, { damage, part, detail });
}

/** CODE: ENCRYPTED_WORKBOOK */
export function encrypted(name: string): UserError {
  return fail('ENCRYPTED_WORKBOOK', { file: name }, {});
}

/**
 * Uncompressed bytes the inflater hands over at a time: four times zlib's
 * default. Inflating runs on libuv's thread pool, and each chunk is a round
 * trip to it; with 16 KiB chunks a 30 MB sheet's parse waited on those trips
 * for about a tenth of its time (docs/performance.md, session 5).
 */
const INFLATE_CHUNK = 64 * 1024;

/**
 * An entry's uncompressed bytes, chunk by chunk. Deflated entries are read
 * raw from yauzl and inflated here, with larger chunks than yauzl's; the
 * size check yauzl makes (`validateEntrySizes`) is made here too, in its
 * words.
 */
async function* entryChunks(wb: { zip: ZipFile; name: string }, entry: Entry): AsyncGenerator<Buffer> {
  if ((entry.generalPurposeBitFlag & 1) !== 0) throw encrypted(wb.name);
  let stream: Readable;
  try {
    if (entry.compressionMethod !== 8) stream = await wb.zip.openReadStreamPromise(entry);
    else {
      const raw = await wb.zip.openReadStreamPromise(entry, { decompress: false });
      const inflate = zlib.createInflateRaw({ chunkSize: INFLATE_CHUNK });
      raw.on('error', (err) => inflate.destroy(err));
      inflate.on('close', () => raw.destroy());
      stream = raw.pipe(inflate);
    }
  } catch (err) {
    throw damaged(wb.name, 'entry', entry.fileName, (err as Error).message);
  }
  const expected = entry.uncompressedSize;
  let got = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      got += chunk.length;
      if (got > expected) throw new Error(`too many bytes in the stream. expected ${expected}. got at least ${got}`);
      yield chunk;
    }
    if (got < expected) throw new Error(`not enough bytes in the stream. expected ${expected}. got only ${got}`);
  } finally {
    stream.destroy();
  }
}

/** Feeds a whole entry through an XML parser, chunk by chunk. */
async function parseEntry<T>(wb: { zip: ZipFile; name: string }, entry: Entry, sink: XmlSink<T>, place: string): Promise<T> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of entryChunks(wb, entry)) sink.write(decoder.decode(chunk, { stream: true }));
    sink.write(decoder.decode());
    return sink.close();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw damaged(place, 'xml', entry.fileName, (err as Error).message.split('\n')[0] ?? '');
  }
}

/**
 * What hears a workbook's worksheets as soon as its styles are read, before
 * its shared strings (src/engine/sheets.ts starts a large sheet's workers).
 */
export type SheetsFound = (
  wb: { abs: string; name: string; styles: readonly NumberShape[]; date1904: boolean },
  sheets: { sheet: SheetRef; size: number }[],
) => void;

/**
 * Opens `abs` (shown as `name`) as a workbook and reads everything but the
 * sheets. Throws a UserError naming the file for a corrupt zip, an
 * encrypted entry or a workbook without its parts. Given what another
 * thread read of the same file (`known`), it reads only the zip's directory.
 * `found` hears the worksheets before the shared strings are read.
 */
export async function openWorkbook(abs: string, name: string, known?: { sheets: SheetRef[]; ctx: CellContext }, found?: SheetsFound): Promise<Workbook> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(abs, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw damaged(name, 'zip', '', (err as Error).message);
  }
  try {
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/\\/g, '/'), entry);
    } catch (err) {
      throw damaged(name, 'zip', '', (err as Error).message);
    }
    if (known) {
      const sizes = new Map(known.sheets.map((sh) => [sh.entry, entries.get(sh.entry)?.compressedSize ?? 0]));
      return { name, abs, sheets: known.sheets, ctx: known.ctx, sizes, zip, entries, sharedStringsFast: false };
    }
    const wb = { zip, name };
    const book = entries.get('xl/workbook.xml');
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (!book || !rels) throw damaged(name, 'not-spreadsheet');
    const parsed = await parseEntry(wb, book, workbookParser(), name);
    const targets = await parseEntry(wb, rels, relsParser(), name);
    const stylesEntry = entries.get('xl/styles.xml');
    const styles = stylesEntry ? await parseEntry(wb, stylesEntry, stylesParser(), name) : [];
    const sheets: SheetRef[] = [];
    const sizes = new Map<string, number>();
    for (const s of parsed.sheets) {
      const target = targets.get(s.rid);
      // Chart sheets and dialog sheets have no rows.
      if (target === undefined || !/\/worksheets\//.test(`/${target}`)) continue;
      const entry = entries.get(target);
      if (!entry) throw damaged(`${name}[${s.name}]`, 'sheet-missing', target);
      sheets.push({ name: s.name, entry: target });
      sizes.set(target, entry.compressedSize);
    }
    found?.({ abs, name, styles, date1904: parsed.date1904 }, sheets.map((sheet) => ({ sheet, size: entries.get(sheet.entry)?.uncompressedSize ?? 0 })));
    const ssEntry = entries.get('xl/sharedStrings.xml') ?? [...entries.values()].find((e) => /^xl\/sharedstrings\.xml$/i.test(e.fileName));
    const fast = ssEntry && !plainPath() ? await parseEntry(wb, ssEntry, fastSharedStrings(), name) : null;
    // When the fast path gives up, saxes reads the part from its start, and reports what is wrong with it.
    const sharedStrings = fast ?? (ssEntry ? await parseEntry(wb, ssEntry, sharedStringsParser(), name) : []);
    return { name, abs, sheets, ctx: { sharedStrings, styles, date1904: parsed.date1904 }, sizes, zip, entries, sharedStringsFast: fast !== null };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Thrown by workbookSheets' `found` to stop openWorkbook before the shared strings. */
const SHEETS_ONLY = Symbol('sheets only');

/**
 * A workbook's worksheets (with their XML's size), styles and date system,
 * read without its shared strings: what a sheet's workers need to start
 * (src/engine/sheets.ts, `startEarlySheet`). Null when the file cannot be
 * read so far; opening it for real says why.
 */
export async function workbookSheets(abs: string, name: string): Promise<Parameters<SheetsFound> | null> {
  let seen: Parameters<SheetsFound> | null = null;
  try {
    await openWorkbook(abs, name, undefined, (wb, sheets) => {
      seen = [wb, sheets];
      throw SHEETS_ONLY;
    });
  } catch (err) {
    if (err !== SHEETS_ONLY) return null;
  }
  return seen;
}

/** Closes the workbook's file. */
export function closeWorkbook(wb: Workbook): void {
  wb.zip.close();
}

/**
 * A sheet's XML as text, chunk by chunk; `bytes` hears each chunk's share of
 * the compressed size (the progress bar's). Stopping early (a `break` in
 * the caller's loop) closes the entry's stream.
 */
export async function* sheetXml(wb: Workbook, sheet: SheetRef, bytes: (n: number) => void = () => {}): AsyncGenerator<string> {
  const entry = wb.entries.get(sheet.entry);
  if (!entry) throw damaged(sheetPlace(wb, sheet), 'sheet-missing', sheet.entry);
  const decoder = new TextDecoder('utf-8');
  const ratio = entry.uncompressedSize > 0 ? entry.compressedSize / entry.uncompressedSize : 1;
  for await (const chunk of entryChunks(wb, entry)) {
    yield decoder.decode(chunk, { stream: true });
    bytes(Math.round(chunk.length * ratio));
  }
  yield decoder.decode();
}

/** A sheet as messages name it: `file.xlsx[sheet]`. */
export function sheetPlace(wb: Workbook, sheet: SheetRef): string {
  return `${wb.name}[${sheet.name}]`;
}

/** What reading a sheet's XML threw, as the problem the clerk sees: a damaged sheet, unless it is one already. */
export function sheetDamage(wb: Workbook, sheet: SheetRef, err: unknown): UserError {
  if (err instanceof UserError) return err;
  return damaged(sheetPlace(wb, sheet), 'xml', sheet.entry, (err as Error).message.split('\n')[0] ?? '');
}

/**
 * Streams one sheet's non-empty rows to `onRow` in order; `onRow` returns
 * false to stop early (the header search reads only the first rows).
 * Resolves with the sheet's merged areas and dimension when read to its end,
 * null when stopped early. `bytes` hears each compressed chunk's size.
 */
export async function readSheet(
  wb: Workbook,
  sheet: SheetRef,
  onRow: (row: RawRow) => boolean | void,
  bytes: (n: number) => void = () => {},
): Promise<SheetEnd | null> {
  let stopped = false;
  // What onRow throws is the caller's (a bad row, or a bug), never a damaged sheet: kept apart and rethrown as it is.
  let thrown: { err: unknown } | null = null;
  const sink = sheetParser(wb.ctx, (row) => {
    if (stopped) return;
    try {
      if (onRow(row) === false) stopped = true;
    } catch (err) {
      thrown = { err };
      stopped = true;
    }
  });
  try {
    for await (const text of sheetXml(wb, sheet, bytes)) {
      sink.write(text);
      if (stopped) break;
    }
    if (!stopped) {
      const end = sink.close();
      if (!stopped) return end;
    }
  } catch (err) {
    if (thrown === null) throw sheetDamage(wb, sheet, err);
  }
  if (thrown !== null) throw (thrown as { err: unknown }).err;
  return null;
}
