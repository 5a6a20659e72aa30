import { defineConfig } from 'vitest/config';

// Hooks build ledgers and run the CLI: on a loaded two-core machine 10 s (the default) is not enough.
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/pg/**'] } },
      // The PostgreSQL tests share one server, started only when one of them runs.
      { test: { ...shared, name: 'pg', include: ['test/pg/**/*.test.ts'], globalSetup: ['test/pg/global-setup.ts'] } },
    ],
  },
});
