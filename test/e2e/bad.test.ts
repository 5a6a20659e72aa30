/**
 * Every case in fixtures/bad/: the real CLI exits with the case's code and
 * names the place (file:line, or file:line:column for rules) and the reason,
 * in both languages. The whole stderr of each case and language is kept as a
 * golden file, test/e2e/expected/bad/<case>.{en,zh}.txt (UPDATE_EXPECTED=1
 * rewrites them; review the diff), so that a lost hint fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, expectMatchesFile } from './cli.js';

interface Case {
  args: string[];
  exit: number;
  expect: string[];
}

const BAD = path.join(ROOT, 'fixtures/bad');
const cases = fs
  .readdirSync(BAD)
  .filter((d) => fs.existsSync(path.join(BAD, d, 'case.json')))
  .sort();

describe('fixtures/bad', () => {
  it('has a case for every rejection reason and rules error', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases.flatMap((name) => [[name, 'en'], [name, 'zh']] as const))('%s (%s)', (name, lang) => {
    const dir = path.join(BAD, name);
    const c = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as Case;
    const r = assess([...c.args, '--lang', lang], { cwd: dir });
    expect(r.code, r.stderr).toBe(c.exit);
    if (lang === 'en') for (const s of c.expect) expect(r.stderr).toContain(s);
    // A clear message, never a stack trace, and nothing on stdout.
    expect(r.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).not.toMatch(/^\(node:\d+\) \w*Warning/m);
    expect(r.stdout).toBe('');
    expectMatchesFile(`bad/${name}.${lang}.txt`, r.stderr);
  });

  it('has a golden file for every case and language, and none for a case that is gone', () => {
    const goldens = fs.readdirSync(path.join(ROOT, 'test/e2e/expected/bad')).sort();
    expect(goldens).toEqual(cases.flatMap((name) => [`${name}.en.txt`, `${name}.zh.txt`]).sort());
  });
});
