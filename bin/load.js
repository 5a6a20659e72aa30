// Loads the CLI bundle, dist/assess.cjs, with the V8 code cache that `npm run build` writes
// beside it (dist/assess.cjs.cache, scripts/code-cache.mjs). With the cache, V8 reads the
// bundle's functions as bytecode instead of compiling them, which is a good part of every
// command's start-up; Node 20 has no compile cache of its own for a module (22 has). A cache
// that this Node cannot use (another version or other V8 flags) is rejected by V8 and the
// bundle is compiled as without one.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/assess.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;

/**
 * The bundle's exports; the Script it ran as (scripts/code-cache.mjs asks it for its cache);
 * and whether the cache was `used`, `rejected` or `missing`.
 */
export function loadCli() {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  let cachedData;
  try {
    cachedData = fs.readFileSync(CODE_CACHE);
  } catch {
    cachedData = undefined;
  }
  // As Node wraps a CommonJS module. The bundle has no dynamic import() (scripts/build.mjs checks): one would need vm's hook.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const cache = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  return { main: module.exports.main, script, cache };
}
