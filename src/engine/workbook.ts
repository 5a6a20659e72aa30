/**
 * Opening an .xlsx workbook (SPEC §3.4): the zip's central directory first
 * (yauzl), so that the workbook, its relationships, styles and shared
 * strings are parsed before any sheet whatever order they were written in;
 * then each sheet streamed through the pure parser of src/read/xlsx.ts, so a
 * 10^6-row sheet never sits in memory. Only the shared strings are held (a
 * sheet's cells point into them).
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import {
  relsParser, sharedStringsParser, sheetParser, stylesParser, workbookParser,
} from '../read/xlsx.js';
import type { CellContext, SheetEnd, SheetRef, XmlSink } from '../read/xlsx.js';
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
}

/** The one place a damaged workbook is described: what is damaged, the part (an entry or sheet), and the library's words (shown in English only). */
export function damaged(name: string, damage: WorkbookDamage, part = '', detail = ''): UserError {
  return fail('BAD_WORKBOOK', { file: name }, { damage, part, detail });
}

/** CODE: ENCRYPTED_WORKBOOK */
export function encrypted(name: string): UserError {
  return fail('ENCRYPTED_WORKBOOK', { file: name }, {});
}

async function openEntry(wb: { zip: ZipFile; name: string }, entry: Entry): Promise<Readable> {
  if ((entry.generalPurposeBitFlag & 1) !== 0) throw encrypted(wb.name);
  try {
    return await wb.zip.openReadStreamPromise(entry);
  } catch (err) {
    throw damaged(wb.name, 'entry', entry.fileName, (err as Error).message);
  }
}

/** Feeds a whole entry through an XML parser, chunk by chunk. */
async function parseEntry<T>(wb: { zip: ZipFile; name: string }, entry: Entry, sink: XmlSink<T>, place: string): Promise<T> {
  const stream = await openEntry(wb, entry);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) sink.write(decoder.decode(chunk, { stream: true }));
    sink.write(decoder.decode());
    return sink.close();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw damaged(place, 'xml', entry.fileName, (err as Error).message.split('\n')[0] ?? '');
  }
}

/**
 * Opens `abs` (shown as `name`) as a workbook and reads everything but the
 * sheets. Throws a UserError naming the file for a corrupt zip, an
 * encrypted entry or a workbook without its parts. Given what another
 * thread read of the same file (`known`), it reads only the zip's directory.
 */
export async function openWorkbook(abs: string, name: string, known?: { sheets: SheetRef[]; ctx: CellContext }): Promise<Workbook> {
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
      return { name, abs, sheets: known.sheets, ctx: known.ctx, sizes, zip, entries };
    }
    const wb = { zip, name };
    const book = entries.get('xl/workbook.xml');
    const rels = entries.get('xl/_rels/workbook.xml.rels');
    if (!book || !rels) throw damaged(name, 'not-spreadsheet');
    const parsed = await parseEntry(wb, book, workbookParser(), name);
    const targets = await parseEntry(wb, rels, relsParser(), name);
    const stylesEntry = entries.get('xl/styles.xml');
    const styles = stylesEntry ? await parseEntry(wb, stylesEntry, stylesParser(), name) : [];
    const ssEntry = entries.get('xl/sharedStrings.xml') ?? [...entries.values()].find((e) => /^xl\/sharedstrings\.xml$/i.test(e.fileName));
    const sharedStrings = ssEntry ? await parseEntry(wb, ssEntry, sharedStringsParser(), name) : [];
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
    return { name, abs, sheets, ctx: { sharedStrings, styles, date1904: parsed.date1904 }, sizes, zip, entries };
  } catch (err) {
    zip.close();
    throw err;
  }
}

/** Closes the workbook's file. */
export function closeWorkbook(wb: Workbook): void {
  wb.zip.close();
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
  const entry = wb.entries.get(sheet.entry);
  const place = `${wb.name}[${sheet.name}]`;
  if (!entry) throw damaged(place, 'sheet-missing', sheet.entry);
  const stream = await openEntry(wb, entry);
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
  const decoder = new TextDecoder('utf-8');
  const ratio = entry.uncompressedSize > 0 ? entry.compressedSize / entry.uncompressedSize : 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      sink.write(decoder.decode(chunk, { stream: true }));
      bytes(Math.round(chunk.length * ratio));
      if (stopped) break;
    }
    if (!stopped) {
      sink.write(decoder.decode());
      const end = sink.close();
      if (!stopped) return end;
    }
    stream.destroy();
    if (thrown !== null) throw (thrown as { err: unknown }).err;
    return null;
  } catch (err) {
    stream.destroy();
    if (thrown !== null) throw (thrown as { err: unknown }).err;
    if (err instanceof UserError) throw err;
    throw damaged(place, 'xml', entry.fileName, (err as Error).message.split('\n')[0] ?? '');
  }
}
