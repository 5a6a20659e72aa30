/**
 * The words of `--help` (SPEC §10): every command, argument and option
 * description, and commander's own headings, in English and Chinese. Both
 * languages implement one interface, so a description without its
 * translation does not type-check.
 */
import type { Help } from 'commander';
import type { Lang } from '../render/i18n.js';
import { displayWidth } from '../render/table.js';

export interface HelpWords {
  program: string;
  run: string;
  rulesCmd: string;
  rulesCheck: string;
  year: string;
  explain: string;
  diff: string;
  history: string;
  init: string;
  argFiles: string;
  argYear: string;
  argEmployee: string;
  argDir: string;
  optRoster: string;
  optMonth: string;
  optEncoding: string;
  optAllowRejects: string;
  optRules: string;
  optLedger: string;
  optBureau: string;
  ledgerCmd: string;
  optFormat: string;
  optOut: string;
  optUnit: string;
  optNoColor: string;
  optLang: string;
  optQuiet: string;
  optDryRun: string;
  optAllowMissing: string;
  optBaseRules: string;
  optForce: string;
  optHelp: string;
  optVersion: string;
  helpCommand: string;
  /** commander's headings ('Usage:', 'Options:', …) and the words of its extra information. */
  titles: Readonly<Record<string, string>>;
  /** The usage line's `[options]` and `[command]`. */
  optionsWord: string;
  commandWord: string;
  choices: string;
  default: string;
}

const EN: HelpWords = {
  program: 'Monthly assessment scores, production bonus after deductions, and year-end performance pay',
  run: 'assess one month',
  rulesCmd: 'work with the rules folder',
  rulesCheck: 'validate the rules folder against the input schemas',
  year: 'final year-end allocation from the ledger',
  explain: 'every effect on one person, with its source row',
  diff: 'what-if: how each person changes under another rules folder (never writes)',
  history: 'month by month results of one person from the ledger',
  init: 'start a workspace: copy the built-in rules into DIR/rules',
  argFiles: "the month's CSV files",
  argYear: 'the year',
  argEmployee: 'the employee id',
  argDir: 'the workspace folder (default: the current folder)',
  optRoster: 'the roster file (default: one among the inputs, else the nearest roster.csv)',
  optMonth: 'the month to assess (default: the month of the records)',
  optEncoding: 'read the input files in this encoding (utf8, utf16le, gb18030…)',
  optAllowRejects: 'assess the month without the rows that cannot be used, and list them',
  optRules: 'the rules folder (default: ./rules, else the built-in rules)',
  optLedger: 'the ledger database (default: $ASSESS_LEDGER or ./assess.db)',
  optBureau: 'the bureau of a PostgreSQL ledger (when the role may use several)',
  ledgerCmd: 'manage the ledger: PostgreSQL bureaus and grants, stored months',
  optFormat: 'output format',
  optOut: 'also write the report files into this folder',
  optUnit: 'show only this unit in the tables (repeat for several units)',
  optNoColor: 'no colour, even on a terminal',
  optLang: 'language of headings and messages',
  optQuiet: 'no progress bar and no notes on stderr',
  optDryRun: 'record nothing in the ledger (--out files are still written)',
  optAllowMissing: 'allocate even though some months of the year are not assessed',
  optBaseRules: 'the rules to compare against (default: ./rules, else the built-in rules)',
  optForce: 'overwrite rules files that already exist',
  optHelp: 'display help for command',
  optVersion: 'output the version number',
  helpCommand: 'display help for command',
  titles: {},
  optionsWord: '[options]',
  commandWord: '[command]',
  choices: 'choices',
  default: 'default',
};

const ZH: HelpWords = {
  program: '月度考核得分、扣发后的生产奖金和年终效益工资分配',
  run: '考核一个月',
  rulesCmd: '考核细则（rules 文件夹）',
  rulesCheck: '检查 rules 文件夹中的考核细则是否写对',
  year: '根据台账计算年终效益工资分配',
  explain: '列出某人当月的每一项加减分及其出处',
  diff: '规则调整试算：换一套考核细则后每人的变化（不写入台账）',
  history: '从台账列出某人历月的考核结果',
  init: '新建工作文件夹：把内置考核细则复制到 DIR/rules',
  argFiles: '本月的导出文件（CSV）',
  argYear: '年度',
  argEmployee: '工号',
  argDir: '工作文件夹（默认为当前文件夹）',
  optRoster: '花名册文件（默认：输入文件中的花名册，否则就近的 roster.csv）',
  optMonth: '考核月份（默认：记录日期所在的月份）',
  optEncoding: '按此编码读取输入文件（utf8、utf16le、gb18030 等）',
  optAllowRejects: '跳过无法使用的记录继续考核，并列出这些记录',
  optRules: '考核细则文件夹（默认：./rules，没有则用内置细则）',
  optLedger: '台账数据库（默认：$ASSESS_LEDGER 或 ./assess.db）',
  optBureau: 'PostgreSQL 台账中的局（账号可用多个局时须指明）',
  ledgerCmd: '管理台账：PostgreSQL 台账的局和授权、已存的月份',
  optFormat: '输出格式',
  optOut: '同时把报表文件写入此文件夹',
  optUnit: '表格中只显示此单位（可多次使用，显示多个单位）',
  optNoColor: '不用颜色显示',
  optLang: '标题和提示信息的语言',
  optQuiet: '不显示进度条和提示',
  optDryRun: '不记入台账（仍写出 --out 文件）',
  optAllowMissing: '即使年内有月份未考核，也进行分配',
  optBaseRules: '作为对比基准的考核细则（默认：./rules，没有则用内置细则）',
  optForce: '覆盖已有的细则文件',
  optHelp: '显示帮助',
  optVersion: '显示版本号',
  helpCommand: '显示某个命令的帮助',
  titles: {
    'Usage:': '用法：',
    'Options:': '选项：',
    'Commands:': '命令：',
    'Arguments:': '参数：',
    'Global Options:': '通用选项：',
  },
  optionsWord: '[选项]',
  commandWord: '[命令]',
  choices: '可选',
  default: '默认',
};

/** The help words of a language. */
export function helpWords(lang: Lang): HelpWords {
  return lang === 'zh' ? ZH : EN;
}

/**
 * commander's help in Chinese: its headings, and the choices and default
 * that it appends to an option's description.
 */
export function helpConfig(lang: Lang): Partial<Help> {
  // English is commander's own wording.
  if (lang === 'en') return {};
  const w = helpWords(lang);
  return {
    styleTitle: (title: string) => w.titles[title] ?? title,
    // The usage line's placeholders (`assess [options] [command]`, `run [options] <files...>`).
    styleOptionText: (text: string) => (text === '[options]' ? w.optionsWord : text),
    styleSubcommandText: (text: string) => (text === '[command]' ? w.commandWord : text),
    styleArgumentText: (text: string) => (text === '[command]' ? w.commandWord : text),
    // Columns line up by display width: a Chinese character takes two.
    displayWidth: (text: string) => displayWidth(text),
    optionDescription: (option) => {
      const extra: string[] = [];
      if (option.argChoices) extra.push(`${w.choices}：${option.argChoices.join('、')}`);
      if (option.defaultValue !== undefined && (option.required || option.optional)) {
        extra.push(`${w.default}：${option.defaultValueDescription ?? String(option.defaultValue)}`);
      }
      return extra.length > 0 ? `${option.description}（${extra.join('；')}）` : option.description;
    },
  };
}
