/**
 * cli-table3's speed patch (scripts/cli-table3-patch.mjs) changes no output: the patched
 * functions and whole tables are compared with the published cli-table3 on generated text
 * (ASCII, CJK, emoji, combining marks, colour codes, line breaks, control characters). And it
 * is what runs: the tests' `cli-table3` is the patched bundle, and a tall cell costs string-width
 * a call per line instead of one per line drawn for every line.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import fc from 'fast-check';
import Table from 'cli-table3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliTable3Patch, patchSource, PATCHES } from '../../scripts/cli-table3-patch.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CACHE = join(ROOT, 'node_modules', '.cache', 'tablepatch');
const require = createRequire(import.meta.url);

/** What each bundle exports: cli-table3's Table and utils, its debug, and string-width's call count. */
interface Bundle {
  Table: typeof Table;
  utils: {
    strlen(s: string): number;
    truncate(s: string, n: number, ch?: string): string;
    pad(s: string, n: number, ch: string, dir: string): string;
    repeat(s: string, n: number): string;
    colorizeLines(lines: string[]): string[];
  };
  debug: { reset(): void; setDebugLevel(level: number): void };
  stringWidthCalls(): number;
}

/** string-width as cli-table3 loads it, counting its calls. */
function countingStringWidth(counter: string): Plugin {
  return {
    name: 'counting-string-width',
    setup(b) {
      b.onResolve({ filter: /^string-width$/ }, (args) => (args.importer.includes('cli-table3') ? { path: counter } : undefined));
    },
  };
}

async function bundle(name: string, patched: boolean): Promise<Bundle> {
  const realStringWidth = require.resolve('string-width', { paths: [require.resolve('cli-table3')] });
  const counter = join(CACHE, `${name}-string-width.cjs`);
  writeFileSync(counter, `const sw = require(${JSON.stringify(realStringWidth)});\nlet n = 0;\nmodule.exports = (s) => { n += 1; return sw(s); };\nmodule.exports.calls = () => n;\n`);
  const entry = join(CACHE, `${name}-entry.cjs`);
  writeFileSync(entry, `module.exports = { Table: require('cli-table3'), utils: require('cli-table3/src/utils.js'), debug: require('cli-table3/src/debug.js'), stringWidthCalls: require(${JSON.stringify(counter)}).calls };\n`);
  const outfile = join(CACHE, `${name}.cjs`);
  const plugins = [countingStringWidth(counter), ...(patched ? [cliTable3Patch()] : [])];
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'cjs', logLevel: 'warning', plugins });
  delete require.cache[outfile];
  return require(outfile) as Bundle;
}

let published: Bundle;
let patched: Bundle;
beforeAll(async () => {
  mkdirSync(CACHE, { recursive: true });
  published = await bundle('published', false);
  patched = await bundle('patched', true);
});

/** Text of the kinds a table cell can hold, in pieces that fast-check strings together. */
const PIECES = ['a', 'Z', '7', ' ', '.', '中', '欧阳', '娜', 'ｱ', '😀', '👨‍👩‍👧', 'e\u0301', '\u200b', '\t', '\u0007', '\uFFFD', '\n',
  '\u001b[31m', '\u001b[39m', '\u001b[1m', '\u001b[22m', '\u001b[2m', '\u001b[42m', '\u001b[49m', '\u001b[0m', '\u001b[4m', '\u001b[24m'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(''));

/** A function's result, or the error it threw (so that both versions may throw alike). */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (err) {
    return `threw ${(err as Error).name}: ${(err as Error).message}`;
  }
}

describe('the cli-table3 patch', () => {
  it('measures, truncates, pads and repeats as the published functions do', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: -2, max: 24 }), fc.constantFrom('left', 'right', 'center'), (s, n, dir) => {
        expect(patched.utils.strlen(s)).toBe(published.utils.strlen(s));
        expect(outcome(() => patched.utils.truncate(s, n))).toEqual(outcome(() => published.utils.truncate(s, n)));
        expect(outcome(() => patched.utils.truncate(s, n, '~'))).toEqual(outcome(() => published.utils.truncate(s, n, '~')));
        expect(outcome(() => patched.utils.pad(s, n, ' ', dir))).toEqual(outcome(() => published.utils.pad(s, n, ' ', dir)));
      }),
      { numRuns: 3000, seed: 11 },
    );
    for (const n of [-2, -1, 0, 1, 2, 7, 2.5, Number.NaN]) {
      expect(outcome(() => patched.utils.repeat('─', n))).toEqual(outcome(() => published.utils.repeat('─', n)));
    }
  });

  it('carries colour from line to line as the published colorizeLines does', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 8 }), (lines) => {
        const plain = lines.map((l) => l.replace(/\n/g, ''));
        expect(patched.utils.colorizeLines(plain)).toEqual(published.utils.colorizeLines(plain));
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it('draws every table as the published cli-table3 does, its debug messages included', () => {
    const cell = fc.oneof(
      text,
      fc.record(
        {
          content: text, colSpan: fc.constantFrom(1, 2), rowSpan: fc.constantFrom(1, 1, 2), hAlign: fc.constantFrom('left', 'right', 'center'), vAlign: fc.constantFrom('top', 'center', 'bottom'),
          href: fc.constantFrom('https://example.org/', ''),
        },
        { requiredKeys: ['content'] },
      ),
    );
    const options = fc.record(
      {
        colWidths: fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 4 }),
        wordWrap: fc.boolean(),
        style: fc.record({ compact: fc.boolean(), 'padding-left': fc.constantFrom(0, 1, 2), 'padding-right': fc.constantFrom(0, 1), head: fc.constantFrom<string[]>([], ['red'], ['bold', 'green']), border: fc.constantFrom<string[]>([], ['grey']) }),
        debug: fc.constantFrom(0, 1, 2, 3),
      },
      { requiredKeys: ['style'] },
    );
    fc.assert(
      fc.property(options, fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (opts, rows) => {
        const draw = (b: Bundle) => outcome(() => {
          b.debug.reset();
          const table = new b.Table(structuredClone(opts) as Table.TableConstructorOptions);
          for (const row of rows) table.push(structuredClone(row) as Table.HorizontalTableRow);
          return { text: table.toString(), messages: opts.debug ? (table as unknown as { messages: string[] }).messages : [] };
        });
        expect(draw(patched)).toEqual(draw(published));
      }),
      { numRuns: 1500, seed: 13 },
    );
  });

  it('measures each line of a tall cell a few times, where the published cli-table3 measures every line for every line drawn', () => {
    const tall = (b: Bundle, lines: number): number => {
      b.debug.setDebugLevel(0); // a table made with `debug` leaves its level set for every later table
      const before = b.stringWidthCalls();
      const table = new b.Table({ chars: { middle: ' ' }, style: { head: [], border: [] } });
      table.push([Array.from({ length: lines }, (_, i) => `王丽华 第${i}行 ${'x'.repeat(40)}`).join('\n')]);
      expect(table.toString().split('\n')).toHaveLength(lines + 2);
      return b.stringWidthCalls() - before;
    };
    // A tall cell of the published cli-table3 costs more than lines² (and 100 lines take minutes).
    expect(tall(published, 12)).toBeGreaterThan(12 * 12);
    expect(tall(patched, 12)).toBeLessThanOrEqual(12 * 3);
    // 2·10^4 distinct lines: more than the width cache holds, still a few calls a line (the published one would take hours).
    expect(tall(patched, 20_000)).toBeLessThanOrEqual(20_000 * 3);
  });

  it('is what the tests draw with, and refuses a source it does not fit', () => {
    expect(Table).toBe(require(join(ROOT, 'node_modules', '.cache', 'cli-table3-patched.cjs')));
    expect(() => patchSource('cell.js', 'module.exports = class Cell {};')).toThrow(/not there exactly once/);
    expect(Object.keys(PATCHES).sort()).toEqual(['cell.js', 'debug.js', 'utils.js']);
  });
});
