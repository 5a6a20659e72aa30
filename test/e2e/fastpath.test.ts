/**
 * The fast path (fast CSV reader, hashed duplicate tables, synchronous rows)
 * gives byte for byte what the plain path gives (ASSESS_PLAIN=1: csv-parse for
 * every record, exact duplicate keys): on the fixture months and on a generated
 * month of 10^5 rows with rejects and quoted line breaks. And a large input
 * draws no progress bar when stderr is not a terminal (SPEC §9).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: bench/gen.mjs is plain JavaScript without types
import { generate } from '../../bench/gen.mjs';
import { assess, tempDir } from './cli.js';

const PLAIN = { ASSESS_PLAIN: '1' };

const STATS = /^assess stats: fast=(\d+) csv-parse=(\d+) .*\n/m;

/**
 * Runs a month on both paths with --out and a fresh ledger each; returns both
 * outcomes. Each run's engine stats (ASSESS_DEBUG=stats) must show its path
 * did the parsing: the fast path parsed every row, the plain path none.
 */
function bothPaths(args: string[]) {
  const run = (env: Record<string, string>) => {
    const dir = tempDir('assess-fast-');
    const r = assess([...args, '--ledger', path.join(dir, 'l.db'), '--out', path.join(dir, 'out'), '--format', 'csv'], { env: { ...env, ASSESS_DEBUG: 'stats' } });
    const m = STATS.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [fast, csvParse] = [Number(m?.[1]), Number(m?.[2])];
    expect(fast + csvParse).toBeGreaterThan(0);
    if (env.ASSESS_PLAIN === '1') expect(fast).toBe(0);
    else expect(csvParse).toBe(0); // not one row handed to csv-parse: the fast path took them all
    r.stderr = r.stderr.replace(STATS, '');
    const outDir = path.join(dir, 'out');
    const files = fs.existsSync(outDir)
      ? Object.fromEntries(fs.readdirSync(outDir).sort().map((f) => [f, fs.readFileSync(path.join(outDir, f), 'utf8')]))
      : {};
    // summary.json names no temporary path, but strip the ledger path from messages just in case.
    return { code: r.code, stdout: r.stdout, stderr: r.stderr.replaceAll(dir, '<tmp>'), files };
  };
  return { fast: run({}), plain: run(PLAIN) };
}

describe.each(['2026-01', '2026-02', '2026-03'])('fixture month %s', (month) => {
  it('gives the same output and --out files on the fast and the plain path', () => {
    const files = fs.readdirSync(`fixtures/${month}`).filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/${month}/${f}`);
    const { fast, plain } = bothPaths([...files, '--allow-rejects']);
    expect(fast.code, fast.stderr).toBe(0);
    expect(Object.keys(fast.files)).toContain('trace.csv');
    expect(fast).toEqual(plain);
  });
});

describe('a generated month of 10^5 rows', () => {
  let dir = '';
  beforeAll(async () => {
    dir = tempDir('assess-gen-');
    await generate({ rows: 100_000, people: 2_000, units: 40, out: dir });
    const events = path.join(dir, 'events.csv');
    const lines = fs.readFileSync(events, 'utf8').split('\n');
    // Rejects of every §8 kind the assessor finds, and a quoted line break, appended at the end.
    const extra = [
      lines[1], // a duplicate of the first row
      lines[2]?.replace('E0', 'X0'), // an employee not on the roster
      // An incident id used again, on a row that is otherwise different.
      lines.find((l) => l.startsWith('incident,') && l.includes(',2026-02-1'))?.replace(/,2026-02-1\d,/, ',2026-02-27,'),
      // A note with a quoted line break and a doubled quote: both readers must agree on fields and lines.
      'training,,2026-02-03,,job-class,,,"sign-in\nlate, ""badge""",,,,,,,,,E000001,present,extra-session',
      'training,,2026-02-04,,job-class,,,,,,,,,,,,E000002,present,extra-session',
    ];
    fs.appendFileSync(events, extra.join('\n') + '\n');
  }, 60_000);

  it('gives the same output, rejects and --out files on the fast and the plain path', () => {
    const { fast, plain } = bothPaths([path.join(dir, 'events.csv'), '--roster', path.join(dir, 'roster.csv'), '--allow-rejects']);
    expect(fast.code, fast.stderr).toBe(0);
    expect(fast.stderr).toMatch(/duplicate of .*already used at.*3 rows rejected/s);
    expect(fast.files['trace.csv']?.split('\n').length).toBeGreaterThan(1000);
    expect(fast).toEqual(plain);
  }, 120_000);

  it('draws no progress bar on a stderr that is not a terminal, for an input over 10 MB', () => {
    expect(fs.statSync(path.join(dir, 'events.csv')).size).toBeGreaterThan(10 * 1024 * 1024);
    const r = assess([path.join(dir, 'events.csv'), '--roster', path.join(dir, 'roster.csv'), '--allow-rejects', '--dry-run', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/rows\/s|ETA|\r/);
    expect(r.stderr).toMatch(/rejected/);
  }, 60_000);
});
