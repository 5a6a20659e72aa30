/**
 * The ledger shared by several processes (SPEC §6: "two runs at once must not
 * corrupt it"): real child processes on a real file. The children run the
 * ledger module bundled by esbuild, since plain node cannot load TypeScript.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteSync as openLedger } from '../../src/ledger/sqlite.js';
import { dump, raw, tempFolder } from './helpers.js';
import { sampleInput } from './sample.js';

const tmp = tempFolder('proc');
const CHILD = fileURLToPath(new URL('./fixtures/child.mjs', import.meta.url));
// The bundle loads better-sqlite3 when it opens a ledger (src/ledger/open.ts), resolved from where
// the bundle is: a folder under the project's node_modules finds the project's copy.
const CACHE = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
let bundleDir = '';

beforeAll(async () => {
  fs.mkdirSync(CACHE, { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(CACHE, 'assess-ledger-proc-'));
  await build({
    entryPoints: {
      ledger: fileURLToPath(new URL('../../src/ledger/sqlite.ts', import.meta.url)),
      sample: fileURLToPath(new URL('./sample.ts', import.meta.url)),
    },
    outdir: bundleDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
});
afterAll(() => {
  tmp.cleanup();
  fs.rmSync(bundleDir, { recursive: true, force: true });
});

interface ChildRun {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when the child printed "started", i.e. is about to call saveMonth. */
  started: Promise<void>;
  kill: () => void;
}

/** Starts a child that saves a synthetic month of `people` and `effects` into `ledger`. */
function saveInChild(ledger: string, month: string, people: number, effects: number, variant: number): ChildRun {
  const child = spawn(process.execPath, [CHILD, bundleDir, ledger, month, String(people), String(effects), String(variant)]);
  let stdout = '';
  let stderr = '';
  let onStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (onStarted = resolve));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('started\n')) onStarted();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { done, started, kill: () => void child.kill('SIGKILL') };
}

function integrity(path: string): unknown {
  return raw(path, (db) => db.pragma('integrity_check', { simple: true }));
}

describe('several processes on one ledger', () => {
  it('two processes saving different months at the same time both land', async () => {
    const path = tmp.file('concurrent.db');
    // A fresh file: the two also race to create and migrate it.
    const a = saveInChild(path, '2026-01', 20_000, 60_000, 1);
    const b = saveInChild(path, '2026-02', 20_000, 60_000, 2);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect([ra.code, ra.stderr]).toEqual([0, '']);
    expect([rb.code, rb.stderr]).toEqual([0, '']);
    expect(ra.stdout + rb.stdout).toMatch(/saved.*\n[^]*saved/);

    expect(integrity(path)).toBe('ok');
    const ledger = openLedger(path, { readonly: true });
    try {
      expect(ledger.months()).toEqual(['2026-01', '2026-02']);
      expect(ledger.personMonths(2026)).toHaveLength(40_000);
      expect(ledger.effects('2026-01')).toHaveLength(60_000);
      expect(ledger.effects('2026-02')).toEqual(sampleInput({ month: '2026-02', people: 20_000, effects: 60_000, variant: 2 }).result.effects.toArray());
      expect(ledger.monthRun('2026-01')?.rulesHash).toBe('rules-1');
    } finally {
      ledger.close();
    }
  });

  it('a writer killed in the middle of a big save leaves the previous state intact and readable', async () => {
    const path = tmp.file('killed.db');
    const previous = sampleInput({ month: '2026-02', people: 50, effects: 80 }, '2026-03-01T07:00:00.000Z');
    const ledger = openLedger(path);
    ledger.saveMonth(sampleInput({ month: '2026-01', people: 50, effects: 80 }));
    ledger.saveMonth(previous);
    ledger.close();
    const before = dump(path);

    const child = saveInChild(path, '2026-02', 50_000, 200_000, 1);
    await child.started;
    await new Promise((r) => setTimeout(r, 120));
    // While the writer holds its transaction, a reader still sees the last committed state.
    const reader = openLedger(path, { readonly: true });
    expect(reader.monthRun('2026-02')?.runAt).toBe(previous.runAt);
    reader.close();
    child.kill();
    const result = await child.done;
    // Killed mid-save, not after it: otherwise this test would prove nothing.
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).not.toMatch(/saved/);

    expect(integrity(path)).toBe('ok');
    expect(dump(path)).toEqual(before);
    const after = openLedger(path);
    try {
      expect(after.months()).toEqual(['2026-01', '2026-02']);
      expect(after.monthRun('2026-02')?.runAt).toBe(previous.runAt);
      // The ledger still takes writes after the crash.
      expect(after.saveMonth(sampleInput({ month: '2026-02', people: 10, effects: 10, variant: 4 })).replaced).toBe(true);
    } finally {
      after.close();
    }
  });
});
