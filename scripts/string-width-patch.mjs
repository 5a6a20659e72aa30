// string-width 7 builds an Intl.Segmenter when its module is loaded, and the bundle loads every
// module at start-up: that is ICU's start-up too, 20-70 ms of every command, even those that
// draw no table (a month with --format csv, `assess --version`). This patch, applied when the
// CLI is bundled (scripts/build.mjs), builds it the first time a width is measured instead.
// The widths are the same: the same segmenter, made later. If either piece is not found, the
// bundle fails to build rather than ship string-width unpatched.
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';

const STRING_WIDTH_PATH = /[\\/]node_modules[\\/]string-width[\\/]index\.js$/;
const OURS = /^node_modules[\\/]string-width[\\/]index\.js$/;

/**
 * True for string-width 7, ours: the one in the package's own node_modules (a path as esbuild
 * loads it, or relative as its metafile names it, both from the package's folder, where the build
 * runs); not the string-width 4 in cli-table3's node_modules.
 */
export function isOurStringWidth(file) {
  return OURS.test(relative(process.cwd(), resolve(file)));
}

const PIECES = [
  ['const segmenter = new Intl.Segmenter();', 'let segmenter;'],
  ['of segmenter.segment(string)', 'of (segmenter ??= new Intl.Segmenter()).segment(string)'],
];

/** The esbuild plugin; `applied` hears each file it patched. */
export function stringWidthPatch(applied = new Set()) {
  return {
    name: 'string-width-patch',
    setup(build) {
      build.onLoad({ filter: STRING_WIDTH_PATH }, async (args) => {
        if (!isOurStringWidth(args.path)) return undefined;
        let contents = await readFile(args.path, 'utf8');
        for (const [from, to] of PIECES) {
          if (contents.split(from).length !== 2) throw new Error(`string-width patch: ${JSON.stringify(from)} is not in ${args.path} once`);
          contents = contents.replace(from, to);
        }
        applied.add(args.path);
        return { contents, loader: 'js' };
      });
    },
  };
}
