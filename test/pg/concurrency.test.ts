/**
 * SPEC §6 on PostgreSQL, with real processes: two bureaus writing at once,
 * one bureau's month serialised (busy → 75 LEDGER_BUSY), and a writer killed
 * with SIGKILL or a server restarted while a month is half written, which
 * must leave the month as it was. To stop a writer mid-month, the test holds
 * a lock on the last table the writer fills, so that the writer has already
 * deleted the old month and written most of the new one when it waits.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { startPgServer, type PgServer } from '../../scripts/pg-server.mjs';
import { assess } from '../e2e/cli.js';
import { assessAsync, describePg, freshDatabase, monthFiles, pgServer, withClient, type PgInfo, type TestDb } from './helpers.js';

const A = '漠河县局';
const B = '塔河县局';
const LOCK_CLASS = 0x61737365;

/** A bureau's rows in every table, as the owner sees them: what "left intact" compares. */
async function snapshot(ownerUrl: string, bureau: string): Promise<Record<string, unknown[]>> {
  return withClient(ownerUrl, async (c) => {
    const out: Record<string, unknown[]> = {};
    for (const [t, order] of [
      ['runs', 'month'],
      ['run_files', 'month, seq'],
      ['units', 'month, unit'],
      ['people', 'month, employee'],
      ['effect_rules', 'month, seq'],
      ['effect_files', 'month, seq'],
      ['effect_batches', 'month, batch'],
    ] as const) {
      out[t] = (await c.query(`SELECT * FROM assess.${t} WHERE bureau = $1 ORDER BY ${order}`, [bureau])).rows;
    }
    return out;
  });
}

/** Waits until a client of `role` waits on a lock (it is then mid-transaction). */
async function waitUntilBlocked(superUrl: string, role: string): Promise<void> {
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const r = await withClient(superUrl, (c) =>
      c.query("SELECT count(*) AS n FROM pg_stat_activity WHERE usename = $1 AND wait_event_type = 'Lock' AND state = 'active'", [role]),
    );
    if (Number(r.rows[0].n) > 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no client of ${role} ever waited on a lock`);
}

/** Sets up a migrated database with clerks of bureaus A and B. */
async function setup(p: PgInfo, prefix: string): Promise<{ db: TestDb; a: string; b: string }> {
  const db = await freshDatabase(p, prefix);
  const a = await db.createRole('clerk_a');
  const b = await db.createRole('clerk_b');
  expect(assess(['ledger', 'migrate', '--ledger', db.ownerUrl]).code).toBe(0);
  expect(assess(['ledger', 'grant', a, '--bureau', A, '--ledger', db.ownerUrl]).code).toBe(0);
  expect(assess(['ledger', 'grant', b, '--bureau', B, '--ledger', db.ownerUrl]).code).toBe(0);
  return { db, a, b };
}

const monthArgs = (m: string, url: string) => [...monthFiles(m), '--roster', 'fixtures/roster.csv', '--allow-rejects', '--format', 'json', '--ledger', url];

describePg('runs at the same time', () => {
  const p = pgServer()!;
  let db: TestDb;
  let a: string;
  let b: string;
  beforeAll(async () => ({ db, a, b } = await setup(p, 'pgconc')));

  it('two bureaus writing the same month at once both succeed', async () => {
    const runs = [assessAsync(monthArgs('2026-01', db.url(a))), assessAsync(monthArgs('2026-01', db.url(b)))];
    const [ra, rb] = await Promise.all(runs.map((r) => r.done));
    expect([ra!.code, rb!.code, ra!.stderr, rb!.stderr]).toEqual([0, 0, '', '']);
    expect(ra!.stdout).toBe(rb!.stdout);
  });

  it('two runs of one bureau and month are serialised: both succeed, the later replaces the earlier and says so', async () => {
    const runs = [assessAsync(monthArgs('2026-02', db.url(a))), assessAsync(monthArgs('2026-02', db.url(a)))];
    const results = await Promise.all(runs.map((r) => r.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const said = results.filter((r) => r.stderr.includes('was assessed before'));
    expect(said).toHaveLength(1);
    const n = await db.sql("SELECT count(*) AS n FROM assess.ledger_log WHERE bureau = $1 AND month = '2026-02'", [A]);
    expect(Number(n.rows[0].n)).toBe(2);
  });

  it('waiting longer than the busy timeout: exit 75 LEDGER_BUSY, one line; within it, the run waits and succeeds', async () => {
    const holder = new pg.Client({ connectionString: db.superUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, `${A}/2026-03`]);
      const started = Date.now();
      const busy = await assessAsync(monthArgs('2026-03', db.url(a)), { ASSESS_BUSY_TIMEOUT: '1' }).done;
      expect(busy.code).toBe(75);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(busy.stderr).toBe(
        `the ledger at 127.0.0.1:${p.port}, database pgconc, role ${a} is busy (LEDGER_BUSY): another run is storing bureau "${A}" month 2026-03; waited 1 s; nothing was written. Try again later\n`,
      );
      // The other bureau's same month is not held up by it.
      expect((await assessAsync(monthArgs('2026-03', db.url(b)), { ASSESS_BUSY_TIMEOUT: '1' }).done).code).toBe(0);
      const waiting = assessAsync(monthArgs('2026-03', db.url(a)), { ASSESS_BUSY_TIMEOUT: '60' });
      await waitUntilBlocked(db.superUrl, a);
      await holder.query('COMMIT');
      const done = await waiting.done;
      expect([done.code, done.stderr]).toEqual([0, '']);
    } finally {
      await holder.end();
    }
  });

  it('a writer killed with SIGKILL mid-month leaves the previous month intact', async () => {
    expect((await assessAsync(monthArgs('2026-04', db.url(a))).done).code).toBe(0);
    const before = await snapshot(db.ownerUrl, A);
    const blocker = new pg.Client({ connectionString: db.superUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE assess.effect_batches IN EXCLUSIVE MODE');
      const writer = assessAsync([...monthArgs('2026-04', db.url(a))], { ASSESS_BUSY_TIMEOUT: '60' });
      await waitUntilBlocked(db.superUrl, a);
      writer.child.kill('SIGKILL');
      const r = await writer.done;
      expect(r.code).toBe(-1);
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    expect(await snapshot(db.ownerUrl, A)).toEqual(before);
    const again = await assessAsync(monthArgs('2026-04', db.url(a))).done;
    expect(again.code).toBe(0);
  });
});

describePg('a server restarted mid-write (its own instance)', () => {
  let server: PgServer;
  let db: TestDb;
  let a: string;
  beforeAll(async () => {
    // Durable, unlike the shared server: with synchronous_commit off, an
    // immediate stop loses commits that have returned, the previous month's
    // among them, and the test would blame the writer for the server's loss.
    server = await startPgServer({ fast: false });
    const info: PgInfo = { host: server.host, port: server.port, socketDir: server.socketDir, bin: server.bin, passwordRole: 'none', startMs: 0 };
    ({ db, a } = await setup(info, 'pgrestart'));
  });
  afterAll(() => server?.destroy());

  it('leaves the previous month intact, and the run exits 75 with one line', async () => {
    expect((await assessAsync(monthArgs('2026-05', db.url(a))).done).code).toBe(0);
    const before = await snapshot(db.ownerUrl, A);
    const blocker = new pg.Client({ connectionString: db.superUrl });
    blocker.on('error', () => undefined);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE assess.effect_batches IN EXCLUSIVE MODE');
    const writer = assessAsync(monthArgs('2026-05', db.url(a)), { ASSESS_BUSY_TIMEOUT: '60' });
    await waitUntilBlocked(db.superUrl, a);
    // A crash, as far as the server's data is concerned: no shutdown checkpoint.
    await server.restart('immediate');
    await blocker.end().catch(() => undefined);
    const r = await writer.done;
    expect(r.code).toBe(75);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`127.0.0.1:${server.port}, database pgrestart`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(db.ownerUrl, A)).toEqual(before);
  });
});
