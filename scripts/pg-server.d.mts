/** A running throw-away PostgreSQL server (scripts/pg-server.mjs). */
export interface PgServer {
  host: string;
  readonly port: number;
  /** The temporary folder: data directory, server.log and the Unix socket. */
  socketDir: string;
  bin: string;
  timings: { initdbMs: number; startMs: number };
  /** A postgres:// URL for `database` as `role` (default the superuser postgres). */
  url(database: string, role?: string, password?: string): string;
  /** Runs SQL as the superuser through psql over the socket; returns its unaligned output. */
  psql(sql: string, database?: string): string;
  createDatabase(name: string, owner?: string): void;
  /** pg_ctl stop; 'immediate' is a crash (recovery replays the WAL on the next start). */
  stop(mode?: 'smart' | 'fast' | 'immediate'): void;
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Stops the server (if running) and deletes its folder. */
  destroy(): void;
}

export const PASSWORD_ROLE: string;
export function findPgBin(): string | null;
export function freePort(): Promise<number>;
export function startPgServer(opts?: { fast?: boolean }): Promise<PgServer>;
export function quoteIdent(name: string): string;
