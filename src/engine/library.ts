/**
 * assess as a library (SPEC §11): `import { assessMonth } from 'assess'`.
 * The same engine as the CLI, collecting one object: what `assess --format
 * json` prints. It prints nothing and writes nothing (the ledger, when
 * given, is only read, for the year to date); every failure is an
 * AssessError with the exit code the CLI would give and coded problems.
 *
 * @example
 *   import { assessMonth, AssessError } from 'assess';
 *   try {
 *     const month = await assessMonth({ files: ['2026-02/register.csv'], roster: 'roster.csv' });
 *     console.log(month.people.length);
 *   } catch (err) {
 *     if (err instanceof AssessError) for (const p of err.problems) console.error(p.code, p.message);
 *   }
 */
import fs from 'node:fs';
import path from 'node:path';
import { openLedger } from '../ledger/ledger.js';
import type { Ledger } from '../ledger/ledger.js';
import { monthSummary } from '../render/month.js';
import type { JsonValue } from '../render/columns.js';
import { UserError, fail, message as problemMessage, rejectCode, rejectReason } from '../problems.js';
import type { Lang, Problem, Reject } from '../problems.js';
import { builtinRulesDir } from './builtin.js';
import { SILENT, assessFiles, loadRulesFolder } from './pipeline.js';
import type { AssessedMonth } from './pipeline.js';
import { monthReport } from './report.js';

/** What to assess; paths are relative to `cwd` (default: the process's current folder). */
export interface AssessMonthOptions {
  /** The month's input files (CSV), the roster among them or given as `roster`. */
  files: string[];
  /** A rules folder; default: the built-in rules shipped in the package. */
  rules?: string;
  /** The roster file; default: the roster among `files`, else the nearest roster.csv (as the CLI). */
  roster?: string;
  /** `YYYY-MM`; default: the month of the records. */
  month?: string;
  /** Assess the month without its rejected rows instead of failing (they are in the result's `rejects`). */
  allowRejects?: boolean;
  /** An assess ledger, read only, for the year to date; without it the year to date is this month. */
  ledger?: string;
  /** The language of messages: 'en' (default) or 'zh'. */
  lang?: 'en' | 'zh';
  /** The input files' encoding when it cannot be detected (e.g. 'gb18030'). */
  encoding?: string;
  /** The folder relative paths start from. */
  cwd?: string;
}

/** The month as `assess --format json` prints it (SPEC §7). */
export type MonthSummary = { [key: string]: JsonValue };

/** One problem, as data: a stable code, where it is, its parameters, and the message in words. */
export interface AssessProblem {
  code: string;
  /** The file (and line, column) the problem is in, when it is in one. */
  source: { file: string; line?: number; column?: number } | null;
  params: { [key: string]: string | number };
  message: string;
}

/** Why a month could not be assessed: the CLI's exit code for it, and every problem. */
export class AssessError extends Error {
  override readonly name = 'AssessError';
  constructor(
    message: string,
    /** 1: bad input or rules; 2: bad usage (e.g. a malformed month); 70: a bug in assess. */
    readonly exitCode: number,
    readonly problems: AssessProblem[],
  ) {
    super(message);
  }
}

// Problem codes of the library's own (the project's problem-codes module replaces them when it lands).
const INPUT_PROBLEM = 'INPUT_PROBLEM';
const USAGE = 'USAGE';
const INTERNAL = 'INTERNAL';

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Assesses one month's files under a rules folder, as `assess FILES
 * --format json --dry-run` would, and resolves to the object it prints.
 * Rejects with an AssessError; never prints, never writes.
 */
export async function assessMonth(options: AssessMonthOptions): Promise<MonthSummary> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const lang: Lang = options.lang ?? 'en';
  let ledger: Ledger | null = null;
  let month: AssessedMonth | null = null;
  try {
    if (!Array.isArray(options.files) || options.files.length === 0) throw fail('USAGE_NO_INPUT', null, {});
    if (options.month !== undefined && !MONTH_RE.test(options.month)) {
      throw fail('USAGE_BAD_MONTH', null, { value: options.month });
    }
    const rules = loadRulesFolder(options.rules === undefined ? builtinRulesDir() : path.resolve(cwd, options.rules), cwd);
    const input = { roster: options.roster ?? null, month: options.month ?? null, encoding: options.encoding ?? null };
    month = await assessFiles(options.files, input, rules, { cwd, env: process.env }, () => SILENT, true, false);
    if (month.rejects.length > 0 && options.allowRejects !== true) {
      const n = `${month.rejects.length} row${month.rejects.length === 1 ? '' : 's'}`;
      throw new AssessError(`${n} rejected; nothing was assessed (pass allowRejects to assess the month without them)`, 1, Array.from(month.rejects, (r) => rejectProblem(r, lang)));
    }
    if (options.ledger !== undefined) {
      const file = path.resolve(cwd, options.ledger);
      if (!fs.existsSync(file)) throw fail('LEDGER_NOT_FOUND', null, { path: options.ledger });
      ledger = await openLedger(file, { readonly: true });
    }
    return monthSummary(await monthReport(month, rules, ledger), lang);
  } catch (err) {
    throw asAssessError(err, lang);
  } finally {
    await ledger?.close();
    month?.rejects.close(); // the rejects' temporary file, if the month needed one
  }
}

/** A rejected row as one problem: its codes joined by ';' (as in rejects.csv), its reasons in `lang`. */
function rejectProblem(r: Reject, lang: Lang): AssessProblem {
  const reason = rejectReason(r, lang);
  return { code: rejectCode(r), source: { file: r.source.file, line: r.source.line }, params: { reason }, message: reason };
}

function problemOf(p: Problem, lang: Lang): AssessProblem {
  const source = p.source === null ? null : { file: p.source.file, ...(p.source.line !== undefined ? { line: p.source.line } : {}), ...(p.source.column !== undefined ? { column: p.source.column } : {}) };
  return { code: p.code, source, params: p.params as unknown as AssessProblem['params'], message: problemMessage(p, lang) };
}

/** Any failure as an AssessError: a UserError keeps its exit code and problems; anything else is a bug (70). */
function asAssessError(err: unknown, lang: Lang): AssessError {
  if (err instanceof AssessError) return err;
  if (err instanceof UserError) {
    const problems = err.problems.map((p) => problemOf(p, lang));
    const message = err.message !== '' ? err.message : problems.map((p) => `${p.source?.file ?? ''}: ${p.message}`).join('\n');
    if (problems.length === 0) problems.push({ code: err.exitCode === 2 ? USAGE : INPUT_PROBLEM, source: null, params: {}, message });
    return new AssessError(message, err.exitCode, problems);
  }
  const message = `internal error, please report it: ${err instanceof Error ? err.message : String(err)}`;
  return new AssessError(message, 70, [{ code: INTERNAL, source: null, params: {}, message }]);
}
