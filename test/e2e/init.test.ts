/**
 * `assess init [DIR]` through the repository's CLI (the packed install is
 * tested in install.test.ts): the folder is created, every target is checked
 * before anything is written, and the messages come in both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const SHIPPED = fs.readdirSync(path.join(ROOT, 'rules')).sort();

describe('assess init', () => {
  it('creates DIR and DIR/rules, and names the next steps for that folder', () => {
    const cwd = tempDir();
    const r = assess(['init', 'bureau/2026'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readdirSync(path.join(cwd, 'bureau/2026/rules')).sort()).toEqual(SHIPPED);
    expect(r.stdout).toBe(
      SHIPPED.map((n) => `wrote bureau/2026/rules/${n}\n`).join('') +
        'Edit first: bureau/2026/rules/columns.yaml, so that its headers are the column names of your exports;\n' +
        'then the point values that bureau/2026/rules/README.md marks as "ours" (the article does not give them).\n' +
        'Check the folder with: assess rules check --rules bureau/2026/rules\n',
    );
  });

  it('writes nothing when any one target exists, and names only the existing ones', () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, 'rules'));
    fs.writeFileSync(path.join(cwd, 'rules/training.yaml'), 'mine\n');
    const r = assess(['init'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('this file already exists, nothing was written: rules/training.yaml (pass --force to overwrite it)\n');
    expect(fs.readdirSync(path.join(cwd, 'rules'))).toEqual(['training.yaml']);
    const zh = assess(['init', '--lang', 'zh'], { cwd });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe('以下文件已存在，未写入任何文件：rules/training.yaml（如要覆盖，请加 --force）\n');
    expect(fs.readFileSync(path.join(cwd, 'rules/training.yaml'), 'utf8')).toBe('mine\n');
  });

  it('speaks Chinese under a Chinese locale', () => {
    const cwd = tempDir();
    const r = assess(['init'], { cwd, env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('已写入 rules/README.zh.md\n');
    expect(r.stdout).toContain('请先修改 rules/columns.yaml');
    expect(r.stdout).toContain('改完后运行 assess rules check 检查。\n');
  });

  it('without ./rules, a run in another folder uses the built-in rules and says so once', () => {
    const cwd = tempDir();
    const files = ['complaints.csv', 'incidents.csv', 'training.csv'].map((f) => path.join(ROOT, 'fixtures/2026-01', f));
    const r = assess([...files, '--roster', path.join(ROOT, 'fixtures/roster.csv'), '--dry-run'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('assess: no rules folder here; using the built-in rules (assess init copies them here to edit)\n');
    expect(r.stdout).toBe(fs.readFileSync(path.join(ROOT, 'test/e2e/expected/2026-01/table.txt'), 'utf8'));
  });
});
