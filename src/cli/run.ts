/**
 * `assess [run] <files...>` and `assess rules check`.
 */
import path from 'node:path';
import { monthCsvChunks, monthJsonChunks, rejectsCsvChunks, renderMonthTable, scoresCsv, traceCsvChunks, unitsCsv } from '../render/month.js';
import { problem, render, rejectJson, renderReject } from '../problems.js';
import type { Problem, RejectList } from '../problems.js';
import { stageOutFiles } from './files.js';
import { monthWorkbook } from '../render/report.js';
import { RULES_FILE_KIND, monthReport, openLedgerFor, rulesChangedSince } from './ledgerio.js';
import type { CommonOptions, InputOptions, RawOptions } from './options.js';
import { commonOptions, inputOptions, pageBureau } from './options.js';
import type { AssessedMonth, LoadedRules } from '../engine/pipeline.js';
import { assessFiles, displayPath, formatStats, prestartSheets } from '../engine/pipeline.js';
import { createProgress } from './progress.js';
import { loadOwnRules } from './rulesdir.js';
import type { Terminal } from './terminal.js';
import type { ColumnsConfig } from '../read/types.js';
import type { Ledger } from '../ledger/ledger.js';
import type { Lang } from '../render/i18n.js';
import { checkUnits } from './units.js';
import { say } from './words.js';
import { VERSION } from './version.js';

/**
 * The engine's month for a command: a progress bar on stderr when asked, and
 * the engine's stats under ASSESS_DEBUG=stats (a comma-separated list).
 */
export async function assessForCommand(files: string[], input: InputOptions, rules: LoadedRules, term: Terminal, common: Pick<CommonOptions, 'progress' | 'lang'>, trace: boolean): Promise<AssessedMonth> {
  const place = { cwd: term.cwd, env: term.env, warn: (p: Problem) => term.err(`${say(common.lang).warningPrefix}${render(p, common.lang)}`) };
  const month = await assessFiles(files, input, rules, place, (total) => createProgress(term, common.progress, total, common.lang), trace);
  if ((term.env.ASSESS_DEBUG ?? '').split(',').includes('stats')) term.err(formatStats(month.stats));
  return month;
}

/** Assesses one month: exit 0 when assessed, 1 on input or rules errors (nothing written). */
export async function runCommand(files: string[], raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const input = inputOptions(raw);
  // A large worksheet's workers start up while the rules load (they need neither).
  await prestartSheets(files, { cwd: term.cwd, env: term.env });
  const rules = loadOwnRules(common, term);
  // A dry run without --out keeps no trace: neither the ledger nor any output it prints shows effects.
  const keepTrace = !input.dryRun || common.outDir !== null;
  const month = await assessForCommand(files, input, rules, term, common, keepTrace);
  try {
    return reportRejects(month.rejects, input.allowRejects, term, common) ? await writeMonth(month, rules, common, input, term) : 1;
  } finally {
    month.rejects.close(); // the rejects' temporary file, if a big month needed one
  }
}

/** Records and writes an assessed month: the ledger, stdout and --out files. */
async function writeMonth(month: AssessedMonth, rules: LoadedRules, common: CommonOptions, input: InputOptions, term: Terminal): Promise<number> {
  const ledger = await openLedgerFor(common, input.dryRun);
  try {
    const report = await monthReport(month, rules, ledger);
    checkUnits(common.units, report.units.map((u) => u.unit), report.month);
    if (ledger) await warnRulesChanged(ledger, month.result.month, rules.ruleSet.hash, rules.files, common.lang, term);
    // The --out files are written first, under temporary names, so that a full disk stops the run before
    // the month is recorded; they are renamed into place once it is. A dry run still writes them (SPEC §2):
    // that is how a clerk gets every rejected row in rejects.csv without recording the month.
    const staged = common.outDir === null ? null : await stageOutFiles(common.outDir, [
      ['scores.csv', () => scoresCsv(report)],
      ['units.csv', () => unitsCsv(report)],
      ['trace.csv', () => traceCsvChunks(report, common.lang)],
      ['rejects.csv', () => rejectsCsvChunks(report, common.lang)],
      ['summary.json', () => monthJsonChunks(report, common.lang)],
    ], [['report.xlsx', () => monthWorkbook(report, { lang: common.lang, bureau: pageBureau(common, ledger?.bureau ?? '', term.env) })]]);
    try {
      if (!input.dryRun && ledger) {
        const saved = await ledger.saveMonth({
          result: month.result,
          rulesHash: rules.ruleSet.hash,
          // The rules files' hashes go with the input files, so that a later month can name the file that changed.
          files: [...month.files, ...rules.files.map((f) => ({ file: f.name, sha256: f.sha256, kind: RULES_FILE_KIND, rowsRead: 0, accepted: 0, rejected: 0 }))],
          runAt: new Date().toISOString(),
          assessVersion: VERSION,
        });
        if (saved.replaced) term.err(say(common.lang).replaced({ month: month.result.month, bureau: ledger.bureau, when: saved.previousRunAt ?? null, by: saved.previousBy ?? null }));
      }
    } catch (err) {
      staged?.abort();
      throw err;
    }
    staged?.commit();
    if (common.format === 'json') for (const chunk of monthJsonChunks(report, common.lang)) term.out(chunk);
    else if (common.format === 'csv') for (const chunk of monthCsvChunks(report)) term.out(chunk);
    else term.out(renderMonthTable(report, { lang: common.lang, color: common.color, units: common.units, typeNames: common.lang === 'zh' ? chineseTypeNames(rules.columns) : new Map() }));
    return 0;
  } finally {
    await ledger?.close();
  }
}

/** How many rejected rows stderr lists one by one; a month of 25,000 duplicates must not print 25,000 lines. */
export const REJECTS_ON_STDERR = 20;

/**
 * Lists the first rejected rows on stderr, then where all of them are:
 * rejects.csv when this run writes it (--allow-rejects --out), else the
 * options that write it without recording the month. Every row is counted.
 * Returns false when they must stop the run (any rejection, unless
 * --allow-rejects); with --format json a stopped run also prints every
 * rejected row as a problem on stdout (SPEC §8).
 */
export function reportRejects(rejects: RejectList, allow: boolean, term: Terminal, common: Pick<CommonOptions, 'outDir' | 'lang' | 'format'>): boolean {
  if (rejects.length === 0) return true;
  const lang = common.lang;
  const words = say(lang);
  let shown = 0;
  for (const r of rejects) {
    if (shown === REJECTS_ON_STDERR) break;
    term.err(renderReject(r, lang));
    shown++;
  }
  if (rejects.length > shown) {
    const more = rejects.length - shown;
    term.err(allow && common.outDir ? words.rejectsMoreIn(more, rejects.length, displayPath(path.join(common.outDir, 'rejects.csv'), term.cwd)) : words.rejectsMoreHow(more, rejects.length));
  }
  if (allow) {
    term.err(render(problem('ROWS_LEFT_OUT', null, { count: rejects.length }), lang));
    return true;
  }
  term.err(render(problem('ROWS_REJECTED', null, { count: rejects.length }), lang));
  if (common.format === 'json') {
    term.out('{\n  "problems": [');
    let first = true;
    for (const r of rejects) {
      term.out(`${first ? '' : ','}\n    ${JSON.stringify(rejectJson(r, lang))}`);
      first = false;
    }
    term.out('\n  ]\n}\n');
  }
  return false;
}

/** `assess rules check`: validates the rules folder; exit 0 when it is sound, 1 with every problem. */
export async function rulesCheckCommand(raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const rules = loadOwnRules(common, term);
  const n = rules.ruleSet.rules.length;
  const where = common.rulesBuiltin ? null : `${displayPath(rules.dir, term.cwd) || '.'}/`;
  term.out(`${say(common.lang).rulesOk({ rules: n, where, hash: rules.ruleSet.hash.slice(0, 12) })}\n`);
  return 0;
}

/** One warning when the year's earlier months in the ledger were assessed under other rules. */
async function warnRulesChanged(ledger: Ledger, month: string, hash: string, files: LoadedRules['files'], lang: Lang, term: Terminal): Promise<void> {
  const changed = await rulesChangedSince(ledger, month, hash, files);
  if (changed.months.length === 0) return;
  const short = (h: string): string => h.slice(0, 12);
  term.err(say(lang).rulesChanged({ year: month.slice(0, 4), months: changed.months, files: changed.files, before: changed.hashes.map(short), now: short(hash) }));
}

/**
 * Each canonical `type` value's first Chinese alias in columns.yaml
 * (monday-meeting → 周一例会), so that a Chinese table shows the clerk's word.
 */
export function chineseTypeNames(columns: ColumnsConfig): Map<string, string> {
  const names = new Map<string, string>();
  for (const [raw, canonical] of columns.values.get('type') ?? []) {
    if (!names.has(canonical) && /[\u3400-\u9fff]/.test(raw)) names.set(canonical, raw);
  }
  return names;
}
