/**
 * The fixture months through the real CLI, compared with committed expected
 * output: the table (no colour), csv, json and the --out files; a rerun is
 * byte-identical.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { assess, expectMatchesFile, tempDir } from './cli.js';

const MONTHS = ['2026-01', '2026-02', '2026-03'];

function monthFiles(month: string): string[] {
  return fs
    .readdirSync(`fixtures/${month}`)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => `fixtures/${month}/${f}`);
}

describe.each(MONTHS)('month %s', (month) => {
  const files = monthFiles(month);

  it('prints the table', () => {
    const r = assess([...files, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('\u001b[');
    expectMatchesFile(`${month}/table.txt`, r.stdout);
  });

  it('prints the table in Chinese', () => {
    const r = assess([...files, '--dry-run', '--lang', 'zh']);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesFile(`${month}/table.zh.txt`, r.stdout);
  });

  it('prints csv and json', () => {
    const csv = assess([...files, '--dry-run', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expectMatchesFile(`${month}/scores.stdout.csv`, csv.stdout);
    const json = assess([...files, '--dry-run', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expectMatchesFile(`${month}/summary.stdout.json`, json.stdout);
    const summary = JSON.parse(json.stdout) as { files: { rows_read: number; accepted: number; rejected: number }[] };
    for (const f of summary.files) expect(f.rows_read).toBe(f.accepted + f.rejected);
  });

  it('writes the --out files, byte-identical on a rerun', () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'assess.db');
    const out1 = path.join(dir, 'out1');
    const out2 = path.join(dir, 'out2');
    const a = assess([...files, '--ledger', ledger, '--out', out1, '--format', 'csv']);
    expect(a.code, a.stderr).toBe(0);
    const b = assess([...files, '--ledger', ledger, '--out', out2, '--format', 'csv']);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('replaced');
    expect(b.stdout).toBe(a.stdout);
    for (const name of ['scores.csv', 'units.csv', 'trace.csv', 'rejects.csv', 'summary.json']) {
      const first = fs.readFileSync(path.join(out1, name), 'utf8');
      expect(fs.readFileSync(path.join(out2, name), 'utf8'), name).toBe(first);
      if (name.endsWith('.csv')) expect(first.startsWith('\uFEFF'), `${name} starts with a BOM`).toBe(true);
      expectMatchesFile(`${month}/out/${name}`, first);
    }
    // report.xlsx too, the same bytes on a rerun (its dates are the month's, not the clock's).
    expect(fs.readFileSync(path.join(out2, 'report.xlsx')).equals(fs.readFileSync(path.join(out1, 'report.xlsx')))).toBe(true);
    // Written atomically: no temporary files left behind.
    expect(fs.readdirSync(out1).sort()).toEqual(['rejects.csv', 'report.xlsx', 'scores.csv', 'summary.json', 'trace.csv', 'units.csv']);
  });
});

describe('--unit', () => {
  it('shows only the units asked for, and says which units there are when one is mistyped', () => {
    const r = assess(['fixtures/2026-02/register.csv', '--dry-run', '--unit', '营业厅', '--unit', '线路班']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Unit: 营业厅');
    expect(r.stdout).toContain('0012      马强');
    expect(r.stdout).not.toContain('北极村支局');
    const bad = assess(['fixtures/2026-02/register.csv', '--dry-run', '--unit', '营业', '--lang', 'zh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--unit "营业" 不是 2026-02 的单位；可选的单位有：北极村支局、');
    const en = assess(['fixtures/2026-02/register.csv', '--dry-run', '--unit', '营业', '--unit', '线路', '--lang', 'en', '--format', 'json']);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain('--unit "营业", "线路": not a unit of 2026-02; the units are: 北极村支局, ');
    const problems = (JSON.parse(en.stdout) as { problems: { code: string }[] }).problems;
    expect(problems.map((p) => p.code)).toEqual(['USAGE_UNKNOWN_UNIT']);
  });
});

describe('report.xlsx from the CLI', () => {
  it('keeps 0012 as text, Chinese names, and money as numbers shown 0.00, on sheets named in Chinese', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const r = assess(['fixtures/2026-02/register.csv', '--ledger', path.join(dir, 'a.db'), '--out', out, '--lang', 'zh'], { env: { ASSESS_BUREAU: '漠河县电信局' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'report.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['得分', '单位', '明细', '退回', '汇总']);
    const scores = wb.getWorksheet('得分');
    let row: ExcelJS.Row | undefined;
    scores?.eachRow((x) => {
      if (x.getCell(2).value === '0012') row = x;
    });
    expect(row?.getCell(3).value).toBe('马强');
    expect(row?.getCell(5).value).toBe(96.5);
    expect(row?.getCell(13).value).toBe(1428);
    expect(row?.getCell(13).numFmt).toBe('0.00');
    expect(scores?.headerFooter.oddHeader).toContain('漠河县电信局 2026-02 月度考核 得分');
  });
});

describe('February: the hand-off quarrel', () => {
  it('forfeits both parties\' whole bonus and docks the unit 2 points', () => {
    const r = assess(['fixtures/2026-02/register.csv', '--dry-run', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as {
      people: { employee: string; bonus: string; bonus_forfeited: string; bonus_paid: string }[];
      units: { unit: string; points: number; score: number }[];
    };
    for (const id of ['0003', '0019']) {
      const p = s.people.find((x) => x.employee === id);
      expect(p?.bonus_forfeited).toBe(p?.bonus);
      expect(p?.bonus_paid).toBe('0.00');
    }
    const hall = s.units.find((u) => u.unit === '营业厅');
    expect(hall?.points).toBe(-2);
    expect(hall?.score).toBe(98);
  });
});

describe('--dry-run', () => {
  it('records nothing in the ledger, but writes the --out files that were asked for (SPEC §2)', () => {
    const dir = tempDir();
    const r = assess(['fixtures/2026-02/register.csv', '--dry-run', '--out', path.join(dir, 'out'), '--ledger', path.join(dir, 'a.db')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.readdirSync(dir)).toEqual(['out']);
    // The same files as a recorded run writes into a fresh ledger.
    const recorded = assess(['fixtures/2026-02/register.csv', '--out', path.join(dir, 'out2'), '--ledger', path.join(dir, 'b.db')]);
    expect(recorded.code, recorded.stderr).toBe(0);
    for (const name of ['scores.csv', 'units.csv', 'trace.csv', 'rejects.csv', 'summary.json']) {
      expect(fs.readFileSync(path.join(dir, 'out', name), 'utf8'), name).toBe(fs.readFileSync(path.join(dir, 'out2', name), 'utf8'));
    }
    expect(fs.readFileSync(path.join(dir, 'out', 'trace.csv'), 'utf8')).toContain('handoff-dispute');
  });
});
