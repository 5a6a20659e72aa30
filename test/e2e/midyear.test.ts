/**
 * Rules that changed in the middle of a year: one warning naming the earlier
 * months stored under other rules and the rules files that changed (pay split
 * by score over a year should not change its rules silently).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, assess, tempDir } from './cli.js';

const JAN = ['complaints.csv', 'incidents.csv', 'training.csv'].map((f) => `fixtures/2026-01/${f}`);
const FEB = ['fixtures/2026-02/register.csv'];

describe('rules changed mid-year', () => {
  it('warns once, naming the months stored under other rules and the file that changed, in both languages', () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'assess.db');
    const changed = path.join(dir, 'rules');
    fs.cpSync(path.join(ROOT, 'rules'), changed, { recursive: true });
    const training = path.join(changed, 'training.yaml');
    fs.writeFileSync(training, fs.readFileSync(training, 'utf8').replace('effects: { points: -3 }', 'effects: { points: -5 }'));

    const jan = assess([...JAN, '--ledger', ledger, '--format', 'csv']);
    expect(jan.code, jan.stderr).toBe(0);
    expect(jan.stderr).toBe('');
    const same = assess([...FEB, '--ledger', ledger, '--format', 'csv']);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr).toBe('');

    const other = assess([...FEB, '--ledger', ledger, '--format', 'csv', '--rules', changed, '--dry-run']);
    expect(other.code, other.stderr).toBe(0);
    const lines = other.stderr.split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^assess: warning: these rules differ from the rules stored for 2026-01: training\.yaml changed \(rules hash [0-9a-f]{12} then, [0-9a-f]{12} now\); the months of 2026 share one year-end pool by score/);
    // February itself is being replaced: only the months before it count.
    expect(lines[0]).not.toContain('2026-02');

    const zh = assess([...FEB, '--ledger', ledger, '--format', 'csv', '--rules', changed, '--dry-run', '--lang', 'zh']);
    expect(zh.stderr).toMatch(/^assess：注意：本月所用的考核细则与台账中 2026-01 的不同，改动的文件：training\.yaml（细则哈希原为 [0-9a-f]{12}，现为 [0-9a-f]{12}）；2026 年各月按得分分配同一笔效益工资，请确认这一改动是有意的\n$/);
  });

  it('says which files changed when a file is added, and only the hashes for a month stored before files were kept', () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'assess.db');
    const added = path.join(dir, 'rules');
    fs.cpSync(path.join(ROOT, 'rules'), added, { recursive: true });
    fs.writeFileSync(path.join(added, 'extra.yaml'), 'policy: extra\nrules: []\n');
    expect(assess([...JAN, '--ledger', ledger, '--format', 'csv']).code).toBe(0);
    const r = assess([...FEB, '--ledger', ledger, '--format', 'csv', '--rules', added, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/for 2026-01: extra\.yaml changed \(rules hash/);

    // A ledger whose January was stored without the rules files' hashes (before this version): the months and hashes only.
    const sqlite = new Database(ledger);
    sqlite.prepare("DELETE FROM run_files WHERE kind = 'rules'").run();
    sqlite.close();
    const old = assess([...FEB, '--ledger', ledger, '--format', 'csv', '--rules', added, '--dry-run']);
    expect(old.stderr).toMatch(/stored for 2026-01 \(rules hash [0-9a-f]{12} then/);
  });
});
