/**
 * assess as a user gets it: `npm pack`, then `npm install -g` of the tarball
 * into a temporary prefix. Done at most once per test run, whichever test
 * file asks first (a lock folder in the run's shared folder; the others
 * wait), so that a second test file needing the package pays nothing.
 *
 * Two shortcuts keep the test suite fast, neither of which changes what is
 * tested:
 * - `npm pack --ignore-scripts` packs the dist/ that this run already built
 *   (the prepare script would rebuild it under the feet of other test files);
 * - `npm install --ignore-scripts` skips compiling better-sqlite3 from source
 *   (about 2.5 minutes on two cores), and the addon this checkout already
 *   built is copied into the installed package instead. It is the same
 *   version (package-lock.json pins it) built for the same Node.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { ROOT } from './cli.js';

export interface PackedInstall {
  /** The npm prefix the tarball was installed into. */
  prefix: string;
  /** `PREFIX/bin`, to put first on PATH. */
  binDir: string;
  /** The installed package folder. */
  packageDir: string;
  /** Seconds the pack and install took (0 when another test file did them). */
  seconds: number;
}

const WAIT_MS = 5 * 60_000;

/** The packed install of this test run, made on first use. */
export async function packedInstall(): Promise<PackedInstall> {
  const root = inject('packedRoot');
  const ready = path.join(root, 'ready.json');
  const failed = path.join(root, 'failed.txt');
  let mine = false;
  try {
    fs.mkdirSync(path.join(root, 'lock'));
    mine = true;
  } catch {
    // Another test file is packing; wait for it below.
  }
  if (mine) {
    try {
      const started = Date.now();
      const made = packAndInstall(root);
      fs.writeFileSync(ready, JSON.stringify({ ...made, seconds: (Date.now() - started) / 1000 }));
    } catch (err) {
      fs.writeFileSync(failed, String((err as Error).message));
      throw err;
    }
    return { ...(JSON.parse(fs.readFileSync(ready, 'utf8')) as PackedInstall) };
  }
  const until = Date.now() + WAIT_MS;
  while (Date.now() < until) {
    if (fs.existsSync(ready)) return { ...(JSON.parse(fs.readFileSync(ready, 'utf8')) as PackedInstall), seconds: 0 };
    if (fs.existsSync(failed)) throw new Error(`the packed install failed in another test file: ${fs.readFileSync(failed, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for the packed install in ${root}`);
}

function packAndInstall(root: string): Omit<PackedInstall, 'seconds'> {
  // npm run by `npm test` exports npm_config_* settings (prefix, global…) that must not steer these npm calls.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  const npm = (args: string[], cwd: string): string => {
    const r = spawnSync('npm', args, { cwd, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
  const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', root], ROOT)) as { filename: string }[];
  const tarball = path.join(root, packed[0]!.filename);
  const prefix = path.join(root, 'prefix');
  npm(['install', '-g', '--prefix', prefix, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], root);
  const packageDir = path.join(prefix, 'lib', 'node_modules', 'assess');
  const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  fs.mkdirSync(path.dirname(path.join(packageDir, addon)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, addon), path.join(packageDir, addon));
  return { prefix, binDir: path.join(prefix, 'bin'), packageDir };
}
