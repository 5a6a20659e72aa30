/**
 * Runs the real, built CLI as a child process, and compares outputs with the
 * committed expected files (UPDATE_EXPECTED=1 rewrites them; review the diff).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/assess.js');
const EXPECTED = path.join(import.meta.dirname, 'expected');
/** Every temporary folder this test file made: removed when its tests are done. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const NO_LEDGER = tempDir('assess-no-ledger-');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `assess ...args` in `cwd` (default: the repository root) with a clean, colourless environment; `bin` runs another copy's bin/assess.js. */
export function assess(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number; bin?: string } = {}): CliResult {
  // A ledger of the developer's own (./assess.db from the README's first command) must not leak into
  // expected output: without --ledger, commands see an empty temporary ledger path.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    LANG: 'C.UTF-8',
    NO_COLOR: '1',
    ASSESS_LEDGER: path.join(NO_LEDGER, 'assess.db'),
    ...opts.env,
  };
  // A run that never ends (a worker left waiting) is killed after timeoutMs and comes back with code -1.
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], { cwd: opts.cwd ?? ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28, ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder, removed after the calling test file's tests. */
export function tempDir(prefix = 'assess-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Asserts that `actual` equals the committed expected file `name` (rewrites it with UPDATE_EXPECTED=1). */
export function expectMatchesFile(name: string, actual: string): void {
  const file = path.join(EXPECTED, name);
  if (process.env.UPDATE_EXPECTED === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  expect(fs.existsSync(file), `expected file ${name} is missing; run with UPDATE_EXPECTED=1 and review it`).toBe(true);
  expect(actual).toBe(fs.readFileSync(file, 'utf8'));
}
