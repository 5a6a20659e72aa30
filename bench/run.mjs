#!/usr/bin/env node
// `npm run bench` (SPEC §9): assess beside a bare csv-parse pass, same files, same run.
//
//   node bench/run.mjs [--quick] [--keep] [--regen] [--repeat N] [--rejects] [--provincial] [--xlsx]
//
//   --quick      the shapes at 10^5 rows (for trying things); no growth or ledger figure
//   --keep       keep the temporary folder (ledger databases, outputs) and print its path
//   --regen      regenerate bench/data even when it is up to date
//   --repeat N   runs per command for the shapes' ratios (default 3: median of 3)
//   --rejects    also the month with 10^6 rejected rows (peak RSS with --out and JSON)
//   --provincial also the 10^7-row month of 10^5 people (one pass each, about a minute)
//   --xlsx       only the workbook figures: reading the 10^5-row workbook, and report.xlsx
//                on the 10^6-row month (unless --quick)
//
// Two shapes of the same month 2026-02, 10^6 rows over the same 5·10^4 people
// in 400 units (bench/gen.mjs):
//   narrow  a combined register with the canonical English headers (19 columns), no
//           row rejected;
//   wide    what real exports look like: Chinese headers, 17 columns, Chinese
//           values, about 2.5% exact duplicate rows, run with --allow-rejects.
// Per shape, csv-parse (`columns: true`) and `assess --dry-run` run alternately on
// the same file, N times each; the ratio is median(assess) / median(csv-parse),
// and the peak RSS is the largest of the assess runs.
//
// Data: bench/data/<case> (git-ignored). A folder is reused while its .stamp
// matches the generator's source and arguments.
//
// How each command is measured: it runs as its own child process. Wall time is
// process.hrtime around spawn → exit. Peak RSS is the child's ru_maxrss as the kernel
// reports it on wait4(), read through GNU time (`/usr/bin/time -f %M -o FILE`, Debian
// package `time`); Node itself cannot get a child's rusage (process.resourceUsage()
// is RUSAGE_SELF only, and polling /proc/<pid>/status VmHWM misses short peaks and the
// last moments). Without GNU time, the measured node process is started with
// `--import bench/rss-probe.mjs`, which writes its own ru_maxrss when it exits.
//
// The run never fails because assess does: a non-zero exit is printed with the first
// lines of stderr, and the figures that depend on it print as n/a.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate } from './gen.mjs';
import { ensureWorkbook } from './xlsx.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE = process.execPath;
const GNU_TIME = '/usr/bin/time';
const PEOPLE = 50_000;
const UNITS = 400;
const STARTUP_RUNS = 7;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S) || 900; // per measured command
const TARGETS = { ratio: 0.6, rssMB: 300, growth: 1.5, startup: 3, ledgerPct: 25, xlsx: 1.5, table: 2 };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    regen: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '3' },
    rejects: { type: 'boolean', default: false },
    provincial: { type: 'boolean', default: false },
    xlsx: { type: 'boolean', default: false },
  },
});
const repeat = Math.max(1, Number.parseInt(flags.repeat, 10) || 3);
const BIG = flags.quick ? 100_000 : 1_000_000;
const BIG_LABEL = flags.quick ? '1e5' : '1e6';
/** The measured shapes (SPEC §9), and the options assess runs with on each. */
const SHAPES = [
  { name: 'narrow', gen: { shape: 'narrow', rows: BIG }, label: `narrow-${BIG_LABEL}`, assess: [] },
  { name: 'wide', gen: { shape: 'wide', rows: BIG }, label: `wide-${BIG_LABEL}`, assess: ['--allow-rejects'] },
];
const work = mkdtempSync(join(tmpdir(), 'assess-bench-'));
const rel = (p) => relative(ROOT, p) || '.';

// ---------------------------------------------------------------- data

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Makes bench/data/<label> unless an up-to-date copy is there; returns its paths. */
async function ensureData(label, { rows, people = PEOPLE, units = UNITS, shape = 'narrow', dupShare }) {
  const dir = join(ROOT, 'bench', 'data', label);
  const events = join(dir, 'events.csv');
  const roster = join(dir, 'roster.csv');
  const stampPath = join(dir, '.stamp');
  const stamp = JSON.stringify({ rows, people, units, shape, dupShare, gen: sha256(join(ROOT, 'bench', 'gen.mjs')) });
  const fresh = !flags.regen && existsSync(events) && existsSync(roster) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;
  if (!fresh) {
    rmSync(stampPath, { force: true });
    const started = process.hrtime.bigint();
    await generate({ rows, people, units, shape, dupShare, out: dir });
    writeFileSync(stampPath, stamp);
    const s = seconds(started);
    console.log(`generated ${label}: ${rows} rows in ${s.toFixed(2)} s (${fmtInt(rows / s)} rows/s)`);
  }
  console.log(`data ${label}: ${rel(events)} ${(statSync(events).size / 1e6).toFixed(1)} MB, ${shape}, ${people} people, ${units} units`);
  return { events, roster, rows };
}

/** Reads a file once so that the first measured command does not pay for a cold page cache. */
async function warm(path) {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) if (!chunk) break;
}

// ---------------------------------------------------------------- measuring

const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const lastLine = (text) => text.trim().split('\n').at(-1) ?? '';

/** True when /usr/bin/time is GNU time and writes %M (peak RSS, KB) to -o FILE. */
function gnuTimeWorks() {
  if (!existsSync(GNU_TIME)) return false;
  const file = join(work, 'probe.time');
  const r = spawnSync(GNU_TIME, ['-f', '%M', '-o', file, NODE, '-e', '0'], { stdio: 'ignore' });
  return r.status === 0 && existsSync(file) && /^\d+$/.test(lastLine(readFileSync(file, 'utf8')));
}
const USE_GNU_TIME = gnuTimeWorks();

/**
 * Runs `node ...nodeArgs` once as a child; resolves to its wall time (s), peak RSS (MB),
 * exit code, stdout (when `captureStdout`) and stderr. stdout otherwise goes to /dev/null.
 */
function runOnce(nodeArgs, captureStdout, extraEnv = {}) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const [cmd, args, env] = USE_GNU_TIME
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', rssFile, NODE, ...nodeArgs], { ...process.env, ...extraEnv }]
    : [NODE, ['--import', join(ROOT, 'bench', 'rss-probe.mjs'), ...nodeArgs], { ...process.env, ...extraEnv, BENCH_RSS_FILE: rssFile }];
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    let wall = 0;
    // Own process group, so that a timeout or Ctrl-C ends the wrapper and node together.
    const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', captureStdout ? 'pipe' : 'ignore', 'pipe'] });
    running = child;
    const timer = setTimeout(() => killGroup(child, `timed out after ${TIMEOUT_S} s`), TIMEOUT_S * 1000);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => { if (stdout.length < 1 << 16) stdout += d; });
    child.stderr.on('data', (d) => { if (stderr.length < 1 << 16) stderr += d; });
    child.on('exit', () => { wall = seconds(started); });
    child.on('error', (err) => resolve({ code: -1, wall: 0, cpu: NaN, rssMB: NaN, stdout, stderr: String(err) }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      // GNU time prefixes "Command exited with non-zero status N" lines; its own line is the last:
      // user and system CPU seconds, then %M (rss-probe.mjs writes only the KB).
      const fields = existsSync(rssFile) ? lastLine(readFileSync(rssFile, 'utf8')).split(' ').map(Number) : [];
      const kb = fields.at(-1) ?? NaN;
      const cpu = fields.length === 3 ? (fields[0] ?? NaN) + (fields[1] ?? NaN) : NaN;
      rmSync(rssFile, { force: true });
      resolve({ code: code ?? `signal ${signal}`, wall, cpu, rssMB: kb / 1024, stdout, stderr: (child.killedBecause ?? '') + stderr });
    });
  });
}

let running;
/** Ends a measured child's whole process group (GNU time and the node under it). */
function killGroup(child, why) {
  child.killedBecause = `${why}\n`;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
process.on('SIGINT', () => {
  if (running) killGroup(running, 'interrupted');
  process.exit(130);
});

/** Wall time of one synchronous run, stdout and stderr discarded. */
function timeSync(nodeArgs) {
  const started = process.hrtime.bigint();
  const r = spawnSync(NODE, nodeArgs, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  return { wall: seconds(started), code: r.status ?? `signal ${r.signal}`, stderr: String(r.stderr ?? '') };
}

// ---------------------------------------------------------------- printing

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmt2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const ok = (r) => r && r.code === 0;

/** One result line: name, wall (s), rows/s, peak RSS (MB); or the exit code and stderr. */
function report(name, r, rows) {
  const label = name.padEnd(40);
  if (!ok(r)) {
    console.log(`${label} FAILED: exit ${r.code}`);
    for (const line of r.stderr.trim().split('\n').slice(0, 6)) console.log(`${' '.repeat(42)}${line}`);
    return;
  }
  console.log(`${label}${r.wall.toFixed(2).padStart(8)} s${fmtInt(rows / r.wall).padStart(12)} rows/s${r.rssMB.toFixed(1).padStart(9)} MB`);
}

const verdict = (value, good) => (Number.isFinite(value) ? (good ? 'ok' : 'MISS') : 'n/a');

// ---------------------------------------------------------------- the run

/** `assess <events> --roster <roster> --rules rules` and `extra`, as node arguments. */
const assessArgs = ({ events, roster }, extra) => [join('bin', 'assess.js'), rel(events), '--roster', rel(roster), '--rules', 'rules', ...extra];

/**
 * One shape: csv-parse and `assess --dry-run` alternately, `repeat` times each,
 * on the same file. Returns the medians, the ratio and assess's peak RSS.
 */
async function measureShape(shape, haveDist) {
  const data = await ensureData(shape.label, shape.gen);
  await warm(data.events);
  const refs = [];
  const runs = [];
  let failed;
  for (let i = 0; i < repeat && !failed; i++) {
    const ref = await runOnce([join('bench', 'csvparse-ref.mjs'), rel(data.events)], true);
    if (!ok(ref)) failed = { name: 'csv-parse', r: ref };
    else {
      if (Number(ref.stdout.trim()) !== data.rows) console.log(`note: csv-parse counted ${ref.stdout.trim()} records, expected ${data.rows}`);
      refs.push(ref);
    }
    if (!haveDist || failed) continue;
    const r = await runOnce(assessArgs(data, [...shape.assess, '--dry-run', '--format', 'csv']));
    if (!ok(r)) failed = { name: 'assess', r };
    else runs.push(r);
  }
  const ref = refs.length ? summarise(refs) : undefined;
  const dry = runs.length === repeat ? summarise(runs) : undefined;
  if (failed) report(`${shape.label} ${failed.name}`, failed.r, data.rows);
  if (ref) report(`${shape.label} csv-parse (columns: true)`, ref, data.rows);
  if (dry) report(`${shape.label} assess --dry-run`, dry, data.rows);
  const ratio = ref && dry ? dry.wall / ref.wall : NaN;
  return { data, ref, dry, ratio, rssMB: dry ? dry.rssMB : NaN };
}

/** Median wall time and largest peak RSS of successful runs. */
const summarise = (rs) => ({ code: 0, wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)), rssMB: Math.max(...rs.map((r) => r.rssMB)), stderr: '' });

async function main() {
  const version = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  console.log(`assess bench — node ${process.version}, ${cpus().length} cpu, commit ${version || '?'}, ` +
    `peak RSS via ${USE_GNU_TIME ? 'GNU time (wait4 ru_maxrss)' : 'rss-probe.mjs (ru_maxrss at exit)'}, ` +
    `median of ${repeat} alternating${flags.quick ? ', --quick: 1e5 only' : ''}`);

  const haveDist = existsSync(join(ROOT, 'dist', 'assess.cjs'));
  if (!haveDist) console.log('dist/assess.cjs is missing: run `npm run build` (npm run bench builds first); assess is not measured');
  if (flags.xlsx) {
    const xlsx = await measureXlsx(haveDist);
    const outRss = !flags.quick && haveDist ? await measureOut(await ensureData(`narrow-${BIG_LABEL}`, { rows: BIG })) : NaN;
    console.log(`targets: xlsx ratio ≤ ${TARGETS.xlsx} ${verdict(xlsx, xlsx <= TARGETS.xlsx)} | --out (report.xlsx) peak RSS < ${TARGETS.rssMB} MB ${verdict(outRss, outRss < TARGETS.rssMB)} (${fmt2(outRss)} MB)`);
    if (flags.keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
    return;
  }

  const shapes = {};
  for (const shape of SHAPES) shapes[shape.name] = await measureShape(shape, haveDist);

  let growth = NaN;
  let overhead = NaN;
  let ledgerRss = NaN;
  if (!flags.quick && haveDist) {
    // Growth: the narrow shape at 10^5 rows (same people) against 10^6.
    const small = await ensureData('narrow-1e5', { rows: 100_000 });
    await warm(small.events);
    const dry = await runOnce(assessArgs(small, ['--dry-run', '--format', 'csv']));
    report('narrow-1e5 assess --dry-run', dry, small.rows);
    const big = shapes.narrow.dry;
    if (ok(dry) && big) growth = big.rssMB / dry.rssMB;
    // The ledger: the narrow 10^6 month into a fresh database, `repeat` times, each run next to a dry
    // run, so that both medians come from the same minutes. (Until session 9, one ledger run against the
    // shape's dry runs of minutes before: 11%, 27%, 14%, 79% and 28% in five full runs.)
    const narrow = SHAPES.find((x) => x.name === 'narrow');
    const ledgers = [];
    const drys = [];
    for (let i = 0; i < repeat; i++) {
      const d = await runOnce(assessArgs(shapes.narrow.data, [...narrow.assess, '--dry-run', '--format', 'csv']));
      const db = join(work, `bench-narrow-${i}.db`);
      const l = await runOnce(assessArgs(shapes.narrow.data, [...narrow.assess, '--ledger', db, '--format', 'csv']));
      if (!flags.keep) rmSync(db, { force: true });
      if (!ok(d) || !ok(l)) {
        report(`narrow-${BIG_LABEL} assess ${ok(l) ? '--dry-run' : '--ledger'}`, ok(l) ? d : l, shapes.narrow.data.rows);
        break;
      }
      drys.push(d);
      ledgers.push(l);
    }
    if (ledgers.length === repeat) {
      const ledger = summarise(ledgers);
      const besideDry = summarise(drys);
      report(`narrow-${BIG_LABEL} assess --ledger`, ledger, shapes.narrow.data.rows);
      console.log(`${' '.repeat(42)}walls ${ledgers.map((r) => r.wall.toFixed(2)).join(' ')}; dry runs beside them ${drys.map((r) => r.wall.toFixed(2)).join(' ')}`);
      overhead = ((ledger.wall - besideDry.wall) / besideDry.wall) * 100;
      ledgerRss = ledger.rssMB;
    }
  }

  const xlsx = await measureXlsx(haveDist);
  let outRss = NaN;
  if (!flags.quick && haveDist) outRss = await measureOut(shapes.narrow.data);
  const table = measureTable();

  let rejectsRss = NaN;
  if (flags.rejects && haveDist) rejectsRss = await measureRejects();
  if (flags.provincial && haveDist) await measureProvincial();

  console.log(`rss growth 1e5->1e6 (narrow): ${fmt2(growth)}`);
  console.log(`ledger overhead (narrow): ${Number.isFinite(overhead) ? `${Math.round(overhead)}%` : 'n/a'}`);
  const startup = measureStartup(haveDist);

  console.log('');
  console.log(`shape    ratio assess/csv-parse   peak RSS (MB)   (${BIG_LABEL} rows, median of ${repeat})`);
  for (const { name } of SHAPES) {
    const r = shapes[name];
    console.log(`${name.padEnd(9)}${fmt2(r.ratio).padStart(8)}${' '.repeat(17)}${fmt2(r.rssMB).padStart(8)}`);
  }
  const line = [];
  for (const { name } of SHAPES) {
    const r = shapes[name];
    line.push(`${name} ratio ≤ ${TARGETS.ratio} ${verdict(r.ratio, r.ratio <= TARGETS.ratio)}`);
    line.push(`${name} peak RSS < ${TARGETS.rssMB} MB ${verdict(r.rssMB, r.rssMB < TARGETS.rssMB)}`);
  }
  if (Number.isFinite(ledgerRss)) line.push(`ledger peak RSS < ${TARGETS.rssMB} MB ${verdict(ledgerRss, ledgerRss < TARGETS.rssMB)} (${fmt2(ledgerRss)} MB)`);
  if (Number.isFinite(outRss)) line.push(`--out (report.xlsx) peak RSS < ${TARGETS.rssMB} MB ${verdict(outRss, outRss < TARGETS.rssMB)} (${fmt2(outRss)} MB)`);
  if (flags.rejects) line.push(`10^6 rejects peak RSS < ${TARGETS.rssMB} MB ${verdict(rejectsRss, rejectsRss < TARGETS.rssMB)}`);
  line.push(`rss growth ≤ ${TARGETS.growth} ${verdict(growth, growth <= TARGETS.growth)}`);
  line.push(`startup ratio ≤ ${TARGETS.startup} ${verdict(startup, startup <= TARGETS.startup)}`);
  line.push(`xlsx ratio ≤ ${TARGETS.xlsx} ${verdict(xlsx, xlsx <= TARGETS.xlsx)}`);
  line.push(`ledger overhead ≤ ${TARGETS.ledgerPct}% ${verdict(overhead, overhead <= TARGETS.ledgerPct)}`);
  line.push(`table ratio ≤ ${TARGETS.table} ${verdict(table, table <= TARGETS.table)}`);
  console.log(`targets: ${line.join(' | ')}`);
  if (flags.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/**
 * Reading a workbook (SPEC §3.4): the narrow 10^5-row month as events.csv and as events.xlsx
 * (bench/xlsx.mjs), each read by its bare reference and by `assess --dry-run`, alternately,
 * `repeat` times; assess on the workbook also with ASSESS_WORKERS=0 (the sheet parsed on the
 * main thread, as before src/engine/sheets.ts). Prints the rates, the ratios of wall times and
 * of CPU times (user + system, which a busy machine disturbs less); returns assess-on-xlsx / xlsx-ref.
 */
async function measureXlsx(haveDist) {
  const data = await ensureData('narrow-1e5', { rows: 100_000 });
  const xlsx = await ensureWorkbook(data.events, join(dirname(data.events), 'events.xlsx'));
  await warm(data.events);
  await warm(xlsx);
  const wb = { ...data, events: xlsx };
  const BARE = 'xlsx bare read (yauzl + saxes)';
  const XLSX = 'assess xlsx --dry-run';
  const ONE = 'assess xlsx --dry-run, 1 thread';
  const CSV = 'assess csv --dry-run';
  const commands = {
    'csv-parse (columns: true)': [[join('bench', 'csvparse-ref.mjs'), rel(data.events)]],
    [CSV]: haveDist ? [assessArgs(data, ['--dry-run', '--format', 'csv'])] : null,
    [BARE]: [[join('bench', 'xlsx-ref.mjs'), rel(xlsx)]],
    [XLSX]: haveDist ? [assessArgs(wb, ['--dry-run', '--format', 'csv'])] : null,
    [ONE]: haveDist ? [assessArgs(wb, ['--dry-run', '--format', 'csv']), { ASSESS_WORKERS: '0' }] : null,
  };
  const runs = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  const failed = {};
  for (let i = 0; i < repeat; i++) {
    for (const [name, command] of Object.entries(commands)) {
      if (!command || failed[name]) continue;
      const r = await runOnce(command[0], false, command[1]);
      if (!ok(r)) failed[name] = r;
      else runs[name].push(r);
    }
  }
  const med = {};
  for (const name of Object.keys(commands)) {
    if (failed[name]) report(`xlsx-1e5 ${name}`, failed[name], data.rows);
    else if (runs[name].length === repeat) {
      med[name] = summarise(runs[name]);
      report(`1e5 ${name}`, med[name], data.rows);
      console.log(`${' '.repeat(42)}cpu ${fmt2(med[name].cpu)} s; walls ${runs[name].map((r) => r.wall.toFixed(2)).join(' ')}`);
    }
  }
  const ratio = (a, b, key = 'wall') => (med[a] && med[b] ? med[a][key] / med[b][key] : NaN);
  const both = (a, b) => `${fmt2(ratio(a, b))} (cpu ${fmt2(ratio(a, b, 'cpu'))})`;
  const xlsxRatio = ratio(XLSX, BARE);
  console.log(`xlsx read (1e5 rows, ${(statSync(xlsx).size / 1e6).toFixed(1)} MB): assess/bare ${both(XLSX, BARE)} (target ≤ ${TARGETS.xlsx}); ` +
    `1 thread/bare ${both(ONE, BARE)}; csv read: assess/csv-parse ${both(CSV, 'csv-parse (columns: true)')}; assess xlsx/csv ${both(XLSX, CSV)}`);
  return xlsxRatio;
}

/**
 * --out on the narrow 10^6 month: the CSV files, summary.json and report.xlsx
 * (10^6 trace rows), with a fresh ledger. report.xlsx is written last, right
 * after summary.json, so the time between the two files' mtimes is the
 * workbook's. Returns the run's peak RSS.
 */
async function measureOut(data) {
  const out = join(work, 'out-narrow');
  const r = await runOnce(assessArgs(data, ['--ledger', join(work, 'bench-out.db'), '--format', 'csv', '--out', out]));
  report(`narrow-${BIG_LABEL} assess --ledger --out`, r, data.rows);
  if (!ok(r)) return NaN;
  const xlsx = statSync(join(out, 'report.xlsx'));
  const workbook = (xlsx.mtimeMs - statSync(join(out, 'summary.json')).mtimeMs) / 1000;
  console.log(`report.xlsx (${BIG_LABEL} trace rows): ${workbook.toFixed(2)} s of the run's ${r.wall.toFixed(2)} s, ${(xlsx.size / 1e6).toFixed(1)} MB, peak RSS of the run ${fmt2(r.rssMB)} MB`);
  rmSync(out, { recursive: true, force: true });
  return r.rssMB;
}

/**
 * The terminal table of 5·10^4 people: cli-table3 against the hand-drawn
 * renderer it replaced (bench/table-render.mjs), alternating, median of
 * `repeat` like every other figure (one draw each moved the ratio by ±0.3).
 * Returns the wall-time ratio (NaN when the run failed or the two texts differ).
 */
function measureTable() {
  const r = spawnSync(NODE, [join(ROOT, 'bench', 'table-render.mjs'), '--repeat', String(repeat), ...(flags.quick ? ['--people', '5000'] : [])], { cwd: ROOT, encoding: 'utf8' });
  process.stdout.write(r.status === 0 ? r.stdout : `table render FAILED: exit ${r.status}\n${r.stderr.split('\n').slice(0, 6).join('\n')}\n`);
  const m = r.status === 0 ? /^table ratio cli-table3\/hand-drawn: ([\d.]+)$/m.exec(r.stdout) : null;
  return m ? Number(m[1]) : NaN;
}

/**
 * The month with 10^6 rejected rows: the wide shape, 1.25·10^6 rows of which
 * 80% are exact copies of recent ones, run as a clerk gets every rejected row:
 * `--allow-rejects --dry-run --out DIR --format json` (rejects.csv, summary.json
 * and the JSON on stdout all list the 10^6 rejects). Returns the peak RSS.
 */
async function measureRejects() {
  const data = await ensureData('rejects-1e6', { rows: 1_250_000, shape: 'wide', dupShare: 0.8 });
  await warm(data.events);
  const out = join(work, 'rejects-out');
  const r = await runOnce(assessArgs(data, ['--allow-rejects', '--dry-run', '--out', out, '--format', 'json']));
  report('rejects-1e6 assess --out --format json', r, data.rows);
  return ok(r) ? r.rssMB : NaN;
}

/** The provincial month: 10^7 rows, 10^5 people, 1,000 units (narrow shape); csv-parse and assess once each. */
async function measureProvincial() {
  const data = await ensureData('provincial-1e7', { rows: 10_000_000, people: 100_000, units: 1000 });
  const ref = await runOnce([join('bench', 'csvparse-ref.mjs'), rel(data.events)], true);
  report('provincial-1e7 csv-parse (columns: true)', ref, data.rows);
  const dry = await runOnce(assessArgs(data, ['--dry-run', '--format', 'csv']));
  report('provincial-1e7 assess --dry-run', dry, data.rows);
  console.log(`provincial-1e7: ratio ${fmt2(ok(ref) && ok(dry) ? dry.wall / ref.wall : NaN)}, peak RSS ${fmt2(ok(dry) ? dry.rssMB : NaN)} MB (target ≤ 450 MB)`);
}

/**
 * Start-up: `node -e 0`, `assess --version` and one fixture month, interleaved
 * (so that drift hits all three alike) after one unmeasured warm-up each; medians.
 * Prints the medians and `startup ratio`; returns the ratio (NaN when not measurable).
 */
function measureStartup(haveDist) {
  const fixture = join('fixtures', '2026-02', 'register.csv');
  const commands = { node: ['-e', '0'] };
  if (haveDist) {
    commands.version = [join('bin', 'assess.js'), '--version'];
    commands.fixture = [join('bin', 'assess.js'), fixture, '--dry-run'];
  }
  const runs = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i <= STARTUP_RUNS; i++) {
    for (const [key, args] of Object.entries(commands)) {
      const r = timeSync(args);
      if (i > 0) runs[key].push(r);
    }
  }
  const med = (key) => median(runs[key].map((r) => r.wall));
  const failure = (key) => runs[key].find((r) => r.code !== 0);
  const line = (name, key) => {
    const bad = failure(key);
    const note = bad ? ` (exit ${bad.code}: ${bad.stderr.trim().split('\n')[0] ?? ''})` : '';
    console.log(`${name.padEnd(40)}${(med(key) * 1000).toFixed(1).padStart(8)} ms median of ${STARTUP_RUNS}${note}`);
  };
  line('node -e 0', 'node');
  if (!haveDist) {
    console.log('startup ratio: n/a');
    return NaN;
  }
  line('assess --version', 'version');
  if (existsSync(join(ROOT, fixture))) line('assess fixture month --dry-run', 'fixture');
  else console.log(`${'assess fixture month --dry-run'.padEnd(40)}skipped: ${fixture} does not exist yet`);
  const ratio = failure('version') ? NaN : med('version') / med('node');
  console.log(`startup ratio: ${fmt2(ratio)}`);
  return ratio;
}

await main();
