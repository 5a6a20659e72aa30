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
import { assess, tempDir } from './cli.js';

// The split at 45% of the bytes, where the generated month below puts its quoted line breaks and odd rows.
const SPLIT = { ASSESS_SPLIT_BYTES: '1', ASSESS_WORKER_SHARE: '0.55' };
const ONE = { ASSESS_WORKERS: '0' };

/** The first data row again (a duplicate at the very end). */
function lines1(text: string): string {
  return (text.split('\n')[1] as string) + '\n';
}

/** Runs on one thread and split, each with --out and a fresh ledger; returns both outcomes. */
function bothWays(args: string[], format = 'csv', splitEnv: Record<string, string> = {}) {
  const run = (env: Record<string, string>) => {
    const dir = tempDir('assess-par-');
    const r = assess([...args, '--ledger', path.join(dir, 'l.db'), '--out', path.join(dir, 'out'), '--format', format], { env });
    const outDir = path.join(dir, 'out');
    const files = fs.existsSync(outDir)
      ? Object.fromEntries(fs.readdirSync(outDir).sort().map((f) => [f, fs.readFileSync(path.join(outDir, f), 'utf8')]))
      : {};
    return { code: r.code, stdout: r.stdout, stderr: r.stderr.replaceAll(dir, '<tmp>'), files };
  };
  return { split: run({ ...SPLIT, ...splitEnv }), one: run(ONE) };
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
