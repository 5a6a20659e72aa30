/**
 * The PostgreSQL ledger's schema (SPEC §6), in the schema `assess`.
 *
 * Versions are numbered once for both backends (schema.ts holds SQLite's
 * steps): PostgreSQL starts at version 3, the first with bureaus and with
 * who stored each month, so its first step goes from nothing to 3. A later
 * version adds one step here and one in schema.ts, with the same number.
 *
 * Every table has a `bureau` column and FORCE ROW LEVEL SECURITY (so that
 * not even the owner's own session is exempt), with three policies:
 *  - `bureau_read`: rows of a bureau granted to the connecting login role,
 *    or of every bureau for a role granted --all-bureaus;
 *  - `bureau_write`: insert, update and delete rows of a bureau granted to
 *    it for writing;
 *  - `owner_all`: the ledger's owner (the owner of schema `assess`).
 * The role is `session_user`, the login role: `SET ROLE` changes
 * current_user, never session_user, so a clerk who is (by a DBA's mistake)
 * a member of another clerk's role still sees only their own bureau. A
 * grant therefore names a login role, not a group.
 *
 * The mapping `assess.grants` (role → bureau) is what the policies read;
 * clerks may SELECT it (the policies' subqueries run as them) but its own
 * policies show a role only its own rows, and only the owner may write it.
 * Text that sorts is COLLATE "C", so that reports sort by code point as
 * SQLite's do, whatever the database's locale.
 */

/** The tables that hold a bureau's months, parents first (the owner writes grants and bureaus). */
export const PG_DATA_TABLES = ['runs', 'run_files', 'units', 'people', 'effect_rules', 'effect_files', 'effect_batches', 'ledger_log'] as const;

/** Every table of the schema. */
export const PG_TABLES = ['meta', 'bureaus', 'grants', ...PG_DATA_TABLES] as const;

/** The owner of schema assess, as the policies compare it with session_user. */
const OWNER = `(SELECT pg_catalog.pg_get_userbyid(n.nspowner) FROM pg_catalog.pg_namespace n WHERE n.nspname = 'assess')`;

/** Bureaus the login role may read: its own grants, or every bureau for an --all-bureaus grant. */
const READS = `(bureau IN (SELECT g.bureau FROM assess.grants g WHERE g.role = session_user)
    OR EXISTS (SELECT FROM assess.grants g WHERE g.role = session_user AND g.bureau IS NULL))`;

/** Bureaus the login role may write. */
const WRITES = `(bureau IN (SELECT g.bureau FROM assess.grants g WHERE g.role = session_user AND g.writes))`;

const V3 = `
CREATE TABLE assess.meta (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version   integer NOT NULL
);

CREATE TABLE assess.bureaus (
  bureau     text COLLATE "C" PRIMARY KEY CHECK (bureau <> '' AND bureau IS NFC NORMALIZED),
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by name NOT NULL DEFAULT session_user
);

-- Who may see and write what. bureau NULL: every bureau, read only (a provincial office).
CREATE TABLE assess.grants (
  role       name NOT NULL,
  bureau     text COLLATE "C" REFERENCES assess.bureaus ON DELETE CASCADE,
  writes     boolean NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT now(),
  CHECK (bureau IS NOT NULL OR NOT writes),
  UNIQUE NULLS NOT DISTINCT (role, bureau)
);

CREATE TABLE assess.runs (
  bureau         text COLLATE "C" NOT NULL REFERENCES assess.bureaus,
  month          text COLLATE "C" NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  run_at         text NOT NULL,
  rules_hash     text NOT NULL,
  stored_by      name NOT NULL DEFAULT session_user,
  assess_version text NOT NULL,
  PRIMARY KEY (bureau, month)
);

CREATE TABLE assess.run_files (
  bureau    text COLLATE "C" NOT NULL,
  month     text COLLATE "C" NOT NULL,
  seq       integer NOT NULL,
  file      text NOT NULL,
  sha256    text NOT NULL,
  kind      text NOT NULL,
  rows_read bigint NOT NULL CHECK (rows_read >= 0),
  accepted  bigint NOT NULL CHECK (accepted >= 0),
  rejected  bigint NOT NULL CHECK (rejected >= 0),
  PRIMARY KEY (bureau, month, seq),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

CREATE TABLE assess.units (
  bureau    text COLLATE "C" NOT NULL,
  month     text COLLATE "C" NOT NULL,
  unit      text COLLATE "C" NOT NULL,
  points    bigint NOT NULL,
  score     bigint NOT NULL,
  people    bigint NOT NULL CHECK (people >= 0),
  avg_score bigint NOT NULL,
  PRIMARY KEY (bureau, month, unit),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

CREATE TABLE assess.people (
  bureau          text COLLATE "C" NOT NULL,
  month           text COLLATE "C" NOT NULL,
  employee        text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  unit            text COLLATE "C" NOT NULL,
  role            text NOT NULL,
  points          bigint NOT NULL,
  score           bigint NOT NULL,
  vetoed          boolean NOT NULL,
  unit_score      bigint NOT NULL,
  effective_score bigint NOT NULL,
  wage            bigint NOT NULL,
  bonus           bigint NOT NULL,
  bonus_forfeited bigint NOT NULL,
  bonus_paid      bigint NOT NULL,
  withheld        bigint NOT NULL,
  PRIMARY KEY (bureau, month, employee),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

-- assess history <employee> reads one person across every month.
CREATE INDEX people_by_employee ON assess.people (bureau, employee, month);

CREATE TABLE assess.effect_rules (
  bureau text COLLATE "C" NOT NULL,
  month  text COLLATE "C" NOT NULL,
  seq    integer NOT NULL,
  rule   text NOT NULL,
  title  text NOT NULL,
  PRIMARY KEY (bureau, month, seq),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

CREATE TABLE assess.effect_files (
  bureau text COLLATE "C" NOT NULL,
  month  text COLLATE "C" NOT NULL,
  seq    integer NOT NULL,
  file   text NOT NULL,
  PRIMARY KEY (bureau, month, seq),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

-- The same encoding as SQLite's (see trace.ts): 4,096 effects to a row, as JSON text.
CREATE TABLE assess.effect_batches (
  bureau  text COLLATE "C" NOT NULL,
  month   text COLLATE "C" NOT NULL,
  batch   integer NOT NULL CHECK (batch >= 0),
  effects text NOT NULL,
  PRIMARY KEY (bureau, month, batch),
  FOREIGN KEY (bureau, month) REFERENCES assess.runs ON DELETE CASCADE
);

-- Every store and drop, kept when the month is replaced or dropped.
CREATE TABLE assess.ledger_log (
  seq            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  bureau         text COLLATE "C" NOT NULL REFERENCES assess.bureaus,
  at             text NOT NULL,
  action         text NOT NULL CHECK (action IN ('store', 'drop')),
  month          text COLLATE "C" NOT NULL,
  stored_by      name NOT NULL DEFAULT session_user,
  assess_version text NOT NULL,
  rules_hash     text
);

-- The effects one by one, as SQLite's view gives them; security_invoker, so
-- that the reader's row-level security applies, not the view owner's.
CREATE VIEW assess.effects_trace WITH (security_invoker = true) AS
  SELECT b.bureau, b.month, b.batch * 4096 + (e.n - 1) AS seq, r.rule, r.title,
         CASE WHEN e.v ->> 1 IS NULL THEN 'unit' ELSE 'person' END AS target,
         e.v ->> 1 AS employee, e.v ->> 2 AS unit, (e.v ->> 3)::bigint AS points,
         (e.v ->> 4)::bigint AS bonus_forfeited, (e.v ->> 5)::integer AS veto,
         f.file AS source_file, (e.v ->> 7)::integer AS source_line
  FROM assess.effect_batches b
  CROSS JOIN LATERAL jsonb_array_elements(b.effects::jsonb) WITH ORDINALITY AS e(v, n)
  JOIN assess.effect_rules r ON r.bureau = b.bureau AND r.month = b.month AND r.seq = (e.v ->> 0)::integer
  LEFT JOIN assess.effect_files f ON f.bureau = b.bureau AND f.month = b.month AND f.seq = (e.v ->> 6)::integer;
`;

/**
 * The policies and privileges of the current version, dropped and made
 * again by every `ledger migrate` (so that a changed policy reaches old
 * ledgers, and migrate is idempotent).
 */
export function policiesSql(): string {
  const out: string[] = [];
  for (const t of PG_TABLES) {
    out.push(`ALTER TABLE assess.${t} ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;`);
    for (const p of ['bureau_read', 'bureau_write', 'owner_all', 'own_grants', 'everyone_reads']) {
      out.push(`DROP POLICY IF EXISTS ${p} ON assess.${t};`);
    }
    out.push(`CREATE POLICY owner_all ON assess.${t} FOR ALL USING (session_user = ${OWNER}) WITH CHECK (session_user = ${OWNER});`);
  }
  // The version is no secret; everyone connecting needs it to check it.
  out.push('CREATE POLICY everyone_reads ON assess.meta FOR SELECT USING (true);');
  out.push('CREATE POLICY own_grants ON assess.grants FOR SELECT USING (role = session_user);');
  out.push(`CREATE POLICY bureau_read ON assess.bureaus FOR SELECT USING ${READS};`);
  for (const t of PG_DATA_TABLES) {
    out.push(`CREATE POLICY bureau_read ON assess.${t} FOR SELECT USING ${READS};`);
    out.push(`CREATE POLICY bureau_write ON assess.${t} FOR ALL USING ${WRITES} WITH CHECK ${WRITES};`);
  }
  out.push('REVOKE ALL ON ALL TABLES IN SCHEMA assess FROM PUBLIC;');
  out.push('REVOKE ALL ON SCHEMA assess FROM PUBLIC;');
  return out.join('\n');
}

/** The SQL that brings a ledger from version `from` to the next step's version. */
export interface PgStep {
  from: number;
  to: number;
  sql: string;
}

/** Ordered steps; a released step is never edited. */
export const PG_STEPS: readonly PgStep[] = [{ from: 0, to: 3, sql: V3 }];

/** Privileges a writing clerk's role gets (row-level security then limits them to its bureau). */
export function grantSql(role: string, writes: boolean): string {
  const r = quoteIdent(role);
  const data = PG_DATA_TABLES.map((t) => `assess.${t}`).join(', ');
  return [
    `GRANT USAGE ON SCHEMA assess TO ${r};`,
    `GRANT SELECT ON assess.meta, assess.bureaus, assess.grants, assess.effects_trace TO ${r};`,
    writes
      ? `GRANT SELECT, INSERT, UPDATE, DELETE ON ${data} TO ${r}; GRANT USAGE ON SEQUENCE assess.ledger_log_seq_seq TO ${r};`
      : `GRANT SELECT ON ${data} TO ${r};`,
  ].join('\n');
}

/** Takes back every privilege grantSql gave. */
export function revokeSql(role: string): string {
  const r = quoteIdent(role);
  return [
    `REVOKE ALL ON ALL TABLES IN SCHEMA assess FROM ${r};`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA assess FROM ${r};`,
    `REVOKE ALL ON SCHEMA assess FROM ${r};`,
  ].join('\n');
}

/** `name` as a double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
