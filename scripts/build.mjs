// Bundles the CLI into one file so that start-up loads one file instead of hundreds of
// node_modules files, and writes V8's code cache of it (scripts/code-cache.mjs, bin/load.js).
// better-sqlite3 stays external: it is a native addon.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { cliTable3Patch, PATCHED_PATH } from './cli-table3-patch.mjs';
import { isOurStringWidth, stringWidthPatch } from './string-width-patch.mjs';

// The worker thread of a split file (src/engine/parallel.ts) is its own bundle, next to the CLI;
// so is the library entry (SPEC §11: `import { assessMonth } from 'assess'`), which finds it there too.
// A large worksheet's worker (src/engine/sheets.ts) likewise.
// The CLI is a CommonJS file, which bin/load.js compiles itself (vm.Script) to give V8 its code cache;
// Node 20 takes none for an ES module. The workers and the library stay ES modules.
const entries = [
  ['src/cli/main.ts', 'dist/assess.cjs'], ['src/engine/worker.ts', 'dist/worker.js'], ['src/engine/sheetworker.ts', 'dist/sheetworker.js'], ['src/engine/library.ts', 'dist/index.js'],
];
const ESM_BANNER = "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);";
// Strict, as the ES module sources are; import.meta.url as the bundle's own URL (its workers and the built-in rules are found from it).
const CJS_BANNER = "'use strict'; const __bundleUrl = require('node:url').pathToFileURL(__filename).href;";
fs.rmSync('dist/assess.js', { force: true }); // the CLI bundle before it was CommonJS
fs.rmSync('dist/assess.cjs.cache', { force: true }); // made again below, from the new bundle
for (const [entry, outfile] of entries) {
  const cjs = outfile.endsWith('.cjs');
  const patched = new Set();
  const widths = new Set();
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: cjs ? 'cjs' : 'esm',
    target: 'node20',
    splitting: false,
    // exceljs too: a 4 MB module that only the commands writing a workbook load, so that it costs start-up nothing;
    // and iconv-lite, whose code tables only a file that is not UTF-8 needs (src/read/decode.ts).
    external: ['better-sqlite3', 'exceljs', 'iconv-lite'],
    banner: { js: cjs ? CJS_BANNER : ESM_BANNER },
    define: cjs ? { 'import.meta.url': '__bundleUrl' } : {},
    logLevel: 'warning',
    // cli-table3 with its speed patch (scripts/cli-table3-patch.mjs); a bundle that holds cli-table3 must hold it patched.
    plugins: [cliTable3Patch(patched), stringWidthPatch(widths)],
    metafile: true,
  });
  // bin/load.js compiles the CLI bundle as a vm.Script, where import() of a module outside it would fail.
  const dynamic = cjs ? Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import' && i.external)) : [];
  if (dynamic.length > 0) throw new Error(`${outfile}: import() of ${dynamic.map((i) => i.path).join(', ')}; use require (bin/load.js)`);
  const bundled = Object.keys(result.metafile.inputs).filter((input) => PATCHED_PATH.test(input));
  if (bundled.length !== patched.size) throw new Error(`${outfile}: cli-table3 bundled without its patch (${bundled.join(', ')})`);
  // string-width 7 with its Intl.Segmenter made when first used (scripts/string-width-patch.mjs).
  const ours = Object.keys(result.metafile.inputs).filter(isOurStringWidth);
  if (ours.length !== widths.size) throw new Error(`${outfile}: string-width bundled without its patch (${ours.join(', ')})`);
}

// The CLI's code cache, once the bundles are all there: it runs the CLI, with the fixture's small
// workbook read by sheet workers as a large one is (src/engine/sheets.ts), so that their side of it is cached too.
const cache = spawnSync(process.execPath, ['scripts/code-cache.mjs'], {
  stdio: ['ignore', 'ignore', 'pipe'],
  encoding: 'utf8',
  env: { ...process.env, ASSESS_SHEET_WORKER_BYTES: '0', ASSESS_SHEET_SPLIT_BYTES: '0', ASSESS_WORKERS: '', ASSESS_PLAIN: '' },
});
if (cache.status !== 0) {
  process.stderr.write(cache.stderr);
  process.exit(cache.status ?? 1);
}

// The library's types (package.json "types"): declarations only, from tsc, into dist/types.
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
