/**
 * The SQLite ledger under pressure (SPEC §6, §8), through the real CLI:
 * reading while another process writes, a file that is not a database, and
 * a full disk (a small tmpfs; tests run as root here, and the tests say why
 * they skip where mounting is not allowed). A busy ledger past the timeout
 * is in busy.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/assess.js');
const HOLD = path.join(import.meta.dirname, 'fixtures/hold.mjs');
const JAN = ['incidents.csv', 'complaints.csv', 'training.csv'].map((f) => path.join(ROOT, 'fixtures/2026-01', f));
const FEB = [path.join(ROOT, 'fixtures/2026-02/register.csv')];
const ROSTER = path.join(ROOT, 'fixtures/roster.csv');
const RULES = path.join(ROOT, 'rules');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

const made: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'assess-pressure-'));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function assess(args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', ...env },
    maxBuffer: 1 << 26,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const month = (files: string[], ledger: string, ...more: string[]) => assess([...files, '--roster', ROSTER, '--rules', RULES, '--ledger', ledger, '--format', 'csv', ...more]);
const year = (ledger: string) => assess(['year', '2026', '--allow-missing', '--rules', RULES, '--ledger', ledger, '--format', 'csv']);
const history = (ledger: string) => assess(['history', '0001', '--rules', RULES, '--ledger', ledger, '--format', 'csv']);

function expectClean(r: Result): void {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toContain('internal error');
}

describe('reading while a month is being written', () => {
  it('year and history read the committed months while another process holds the write lock', async () => {
    const dir = tempDir();
    const ledger = path.join(dir, 'l.db');
    expect(month(JAN, ledger).code).toBe(0);
    const yearBefore = year(ledger);
    const historyBefore = history(ledger);
    expect(yearBefore.code).toBe(0);
    expect(historyBefore.code).toBe(0);

    const holder = spawn(process.execPath, [HOLD, ledger, '8000']);
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
      holder.on('exit', (code) => reject(new Error(`the holder exited (${code}) before holding the lock`)));
    });
    try {
      const started = Date.now();
      const during = year(ledger);
      const duringHistory = history(ledger);
      // WAL: readers never wait for the writer, and see only committed months.
      expect(during.code, during.stderr).toBe(0);
      expect(during.stdout).toBe(yearBefore.stdout);
      expect(duringHistory.code, duringHistory.stderr).toBe(0);
      expect(duringHistory.stdout).toBe(historyBefore.stdout);
      expect(Date.now() - started).toBeLessThan(8000);
    } finally {
      holder.kill();
    }
  });
});

describe('a ledger file that is not a SQLite database', () => {
  it.each([
    ['a month run', (l: string) => month(JAN, l)],
    ['a dry run', (l: string) => month(JAN, l, '--dry-run')],
    ['year', year],
    ['history', history],
  ])('%s: exit 1 naming it, the file byte for byte unchanged', (_name, run) => {
    const dir = tempDir();
    const ledger = path.join(dir, 'notes.db');
    const bytes = Buffer.from('工号,姓名\n0001,王丽华\n'.repeat(400), 'utf8');
    fs.writeFileSync(ledger, bytes);
    const r = run(ledger);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${ledger} is not an assess ledger`);
    expectClean(r);
    expect(fs.readFileSync(ledger).equals(bytes)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['notes.db']);
  });
});

/** Mounts a tmpfs of `size` at a new folder; null (and why) where mounting is not allowed. */
function mountTmpfs(size: string): { dir: string; unmount: () => void } | { skip: string } {
  if (process.platform !== 'linux') return { skip: `tmpfs needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' };
  const dir = tempDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return { skip: `mount -t tmpfs is not allowed here: ${(r.stderr || String(r.error)).trim()}` };
  return { dir, unmount: () => void spawnSync('umount', [dir]) };
}

/** Fills the file system of `dir` to leave about `leave` bytes free. */
function fill(dir: string, leave: number): string {
  const filler = path.join(dir, `filler-${Date.now()}`);
  const st = fs.statfsSync(dir);
  const free = st.bavail * st.bsize;
  fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - leave)));
  return filler;
}

describe('a full disk', () => {
  const mounted = mountTmpfs('8m');
  const skip = 'skip' in mounted ? mounted.skip : null;
  if (skip !== null) console.log(`full-disk tests skipped: ${skip}`);
  let big = '';
  beforeAll(async () => {
    if (skip !== null) return;
    // A month whose ledger write needs about 800 KB, so that it runs out of room midway.
    big = tempDir();
    const { generate } = (await import(path.join(ROOT, 'bench/gen.mjs'))) as { generate: (o: object) => Promise<unknown> };
    await generate({ rows: 20_000, people: 3000, units: 30, out: big });
  });
  afterAll(() => {
    if (!('skip' in mounted)) mounted.unmount();
  });

  it.skipIf(skip !== null)('writing the ledger: exit 75 saying so, no files left behind, earlier months intact', () => {
    const dir = (mounted as { dir: string }).dir;
    const ledger = path.join(dir, 'l.db');
    expect(month(JAN, ledger).code).toBe(0);
    const before = { year: year(ledger).stdout, history: history(ledger).stdout, bytes: fs.readFileSync(ledger) };

    // Full before the run starts: refused before SQLite touches anything.
    let filler = fill(dir, 64 * 1024);
    const files = fs.readdirSync(dir).sort();
    let r = month(FEB, ledger);
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toContain(`the disk holding ${ledger} is full`);
    expectClean(r);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
    expect(fs.readFileSync(ledger).equals(before.bytes)).toBe(true);
    fs.rmSync(filler);

    // Room at the start, none midway: SQLite rolls the month back.
    filler = fill(dir, 400 * 1024);
    r = assess([path.join(big, 'events.csv'), '--roster', path.join(big, 'roster.csv'), '--rules', RULES, '--ledger', ledger, '--format', 'csv', '--allow-rejects', '--month', '2026-02']);
    expect(r.code, r.stderr).toBe(75);
    expect(r.stderr).toContain('full');
    expectClean(r);
    fs.rmSync(filler);
    // No file that was not there before the run (SQLite may even have tidied the readers' -wal and -shm away).
    expect(fs.readdirSync(dir).filter((f) => !files.includes(f))).toEqual([]);

    // Once there is room, the earlier months read as before.
    expect(year(ledger).stdout).toBe(before.year);
    expect(history(ledger).stdout).toBe(before.history);
  });

  it.skipIf(skip !== null)('writing --out: exit 75 saying so, no temporary files left', () => {
    const dir = (mounted as { dir: string }).dir;
    const out = path.join(dir, 'out');
    const ledger = path.join(tempDir(), 'l.db');
    const filler = fill(dir, 0);
    try {
      const r = month(JAN, ledger, '--out', out);
      expect(r.code, r.stderr).toBe(75);
      expect(r.stderr).toContain(`the disk holding ${out}`);
      expect(r.stderr).toContain('is full; nothing was written');
      expectClean(r);
      const left = fs.existsSync(out) ? fs.readdirSync(out) : [];
      expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // The --out files are written before the month is recorded: a full disk there records nothing.
      expect(history(ledger).stdout).not.toContain('2026-01');
    } finally {
      fs.rmSync(filler);
    }
  });
});
