/**
 * A progress bar on stderr for large inputs: bytes read, rows per second and
 * an estimate of the time left. Only on a terminal; cron and pipes see nothing.
 */
import type { Progress } from '../engine/pipeline.js';
import { SILENT } from '../engine/pipeline.js';
import type { Terminal } from './terminal.js';
import type { Lang } from '../problems.js';
import { say } from './words.js';
import { displayWidth } from '../render/table.js';

/** Inputs smaller than this finish before a bar would be worth drawing. */
export const PROGRESS_MIN_BYTES = 10 * 1024 * 1024;

/** A bar when `enabled` (stderr is a TTY and not --quiet) and the inputs are large; else nothing. */
export function createProgress(term: Terminal, enabled: boolean, totalBytes: number, lang: Lang = 'en', now: () => number = Date.now): Progress {
  if (!enabled || totalBytes < PROGRESS_MIN_BYTES) return SILENT;
  const start = now();
  let bytes = 0;
  let rows = 0;
  let last = 0;
  /** Columns of the last bar drawn (a Chinese character takes two), which done() blanks out. */
  let drawn = 0;
  const draw = (): void => {
    const t = now();
    if (t - last < 200) return;
    last = t;
    const secs = Math.max((t - start) / 1000, 0.001);
    const share = Math.min(bytes / totalBytes, 1);
    const width = 30;
    const filled = Math.round(share * width);
    const eta = share > 0 ? secs / share - secs : 0;
    const bar =
      `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ` +
      `${say(lang).progress(Math.round(rows / secs).toLocaleString('en-US'), formatDuration(eta))}   `;
    term.errRaw(`\r${bar}`);
    drawn = Math.max(drawn, displayWidth(bar));
  };
  return {
    bytes(n) {
      bytes += n;
      draw();
    },
    rows(n) {
      rows += n;
    },
    done() {
      if (drawn > 0) term.errRaw('\r' + ' '.repeat(Math.max(drawn, 70)) + '\r');
    },
  };
}

/** `m:ss` */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
