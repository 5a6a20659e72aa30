/**
 * Rejected rows on stderr: at most 20 listed, then one line with how many
 * more there are and where all of them are, in both languages; every row is
 * still counted, and --dry-run --out writes them all to rejects.csv.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

/** A January training file whose 500 rows are all of people not on the roster. */
function month500(): { dir: string; file: string } {
  const dir = tempDir();
  const rows = ['工号,日期,培训类型,出勤情况'];
  for (let i = 0; i < 500; i++) rows.push(`X${String(i).padStart(3, '0')},2026-01-05,周一例会,出席`);
  const file = path.join(dir, 'training.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return { dir, file };
}

const ROSTER = path.join(ROOT, 'fixtures/roster.csv');

describe('a month of 500 rejected rows', () => {
  it.each([
    ['en', /training\.csv:\d+: /, /^… and 480 more rejected rows; to get all 500 in rejects\.csv without recording the month, run again with --allow-rejects --dry-run --out DIR$/, /^assess: 500 rows rejected; nothing was assessed/],
    ['zh', /training\.csv 第\d+行：/, /^……另有 480 行退回的记录未列出；要把全部 500 行写入 rejects\.csv 而不记入台账，请加上 --allow-rejects --dry-run --out 目录 再运行一次$/, /^assess：有 500 行记录无法使用，本月没有考核/],
  ])('fails with 22 lines on stderr (%s)', (lang, row, more, last) => {
    const { file } = month500();
    const r = assess([file, '--roster', ROSTER, '--lang', lang]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n').slice(0, -1);
    expect(lines).toHaveLength(22);
    for (const line of lines.slice(0, 20)) expect(line).toMatch(row);
    expect(lines[0]).toMatch(lang === 'en' ? /training\.csv:2: / : /training\.csv 第2行：/);
    expect(lines[20]).toMatch(more);
    expect(lines[21]).toMatch(last);
  });

  it('with --allow-rejects --dry-run --out, names the rejects.csv that holds all 500', () => {
    const { dir, file } = month500();
    const r = assess([file, '--roster', ROSTER, '--rules', path.join(ROOT, 'rules'), '--allow-rejects', '--dry-run', '--out', path.join(dir, 'out'), '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').slice(0, -1);
    expect(lines).toHaveLength(22);
    expect(lines[20]).toBe('… and 480 more rejected rows; all 500 are in out/rejects.csv');
    const csv = fs.readFileSync(path.join(dir, 'out/rejects.csv'), 'utf8').trimEnd().split('\n');
    expect(csv).toHaveLength(501);
    expect(fs.existsSync(path.join(dir, 'assess.db'))).toBe(false);
    const summary = JSON.parse(r.stdout) as { files: { rows_read: number; accepted: number; rejected: number }[] };
    expect(summary.files.find((f) => f.rows_read === 500)?.rejected).toBe(500);
  });

  it('lists all of 20 without a "more" line', () => {
    const dir = tempDir();
    const rows = ['工号,日期,培训类型,出勤情况'];
    for (let i = 0; i < 20; i++) rows.push(`X${i},2026-01-05,周一例会,出席`);
    fs.writeFileSync(path.join(dir, 'training.csv'), rows.join('\n') + '\n');
    const r = assess([path.join(dir, 'training.csv'), '--roster', ROSTER]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').slice(0, -1)).toHaveLength(21);
    expect(r.stderr).not.toContain('more');
  });
});
