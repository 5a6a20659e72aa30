import { detectLang, exitOf, intlLocale, problem, render } from '../problems.js';
import { flagValue } from './options.js';

/**
 * The process's outside world as the commands see it: output streams, whether
 * they are terminals, the environment and the current folder. Commands take a
 * Terminal instead of touching `process`, so that tests can drive them.
 */
export interface Terminal {
  /** Output on stdout: text, or UTF-8 bytes (a big CSV's pieces). */
  out(text: string | Uint8Array): void;
  /** A message line on stderr (a newline is added). */
  err(line: string): void;
  /** Raw text on stderr. */
  errRaw(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The platform's locale (Intl), asked for only when no LC_ALL, LC_MESSAGES or LANG is set (it costs start-up time). */
  locale?: () => string;
  /** Set by a command; returned by main. */
  exitCode: number;
}

/**
 * A reader that stops reading (`assess year 2026 | head`) closes the pipe:
 * that is the reader's choice, not a failure, so the process ends quietly
 * with what it had written, as other command-line tools do. Any other
 * failure to write is said in the run's language (from `argv` and the
 * environment, as main reports errors), never as a stack trace.
 */
function onOutputError(stream: NodeJS.WriteStream, argv: readonly string[]): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // Output redirected to a full disk: worth retrying once there is room (SPEC §8).
    const full = err.code === 'ENOSPC' || err.code === 'EDQUOT';
    const p = problem(full ? 'OUTPUT_DISK_FULL' : 'OUTPUT_FAILED', null, { detail: err.code ?? err.message });
    if (stream !== process.stderr) process.stderr.write(`${render(p, detectLang(flagValue(argv, '--lang'), process.env, intlLocale))}\n`);
    process.exit(exitOf([p]));
  });
}

/** The real process. */
export function systemTerminal(argv: readonly string[] = []): Terminal {
  onOutputError(process.stdout, argv);
  onOutputError(process.stderr, argv);
  return {
    out: (text) => void process.stdout.write(text),
    err: (line) => void process.stderr.write(line + '\n'),
    errRaw: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    locale: intlLocale,
    exitCode: 0,
  };
}
