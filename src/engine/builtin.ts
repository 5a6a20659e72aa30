/**
 * The rules shipped inside the package (SPEC §2): the bureau's default policy
 * set, found beside the code wherever npm installed it, so that `assess
 * month.csv` works in any folder and `assess init` has something to copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own `rules/` folder: the nearest folder above this module
 * that holds a package.json (the bundle lives in `dist/`, the sources in
 * `src/engine/`, so it is the package root in both cases).
 * @example builtinRulesDir() // '/usr/lib/node_modules/assess/rules'
 */
export function builtinRulesDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'rules');
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`internal: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** The files of the built-in rules folder (rule files and READMEs), by name, in name order. */
export function builtinRulesFiles(): string[] {
  return fs
    .readdirSync(builtinRulesDir(), { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name)
    .sort();
}
