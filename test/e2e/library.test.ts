/**
 * assess as a library (SPEC §11), as another Node project gets it: the
 * packed package (test/e2e/packed.ts: `npm pack`, installed from the
 * tarball) is linked into a fresh project's node_modules, and a script there
 * does `import { assessMonth, AssessError } from 'assess'`. It must resolve to
 * what `assess --format json` prints, reject with coded problems, print and
 * write nothing; its types must check in a TypeScript file of that project.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';
import { packedInstall } from './packed.js';

let project = '';
beforeAll(async () => {
  const installed = await packedInstall();
  project = tempDir('assess-lib-user-');
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'payroll-tool', private: true, type: 'module' }));
  fs.mkdirSync(path.join(project, 'node_modules'));
  fs.symlinkSync(installed.packageDir, path.join(project, 'node_modules', 'assess'), 'dir');
  for (const f of ['complaints.csv', 'incidents.csv', 'training.csv']) fs.copyFileSync(path.join(ROOT, 'fixtures/2026-01', f), path.join(project, f));
  fs.copyFileSync(path.join(ROOT, 'fixtures/roster.csv'), path.join(project, 'roster.csv'));
}, 5 * 60_000);

/** Runs `code` as an ES module in the user's project; its stdout is one JSON line. */
function inProject(code: string): { code: number; stdout: string; stderr: string; files: string[] } {
  const before = fs.readdirSync(project).sort();
  fs.writeFileSync(path.join(project, 'use.mjs'), code);
  const r = spawnSync(process.execPath, ['use.mjs'], { cwd: project, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' }, encoding: 'utf8' });
  fs.rmSync(path.join(project, 'use.mjs'));
  const files = fs.readdirSync(project).sort().filter((f) => !before.includes(f));
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, files };
}

describe('import { assessMonth } from "assess"', () => {
  it('resolves to the object that --format json prints, with the built-in rules, printing and writing nothing', () => {
    const r = inProject(`
      import { assessMonth } from 'assess';
      const month = await assessMonth({ files: ['complaints.csv', 'incidents.csv', 'training.csv'], allowRejects: true });
      process.stdout.write(JSON.stringify(month));
    `);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.files).toEqual([]);
    const cli = assess(['complaints.csv', 'incidents.csv', 'training.csv', '--allow-rejects', '--dry-run', '--format', 'json', '--rules', path.join(ROOT, 'rules')], { cwd: project });
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(cli.stdout));
    expect(JSON.parse(r.stdout)).toMatchObject({ month: '2026-01' });
  }, 120_000);

  it('rejects with an AssessError carrying the exit code and coded problems', () => {
    const r = inProject(`
      import { assessMonth, AssessError } from 'assess';
      try {
        await assessMonth({ files: ['missing.csv', 'training.csv'] });
        process.stdout.write('resolved');
      } catch (err) {
        process.stdout.write(JSON.stringify({ isAssessError: err instanceof AssessError, exitCode: err.exitCode, problems: err.problems }));
      }
    `);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      isAssessError: true,
      exitCode: 1,
      problems: [{ code: 'FILE_NOT_FOUND', source: { file: 'missing.csv' }, params: {}, message: 'file not found' }],
    });
  }, 120_000);

  it('rejects a month with rejected rows unless allowRejects, naming each row', () => {
    const r = inProject(`
      import { assessMonth } from 'assess';
      import { appendFileSync, readFileSync } from 'node:fs';
      appendFileSync('training.csv', readFileSync('training.csv', 'latin1').split('\\n')[1] + '\\n', 'latin1'); // a duplicate row (bytes kept: the file is GB18030)
      try {
        await assessMonth({ files: ['complaints.csv', 'incidents.csv', 'training.csv'] });
      } catch (err) {
        process.stdout.write(JSON.stringify({ exitCode: err.exitCode, problems: err.problems }));
      }
    `);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { exitCode: number; problems: { code: string; source: { file: string; line: number }; message: string }[] };
    expect(out.exitCode).toBe(1);
    expect(out.problems.at(-1)).toMatchObject({ code: 'DUPLICATE_ROW', source: { file: 'training.csv' } });
    expect(out.problems.at(-1)?.message).toMatch(/^duplicate of training\.csv:2$/);
  }, 120_000);

  it('has types that check in the user\'s TypeScript', () => {
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, types: [] }, files: ['typed.ts'] }));
    fs.writeFileSync(path.join(project, 'typed.ts'), [
      "import { assessMonth, AssessError } from 'assess';",
      "import type { AssessMonthOptions, AssessProblem } from 'assess';",
      "const options: AssessMonthOptions = { files: ['a.csv'], month: '2026-01', lang: 'zh' };",
      'export async function run(): Promise<string> {',
      '  try {',
      '    const month = await assessMonth(options);',
      "    return String(month['month']);",
      '  } catch (err) {',
      '    if (err instanceof AssessError) return err.problems.map((p: AssessProblem) => `${p.code} ${p.exitCodeTypo}`).join();',
      "    return '';",
      '  }',
      '}',
    ].join('\n'));
    const tsc = (): string => spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { encoding: 'utf8' }).stdout;
    // A wrong property is caught, so the types are really read…
    expect(tsc()).toMatch(/exitCodeTypo/);
    fs.writeFileSync(path.join(project, 'typed.ts'), fs.readFileSync(path.join(project, 'typed.ts'), 'utf8').replace(' ${p.exitCodeTypo}', ' ${p.message}'));
    // …and the right ones check.
    expect(tsc()).toBe('');
  }, 120_000);
});
