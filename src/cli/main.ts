/**
 * The command line: argv → options → command → exit code. This is the only
 * place that catches errors: expected ones (UserError) become one clear line
 * and their exit code; anything else is a bug and says so, without a stack
 * trace unless ASSESS_DEBUG is set.
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError, formatProblem } from '../types.js';
import { VERSION } from './version.js';
import type { Terminal } from './terminal.js';
import { systemTerminal } from './terminal.js';

/** Runs assess with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], term: Terminal = systemTerminal()): Promise<number> {
  const program = buildProgram(term);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return term.exitCode;
  } catch (err) {
    return reportError(err, term);
  }
}

function reportError(err: unknown, term: Terminal): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help/version text).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return 2;
  }
  if (err instanceof UserError) {
    const lines = err.problems.map(formatProblem);
    for (const line of lines) term.err(line);
    if (err.message && !lines.includes(err.message)) term.err(err.message);
    return err.exitCode;
  }
  term.err(`assess: internal error, please report it: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.ASSESS_DEBUG && err instanceof Error && err.stack) term.err(err.stack);
  return 70;
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthOption(value: string): string {
  if (!MONTH_RE.test(value)) throw new UserError(`--month "${value}" is not a month (expected YYYY-MM, e.g. 2026-02)`, 2);
  return value;
}

/** Options shared by the commands that read a month's files. */
function addInputOptions(cmd: Command): Command {
  return cmd
    .option('--roster <file>', 'the roster file (default: one among the inputs, else the nearest roster.csv)')
    .option('--month <YYYY-MM>', 'the month to assess (default: the month of the records)', monthOption)
    .option('--encoding <name>', 'read the input files in this encoding (utf8, utf16le, gb18030…)')
    .option('--allow-rejects', 'assess the month without the rows that cannot be used, and list them');
}

/** Options shared by every command. */
function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('--rules <dir>', 'the rules folder (default: ./rules, else the built-in rules)')
    .option('--ledger <file>', 'the ledger database (default: $ASSESS_LEDGER or ./assess.db)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--out <dir>', 'also write the report files into this folder')
    .option('--no-color', 'no colour, even on a terminal')
    .addOption(new Option('--lang <lang>', 'language of headings and messages').choices(['en', 'zh']))
    .option('-q, --quiet', 'no progress bar');
}

function buildProgram(term: Terminal): Command {
  const program = new Command('assess')
    .description('Monthly assessment scores, production bonus after deductions, and year-end performance pay')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => term.out(s), writeErr: (s) => term.errRaw(s) })
    .showHelpAfterError('(run assess --help for usage)');

  const run = program
    .command('run', { isDefault: true })
    .description('assess one month')
    .argument('<files...>', 'the month\'s CSV files')
    .option('--dry-run', 'record nothing in the ledger (--out files are still written)');
  addCommonOptions(addInputOptions(run)).action(async (files: string[], opts) => {
    const { runCommand } = await import('./run.js');
    term.exitCode = await runCommand(files, opts, term);
  });

  const rules = program.command('rules').description('work with the rules folder');
  addCommonOptions(
    rules.command('check').description('validate the rules folder against the input schemas'),
  ).action(async (opts) => {
    const { rulesCheckCommand } = await import('./run.js');
    term.exitCode = await rulesCheckCommand(opts, term);
  });

  addCommonOptions(
    program
      .command('year')
      .description('final year-end allocation from the ledger')
      .argument('<YYYY>', 'the year')
      .option('--allow-missing', 'allocate even though some months of the year are not assessed'),
  ).action(async (year: string, opts) => {
    const { yearCommand } = await import('./year.js');
    term.exitCode = await yearCommand(year, opts, term);
  });

  addCommonOptions(
    addInputOptions(
      program
        .command('explain')
        .description('every effect on one person, with its source row')
        .argument('<employee>', 'the employee id')
        .argument('<files...>', 'the month\'s CSV files'),
    ),
  ).action(async (employee: string, files: string[], opts) => {
    const { explainCommand } = await import('./explain.js');
    term.exitCode = await explainCommand(employee, files, opts, term);
  });

  addCommonOptions(
    addInputOptions(
      program
        .command('diff')
        .description('what-if: how each person changes under another rules folder (never writes)')
        .argument('<files...>', 'the month\'s CSV files')
        .option('--base-rules <dir>', 'the rules to compare against (default: ./rules, else the built-in rules)'),
    ),
  ).action(async (files: string[], opts) => {
    const { diffCommand } = await import('./diff.js');
    term.exitCode = await diffCommand(files, opts, term);
  });

  program
    .command('init')
    .description('start a workspace: copy the built-in rules into DIR/rules')
    .argument('[DIR]', 'the workspace folder (default: the current folder)')
    .option('--force', 'overwrite rules files that already exist')
    .addOption(new Option('--lang <lang>', 'language of messages').choices(['en', 'zh']))
    .action(async (dir: string | undefined, opts) => {
      const { initCommand } = await import('./init.js');
      term.exitCode = await initCommand(dir, opts, term);
    });

  addCommonOptions(
    program
      .command('history')
      .description('month by month results of one person from the ledger')
      .argument('<employee>', 'the employee id'),
  ).action(async (employee: string, opts) => {
    const { historyCommand } = await import('./history.js');
    term.exitCode = await historyCommand(employee, opts, term);
  });

  for (const cmd of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => term.out(s), writeErr: (s) => term.errRaw(s) });
  }
  return program;
}
