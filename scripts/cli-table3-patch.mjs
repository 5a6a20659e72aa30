// A small speed patch to cli-table3 0.6.5, applied when it is bundled (scripts/build.mjs) and
// for the tests (vitest.config.ts, through bundlePatched), so that the shipped and the tested
// code are one.
// It changes no output; test/render/tablepatch.test.ts compares the patched functions and
// tables with the published ones. Upstream knows the cost (cli-table/cli-table3#68, open
// since 2018; #285 closed unmerged). Without it a 5·10^4-person month table took 15–21 s:
//
// - utils.strlen (every cell, three times: desired width, truncate, pad) calls string-width 4
//   twice per line, which builds ansi-regex's and emoji-regex's patterns afresh each call
//   (~7 µs). Printable ASCII is as wide as it is long; other lines are measured once.
// - utils.repeat joins an array of n+1 empty slots for n spaces; String#repeat does the same.
// - utils.colorizeLines carries colour state from line to line with three objects and two
//   regex scans per line; a line without escape codes after a line that left no colour open
//   comes out as it went in, which is now said without the scans.
// - Cell#draw truncates the whole cell content for a debug message on every line it draws,
//   which makes a cell of n lines cost n² (a cell of 100 lines of 40 characters took 106 s here). It now does
//   so only when the message is kept: for the cell's first line, at debug level INFO (2) or
//   more (debug.js says its level).
//
// Each change replaces one exact piece of the published source; if a piece is not found once,
// the bundle fails to build rather than ship an unpatched cli-table3 unnoticed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The pieces replaced, per file of the package. */
export const PATCHES = {
  'utils.js': [
    {
      from: `function strlen(str) {
  let code = codeRegex();
  let stripped = ('' + str).replace(code, '');
  let split = stripped.split('\\n');
  return split.reduce(function (memo, s) {
    return stringWidth(s) > memo ? stringWidth(s) : memo;
  }, 0);
}`,
      to: `const PLAIN_ASCII = /^[\\x20-\\x7e]*$/;
const lineWidths = new Map();

function lineWidth(s) {
  if (PLAIN_ASCII.test(s)) return s.length;
  let width = lineWidths.get(s);
  if (width === undefined) {
    width = stringWidth(s);
    if (lineWidths.size >= 10000) lineWidths.clear();
    lineWidths.set(s, width);
  }
  return width;
}

function strlen(str) {
  str = '' + str;
  if (PLAIN_ASCII.test(str)) return str.length;
  if (str.indexOf('\\n') < 0 && str.indexOf('\\u001b') < 0) return lineWidth(str);
  let code = codeRegex();
  let stripped = str.replace(code, '');
  let split = stripped.split('\\n');
  return split.reduce(function (memo, s) {
    let width = lineWidth(s);
    return width > memo ? width : memo;
  }, 0);
}`,
    },
    {
      from: `function repeat(str, times) {
  return Array(times + 1).join(str);
}`,
      to: `function repeat(str, times) {
  return Number.isInteger(times) && times >= 0 ? str.repeat(times) : Array(times + 1).join(str);
}`,
    },
    {
      from: `function colorizeLines(input) {
  let state = {};
  let output = [];
  for (let i = 0; i < input.length; i++) {
    let line`,
      to: `function plainState(state) {
  for (let key in state) {
    let value = state[key];
    if (key === 'lastBackgroundAdded' ? value && value != '\\u001b[49m' : key === 'lastForegroundAdded' ? value && value != '\\u001b[39m' : value) {
      return false;
    }
  }
  return true;
}

function colorizeLines(input) {
  let state = {};
  let output = [];
  for (let i = 0; i < input.length; i++) {
    if (input[i].indexOf('\\u001b') < 0 && plainState(state)) {
      state = {};
      output.push(input[i]);
      continue;
    }
    let line`,
    },
  ],
  'debug.js': [
    {
      from: `debug.debugMessages = () => messages;`,
      to: `debug.debugMessages = () => messages;

debug.level = () => level;`,
    },
  ],
  'cell.js': [
    {
      from: `const { info, debug } = require('./debug');`,
      to: `const { info, debug } = require('./debug');
const debugLevel = require('./debug').level;`,
    },
    {
      from: `    let content = utils.truncate(this.content, 10, this.truncate);
    if (!lineNum) {
      info(\`\${this.y}-\${this.x}: \${this.rowSpan - lineNum}x\${this.colSpan} Cell \${content}\`);`,
      to: `    if (!lineNum && debugLevel() >= 2) {
      let content = utils.truncate(this.content, 10, this.truncate);
      info(\`\${this.y}-\${this.x}: \${this.rowSpan - lineNum}x\${this.colSpan} Cell \${content}\`);`,
    },
  ],
};

/** The path of a file the patch changes (esbuild's onLoad filter, and what a build checks for). */
export const PATCHED_PATH = /[\\/]cli-table3[\\/]src[\\/](utils|cell|debug)\.js$/;

/** Which patched file a path is, or null: `…/cli-table3/src/utils.js` → `utils.js`. */
export function patchedFile(path) {
  const m = PATCHED_PATH.exec(path);
  return m ? `${m[1]}.js` : null;
}

/** The source of `file` with its pieces replaced; throws if one is not there exactly once. */
export function patchSource(file, source) {
  let out = source.replace(/\r\n/g, '\n');
  for (const { from, to } of PATCHES[file]) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0) {
      throw new Error(`cli-table3 patch: the piece of src/${file} to replace is not there exactly once (is cli-table3 still 0.6.5?): ${from.split('\n')[0]}`);
    }
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  return out;
}

/**
 * The esbuild plugin. `applied` collects the files it patched, so that a build can check that a
 * bundle holding cli-table3 holds the patched one.
 */
export function cliTable3Patch(applied = new Set()) {
  return {
    name: 'cli-table3-patch',
    setup(build) {
      build.onLoad({ filter: PATCHED_PATH }, async (args) => {
        const file = patchedFile(args.path);
        const contents = patchSource(file, await readFile(args.path, 'utf8'));
        applied.add(file);
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * cli-table3 bundled on its own, patched, as a CommonJS file at `outfile`: what vitest.config.ts
 * points `cli-table3` to, so that the tests draw with the code the CLI bundle ships. Rebuilt
 * only when this file or cli-table3 changed (a stamp beside it).
 */
export async function bundlePatched(outfile) {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('cli-table3');
  const stamp = `${readFileSync(fileURLToPath(import.meta.url), 'utf8')}\n${readFileSync(join(dirname(entry), 'package.json'), 'utf8')}`;
  const stampFile = `${outfile}.stamp`;
  if (existsSync(outfile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return outfile;
  const applied = new Set();
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', plugins: [cliTable3Patch(applied)] });
  if (applied.size !== Object.keys(PATCHES).length) throw new Error(`cli-table3 patch: only ${[...applied].join(', ')} patched`);
  writeFileSync(stampFile, stamp);
  return outfile;
}
