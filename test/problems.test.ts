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
import { CATALOGUE, detectLang } from '../src/problems.js';

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

describe('detectLang', () => {
  it('asks for the platform locale only when no LC_ALL, LC_MESSAGES or LANG says the language', () => {
    let asked = 0;
    const locale = (value: string) => () => {
      asked++;
      return value;
    };
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' }, locale('en-US'))).toBe('zh');
    expect(detectLang(undefined, { LC_ALL: 'C.UTF-8', LANG: 'zh_CN.UTF-8' }, locale('zh-CN'))).toBe('en');
    expect(detectLang('zh', {}, locale('en-US'))).toBe('zh');
    expect(asked).toBe(0);
    expect(detectLang(undefined, { LANG: '' }, locale('zh-CN'))).toBe('zh');
    expect(detectLang(undefined, {}, locale('en-GB'))).toBe('en');
    expect(asked).toBe(2);
    expect(detectLang(undefined, {}, 'zh-TW')).toBe('zh');
  });
});
