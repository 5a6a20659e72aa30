/**
 * `assess init [DIR]`: starts a workspace by copying the built-in rules
 * (README included) into DIR/rules. Every target is checked before anything
 * is written, so a clerk's edited rules are never half overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { builtinRulesDir, builtinRulesFiles } from '../engine/builtin.js';
import { fail } from '../problems.js';
import type { RawOptions } from './options.js';
import { commonOptions } from './options.js';
import { displayPath } from '../engine/pipeline.js';
import type { Terminal } from './terminal.js';
import { say } from './words.js';

/** Exit 0 when the rules were copied; 1 (nothing written) when a target exists and --force is not given. */
export async function initCommand(dirArg: string | undefined, raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const words = say(common.lang);
  const from = builtinRulesDir();
  const to = path.join(path.resolve(term.cwd, dirArg ?? '.'), 'rules');
  const names = builtinRulesFiles();
  const targets = names.map((n) => path.join(to, n));
  const existing = targets.filter((t) => fs.existsSync(t)).map((t) => displayPath(t, term.cwd));
  if (existing.length > 0 && raw.force !== true) throw fail('INIT_EXISTS', null, { files: existing });
  try {
    fs.mkdirSync(to, { recursive: true });
    for (const [i, name] of names.entries()) fs.copyFileSync(path.join(from, name), targets[i]!);
  } catch (err) {
    throw fail('INIT_CANNOT_WRITE', null, { dir: displayPath(to, term.cwd), detail: (err as Error).message });
  }
  const shown = displayPath(to, term.cwd);
  for (const t of targets) term.out(words.initWrote(displayPath(t, term.cwd)) + '\n');
  const check = shown === 'rules' ? 'assess rules check' : `assess rules check --rules ${shown}`;
  term.out(words.initNext(shown, check) + '\n');
  return 0;
}
