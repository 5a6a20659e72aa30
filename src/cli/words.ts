/**
 * Lines the CLI says to a person about itself (not about the data), in
 * English and Chinese. Both languages implement one interface, so a line
 * without its translation does not type-check. Each carries the code it will
 * have in the problem-codes module.
 */
import type { Lang } from '../render/i18n.js';

export interface Words {
  /** RULES_BUILTIN (note) */
  builtinRules: string;
  initWrote: (file: string) => string;
  initNext: (dir: string, check: string) => string;
  /** REJECTS_MORE (note): the rows beyond the first 20, in this run's rejects.csv. */
  rejectsMoreIn: (more: number, total: number, file: string) => string;
  /** REJECTS_MORE (note): the rows beyond the first 20, and how to get them all. */
  rejectsMoreHow: (more: number, total: number) => string;
  /** ROWS_LEFT_OUT */
  rejectsLeftOut: (total: number) => string;
  /** ROWS_REJECTED */
  rejectsStop: (total: number) => string;
  /** RULES_CHANGED_MIDYEAR (warning) */
  rulesChanged: (p: { year: string; months: string[]; files: string[] | null; before: string[]; now: string }) => string;
}

const EN: Words = {
  builtinRules: 'assess: no rules folder here; using the built-in rules (assess init copies them here to edit)',
  initWrote: (file) => `wrote ${file}`,
  initNext: (dir, check) =>
    [
      `Edit first: ${dir}/columns.yaml, so that its headers are the column names of your exports;`,
      `then the point values that ${dir}/README.md marks as "ours" (the article does not give them).`,
      `Check the folder with: ${check}`,
    ].join('\n'),
  rejectsMoreIn: (more, total, file) => `… and ${more} more rejected ${more === 1 ? 'row' : 'rows'}; all ${total} are in ${file}`,
  rejectsMoreHow: (more, total) =>
    `… and ${more} more rejected ${more === 1 ? 'row' : 'rows'}; to get all ${total} in rejects.csv without recording the month, run again with --allow-rejects --dry-run --out DIR`,
  rejectsLeftOut: (total) => `assess: ${total} ${total === 1 ? 'row' : 'rows'} rejected and left out (--allow-rejects); see rejects.csv or the summary`,
  rejectsStop: (total) =>
    `assess: ${total} ${total === 1 ? 'row' : 'rows'} rejected; nothing was assessed or written. Fix them, or pass --allow-rejects to assess the month without them.`,
  rulesChanged: (p) =>
    `assess: warning: these rules differ from the rules stored for ${p.months.join(', ')}` +
    `${p.files === null ? '' : p.files.length === 1 ? `: ${p.files[0]} changed` : `: ${p.files.join(', ')} changed`}` +
    ` (rules hash ${p.before.join(', ')} then, ${p.now} now); ` +
    `the months of ${p.year} share one year-end pool by score, so make sure the change is meant`,
};

const ZH: Words = {
  builtinRules: 'assess：当前文件夹没有 rules 文件夹，使用内置的考核细则（运行 assess init 可复制到此处修改）',
  initWrote: (file) => `已写入 ${file}`,
  initNext: (dir, check) =>
    [
      `请先修改 ${dir}/columns.yaml，使其中的表头与本单位导出表格的列名一致；`,
      `再修改 ${dir}/README.zh.md 中标为“自定”的分值（原文未给出这些数值）。`,
      `改完后运行 ${check} 检查。`,
    ].join('\n'),
  rejectsMoreIn: (more, total, file) => `……另有 ${more} 行退回的记录未列出；全部 ${total} 行见 ${file}`,
  rejectsMoreHow: (more, total) =>
    `……另有 ${more} 行退回的记录未列出；要把全部 ${total} 行写入 rejects.csv 而不记入台账，请加上 --allow-rejects --dry-run --out 目录 再运行一次`,
  rejectsLeftOut: (total) => `assess：${total} 行记录无法使用，已退回，本月考核未计入这些记录（--allow-rejects）；详见 rejects.csv 或汇总`,
  rejectsStop: (total) => `assess：${total} 行记录无法使用，已退回；本月未考核，也未写入任何文件。请改正这些记录，或加上 --allow-rejects 不计这些记录进行考核。`,
  rulesChanged: (p) =>
    `assess：注意：本月所用的考核细则与台账中 ${p.months.join('、')} 的不同` +
    `${p.files === null ? '' : `，改动的文件：${p.files.join('、')}`}` +
    `（细则哈希原为 ${p.before.join('、')}，现为 ${p.now}）；` +
    `${p.year} 年各月按得分分配同一笔效益工资，请确认这一改动是有意的`,
};

/** The lines of a language. */
export function say(lang: Lang): Words {
  return lang === 'zh' ? ZH : EN;
}
