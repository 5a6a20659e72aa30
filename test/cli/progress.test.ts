import { describe, expect, it } from 'vitest';
import { PROGRESS_MIN_BYTES, createProgress, formatDuration } from '../../src/cli/progress.js';
import type { Terminal } from '../../src/cli/terminal.js';

/** A terminal whose stderr is a TTY, recording what is drawn on it. */
function fakeTty(): Terminal & { drawn: string[] } {
  const drawn: string[] = [];
  return {
    drawn,
    out: () => undefined,
    err: (line) => void drawn.push(line + '\n'),
    errRaw: (text) => void drawn.push(text),
    stdoutIsTTY: true,
    stderrIsTTY: true,
    env: {},
    cwd: '/',
    exitCode: 0,
  };
}

/** A clock the test moves by hand. */
function clock(): { now: () => number; tick: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, tick: (ms) => void (t += ms) };
}

/** Feeds half, then all of `total` bytes with 1 s between, and says goodbye. */
function run(term: Terminal, enabled: boolean, total: number, lang: 'en' | 'zh' = 'en'): void {
  const c = clock();
  const p = createProgress(term, enabled, total, lang, c.now);
  c.tick(1000);
  p.rows(50_000);
  p.bytes(total / 2);
  c.tick(1000);
  p.rows(50_000);
  p.bytes(total / 2);
  p.done();
}

describe('createProgress', () => {
  it('draws a bar with the share, rows/s and ETA on a TTY for large inputs, then clears it', () => {
    const term = fakeTty();
    run(term, true, 2 * PROGRESS_MIN_BYTES);
    expect(term.drawn[0]).toBe(`\r[${'#'.repeat(15)}${' '.repeat(15)}]  50%  50,000 rows/s  ETA 0:01   `);
    expect(term.drawn[1]).toBe(`\r[${'#'.repeat(30)}] 100%  50,000 rows/s  ETA 0:00   `);
    expect(term.drawn.at(-1)).toBe(`\r${' '.repeat(70)}\r`);
    expect(term.drawn).toHaveLength(3);
  });

  it('speaks Chinese in a Chinese run, and still clears the whole line', () => {
    const term = fakeTty();
    run(term, true, 2 * PROGRESS_MIN_BYTES, 'zh');
    expect(term.drawn[0]).toBe(`\r[${'#'.repeat(15)}${' '.repeat(15)}]  50%  每秒 50,000 行  预计还需 0:01   `);
    // Each Chinese character takes two columns: done() blanks out as many columns as the widest bar took.
    const columns = [...(term.drawn[0] as string).slice(1)].reduce((n, ch) => n + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0);
    expect(columns).toBeGreaterThan(70);
    expect(term.drawn.at(-1)).toBe(`\r${' '.repeat(columns)}\r`);
  });

  it('redraws at most five times a second', () => {
    const term = fakeTty();
    const c = clock();
    const p = createProgress(term, true, 100 * PROGRESS_MIN_BYTES, 'en', c.now);
    c.tick(1000);
    for (let i = 0; i < 10; i++) {
      p.bytes(1024);
      c.tick(50);
    }
    expect(term.drawn.length).toBe(3);
  });

  it.each([
    ['under 10 MB', true, PROGRESS_MIN_BYTES - 1],
    ['disabled (not a TTY, or --quiet)', false, 2 * PROGRESS_MIN_BYTES],
  ])('draws nothing when %s', (_name, enabled, total) => {
    const term = fakeTty();
    run(term, enabled, total);
    expect(term.drawn).toEqual([]);
  });

  it.each([
    [0, '0:00'], [59.4, '0:59'], [61, '1:01'], [3600, '60:00'], [-3, '0:00'],
  ])('formatDuration(%d) = %s', (s, want) => expect(formatDuration(s)).toBe(want));
});
