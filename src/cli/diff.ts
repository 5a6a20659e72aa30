/**
 * `assess diff <files...> --rules NEW [--base-rules OLD]`: the month under two
 * rule sets, side by side, for the people it changes. Never writes.
 */
import { diffReports, renderDiff } from '../render/diff.js';
import type { MonthReport } from '../pay/report.js';
import { monthReport, openLedgerFor } from './ledgerio.js';
import type { RawOptions } from './options.js';
import { chooseRulesDir, commonOptions, inputOptions } from './options.js';
import type { LoadedRules } from '../engine/pipeline.js';
import { loadCommandRules } from './rulesdir.js';
import { assessForCommand, reportRejects } from './run.js';
import type { Terminal } from './terminal.js';

/** Exit 0 with the differences (possibly none); 1 on input or rules errors. */
export async function diffCommand(files: string[], raw: RawOptions, term: Terminal): Promise<number> {
  const common = commonOptions(raw, term);
  const input = { ...inputOptions(raw), dryRun: true };
  const announced = { done: false };
  const after = loadCommandRules({ dir: common.rulesDir, builtin: common.rulesBuiltin }, common, term, announced);
  const before = loadCommandRules(chooseRulesDir(raw.baseRules, term), common, term, announced);
  const opened: { close(): void }[] = [];
  const reportUnder = async (rules: LoadedRules, quiet: boolean): Promise<MonthReport | null> => {
    const month = await assessForCommand(files, input, rules, term, common, false);
    opened.push(month.rejects);
    if (quiet ? month.rejects.length > 0 && !input.allowRejects : !reportRejects(month.rejects, input.allowRejects, term, common)) return null;
    const ledger = await openLedgerFor(common, true);
    try {
      return await monthReport(month, rules, ledger);
    } finally {
      await ledger?.close();
    }
  };
  try {
    const base = await reportUnder(before, false);
    if (!base) return 1;
    const next = await reportUnder(after, true);
    if (!next) return 1;
    term.out(renderDiff(diffReports(base, next), { format: common.format, lang: common.lang, color: common.color }));
    return 0;
  } finally {
    for (const o of opened) o.close();
  }
}
