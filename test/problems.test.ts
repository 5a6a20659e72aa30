/**
 * The problem codes are part of the interface (SPEC §8): the README's table
 * lists every code of src/problems.ts with its exit code, made by
 * scripts/codes-table.mjs, and a code without both languages does not
 * type-check (src/problems.ts); here, every code renders in both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { END, START, catalogue, table } from '../scripts/codes-table.mjs';
import { CATALOGUE } from '../src/problems.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the README table of problem codes', () => {
  it('lists every code of src/problems.ts, once, with its exit code (node scripts/codes-table.mjs --write)', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    expect(block, 'README.md and src/problems.ts disagree: run node scripts/codes-table.mjs --write').toBe(table());
    const codes = (catalogue() as { code: string; exit: number }[]);
    expect(codes.map((c) => c.code)).toEqual(Object.keys(CATALOGUE));
    for (const c of codes) expect(c.exit).toBe(CATALOGUE[c.code as keyof typeof CATALOGUE].exit);
  });
});
