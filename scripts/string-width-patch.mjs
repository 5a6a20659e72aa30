// string-width 7 builds an Intl.Segmenter when its module is loaded, and the bundle loads every
// module at start-up: that is ICU's start-up too, 20-70 ms of every command, even those that
// draw no table (a month with --format csv, `assess --version`). This patch, applied when the
// CLI is bundled (scripts/build.mjs), builds it the first time a width is measured instead.
// The widths are the same: the same segmenter, made later. If either piece is not found, the
// bundle fails to build rather than ship string-width unpatched.
import { readFile } from 'node:fs/promises';

/** string-width 7, ours; not the string-width 4 that cli-table3 has in its own node_modules. */
export const STRING_WIDTH_PATH = /(?:^|[\\/])node_modules[\\/]string-width[\\/]index\.js$/;
const NESTED = /[\\/]node_modules[\\/].*[\\/]node_modules[\\/]/;

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
        if (NESTED.test(args.path)) return undefined;
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
