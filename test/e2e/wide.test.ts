/**
 * The wide shape of SPEC §9 (bench/gen.mjs --shape wide: Chinese headers and
 * values, 17 columns, notes with commas and doubled quotes, 2.5% exact
 * duplicate rows) on a generated 10^5-row month: the split, the one-thread
 * and the plain paths, and a run whose rejects all go to the temporary file
 * (ASSESS_REJECTS_IN_MEMORY=0), give byte for byte the same outputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: bench/gen.mjs is plain JavaScript without types
import { generate } from '../../bench/gen.mjs';
import { assess, tempDir } from './cli.js';

const PATHS: Record<string, Record<string, string>> = {
  split: { ASSESS_SPLIT_BYTES: '1' },
  one: { ASSESS_WORKERS: '0' },
  plain: { ASSESS_PLAIN: '1' },
  spilled: { ASSESS_SPLIT_BYTES: '1', ASSESS_REJECTS_IN_MEMORY: '0' },
};

describe('a generated wide month of 10^5 rows', () => {
  let events = '';
  let roster = '';
  beforeAll(async () => {
    const dir = tempDir('assess-wide-gen-');
    await generate({ rows: 100_000, people: 2_000, units: 40, out: dir, shape: 'wide' });
    events = path.join(dir, 'events.csv');
    roster = path.join(dir, 'roster.csv');
  }, 60_000);

  it('has the shape of real exports', () => {
    const [header, ...rows] = fs.readFileSync(events, 'utf8').split('\n');
    expect(header?.split(',')).toHaveLength(17);
    expect(header).toMatch(/^记录类型,编号,日期,/);
    expect(rows.some((l) => l.includes('""'))).toBe(true);
    const lines = rows.filter((l) => l !== '');
    const dups = lines.length - new Set(lines).size;
    expect(dups / lines.length).toBeGreaterThan(0.02);
    expect(dups / lines.length).toBeLessThan(0.03);
  });

  it('gives the same --format json output, stderr and --out files on every path', () => {
    const outcomes = Object.entries(PATHS).map(([name, env]) => {
      const dir = tempDir(`assess-wide-${name}-`);
      const out = path.join(dir, 'out');
      const r = assess([events, '--roster', roster, '--allow-rejects', '--ledger', path.join(dir, 'l.db'), '--out', out, '--format', 'json'], { env });
      const files = Object.fromEntries(fs.readdirSync(out).sort().map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
      // Stderr names where rejects.csv is (this run's own --out folder): compare it without the folder.
      return { name, code: r.code, stdout: r.stdout, stderr: r.stderr.replaceAll(out, '<out>'), files };
    });
    const [first, ...rest] = outcomes;
    expect(first?.code, first?.stderr).toBe(0);
    const summary = JSON.parse(first?.stdout ?? '') as { rejected: { reason: string }[] };
    expect(summary.rejected.length).toBeGreaterThan(2000);
    expect(summary.rejected.every((x) => x.reason.startsWith('duplicate of '))).toBe(true);
    expect(first?.files['summary.json']).toBe(first?.stdout);
    for (const o of rest) expect({ ...o, name: first?.name }, o.name).toEqual(first);
  }, 300_000);

  // One entry per accepted row (src/assess/seen.ts): rows with an id by their id, the others by their
  // row hash. A table back to one entry per hash of either kind would show more entries here.
  // And the memory policy (src/engine/memory.ts) ran twice: on the first reject spilled to disk, and after the rows.
  it('keeps one duplicate-table entry per accepted row, by id where the row has one, reserved once; tunes memory on spilling', () => {
    const r = assess([events, '--roster', roster, '--allow-rejects', '--dry-run', '--format', 'json'], { env: { ...PATHS.spilled, ASSESS_DEBUG: 'stats' } });
    expect(r.code, r.stderr).toBe(0);
    const m = /^assess stats: .* split-files=1 .* seen-rows=(\d+) seen-ids=(\d+) seen-mb=[\d.]+ seen-reserved=(\d+) seen-grown=(\d+) memory-tuned=(\d+)$/m.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [rowEntries, idEntries, reserved, grown, tuned] = (m as RegExpExecArray).slice(1).map(Number);
    expect(tuned).toBe(2);
    const distinct = [...new Set(fs.readFileSync(events, 'utf8').split('\n').slice(1).filter((l) => l !== ''))];
    // The first two columns (记录类型, 编号) are never quoted.
    const withId = distinct.filter((l) => l.split(',')[1] !== '').length;
    expect(withId).toBeGreaterThan(10_000);
    expect(idEntries).toBe(withId);
    expect(rowEntries).toBe(distinct.length - withId);
    expect(reserved).toBeGreaterThan(0);
    expect(grown).toBe(0);
  }, 120_000);
});
