#!/usr/bin/env node
// `npm run bench`, PostgreSQL part (issue 12): ledger write time of a month the
// size of the bench month (5·10^4 people, 4.3·10^5 effects; test/ledger/sample.ts
// makes it) into PostgreSQL against SQLite, and 8 bureaus' clerks writing their
// months at once (8 processes) against one bureau alone, as total wall time.
//
// The server is scripts/pg-server.mjs (the tests' helper) with fsync on, so that
// PostgreSQL's commit is as durable as SQLite's synchronous = FULL. Each write is
// one child process that builds its month first and then waits for "go": the
// times are of saveMonth alone (the transaction, from BEGIN to COMMIT).
//
//   node bench/pg.mjs [--people N] [--effects N] [--clerks N]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { findPgBin, startPgServer } from '../scripts/pg-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: { people: { type: 'string', default: '50000' }, effects: { type: 'string', default: '430000' }, clerks: { type: 'string', default: '8' } },
});
const PEOPLE = Number(flags.people);
const EFFECTS = Number(flags.effects);
const CLERKS = Number(flags.clerks);

if (findPgBin() === null) {
  console.log('pg bench: skipped (PostgreSQL 15+ is not installed)');
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

// The bundle lives under bench/data (git-ignored), where pg, pgpass and better-sqlite3 resolve from node_modules.
const bundle = join(ROOT, 'bench/data/pg-bundle');
await build({
  entryPoints: { ledger: join(ROOT, 'src/ledger/ledger.ts'), sample: join(ROOT, 'test/ledger/sample.ts') },
  outdir: bundle,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

/** Starts `n` writers; when all are ready, says go to all; resolves with each one's save time and the total wall. */
async function writeAtOnce(jobs) {
  const children = jobs.map(({ ledger, month, bureau }) => {
    const child = spawn(process.execPath, [join(ROOT, 'bench/pg-child.mjs'), bundle, ledger, month, String(PEOPLE), String(EFFECTS), bureau ?? ''], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const ready = new Promise((resolve) => child.stdout.on('data', (d) => ((out += d), out.includes('ready') && resolve())));
    const done = new Promise((resolve, reject) =>
      child.on('close', (code) => (code === 0 ? resolve(Number(/saved (\d+)/.exec(out)?.[1])) : reject(new Error(`writer exited ${code}`)))),
    );
    return { child, ready, done };
  });
  await Promise.all(children.map((c) => c.ready));
  const t0 = performance.now();
  for (const c of children) c.child.stdin.write('go\n');
  const each = await Promise.all(children.map((c) => c.done));
  return { each, wall: performance.now() - t0 };
}

const server = await startPgServer({ fast: false });
const scratch = mkdtempSync(join(tmpdir(), 'assess-pgbench-'));
try {
  const sql = (s) => server.psql(s);
  sql('CREATE ROLE bench_owner LOGIN');
  sql('CREATE DATABASE bench OWNER bench_owner');
  const cli = (...args) => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/assess.js'), ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`assess ${args.join(' ')}: ${r.stderr}`);
  };
  const owner = server.url('bench', 'bench_owner');
  cli('ledger', 'migrate', '--ledger', owner);
  for (let i = 1; i <= CLERKS; i++) {
    sql(`CREATE ROLE bench_clerk${i} LOGIN`);
    cli('ledger', 'grant', `bench_clerk${i}`, '--bureau', `bureau ${i}`, '--ledger', owner);
  }
  const clerk = (i) => server.url('bench', `bench_clerk${i}`);
  console.log(`pg bench: a month of ${PEOPLE} people and ${EFFECTS} effects; PostgreSQL ${sql('SHOW server_version').trim()} with fsync on; ${CLERKS} clerks`);

  const sqlite = (await writeAtOnce([{ ledger: join(scratch, 'one.db'), month: '2026-02' }])).each[0];
  const pgOne = (await writeAtOnce([{ ledger: clerk(1), month: '2026-02' }])).each[0];
  // The same again, now replacing the stored month (what a re-run costs).
  const pgAgain = (await writeAtOnce([{ ledger: clerk(1), month: '2026-02' }])).each[0];
  const alone = await writeAtOnce([{ ledger: clerk(1), month: '2026-03' }]);
  const all = await writeAtOnce(Array.from({ length: CLERKS }, (_, i) => ({ ledger: clerk(i + 1), month: '2026-04' })));
  const sum = all.each.reduce((a, b) => a + b, 0);
  console.log(`ledger write, SQLite:               ${(sqlite / 1000).toFixed(2)} s`);
  console.log(`ledger write, PostgreSQL:           ${(pgOne / 1000).toFixed(2)} s (${(pgOne / sqlite).toFixed(2)} × SQLite); replacing it: ${(pgAgain / 1000).toFixed(2)} s`);
  console.log(`one bureau alone:                   ${(alone.wall / 1000).toFixed(2)} s wall`);
  console.log(`${CLERKS} bureaus at once (${CLERKS} processes): ${(all.wall / 1000).toFixed(2)} s wall (${(all.wall / alone.wall).toFixed(2)} × one alone; each ${Math.min(...all.each)}–${Math.max(...all.each)} ms, sum ${(sum / 1000).toFixed(1)} s)`);
} finally {
  server.destroy();
  rmSync(scratch, { recursive: true, force: true });
}
