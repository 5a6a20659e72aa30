/**
 * The PostgreSQL ledger owner's commands (SPEC §6): `ledger migrate`,
 * `grant`, `grants`, `revoke`, and `status`, which any role may run for the
 * bureaus it can read. Roles and passwords stay the DBA's (CREATE ROLE in
 * SQL); assess only hands out access to bureaus.
 */
import type pg from 'pg';
import { fail } from '../problems.js';
import { inTransaction, withConnection, type PgPlace } from './pgconnect.js';
import { grantSql, PG_STEPS, policiesSql, revokeSql } from './pgschema.js';
import { bureauName, withSession } from './postgres.js';
import { LATEST_VERSION } from './schema.js';
import type { BureauStatus } from './types.js';

/** Our advisory lock for schema changes and grants (one at a time). */
const ADMIN_LOCK = [0x61737365, 0] as const;

/** The oldest PostgreSQL a ledger runs on: FORCE RLS, security_invoker views, UNIQUE NULLS NOT DISTINCT. */
const MIN_SERVER = 150000;

/** What migrate did: the version before and after. */
export interface MigrateResult {
  from: number;
  to: number;
  where: string;
}

/**
 * Creates the schema `assess` or brings it to the current version, then
 * (re)makes every policy. Only the database's owner may, and never a
 * superuser (who would bypass row-level security). Idempotent; refuses a
 * ledger made by a newer assess.
 */
export function migrate(url: string): Promise<MigrateResult> {
  return withConnection(url, async (c) => {
    const { client, place, where } = c;
    const who = await client.query<{ role: string; superuser: boolean; bypass: boolean; dbowner: string; server: number }>(
      `SELECT session_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
              pg_get_userbyid(d.datdba) AS dbowner, current_setting('server_version_num')::int AS server
       FROM pg_roles r, pg_database d WHERE r.rolname = session_user AND d.datname = current_database()`,
    );
    const me = who.rows[0];
    if (me === undefined) throw new Error('internal: cannot see our own role');
    if (me.server < MIN_SERVER) {
      throw fail('PG_SERVER_TOO_OLD', null, { at: place, major: Math.floor(me.server / 10000) });
    }
    if (me.superuser || me.bypass) throw fail('PG_MIGRATE_PRIVILEGED', null, { role: me.role, superuser: me.superuser, dbowner: me.dbowner });
    if (me.role !== me.dbowner) {
      throw fail('PG_NOT_DB_OWNER', null, { role: me.role, database: place.database, dbowner: me.dbowner });
    }
    return inTransaction(c, () => upgrade(client, me.role, place, where));
  });
}

/** Brings schema assess (made if missing) to the current version and remakes the policies, as `role`. */
async function upgrade(client: pg.Client, role: string, at: PgPlace, where: string): Promise<MigrateResult> {
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...ADMIN_LOCK]);
  const schema = await client.query<{ owner: string }>("SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'assess'");
  const schemaOwner = schema.rows[0]?.owner;
  if (schemaOwner !== undefined && schemaOwner !== role) {
    throw fail('PG_SCHEMA_FOREIGN_OWNER', null, { at, owner: schemaOwner, role });
  }
  let from = 0;
  if (schemaOwner === undefined) {
    await client.query('CREATE SCHEMA assess');
  } else {
    const meta = await client.query<{ v: string | null }>("SELECT to_regclass('assess.meta')::text AS v");
    if (meta.rows[0]?.v != null) from = (await client.query<{ version: number }>('SELECT version FROM assess.meta')).rows[0]?.version ?? 0;
  }
  if (from > LATEST_VERSION) {
    throw fail('PG_SCHEMA_NEWER', null, { at, version: from, known: LATEST_VERSION });
  }
  let version = from;
  for (const step of PG_STEPS) {
    if (step.from !== version) continue;
    await client.query(step.sql);
    version = step.to;
  }
  if (version !== LATEST_VERSION) throw new Error(`internal: no migration from PostgreSQL ledger version ${version}`);
  await client.query('INSERT INTO assess.meta (version) VALUES ($1) ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version', [version]);
  await client.query(policiesSql());
  // Roles granted before keep their privileges on tables a migration added.
  const roles = await client.query<{ role: string; writes: boolean }>('SELECT role, bool_or(writes) AS writes FROM assess.grants GROUP BY role');
  for (const r of roles.rows) await client.query(grantSql(r.role, r.writes));
  return { from, to: version, where };
}

/** Runs `fn` as the ledger's owner, in one transaction; exit 1 for anyone else. */
function asOwner<T>(url: string, what: string, fn: (c: pg.Client, at: PgPlace) => Promise<T>): Promise<T> {
  return withSession(url, (s) => {
    if (!s.grants.owner) {
      throw fail('PG_NOT_LEDGER_OWNER', null, { at: s.place, role: s.grants.role, command: what });
    }
    return inTransaction(s, async () => {
      await s.client.query('SELECT pg_advisory_xact_lock($1, $2)', [...ADMIN_LOCK]);
      return fn(s.client, s.place);
    });
  });
}

/** What a grant did. */
export interface GrantResult {
  role: string;
  bureau: string | null;
  createdBureau: boolean;
}

/**
 * Lets login role `role` read and write `bureau` (created if new), or with
 * bureau null read every bureau. Refuses superusers, BYPASSRLS roles, roles
 * that cannot log in (isolation is keyed on the login role) and the owner.
 */
export async function grant(url: string, role: string, bureau: string | null): Promise<GrantResult> {
  return asOwner(url, 'grant', async (c, at) => {
    const found = await c.query<{ super: boolean; bypass: boolean; login: boolean; owner: boolean }>(
      `SELECT rolsuper AS super, rolbypassrls AS bypass, rolcanlogin AS login,
              rolname = (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'assess') AS owner
       FROM pg_roles WHERE rolname = $1`,
      [role],
    );
    const r = found.rows[0];
    if (r === undefined) {
      throw fail('PG_NO_SUCH_ROLE', null, { at, role });
    }
    if (r.super || r.bypass) {
      throw fail('PG_GRANT_PRIVILEGED', null, { role, superuser: r.super });
    }
    if (r.owner) throw fail('PG_GRANT_OWNER', null, { role });
    if (!r.login) {
      throw fail('PG_GRANT_NOLOGIN', null, { role });
    }
    let created = false;
    const name = bureau === null ? null : bureauName(bureau);
    if (name !== null) {
      if (name.trim() === '') throw fail('USAGE_BUREAU_EMPTY', null, {});
      created = ((await c.query('INSERT INTO assess.bureaus (bureau) VALUES ($1) ON CONFLICT DO NOTHING', [name])).rowCount ?? 0) === 1;
    }
    await c.query(
      'INSERT INTO assess.grants (role, bureau, writes) VALUES ($1, $2, $3) ON CONFLICT (role, bureau) DO UPDATE SET writes = EXCLUDED.writes',
      [role, name, name !== null],
    );
    const writes = await c.query<{ w: boolean }>('SELECT bool_or(writes) AS w FROM assess.grants WHERE role = $1', [role]);
    await c.query(grantSql(role, writes.rows[0]?.w === true));
    return { role, bureau: name, createdBureau: created };
  });
}

/** One grant as `ledger grants` lists it. */
export interface GrantRow {
  role: string;
  /** null: every bureau, read only. */
  bureau: string | null;
  writes: boolean;
  grantedAt: string;
}

/** Every grant, by role then bureau (the owner only). */
export function listGrants(url: string): Promise<GrantRow[]> {
  return asOwner(url, 'grants', async (c) => {
    const rows = await c.query<{ role: string; bureau: string | null; writes: boolean; at: string }>(
      `SELECT role::text, bureau, writes, to_char(granted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at
       FROM assess.grants ORDER BY role COLLATE "C", bureau COLLATE "C" NULLS FIRST`,
    );
    return rows.rows.map((r) => ({ role: r.role, bureau: r.bureau, writes: r.writes, grantedAt: r.at }));
  });
}

/** Removes a role's grants (of one bureau, or all) and, with its last grant, its privileges. Returns how many went. */
export function revoke(url: string, role: string, bureau: string | null): Promise<number> {
  return asOwner(url, 'revoke', async (c) => {
    const gone =
      bureau === null
        ? await c.query('DELETE FROM assess.grants WHERE role = $1', [role])
        : await c.query('DELETE FROM assess.grants WHERE role = $1 AND bureau = $2', [role, bureauName(bureau)]);
    const left = await c.query<{ w: boolean | null; n: number }>('SELECT bool_or(writes) AS w, count(*)::int AS n FROM assess.grants WHERE role = $1', [role]);
    const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 1) {
      await c.query(revokeSql(role));
      if ((left.rows[0]?.n ?? 0) > 0) await c.query(grantSql(role, left.rows[0]?.w === true));
    }
    return gone.rowCount ?? 0;
  });
}

/** For each bureau the role may read (all of them for the owner), its stored months of `year`. */
export function status(url: string, year: number, only: string | null): Promise<{ where: string; role: string; bureaus: BureauStatus[] }> {
  return withSession(url, async (s) => {
    const y = String(year).padStart(4, '0');
    const rows = await s.client.query<{ bureau: string; months: string[] | null }>(
      `SELECT b.bureau, array_agg(r.month ORDER BY r.month) FILTER (WHERE r.month IS NOT NULL) AS months
       FROM assess.bureaus b LEFT JOIN assess.runs r ON r.bureau = b.bureau AND r.month BETWEEN $1 AND $2
       WHERE $3::text IS NULL OR b.bureau = $3
       GROUP BY b.bureau ORDER BY b.bureau`,
      [`${y}-01`, `${y}-12`, only === null ? null : bureauName(only)],
    );
    return { where: s.where, role: s.grants.role, bureaus: rows.rows.map((r) => ({ bureau: r.bureau, months: r.months ?? [] })) };
  });
}
