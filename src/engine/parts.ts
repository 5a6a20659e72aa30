/**
 * Spreadsheet inputs (SPEC §3.4): which files are workbooks, which sheets of
 * a workbook are input parts and where their headers are, and the rows of a
 * part. A CSV file is one part read by the CSV path; a workbook gives one
 * part per sheet with a header, named `file.xlsx[sheet]` everywhere (trace,
 * rejects, ledger); an `.xls` that is really an HTML table is one part.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { decodeChunks } from '../read/decode.js';
import { htmlTableParser } from '../read/html.js';
import { detectLayout, partialKinds } from '../read/layout.js';
import type { ColumnsConfig, FileLayout, RawRow } from '../read/types.js';
import { oleIsEncrypted } from '../read/sniff.js';
import type { FileShape } from '../read/sniff.js';
import type { MergedArea, SheetRef } from '../read/xlsx.js';
import { UserError, fail, problem as makeProblem } from '../problems.js';
import type { Problem } from '../problems.js';
import { closeWorkbook, damaged, encrypted, openWorkbook, readSheet, workbookSheets } from './workbook.js';
import type { Workbook } from './workbook.js';
import { readSheetFromWorker, startEarlySheet, stopEarlySheet, stopSheetWorkers, toWidth } from './sheets.js';

export { planSheetWorkers, stopEarlySheet } from './sheets.js';

/** A header is looked for among a sheet's first this many non-empty rows (title rows above it). */
export const HEADER_ROWS = 10;

/** Where a spreadsheet part's rows come from. */
export type PartSource =
  | { type: 'xlsx'; workbook: Workbook; sheet: SheetRef; headerLine: number; width: number }
  | { type: 'html'; headerLine: number; width: number; encoding: string | null };

/** One input part that is not a CSV file. */
export interface SpreadsheetPart {
  /** As shown in messages and provenance: `2026-01.xlsx[投诉]`. */
  name: string;
  abs: string;
  /** Bytes the progress bar counts for it. */
  size: number;
  layout: FileLayout;
  source: PartSource;
}

/** Looked for in at most this much of an OLE2 file: its directory sits well inside. */
const OLE_SCAN_BYTES = 32 * 1024 * 1024;

/**
 * The problem with a file that is a spreadsheet assess cannot read: an old
 * binary .xls, an encrypted workbook, an Excel 2003 XML file, or an .xlsx
 * that is no zip at all. Null for a file assess can read.
 */
export function unreadableSpreadsheet(name: string, abs: string, shape: FileShape): UserError | null {
  if (shape === 'ole2') {
    const fd = fs.openSync(abs, 'r');
    let bytes: Buffer;
    try {
      bytes = Buffer.alloc(Math.min(fs.fstatSync(fd).size, OLE_SCAN_BYTES));
      fs.readSync(fd, bytes, 0, bytes.length, 0);
    } finally {
      fs.closeSync(fd);
    }
    if (oleIsEncrypted(bytes)) return encrypted(name);
    return fail('OLD_XLS', { file: name }, { format: 'xls' });
  }
  if (shape === 'xml2003') {
    return fail('OLD_XLS', { file: name }, { format: 'xml2003' });
  }
  if (shape !== 'zip' && /\.xls[xm]$/i.test(name)) return damaged(name, 'not-zip');
  return null;
}

/** What looking for a sheet's header found. */
type HeaderFound =
  | { ok: true; layout: FileLayout; line: number; width: number }
  | { ok: false; problem: Problem | null; rows: number };

/**
 * The header among `rows` (a sheet's first non-empty rows): the first that
 * matches a kind. Else a problem for the first row that matches a kind in
 * part (half or more of its required columns), or that matches in a way
 * that is an error anyway (two kinds, two columns for one field); else none.
 */
export function findHeader(rows: RawRow[], name: string, columns: ColumnsConfig): HeaderFound {
  let problem: Problem | null = null;
  for (const row of rows) {
    const detected = detectLayout(row.fields, columns, name);
    if (detected.ok) return { ok: true, layout: detected.layout, line: row.line, width: row.fields.length };
    if (problem !== null) continue;
    const partial = partialKinds(row.fields, columns);
    const found = detected.problem;
    if (partial.length > 0) {
      const p = partial[0] as (typeof partial)[number];
      problem = makeProblem('SHEET_PARTIAL_HEADER', { file: name, line: row.line }, { kind: p.kind, missing: p.missing });
    } else if (found.code !== 'HEADER_NO_KIND') problem = { ...found, source: { file: name, line: row.line } } as Problem;
  }
  return { ok: false, problem, rows: rows.length };
}

/** The merged area that covers part of the header row, if any. */
function mergedInHeader(merged: readonly MergedArea[], line: number): MergedArea | undefined {
  return merged.find((m) => m.top <= line && line <= m.bottom && (m.top !== m.bottom || m.left !== m.right));
}

function mergedHeaderError(name: string, line: number, area: MergedArea): UserError {
  return fail('MERGED_HEADER', { file: name, line }, { cells: area.ref.startsWith('row') ? null : area.ref, left: area.left + 1, right: area.right + 1 });
}

/**
 * A workbook's input parts: every sheet whose header is found. Sheets with
 * nothing like a header go to `warn`, one each; sheets with a partial
 * header are problems. A workbook with no part at all is a problem too.
 * With `env` (a workbook of events, as far as is known), the workers of its
 * largest sheet may start before its shared strings are read
 * (src/engine/sheets.ts, `startEarlySheet`).
 */
export async function openWorkbookParts(
  f: { name: string; abs: string },
  columns: ColumnsConfig,
  warn: (p: Problem) => void,
  env?: Record<string, string | undefined>,
): Promise<{ parts: SpreadsheetPart[]; problems: Problem[] }> {
  let workbook: Workbook;
  try {
    workbook = await openWorkbook(f.abs, f.name, undefined, env === undefined ? undefined : (wb, sheets) => startEarlySheet(wb, sheets, env));
  } catch (err) {
    await stopEarlySheet(f.abs);
    throw err;
  }
  const parts: SpreadsheetPart[] = [];
  const problems: Problem[] = [];
  const skipped: string[] = [];
  try {
    for (const sheet of workbook.sheets) {
      const name = `${f.name}[${sheet.name}]`;
      const rows: RawRow[] = [];
      const end = await readSheet(workbook, sheet, (row) => {
        rows.push(row);
        return rows.length < HEADER_ROWS && detectLayout(row.fields, columns, name).ok === false;
      });
      const found = findHeader(rows, name, columns);
      if (!found.ok) {
        // A header that lacks columns because cells of it were merged: say so, rather than name the lost columns.
        const line = found.problem?.source?.line;
        const merged = line === undefined ? undefined : mergedInHeader((end ?? await readSheet(workbook, sheet, () => {}))?.merged ?? [], line);
        if (merged && line !== undefined) problems.push(...mergedHeaderError(name, line, merged).problems);
        else if (found.problem) problems.push(found.problem);
        else {
          skipped.push(sheet.name);
          warn(makeProblem('SHEET_SKIPPED', { file: name }, { empty: found.rows === 0, rows: HEADER_ROWS }));
        }
        continue;
      }
      const area = end === null ? undefined : mergedInHeader(end.merged, found.line);
      if (area) {
        problems.push(...mergedHeaderError(name, found.line, area).problems);
        continue;
      }
      parts.push({
        name, abs: f.abs, size: workbook.sizes.get(sheet.entry) ?? 0, layout: found.layout,
        source: { type: 'xlsx', workbook, sheet, headerLine: found.line, width: found.width },
      });
    }
  } catch (err) {
    closeWorkbook(workbook);
    await stopEarlySheet(f.abs);
    throw err;
  }
  if (parts.length === 0) {
    closeWorkbook(workbook);
    await stopEarlySheet(f.abs);
    if (problems.length === 0) {
      problems.push(makeProblem('NO_SHEET_HEADER', { file: f.name }, { sheets: skipped, rows: HEADER_ROWS, html: false }));
    }
  }
  return { parts, problems };
}

/** An `.xls` that is an HTML table: one part, its header found like a sheet's. */
export async function openHtmlPart(
  f: { name: string; abs: string; size: number },
  columns: ColumnsConfig,
  encoding: string | null,
): Promise<{ parts: SpreadsheetPart[]; problems: Problem[] }> {
  const rows: RawRow[] = [];
  await readHtml(f.abs, f.name, encoding, (row) => {
    rows.push(row);
    return rows.length < HEADER_ROWS && detectLayout(row.fields, columns, f.name).ok === false;
  });
  const found = findHeader(rows, f.name, columns);
  if (!found.ok) {
    return { parts: [], problems: [found.problem ?? makeProblem('NO_SHEET_HEADER', { file: f.name }, { sheets: [], rows: HEADER_ROWS, html: true })] };
  }
  return { parts: [{ ...f, layout: found.layout, source: { type: 'html', headerLine: found.line, width: found.width, encoding } }], problems: [] };
}

/** Streams an HTML table's rows; `onRow` returns false to stop. Resolves with its merged cells when read to the end. */
async function readHtml(abs: string, name: string, encoding: string | null, onRow: (row: RawRow) => boolean | void, bytes: (n: number) => void = () => {}): Promise<MergedArea[] | null> {
  const stream = fs.createReadStream(abs, { highWaterMark: 64 * 1024 });
  let stopped = false;
  const sink = htmlTableParser((row) => {
    if (!stopped && onRow(row) === false) stopped = true;
  });
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes(chunk.length);
      yield chunk;
    }
  }
  try {
    for await (const text of decodeChunks(counted(), { file: name, ...(encoding ? { encoding } : {}) })) {
      sink.write(text);
      if (stopped) return null;
    }
    const end = sink.close();
    return stopped ? null : end.merged;
  } finally {
    stream.destroy();
  }
}

/**
 * Streams a part's data rows (those after its header) to `onRow`, each cut
 * or padded to the header's width: a cell beyond the last heading belongs
 * to no column, as an unknown column is ignored. Throws a UserError for a
 * header with merged cells (known only once the sheet is read: a sheet
 * lists its merged areas after its rows).
 */
export async function readPartRows(part: SpreadsheetPart, onRow: (row: RawRow) => void, bytes: (n: number) => void): Promise<void> {
  const { headerLine, width } = part.source;
  /** Data rows after the first `skip` (rows a sheet's worker passed on before it stopped). */
  const dataRows = (skip: number) => {
    let seen = 0;
    return (row: RawRow): void => {
      if (row.line <= headerLine || ++seen <= skip) return;
      onRow({ fields: toWidth(row.fields, width), line: row.line });
    };
  };
  const src = part.source;
  const readHere = async (skip: number): Promise<MergedArea[]> => (src.type === 'xlsx'
    ? (await readSheet(src.workbook, src.sheet, dataRows(skip), bytes))?.merged ?? []
    : (await readHtml(part.abs, part.name, src.encoding, dataRows(skip), bytes)) ?? []);
  // A large sheet is parsed on a worker thread when the month planned one (src/engine/sheets.ts).
  const merged = (src.type === 'xlsx' ? await readSheetFromWorker(src, onRow, bytes, readHere) : null) ?? await readHere(0);
  const area = mergedInHeader(merged, headerLine);
  if (area) throw mergedHeaderError(part.name, headerLine, area);
}

/**
 * Starts the workers of a workbook's largest sheet before anything else of
 * the run (`startEarlySheet`), when it is one and they would read it: a
 * month's command calls this before it loads the rules, so that the workers
 * start up while it does. Whatever goes wrong is left to opening the file for
 * real, which says it.
 */
export async function prestartWorkbook(abs: string, name: string, env: Record<string, string | undefined>): Promise<void> {
  const found = await workbookSheets(abs, name);
  if (found) startEarlySheet(found[0], found[1], env, true);
}

/** Closes the workbooks that `parts` hold open. */
export function closeParts(parts: readonly { source?: PartSource }[]): void {
  void stopSheetWorkers(parts);
  void stopEarlySheet();
  const open = new Set<Workbook>();
  for (const p of parts) if (p.source?.type === 'xlsx') open.add(p.source.workbook);
  for (const wb of open) closeWorkbook(wb);
}

/** SHA-256 of a whole file, read once per path however many of its sheets are parts. */
export async function fileSha256(abs: string, cache: Map<string, Promise<string>>): Promise<string> {
  let p = cache.get(abs);
  if (!p) {
    p = (async () => {
      const hash = createHash('sha256');
      for await (const chunk of fs.createReadStream(abs, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
      return hash.digest('hex');
    })();
    cache.set(abs, p);
  }
  return p;
}

