/**
 * What a PostgreSQL test file needs from the shared server (global-setup.ts):
 * its own database, owned by its own non-superuser role, and plain
 * connections as any role. Role names are cluster-wide, so every role a file
 * creates starts with the file's prefix.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { quoteIdent } from '../../scripts/pg-server.mjs';
import type { ProvidedPg } from './global-setup.js';
import { ROOT, type CliResult } from '../e2e/cli.js';

export type PgInfo = Exclude<ProvidedPg, { skip: string }>;

/** The shared server, or null when the pg tests are skipped (never under CI=true: global-setup fails instead). */
export function pgServer(): PgInfo | null {
  const p = inject('pg');
  return 'skip' in p ? null : p;
}

/** `describe`, or `describe.skip` when there is no server. */
export const describePg = (pgServer() === null ? describe.skip : describe) as typeof describe;

/** A URL for `role` on `database` of the shared server. */
export function urlOf(p: PgInfo, database: string, role: string, password?: string): string {
  const auth = password === undefined ? encodeURIComponent(role) : `${encodeURIComponent(role)}:${encodeURIComponent(password)}`;
  return `postgres://${auth}@${p.host}:${p.port}/${encodeURIComponent(database)}`;
}

/** Runs `fn` on a plain connection (no assess code involved). */
export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database of the shared server, owned by a fresh LOGIN role. */
export interface TestDb {
  name: string;
  owner: string;
  /** The owner's URL: what a DBA hands to whoever runs `assess ledger migrate`. */
  ownerUrl: string;
  /** The superuser's URL, for setting up roles. */
  superUrl: string;
  url(role: string, password?: string): string;
  /** Runs SQL as the superuser on this database. */
  sql(text: string, params?: unknown[]): Promise<pg.QueryResult>;
  /** CREATE ROLE prefix_name LOGIN (plus `extra`, e.g. "SUPERUSER"); returns the full name. */
  createRole(name: string, extra?: string): Promise<string>;
}

/** Creates database `<prefix>` and role `<prefix>_owner` (dropping leftovers of an earlier run). */
export async function freshDatabase(p: PgInfo, prefix: string): Promise<TestDb> {
  const admin = urlOf(p, 'postgres', 'postgres');
  const owner = `${prefix}_owner`;
  await withClient(admin, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(prefix)} WITH (FORCE)`);
    const roles = await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${prefix}\\_%`]);
    for (const r of roles.rows) await c.query(`DROP ROLE ${quoteIdent(r.rolname)}`);
    await c.query(`CREATE ROLE ${quoteIdent(owner)} LOGIN`);
    await c.query(`CREATE DATABASE ${quoteIdent(prefix)} OWNER ${quoteIdent(owner)}`);
  });
  const superUrl = urlOf(p, prefix, 'postgres');
  return {
    name: prefix,
    owner,
    ownerUrl: urlOf(p, prefix, owner),
    superUrl,
    url: (role, password) => urlOf(p, prefix, role, password),
    sql: (text, params) => withClient(superUrl, (c) => c.query(text, params)),
    async createRole(name, extra = '') {
      const role = `${prefix}_${name}`;
      await withClient(superUrl, (c) => c.query(`CREATE ROLE ${quoteIdent(role)} LOGIN ${extra}`));
      return role;
    },
  };
}

/** The fixture files of `month` (e.g. 2026-01), relative to the repository root. */
export function monthFiles(month: string): string[] {
  const dir = path.join(ROOT, 'fixtures', month);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => `fixtures/${month}/${f}`);
}

/** Runs the built CLI like test/e2e/cli.ts does, but without blocking (for runs at the same time). */
export function assessAsync(args: string[], env: Record<string, string> = {}): { done: Promise<CliResult>; child: ChildProcess } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/assess.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', NO_COLOR: '1', HOME: process.env.HOME ?? '/root', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })));
  return { done, child };
}
