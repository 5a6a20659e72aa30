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
// - utils.strlen of one line with colour codes strips and measures it again each time; such
//   lines (a red `-3`, a dim `0.00`) are few and repeat, so each is measured once.
// - Cell#drawLine measures each line twice (truncate, then pad) after mergeTableOptions measured
//   the whole content; a cell now measures its lines once, when it splits them, and draws with
//   those widths (utils.padWidth is pad with the width known). Wrapped lines, hyperlinks and a
//   line given the truncation mark are measured as before.
// - utils.colorizeLines scans a coloured line for its codes whenever the line before left no
//   colour open; the result then depends only on the line, so it is kept per line.
// - Cell#stylizeLine wraps borders and heads in @colors/colors only when a style is given
//   (with none it returned them as they were); setOption (17 per cell) spells camel-case option
//   names once, and firstDefined finds the first defined value without filtering an array.
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
const codedWidths = new Map();

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
  if (str.indexOf('\\n') < 0) {
    if (str.indexOf('\\u001b') < 0) return lineWidth(str);
    let width = codedWidths.get(str);
    if (width === undefined) {
      width = lineWidth(str.replace(codeRegex(), ''));
      if (codedWidths.size >= 10000) codedWidths.clear();
      codedWidths.set(str, width);
    }
    return width;
  }
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
      from: `function pad(str, len, pad, dir) {
  let length = strlen(str);
  if`,
      to: `function pad(str, len, pad, dir) {
  return padWidth(str, strlen(str), len, pad, dir);
}

function padWidth(str, length, len, pad, dir) {
  if`,
    },
    {
      from: `  pad: pad,
`,
      to: `  pad: pad,
  padWidth: padWidth,
`,
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

const colouredLines = new Map();

function colouredLine(input) {
  let known = colouredLines.get(input);
  if (known === undefined) {
    let state = readState(input);
    known = { line: unwindState(Object.assign({}, state), input), state: state };
    if (colouredLines.size >= 10000) colouredLines.clear();
    colouredLines.set(input, known);
  }
  return known;
}

function colorizeLines(input) {
  let state = {};
  let output = [];
  for (let i = 0; i < input.length; i++) {
    if (plainState(state)) {
      if (input[i].indexOf('\\u001b') < 0) {
        state = {};
        output.push(input[i]);
        continue;
      }
      let known = colouredLine(input[i]);
      state = Object.assign({}, known.state);
      output.push(known.line);
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
    {
      from: `    this.lines = this.computeLines(tableOptions);

    this.desiredWidth = utils.strlen(this.content) + this.paddingLeft + this.paddingRight;`,
      to: `    this.lineWidths = undefined;
    this.lines = this.computeLines(tableOptions);

    let contentWidth = 0;
    if (this.lineWidths) {
      for (let i = 0; i < this.lineWidths.length; i++) {
        if (this.lineWidths[i] > contentWidth) contentWidth = this.lineWidths[i];
      }
    } else {
      contentWidth = utils.strlen(this.content);
    }
    this.desiredWidth = contentWidth + this.paddingLeft + this.paddingRight;`,
    },
    {
      from: `    return this.wrapLines(this.content.split('\\n'));`,
      to: `    const lines = this.wrapLines(this.content.split('\\n'));
    if (!this.href) this.lineWidths = lines.map((line) => utils.strlen(line));
    return lines;`,
    },
    {
      from: `    let content = utils.truncate(line, len, this.truncate);
    content = utils.pad(content, len, ' ', this.hAlign);`,
      to: `    let width = !forceTruncationSymbol && this.lineWidths ? this.lineWidths[lineNum] : utils.strlen(line);
    let content =
      width <= len
        ? utils.padWidth(line, width, len, ' ', this.hAlign)
        : utils.pad(utils.truncate(line, len, this.truncate), len, ' ', this.hAlign);`,
    },
    {
      from: `    left = this.wrapWithStyleColors('border', left);
    right = this.wrapWithStyleColors('border', right);
    if (this.y === 0) {`,
      to: `    if (this.border && this.border.length) {
      left = this.wrapWithStyleColors('border', left);
      right = this.wrapWithStyleColors('border', right);
    }
    if (this.y === 0 && this.head && this.head.length) {`,
    },
    {
      from: `function firstDefined(...args) {
  return args.filter((v) => v !== undefined && v !== null).shift();
}`,
      to: `function firstDefined(...args) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] !== undefined && args[i] !== null) return args[i];
  }
  return undefined;
}

const camelNames = new Map();

function camelName(nameB) {
  let nameA = camelNames.get(nameB);
  if (nameA === undefined) {
    let parts = nameB.split('-');
    parts[1] = parts[1].charAt(0).toUpperCase() + parts[1].substr(1);
    nameA = parts.join('');
    camelNames.set(nameB, nameA);
  }
  return nameA;
}`,
    },
    {
      from: `  let nameA = nameB.split('-');
  if (nameA.length > 1) {
    nameA[1] = nameA[1].charAt(0).toUpperCase() + nameA[1].substr(1);
    nameA = nameA.join('');
    targetObj`,
      to: `  if (nameB.indexOf('-') >= 0) {
    let nameA = camelName(nameB);
    targetObj`,
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
