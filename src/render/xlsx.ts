/**
 * A workbook (src/render/workbook.ts) as .xlsx bytes, written with exceljs's
 * streaming writer so that a trace of 10^6 rows passes through a few rows at
 * a time. The bytes depend on the spec alone: the date in the document
 * properties and in every zip entry is the spec's, never the clock's.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import type ExcelJSNamespace from 'exceljs';
import { displayWidth } from './table.js';
import type { Sheet, SheetCell, SheetColumn, WorkbookSpec } from './workbook.js';

/** Rows in a worksheet, header included (Excel's limit). */
export const SHEET_ROWS = 1_048_576;
/** Longest text a cell may hold (Excel's limit); longer text is cut with an ellipsis. */
export const CELL_CHARS = 32_767;
/** Rows looked at to size the columns (a column's width is fixed before its rows are written). */
const SIZING_ROWS = 2_000;
/** Rows written between two waits for the zip to take what was written. */
const YIELD_ROWS = 1_000;
const MONEY_FORMAT = '0.00';
/** Paper size 9 is A4 in SpreadsheetML. */
const A4 = 9;

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab and line ends,
 * U+FFFE/U+FFFF, lone surrogates): a name from a CSV must not make the file
 * unreadable, so they become U+FFFD like control characters on a terminal.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as a cell can hold it.
 * @example cellText('a\u0001b') // "a\uFFFDb"
 */
export function cellText(text: string): string {
  const clean = text.replace(NOT_XML, '\uFFFD');
  return clean.length > CELL_CHARS ? `${clean.slice(0, CELL_CHARS - 1)}…` : clean;
}

/** What a cell shows, for sizing its column. */
function shownText(cell: SheetCell, kind: SheetColumn['kind']): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return kind === 'money' ? cell.toFixed(2) : String(cell);
  return cell.money.toFixed(2);
}

/**
 * Column widths in character units: the widest heading or cell of the first
 * rows (CJK counts two), plus a margin, between 6 and 60.
 */
export function columnWidths(columns: readonly SheetColumn[], rows: readonly SheetCell[][]): number[] {
  return columns.map((column, i) => {
    let widest = displayWidth(column.heading);
    for (const row of rows) {
      const cell = row[i];
      if (cell !== undefined) widest = Math.max(widest, displayWidth(shownText(cell, column.kind)));
    }
    return Math.min(60, Math.max(6, widest + 2));
  });
}

/** A1-style name of a column, 0-based: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

/**
 * Text for a page header: `&` starts a code there, so it is doubled; the
 * whole header may hold 255 characters.
 */
function headerText(title: string): string {
  return cellText(title).replaceAll('&', '&&').slice(0, 200);
}

type Worksheet = ExcelJSNamespace.Worksheet;
type Writer = ExcelJSNamespace.stream.xlsx.WorkbookWriter;

/** The internals of exceljs's writer that fixing the zip entries' dates needs. */
interface ZipOwner {
  zip: { append: (source: unknown, data: { name: string; date?: Date }) => unknown };
}

/** One worksheet of a sheet: the first is named as the sheet, the next `name (2)`, and so on. */
function addWorksheet(wb: Writer, sheet: Sheet, part: number, widths: number[]): Worksheet {
  const name = part === 1 ? sheet.name : `${sheet.name} (${part})`;
  const last = columnLetter(sheet.columns.length - 1);
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }],
    pageSetup: {
      paperSize: A4,
      orientation: sheet.columns.length > 6 ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
    },
    headerFooter: { oddHeader: `&C&"-,Bold"${headerText(sheet.title)}`, oddFooter: '&C&P / &N' },
  });
  ws.columns = sheet.columns.map((column, i) => ({
    width: widths[i] ?? 10,
    style: column.kind === 'money' ? { numFmt: MONEY_FORMAT } : {},
  }));
  ws.autoFilter = `A1:${last}1`;
  const header = ws.addRow(sheet.columns.map((c) => cellText(c.heading)));
  header.font = { bold: true };
  header.commit();
  return ws;
}

function addRow(ws: Worksheet, columns: readonly SheetColumn[], cells: readonly SheetCell[]): void {
  const values = cells.map((cell) => (typeof cell === 'string' ? cellText(cell) : typeof cell === 'number' ? cell : cell.money));
  const row = ws.addRow(values);
  cells.forEach((cell, i) => {
    if (typeof cell === 'object' && columns[i]?.kind === 'mixed') row.getCell(i + 1).numFmt = MONEY_FORMAT;
  });
  row.commit();
}

/**
 * The internals of exceljs's worksheet stream that backpressure needs: where
 * its bytes go. archiver wraps the sheet's stream in a PassThrough of
 * readable-stream 2, whose state says when it holds more than its high-water mark.
 */
interface PipedSheet {
  stream: { pipes?: (NodeJS.EventEmitter & { _writableState?: { needDrain?: boolean } })[] };
}

/**
 * Waits until the zip has taken what was written. exceljs's worksheet
 * stream hands its bytes on without heeding `write`'s return value, so a
 * sheet written faster than it is compressed piles up in memory (+200 MB
 * for a 10^6-row trace); waiting for 'drain' where it piles up carries the
 * file's own backpressure back to the rows (a test asserts the wait happens).
 */
async function drained(ws: Worksheet, stats: WorkbookStats): Promise<void> {
  for (const pipe of (ws as unknown as PipedSheet).stream.pipes ?? []) {
    stats.checks += 1;
    if (pipe._writableState?.needDrain === true) {
      stats.waits += 1;
      await once(pipe, 'drain');
    }
  }
  await new Promise((resolve) => setImmediate(resolve));
}

/** What writing a workbook did: rows written, worksheets, and how the backpressure worked. */
export interface WorkbookStats {
  rows: number;
  worksheets: number;
  /** Times the stream between a sheet and the zip was looked at (0: the backpressure found nothing to watch). */
  checks: number;
  /** Times writing waited for the zip to drain. */
  waits: number;
}

/** Writes one sheet, continuing on further worksheets past `maxRows` rows (header included). */
async function writeSheet(wb: Writer, sheet: Sheet, maxRows: number, stats: WorkbookStats): Promise<void> {
  const rows = sheet.rows[Symbol.iterator]();
  const first: SheetCell[][] = [];
  while (first.length < SIZING_ROWS) {
    const r = rows.next();
    if (r.done === true) break;
    first.push(r.value);
  }
  const widths = columnWidths(sheet.columns, first);
  let part = 1;
  let ws = addWorksheet(wb, sheet, part, widths);
  stats.worksheets += 1;
  let inSheet = 1;
  const put = async (cells: SheetCell[]): Promise<void> => {
    if (inSheet === maxRows) {
      ws.commit();
      part += 1;
      ws = addWorksheet(wb, sheet, part, widths);
      stats.worksheets += 1;
      inSheet = 1;
    }
    addRow(ws, sheet.columns, cells);
    inSheet += 1;
    stats.rows += 1;
    if (stats.rows % YIELD_ROWS === 0) await drained(ws, stats);
  };
  for (const cells of first) await put(cells);
  for (let r = rows.next(); r.done !== true; r = rows.next()) await put(r.value);
  ws.commit();
}

/**
 * Writes the workbook to `out` and resolves when the last byte is written.
 * `maxRows` (rows per worksheet, header included) is Excel's limit except in tests.
 */
export async function writeWorkbook(spec: WorkbookSpec, out: Writable, opts: { maxRows?: number } = {}): Promise<WorkbookStats> {
  const maxRows = opts.maxRows ?? SHEET_ROWS;
  if (maxRows < 2) throw new Error('internal: a worksheet needs room for its header and a row');
  // Loaded when a workbook is written, not at start-up: with require, which the CLI's CommonJS bundle has
  // (a dynamic import in it would need vm's dynamic-import hook, which Node 20 calls experimental; bin/load.js).
  const ExcelJS = createRequire(import.meta.url)('exceljs') as typeof ExcelJSNamespace;
  const date = spec.date;
  /** exceljs adds its first zip entries in its constructor: this is the first moment to fix their date. */
  class StableWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
    override addThemes(): Promise<void> {
      const zip = (this as unknown as ZipOwner).zip;
      const append = zip.append.bind(zip);
      // A string would reach archiver-utils' deprecated `new Buffer(string)`, which warns on stderr.
      zip.append = (source, data) => append(typeof source === 'string' ? Buffer.from(source, 'utf8') : source, { ...data, date });
      return super.addThemes();
    }
  }
  const wb = new StableWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'assess';
  wb.lastModifiedBy = 'assess';
  wb.created = date;
  wb.modified = date;
  const stats: WorkbookStats = { rows: 0, worksheets: 0, checks: 0, waits: 0 };
  for (const sheet of spec.sheets) await writeSheet(wb, sheet, maxRows, stats);
  await wb.commit();
  return stats;
}
