/**
 * One implementation of the rules' meaning (STYLE "the shape of assess"): the
 * main thread and the worker thread of a split file run the same rule
 * evaluator and record preparation. A mock cannot reach into a worker thread,
 * so this reads the built bundles: esbuild marks each module it bundles with a
 * `// src/...` comment, and both bundles must hold the one evaluator module.
 * The split/one-thread/plain differential on a generated month is in
 * test/e2e/parallel.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * The source modules a bundle holds code of. A module whose exports are all
 * shaken out can still leave its marker with nothing but calls of esbuild's
 * lazy initialisers (`init_problems();`) under it: that is not its code.
 */
function bundled(file: string): string[] {
  const abs = path.join(ROOT, 'dist', file);
  expect(fs.existsSync(abs), `dist/${file} is missing: run npm run build before the tests`).toBe(true);
  const parts = fs.readFileSync(abs, 'utf8').split(/^\/\/ (src\/\S+\.ts)$/m);
  const modules: string[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const code = (parts[i + 1] as string).split('\n').filter((l) => l.trim() !== '' && !/^\s*init_\w+\(\);$/.test(l));
    if (code.length > 0) modules.push(parts[i] as string);
  }
  return modules;
}

/** Every .ts file under src, with its text. */
function sources(dir = path.join(ROOT, 'src')): { file: string; text: string }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) return sources(abs);
    return e.name.endsWith('.ts') ? [{ file: path.relative(ROOT, abs), text: fs.readFileSync(abs, 'utf8') }] : [];
  });
}

describe('one rule evaluator for both threads', () => {
  it('is in the CLI bundle and in the worker bundle', () => {
    const main = bundled('assess.cjs');
    const worker = bundled('worker.js');
    for (const m of ['src/assess/evaluate.ts', 'src/assess/prepare.ts']) {
      expect(main).toContain(m);
      expect(worker).toContain(m);
    }
    // The worker prepares; the checks and the month's bookkeeping stay with the main thread's assessor.
    expect(main).toContain('src/assess/month.ts');
    expect(worker).not.toContain('src/assess/month.ts');
    expect(worker).not.toContain('src/cli/terminal.ts');
  });

  it('is the only code that evaluates a rule on a record', () => {
    const calls = sources().filter((s) => /\.where\(|\.when\(record/.test(s.text)).map((s) => s.file);
    expect(calls).toEqual(['src/assess/evaluate.ts']);
  });

  it('leaves src/cli without threads, V8 flags or vm', () => {
    const cli = sources(path.join(ROOT, 'src/cli')).filter((s) => /from 'node:(worker_threads|v8|vm)'/.test(s.text));
    expect(cli.map((s) => s.file)).toEqual([]);
  });
});
