/**
 * Report files: each written atomically (a temporary file in the same folder,
 * then a rename), so that a reader never sees half a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../types.js';

/** Writes `text` to `file` atomically. */
export function writeAtomic(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new UserError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/** Creates `dir` if needed and writes each [name, text] into it atomically. */
export function writeOutFiles(dir: string, files: [string, string][]): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UserError(`cannot create the --out folder ${dir}: ${(err as Error).message}`);
  }
  for (const [name, text] of files) writeAtomic(path.join(dir, name), text);
}
