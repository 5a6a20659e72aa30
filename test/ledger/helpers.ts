/** Shared helpers of the ledger tests: temp folders and raw views of a ledger file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LEDGER_TABLES } from '../../src/ledger/schema.js';

/** A fresh temp folder; call the returned `cleanup` in afterAll. */
export function tempFolder(prefix: string): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `assess-ledger-${prefix}-`));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const ORDER: Record<(typeof LEDGER_TABLES)[number], string> = {
  runs: 'month',
  run_files: 'month, seq',
  units: 'month, unit',
  people: 'month, employee',
  effect_rules: 'month, seq',
  effect_files: 'month, seq',
  effect_batches: 'month, batch',
  ledger_log: 'seq',
};

/** Every row of every ledger table, read with a plain connection: what "exactly as it was" compares. */
export function dump(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries([
      ...LEDGER_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY ${ORDER[t]}`).all()]),
      // The effects one by one, as the view gives them back.
      ['effects_trace', db.prepare('SELECT * FROM effects_trace ORDER BY month, seq').all()],
    ]);
  } finally {
    db.close();
  }
}

/** Runs `fn` on a plain read-write connection to the file (no ledger code involved). */
export function raw<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
