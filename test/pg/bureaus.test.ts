/**
 * A provincial ledger on the real PostgreSQL server (SPEC §6), through the
 * real CLI: the owner migrates and grants, clerks of two bureaus store their
 * months, the provincial office reads them all; and, with plain connections
 * (no assess code), that a clerk sees and changes no row of another bureau.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { PG_TABLES } from '../../src/ledger/pgschema.js';
import { assess, tempDir } from '../e2e/cli.js';
import { describePg, freshDatabase, monthFiles, pgServer, urlOf, withClient, type TestDb } from './helpers.js';

const A = '漠河县局';
const B = '塔河县局';

describePg('bureaus and roles', () => {
  const p = pgServer()!;
  let db: TestDb;
  const roles: Record<string, string> = {};
  const run = (args: string[], url: string, env: Record<string, string> = {}) => assess([...args, '--ledger', url], { env });
  const month = (m: string, url: string, extra: string[] = []) => run([...monthFiles(m), '--roster', 'fixtures/roster.csv', '--format', 'json', ...extra], url);

  beforeAll(async () => {
    db = await freshDatabase(p, 'pgbureaus');
    for (const r of ['clerk_a', 'clerk_b', 'office', 'stranger']) roles[r] = await db.createRole(r);
    roles.super = await db.createRole('super', 'SUPERUSER');
    roles.bypass = await db.createRole('bypass', 'BYPASSRLS');
    roles.group = `${db.name}_group`;
    await db.sql(`CREATE ROLE ${roles.group} NOLOGIN`);
  });

  it('migrate: refused to a superuser and to a role that does not own the database; the owner may, twice', () => {
    const su = run(['ledger', 'migrate'], db.url(roles.super!));
    expect(su.code).toBe(1);
    expect(su.stderr).toMatch(/is a superuser.*run assess ledger migrate as the database's owner/);
    const clerk = run(['ledger', 'migrate'], db.url(roles.clerk_a!));
    expect(clerk.code).toBe(1);
    expect(clerk.stderr).toContain(`does not own database ${db.name}`);
    // Before migrate, a clerk's run is told what to do.
    const early = month('2026-01', db.url(roles.clerk_a!));
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(new RegExp(`127\\.0\\.0\\.1:${p.port}, database ${db.name}.*has no assess ledger.*assess ledger migrate`));
    const first = run(['ledger', 'migrate'], db.ownerUrl);
    expect([first.code, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toContain('schema created at version 3');
    const again = run(['ledger', 'migrate'], db.ownerUrl);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('up to date');
  });

  it('grant: refuses superusers, BYPASSRLS, roles that cannot log in and unknown roles; creates bureaus', () => {
    for (const [role, why] of [
      [roles.super, 'superuser'],
      [roles.bypass, 'BYPASSRLS'],
      [roles.group, 'cannot log in'],
      [`${db.name}_nobody`, 'does not exist'],
    ] as const) {
      const r = run(['ledger', 'grant', role!, '--bureau', A], db.ownerUrl);
      expect([r.code, r.stderr]).toEqual([1, expect.stringContaining(why)]);
    }
    const byClerk = run(['ledger', 'grant', roles.clerk_a!, '--bureau', A], db.url(roles.clerk_a!));
    expect(byClerk.code).toBe(1);
    expect(run(['ledger', 'grant', roles.clerk_a!], db.ownerUrl).code).toBe(2);
    expect(run(['ledger', 'grant', roles.clerk_a!, '--bureau', A, '--all-bureaus'], db.ownerUrl).code).toBe(2);

    const ga = run(['ledger', 'grant', roles.clerk_a!, '--bureau', A], db.ownerUrl);
    expect([ga.code, ga.stdout]).toEqual([0, `role ${roles.clerk_a} may now read and write bureau "${A}" (a new bureau)\n`]);
    expect(run(['ledger', 'grant', roles.clerk_b!, '--bureau', B], db.ownerUrl).code).toBe(0);
    expect(run(['ledger', 'grant', roles.office!, '--all-bureaus'], db.ownerUrl).code).toBe(0);
    // Bureau names compare after NFC: "Café" typed decomposed is the same bureau.
    expect(run(['ledger', 'grant', roles.stranger!, '--bureau', 'Cafe\u0301'], db.ownerUrl).stdout).toContain('(a new bureau)');
    const same = run(['ledger', 'grant', roles.stranger!, '--bureau', 'Caf\u00e9'], db.ownerUrl);
    expect(same.stdout).toBe(`role ${roles.stranger} may now read and write bureau "Caf\u00e9"\n`);
    const list = run(['ledger', 'grants', '--format', 'json'], db.ownerUrl);
    expect(JSON.parse(list.stdout).grants.map((g: { role: string; bureau: string | null; access: string }) => [g.role, g.bureau, g.access])).toEqual([
      [roles.clerk_a, A, 'read-write'],
      [roles.clerk_b, B, 'read-write'],
      [roles.office, null, 'read'],
      [roles.stranger, 'Caf\u00e9', 'read-write'],
    ]);
  });

  it("clerks store their bureau's months without naming it; the later run replaces the earlier and says so", () => {
    for (const m of ['2026-01', '2026-02']) expect(month(m, db.url(roles.clerk_a!)).code).toBe(0);
    expect(month('2026-03', db.url(roles.clerk_b!)).code).toBe(0);
    const again = month('2026-01', db.url(roles.clerk_a!));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`2026-01 of bureau "${A}" was assessed before \\(.*, by ${roles.clerk_a}\\); its results in the ledger are replaced`));

    const status = run(['ledger', 'status', '2026', '--format', 'json'], db.url(roles.office!));
    expect(JSON.parse(status.stdout).bureaus.map((b: { bureau: string; stored: string[] }) => [b.bureau, b.stored])).toEqual([
      ['Caf\u00e9', []],
      [B, ['2026-03']],
      [A, ['2026-01', '2026-02']],
    ]);
    const own = run(['ledger', 'status', '2026', '--format', 'json'], db.url(roles.clerk_a!));
    expect(JSON.parse(own.stdout).bureaus.map((b: { bureau: string }) => b.bureau)).toEqual([A]);
  });

  it('who may use which bureau: --bureau, exit 1 naming bureau and role, exit 2 to choose', () => {
    const other = month('2026-04', db.url(roles.clerk_a!), ['--bureau', B]);
    const at = `127.0.0.1:${p.port}, database ${db.name}, role ${roles.clerk_a}`;
    expect([other.code, other.stderr]).toEqual([
      1,
      `bureau "${B}" is not granted to role ${roles.clerk_a} (ledger at ${at}); the ledger's owner grants it with: assess ledger grant ${roles.clerk_a} --bureau "${B}"\n`,
    ]);
    expect(JSON.parse(other.stdout).problems.map((x: { code: string }) => x.code)).toEqual(['PG_BUREAU_NOT_GRANTED']);
    const otherZh = month('2026-04', db.url(roles.clerk_a!), ['--bureau', B, '--lang', 'zh']);
    expect([otherZh.code, otherZh.stderr]).toEqual([
      1,
      `角色 ${roles.clerk_a} 没有县局 "${B}" 的权限（台账：127.0.0.1:${p.port}，数据库 ${db.name}，角色 ${roles.clerk_a}）；请台账的所有者授权：assess ledger grant ${roles.clerk_a} --bureau "${B}"\n`,
    ]);
    const office = run(['year', '2026', '--allow-missing'], db.url(roles.office!));
    expect(office.code).toBe(2);
    expect(office.stderr).toContain('--bureau NAME');
    expect(run(['year', '2026', '--allow-missing', '--bureau', A], db.url(roles.office!)).code).toBe(0);
    const write = month('2026-04', db.url(roles.office!), ['--bureau', A]);
    expect(write.code).toBe(1);
    expect(write.stderr).toContain(`role ${roles.office} may read bureau "${A}" but not write it`);
    const status = JSON.parse(run(['ledger', 'status', '2026', '--format', 'json'], db.url(roles.office!)).stdout);
    expect(status.bureaus.flatMap((b: { stored: string[] }) => b.stored)).not.toContain('2026-04');
  });

  it('every table: a plain connection of clerk A sees no row of bureau B, and cannot change or delete them', async () => {
    // The tables the test knows must be every table of the schema, or a new one would go unchecked.
    const tables = await db.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'assess' AND table_type = 'BASE TABLE'");
    expect(tables.rows.map((r) => r.table_name as string).sort()).toEqual([...PG_TABLES].sort());
    const withBureau = PG_TABLES.filter((t) => t !== 'meta');
    // As the owner: bureau B has rows in every table (so that seeing none means something).
    const ownerCounts = await withClient(db.ownerUrl, async (c) => {
      const out: Record<string, number> = {};
      for (const t of [...withBureau, 'effects_trace']) {
        out[t] = Number((await c.query(`SELECT count(*) AS n FROM assess.${t} WHERE bureau = $1`, [B])).rows[0].n);
      }
      return out;
    });
    for (const [t, n] of Object.entries(ownerCounts)) expect(n, `owner's rows of ${B} in ${t}`).toBeGreaterThan(0);

    await withClient(db.url(roles.clerk_a!), async (c) => {
      for (const t of [...withBureau, 'effects_trace']) {
        const seen = await c.query(`SELECT count(*) FILTER (WHERE bureau = $1) AS b, count(*) FILTER (WHERE bureau = $2) AS a FROM assess.${t}`, [B, A]);
        expect(Number(seen.rows[0].b), `rows of ${B} that ${roles.clerk_a} sees in ${t}`).toBe(0);
        if (t !== 'grants') expect(Number(seen.rows[0].a), `own rows in ${t}`).toBeGreaterThan(0);
      }
      for (const t of PG_TABLES.filter((x) => x !== 'meta' && x !== 'bureaus' && x !== 'grants')) {
        const upd = await c.query(`UPDATE assess.${t} SET bureau = bureau WHERE bureau = $1`, [B]);
        const del = await c.query(`DELETE FROM assess.${t} WHERE bureau = $1`, [B]);
        expect([t, upd.rowCount, del.rowCount]).toEqual([t, 0, 0]);
      }
      // Nor can A write rows into B, or touch the mapping.
      await expect(c.query("INSERT INTO assess.runs (bureau, month, run_at, rules_hash, assess_version) VALUES ($1, '2026-11', 'x', 'x', 'x')", [B])).rejects.toThrow(/row-level security/);
      await expect(c.query('INSERT INTO assess.grants (role, bureau, writes) VALUES (session_user, $1, true)', [B])).rejects.toThrow(/permission denied/);
      await expect(c.query('UPDATE assess.grants SET bureau = $1', [B])).rejects.toThrow(/permission denied/);
    });
    const after = await withClient(db.ownerUrl, async (c) => Number((await c.query('SELECT count(*) AS n FROM assess.people WHERE bureau = $1', [B])).rows[0].n));
    expect(after).toBe(ownerCounts.people);
  });

  it('SET ROLE cannot escape: isolation follows the login role (session_user)', async () => {
    // A DBA's mistake: clerk A is made a member of clerk B's role.
    await db.sql(`GRANT ${roles.clerk_b} TO ${roles.clerk_a}`);
    try {
      await withClient(db.url(roles.clerk_a!), async (c) => {
        await c.query(`SET ROLE ${roles.clerk_b}`);
        expect((await c.query('SELECT current_user AS u')).rows[0].u).toBe(roles.clerk_b);
        const seen = await c.query('SELECT count(*) FILTER (WHERE bureau = $1) AS b, count(*) AS n FROM assess.people', [B]);
        expect(Number(seen.rows[0].b)).toBe(0);
        expect(Number(seen.rows[0].n)).toBeGreaterThan(0);
        expect((await c.query('DELETE FROM assess.runs WHERE bureau = $1', [B])).rowCount).toBe(0);
      });
    } finally {
      await db.sql(`REVOKE ${roles.clerk_b} FROM ${roles.clerk_a}`);
    }
  });

  it('drop removes a month on record; revoke takes a bureau away', async () => {
    const drop = run(['ledger', 'drop', '2026-02'], db.url(roles.clerk_a!));
    expect([drop.code, drop.stdout]).toEqual([0, expect.stringContaining(`2026-02 of bureau "${A}" dropped`)]);
    expect(run(['ledger', 'drop', '2026-02'], db.url(roles.clerk_a!)).code).toBe(1);
    const log = await db.sql("SELECT action, month, stored_by::text AS by FROM assess.ledger_log WHERE bureau = $1 ORDER BY seq", [A]);
    expect(log.rows.map((r) => [r.action, r.month, r.by])).toEqual([
      ['store', '2026-01', roles.clerk_a],
      ['store', '2026-02', roles.clerk_a],
      ['store', '2026-01', roles.clerk_a],
      ['drop', '2026-02', roles.clerk_a],
    ]);
    expect(run(['ledger', 'revoke', roles.stranger!], db.ownerUrl).code).toBe(0);
    const gone = run(['ledger', 'status', '2026'], db.url(roles.stranger!));
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('not open to this role');
  });

  it('a SQLite ledger refuses --bureau and the owner commands (exit 2)', () => {
    const file = path.join(tempDir('assess-pg-sqlite-'), 'assess.db');
    expect(run([...monthFiles('2026-01'), '--roster', 'fixtures/roster.csv', '--bureau', A], file).code).toBe(2);
    for (const cmd of [['migrate'], ['grant', 'x', '--bureau', A], ['grants'], ['revoke', 'x']]) {
      const r = run(['ledger', ...cmd], file);
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('is for a PostgreSQL ledger')]);
    }
    expect(fs.existsSync(file)).toBe(false);
  });
});

describePg('connection problems: one line naming host, port and database, never the password', () => {
  const p = pgServer()!;
  let db: TestDb;
  const secret = 'S3cret-Pw';

  beforeAll(async () => {
    db = await freshDatabase(p, 'pgconn');
    // The one role pg_hba.conf makes give a password (scram-sha-256).
    await db.sql(`DROP ROLE IF EXISTS ${p.passwordRole}`);
    await db.sql(`CREATE ROLE ${p.passwordRole} LOGIN PASSWORD '${secret}'`);
    expect(assess(['ledger', 'migrate', '--ledger', db.ownerUrl]).code).toBe(0);
    expect(assess(['ledger', 'grant', p.passwordRole, '--bureau', A, '--ledger', db.ownerUrl]).code).toBe(0);
  });

  const oneLine = (stderr: string) => {
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(secret);
    expect(stderr).not.toContain('wrong-pw');
  };

  it('a wrong password: exit 1, PG_PASSWORD_REFUSED, in English and Chinese', () => {
    const url = urlOf(p, db.name, p.passwordRole, 'wrong-pw');
    const r = assess(['ledger', 'status', '2026', '--ledger', url]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toBe(
      `cannot connect to the ledger at 127.0.0.1:${p.port}, database ${db.name}, role ${p.passwordRole}: the password was refused (it comes from the URL, PGPASSWORD or ~/.pgpass)\n`,
    );
    const zh = assess(['ledger', 'status', '2026', '--ledger', url, '--lang', 'zh']);
    expect(zh.code).toBe(1);
    oneLine(zh.stderr);
    expect(zh.stderr).toBe(`无法连接台账（127.0.0.1:${p.port}，数据库 ${db.name}，角色 ${p.passwordRole}）：密码不对（密码取自 URL、PGPASSWORD 或 ~/.pgpass）\n`);
    const json = assess(['year', '2026', '--format', 'json', '--ledger', url]);
    expect(JSON.parse(json.stdout).problems.map((x: { code: string }) => x.code)).toEqual(['PG_PASSWORD_REFUSED']);
    expect(json.stdout).not.toContain('wrong-pw');
  });

  it('no password anywhere: exit 1; from PGPASSWORD or ~/.pgpass it works', () => {
    const home = tempDir('assess-pg-home-');
    const url = urlOf(p, db.name, p.passwordRole);
    const none = assess(['ledger', 'status', '2026', '--ledger', url], { env: { HOME: home } });
    expect(none.code).toBe(1);
    oneLine(none.stderr);
    expect(none.stderr).toContain('none was given');
    expect(assess(['ledger', 'status', '2026', '--ledger', url], { env: { HOME: home, PGPASSWORD: secret } }).code).toBe(0);
    const pgpass = path.join(home, '.pgpass');
    fs.writeFileSync(pgpass, `127.0.0.1:${p.port}:${db.name}:${p.passwordRole}:${secret}\n`, { mode: 0o600 });
    const viaFile = assess(['ledger', 'status', '2026', '--ledger', url], { env: { HOME: home } });
    expect([viaFile.code, viaFile.stderr]).toEqual([0, '']);
    expect(assess(['ledger', 'status', '2026', '--ledger', urlOf(p, db.name, p.passwordRole, secret)]).code).toBe(0);
  });

  it('an unreachable server: exit 75 (worth retrying), PG_UNREACHABLE, in English and Chinese', async () => {
    const { freePort } = await import('../../scripts/pg-server.mjs');
    const port = await freePort();
    const url = `postgres://${p.passwordRole}:${secret}@127.0.0.1:${port}/${db.name}`;
    const r = assess(['year', '2026', '--ledger', url]);
    expect(r.code).toBe(75);
    oneLine(r.stderr);
    expect(r.stderr).toBe(
      `cannot connect to the ledger at 127.0.0.1:${port}, database ${db.name}, role ${p.passwordRole}: the server is not reachable (connect ECONNREFUSED 127.0.0.1:${port}); try again later\n`,
    );
    const zh = assess(['year', '2026', '--ledger', url, '--lang', 'zh']);
    expect(zh.code).toBe(75);
    oneLine(zh.stderr);
    expect(zh.stderr).toBe(`无法连接台账（127.0.0.1:${port}，数据库 ${db.name}，角色 ${p.passwordRole}）：服务器连不上（connect ECONNREFUSED 127.0.0.1:${port}）。请稍后再试\n`);
    const json = assess(['year', '2026', '--format', 'json', '--ledger', url]);
    expect([json.code, JSON.parse(json.stdout).problems.map((x: { code: string }) => x.code)]).toEqual([75, ['PG_UNREACHABLE']]);
  });

  it('a database without the schema, or no such database: exit 1', async () => {
    const bare = await freshDatabase(p, 'pgbare');
    const r = assess(['year', '2026', '--ledger', bare.ownerUrl]);
    expect(r.code).toBe(1);
    oneLine(r.stderr);
    expect(r.stderr).toContain(`127.0.0.1:${p.port}, database pgbare`);
    const none = assess(['year', '2026', '--ledger', urlOf(p, 'no_such_db', 'postgres')]);
    expect(none.code).toBe(1);
    oneLine(none.stderr);
  });
});
