/**
 * A clerk's whole year through the real CLI: twelve monthly runs into one
 * ledger, then `assess year 2026`; explain, diff and history on the fixtures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, assess, expectMatchesFile, tempDir } from './cli.js';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

function monthFiles(month: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'fixtures', month))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => `fixtures/${month}/${f}`);
}

function fen(text: string): bigint {
  const [whole = '0', frac = '00'] = text.replace('-', '').split('.');
  const v = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return text.startsWith('-') ? -v : v;
}

interface YearJson {
  people: { employee: string; withheld: string; allocation: string; difference: string }[];
  pool: string;
  allocated: string;
  undistributed: string;
  months_assessed: string[];
  months_missing: string[];
}

describe('a year of fixture months', () => {
  const dir = tempDir();
  const ledger = path.join(dir, 'assess.db');

  beforeAll(() => {
    for (const m of MONTHS.slice(0, 11)) {
      const r = assess([...monthFiles(m), '--ledger', ledger, '--format', 'csv']);
      expect(r.code, `${m}: ${r.stderr}`).toBe(0);
    }
  });

  it('refuses to allocate while a month is missing, and names it', () => {
    const r = assess(['year', '2026', '--ledger', ledger]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('2026-12');
    expect(r.stdout).toBe('');
    const allowed = assess(['year', '2026', '--ledger', ledger, '--allow-missing', '--format', 'json']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((JSON.parse(allowed.stdout) as YearJson).months_missing).toEqual(['2026-12']);
  });

  it('allocates the whole pool to the fen once all twelve months are in', () => {
    const dec = assess([...monthFiles('2026-12'), '--ledger', ledger, '--format', 'csv']);
    expect(dec.code, dec.stderr).toBe(0);
    const table = assess(['year', '2026', '--ledger', ledger]);
    expect(table.code, table.stderr).toBe(0);
    expectMatchesFile('year/year.txt', table.stdout);
    const json = assess(['year', '2026', '--ledger', ledger, '--format', 'json']);
    expectMatchesFile('year/year.json', json.stdout);
    const y = JSON.parse(json.stdout) as YearJson;
    expect(y.months_assessed).toEqual(MONTHS);
    const sum = y.people.reduce((s, p) => s + fen(p.allocation), 0n);
    expect(sum).toBe(fen(y.allocated));
    expect(sum + fen(y.undistributed)).toBe(fen(y.pool));
    expect(fen(y.undistributed)).toBe(0n);
    expect(y.people.reduce((s, p) => s + fen(p.withheld), 0n)).toBe(fen(y.pool));
    for (const p of y.people) expect(fen(p.difference)).toBe(fen(p.allocation) - fen(p.withheld));

    const out = path.join(dir, 'out');
    const csv = assess(['year', '2026', '--ledger', ledger, '--format', 'csv', '--out', out]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'year.csv'), 'utf8')).toBe(`\uFEFF${csv.stdout}`);
    expect(fs.readFileSync(path.join(out, 'year.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expectMatchesFile('year/year.csv', csv.stdout);
  });

  it('shows one person\'s months', () => {
    const r = assess(['history', '0003', '--ledger', ledger]);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesFile('year/history-0003.txt', r.stdout);
    const unknown = assess(['history', '9999', '--ledger', ledger]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('9999');
  });

  it('leaves the ledger as it was when a run fails or is a dry run', () => {
    const before = assess(['year', '2026', '--ledger', ledger, '--format', 'json']).stdout;
    const bad = path.join(ROOT, 'fixtures/bad/unknown-employee');
    const failed = assess(['--rules', '../../../rules', '--ledger', ledger, 'incidents.csv'], { cwd: bad });
    expect(failed.code).toBe(1);
    const dry = assess([...monthFiles('2026-02'), '--ledger', ledger, '--dry-run', '--rules', path.join(ROOT, 'fixtures/bad/rules-misspelt-field/rules')]);
    expect(dry.code).toBe(1);
    expect(assess(['year', '2026', '--ledger', ledger, '--format', 'json']).stdout).toBe(before);
  });
});

describe('explain', () => {
  it('shows why the February quarrel cost what it cost', () => {
    const r = assess(['explain', '0003', 'fixtures/2026-02/register.csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('handoff-dispute');
    expect(r.stdout).toContain('fixtures/2026-02/register.csv:');
    expectMatchesFile('explain/0003-2026-02.txt', r.stdout);
    const json = assess(['explain', '0003', 'fixtures/2026-02/register.csv', '--format', 'json']);
    expectMatchesFile('explain/0003-2026-02.json', json.stdout);
    // In Chinese, every line: the rule's Chinese title, what it says, and the arithmetic.
    const zh = assess(['explain', '0003', 'fixtures/2026-02/register.csv', '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(0);
    expectMatchesFile('explain/0003-2026-02.zh.txt', zh.stdout);
    expect(zh.stdout).toContain('上下工序衔接发生口角');
    expect(zh.stdout).not.toContain('quarrel');
    const j = JSON.parse(json.stdout) as { bonus: string; bonus_forfeited: string; bonus_paid: string; unit_points: number };
    expect(j.bonus_forfeited).toBe(j.bonus);
    expect(j.bonus_paid).toBe('0.00');
    expect(j.unit_points).toBe(-2);
  });

  it('says so when the person is not on the roster', () => {
    const r = assess(['explain', '9999', 'fixtures/2026-02/register.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"9999" is not on the roster');
  });
});

describe('diff', () => {
  it('shows exactly the two people the quarrel rule affects when it costs half the bonus', () => {
    const dir = tempDir();
    const rules = path.join(dir, 'rules');
    fs.cpSync(path.join(ROOT, 'rules'), rules, { recursive: true });
    const file = path.join(rules, 'service-norms.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('bonus: "-100%", unit_points: -2');
    fs.writeFileSync(file, text.replace('bonus: "-100%", unit_points: -2', 'bonus: "-50%", unit_points: -2'));
    const r = assess(['diff', 'fixtures/2026-02/register.csv', '--rules', rules]);
    expect(r.code, r.stderr).toBe(0);
    expectMatchesFile('diff/half-bonus.txt', r.stdout);
    const csv = assess(['diff', 'fixtures/2026-02/register.csv', '--rules', rules, '--format', 'csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['0003', '0019']);
    const same = assess(['diff', 'fixtures/2026-02/register.csv', '--rules', 'rules']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No one changes');
  });
});
