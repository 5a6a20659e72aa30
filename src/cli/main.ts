/**
 * The command line: argv → options → command → exit code. This is the only
 * place that catches errors: expected ones (UserError) become one clear line
 * and their exit code; anything else is a bug and says so, without a stack
 * trace unless ASSESS_DEBUG is set.
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError, formatProblem } from '../types.js';
import { VERSION } from './version.js';
import type { HelpWords } from './help.js';
import { helpConfig, helpWords } from './help.js';
import { commonOptions } from './options.js';
import type { Lang } from '../render/i18n.js';
import type { Terminal } from './terminal.js';
import { systemTerminal } from './terminal.js';

/** Runs assess with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], term: Terminal = systemTerminal()): Promise<number> {
  const program = buildProgram(term, helpLang(argv, term));
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

/** `--unit` may be given several times: each adds a unit. */
function collectUnits(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Options shared by the commands that read a month's files. */
function addInputOptions(cmd: Command, w: HelpWords): Command {
  return cmd
    .option('--roster <file>', w.optRoster)
    .option('--month <YYYY-MM>', w.optMonth, monthOption)
    .option('--encoding <name>', w.optEncoding)
    .option('--allow-rejects', w.optAllowRejects);
}

/** Options shared by every command. */
function addCommonOptions(cmd: Command, w: HelpWords): Command {
  return cmd
    .option('--rules <dir>', w.optRules)
    .option('--ledger <file>', w.optLedger)
    .option('--bureau <name>', w.optBureau)
    .addOption(new Option('--format <format>', w.optFormat).choices(['table', 'csv', 'json']).default('table'))
    .option('--out <dir>', w.optOut)
    .option('--no-color', w.optNoColor)
    .addOption(new Option('--lang <lang>', w.optLang).choices(['en', 'zh']))
    .option('-q, --quiet', w.optQuiet);
}

/**
 * The language of --help, known before commander parses anything: `--lang`
 * in argv, else the locale (the same choice commonOptions makes).
 */
function helpLang(argv: readonly string[], term: Terminal): Lang {
  let flag: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--lang') flag = argv[i + 1];
    else if (a.startsWith('--lang=')) flag = a.slice('--lang='.length);
  });
  return flag === 'en' || flag === 'zh' ? flag : commonOptions({}, term).lang;
}

function buildProgram(term: Terminal, lang: Lang): Command {
  const w = helpWords(lang);
  const program = new Command('assess')
    .description(w.program)
    .version(VERSION, '-V, --version', w.optVersion)
    .helpOption('-h, --help', w.optHelp)
    .helpCommand('help [command]', w.helpCommand)
    .configureHelp(helpConfig(lang))
    .exitOverride()
    .configureOutput({ writeOut: (s) => term.out(s), writeErr: (s) => term.errRaw(s) })
    .showHelpAfterError('(run assess --help for usage)');

  const run = program
    .command('run', { isDefault: true })
    .description(w.run)
    .argument('<files...>', w.argFiles)
    .option('--dry-run', w.optDryRun)
    .option('--unit <name>', w.optUnit, collectUnits);
  addCommonOptions(addInputOptions(run, w), w).action(async (files: string[], opts) => {
    const { runCommand } = await import('./run.js');
    term.exitCode = await runCommand(files, opts, term);
  });

  const rules = program.command('rules').description(w.rulesCmd);
  addCommonOptions(rules.command('check').description(w.rulesCheck), w).action(async (opts) => {
    const { rulesCheckCommand } = await import('./run.js');
    term.exitCode = await rulesCheckCommand(opts, term);
  });

  addCommonOptions(
    program
      .command('year')
      .description(w.year)
      .argument('<YYYY>', w.argYear)
      .option('--allow-missing', w.optAllowMissing)
      .option('--unit <name>', w.optUnit, collectUnits),
    w,
  ).action(async (year: string, opts) => {
    const { yearCommand } = await import('./year.js');
    term.exitCode = await yearCommand(year, opts, term);
  });

  addCommonOptions(
    addInputOptions(
      program
        .command('explain')
        .description(w.explain)
        .argument('<employee>', w.argEmployee)
        .argument('<files...>', w.argFiles),
      w,
    ),
    w,
  ).action(async (employee: string, files: string[], opts) => {
    const { explainCommand } = await import('./explain.js');
    term.exitCode = await explainCommand(employee, files, opts, term);
  });

  addCommonOptions(
    addInputOptions(
      program
        .command('diff')
        .description(w.diff)
        .argument('<files...>', w.argFiles)
        .option('--base-rules <dir>', w.optBaseRules),
      w,
    ),
    w,
  ).action(async (files: string[], opts) => {
    const { diffCommand } = await import('./diff.js');
    term.exitCode = await diffCommand(files, opts, term);
  });

  program
    .command('init')
    .description(w.init)
    .argument('[DIR]', w.argDir)
    .option('--force', w.optForce)
    .addOption(new Option('--lang <lang>', w.optLang).choices(['en', 'zh']))
    .action(async (dir: string | undefined, opts) => {
      const { initCommand } = await import('./init.js');
      term.exitCode = await initCommand(dir, opts, term);
    });

  addCommonOptions(
    program
      .command('history')
      .description(w.history)
      .argument('<employee>', w.argEmployee),
    w,
  ).action(async (employee: string, opts) => {
    const { historyCommand } = await import('./history.js');
    term.exitCode = await historyCommand(employee, opts, term);
  });

  addLedgerCommands(program, term, w);

  for (const cmd of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    cmd.helpOption('-h, --help', w.optHelp).configureHelp(helpConfig(lang));
    cmd.exitOverride().configureOutput({ writeOut: (s) => term.out(s), writeErr: (s) => term.errRaw(s) });
  }
  return program;
}

/** `assess ledger …`: the ledger's own commands (SPEC §6). */
function addLedgerCommands(program: Command, term: Terminal, w: HelpWords): void {
  const ledger = program.command('ledger').description(w.ledgerCmd);
  const load = () => import('./ledger.js');
  addCommonOptions(ledger.command('migrate').description('create or upgrade a PostgreSQL ledger (its owner runs it)'), w).action(async (opts) => {
    term.exitCode = await (await load()).migrateCommand(opts, term);
  });
  addCommonOptions(
    ledger
      .command('grant')
      .description('let a login role read and write one bureau (--bureau NAME), or read every bureau (--all-bureaus)')
      .argument('<role>', 'a PostgreSQL login role (the DBA creates it)')
      .option('--all-bureaus', 'read every bureau, write none (a provincial office)'),
    w,
  ).action(async (role: string, opts) => {
    term.exitCode = await (await load()).grantCommand(role, opts, term);
  });
  addCommonOptions(ledger.command('grants').description('list the grants of a PostgreSQL ledger'), w).action(async (opts) => {
    term.exitCode = await (await load()).grantsCommand(opts, term);
  });
  addCommonOptions(
    ledger.command('revoke').description("remove a role's grants (of one bureau with --bureau)").argument('<role>', 'the login role'),
    w,
  ).action(async (role: string, opts) => {
    term.exitCode = await (await load()).revokeCommand(role, opts, term);
  });
  addCommonOptions(
    ledger.command('status').description('which months of the year are stored, for each bureau this role may read').argument('<YYYY>', 'the year'),
    w,
  ).action(async (year: string, opts) => {
    term.exitCode = await (await load()).statusCommand(year, opts, term);
  });
  addCommonOptions(
    ledger.command('drop').description('remove a month stored by mistake (kept on record in the ledger log)').argument('<YYYY-MM>', 'the month'),
    w,
  ).action(async (month: string, opts) => {
    term.exitCode = await (await load()).dropCommand(month, opts, term);
  });
}
