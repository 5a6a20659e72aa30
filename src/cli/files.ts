/**
 * Report files: each written atomically (a temporary file in the same folder,
 * then a rename), so that a reader never sees half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkbookSpec } from '../render/workbook.js';
import { writeWorkbook, type WorkbookStats } from '../render/xlsx.js';
import { fail } from '../problems.js';
import { diskFullError } from '../ledger/failure.js';

/** A file's content: a string, or pieces of text or of UTF-8 bytes. */
type Text = string | Iterable<string | Uint8Array>;

/** Where a file is written before its rename: beside it, hidden, named for this process. */
function tempOf(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
}

/**
 * The clerk's problem for a failed write of `file` (a full disk: exit 75,
 * worth retrying; else exit 1), after removing the temporary file. An error
 * without a system code is a bug in making the text: rethrown, so that
 * main() reports it as internal.
 */
function writeFailure(err: unknown, file: string, tmp: string): unknown {
  fs.rmSync(tmp, { force: true });
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return err;
  if (code === 'ENOSPC' || code === 'EDQUOT') return diskFullError(file);
  return fail('FILE_WRITE_FAILED', { file }, { detail: (err as Error).message });
}

/** Writes `text` (a string, or pieces written one after another) to the temporary file of `file`. */
function writeTemp(file: string, text: Text): string {
  const tmp = tempOf(file);
  try {
    if (typeof text === 'string') fs.writeFileSync(tmp, text);
    else writePieces(tmp, text);
    return tmp;
  } catch (err) {
    throw writeFailure(err, file, tmp);
  }
}

/** Streams a workbook through exceljs into the temporary file of `file`. */
async function writeWorkbookTemp(file: string, spec: WorkbookSpec, opts: { maxRows?: number }): Promise<{ tmp: string; stats: WorkbookStats }> {
  const tmp = tempOf(file);
  try {
    const out = fs.createWriteStream(tmp);
    const closed = new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      out.on('error', reject);
    });
    const [stats] = await Promise.all([writeWorkbook(spec, out, opts), closed]);
    return { tmp, stats };
  } catch (err) {
    throw writeFailure(err, file, tmp);
  }
}

/**
 * Writes `text` to `file` atomically: a string, or pieces of text written
 * one after another (a big trace.csv is never held whole in memory).
 */
export function writeAtomic(file: string, text: Text): void {
  fs.renameSync(writeTemp(file, text), file);
}

/** Writes a workbook to `file` atomically, streaming: the rows pass through exceljs into a temporary file beside it, which is then renamed. */
export async function writeWorkbookAtomic(file: string, spec: WorkbookSpec, opts: { maxRows?: number } = {}): Promise<WorkbookStats> {
  const { tmp, stats } = await writeWorkbookTemp(file, spec, opts);
  fs.renameSync(tmp, file);
  return stats;
}

/** Writes the pieces in order into a new file, closing it whatever happens. */
function writePieces(file: string, pieces: Iterable<string | Uint8Array>): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const piece of pieces) {
      const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The --out files, fully written under temporary names, waiting for their renames. */
export interface StagedFiles {
  /** Renames every file into place (a rename needs no room on the disk). */
  commit(): void;
  /** Removes the temporary files (the run failed after they were written). */
  abort(): void;
}

/**
 * Creates `dir` if needed and writes each [name, text] (text made on demand
 * by a function, so that only one file's text is alive at once) and each
 * workbook under a temporary name, without renaming any: so that a full
 * disk shows before the month is recorded in the ledger, and a failed run
 * leaves neither half a file nor a temporary one.
 */
export async function stageOutFiles(
  dir: string,
  files: [string, Text | (() => Text)][],
  workbooks: [string, () => WorkbookSpec][] = [],
): Promise<StagedFiles> {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw diskFullError(dir);
    throw fail('OUT_DIR_FAILED', { file: dir }, { detail: (err as Error).message });
  }
  const staged: [string, string][] = [];
  const abort = (): void => {
    for (const [tmp] of staged.splice(0)) fs.rmSync(tmp, { force: true });
  };
  try {
    for (const [name, text] of files) {
      const file = path.join(dir, name);
      staged.push([writeTemp(file, typeof text === 'function' ? text() : text), file]);
    }
    for (const [name, spec] of workbooks) {
      const file = path.join(dir, name);
      staged.push([(await writeWorkbookTemp(file, spec(), {})).tmp, file]);
    }
  } catch (err) {
    abort();
    throw err;
  }
  return {
    commit: () => {
      for (const [tmp, file] of staged.splice(0)) fs.renameSync(tmp, file);
    },
    abort,
  };
}
