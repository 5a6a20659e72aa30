/**
 * Both cores on one large file (SPEC §9, src/engine/parallel.ts): splitting a
 * file between the main thread and a worker gives byte for byte what one
 * thread gives (ASSESS_WORKERS=0): outputs, rejects in order with file:line,
 * --out files, and the error of a malformed file. ASSESS_SPLIT_BYTES=1 makes
 * every small file split, so the fixtures exercise the worker too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: bench/gen.mjs is plain JavaScript without types
import { generate } from '../../bench/gen.mjs';
import { findSplit } from '../../src/engine/split.js';
import { ROOT, assess, tempDir } from './cli.js';

// The split at 45% of the bytes, where the generated month below puts its quoted line breaks and odd rows.
const SPLIT = { ASSESS_SPLIT_BYTES: '1', ASSESS_WORKER_SHARE: '0.55' };
const ONE = { ASSESS_WORKERS: '0' };
const PLAIN = { ASSESS_PLAIN: '1' };

/** The engine's counts (ASSESS_DEBUG=stats), taken out of stderr so that the paths' stderr compare. */
interface Stats {
  fast: number;
  csvParse: number;
  splitFiles: number;
  worker: number;
  retyped: number;
}
function takeStats(stderr: string): { stderr: string; stats: Stats | null } {
  const m = /^assess stats: fast=(\d+) csv-parse=(\d+) split-files=(\d+) worker=(\d+) worker-range-retyped=(\d+)[^\n]*\n/m.exec(stderr);
  if (!m) return { stderr, stats: null };
  const [fast, csvParse, splitFiles, worker, retyped] = m.slice(1).map(Number) as [number, number, number, number, number];
  return { stderr: stderr.replace(m[0], ''), stats: { fast, csvParse, splitFiles, worker, retyped } };
}

// Without the bundled worker a split cannot happen: say so here rather than let every test below pass on one thread.
beforeAll(() => {
  expect(fs.existsSync(path.join(ROOT, 'dist/worker.js')), 'dist/worker.js is missing: run npm run build before the tests').toBe(true);
});

/** The first data row again (a duplicate at the very end). */
function lines1(text: string): string {
  return (text.split('\n')[1] as string) + '\n';
}

/** Runs one way with --out and a fresh ledger; the engine's stats come back apart from the outcome. */
function runWith(args: string[], format: string, env: Record<string, string>) {
  const dir = tempDir('assess-par-');
  const r = assess([...args, '--ledger', path.join(dir, 'l.db'), '--out', path.join(dir, 'out'), '--format', format], { env: { ...env, ASSESS_DEBUG: 'stats' } });
  const outDir = path.join(dir, 'out');
  const files = fs.existsSync(outDir)
    ? Object.fromEntries(fs.readdirSync(outDir).sort().map((f) => [f, fs.readFileSync(path.join(outDir, f), 'utf8')]))
    : {};
  const { stderr, stats } = takeStats(r.stderr.replaceAll(dir, '<tmp>'));
  return { outcome: { code: r.code, stdout: r.stdout, stderr, files }, stats };
}

/** Runs on one thread and split, each with --out and a fresh ledger; returns both outcomes. */
function bothWays(args: string[], format = 'csv', splitEnv: Record<string, string> = {}) {
  const split = runWith(args, format, { ...SPLIT, ...splitEnv });
  // A split that silently stayed on one thread would compare equal: the stats say it did split.
  if (split.outcome.code === 0) {
    expect(split.stats?.splitFiles).toBeGreaterThan(0);
    expect(split.stats?.worker).toBeGreaterThan(0);
  }
  return { split: split.outcome, one: runWith(args, format, ONE).outcome };
}

describe.each(['2026-01', '2026-02', '2026-03'])('fixture month %s', (month) => {
  it.each(['csv', 'json'])('gives the same --format %s output and --out files split and on one thread', (format) => {
    const files = fs.readdirSync(`fixtures/${month}`).filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/${month}/${f}`);
    const { split, one } = bothWays([...files, '--allow-rejects'], format);
    expect(split.code, split.stderr).toBe(0);
    expect(split).toEqual(one);
  });
});

describe('a generated month of 10^5 rows, with rejects on both sides of the split', () => {
  let dir = '';
  let events = '';
  let roster = '';
  beforeAll(async () => {
    dir = tempDir('assess-par-gen-');
    await generate({ rows: 100_000, people: 2_000, units: 40, out: dir });
    events = path.join(dir, 'events.csv');
    roster = path.join(dir, 'roster.csv');
    const lines = fs.readFileSync(events, 'utf8').split('\n');
    const incident = (from: number) => lines.findIndex((l, i) => i > from && l.startsWith('incident,') && /,2026-02-1\d,/.test(l));
    const early = lines[incident(10)] as string;
    const mid = Math.floor(lines.length * 0.45);
    const quoted = (i: number) => `training,,2026-02-03,,job-class,,,"sign-in\nlate ${i}, ""badge""\r\nout",,,,,,,,,E000001,present,extra-${i}`;
    const around = [
      lines[1], // a duplicate of the first row, in the second half
      lines[5]?.replace('E0', 'X0'), // an employee not on the roster
      early.replace(/,2026-02-1\d,/, ',2026-02-27,'), // an id of the first half used again
      'training,,2026-02-30,,job-class,,,,,,,,,,,,E000002,present,bad-date', // a typing reject
      'training,,2026-03-01,,job-class,,,,,,,,,,,,E000002,present,next-month', // outside the month
      ',,,,,,,,,,,,,,,,,,', // a row of delimiters only: skipped
      ...Array.from({ length: 400 }, (_, i) => quoted(i)), // quoted line breaks wherever the split falls
      // after the split (in the worker's range):
      'incident,P-1,2026-02-05,E000001;E000001,equipment-fault,,,twice,,,,,,,,,,,', // one person named twice
      'incident,P-2,2026-02-05,E000002、X000009,equipment-fault,,,one unknown,,,,,,,,,,,', // two people, one not on the roster
      'incident,P-3,2026-02-05,E999998,equipment-fault,,,left,,,,,,,,,,,', // on the roster, not this month
      '',
      lines[mid + 3], // a duplicate of a row just after it
    ];
    const out = [...lines.slice(0, mid), ...around, ...lines.slice(mid)];
    out.splice(out.length - 1, 0, lines[mid + 10] as string, early.replace(/,2026-02-1\d,/, ',2026-02-28,')); // near the end
    fs.writeFileSync(events, out.join('\n'));
    // A roster with from/until, and someone who left before the month: on the roster file, not on February's.
    const people = fs.readFileSync(roster, 'utf8').trimEnd().split('\n');
    const withDates = people.map((l, i) => (i === 0 ? `${l},from,until` : `${l},,`));
    fs.writeFileSync(roster, [...withDates, 'E999998,离职者,营业厅001,装维员,4000.00,900.00,2025-01-01,2026-01-31', ''].join('\n'));
  }, 60_000);

  it('puts the odd rows after the split, in the worker\'s range', () => {
    const split = findSplit(events, fs.statSync(events).size, 0.45, undefined);
    expect(fs.readFileSync(events).subarray(split?.at).toString('utf8')).toContain('incident,P-1,');
  });

  it('splits the file at a line outside quotes', () => {
    const size = fs.statSync(events).size;
    const split = findSplit(events, size, 0.45, undefined);
    expect(split).not.toBeNull();
    const text = fs.readFileSync(events).subarray(0, split?.at).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect((text.match(/"/g) ?? []).length % 2).toBe(0);
    expect(split?.line).toBe(text.split('\n').length);
  });

  it('gives the same output, rejects and --out files split, on one thread and on the plain path, each path doing its part', () => {
    const args = [events, '--roster', roster, '--month', '2026-02', '--allow-rejects'];
    const split = runWith(args, 'csv', SPLIT);
    const one = runWith(args, 'csv', ONE);
    const plain = runWith(args, 'csv', PLAIN);
    expect(split.outcome.code, split.outcome.stderr).toBe(0);
    expect(split.outcome).toEqual(one.outcome);
    expect(plain.outcome).toEqual(one.outcome);
    const rows = fs.readFileSync(events, 'utf8').split('\n').length + fs.readFileSync(roster, 'utf8').split('\n').length;
    // Every non-blank line but the quoted line breaks' second halves is a row, header included.
    const parsed = (s: Stats | null) => (s?.fast ?? 0) + (s?.csvParse ?? 0);
    expect(parsed(one.stats)).toBeGreaterThan(rows - 1000);
    expect(parsed(split.stats)).toBe(parsed(one.stats));
    expect(parsed(plain.stats)).toBe(parsed(one.stats));
    expect(plain.stats).toMatchObject({ fast: 0, splitFiles: 0, worker: 0 });
    expect(one.stats).toMatchObject({ splitFiles: 0, worker: 0, retyped: 0 });
    expect(one.stats?.fast).toBeGreaterThan(rows - 1000);
    // The worker's range is 55% of the bytes: it prepared most of its rows, and handed back only the odd ones.
    expect(split.stats?.splitFiles).toBe(1);
    expect(split.stats?.worker).toBeGreaterThan(50_000);
    expect(split.stats?.retyped).toBeGreaterThanOrEqual(4);
    expect(split.stats?.retyped).toBeLessThan(50);
  }, 180_000);

  it.each(['csv', 'json'])('gives the same --format %s output, rejects and --out files split and on one thread', (format) => {
    const { split, one } = bothWays([events, '--roster', roster, '--month', '2026-02', '--allow-rejects'], format);
    expect(split.code, split.stderr).toBe(0);
    expect(split.stderr).toMatch(/duplicate of .*already used at/s);
    expect(split.stderr).toMatch(/employee "X000009" is not on the roster of 2026-02/);
    expect(split.stderr).toMatch(/employee "E999998" is not on the roster of 2026-02/);
    expect(split.files['rejects.csv']?.split('\n').length).toBeGreaterThan(8);
    expect(split).toEqual(one);
  }, 120_000);

  it('gives the same output split where the worker\'s default share puts it', () => {
    const { split, one } = bothWays([events, '--roster', roster, '--month', '2026-02', '--allow-rejects'], 'csv', { ASSESS_WORKER_SHARE: '' });
    expect(split.code, split.stderr).toBe(0);
    expect(split).toEqual(one);
  }, 120_000);

  it('gives the same output when a tiny queue makes the worker wait for the replay of every batch', () => {
    const { split, one } = bothWays([events, '--roster', roster, '--month', '2026-02', '--allow-rejects'], 'csv', { ASSESS_WORKER_QUEUE_MB: '0.01' });
    expect(split.code, split.stderr).toBe(0);
    expect(split).toEqual(one);
  }, 120_000);

  it('gives the same output when the worker hands back mid-range (a lone CR in a quoted field)', () => {
    const odd = path.join(dir, 'odd.csv');
    const text = fs.readFileSync(events, 'utf8');
    const at = text.indexOf('\n', Math.floor(text.length * 0.8)) + 1;
    const row = 'training,,2026-02-06,,job-class,,,"lone\rCR",,,,,,,,,E000003,present,odd';
    fs.writeFileSync(odd, text.slice(0, at) + row + '\n' + text.slice(at) + lines1(text));
    const { split, one } = bothWays([odd, '--roster', roster, '--month', '2026-02', '--allow-rejects']);
    expect(split.code, split.stderr).toBe(0);
    expect(split.files['rejects.csv']).toMatch(/odd\.csv:\d+/);
    expect(split).toEqual(one);
  }, 120_000);

  it('ends at once when the roster cannot be read, stopping the worker that started before it', () => {
    // The split file's worker starts before the roster is read and waits for its ids (src/engine/pipeline.ts);
    // a roster that stops the run must stop that worker too, or the process would wait for it forever.
    const bad = path.join(dir, 'roster-unclosed.csv');
    const people = fs.readFileSync(roster, 'utf8').split('\n');
    fs.writeFileSync(bad, [...people.slice(0, 3), 'E000009,"unclosed,营业厅001,装维员,4000.00,900.00,,', ...people.slice(3)].join('\n'));
    const split = assess([events, '--roster', bad, '--dry-run', '--allow-rejects'], { env: SPLIT, timeoutMs: 60_000 });
    const one = assess([events, '--roster', bad, '--dry-run', '--allow-rejects'], { env: ONE, timeoutMs: 60_000 });
    expect(split.code, split.stderr).toBe(1);
    expect(split.stderr).toContain('roster-unclosed.csv:4: a quoted field is never closed');
    expect(split).toEqual(one);
  }, 150_000);

  it.each([
    ['a stray quote', 'training,,2026-02-05,,job-class,,,bad "quote,,,,,,,,,E000002,present,x'],
    ['invalid UTF-8', 'training,,2026-02-05,,job-class,,,\u0000BAD,,,,,,,,,E000002,present,x'],
  ])('stops with the same error for %s in the second half', (_, row) => {
    const bad = path.join(dir, 'bad.csv');
    const text = fs.readFileSync(events, 'utf8');
    const at = text.indexOf('\n', Math.floor(text.length * 0.8)) + 1;
    let bytes = Buffer.from(text.slice(0, at) + row + '\n' + text.slice(at), 'utf8');
    if (row.includes('\u0000BAD')) bytes = Buffer.from(bytes.toString('latin1').replace('\u0000BAD', '\u00ff\u00feBAD'), 'latin1');
    fs.writeFileSync(bad, bytes);
    const { split, one } = bothWays([bad, '--roster', roster, '--allow-rejects']);
    expect(split.code).not.toBe(0);
    expect(split.stderr).toMatch(/bad\.csv/);
    expect(split).toEqual(one);
  }, 120_000);
});

describe('the memory policy once the rows are read (src/engine/memory.ts)', () => {
  it('runs for a large month only, and changes nothing but memory', () => {
    const files = fs.readdirSync('fixtures/2026-01').filter((f) => f.endsWith('.csv')).sort().map((f) => `fixtures/2026-01/${f}`);
    const args = [...files, '--allow-rejects', '--dry-run', '--format', 'json'];
    const tuned = (env: Record<string, string>) => {
      const r = assess(args, { env: { ...env, ASSESS_DEBUG: 'stats' } });
      expect(r.code, r.stderr).toBe(0);
      return { n: Number(/ memory-tuned=(\d+)/.exec(r.stderr)?.[1]), stdout: r.stdout };
    };
    // A fixture month is far below the rows from which it runs; with that bound lowered to one row, it runs.
    const small = tuned({});
    const large = tuned({ ASSESS_TUNE_ROWS: '1' });
    expect([small.n, large.n]).toEqual([0, 1]);
    expect(large.stdout).toBe(small.stdout);
  });
});
