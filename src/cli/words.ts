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
  /** Before a warning worded by src/problems.ts (a workbook's sheet skipped). */
  warningPrefix: string;
  /** A month stored again: its earlier results are replaced. */
  replaced: (p: { month: string; bureau: string; when: string | null; by: string | null }) => string;
  /** `year` without --allow-missing while months are missing (two lines). */
  yearMissing: (year: number, months: string[]) => string;
  /** `assess rules check` of a sound folder. */
  rulesOk: (p: { rules: number; where: string | null; hash: string }) => string;
  /** The progress bar's rate and time left. */
  progress: (rowsPerSecond: string, eta: string) => string;
  /** `assess ledger …`: what each subcommand did. */
  ledger: {
    migrated: (p: { where: string; from: number; to: number }) => string;
    granted: (p: { role: string; bureau: string | null; created: boolean }) => string;
    noGrants: string;
    everyBureau: string;
    access: (writes: boolean) => string;
    revoked: (role: string, n: number) => string;
    noBureau: string;
    status: (p: { name: string; year: number; stored: string[]; missing: string[] }) => string;
    bureauName: (bureau: string) => string;
    dropped: (p: { month: string; bureau: string; where: string }) => string;
  };
  /** RULES_CHANGED_MIDYEAR (warning) */
  rulesChanged: (p: { year: string; months: string[]; files: string[] | null; before: string[]; now: string }) => string;
}

const EN: Words = {
  ledger: {
    migrated: (p) => (p.from === p.to
      ? `ledger at ${p.where}: schema version ${p.to}, up to date; policies renewed`
      : `ledger at ${p.where}: schema ${p.from === 0 ? 'created' : `upgraded from version ${p.from}`} at version ${p.to}`),
    granted: (p) => (p.bureau === null
      ? `role ${p.role} may now read every bureau (and write none)`
      : `role ${p.role} may now read and write bureau "${p.bureau}"${p.created ? ' (a new bureau)' : ''}`),
    noGrants: 'no grants yet (assess ledger grant ROLE --bureau NAME)',
    everyBureau: '(every bureau)',
    access: (writes) => (writes ? 'read-write' : 'read'),
    revoked: (role, n) => `role ${role}: ${n} grant${n === 1 ? '' : 's'} revoked`,
    noBureau: 'no bureau of the ledger is readable by this role',
    status: (p) => `${p.name}: ${p.stored.length} of 12 months of ${p.year} stored${p.stored.length ? ` (${p.stored.join(', ')})` : ''}; ` +
      (p.missing.length === 0 ? 'none missing' : `missing: ${p.missing.join(', ')}`),
    bureauName: (bureau) => `bureau "${bureau}"`,
    dropped: (p) => `${p.bureau === '' ? p.month : `${p.month} of bureau "${p.bureau}"`} dropped from the ledger ${p.where}`,
  },
  warningPrefix: 'assess: ',
  replaced: (p) => {
    const when = [p.when, p.by && `by ${p.by}`].filter(Boolean).join(', ');
    const of = p.bureau === '' ? p.month : `${p.month} of bureau "${p.bureau}"`;
    return `assess: ${of} was assessed before${when ? ` (${when})` : ''}; its results in the ledger are replaced`;
  },
  yearMissing: (year, months) =>
    `assess: ${months.length} month${months.length === 1 ? '' : 's'} of ${year} not assessed: ${months.join(', ')}\n` +
    'assess: the year-end allocation pays out the whole pool; assess the missing months, or pass --allow-missing to allocate without them',
  rulesOk: (p) => `rules OK: ${p.rules} rule${p.rules === 1 ? '' : 's'} in ${p.where === null ? 'the built-in rules' : p.where} (hash ${p.hash})`,
  progress: (rate, eta) => `${rate} rows/s  ETA ${eta}`,
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
  ledger: {
    migrated: (p) => (p.from === p.to
      ? `台账（${p.where}）：结构版本 ${p.to}，已是最新；访问策略已重新设置`
      : `台账（${p.where}）：${p.from === 0 ? '已建立结构' : `结构已从版本 ${p.from} 升级`}，现为版本 ${p.to}`),
    granted: (p) => (p.bureau === null
      ? `角色 ${p.role} 现在可以查看所有县局的数据（不能写入）`
      : `角色 ${p.role} 现在可以查看和写入县局 "${p.bureau}" 的数据${p.created ? '（新建的县局）' : ''}`),
    noGrants: '还没有任何授权（用 assess ledger grant 角色 --bureau 县局 授权）',
    everyBureau: '（所有县局）',
    access: (writes) => (writes ? '读写' : '只读'),
    revoked: (role, n) => `角色 ${role}：已撤销 ${n} 项授权`,
    noBureau: '这个角色不能查看台账中的任何县局',
    status: (p) => `${p.name}：${p.year} 年 12 个月中已存入 ${p.stored.length} 个月${p.stored.length ? `（${p.stored.join('、')}）` : ''}；` +
      (p.missing.length === 0 ? '没有缺少的月份' : `缺少：${p.missing.join('、')}`),
    bureauName: (bureau) => `县局 "${bureau}"`,
    dropped: (p) => `已从台账 ${p.where} 中删除${p.bureau === '' ? ' ' : `县局 "${p.bureau}" `}${p.month} 的考核结果`,
  },
  warningPrefix: 'assess：',
  replaced: (p) => {
    const when = [p.when, p.by && `由 ${p.by} 存入`].filter(Boolean).join('，');
    const of = p.bureau === '' ? p.month : `${p.bureau} ${p.month}`;
    return `assess：${of} 以前已考核过${when ? `（${when}）` : ''}，台账中原有的结果已被这次的替换`;
  },
  yearMissing: (year, months) =>
    `assess：${year} 年有 ${months.length} 个月还没有考核：${months.join('、')}\n` +
    'assess：年终分配会把效益工资总额全部分完；请先考核缺少的月份，或加上 --allow-missing 不计这些月份进行分配',
  rulesOk: (p) => `考核细则检查通过：${p.where === null ? '内置细则' : p.where} 共 ${p.rules} 条规则（哈希 ${p.hash}）`,
  progress: (rate, eta) => `每秒 ${rate} 行  预计还需 ${eta}`,
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
