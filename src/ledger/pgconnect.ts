/**
 * Connecting to a PostgreSQL ledger: the URL as libpq reads it (with the
 * PG* environment variables), the password as psql finds it (the URL, then
 * PGPASSWORD, then ~/.pgpass or PGPASSFILE), and every way a connection can
 * fail turned into one line naming host, port and database — never the
 * password — with the exit code SPEC §8 gives it: 75 when retrying later
 * may help (the server is down, busy or restarting), 1 otherwise.
 */
import { userInfo } from 'node:os';
import type pg from 'pg';
import { parse, toClientConfig } from 'pg-connection-string';
import pgpass from 'pgpass';
import { fail, pgAtEn, UserError, type PgAt } from '../problems.js';

/** `postgres://…` or `postgresql://…`: a PostgreSQL ledger; anything else is a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** Where a ledger is, for messages: host, port, database and role, never the password. */
export type PgPlace = PgAt;

/** "127.0.0.1:5432, database assess, role clerk": host, port and database, never the password. */
export function describePlace(p: PgPlace): string {
  return pgAtEn(p);
}

/**
 * The pg module, loaded on first connection: a run without a PostgreSQL
 * ledger never pays for it at start-up (it pulls in Node's fetch too).
 */
async function loadPg(): Promise<typeof pg> {
  return (await import('pg')).default;
}

/** Values of int8 columns (money, scores) are safe integers: read them as numbers, not strings. */
function int8AsNumber(driver: typeof pg): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      oid === driver.types.builtins.INT8 ? (v: string) => Number(v) : driver.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

/** How long to wait for the server to answer a connection before calling it unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The client configuration for `url`, and the place it names. The URL's
 * own settings win over PGHOST, PGPORT, PGDATABASE and PGUSER, as in libpq.
 */
export function clientConfig(url: string): { config: pg.ClientConfig; place: PgPlace } {
  let parsed: pg.ClientConfig;
  try {
    parsed = toClientConfig(parse(url, { useLibpqCompat: true }));
  } catch (err) {
    throw fail('USAGE_LEDGER_URL', null, { url: redact(url), detail: err instanceof Error ? err.message : String(err) });
  }
  const env = process.env;
  const user = parsed.user || env.PGUSER || osUser();
  const place: PgPlace = {
    host: parsed.host || env.PGHOST || 'localhost',
    port: Number(parsed.port || env.PGPORT || 5432),
    database: parsed.database || env.PGDATABASE || user,
    user,
  };
  const given = parsed.password || env.PGPASSWORD || undefined;
  const config: pg.ClientConfig = {
    ...parsed,
    host: place.host,
    port: place.port,
    database: place.database,
    user: place.user,
    // Asked for only when the server wants a password; pg's own ~/.pgpass lookup is deprecated.
    // pg treats an undefined answer as "no password" (its types do not say so).
    password: given ?? ((() => fromPgpass(place)) as () => Promise<string>),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'assess',
  };
  return { config, place };
}

/** The ~/.pgpass (or $PGPASSFILE) entry for the place, as psql would pick it; undefined when none. */
function fromPgpass(place: PgPlace): Promise<string | undefined> {
  return new Promise((resolve) => {
    pgpass({ host: place.host, port: place.port, database: place.database, user: place.user }, (pass) => resolve(pass));
  });
}

/** An open connection, and where it goes as messages name it (describePlace). */
export interface PgConnection {
  client: pg.Client;
  place: PgPlace;
  where: string;
}

/** Opens a connection, or throws the one-line UserError that says why not. */
export async function connect(url: string): Promise<PgConnection> {
  const { config, place } = clientConfig(url);
  const driver = await loadPg();
  const client = new driver.Client({ ...config, types: int8AsNumber(driver) });
  // A server that goes away between queries emits 'error' on the client; the next query reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw connectionProblem(err, place);
  }
  return { client, place, where: describePlace(place) };
}

/**
 * The one way assess uses a PostgreSQL connection: connects to `url`, runs
 * `fn` with it, and closes it afterwards — or, with `keepOpen`, only when
 * `fn` fails (a ledger keeps its connection until closed). Whatever `fn`
 * throws comes out as one line naming the place (queryProblem).
 */
export async function withConnection<T>(url: string, fn: (c: PgConnection) => Promise<T>, { keepOpen = false } = {}): Promise<T> {
  const c = await connect(url);
  let failed = true;
  try {
    const out = await fn(c);
    failed = false;
    return out;
  } catch (err) {
    throw queryProblem(err, c.place);
  } finally {
    if (failed || !keepOpen) await c.client.end().catch(() => undefined);
  }
}

/**
 * Runs `fn` in one transaction on `c`: COMMIT when it returns, ROLLBACK
 * when it throws. Settings inside are SET LOCAL and locks transaction-scoped,
 * so that nothing outlives the transaction (PgBouncer in transaction mode).
 */
export async function inTransaction<T>(c: PgConnection, fn: () => Promise<T>): Promise<T> {
  try {
    await c.client.query('BEGIN');
    const out = await fn();
    await c.client.query('COMMIT');
    return out;
  } catch (err) {
    await c.client.query('ROLLBACK').catch(() => undefined);
    throw queryProblem(err, c.place);
  }
}

/** A failed query as one line: exit 75 when the server went away (nothing was stored), else a bug. */
export function queryProblem(err: unknown, at: PgPlace): Error {
  if (err instanceof UserError) return err;
  const msg = err instanceof Error ? err.message.replace(/\s+/g, ' ') : String(err);
  if (isTransient(err)) return fail('PG_SERVER_GONE', null, { at, detail: msg });
  const code = (err as { code?: unknown }).code;
  if (code === '42501') return fail('PG_PERMISSION', null, { at, detail: msg });
  return err instanceof Error ? err : new Error(msg);
}

/** Error codes of the network and of PostgreSQL that retrying later may cure (exit 75). */
const TRANSIENT_NET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE', 'ENOENT']);

/** SQLSTATEs that mean "the server cannot serve you right now": shutting down, starting, overloaded. */
const TRANSIENT_SQL = new Set(['57P01', '57P02', '57P03', '53300', '53000', '40001', '40P01']);

/** True when `err` is a failure that retrying later may cure. */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_NET.has(code) || TRANSIENT_SQL.has(code) || code.startsWith('08'))) return true;
  const msg = err instanceof Error ? err.message : '';
  return /timeout expired|Connection terminated|connection is closed|Client has encountered a connection error/i.test(msg);
}

/** A failed connection as the clerk should read it. */
export function connectionProblem(err: unknown, at: PgPlace): UserError {
  const code = (err as { code?: unknown }).code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === '28P01') return fail('PG_PASSWORD_REFUSED', null, { at });
  if (/client password must be a string/i.test(msg)) return fail('PG_PASSWORD_MISSING', null, { at });
  if (code === '3D000') return fail('PG_NO_DATABASE', null, { at });
  if (code === '28000') return fail('PG_ROLE_REFUSED', null, { at, detail: oneLine(msg) });
  if (isTransient(err)) return fail('PG_UNREACHABLE', null, { at, detail: oneLine(msg) || String(code) });
  return fail('PG_CONNECT_FAILED', null, { at, detail: oneLine(msg) });
}

/** The URL with any password replaced by "***", for messages. */
export function redact(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@/]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'postgres';
  }
}
