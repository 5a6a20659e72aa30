import { intlLocale } from '../problems.js';

/**
 * The process's outside world as the commands see it: output streams, whether
 * they are terminals, the environment and the current folder. Commands take a
 * Terminal instead of touching `process`, so that tests can drive them.
 */
export interface Terminal {
  out(text: string): void;
  /** A message line on stderr (a newline is added). */
  err(line: string): void;
  /** Raw text on stderr. */
  errRaw(text: string): void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** The platform's locale (Intl), used for the language when no LC_ALL, LC_MESSAGES or LANG is set. */
  locale?: string;
  /** Set by a command; returned by main. */
  exitCode: number;
}

/** The real process. */
export function systemTerminal(): Terminal {
  return {
    out: (text) => void process.stdout.write(text),
    err: (line) => void process.stderr.write(line + '\n'),
    errRaw: (text) => void process.stderr.write(text),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    locale: intlLocale(),
    exitCode: 0,
  };
}
