/**
 * A SQLite ledger locked by another process for longer than the busy
 * timeout (SPEC §6: 30 s by default; ASSESS_BUSY_TIMEOUT sets it for this
 * test): exit 75 with the code LEDGER_BUSY, naming the file, no stack trace,
 * and nothing half-written — the ledger reads as before once the lock goes.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOLD = path.join(import.meta.dirname, 'fixtures/hold.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-busy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function assess(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin/assess.js'), ...args, '--rules', path.join(ROOT, 'rules'), '--format', 'csv'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('a ledger busy past the timeout', () => {
  it('exits 75 with LEDGER_BUSY naming the file, and writes nothing', async () => {
    const ledger = path.join(dir, 'l.db');
    const jan = ['incidents.csv', 'complaints.csv', 'training.csv'].map((f) => path.join(ROOT, 'fixtures/2026-01', f));
    const feb = [path.join(ROOT, 'fixtures/2026-02/register.csv')];
    const roster = ['--roster', path.join(ROOT, 'fixtures/roster.csv'), '--ledger', ledger];
    expect(assess([...jan, ...roster]).code).toBe(0);
    const before = assess(['year', '2026', '--allow-missing', '--ledger', ledger]);
    expect(before.code).toBe(0);

    const holder = spawn(process.execPath, [HOLD, ledger, '12000']);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
      holder.on('exit', (code) => reject(new Error(`the holder exited (${code}) before holding the lock`)));
    });
    let r;
    const started = Date.now();
    try {
      r = assess([...feb, ...roster], { ASSESS_BUSY_TIMEOUT: '1' });
    } finally {
      holder.kill();
    }
    const waited = Date.now() - started;
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toContain('LEDGER_BUSY');
    expect(r.stderr).toContain(ledger);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(r.stderr).not.toContain('internal error');
    expect(waited).toBeGreaterThanOrEqual(1000);
    await new Promise((resolve) => holder.on('exit', resolve));
    // Nothing of February, nor of the holder's uncommitted row.
    expect(assess(['year', '2026', '--allow-missing', '--ledger', ledger]).stdout).toBe(before.stdout);
  });
});
