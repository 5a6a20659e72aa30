// Loads the CLI bundle, dist/assess.cjs, with the V8 code cache that `npm run build` writes
// beside it (dist/assess.cjs.cache, scripts/code-cache.mjs). With the cache, V8 reads the
// bundle's functions as bytecode instead of compiling them, which is a good part of every
// command's start-up; Node 20 has no compile cache of its own for a module (22 has). A cache
// that this Node cannot use (another version or other V8 flags) is rejected by V8 and the
// bundle is compiled as without one.
//
// V8 checks only the source's length against its cache: given another bundle of the same
// length, it would run the cached bytecode of the old one. So the cache file starts with the
// SHA-256 of the bundle it was made from, and is not given to V8 for any other.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const BUNDLE = fileURLToPath(new URL('../dist/assess.cjs', import.meta.url));
export const CODE_CACHE = `${BUNDLE}.cache`;

/** The bytes of the bundle's SHA-256 at the start of the cache file. */
const DIGEST_BYTES = 32;

/** The cache file's content for `script`, compiled from `bytes`: their SHA-256, then V8's cache. */
export function codeCacheFile(bytes, script) {
  return Buffer.concat([createHash('sha256').update(bytes).digest(), script.createCachedData()]);
}

/**
 * The bundle's exports; the Script it ran as (scripts/code-cache.mjs asks it for its cache);
 * its bytes; and whether the cache was `used`, `rejected` by V8, `stale` (made from another
 * bundle) or `missing`.
 */
export function loadCli() {
  const bytes = fs.readFileSync(BUNDLE);
  const source = bytes.toString('utf8');
  let file;
  try {
    file = fs.readFileSync(CODE_CACHE);
  } catch {
    file = undefined;
  }
  const stale = file !== undefined && !createHash('sha256').update(bytes).digest().equals(file.subarray(0, DIGEST_BYTES));
  const cachedData = file === undefined || stale ? undefined : file.subarray(DIGEST_BYTES);
  // As Node wraps a CommonJS module. The bundle has no dynamic import() (scripts/build.mjs checks): one would need vm's hook.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const cache = file === undefined ? 'missing' : stale ? 'stale' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  return { main: module.exports.main, script, bytes, cache };
}
