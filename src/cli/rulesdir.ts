/**
 * Loading the rules folder a command uses, and saying so on stderr when it
 * is the built-in one (SPEC §2): one line that calls them "built-in" rather
 * than giving their path, so that output stays the same wherever assess is
 * installed. `--quiet` silences it.
 */
import type { CommonOptions } from './options.js';
import type { LoadedRules } from '../engine/pipeline.js';
import { loadRulesFolder } from '../engine/pipeline.js';
import type { Terminal } from './terminal.js';
import { say } from './words.js';

/** Loads `choice` (from chooseRulesDir), announcing built-in rules once per command. */
export function loadCommandRules(choice: { dir: string; builtin: boolean }, common: CommonOptions, term: Terminal, announced = { done: false }): LoadedRules {
  if (choice.builtin && !common.quiet && !announced.done) {
    term.err(say(common.lang).builtinRules);
    announced.done = true;
  }
  return loadRulesFolder(choice.dir, term.cwd);
}

/** The command's own rules (`--rules`, ./rules or built-in). */
export function loadOwnRules(common: CommonOptions, term: Terminal): LoadedRules {
  return loadCommandRules({ dir: common.rulesDir, builtin: common.rulesBuiltin }, common, term);
}
