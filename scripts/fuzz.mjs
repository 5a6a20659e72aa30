#!/usr/bin/env node
// The long fuzzing session, outside `npm test` (issue 10): the same
// properties as test/fuzz, for as long as asked, at the lowest priority,
// keeping every failing workspace instead of stopping at the first.
//
//   node scripts/fuzz.mjs [minutes=50] [seed=random]
//
// It builds first (the CLI sample runs bin/assess.js). Failing cases land in
// $FUZZ_KEEP (default: a new folder under the system temp dir), one folder
// per distinct problem, each with its files, case.json and a count.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const minutes = Number(process.argv[2] ?? 50);
const seed = Number(process.argv[3] ?? Math.floor(Math.random() * 2 ** 31));
const keep = process.env.FUZZ_KEEP ?? fs.mkdtempSync(path.join(os.tmpdir(), 'assess-fuzz-found-'));
fs.mkdirSync(keep, { recursive: true });
// The three in-process properties (CSV, rules, spreadsheets) share 85% of the time; the real CLI sample (slower per case) the rest.
const each = Math.round((minutes * 60 * 0.85) / 3);
const cli = Math.round(minutes * 60 * 0.15);
const env = {
  ...process.env,
  FUZZ_SEED: String(seed),
  FUZZ_RUNS: '100000000',
  FUZZ_SECONDS: String(each),
  FUZZ_CLI_RUNS: '100000000',
  FUZZ_CLI_SECONDS: String(cli),
  FUZZ_KEEP: keep,
};
console.log(`fuzzing for ${minutes} min with seed ${seed}; failing cases go to ${keep}`);
const build = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync('nice', ['-n', '19', 'npx', 'vitest', 'run', 'test/fuzz', '--reporter', 'verbose'], { stdio: 'inherit', env });
const found = fs.readdirSync(keep);
console.log(`distinct failing cases kept: ${found.length}${found.length ? `\n  ${found.join('\n  ')}` : ''}`);
process.exit(r.status ?? 1);
