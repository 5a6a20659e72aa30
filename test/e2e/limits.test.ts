/**
 * Input at the edge of what assess accepts never reaches an internal error
 * (SPEC §8, issue 10's audit of fen() and hundredths(), which throw only on a
 * bug): 2,000 people whose wages, bonuses and losses are all the largest
 * amount allowed, with scores up to the largest allowed, through three months
 * and the year. And a reader that closes the pipe early ends the run quietly.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const PEOPLE = 2000;
/** scoring.max_amount's default: 1,000,000 yuan. */
const MAX_YUAN = '1000000.00';

/** Yuan as written in the CSVs (two decimals) to integer fen, exactly. */
function fen(text: string): bigint {
  const [yuan = '', cents = ''] = text.split('.');
  return BigInt(yuan) * 100n + BigInt(yuan.startsWith('-') ? `-${cents}` : cents);
}

function topMonths(): { dir: string; ledger: string } {
  const dir = tempDir();
  fs.cpSync(path.join(ROOT, 'rules'), path.join(dir, 'rules'), { recursive: true });
  const scoring = path.join(dir, 'rules/scoring.yaml');
  // Scores at the top of their range: 10,000 points.
  fs.writeFileSync(scoring, fs.readFileSync(scoring, 'utf8').replace(/^ {2}base: 100$/m, '  base: 10000').replace(/^ {2}max: 100$/m, '  max: 10000'));
  const roster = ['工号,姓名,部门,岗位,月工资,生产奖金,入职日期,离职日期'];
  for (let i = 1; i <= PEOPLE; i++) roster.push(`${String(i).padStart(4, '0')},人${i},营业厅,营业员,${MAX_YUAN},${MAX_YUAN},2003-07-01,`);
  fs.writeFileSync(path.join(dir, 'roster.csv'), roster.join('\n') + '\n');
  for (const m of ['01', '02', '03']) {
    const rows = ['date,employees,type,id,unit,loss,note'];
    for (let i = 1; i < 200; i++) rows.push(`2026-${m}-14,${String(i).padStart(4, '0')},billing-overcharge,SG-${m}-${i},营业厅,${MAX_YUAN},x`);
    fs.writeFileSync(path.join(dir, `incidents-${m}.csv`), rows.join('\n') + '\n');
  }
  return { dir, ledger: path.join(dir, 'l.db') };
}

describe('amounts and scores at their limits', () => {
  it('assess three months and the year exactly, with no internal error, and a closed pipe ends quietly', async () => {
    const { dir, ledger } = topMonths();
    for (const m of ['01', '02', '03']) {
      const r = assess([`incidents-${m}.csv`, '--roster', 'roster.csv', '--ledger', ledger, '--format', 'csv'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    }
    const year = assess(['year', '2026', '--ledger', ledger, '--allow-missing', '--format', 'csv'], { cwd: dir });
    expect(year.code, year.stderr).toBe(0);
    const rows = year.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(PEOPLE);
    // The pool is paid out to the fen: allocations add up to what was withheld, and each difference is exact.
    const withheld = rows.reduce((n, r) => n + fen(r[5] as string), 0n);
    const allocated = rows.reduce((n, r) => n + fen(r[7] as string), 0n);
    expect(allocated).toBe(withheld);
    for (const r of rows) expect(fen(r[8] as string)).toBe(fen(r[7] as string) - fen(r[5] as string));
    // 30% of three months' wage of 1,000,000 yuan each.
    expect(rows[0]?.[5]).toBe('900000.00');

    // `assess year … | head -1`: the reader closes the pipe after its first piece (of about 500 KB in all).
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/assess.js'), 'year', '2026', '--ledger', ledger, '--allow-missing', '--format', 'json'], {
      cwd: dir, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 120_000);
});

describe('output that cannot be written', () => {
  it.skipIf(!fs.existsSync('/dev/full'))('stdout on a full disk: exit 75 and one line in the run\'s language, no stack trace', () => {
    const expected = {
      en: 'cannot write the output: the disk is full (ENOSPC); what was written so far is incomplete. Free some space and run assess again\n',
      zh: '无法写出结果：磁盘已满（ENOSPC），已写出的部分不完整。请腾出一些空间后重新运行 assess\n',
    };
    for (const lang of ['en', 'zh'] as const) {
      const full = fs.openSync('/dev/full', 'w');
      try {
        const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/assess.js'), 'fixtures/2026-02/register.csv', '--dry-run', '--lang', lang], {
          cwd: ROOT, env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1' }, stdio: ['ignore', full, 'pipe'], encoding: 'utf8',
        });
        expect(r.status, r.stderr).toBe(75);
        expect(r.stderr).toBe(expected[lang]);
      } finally {
        fs.closeSync(full);
      }
    }
  });
});

describe('a rules folder with files that cannot be rules', () => {
  it('names a folder, a dangling link and a file too large, each once, in both languages, and writes nothing', () => {
    const dir = tempDir();
    const rules = path.join(dir, 'rules');
    fs.cpSync(path.join(ROOT, 'rules'), rules, { recursive: true });
    fs.mkdirSync(path.join(rules, 'folder.yaml'));
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(rules, 'link.yaml'));
    fs.writeFileSync(path.join(rules, 'big.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const args = [path.join(ROOT, 'fixtures/2026-01/incidents.csv'), '--roster', path.join(ROOT, 'fixtures/roster.csv'), '--ledger', path.join(dir, 'l.db')];
    const en = assess([...args, '--lang', 'en'], { cwd: dir });
    expect(en.code).toBe(1);
    expect(en.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^rules\/big\.yaml: is 2097155 bytes; a rules file may have at most \d+ bytes/),
      'rules/folder.yaml: is not a file (a rules folder holds .yaml files)',
      'rules/link.yaml: cannot be read (ENOENT)',
      '3 problems in the rules folder rules/ (assess rules check lists them)',
    ]);
    const zh = assess([...args, '--lang', 'zh'], { cwd: dir });
    expect(zh.code).toBe(1);
    expect(zh.stderr).toContain('rules/folder.yaml：不是文件（规则文件夹里应放 .yaml 文件）');
    expect(zh.stderr).toContain('rules/link.yaml：无法读取（ENOENT）');
    expect(zh.stderr).toMatch(/rules\/big\.yaml：有 2097155 字节，一个规则文件最多 \d+ 字节/);
    expect(fs.existsSync(path.join(dir, 'l.db'))).toBe(false);
  });
});
