/**
 * vitest globalSetup of the `pg` test project: one PostgreSQL server for the
 * whole run (scripts/pg-server.mjs), handed to the test files with
 * `provide('pg', …)` and stopped when the run ends. Without PostgreSQL the
 * pg tests are skipped, except under CI=true, where that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { findPgBin, PASSWORD_ROLE, startPgServer, type PgServer } from '../../scripts/pg-server.mjs';

/** What the test files get: where the server listens, or why there is none. */
export type ProvidedPg =
  | { host: string; port: number; socketDir: string; bin: string; passwordRole: string; startMs: number }
  | { skip: string };

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ProvidedPg;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (findPgBin() === null) {
    const why = 'PostgreSQL 15+ is not installed (no initdb under /usr/lib/postgresql/*/bin; set PG_BIN)';
    if (process.env.CI === 'true') throw new Error(`CI=true: the PostgreSQL tests cannot be skipped: ${why}`);
    console.warn(`pg tests skipped: ${why}`);
    project.provide('pg', { skip: why });
    return () => undefined;
  }
  const started = Date.now();
  const server: PgServer = await startPgServer();
  const startMs = Date.now() - started;
  console.log(`pg: PostgreSQL started in ${(startMs / 1000).toFixed(1)} s (initdb ${server.timings.initdbMs} ms) on 127.0.0.1:${server.port}`);
  project.provide('pg', {
    host: server.host,
    port: server.port,
    socketDir: server.socketDir,
    bin: server.bin,
    passwordRole: PASSWORD_ROLE,
    startMs,
  });
  // The teardown below, and, should vitest exit without calling it, the process's own exit.
  const stop = () => server.destroy();
  process.once('exit', stop);
  return stop;
}
