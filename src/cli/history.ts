/**
 * `assess history <employee>`: one person's months from the ledger.
 */
import { historyCsv, historyJson, renderHistory } from '../render/history.js';
import { fail } from '../problems.js';
import { openLedgerToRead } from './ledgerio.js';
import type { RawOptions } from './options.js';
import { commonOptions } from './options.js';
import type { Terminal } from './terminal.js';

/** Exit 0 with the person's months; 1 when the ledger has none. */
export async function historyCommand(employee: string, raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const ledger = await openLedgerToRead(common);
  try {
    const rows = await ledger.history(employee.trim());
    if (rows.length === 0) throw fail('LEDGER_NO_EMPLOYEE', null, { employee, path: ledger.where });
    if (common.format === 'json') term.out(historyJson(employee, rows));
    else if (common.format === 'csv') term.out(historyCsv(rows));
    else term.out(renderHistory(employee, rows, { lang: common.lang, color: common.color }));
    return 0;
  } finally {
    await ledger.close();
  }
}
