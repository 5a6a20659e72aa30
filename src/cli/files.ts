/**
 * Report files: each written atomically (a temporary file in the same folder,
 * then a rename), so that a reader never sees half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { WorkbookSpec } from '../render/workbook.js';
import { writeWorkbook, type WorkbookStats } from '../render/xlsx.js';
import { fail, UserError } from '../problems.js';

/**
 * Writes `text` to `file` atomically: a string, or pieces of text written
 * one after another (a big trace.csv is never held whole in memory).
 */
export function writeAtomic(file: string, text: string | Iterable<string>): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    if (typeof text === 'string') fs.writeFileSync(tmp, text);
    else writePieces(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    // A bug in making the pieces is not the clerk's disk: let main() report it as internal.
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== 'string') throw err;
    // DISK_FULL: worth retrying once there is room (exit 75, SPEC §8).
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new UserError(`cannot write ${file}: the disk is full. Free some space and run assess again`, 75);
    throw fail('FILE_WRITE_FAILED', { file }, { detail: (err as Error).message });
  }
}

/**
 * Writes a workbook to `file` atomically, streaming: the rows pass through
 * exceljs into a temporary file beside it, which is then renamed.
 */
export async function writeWorkbookAtomic(file: string, spec: WorkbookSpec, opts: { maxRows?: number } = {}): Promise<WorkbookStats> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    const out = fs.createWriteStream(tmp);
    const closed = new Promise<void>((resolve, reject) => {
      out.on('close', resolve);
      out.on('error', reject);
    });
    const [stats] = await Promise.all([writeWorkbook(spec, out, opts), closed]);
    fs.renameSync(tmp, file);
    return stats;
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/** Writes the pieces in order into a new file, closing it whatever happens. */
function writePieces(file: string, pieces: Iterable<string>): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length; ) at += fs.writeSync(fd, bytes, at);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates `dir` if needed and writes each [name, text] into it atomically (text made on demand by a function). */
export function writeOutFiles(dir: string, files: [string, string | Iterable<string> | (() => string | Iterable<string>)][]): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') throw new UserError(`cannot create the --out folder ${dir}: the disk is full. Free some space and run assess again`, 75);
    throw fail('OUT_DIR_FAILED', { file: dir }, { detail: (err as Error).message });
  }
  for (const [name, text] of files) writeAtomic(path.join(dir, name), typeof text === 'function' ? text() : text);
}
