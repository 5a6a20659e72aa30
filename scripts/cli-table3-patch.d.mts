import type { Plugin } from 'esbuild';

/** The pieces of cli-table3 0.6.5's source replaced, per file of its src folder. */
export const PATCHES: Record<'utils.js' | 'debug.js' | 'cell.js', { from: string; to: string }[]>;
/** The path of a file the patch changes. */
export const PATCHED_PATH: RegExp;
/** Which patched file a path is, or null. */
export function patchedFile(path: string): 'utils.js' | 'debug.js' | 'cell.js' | null;
/** The source of `file` with its pieces replaced; throws if one is not there exactly once. */
export function patchSource(file: 'utils.js' | 'debug.js' | 'cell.js', source: string): string;
/** The esbuild plugin; `applied` collects the files it patched. */
export function cliTable3Patch(applied?: Set<string>): Plugin;
/** cli-table3 bundled on its own, patched, as a CommonJS file at `outfile`; returns `outfile`. */
export function bundlePatched(outfile: string): Promise<string>;
