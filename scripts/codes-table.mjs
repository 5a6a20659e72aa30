#!/usr/bin/env node
// The README's table of problem codes (SPEC §8), made from src/problems.ts:
// its sections, each code, and the exit code a run ends with when the
// problem stops it. `node scripts/codes-table.mjs` prints the table;
// `--write` puts it into README.md between its markers. test/problems.test.ts
// fails when README.md and src/problems.ts disagree.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const START = '<!-- codes: made by scripts/codes-table.mjs from src/problems.ts; do not edit by hand -->';
export const END = '<!-- codes: end -->';

/** The catalogue's codes in order, each with its section and exit code. */
export function catalogue(source = fs.readFileSync(path.join(ROOT, 'src/problems.ts'), 'utf8')) {
  const body = source.slice(source.indexOf('export const CATALOGUE = {'));
  const codes = [];
  let section = '';
  const re = /^ {2}\/\/ --- (.+?) -*$|^ {2}([A-Z][A-Z0-9_]*): def<[\s\S]*?\n {4}exit: (\d+),/gm;
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) section = m[1].replace(/\s*\(exit \d+\)/, '').trim();
    else codes.push({ code: m[2], exit: Number(m[3]), section });
  }
  return codes;
}

/** The table: one row per section and exit code, its codes in catalogue order. */
export function table(codes = catalogue()) {
  const rows = [];
  for (const c of codes) {
    const last = rows.at(-1);
    if (last && last.section === c.section && last.exit === c.exit) last.codes.push(c.code);
    else rows.push({ section: c.section, exit: c.exit, codes: [c.code] });
  }
  return [
    START,
    '| problems about | exit | codes |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.section} | ${r.exit} | ${r.codes.map((c) => `\`${c}\``).join(' ')} |`),
    END,
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const text = table();
  if (process.argv.includes('--write')) {
    const file = path.join(ROOT, 'README.md');
    const readme = fs.readFileSync(file, 'utf8');
    const [a, b] = [readme.indexOf(START), readme.indexOf(END)];
    if (a < 0 || b < 0) throw new Error(`README.md has no ${START} … ${END} block`);
    fs.writeFileSync(file, readme.slice(0, a) + text + readme.slice(b + END.length));
  } else process.stdout.write(`${text}\n`);
}
