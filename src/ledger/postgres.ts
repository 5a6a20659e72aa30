/**
 * The PostgreSQL backend of the ledger (SPEC §6): many bureaus in one
 * database, each clerk's login role bound to its bureau by row-level
 * security (pgschema.ts). This module only reads and writes months; the
 * owner's commands (migrate, grant…) are in pgadmin.ts.
 *
 * A month is stored in one transaction, serialised per bureau and month by
 * a transaction-scoped advisory lock, with SET LOCAL settings only: nothing
 * outlives the transaction, so a pooler in transaction mode (PgBouncer) may
 * hand the connection to someone else between two of our transactions.
 */
import type pg from 'pg';
import type { Month } from '../types.js';
import { fail } from '../problems.js';
import { inTransaction, queryProblem, withConnection, type PgConnection, type PgPlace } from './pgconnect.js';
import { LATEST_VERSION } from './schema.js';
import {
  fileFromRow,
  personFromRow,
  runFromRow,
  unitFromRow,
  type FileRow,
  type PersonRow,
  type RunRow,
  type UnitRow,
} from './rows.js';
import { boolArray, intArray, textArray } from './pgarray.js';
import { byEmployee, decodeTrace, encodeTrace, requireKnownPeople } from './trace.js';
import type { Ledger, OpenOptions, SaveMonthInput, SaveResult } from './types.js';

/** SPEC §6: a run waits up to 30 s for a busy ledger. */
export const DEFAULT_BUSY_TIMEOUT_MS = 30_000;

/** The first key of our advisory locks: "assess" in ASCII, so that other programs' locks do not collide. */
const LOCK_CLASS = 0x61737365;

/**
 * Batches of effects (4,096 each, ≈170 kB of JSON) sent in one INSERT: few
 * round trips, and a statement of at most ≈11 MB even for a 10^7-effect month.
 */
const BATCHES_PER_STATEMENT = 64;

const PERSON_COLUMNS = `month, employee, name, unit, role, points, score, vetoed::integer AS vetoed, unit_score,
  effective_score, wage, bonus, bonus_forfeited, bonus_paid, withheld`;

/** A bureau name as compared and stored: Unicode NFC, so that the same name typed two ways is one bureau. */
export function bureauName(name: string): string {
  return name.normalize('NFC');
}

/** What the connecting role may do, from its rows of assess.grants (the only rows it can see). */
export interface RoleGrants {
  role: string;
  owner: boolean;
  /** Bureaus granted by name, with whether the role may write them. */
  bureaus: { bureau: string; writes: boolean }[];
  /** Granted --all-bureaus (read only). */
  allBureaus: boolean;
}

/** An open connection to a migrated ledger of the current version, and what its role may do. */
export interface PgSession extends PgConnection {
  grants: RoleGrants;
}

/**
 * Runs `fn` on a session of `url`, closed afterwards. The session checks the
 * schema first: exit 1 for a database without the assess schema, one of an
 * older version (the owner migrates) or a newer one (upgrade assess).
 */
export function withSession<T>(url: string, fn: (s: PgSession) => Promise<T>): Promise<T> {
  return withConnection(url, async (c) => fn(await sessionOf(c)));
}

async function sessionOf(c: PgConnection): Promise<PgSession> {
  await requireSchema(c.client, c.place);
  return { ...c, grants: await roleGrants(c.client) };
}

async function requireSchema(client: pg.Client, at: PgPlace): Promise<void> {
  const found = await client.query<{ usable: boolean }>(
    "SELECT has_schema_privilege('assess', 'USAGE') AS usable FROM pg_namespace WHERE nspname = 'assess'",
  );
  const row = found.rows[0];
  if (row !== undefined && !row.usable) {
    throw fail('PG_SCHEMA_NOT_GRANTED', null, { at });
  }
  // Asked only once the schema is known to be usable: to_regclass fails on a schema we may not use.
  const meta = row === undefined ? null : (await client.query<{ meta: string | null }>("SELECT to_regclass('assess.meta')::text AS meta")).rows[0]?.meta;
  if (row === undefined || meta == null) {
    throw fail('PG_NO_SCHEMA', null, { at });
  }
  const v = await client.query<{ version: number }>('SELECT version FROM assess.meta');
  const version = v.rows[0]?.version ?? 0;
  if (version > LATEST_VERSION) {
    throw fail('PG_SCHEMA_NEWER', null, { at, version, known: LATEST_VERSION });
  }
  if (version < LATEST_VERSION) {
    throw fail('PG_SCHEMA_OLDER', null, { at, version });
  }
}

async function roleGrants(client: pg.Client): Promise<RoleGrants> {
  const who = await client.query<{ role: string; owner: boolean }>(
    "SELECT session_user AS role, session_user = pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'assess'",
  );
  const { role, owner } = who.rows[0] as { role: string; owner: boolean };
  const rows = await client.query<{ bureau: string | null; writes: boolean }>(
    'SELECT bureau, writes FROM assess.grants WHERE role = session_user ORDER BY bureau COLLATE "C"',
  );
  return {
    role,
    owner,
    bureaus: rows.rows.filter((r) => r.bureau !== null).map((r) => ({ bureau: r.bureau as string, writes: r.writes })),
    allBureaus: rows.rows.some((r) => r.bureau === null),
  };
}

/**
 * The bureau a run uses: `--bureau` when given (granted, or readable
 * through --all-bureaus or ownership), else the role's one bureau.
 * Exit 1 for a bureau the role may not use, 2 when it must choose.
 */
export async function chooseBureau(s: PgSession, requested: string | null | undefined): Promise<{ bureau: string; writes: boolean }> {
  const { grants } = s;
  if (requested != null) {
    const name = bureauName(requested);
    const granted = grants.bureaus.find((b) => b.bureau === name);
    if (granted) return granted;
    if (grants.owner || grants.allBureaus) {
      const exists = await s.client.query('SELECT 1 FROM assess.bureaus WHERE bureau = $1', [name]);
      if (exists.rowCount === 1) return { bureau: name, writes: grants.owner };
      throw fail('PG_NO_SUCH_BUREAU', null, { at: s.place, bureau: name });
    }
    throw fail('PG_BUREAU_NOT_GRANTED', null, { at: s.place, bureau: name, role: grants.role });
  }
  if (grants.bureaus.length === 1 && !grants.allBureaus && !grants.owner) return grants.bureaus[0] as { bureau: string; writes: boolean };
  if (grants.bureaus.length === 0 && !grants.allBureaus && !grants.owner) {
    throw fail('PG_ROLE_NO_BUREAU', null, { at: s.place, role: grants.role });
  }
  const bureaus = grants.allBureaus || grants.owner ? null : grants.bureaus.map((b) => b.bureau);
  throw fail('USAGE_CHOOSE_BUREAU', null, { at: s.place, role: grants.role, bureaus });
}

/** Opens the ledger at `url` for the bureau the role may use (see chooseBureau). */
export function openPostgresLedger(url: string, opts: OpenOptions = {}): Promise<Ledger> {
  return withConnection(
    url,
    async (c) => {
      const s = await sessionOf(c);
      const { bureau, writes } = await chooseBureau(s, opts.bureau);
      return ledgerOf(s, bureau, writes, opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    },
    { keepOpen: true },
  );
}

function ledgerOf(s: PgSession, bureau: string, writes: boolean, busyTimeoutMs: number): Ledger {
  const { client, place, where } = s;
  const q = async <R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> => {
    try {
      return (await client.query<R>(text, params)).rows;
    } catch (err) {
      throw queryProblem(err, place);
    }
  };
  const range = (year: number): [string, string] => [`${String(year).padStart(4, '0')}-01`, `${String(year).padStart(4, '0')}-12`];
  const requireWrite = () => {
    if (!writes) {
      throw fail('PG_READ_ONLY', null, { at: place, role: s.grants.role, bureau });
    }
  };

  /** Runs `fn` in one transaction holding the lock of (bureau, month); LEDGER_BUSY after the busy timeout. */
  const locked = <T>(month: Month, fn: () => Promise<T>): Promise<T> =>
    inTransaction(s, async () => {
      await q(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(busyTimeoutMs))}`);
      // A client that stops answering mid-month must not hold the lock for ever.
      await q("SET LOCAL idle_in_transaction_session_timeout = '5min'");
      try {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, `${bureau}/${month}`]);
      } catch (err) {
        if ((err as { code?: unknown }).code === '55P03') {
          const seconds = Number((busyTimeoutMs / 1000).toFixed(0));
          throw fail('LEDGER_BUSY', null, { path: where, seconds, pg: { at: place, bureau, month } });
        }
        throw err;
      }
      return fn();
    });

  return {
    backend: 'postgres',
    where,
    bureau,
    async saveMonth(input: SaveMonthInput): Promise<SaveResult> {
      requireWrite();
      requireKnownPeople(input.result);
      const { result } = input;
      const month = result.month;
      // Everything but the SQL is done before the transaction, so that the lock is held briefly.
      const people = [...result.people].sort(byEmployee);
      const rules: [number[], string[], string[]] = [[], [], []];
      const files: [number[], string[]] = [[], []];
      const batches: string[] = [];
      encodeTrace(result, {
        rule: (seq, rule, title) => (rules[0].push(seq), rules[1].push(rule), rules[2].push(title)),
        file: (seq, file) => (files[0].push(seq), files[1].push(file)),
        batch: (n, effects) => (batches[n] = effects),
      });
      // One parameter per column, as array literals (pgarray.ts says why not node-postgres's own).
      const text = <T>(rows: readonly T[], f: (r: T) => string) => textArray(rows.map(f));
      const int = <T>(rows: readonly T[], f: (r: T, i: number) => number) => intArray(rows.map(f));
      const f = input.files;
      const fileCols = [int(f, (_, i) => i), text(f, (x) => x.file), text(f, (x) => x.sha256), text(f, (x) => x.kind), int(f, (x) => x.rowsRead), int(f, (x) => x.accepted), int(f, (x) => x.rejected)];
      const u = result.units;
      const unitCols = [text(u, (x) => x.unit), int(u, (x) => x.points), int(u, (x) => x.score), int(u, (x) => x.people), int(u, (x) => x.avgScore)];
      const p = people;
      const personCols = [
        text(p, (x) => x.employee), text(p, (x) => x.name), text(p, (x) => x.unit), text(p, (x) => x.role),
        int(p, (x) => x.points), int(p, (x) => x.score), boolArray(p.map((x) => x.vetoed)), int(p, (x) => x.unitScore),
        int(p, (x) => x.effectiveScore), int(p, (x) => x.wage), int(p, (x) => x.bonus), int(p, (x) => x.bonusForfeited),
        int(p, (x) => x.bonusPaid), int(p, (x) => x.withheld),
      ];
      const ruleCols = [intArray(rules[0]), textArray(rules[1]), textArray(rules[2])];
      const effectFileCols = [intArray(files[0]), textArray(files[1])];
      return locked(month, async () => {
        const key = [bureau, month];
        const previous = await q<{ run_at: string; stored_by: string }>(
          'SELECT run_at, stored_by FROM assess.runs WHERE bureau = $1 AND month = $2',
          key,
        );
        if (previous.length > 0) await q('DELETE FROM assess.runs WHERE bureau = $1 AND month = $2', key);
        await q('INSERT INTO assess.runs (bureau, month, run_at, rules_hash, assess_version) VALUES ($1, $2, $3, $4, $5)', [
          ...key, input.runAt, input.rulesHash, input.assessVersion,
        ]);
        await q(
          `INSERT INTO assess.ledger_log (bureau, at, action, month, assess_version, rules_hash) VALUES ($1, $3, 'store', $2, $4, $5)`,
          [...key, input.runAt, input.assessVersion, input.rulesHash],
        );
        await q(
          `INSERT INTO assess.run_files (bureau, month, seq, file, sha256, kind, rows_read, accepted, rejected)
           SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])`,
          [...key, ...fileCols],
        );
        await q(
          `INSERT INTO assess.units (bureau, month, unit, points, score, people, avg_score)
           SELECT $1, $2, * FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[])`,
          [...key, ...unitCols],
        );
        await q(
          `INSERT INTO assess.people (bureau, month, employee, name, unit, role, points, score, vetoed, unit_score,
             effective_score, wage, bonus, bonus_forfeited, bonus_paid, withheld)
           SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::boolean[],
             $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[], $16::bigint[])`,
          [...key, ...personCols],
        );
        await q('INSERT INTO assess.effect_rules (bureau, month, seq, rule, title) SELECT $1, $2, * FROM unnest($3::int[], $4::text[], $5::text[])', [...key, ...ruleCols]);
        await q('INSERT INTO assess.effect_files (bureau, month, seq, file) SELECT $1, $2, * FROM unnest($3::int[], $4::text[])', [...key, ...effectFileCols]);
        // Each batch (about 170 kB of JSON) is a parameter of its own, sent as it is: as an element of
        // a text[] literal it would be escaped quote by quote, and parsed back by the server.
        for (let first = 0; first < batches.length; first += BATCHES_PER_STATEMENT) {
          const chunk = batches.slice(first, first + BATCHES_PER_STATEMENT);
          const rows = chunk.map((_, i) => `($1, $2, ${first + i}, $${i + 3}::text)`).join(', ');
          await q(`INSERT INTO assess.effect_batches (bureau, month, batch, effects) VALUES ${rows}`, [...key, ...chunk]);
        }
        const prev = previous[0];
        return prev === undefined
          ? { replaced: false, previousRunAt: null, previousBy: null }
          : { replaced: true, previousRunAt: prev.run_at, previousBy: prev.stored_by };
      });
    },
    async dropMonth(month, assessVersion) {
      requireWrite();
      return locked(month, async () => {
        const gone = await q('DELETE FROM assess.runs WHERE bureau = $1 AND month = $2 RETURNING month', [bureau, month]);
        if (gone.length === 0) return false;
        await q(`INSERT INTO assess.ledger_log (bureau, at, action, month, assess_version) VALUES ($1, $2, 'drop', $3, $4)`, [
          bureau, new Date().toISOString(), month, assessVersion,
        ]);
        return true;
      });
    },
    async months(year) {
      const rows =
        year === undefined
          ? await q<{ month: string }>('SELECT month FROM assess.runs WHERE bureau = $1 ORDER BY month', [bureau])
          : await q<{ month: string }>('SELECT month FROM assess.runs WHERE bureau = $1 AND month BETWEEN $2 AND $3 ORDER BY month', [bureau, ...range(year)]);
      return rows.map((r) => r.month);
    },
    async personMonths(year) {
      const rows = await q<PersonRow>(
        `SELECT ${PERSON_COLUMNS} FROM assess.people WHERE bureau = $1 AND month BETWEEN $2 AND $3 ORDER BY month, unit, employee`,
        [bureau, ...range(year)],
      );
      return rows.map(personFromRow);
    },
    async history(employee) {
      const rows = await q<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM assess.people WHERE bureau = $1 AND employee = $2 ORDER BY month`, [bureau, employee]);
      return rows.map(personFromRow);
    },
    async units(month) {
      const rows = await q<UnitRow>('SELECT unit, points, score, people, avg_score FROM assess.units WHERE bureau = $1 AND month = $2 ORDER BY unit', [bureau, month]);
      return rows.map(unitFromRow);
    },
    async effects(month) {
      const key = [bureau, month];
      const rules = await q<{ rule: string; title: string }>('SELECT rule, title FROM assess.effect_rules WHERE bureau = $1 AND month = $2 ORDER BY seq', key);
      const files = await q<{ file: string }>('SELECT file FROM assess.effect_files WHERE bureau = $1 AND month = $2 ORDER BY seq', key);
      const batches = await q<{ effects: string }>('SELECT effects FROM assess.effect_batches WHERE bureau = $1 AND month = $2 ORDER BY batch', key);
      return decodeTrace(
        rules.map((r) => [r.rule, r.title]),
        files.map((f) => f.file),
        batches.map((b) => b.effects),
      );
    },
    async monthRun(month) {
      const run = await q<RunRow>('SELECT run_at, rules_hash, stored_by, assess_version FROM assess.runs WHERE bureau = $1 AND month = $2', [bureau, month]);
      if (run[0] === undefined) return null;
      const files = await q<FileRow>(
        'SELECT file, sha256, kind, rows_read, accepted, rejected FROM assess.run_files WHERE bureau = $1 AND month = $2 ORDER BY seq',
        [bureau, month],
      );
      return runFromRow(run[0], files.map(fileFromRow));
    },
    close: () => client.end().catch(() => undefined),
  };
}
