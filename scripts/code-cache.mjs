// Writes dist/assess.cjs.cache (bin/load.js): V8's code cache of the CLI bundle, taken after the
// commands a clerk runs most have run once in this process, so that it holds the bytecode of
// the functions they need (start-up, options, rules, reading CSV files and workbooks, the
// month, the table and the CSV output), not only of the bundle's top level. Run by
// scripts/build.mjs from the repository's root; the commands' output is not wanted.
import fs from 'node:fs';
import { CODE_CACHE, codeCacheFile, loadCli } from '../bin/load.js';

fs.rmSync(CODE_CACHE, { force: true });
const { main, script, bytes } = loadCli();
const runs = [
  ['rules', 'check', '--rules', 'rules'],
  ['fixtures/2026-01-xlsx/2026-01.xlsx', '--roster', 'fixtures/2026-01-xlsx/roster.xlsx', '--rules', 'rules', '--dry-run', '--lang', 'zh'],
  ['fixtures/2026-01/complaints.csv', 'fixtures/2026-01/incidents.csv', 'fixtures/2026-01/training.csv', '--roster', 'fixtures/roster.csv', '--rules', 'rules', '--dry-run', '--format', 'csv'],
];
for (const argv of runs) {
  const code = await main(argv);
  if (code !== 0) throw new Error(`code cache: \`assess ${argv.join(' ')}\` exited ${code}`);
}
fs.writeFileSync(CODE_CACHE, codeCacheFile(bytes, script));
