// Bundles the CLI into one ES module so that start-up loads one file instead of
// hundreds of node_modules files. better-sqlite3 stays external: it is a native addon.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { cliTable3Patch, PATCHED_PATH } from './cli-table3-patch.mjs';

// The worker thread of a split file (src/engine/parallel.ts) is its own bundle, next to the CLI;
// so is the library entry (SPEC §11: `import { assessMonth } from 'assess'`), which finds it there too.
// A large worksheet's worker (src/engine/sheets.ts) likewise.
const entries = [
  ['src/cli/main.ts', 'dist/assess.js'], ['src/engine/worker.ts', 'dist/worker.js'], ['src/engine/sheetworker.ts', 'dist/sheetworker.js'], ['src/engine/library.ts', 'dist/index.js'],
];
for (const [entry, outfile] of entries) {
  const patched = new Set();
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    splitting: false,
    // exceljs too: a 4 MB module that only the commands writing a workbook load, so that it costs start-up nothing;
    // and iconv-lite, whose code tables only a file that is not UTF-8 needs (src/read/decode.ts).
    external: ['better-sqlite3', 'exceljs', 'iconv-lite'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
    // cli-table3 with its speed patch (scripts/cli-table3-patch.mjs); a bundle that holds cli-table3 must hold it patched.
    plugins: [cliTable3Patch(patched)],
    metafile: true,
  });
  const bundled = Object.keys(result.metafile.inputs).filter((input) => PATCHED_PATH.test(input));
  if (bundled.length !== patched.size) throw new Error(`${outfile}: cli-table3 bundled without its patch (${bundled.join(', ')})`);
}

// The library's types (package.json "types"): declarations only, from tsc, into dist/types.
const tsc = spawnSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.lib.json'], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
