/**
 * The command line: argv → options → command → exit code. This is the only
 * place that catches errors: expected ones (UserError) become one clear line
 * and their exit code; anything else is a bug and says so, without a stack
 * trace unless ASSESS_DEBUG is set.
 */
import { Command, CommanderError, Option } from 'commander';
import { UserError, detectLang, fail, problem } from '../problems.js';
import type { Lang, Problem } from '../problems.js';
import { VERSION } from './version.js';
import type { HelpWords } from './help.js';
import { helpConfig, helpWords } from './help.js';
import { commonOptions, flagValue } from './options.js';
import type { Terminal } from './terminal.js';
import { systemTerminal } from './terminal.js';

/** Runs assess with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], term: Terminal = systemTerminal(argv)): Promise<number> {
  const program = buildProgram(term, helpLang(argv, term));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return term.exitCode;
  } catch (err) {
    return reportError(err, term, detectLang(flagValue(argv, '--lang'), term.env, term.locale), flagValue(argv, '--format') === 'json');
  }
}

/**
 * Reports a failure in the run's language: every problem on stderr, and with
 * `--format json` also `{ "problems": [...] }` on stdout (SPEC §8).
 */
function reportError(err: unknown, term: Terminal, lang: Lang, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    return reportError(new UserError([usageProblem(err)]), term, lang, json);
  }
  if (err instanceof UserError) {
    for (const line of err.lines(lang)) term.err(line);
    if (json) term.out(`${JSON.stringify(err.json(lang), null, 2)}\n`);
    return err.exitCode;
  }
  term.err(`assess: internal error, please report it: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.ASSESS_DEBUG && err instanceof Error && err.stack) term.err(err.stack);
  return 70;
}

/** A commander usage error as a problem (commander's own English text is not printed). */
function usageProblem(err: CommanderError): Problem {
  const quoted = [...err.message.matchAll(/'([^']*)'/g)].map((m) => m[1] as string);
  switch (err.code) {
    case 'commander.unknownOption':
      return problem('USAGE_UNKNOWN_OPTION', null, { option: quoted[0] ?? '' });
    case 'commander.unknownCommand':
      return problem('USAGE_UNKNOWN_COMMAND', null, { command: quoted[0] ?? '' });
    case 'commander.missingArgument':
      return problem('USAGE_MISSING_ARGUMENT', null, { argument: quoted[0] ?? '' });
    case 'commander.optionMissingArgument':
      return problem('USAGE_OPTION_VALUE', null, { option: (quoted[0] ?? '').split(' ')[0] as string, value: '', allowed: [] });
    case 'commander.invalidArgument': {
      const allowed = /Allowed choices are (.*)\.$/.exec(err.message)?.[1]?.split(', ') ?? [];
      return problem('USAGE_OPTION_VALUE', null, { option: (quoted[0] ?? '').split(' ')[0] as string, value: quoted[1] ?? '', allowed });
    }
    case 'commander.excessArguments': {
      const [expected = 0, got = 0] = [...err.message.matchAll(/\d+/g)].map((m) => Number(m[0]));
      return problem('USAGE_TOO_MANY_ARGUMENTS', null, { expected, got });
    }
    default:
      return problem('USAGE_OTHER', null, { detail: err.message.replace(/^error: /, '') });
  }
}

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

function monthOption(value: string): string {
  if (!MONTH_RE.test(value)) throw fail('USAGE_BAD_MONTH', null, { value });
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

/** Where commander writes help; its error messages are not written (reportError words them in the run's language). */
function output(term: Terminal) {
  return { writeOut: (s: string) => term.out(s), writeErr: (s: string) => term.errRaw(s), outputError: () => undefined };
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
    .configureOutput(output(term));

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
    cmd.exitOverride().configureOutput(output(term));
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
