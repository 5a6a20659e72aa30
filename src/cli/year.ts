/**
 * `assess year YYYY`: the final year-end allocation, from the ledger alone.
 */
import { computeYear } from '../pay/year.js';
import { renderYearTable, yearCsv, yearJson } from '../render/year.js';
import { fail } from '../problems.js';
import { yearWorkbook } from '../render/report.js';
import { stageOutFiles } from './files.js';
import { say } from './words.js';
import { openLedgerToRead } from './ledgerio.js';
import type { RawOptions } from './options.js';
import { commonOptions, pageBureau } from './options.js';
import { loadOwnRules } from './rulesdir.js';
import { checkUnits } from './units.js';
import type { Terminal } from './terminal.js';

/** Exit 0 with the allocation; 1 while months are missing (unless --allow-missing) or on errors. */
export async function yearCommand(yearArg: string, raw: RawOptions, term: Terminal): Promise<number> {
  if (!/^\d{4}$/.test(yearArg)) throw fail('USAGE_BAD_YEAR', null, { value: yearArg });
  const year = Number(yearArg);
  const common = commonOptions(raw, term);
  const rules = loadOwnRules(common, term);
  const ledger = await openLedgerToRead(common);
  try {
    const assessed = await ledger.months(year);
    const rows = (await ledger.personMonths(year)).map((p) => ({
      month: p.month,
      employee: p.employee,
      name: p.name,
      unit: p.unit,
      withheld: p.withheld,
      effectiveScore: p.effectiveScore,
    }));
    const result = computeYear(year, rows, rules.ruleSet.scoring.allocation, assessed);
    if (assessed.length === 0) throw fail('LEDGER_NO_MONTHS', null, { year, path: ledger.where });
    if (result.monthsMissing.length > 0 && raw.allowMissing !== true) {
      term.err(say(common.lang).yearMissing(year, result.monthsMissing));
      return 1;
    }
    checkUnits(common.units, [...new Set(result.people.map((p) => p.unit))], String(year));
    if (common.format === 'json') term.out(yearJson(result));
    else if (common.format === 'csv') term.out(yearCsv(result, { bom: false }));
    else term.out(renderYearTable(result, { lang: common.lang, color: common.color, units: common.units }));
    if (common.outDir) {
      (await stageOutFiles(common.outDir, [['year.csv', yearCsv(result, { bom: true })]], [
        ['year.xlsx', () => yearWorkbook(result, { lang: common.lang, bureau: pageBureau(common, ledger.bureau, term.env) })],
      ])).commit();
    }
    return 0;
  } finally {
    await ledger.close();
  }
}
