/**
 * The month pipeline's I/O: find and open the files, stream them through the
 * pure reader, typer and assessor, and account for every row. Everything that
 * decides anything lives in src/read, src/rules and src/assess.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createMonthAssessor, rosterIds } from '../assess/month.js';
import type { FileStats, MonthResult } from '../assess/types.js';
import { defaultColumns, parseColumns } from '../read/columns.js';
import { eachRow, readRows } from '../read/csv.js';
import { detectLayout } from '../read/layout.js';
import { makeRowTyper } from '../read/typer.js';
import type { ColumnsConfig, FileLayout, RawRow } from '../read/types.js';
import { loadRules } from '../rules/load.js';
import type { RuleSet } from '../rules/types.js';
import type { RosterEntry } from '../types.js';
import { UserError, fail, inCodeOrder, problem } from '../problems.js';
import type { Problem, Reject } from '../problems.js';
import { YAML_LIMITS } from '../yaml.js';
import { favourMemory } from './memory.js';
import { RejectStore, REJECTS_IN_MEMORY } from './rejects.js';
import { sniffShape } from '../read/sniff.js';
import type { FileShape } from '../read/sniff.js';
import type { PartSource } from './parts.js';
import { planSplit, replaySecondRange, startWorker } from './parallel.js';
import type { RangeWorker, WorkerIds, WorkerInput } from './parallel.js';
import { plainPath, setting } from './settings.js';
import { workersOff } from './thread.js';
import type { Split } from './split.js';

/** Where the engine runs: the folder relative paths start from, and the environment (ASSESS_*). */
export interface Place {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Where a warning goes (a workbook's sheet skipped), to be worded in the run's language; a library caller may leave it out. */
  warn?(p: Problem): void;
}

/** What the month's input files are read with (the CLI's options carry more). */
export interface InputOptions {
  roster: string | null;
  month: string | null;
  encoding: string | null;
}

/** Hears how far reading has got; the CLI draws a bar from it. */
export interface Progress {
  /** Count bytes read from the inputs. */
  bytes(n: number): void;
  /** Count rows parsed. */
  rows(n: number): void;
  /** Reading is over. */
  done(): void;
}

/**
 * What each path of the engine did in one run, so that an optimisation that
 * silently stops working shows (ASSESS_DEBUG=stats; the tests assert them).
 */
export interface EngineStats {
  /** Rows parsed by the fast CSV path (src/read/fastcsv.ts), on either thread. */
  fast: number;
  /** Rows handed to csv-parse, on either thread. */
  csvParse: number;
  /** Files split between this thread and a worker. */
  splitFiles: number;
  /** Rows the worker prepared (typed, keyed, rules evaluated) and the assessor admitted as prepared. */
  workerRows: number;
  /** Rows of a worker's range typed again here: rejects, rows it could not prepare, the rest after it stopped. */
  workerRangeRetyped: number;
  /** Rows of large worksheets that a worker thread parsed (src/engine/sheets.ts), and sheet workers that stopped before the end. */
  sheetWorkerRows: number;
  /** Rows of a sheet with several parsers that this thread parsed itself (src/engine/sheets.ts). */
  sheetMainRows: number;
  sheetWorkerFailed: number;
  /** Segments of rows read from a sheet's parsers when it had several (src/read/sheetsplit.ts). */
  sheetSegments: number;
  /** Sheets whose workers started before their workbook's shared strings were read (src/engine/sheets.ts, `startEarlySheet`). */
  sheetEarly: number;
  /** Of those, the sheets whose workers started before the rules were loaded (`prestartSheets`). */
  sheetBeforeRules: number;
  /** Sheets whose workers started early but were no event part of the month, and were stopped. */
  sheetEarlyStopped: number;
  /** Workbooks whose shared strings the fast path read (src/read/fastsst.ts), and the others (saxes read them, or they had none). */
  sstFast: number;
  sstSaxes: number;
  /**
   * The duplicate tables at the end (src/assess/seen.ts): entries keyed by
   * row hash (rows without an id) and by id hash (with the row hash beside),
   * their bytes, the rows they were reserved for (estimated from each file's
   * first rows, a CSV file's or a sheet's), and times a table grew because
   * that reserve fell short. Zeros on the plain path (exact keys).
   */
  seenRows: number;
  seenIds: number;
  seenBytes: number;
  seenReserved: number;
  seenGrown: number;
  /** Times the memory policy (src/engine/memory.ts) ran: on the first spilled reject, and once the rows are read. */
  memoryTuned: number;
}

/** The stats as one line for stderr. */
export function formatStats(s: EngineStats): string {
  return `assess stats: fast=${s.fast} csv-parse=${s.csvParse} split-files=${s.splitFiles} worker=${s.workerRows} worker-range-retyped=${s.workerRangeRetyped} sheet-worker=${s.sheetWorkerRows} sheet-main=${s.sheetMainRows} sheet-worker-failed=${s.sheetWorkerFailed} sheet-segments=${s.sheetSegments} sheet-early=${s.sheetEarly} sheet-before-rules=${s.sheetBeforeRules} sheet-early-stopped=${s.sheetEarlyStopped} sst-fast=${s.sstFast} sst-saxes=${s.sstSaxes}` +
    ` seen-rows=${s.seenRows} seen-ids=${s.seenIds} seen-mb=${(s.seenBytes / 1e6).toFixed(1)} seen-reserved=${s.seenReserved} seen-grown=${s.seenGrown} memory-tuned=${s.memoryTuned}`;
}

/** No progress shown. */
export const SILENT: Progress = { bytes() {}, rows() {}, done() {} };

export interface LoadedRules {
  dir: string;
  ruleSet: RuleSet;
  columns: ColumnsConfig;
  /** Each rules file by its name in the folder, with the SHA-256 of its text: what the ledger keeps to say which file changed mid-year. */
  files: { name: string; sha256: string }[];
}

/** Reads and validates a rules folder; every problem at once, as a UserError. */
export function loadRulesFolder(dir: string, cwd: string): LoadedRules {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch {
    throw fail('RULES_NOT_FOUND', null, { dir: displayPath(dir, cwd) });
  }
  if (names.length === 0) throw fail('RULES_EMPTY', null, { dir: displayPath(dir, cwd) });
  const unread: Problem[] = [];
  const files: { path: string; text: string }[] = [];
  for (const n of names) {
    const read = readRulesFile(path.join(dir, n), displayPath(path.join(dir, n), cwd));
    if (typeof read === 'string') files.push({ path: displayPath(path.join(dir, n), cwd), text: read });
    else unread.push(read);
  }
  if (unread.length > 0) {
    throw new UserError(unread, { summary: problem('RULES_FAILED', null, { count: unread.length, dir: displayPath(dir, cwd) || '.' }) });
  }
  const problems: Problem[] = [];
  const columnsFile = files.find((f) => path.basename(f.path).toLowerCase() === 'columns.yaml');
  let columns = defaultColumns();
  if (columnsFile) {
    const parsed = parseColumns(columnsFile.text, columnsFile.path);
    problems.push(...parsed.problems);
    columns = parsed.config;
  }
  const loaded = loadRules(files);
  problems.push(...loaded.problems);
  if (problems.length > 0 || !loaded.ruleSet) {
    throw new UserError(problems, { summary: problem('RULES_FAILED', null, { count: problems.length, dir: displayPath(dir, cwd) || '.' }) });
  }
  const hashes = files.map((f) => ({ name: path.basename(f.path), sha256: createHash('sha256').update(f.text, 'utf8').digest('hex') }));
  return { dir, ruleSet: loaded.ruleSet, columns, files: hashes };
}

/**
 * A rules file's text, or the problem that keeps it from being read: not a
 * file, unreadable, or larger than a rules file may be (checked before
 * reading, so that a huge file is never loaded).
 */
function readRulesFile(abs: string, shown: string): string | Problem {
  try {
    const st = fs.statSync(abs);
    if (!st.isFile()) return problem('RULES_NOT_A_FILE', { file: shown }, {});
    if (st.size > YAML_LIMITS.maxBytes) return problem('RULES_TOO_LARGE', { file: shown }, { bytes: st.size, max: YAML_LIMITS.maxBytes });
    return fs.readFileSync(abs, 'utf8');
  } catch (err) {
    return problem('RULES_UNREADABLE', { file: shown }, { detail: (err as NodeJS.ErrnoException).code ?? String(err) });
  }
}

/** A path as the user would write it: relative to the current folder when inside it. */
export function displayPath(p: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(cwd, p);
}

interface InputFile {
  /** As shown in messages. */
  name: string;
  abs: string;
  size: number;
  layout: FileLayout;
  /** A sheet of a workbook, or an HTML table; a CSV file has none. */
  source?: PartSource;
}

/** What a split file's worker is told when it starts. */
function workerInput(file: InputFile, split: Split, rules: LoadedRules, place: Place): Omit<WorkerInput, 'inFlight' | 'budget'> {
  return { abs: file.abs, file: file.name, size: file.size, split, layout: file.layout, rulesDir: path.resolve(place.cwd, rules.dir), cwd: place.cwd };
}

/** The outcome of reading and assessing one month's files. */
export interface AssessedMonth {
  result: MonthResult;
  /**
   * Every rejected row: the reader's and the assessor's, in file order; most
   * of a big month's on disk. Close it once the outputs are written.
   */
  rejects: RejectStore;
  files: FileStats[];
  rosterFile: string;
  /** What each path did (ASSESS_DEBUG=stats). */
  stats: EngineStats;
}

/**
 * Reads the month's files and assesses them under `rules`. Throws a UserError
 * for problems that stop the run (a missing file, a header that matches no
 * kind, records of two months); rejected rows come back in `rejects`.
 */
export async function assessFiles(
  files: string[],
  input: InputOptions,
  rules: LoadedRules,
  place: Place,
  /** Given the inputs' total bytes, what hears how far reading has got. */
  startProgress: (totalBytes: number) => Progress,
  /** Keep the month's effects: false when nothing shows or stores them (a dry run, diff). */
  trace: boolean,
  /** Tune this process's garbage collector for the month (memory.ts): the CLI's own process only, never a library caller's. */
  tuneMemory = true,
): Promise<AssessedMonth> {
  const inputs = await openInputs(files, input, rules.columns, place);
  const opened: InputFile[] = [...inputs];
  try {
    const rosterFile = await findRoster(inputs, input, rules.columns, place, opened);
    return await assessInputs(inputs, rosterFile, input, rules, place, startProgress, trace, tuneMemory);
  } finally {
    if (opened.some((f) => f.source)) (await spreadsheets()).closeParts(opened);
  }
}

/**
 * Rows read from which the memory policy runs once they are read
 * (src/engine/memory.ts). At 10^5 rows it changed no peak RSS (229–234 MB
 * with it, 229–237 MB without, on the bench's workbook) and cost ~0.25 s of
 * the report phase; at 10^6 it keeps the peak at ~232 MB instead of 235–300.
 * ASSESS_TUNE_ROWS sets it (the tests lower it).
 */
const TUNE_ROWS = 250_000;

async function assessInputs(
  inputs: InputFile[],
  rosterFile: InputFile,
  input: InputOptions,
  rules: LoadedRules,
  place: Place,
  startProgress: (totalBytes: number) => Progress,
  trace: boolean,
  tuneMemory: boolean,
): Promise<AssessedMonth> {
  const eventFiles = inputs.filter((f) => f !== rosterFile && f.name !== rosterFile.name);
  const progress = startProgress(eventFiles.reduce((n, f) => n + f.size, 0) + rosterFile.size);
  const stats = new Map<string, FileStats>();
  const engineStats: EngineStats = { fast: 0, csvParse: 0, splitFiles: 0, workerRows: 0, workerRangeRetyped: 0, sheetWorkerRows: 0, sheetMainRows: 0, sheetWorkerFailed: 0, sheetSegments: 0, sheetEarly: 0, sheetBeforeRules: 0, sheetEarlyStopped: 0, sstFast: 0, sstSaxes: 0, seenRows: 0, seenIds: 0, seenBytes: 0, seenReserved: 0, seenGrown: 0, memoryTuned: 0 };
  for (const wb of new Set([...inputs, rosterFile].flatMap((f) => (f.source?.type === 'xlsx' ? [f.source.workbook] : [])))) {
    if (wb.sharedStringsFast) engineStats.sstFast += 1;
    else engineStats.sstSaxes += 1;
  }
  const tune = (): void => {
    if (favourMemory()) engineStats.memoryTuned += 1;
  };
  // A month rejecting many rows makes garbage that outlives young collections: from the first
  // spilled reject on, the old generation is collected before it grows far (docs/performance.md).
  const rejects = new RejectStore(inputs.map((f) => f.name), setting(place.env, 'ASSESS_REJECTS_IN_MEMORY', REJECTS_IN_MEMORY, 0), tuneMemory ? tune : undefined);
  let ok = false;
  const hashes = new Map<string, Promise<string>>();
  /** A split file's worker started before the roster was read, until its file is read. */
  let early: { file: InputFile; split: Split; worker: RangeWorker } | null = null;
  try {
    const roster: RosterEntry[] = [];
    // Raw fields only of rows whose id came before: only such a row can be a
    // month's second active row for an id (the roster reject that shows `row`).
    const rosterRaw: string[][] = [];
    const ids = new Set<string>();
    // A large event sheet's worker parses it while this thread reads the roster (src/engine/sheets.ts).
    if (eventFiles.some((f) => f.source?.type === 'xlsx')) (await spreadsheets()).planSheetWorkers(eventFiles, place.env, engineStats);
    // Likewise the worker of the first event file, when it is a CSV file to split: its start-up
    // (its bundle, the rules) overlaps the roster's reading; it gets the roster's ids after.
    const first = eventFiles[0];
    const firstSplit = first && !first.source ? planSplit(first, input.encoding ?? undefined, place.env) : null;
    if (first && firstSplit) early = { file: first, split: firstSplit, worker: startWorker(workerInput(first, firstSplit, rules, place), place.env) };
    await readTyped(rosterFile, rules, input, progress, stats, hashes, engineStats, null, (typed, row) => {
      if (!typed.ok) return typed.reject;
      if (typed.kind !== 'roster') {
        const source = { file: rosterFile.name, line: row.line };
        return { source, problems: [problem('ROSTER_WRONG_KIND', source, { kind: typed.kind })], row: row.fields };
      }
      if (ids.has(typed.entry.employee)) rosterRaw[roster.length] = row.fields;
      else ids.add(typed.entry.employee);
      roster.push(typed.entry);
      return null;
    }, rejects);
    // The record rejects that add() returns go to the store; the assessor keeps none of its own.
    const assessor = createMonthAssessor({ rules: rules.ruleSet, roster, rosterRaw, month: input.month, exactKeys: plainPath(), trace, keepRejects: false });
    for (const file of eventFiles) {
      const use = (typed: Typed, row: RawRow): Reject | null => {
        if (!typed.ok) {
          const notOnRoster = typed.people === undefined ? [] : assessor.rosterProblems(typed.people, typed.reject.source);
          return notOnRoster.length === 0 ? typed.reject : { ...typed.reject, problems: inCodeOrder([...typed.reject.problems, ...notOnRoster]) };
        }
        if (typed.kind === 'roster') {
          const source = { file: file.name, line: row.line };
          return { source, problems: [problem('ROSTER_ROW_ELSEWHERE', source, {})], row: row.fields };
        }
        return assessor.add(typed.record, row.fields);
      };
      const started = early?.file === file ? early : null;
      early = null;
      const split = started?.split ?? (file.source ? null : planSplit(file, input.encoding ?? undefined, place.env));
      const expect = (rows: number) => assessor.reserve(rows);
      if (split === null) await readTyped(file, rules, input, progress, stats, hashes, engineStats, expect, use, rejects);
      else {
        engineStats.splitFiles += 1;
        // Both cores (SPEC §9): a worker pre-evaluates the second range while this thread reads the first.
        const worker = started?.worker ?? startWorker(workerInput(file, split, rules, place), place.env);
        worker.send({ type: 'ids', ids: rosterIds(roster) } satisfies WorkerIds);
        await readTyped(file, rules, input, progress, stats, hashes, engineStats, expect, use, rejects, {
          end: split.at,
          rest: (hash, st, typer, counted) => replaySecondRange(worker, {
            file: file.name, abs: file.abs, size: file.size, split, ruleSet: rules.ruleSet, assessor, typer, use, counted, stats: engineStats,
            bytes: (chunk) => {
              hash.update(chunk);
              progress.bytes(chunk.length);
            },
          }),
        }).catch(async (err: unknown) => {
          await worker.stop();
          throw err;
        });
      }
    }
    // The rows are read: what follows builds per-person results once. Only a large month (or one whose
    // rejects spilled, which tuned already) gains memory by it; a smaller one would pay its collections
    // for nothing (docs/performance.md, session 6).
    const rowsRead = [...stats.values()].reduce((n, f) => n + f.rowsRead, 0);
    if (tuneMemory && (rowsRead >= setting(place.env, 'ASSESS_TUNE_ROWS', TUNE_ROWS, 0) || engineStats.memoryTuned > 0)) tune();
    const finished = assessor.finish();
    const seen = assessor.seenStats();
    if (seen !== null) {
      engineStats.seenRows = seen.rowEntries;
      engineStats.seenIds = seen.idEntries;
      engineStats.seenBytes = seen.bytes;
      engineStats.seenReserved = seen.reserved;
      engineStats.seenGrown = seen.grown;
    }
    if (!finished.ok) {
      // The rows rejected on the way are listed too: when every row was rejected the month is unknown,
      // and the clerk needs to see why each row was (SPEC §8: every row is used or reported).
      throw new UserError(finished.problems, { rejects: Array.from(rejects) });
    }
    // The assessor rejects some rows only at finish (a person on the roster twice): count them against their files.
    for (const r of finished.result.rejects) {
      const before = rejects.length;
      rejects.push(r);
      if (rejects.length === before) continue; // already counted
      const s = stats.get(r.source.file);
      if (s) {
        s.accepted -= 1;
        s.rejected += 1;
      }
    }
    ok = true;
    return { result: finished.result, rejects, files: [...stats.values()], rosterFile: rosterFile.name, stats: engineStats };
  } finally {
    // A run stopped before the file's turn (say, by the roster) stops its worker too.
    if (early !== null) await early.worker.stop();
    progress.done();
    if (!ok) rejects.close();
  }
}

/**
 * Starts the workers of the first workbook input's largest sheet, before the
 * rules are loaded (src/engine/sheets.ts, `startEarlySheet`): call it first
 * and the workers start up while the caller loads the rules. It reads only
 * each input's first bytes until it meets a workbook, and leaves every
 * problem to assessFiles, which reports it.
 */
export async function prestartSheets(files: readonly string[], place: Place): Promise<void> {
  if (workersOff(place.env)) return;
  for (const f of files) {
    const abs = path.resolve(place.cwd, f);
    let shape: FileShape;
    try {
      shape = sniffFile(abs);
    } catch {
      continue;
    }
    if (shape !== 'zip') continue;
    await (await spreadsheets()).prestartWorkbook(abs, displayPath(abs, place.cwd), place.env);
    return;
  }
}

/** Checks that every input exists and reads each header once to learn its kind. */
async function openInputs(files: string[], input: InputOptions, columns: ColumnsConfig, place: Place): Promise<InputFile[]> {
  const problems: Problem[] = [];
  const found: { name: string; abs: string; size: number }[] = [];
  const seen = new Set<string>();
  const all = input.roster ? [...files, input.roster] : files;
  for (const f of all) {
    const abs = path.resolve(place.cwd, f);
    if (seen.has(abs)) continue;
    seen.add(abs);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      problems.push(problem('FILE_NOT_FOUND', { file: f }, {}));
      continue;
    }
    if (!st.isFile()) {
      problems.push(problem('FILE_NOT_A_FILE', { file: f }, {}));
      continue;
    }
    found.push({ name: displayPath(abs, place.cwd), abs, size: st.size });
  }
  if (problems.length > 0) throw new UserError(problems);
  const out: InputFile[] = [];
  let spreadsheetsOpened = false;
  for (const f of found) {
    // A workbook, an HTML table or a spreadsheet assess cannot read, whatever the file is called (SPEC §3.4).
    const spreadsheet = await openSpreadsheet(f, input, columns, place);
    if (spreadsheet !== null) {
      spreadsheetsOpened = true;
      out.push(...spreadsheet.parts);
      problems.push(...spreadsheet.problems);
      continue;
    }
    const header = await readHeader(f.abs, f.name, input);
    if (!header) {
      problems.push(problem('FILE_EMPTY', { file: f.name }, {}));
      continue;
    }
    const detected = detectLayout(header.fields, columns, f.name);
    if (!detected.ok) problems.push(detected.problem);
    else out.push({ ...f, layout: detected.layout });
  }
  if (problems.length > 0) {
    // Also stops a sheet's workers that started early, when its workbook gave no part.
    if (spreadsheetsOpened) (await spreadsheets()).closeParts(out);
    throw new UserError(problems);
  }
  return out;
}

/** The first bytes of a file, and what they say it is. */
function sniffFile(abs: string): FileShape {
  const fd = fs.openSync(abs, 'r');
  try {
    const head = Buffer.alloc(8192);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    return sniffShape(head.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
}

/** The spreadsheet readers, loaded only when an input is a spreadsheet: a CSV run never pays for them. */
async function spreadsheets(): Promise<typeof import('./parts.js')> {
  return import('./parts.js');
}

/** The parts of a file that is not CSV text (null when it is), or the problems that stop it being read. */
async function openSpreadsheet(
  f: { name: string; abs: string; size: number },
  input: InputOptions,
  columns: ColumnsConfig,
  place: Place,
): Promise<{ parts: InputFile[]; problems: Problem[] } | null> {
  const rosterAbs = input.roster ? path.resolve(place.cwd, input.roster) : null;
  let shape: FileShape;
  try {
    shape = sniffFile(f.abs);
  } catch (err) {
    return { parts: [], problems: [problem('FILE_UNREADABLE', { file: f.name }, { detail: (err as Error).message })] };
  }
  if (shape === 'text' && !/\.xls[xm]$/i.test(f.name)) return null;
  try {
    const { openHtmlPart, openWorkbookParts, unreadableSpreadsheet } = await spreadsheets();
    const refused = unreadableSpreadsheet(f.name, f.abs, shape);
    if (refused) throw refused;
    // Not the roster named by --roster: its sheet's workers would have nothing to do.
    if (shape === 'zip') return await openWorkbookParts(f, columns, (p) => place.warn?.(p), f.abs === rosterAbs ? undefined : place.env);
    if (shape === 'html') return await openHtmlPart(f, columns, input.encoding);
    return null;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { parts: [], problems: err.problems };
  }
}

async function readHeader(abs: string, name: string, input: InputOptions): Promise<RawRow | null> {
  const stream = fs.createReadStream(abs, { highWaterMark: 64 * 1024 });
  try {
    for await (const row of readRows(stream, { file: name, ...(input.encoding ? { encoding: input.encoding } : {}) })) return row;
    return null;
  } finally {
    stream.destroy();
  }
}

/**
 * The roster: --roster, else the one roster among the inputs, else the nearest
 * roster.csv from the first input's folder up to the current folder.
 */
async function findRoster(inputs: InputFile[], input: InputOptions, columns: ColumnsConfig, place: Place, opened: InputFile[]): Promise<InputFile> {
  if (input.roster) {
    const abs = path.resolve(place.cwd, input.roster);
    const parts = inputs.filter((i) => i.abs === abs);
    if (parts.length === 0) throw fail('FILE_NOT_FOUND', { file: input.roster }, {});
    const f = parts.length === 1 ? parts[0] as InputFile : parts.find((p) => p.layout.kind === 'roster');
    if (!f || f.layout.kind !== 'roster') throw fail('ROSTER_NOT_A_ROSTER', { file: (f ?? parts[0] as InputFile).name, line: f?.source?.headerLine ?? 1 }, { found: false });
    return f;
  }
  const rosters = inputs.filter((i) => i.layout.kind === 'roster');
  if (rosters.length > 1) throw fail('ROSTER_MANY', null, { files: rosters.map((r) => r.name) });
  if (rosters[0]) return rosters[0];
  const first = inputs[0];
  if (!first) throw fail('USAGE_NO_INPUT', null, {});
  const stop = path.resolve(place.cwd);
  let dir = path.dirname(first.abs);
  for (;;) {
    const candidates = ['roster.csv', 'roster.xlsx'].map((n) => path.join(dir, n)).filter((c) => fs.existsSync(c));
    if (candidates.length > 1) {
      throw fail('TWO_ROSTERS', null, { files: candidates.map((c) => displayPath(c, place.cwd)) });
    }
    const candidate = candidates[0];
    if (candidate !== undefined) {
      const parts = await openInputs([candidate], { ...input, roster: null }, columns, place);
      opened.push(...parts);
      const found = parts.filter((p) => p.layout.kind === 'roster');
      if (found.length === 1) return found[0] as InputFile;
      const first = parts[0];
      const at = { file: first?.name ?? displayPath(candidate, place.cwd), line: first?.source?.headerLine ?? 1 };
      throw found.length > 1 ? fail('ROSTER_SHEETS', at, {}) : fail('ROSTER_NOT_A_ROSTER', at, { found: true });
    }
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir || !(dir + path.sep).startsWith(stop + path.sep)) break;
    dir = parent;
  }
  throw fail('ROSTER_NOT_FOUND', null, { from: displayPath(path.dirname(first.abs), place.cwd) || '.' });
}

type Typed = ReturnType<ReturnType<typeof makeRowTyper>>;

/** Rows read (at least) before a file's remaining rows are estimated from the bytes they took. */
const ESTIMATE_AFTER_ROWS = 4096;

/**
 * Tells `expect`, once, how many more rows a file of `size` bytes probably
 * holds, when `rows` rows have taken `bytes` of it (at least
 * ESTIMATE_AFTER_ROWS of them). A sheet's bytes are its share of the
 * compressed size, as the progress bar counts them (`size` is that total).
 */
function rowEstimate(expect: ((rows: number) => void) | null, size: number): (rows: number, bytes: number) => void {
  let estimated = expect === null;
  return (rows, bytes) => {
    if (estimated || rows < ESTIMATE_AFTER_ROWS || bytes <= 0) return;
    estimated = true;
    expect?.(Math.round(((size - bytes) * rows) / bytes));
  };
}

/**
 * Streams one file's data rows through the typer and `use`, counting
 * rows_read = accepted + rejected. `expect`, when given, hears once how many
 * more rows the file probably holds (from the size of its first rows).
 */
async function readTyped(
  file: InputFile,
  rules: Pick<LoadedRules, 'columns' | 'ruleSet'>,
  input: InputOptions,
  progress: Progress,
  stats: Map<string, FileStats>,
  hashes: Map<string, Promise<string>>,
  counts: EngineStats,
  expect: ((rows: number) => void) | null,
  use: (typed: Typed, row: RawRow) => Reject | null,
  rejects: RejectStore,
  split?: {
    /** Read only bytes before this; `rest` accounts for the others. */
    end: number;
    rest: (hash: Hash, st: FileStats, typer: (row: RawRow) => Typed, counted: (reject: Reject | null) => void) => Promise<void>;
  },
): Promise<void> {
  const typer = makeRowTyper(file.layout, rules.columns, rules.ruleSet.scoring.maxAmount);
  const st: FileStats = { file: file.name, sha256: '', kind: file.layout.kind ?? 'combined', rowsRead: 0, accepted: 0, rejected: 0 };
  stats.set(file.name, st);
  if (file.source) {
    // A sheet's rows come already split into cells; `files` gets the whole workbook's SHA-256 (SPEC §3.4).
    const part = { ...file, source: file.source };
    const { fileSha256, readPartRows } = await spreadsheets();
    const estimate = rowEstimate(expect, file.size);
    let bytesRead = 0;
    await readPartRows(part, (row) => {
      estimate(st.rowsRead, bytesRead);
      st.rowsRead += 1;
      progress.rows(1);
      const reject = use(typer(row), row);
      if (reject) {
        st.rejected += 1;
        rejects.push(reject);
      } else st.accepted += 1;
    }, (n) => {
      bytesRead += n;
      progress.bytes(n);
    });
    st.sha256 = await fileSha256(file.abs, hashes);
    return;
  }
  const hash = createHash('sha256');
  let bytesRead = 0;
  const estimate = rowEstimate(expect, file.size);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const range = split === undefined ? {} : { end: split.end - 1 };
    for await (const chunk of fs.createReadStream(file.abs, { highWaterMark: 64 * 1024, ...range }) as AsyncIterable<Buffer>) {
      // Here every chunk before this one has been parsed (rows go out synchronously
      // as each part is parsed), but for a partial last line: rows per byte so far
      // are the file's, to within a line.
      estimate(st.rowsRead, bytesRead);
      bytesRead += chunk.length;
      hash.update(chunk);
      progress.bytes(chunk.length);
      yield chunk;
    }
  }
  let header = true;
  const opts = { file: file.name, plain: plainPath(), counts, ...(input.encoding ? { encoding: input.encoding } : {}) };
  const counted = (reject: Reject | null): void => {
    st.rowsRead += 1;
    progress.rows(1);
    if (reject) {
      st.rejected += 1;
      rejects.push(reject);
    } else st.accepted += 1;
  };
  await eachRow(chunks(), opts, (row) => {
    if (header) {
      header = false;
      return;
    }
    counted(use(typer(row), row));
  });
  if (split !== undefined) await split.rest(hash, st, typer, counted);
  st.sha256 = hash.digest('hex');
}
