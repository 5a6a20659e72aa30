/**
 * SPEC §6: the same months stored in either backend give byte-identical
 * reports. Every fixture month goes through the real CLI into a SQLite file
 * and into a PostgreSQL bureau; each month's output, then year, history,
 * explain and a month run reading the ledger, must match byte for byte, and
 * both ledgers must hand back the same stored rows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { openLedger } from '../../src/ledger/ledger.js';
import { assess, tempDir } from '../e2e/cli.js';
import { describePg, freshDatabase, monthFiles, pgServer, type TestDb } from './helpers.js';

const MONTHS = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

describePg('SQLite and PostgreSQL give the same reports', () => {
  const p = pgServer()!;
  const dir = tempDir('assess-pg-same-');
  const sqlite = path.join(dir, 'assess.db');
  let db: TestDb;
  let clerk: string;
  const both = (args: string[]) => [assess([...args, '--ledger', sqlite]), assess([...args, '--ledger', db.url(clerk)])] as const;

  beforeAll(async () => {
    db = await freshDatabase(p, 'pgsame');
    clerk = await db.createRole('clerk');
    expect(assess(['ledger', 'migrate', '--ledger', db.ownerUrl]).code).toBe(0);
    expect(assess(['ledger', 'grant', clerk, '--bureau', '漠河县局', '--ledger', db.ownerUrl]).code).toBe(0);
  });

  it('each month run: stdout, stderr and every --out file', () => {
    for (const m of MONTHS) {
      const out = [path.join(dir, `sqlite-${m}`), path.join(dir, `pg-${m}`)];
      const [s, g] = [
        // report.xlsx's page header names the bureau: a SQLite ledger (one bureau) takes it from ASSESS_BUREAU.
        assess([...monthFiles(m), '--roster', 'fixtures/roster.csv', '--allow-rejects', '--out', out[0]!, '--ledger', sqlite], { env: { ASSESS_BUREAU: '漠河县局' } }),
        assess([...monthFiles(m), '--roster', 'fixtures/roster.csv', '--allow-rejects', '--out', out[1]!, '--ledger', db.url(clerk)]),
      ];
      expect(s.code, `${m}: ${s.stderr}`).toBe(0);
      expect([g.code, g.stdout, g.stderr.replaceAll(out[1]!, out[0]!)]).toEqual([s.code, s.stdout, s.stderr]);
      const files = fs.readdirSync(out[0]!).sort();
      expect(fs.readdirSync(out[1]!).sort()).toEqual(files);
      for (const f of files) expect(fs.readFileSync(path.join(out[1]!, f)), `${m}/${f}`).toEqual(fs.readFileSync(path.join(out[0]!, f)));
    }
  }, 600_000); // 24 runs of the CLI

  it('year (table, csv, json), history and explain', () => {
    const cases = [
      ['year', '2026'],
      ['year', '2026', '--format', 'json'],
      ['year', '2026', '--format', 'csv'],
      ['history', '0012'],
      ['history', '0012', '--format', 'json'],
      ['history', '0001', '--format', 'csv'],
      ['explain', '0012', ...monthFiles('2026-03'), '--roster', 'fixtures/roster.csv', '--allow-rejects'],
      ['explain', '0012', ...monthFiles('2026-03'), '--roster', 'fixtures/roster.csv', '--allow-rejects', '--format', 'json'],
      // A month that reads the other eleven from the ledger for its year to date.
      [...monthFiles('2026-06'), '--roster', 'fixtures/roster.csv', '--allow-rejects', '--dry-run', '--format', 'json'],
    ];
    for (const args of cases) {
      const [s, g] = both(args);
      expect(s.code, `${args.join(' ')}: ${s.stderr}`).toBe(0);
      expect(s.stdout.length).toBeGreaterThan(100);
      expect({ code: g.code, stdout: g.stdout, stderr: g.stderr }, args.join(' ')).toEqual({ code: s.code, stdout: s.stdout, stderr: s.stderr });
    }
  }, 600_000);

  it('the stored rows read back the same, through the one ledger interface', async () => {
    const [s, g] = [await openLedger(sqlite, { readonly: true }), await openLedger(db.url(clerk), { readonly: true })];
    try {
      expect(await g.months()).toEqual(MONTHS);
      expect(await g.months()).toEqual(await s.months());
      expect(await g.personMonths(2026)).toEqual(await s.personMonths(2026));
      for (const m of MONTHS) {
        expect(await g.units(m)).toEqual(await s.units(m));
        const effects = await s.effects(m);
        expect(effects.length).toBeGreaterThan(0);
        expect(await g.effects(m)).toEqual(effects);
        const [rs, rg] = [await s.monthRun(m), await g.monthRun(m)];
        // Who stored it and when differ by nature: two runs, an OS user and a role.
        expect({ ...rg, storedBy: 'x', runAt: 'x' }).toEqual({ ...rs, storedBy: 'x', runAt: 'x' });
        expect(rg?.storedBy).toBe(clerk);
      }
    } finally {
      await s.close();
      await g.close();
    }
  });
});
