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
import { UserError } from '../problems.js';

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

/** The message of a full disk; CODE: DISK_FULL. */
export function diskFullMessage(file: string): string {
  return `the disk holding ${file} is full; nothing was written. Free some space and run assess again`;
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
    // CODE: LEDGER_BUSY
    return new UserError(`ledger ${file} is busy (LEDGER_BUSY): another program has held it for more than ${busyTimeoutMs / 1000} s; nothing was written. Try again later`, 75);
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || ((code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') && diskFull(file))) {
    return new UserError(diskFullMessage(file), 75);
  }
  if (code === 'SQLITE_NOTADB') {
    // CODE: LEDGER_NOT_A_DATABASE
    return new UserError(`${file} is not an assess ledger (not a SQLite database); it was left as it is. Pass --ledger with the ledger's path`);
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    // CODE: LEDGER_DAMAGED
    return new UserError(`ledger ${file} is damaged (${(err as Error).message}); it was left as it is. Restore it from a backup`);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code.startsWith('SQLITE_IOERR')) {
    // CODE: LEDGER_UNWRITABLE
    return new UserError(`cannot use ledger ${file}: ${(err as Error).message}`);
  }
  return null;
}
