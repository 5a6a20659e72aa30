import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { bundlePatched } from './scripts/cli-table3-patch.mjs';

// The tests draw tables with cli-table3 patched as the CLI bundle ships it (scripts/cli-table3-patch.mjs).
const cliTable3 = await bundlePatched(fileURLToPath(new URL('node_modules/.cache/cli-table3-patched.cjs', import.meta.url)));
const resolve = { alias: [{ find: /^cli-table3$/, replacement: cliTable3 }] };

// Hooks build ledgers and run the CLI: on a loaded two-core machine 10 s (the default) is not enough.
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    // Two test files at a time on two cores: vitest's default (cores − 1) ran them one by one, and most
    // of a file's time is a CLI child process or a server, not the test process itself.
    maxWorkers: 2,
    projects: [
      // The packed install (test/e2e/packed.ts) is made once per run, by the first test file that needs it.
      { resolve, test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/pg/**'], globalSetup: ['test/e2e/packed.setup.ts'] } },
      // The PostgreSQL tests share one server, started only when one of them runs.
      // Its files one at a time: they share the server and its roles.
      { resolve, test: { ...shared, name: 'pg', include: ['test/pg/**/*.test.ts'], globalSetup: ['test/pg/global-setup.ts'], maxWorkers: 1 } },
    ],
  },
});
