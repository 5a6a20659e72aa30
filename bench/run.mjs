#!/usr/bin/env node
// `npm run bench` (SPEC §9): assess beside a bare csv-parse pass, same files, same run.
//
//   node bench/run.mjs [--quick] [--keep] [--regen] [--repeat N]
//
//   --quick    only the 10^5-row month (for trying things); the figures below are then at 10^5
//   --keep     keep the temporary folder (ledger databases, stderr logs) and print its path
//   --regen    regenerate bench/data even when it is up to date
//   --repeat N run every measured command N times, report the fastest wall time and the
//              largest peak RSS (default 1)
//
// Data: bench/data/1e5 and bench/data/1e6 (git-ignored), made by bench/gen.mjs with the
// same 5·10^4 people and 400 units, so that "rss growth 1e5->1e6" shows growth driven by
// rows alone. A folder is reused while its .stamp matches the generator's source and
// arguments.
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

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODE = process.execPath;
const GNU_TIME = '/usr/bin/time';
const PEOPLE = 50_000;
const UNITS = 400;
const STARTUP_RUNS = 7;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S) || 900; // per measured command
const TARGETS = { ratio: 0.7, rssMB: 300, growth: 1.5, startup: 3, ledgerPct: 25 };

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    regen: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
});
const repeat = Math.max(1, Number.parseInt(flags.repeat, 10) || 1);
const SIZES = flags.quick ? [{ label: '1e5', rows: 100_000 }] : [{ label: '1e5', rows: 100_000 }, { label: '1e6', rows: 1_000_000 }];
const work = mkdtempSync(join(tmpdir(), 'assess-bench-'));
const rel = (p) => relative(ROOT, p) || '.';

// ---------------------------------------------------------------- data

const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Makes bench/data/<label> unless an up-to-date copy is there; returns its paths. */
async function ensureData({ label, rows }) {
  const dir = join(ROOT, 'bench', 'data', label);
  const events = join(dir, 'events.csv');
  const roster = join(dir, 'roster.csv');
  const stampPath = join(dir, '.stamp');
  const stamp = JSON.stringify({ rows, people: PEOPLE, units: UNITS, gen: sha256(join(ROOT, 'bench', 'gen.mjs')) });
  const fresh = !flags.regen && existsSync(events) && existsSync(roster) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;
  if (!fresh) {
    rmSync(stampPath, { force: true });
    const started = process.hrtime.bigint();
    await generate({ rows, people: PEOPLE, units: UNITS, out: dir });
    writeFileSync(stampPath, stamp);
    const s = seconds(started);
    console.log(`generated ${label}: ${rows} rows in ${s.toFixed(2)} s (${fmtInt(rows / s)} rows/s)`);
  }
  console.log(`data ${label}: ${rel(events)} ${(statSync(events).size / 1e6).toFixed(1)} MB, ${rel(roster)} ${PEOPLE} people, ${UNITS} units`);
  return { events, roster };
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
function runOnce(nodeArgs, captureStdout) {
  const rssFile = join(work, `rss-${process.hrtime.bigint()}`);
  const [cmd, args, env] = USE_GNU_TIME
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, NODE, ...nodeArgs], process.env]
    : [NODE, ['--import', join(ROOT, 'bench', 'rss-probe.mjs'), ...nodeArgs], { ...process.env, BENCH_RSS_FILE: rssFile }];
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
    child.on('error', (err) => resolve({ code: -1, wall: 0, rssMB: NaN, stdout, stderr: String(err) }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      // GNU time prefixes "Command exited with non-zero status N" lines; %M is the last.
      const kb = existsSync(rssFile) ? Number(lastLine(readFileSync(rssFile, 'utf8'))) : NaN;
      rmSync(rssFile, { force: true });
      resolve({ code: code ?? `signal ${signal}`, wall, rssMB: kb / 1024, stdout, stderr: (child.killedBecause ?? '') + stderr });
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

/** Runs a command `repeat` times: fastest wall, largest peak RSS, first failure wins. */
async function measure(nodeArgs, captureStdout = false) {
  let best;
  for (let i = 0; i < repeat; i++) {
    const r = await runOnce(nodeArgs, captureStdout);
    if (r.code !== 0) return r;
    best = best ? { ...best, wall: Math.min(best.wall, r.wall), rssMB: Math.max(best.rssMB, r.rssMB) } : r;
  }
  return best;
}

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
  const label = name.padEnd(32);
  if (!ok(r)) {
    console.log(`${label} FAILED: exit ${r.code}`);
    for (const line of r.stderr.trim().split('\n').slice(0, 6)) console.log(`${' '.repeat(34)}${line}`);
    return;
  }
  console.log(`${label}${r.wall.toFixed(2).padStart(8)} s${fmtInt(rows / r.wall).padStart(12)} rows/s${r.rssMB.toFixed(1).padStart(9)} MB`);
}

const verdict = (value, good) => (Number.isFinite(value) ? (good ? 'ok' : 'MISS') : 'n/a');

// ---------------------------------------------------------------- the run

async function main() {
  const version = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  console.log(`assess bench — node ${process.version}, ${cpus().length} cpu, commit ${version || '?'}, ` +
    `peak RSS via ${USE_GNU_TIME ? 'GNU time (wait4 ru_maxrss)' : 'rss-probe.mjs (ru_maxrss at exit)'}` +
    `${repeat > 1 ? `, best of ${repeat}` : ''}${flags.quick ? ', --quick: 1e5 only' : ''}`);

  const haveDist = existsSync(join(ROOT, 'dist', 'assess.js'));
  if (!haveDist) console.log('dist/assess.js is missing: run `npm run build` (npm run bench builds first); assess is not measured');

  const results = {};
  for (const size of SIZES) {
    const { events, roster } = await ensureData(size);
    await warm(events);
    const r = {};
    r.ref = await measure([join('bench', 'csvparse-ref.mjs'), rel(events)], true);
    if (ok(r.ref) && Number(r.ref.stdout.trim()) !== size.rows) {
      console.log(`note: csv-parse counted ${r.ref.stdout.trim()} records, expected ${size.rows}`);
    }
    report(`${size.label} csv-parse (columns: true)`, r.ref, size.rows);
    if (haveDist) {
      const common = [join('bin', 'assess.js'), rel(events), '--roster', rel(roster), '--rules', 'rules'];
      r.dry = await measure([...common, '--dry-run', '--format', 'csv']);
      report(`${size.label} assess --dry-run`, r.dry, size.rows);
      const db = join(work, `bench-${size.label}.db`);
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(db + suffix, { force: true });
      r.ledger = await measure([...common, '--ledger', db, '--format', 'csv']);
      report(`${size.label} assess --ledger`, r.ledger, size.rows);
    }
    results[size.label] = r;
  }

  const big = results[SIZES.at(-1).label];
  const small = results['1e5'];
  if (flags.quick) console.log('(--quick: the figures below are at 1e5)');

  const growth = !flags.quick && ok(small.dry) && ok(big.dry) ? big.dry.rssMB / small.dry.rssMB : NaN;
  console.log(`rss growth 1e5->1e6: ${fmt2(growth)}`);
  const overhead = ok(big.dry) && ok(big.ledger) ? ((big.ledger.wall - big.dry.wall) / big.dry.wall) * 100 : NaN;
  console.log(`ledger overhead: ${Number.isFinite(overhead) ? `${Math.round(overhead)}%` : 'n/a'}`);

  const startup = measureStartup(haveDist);
  const ratio = ok(big.dry) && ok(big.ref) ? big.dry.wall / big.ref.wall : NaN;
  const peak = Math.max(ok(big.dry) ? big.dry.rssMB : NaN, ok(big.ledger) ? big.ledger.rssMB : -Infinity);

  console.log(`targets: ratio ≤ ${TARGETS.ratio} ${verdict(ratio, ratio <= TARGETS.ratio)}` +
    ` | peak RSS < ${TARGETS.rssMB} MB ${verdict(peak, peak < TARGETS.rssMB)} (${fmt2(peak)} MB)` +
    ` | rss growth ≤ ${TARGETS.growth} ${verdict(growth, growth <= TARGETS.growth)}` +
    ` | startup ratio ≤ ${TARGETS.startup} ${verdict(startup, startup <= TARGETS.startup)}` +
    ` | ledger overhead ≤ ${TARGETS.ledgerPct}% ${verdict(overhead, overhead <= TARGETS.ledgerPct)}`);
  if (flags.keep) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`ratio assess/csv-parse: ${fmt2(ratio)}`);
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
    console.log(`${name.padEnd(32)}${(med(key) * 1000).toFixed(1).padStart(8)} ms median of ${STARTUP_RUNS}${note}`);
  };
  line('node -e 0', 'node');
  if (!haveDist) {
    console.log('startup ratio: n/a');
    return NaN;
  }
  line('assess --version', 'version');
  if (existsSync(join(ROOT, fixture))) line('assess fixture month --dry-run', 'fixture');
  else console.log(`${'assess fixture month --dry-run'.padEnd(32)}skipped: ${fixture} does not exist yet`);
  const ratio = failure('version') ? NaN : med('version') / med('node');
  console.log(`startup ratio: ${fmt2(ratio)}`);
  return ratio;
}

await main();
