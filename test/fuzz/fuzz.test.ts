/**
 * The fuzz suite (SPEC §8): mutated CSV bytes, mutated workbooks and HTML
 * `.xls` tables, and mutated rules files never
 * make assess exit 70, print a stack trace, or write anything on a failed
 * run. See harness.ts for the property and the mutations.
 *
 * Seeded and bounded: FUZZ_SEED (default 20261201), FUZZ_RUNS (cases per
 * property in-process, default 150) and FUZZ_SECONDS (a time budget per
 * property, default 20 s; a loaded machine runs fewer cases rather than
 * more time, and the count run is printed). scripts/fuzz.mjs runs the long
 * session with other values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCase, csvCase, rulesCase, spreadsheetCase, type FuzzCase } from './harness.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 20);
const CLI_RUNS = Number(process.env.FUZZ_CLI_RUNS ?? 12);
const CLI_SECONDS = Number(process.env.FUZZ_CLI_SECONDS ?? SECONDS);
/** The long session (scripts/fuzz.mjs) keeps every failing case under FUZZ_KEEP and goes on, instead of stopping at the first. */
const COLLECT = process.env.FUZZ_KEEP !== undefined;

/** Runs `arb` through `how`, counting cases; fails with the first case that breaks the property. */
async function fuzz(name: string, arb: fc.Arbitrary<FuzzCase>, how: 'in-process' | 'cli', runs: number, seed: number, budget: number): Promise<void> {
  let count = 0;
  let failed = 0;
  const started = Date.now();
  const property = fc.asyncProperty(arb, async (c) => {
    count++;
    const { problem, outcome } = await checkCase(c, how);
    if (problem === null) return;
    failed++;
    if (!COLLECT) throw new Error(`${problem} (exit ${outcome.code})\nstderr:\n${outcome.stderr.slice(0, 2000)}`);
  });
  await fc.assert(property, { seed, numRuns: runs, interruptAfterTimeLimit: budget * 1000, markInterruptAsFailure: false, endOnFailure: true });
  const seconds = (Date.now() - started) / 1000;
  console.log(`fuzz ${name}: ${count} cases in ${seconds.toFixed(1)} s (seed ${seed})${COLLECT ? `, ${failed} failing, kept under ${process.env.FUZZ_KEEP}` : ''}`);
  expect(failed).toBe(0);
  // The budget may cut a run short on a loaded machine, but a fuzz that ran nothing proves nothing.
  expect(count).toBeGreaterThanOrEqual(Math.min(runs, 3));
}

describe('fuzz (seeded, bounded)', () => {
  it('mutated CSV bytes: truncation, quotes, NULs, invalid UTF-8, BOMs, delimiters, long lines', async () => {
    await fuzz('csv', csvCase, 'in-process', RUNS, SEED, SECONDS);
  }, (SECONDS + 60) * 1000);

  it('mutated rules files: YAML structure, expressions, unknown keys, huge numbers', async () => {
    await fuzz('rules', rulesCase, 'in-process', RUNS, SEED + 1, SECONDS);
  }, (SECONDS + 60) * 1000);

  it('mutated spreadsheets: XML inside .xlsx (tokens, bytes, missing parts), and HTML .xls tables', async () => {
    await fuzz('spreadsheet', spreadsheetCase, 'in-process', RUNS, SEED + 3, SECONDS);
  }, (SECONDS + 60) * 1000);

  it('a sample of all three through the real CLI, with the worker split forced on', async () => {
    await fuzz('cli', fc.oneof(csvCase, rulesCase, spreadsheetCase), 'cli', CLI_RUNS, SEED + 2, CLI_SECONDS);
  }, (CLI_SECONDS + 120) * 1000);
});
