/**
 * The CLI's start-up from V8's code cache (bin/load.js, scripts/code-cache.mjs): the build's
 * cache is used, and a cache this Node cannot use, one made from another bundle, or none,
 * changes nothing but the time.
 * The copies run the real bundle from a folder of their own (bin, dist and package.json).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const MONTH = ['fixtures/2026-01/complaints.csv', 'fixtures/2026-01/incidents.csv', 'fixtures/2026-01/training.csv', '--roster', 'fixtures/roster.csv', '--rules', 'rules', '--dry-run'];

/** bin/, dist/ and package.json copied to a fresh folder, with `cache` as the code cache file (null: none). */
function copyWithCache(cache: Buffer | null): string {
  const dir = tempDir('assess-cache-');
  fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.cache') && !src.includes(`${path.sep}types`) });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  if (cache) fs.writeFileSync(path.join(dir, 'dist/assess.cjs.cache'), cache);
  return dir;
}

/** `assess ...args` from the copy's (or the repository's) bin/assess.js, saying what became of the cache. */
function run(bin: string, args: string[]) {
  return assess(args, { bin, env: { ASSESS_DEBUG: 'cache' } });
}

describe('the code cache', () => {
  const expected = assess(MONTH);

  it('is used by the built CLI', () => {
    const r = run(path.join(ROOT, 'bin/assess.js'), MONTH);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('assess: code cache used\n');
    expect(r.stdout).toBe(expected.stdout);
  });

  it('that V8 refuses (another Node, other flags, damaged) leaves the run as it was', () => {
    // The bundle's own SHA-256, as the cache file starts, then what V8 cannot read.
    const digest = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'dist/assess.cjs'))).digest();
    const dir = copyWithCache(Buffer.concat([digest, Buffer.from('not a code cache at all, but the right place for one')]));
    const r = run(path.join(dir, 'bin/assess.js'), MONTH);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('assess: code cache rejected\n');
    expect(r.stdout).toBe(expected.stdout);
  });

  it('made from another bundle of the same length is not used (V8 checks only the length)', () => {
    // The build's cache beside a bundle that says another version: V8 would run the old bundle's bytecode.
    const dir = copyWithCache(fs.readFileSync(path.join(ROOT, 'dist/assess.cjs.cache')));
    const bundle = path.join(dir, 'dist/assess.cjs');
    const text = fs.readFileSync(bundle, 'utf8');
    const version = /version: "(\d+\.\d+\.\d+)"/.exec(text)?.[1] ?? '';
    expect(version).not.toBe('');
    const other = version.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    fs.writeFileSync(bundle, text.replace(`version: "${version}"`, `version: "${other}"`));
    expect(fs.statSync(bundle).size).toBe(fs.statSync(path.join(ROOT, 'dist/assess.cjs')).size);
    const r = run(bundle.replace('dist/assess.cjs', 'bin/assess.js'), ['--version']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('assess: code cache stale\n');
    expect(r.stdout.trim()).toBe(other);
  });

  it('that is missing leaves the run as it was', () => {
    const dir = copyWithCache(null);
    const r = run(path.join(dir, 'bin/assess.js'), MONTH);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('assess: code cache missing\n');
    expect(r.stdout).toBe(expected.stdout);
  });
});
