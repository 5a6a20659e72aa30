/**
 * `assess ledger migrate|grant|grants|revoke|status|drop` (SPEC §6). The
 * first four are for a PostgreSQL ledger's owner; a SQLite ledger (one
 * bureau, created by assessing a month) refuses them with exit 2.
 */
import fs from 'node:fs';
import { isPostgresUrl, openLedger } from '../ledger/ledger.js';
import { grant, listGrants, migrate, revoke, status } from '../ledger/pgadmin.js';
import { fail } from '../problems.js';
import type { CommonOptions, RawOptions } from './options.js';
import { commonOptions } from './options.js';
import { openLedgerToRead } from './ledgerio.js';
import type { Terminal } from './terminal.js';
import { VERSION } from './version.js';
import { say } from './words.js';

/** The ledger URL, or exit 2 for a SQLite ledger, which has no owner, roles or bureaus. */
function postgresOnly(common: CommonOptions, command: string): string {
  if (isPostgresUrl(common.ledgerPath)) return common.ledgerPath;
  throw fail('USAGE_LEDGER_SQLITE', null, { command, path: common.ledgerPath });
}

/** `ledger migrate`: create or upgrade the schema (the database's owner). */
export async function migrateCommand(raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const url = postgresOnly(common, 'migrate');
  if (common.bureau !== null) throw fail('USAGE_MIGRATE_BUREAU', null, {});
  const r = await migrate(url);
  term.out(`${say(common.lang).ledger.migrated(r)}\n`);
  return 0;
}

/** `ledger grant ROLE (--bureau NAME | --all-bureaus)`. */
export async function grantCommand(role: string, raw: RawOptions & { allBureaus?: boolean }, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const url = postgresOnly(common, 'grant');
  const all = raw.allBureaus === true;
  if (all === (common.bureau !== null)) {
    throw fail('USAGE_GRANT_WHICH', null, {});
  }
  const r = await grant(url, role, all ? null : common.bureau);
  term.out(`${say(common.lang).ledger.granted({ role: r.role, bureau: r.bureau, created: r.createdBureau })}\n`);
  return 0;
}

/** `ledger grants`: every grant. */
export async function grantsCommand(raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const rows = await listGrants(postgresOnly(common, 'grants'));
  if (common.format === 'json') {
    term.out(`${JSON.stringify({ grants: rows.map((g) => ({ role: g.role, bureau: g.bureau, access: g.writes ? 'read-write' : 'read', granted_at: g.grantedAt })) }, null, 2)}\n`);
    return 0;
  }
  const w = say(common.lang).ledger;
  if (rows.length === 0) term.out(`${w.noGrants}\n`);
  for (const g of rows) term.out(`${g.role}\t${g.bureau === null ? w.everyBureau : g.bureau}\t${w.access(g.writes)}\t${g.grantedAt}\n`);
  return 0;
}

/** `ledger revoke ROLE [--bureau NAME]`. */
export async function revokeCommand(role: string, raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const n = await revoke(postgresOnly(common, 'revoke'), role, common.bureau);
  if (n === 0) throw fail('PG_NOTHING_TO_REVOKE', null, { role, bureau: common.bureau });
  term.out(`${say(common.lang).ledger.revoked(role, n)}\n`);
  return 0;
}

/** `ledger status YYYY`: per readable bureau, the months stored and missing. */
export async function statusCommand(yearArg: string, raw: RawOptions, term: Terminal): Promise<number> {
  const year = yearOf(yearArg);
  const common = commonOptions(raw, term);
  let bureaus: { bureau: string; months: string[] }[];
  if (isPostgresUrl(common.ledgerPath)) {
    bureaus = (await status(common.ledgerPath, year, common.bureau)).bureaus;
  } else {
    const ledger = await openLedgerToRead(common);
    try {
      bureaus = [{ bureau: '', months: await ledger.months(year) }];
    } finally {
      await ledger.close();
    }
  }
  const all = Array.from({ length: 12 }, (_, i) => `${String(year).padStart(4, '0')}-${String(i + 1).padStart(2, '0')}`);
  const shown = bureaus.map((b) => ({ bureau: b.bureau, stored: b.months, missing: all.filter((m) => !b.months.includes(m)) }));
  if (common.format === 'json') {
    term.out(`${JSON.stringify({ year, bureaus: shown }, null, 2)}\n`);
    return 0;
  }
  const w = say(common.lang).ledger;
  if (shown.length === 0) term.out(`${w.noBureau}\n`);
  for (const b of shown) {
    const name = b.bureau === '' ? common.ledgerPath : w.bureauName(b.bureau);
    term.out(`${w.status({ name, year, stored: b.stored, missing: b.missing })}\n`);
  }
  return 0;
}

/** `ledger drop YYYY-MM`: remove a month stored by mistake (on record in the ledger's log). */
export async function dropCommand(month: string, raw: RawOptions, term: Terminal): Promise<number> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw fail('USAGE_NOT_A_MONTH', null, { value: month });
  const common = commonOptions(raw, term);
  if (!isPostgresUrl(common.ledgerPath)) {
    // Dropping from a ledger that does not exist would create one first.
    if (!fs.existsSync(common.ledgerPath)) throw fail('LEDGER_NOTHING_TO_DROP', null, { path: common.ledgerPath });
  }
  const ledger = await openLedger(common.ledgerPath, { bureau: common.bureau, busyTimeoutMs: common.busyTimeoutMs });
  try {
    if (!(await ledger.dropMonth(month, VERSION))) throw fail('LEDGER_MONTH_NOT_STORED', null, { month, bureau: ledger.bureau, where: ledger.where });
    term.out(`${say(common.lang).ledger.dropped({ month, bureau: ledger.bureau, where: ledger.where })}\n`);
    return 0;
  } finally {
    await ledger.close();
  }
}

function yearOf(arg: string): number {
  if (!/^\d{4}$/.test(arg)) throw fail('USAGE_BAD_YEAR', null, { value: arg });
  return Number(arg);
}
