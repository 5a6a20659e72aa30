/**
 * Options, normalised once from commander's raw values and the environment,
 * so that no command looks at `process.env` or re-derives a default.
 */
import fs from 'node:fs';
import path from 'node:path';
import { builtinRulesDir } from '../engine/builtin.js';
import { isPostgresUrl } from '../ledger/pgconnect.js';
import { fail } from '../problems.js';
import type { Lang } from '../problems.js';
import { detectLang } from '../problems.js';
import type { InputOptions as EngineInputs } from '../engine/pipeline.js';
import type { Terminal } from './terminal.js';

export type Format = 'table' | 'csv' | 'json';

export interface CommonOptions {
  rulesDir: string;
  /** No --rules and no ./rules: the rules shipped in the package (SPEC §2). */
  rulesBuiltin: boolean;
  /** --quiet: no progress bar and no notes on stderr. */
  quiet: boolean;
  /** A SQLite file's absolute path, or a postgres:// URL as given. */
  ledgerPath: string;
  /** `--bureau NAME` (PostgreSQL ledgers), or null. */
  bureau: string | null;
  /** How long to wait for a busy ledger: $ASSESS_BUSY_TIMEOUT seconds, else the backend's default. */
  busyTimeoutMs: number | undefined;
  format: Format;
  outDir: string | null;
  /** Colour on stdout: a TTY, not --no-color, no NO_COLOR. */
  color: boolean;
  lang: Lang;
  /** Progress on stderr: a TTY and not --quiet. */
  progress: boolean;
  /** --unit: the units the tables show; empty for all. */
  units: string[];
}

export interface InputOptions extends EngineInputs {
  allowRejects: boolean;
  dryRun: boolean;
}

/** Raw options as commander hands them over. */
export interface RawOptions {
  rules?: string;
  ledger?: string;
  bureau?: string;
  format?: string;
  out?: string;
  color?: boolean;
  lang?: string;
  quiet?: boolean;
  unit?: string[];
  roster?: string;
  month?: string;
  encoding?: string;
  allowRejects?: boolean;
  dryRun?: boolean;
  baseRules?: string;
  allowMissing?: boolean;
  force?: boolean;
}

/** The options every command understands. */
export function commonOptions(raw: RawOptions, term: Terminal): CommonOptions {
  const noColorEnv = (term.env.NO_COLOR ?? '') !== '';
  const rules = chooseRulesDir(raw.rules, term);
  return {
    rulesDir: rules.dir,
    rulesBuiltin: rules.builtin,
    quiet: raw.quiet === true,
    ledgerPath: ledgerLocation(raw.ledger ?? term.env.ASSESS_LEDGER ?? 'assess.db', term.cwd),
    bureau: raw.bureau ?? null,
    busyTimeoutMs: busyTimeout(term.env.ASSESS_BUSY_TIMEOUT),
    format: (raw.format ?? 'table') as Format,
    outDir: raw.out ? path.resolve(term.cwd, raw.out) : null,
    color: raw.color !== false && term.stdoutIsTTY && !noColorEnv,
    lang: detectLang(raw.lang, term.env, term.locale),
    progress: raw.quiet !== true && term.stderrIsTTY,
    units: (raw.unit ?? []).map((u) => u.trim()),
  };
}

/** A ledger URL stays as given; a file path becomes absolute. */
function ledgerLocation(given: string, cwd: string): string {
  return isPostgresUrl(given) ? given : path.resolve(cwd, given);
}

/** $ASSESS_BUSY_TIMEOUT: seconds (decimals allowed) to wait for a busy ledger; unset or invalid: the default. */
function busyTimeout(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const s = Number(value);
  if (!Number.isFinite(s) || s < 0) throw fail('USAGE_BUSY_TIMEOUT', null, { value });
  return Math.round(s * 1000);
}

/** The options of commands that read a month's input files. */
export function inputOptions(raw: RawOptions): InputOptions {
  return {
    roster: raw.roster ?? null,
    month: raw.month ?? null,
    encoding: raw.encoding ?? null,
    allowRejects: raw.allowRejects === true,
    dryRun: raw.dryRun === true,
  };
}

/**
 * The rules folder a command uses: the one named, else `./rules` when the
 * current folder has one, else the rules shipped with assess (SPEC §2).
 */
export function chooseRulesDir(option: string | undefined, term: Terminal): { dir: string; builtin: boolean } {
  if (option !== undefined) return { dir: path.resolve(term.cwd, option), builtin: false };
  const here = path.resolve(term.cwd, 'rules');
  if (fs.existsSync(here)) return { dir: here, builtin: false };
  return { dir: builtinRulesDir(), builtin: true };
}

/**
 * The bureau printed in the page header of report.xlsx and year.xlsx:
 * --bureau, else the ledger's (PostgreSQL), else $ASSESS_BUREAU, else none.
 */
export function pageBureau(common: CommonOptions, ledgerBureau: string, env: Record<string, string | undefined>): string {
  return (common.bureau ?? (ledgerBureau !== '' ? ledgerBureau : (env.ASSESS_BUREAU ?? ''))).trim();
}

/** The value of `--name X` or `--name=X` in argv, read before (or without) commander: for reporting its errors, or a failed output. */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  argv.forEach((a, i) => {
    if (a === name) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  });
  return value;
}
