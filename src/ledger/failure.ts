/**
 * What a failing SQLite ledger means to the clerk (SPEC §6, §8): a ledger
 * busy past the timeout and a full disk are transient (exit 75, so that cron
 * retries); a file that is not a database, or is damaged, is the clerk's to
 * fix (exit 1). SQLite reports a full disk as SQLITE_FULL while writing, but
 * as a plain "disk I/O error" when it cannot even make its shared-memory
 * file, so the free space of the ledger's file system decides those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserError, fail } from '../problems.js';

/** Free bytes below this on the ledger's file system count as a full disk: SQLite needs about 64 KB to open a ledger in WAL mode. */
export const FULL_DISK_BYTES = 256 * 1024;

/** True when the file system holding `file` has almost no room left (false when that cannot be told). */
export function diskFull(file: string): boolean {
  try {
    const st = fs.statfsSync(path.dirname(path.resolve(file)));
    return st.bavail * st.bsize < FULL_DISK_BYTES;
  } catch {
    return false;
  }
}

/** The problem of a full disk under `file` (exit 75). */
export function diskFullError(file: string): UserError {
  return fail('DISK_FULL', null, { path: file });
}

/**
 * The UserError a SQLite error on the ledger `file` stands for, or null when
 * it is none of these (a bug: main() reports it as internal).
 */
export function ledgerFailure(err: unknown, file: string, busyTimeoutMs: number): UserError | null {
  if (err instanceof UserError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return fail('LEDGER_BUSY', null, { path: file, seconds: busyTimeoutMs / 1000 });
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && diskFull(file))) {
    return diskFullError(file);
  }
  if (code === 'SQLITE_NOTADB') {
    return fail('LEDGER_NOT_SQLITE', null, { path: file, detail: null });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return fail('LEDGER_DAMAGED', null, { path: file, detail: (err as Error).message });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code.startsWith('SQLITE_IOERR')) {
    return fail('LEDGER_UNUSABLE', null, { path: file, detail: (err as Error).message });
  }
  return null;
}
