/**
 * The whole path of a clerk who installs assess (SPEC §2): `npm pack`,
 * `npm install -g` of the tarball, then, in a folder that holds only a
 * month's exports and a roster, `assess FILE...` with the built-in rules;
 * `assess init`, then a run that uses the copy; `init` twice.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './cli.js';
import type { PackedInstall } from './packed.js';
import { packedInstall } from './packed.js';

const MONTH_FILES = ['complaints.csv', 'incidents.csv', 'training.csv'];
const BUILTIN_EN = 'assess: no rules folder here; using the built-in rules (assess init copies them here to edit)';

let installed: PackedInstall;
beforeAll(async () => {
  installed = await packedInstall();
  // The cost of this file, measured where it is paid (see the commit and the report).
  console.log(`packed install: ${installed.seconds.toFixed(1)} s`);
}, 5 * 60_000);

/** A folder holding only January's exports and the roster, as a clerk's folder would. */
function clerkFolder(): string {
  const dir = tempDir('assess-clerk-');
  for (const f of MONTH_FILES) fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01', f), path.join(dir, f));
  fs.copyFileSync(path.join(ROOT, 'fixtures/roster.csv'), path.join(dir, 'roster.csv'));
  return dir;
}

/** `assess ...args` as found on PATH after the install, in `cwd`. */
function installedAssess(args: string[], cwd: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('assess', args, {
    cwd,
    env: { PATH: `${installed.binDir}${path.delimiter}${process.env.PATH ?? ''}`, LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('installed from the packed tarball', () => {
  it('ships the rules, both READMEs included', () => {
    const shipped = fs.readdirSync(path.join(installed.packageDir, 'rules')).sort();
    expect(shipped).toEqual(fs.readdirSync(path.join(ROOT, 'rules')).sort());
    expect(shipped).toEqual(expect.arrayContaining(['README.md', 'README.zh.md', 'columns.yaml', 'scoring.yaml']));
  });

  it('assesses a month in an empty folder with the built-in rules, saying so in one line', () => {
    // January's training.csv is GB18030 and the run writes assess.db: iconv-lite and better-sqlite3,
    // loaded only when needed and from outside the bundle (scripts/build.mjs), come from the installed package.
    const dir = clerkFolder();
    const r = installedAssess(MONTH_FILES, dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(BUILTIN_EN + '\n');
    // The same table as the repository's own rules give (test/e2e/month.test.ts).
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'test/e2e/expected/2026-01/table.txt'), 'utf8'));
    expect(fs.existsSync(path.join(dir, 'assess.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'rules'))).toBe(false);
  });

  it('starts from the code cache the build wrote beside the bundle (bin/load.js)', () => {
    const dir = clerkFolder();
    const r = installedAssess([...MONTH_FILES, '--dry-run', '--format', 'csv'], dir, { ASSESS_DEBUG: 'cache' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.split('\n')[0]).toBe('assess: code cache used');
    expect(fs.existsSync(path.join(installed.packageDir, 'dist/assess.cjs.cache'))).toBe(true);
  });

  it('says it in Chinese under a Chinese locale, and not at all with --quiet', () => {
    const dir = clerkFolder();
    const zh = installedAssess([...MONTH_FILES, '--dry-run'], dir, { LANG: 'zh_CN.UTF-8' });
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stderr).toBe('assess：当前文件夹没有 rules 文件夹，使用内置的考核细则（运行 assess init 可复制到此处修改）\n');
    const quiet = installedAssess([...MONTH_FILES, '--dry-run', '--quiet'], dir);
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
    const check = installedAssess(['rules', 'check'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^rules OK: 14 rules in the built-in rules \(hash [0-9a-f]{12}\)\n$/);
  });

  it('init copies the rules, a run then uses the copy, and a second init writes nothing', () => {
    const dir = clerkFolder();
    const init = installedAssess(['init'], dir);
    expect(init.code, init.stderr).toBe(0);
    const copied = fs.readdirSync(path.join(dir, 'rules')).sort();
    expect(copied).toEqual(fs.readdirSync(path.join(ROOT, 'rules')).sort());
    for (const name of copied) {
      expect(init.stdout).toContain(`wrote rules/${name}\n`);
      expect(fs.readFileSync(path.join(dir, 'rules', name), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'rules', name), 'utf8'));
    }
    expect(init.stdout).toContain('Edit first: rules/columns.yaml');
    expect(init.stdout).toContain('rules/README.md marks as "ours"');

    // The copy is what a run uses: start and cap scores at 80 and see it in the scores.
    const scoring = path.join(dir, 'rules/scoring.yaml');
    const edited = fs.readFileSync(scoring, 'utf8').replace(/base: 100\b/, 'base: 80').replace(/max: 100\b/, 'max: 80');
    expect(edited).not.toBe(fs.readFileSync(scoring, 'utf8'));
    fs.writeFileSync(scoring, edited);
    const run = installedAssess([...MONTH_FILES, '--dry-run', '--format', 'json'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    const people = (JSON.parse(run.stdout) as { people: { score: number }[] }).people;
    expect(Math.max(...people.map((p) => p.score))).toBe(80);

    // init twice: every existing target named, exit 1, nothing overwritten.
    const again = installedAssess(['init'], dir);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    for (const name of copied) expect(again.stderr).toContain(`rules/${name}`);
    expect(again.stderr).toContain('--force');
    expect(fs.readFileSync(scoring, 'utf8')).toBe(edited);

    // --force puts the built-in rules back.
    const forced = installedAssess(['init', '--force'], dir);
    expect(forced.code, forced.stderr).toBe(0);
    expect(fs.readFileSync(scoring, 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'rules/scoring.yaml'), 'utf8'));
  });
});
