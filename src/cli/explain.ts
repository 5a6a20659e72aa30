/**
 * `assess explain <employee> <files...>`: one person's month rebuilt from
 * base 100, effect by effect, with each effect's source row. Never writes.
 */
import { explainPerson } from '../render/explain.js';
import { fail } from '../problems.js';
import { monthReport, openLedgerFor } from './ledgerio.js';
import type { RawOptions } from './options.js';
import { commonOptions, inputOptions } from './options.js';
import { loadOwnRules } from './rulesdir.js';
import { assessForCommand, reportRejects } from './run.js';
import type { Terminal } from './terminal.js';
import type { Ledger } from '../ledger/ledger.js';

/** Exit 0 with the explanation; 1 when the person is not on the month's roster or the input is bad. */
export async function explainCommand(employee: string, files: string[], raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const input = { ...inputOptions(raw), dryRun: true };
  const rules = loadOwnRules(common, term);
  const month = await assessForCommand(files, input, rules, term, common, true);
  let ledger: Ledger | null | undefined;
  try {
    ledger = reportRejects(month.rejects, input.allowRejects, term, common) ? await openLedgerFor(common, true) : undefined;
    if (ledger === undefined) return 1;
    const report = await monthReport(month, rules, ledger);
    const id = employee.trim();
    if (!report.people.some((p) => p.employee === id)) {
      throw fail('EMPLOYEE_NOT_IN_MONTH', null, { employee: id, month: report.month, roster: month.rosterFile });
    }
    term.out(explainPerson(report, id, rules.ruleSet.scoring, rules.ruleSet.rules, { format: common.format, lang: common.lang, color: common.color }));
    return 0;
  } finally {
    await ledger?.close();
    month.rejects.close();
  }
}
