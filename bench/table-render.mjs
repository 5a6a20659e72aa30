#!/usr/bin/env node
// The month table of 5·10^4 people in 400 units (11 columns, CJK names, colour on),
// drawn by src/render/table.ts (cli-table3) and by the hand-drawn renderer it
// replaced (bench/table-ref.mjs), in one process, alternating, median of N.
// Both must give the same text. Prints one line per renderer and the ratio.
//
//   node bench/table-render.mjs [--people 50000] [--repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { cliTable3Patch } from '../scripts/cli-table3-patch.mjs';
import { renderTable as handDrawn } from './table-ref.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { people: { type: 'string', default: '50000' }, repeat: { type: 'string', default: '3' } } });
const PEOPLE = Number(values.people);
const REPEAT = Math.max(1, Number(values.repeat));
const UNITS = 400;
const NAMES = ['王丽华', '李静', '刘晓燕', '陈颖', '欧阳娜娜', '马强', '薛刚', '丁宝林'];

// src/render/table.ts bundled on the fly as the CLI bundles it, cli-table3 patched (the CLI bundle exports nothing).
const work = mkdtempSync(join(tmpdir(), 'assess-table-'));
const outfile = join(work, 'table.mjs');
await build({ entryPoints: [join(ROOT, 'src', 'render', 'table.ts')], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning', plugins: [cliTable3Patch()] });
const { renderTable: cliTable3 } = await import(pathToFileURL(outfile).href);
rmSync(work, { recursive: true, force: true });

const right = (header) => ({ header, align: 'right' });
const columns = [{ header: '工号', align: 'left' }, { header: '姓名', align: 'left' }, ...['得分', '加减分', '综合得分', '生产奖金', '扣发奖金', '实发奖金', '效益工资(预留)', '年度累计预留', '预计年终分配'].map(right)];
const rows = [];
for (let i = 0; i < PEOPLE; i++) {
  if (i % (PEOPLE / UNITS) === 0) rows.push({ section: `单位: 第${i / (PEOPLE / UNITS) + 1}支局` });
  const lapse = i % 17 === 0;
  rows.push([
    String(i).padStart(6, '0'), NAMES[i % NAMES.length], lapse ? { text: '97', style: 'bad' } : '100', lapse ? { text: '-3', style: 'bad' } : '0',
    '100', '1250.00', lapse ? { text: '850.00', style: 'bad' } : { text: '0.00', style: 'dim' }, '1250.00', '1740.00', '1740.00', '1744.91',
  ]);
}

// Wall time is the figure; CPU time (this process's user + system) is printed
// beside it because on a shared machine a 20 s run and a 1 s run do not meet
// the same load, and CPU time moves less with it.
const time = (fn) => {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const text = fn();
  const used = process.cpuUsage(cpu);
  return { s: Number(process.hrtime.bigint() - started) / 1e9, cpu: (used.user + used.system) / 1e6, text };
};
const runs = { cli: [], hand: [] };
const cpus = { cli: [], hand: [] };
let same = true;
for (let i = 0; i < REPEAT; i++) {
  const a = time(() => cliTable3(columns, rows, { color: true, title: 'T' }));
  const b = time(() => handDrawn(columns, rows, { color: true, title: 'T' }));
  same &&= a.text === b.text;
  runs.cli.push(a.s);
  runs.hand.push(b.s);
  cpus.cli.push(a.cpu);
  cpus.hand.push(b.cpu);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const cli = median(runs.cli);
const hand = median(runs.hand);
console.log(`${`table ${PEOPLE} people cli-table3`.padEnd(40)}${cli.toFixed(2).padStart(8)} s`);
console.log(`${`table ${PEOPLE} people hand-drawn`.padEnd(40)}${hand.toFixed(2).padStart(8)} s`);
console.log(`table ratio cli-table3/hand-drawn: ${(cli / hand).toFixed(2)}${same ? '' : ' (OUTPUTS DIFFER)'}`);
console.log(`table ratio by CPU time: ${(median(cpus.cli) / median(cpus.hand)).toFixed(2)} (${median(cpus.cli).toFixed(2)} s / ${median(cpus.hand).toFixed(2)} s)`);
