// Bundles the CLI into one ES module so that start-up loads one file instead of
// hundreds of node_modules files. better-sqlite3 stays external: it is a native addon.
import { build } from 'esbuild';

// The worker thread of a split file (src/engine/parallel.ts) is its own bundle, next to the CLI.
for (const [entry, outfile] of [['src/cli/main.ts', 'dist/assess.js'], ['src/engine/worker.ts', 'dist/worker.js']]) await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: false,
  external: ['better-sqlite3'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
