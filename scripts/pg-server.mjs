// A throw-away PostgreSQL server for the tests and the bench (issue 12): one
// `initdb` into a temporary folder, the socket in that folder, TCP on
// 127.0.0.1 and a free port, trust authentication except for one role that
// must give a scram-sha-256 password (so that a wrong password can be tested).
// Plain JavaScript so that `bench/run.mjs` can import it as it is; the types
// are in pg-server.d.mts.
//
// Cost, measured on the two-core CI machine: initdb ≈ 2.3 s (with --no-sync),
// start ≈ 0.2 s, stop ≈ 0.1 s. The tests start it once per vitest run
// (test/pg/global-setup.ts), plus once more for the server-restart test.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where Debian puts the server binaries; $PG_BIN overrides. */
const BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

/** The role that must authenticate with a password (pg_hba.conf's one scram-sha-256 line). */
export const PASSWORD_ROLE = 'assess_pw';

/** The folder with initdb, pg_ctl and psql, or null when PostgreSQL 15+ is not installed. */
export function findPgBin() {
  const dirs = process.env.PG_BIN ? [process.env.PG_BIN] : BIN_DIRS;
  return dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

/** A free TCP port on 127.0.0.1 (the kernel picks it; the server binds it a moment later). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Runs a server binary as the `postgres` OS user when we are root (a
 * PostgreSQL server refuses to run as root), else as ourselves.
 */
function runPg(bin, tool, args, opts = {}) {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

/**
 * Starts a fresh server. `fast` (the default) turns fsync and synchronous
 * commit off: most tests need a real server, not a durable one. Pass
 * fast: false where durability is what is measured or tested: the bench, so
 * that PostgreSQL's write time includes its fsync as SQLite's does, and a
 * test that crashes the server, since an immediate stop of a fast server
 * loses commits that have already returned.
 *
 * @returns {Promise<import('./pg-server.d.mts').PgServer>}
 */
export async function startPgServer({ fast = true } = {}) {
  const bin = findPgBin();
  if (bin === null) throw new Error('PostgreSQL 15 or newer is not installed (no initdb in /usr/lib/postgresql/*/bin; set PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'assess-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = pgUser();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const started = Date.now();
  runPg(bin, 'initdb', ['-D', data, '-E', 'UTF8', '--locale=C', '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  // First match wins: the password role over TCP must use scram-sha-256.
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [
      'local all all trust',
      `host all ${PASSWORD_ROLE} 127.0.0.1/32 scram-sha-256`,
      'host all all 127.0.0.1/32 trust',
      '',
    ].join('\n'),
  );
  const settings = [
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${dir}'`,
    'max_connections = 200',
    'shared_buffers = 64MB',
    ...(fast ? ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off'] : []),
    '',
  ];
  writeFileSync(join(data, 'postgresql.auto.conf'), settings.join('\n'));
  const initdbMs = Date.now() - started;

  let port = 0;
  const start = async () => {
    for (let attempt = 0; ; attempt++) {
      port = port || (await freePort());
      try {
        runPg(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '30', '-o', `-p ${port}`, 'start']);
        return;
      } catch (err) {
        // Someone took the port between freePort and the bind: try another.
        if (attempt >= 3) throw new Error(`PostgreSQL did not start: ${String(err)}\n${logTail(dir)}`);
        port = 0;
      }
    }
  };
  const t0 = Date.now();
  await start();
  const startMs = Date.now() - t0;
  let running = true;

  const psql = (sql, database = 'postgres') =>
    runPg(bin, 'psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAtX', '-c', sql]);

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    socketDir: dir,
    bin,
    timings: { initdbMs, startMs },
    url: (database, role = 'postgres', password) =>
      `postgres://${encodeURIComponent(role)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    psql,
    createDatabase(name, owner) {
      psql(`CREATE DATABASE ${quoteIdent(name)}${owner ? ` OWNER ${quoteIdent(owner)}` : ''}`);
    },
    /** Stops the server now, as a crash would (no shutdown checkpoint), or cleanly. */
    stop(mode = 'fast') {
      if (!running) return;
      runPg(bin, 'pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '30', 'stop']);
      running = false;
    },
    async restart(mode = 'fast') {
      this.stop(mode);
      await start();
      running = true;
    },
    destroy() {
      try {
        if (running) runPg(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone: nothing to stop.
      }
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function pgUser() {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) {
    throw new Error(`running as root (${userInfo().username}) needs the "postgres" OS user to run the server, and there is none`);
  }
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

function logTail(dir) {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** `name` as a double-quoted SQL identifier. */
export function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}
