/**
 * Table headings and messages in English and Chinese (`--lang`, default from
 * `LANG`). CSV and JSON field names are part of the file contract (§7) and are
 * never translated; only what a person reads in a terminal is.
 */

/** The languages of table headings and messages. */
export type Lang = 'en' | 'zh';

/**
 * The language implied by a `LANG` value: Chinese for any `zh*` locale.
 * @example langFromEnv('zh_CN.UTF-8') // 'zh'; langFromEnv(undefined) // 'en'
 */
export function langFromEnv(LANG?: string): Lang {
  return LANG !== undefined && LANG.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Every heading and label a renderer shows, so both languages must define all of them. */
export interface Labels {
  employee: string;
  name: string;
  unit: string;
  /** A unit's section row in the tables: `Unit: 线路班`, `单位：线路班`. */
  unitSection: (unit: string) => string;
  month: string;
  year: string;
  score: string;
  points: string;
  unitScore: string;
  effectiveScore: string;
  wage: string;
  bonus: string;
  bonusForfeited: string;
  bonusPaid: string;
  withheld: string;
  ytdWithheld: string;
  projectedAllocation: string;
  people: string;
  avgScore: string;
  months: string;
  allocation: string;
  difference: string;
  total: string;
  veto: string;
  units: string;
  ytdPool: string;
  pool: string;
  allocated: string;
  undistributed: string;
  monthsAssessed: string;
  monthsMissing: string;
  none: string;
  kind: string;
  type: string;
  count: string;
  more: (n: number) => string;
  noType: string;
  /** A record kind as the clerk calls it. */
  kindName: (kind: string) => string;
  /** The chart's heading, with the scores of an empty and a full bar. */
  chart: (lo: string, hi: string) => string;
  monthTitle: (month: string) => string;
  yearTitle: (year: number) => string;
  historyTitle: (employee: string) => string;
  rowsRejected: (n: number) => string;
  unmatchedHeading: string;
  noHistory: (employee: string) => string;
}

const EN: Labels = {
  employee: 'Employee',
  name: 'Name',
  unit: 'Unit',
  unitSection: (unit) => `Unit: ${unit}`,
  month: 'Month',
  year: 'Year',
  score: 'Score',
  points: 'Points',
  unitScore: 'Unit score',
  effectiveScore: 'Effective',
  wage: 'Wage',
  bonus: 'Bonus',
  bonusForfeited: 'Forfeited',
  bonusPaid: 'Bonus paid',
  withheld: 'Withheld',
  ytdWithheld: 'YTD withheld',
  projectedAllocation: 'Projected',
  people: 'People',
  avgScore: 'Avg score',
  months: 'Months',
  allocation: 'Allocation',
  difference: 'Difference',
  total: 'Total',
  veto: 'veto',
  units: 'Units',
  ytdPool: 'YTD pool',
  pool: 'Pool',
  allocated: 'Allocated',
  undistributed: 'Undistributed',
  monthsAssessed: 'Months assessed',
  monthsMissing: 'Months missing',
  none: 'none',
  kind: 'Kind',
  type: 'Type',
  count: 'Count',
  more: (n) => `… and ${n} more`,
  noType: '(no type)',
  kindName: (kind) => kind,
  chart: (lo, hi) => `Score chart ${lo}–${hi}`,
  monthTitle: (month) => `Assessment ${month}`,
  yearTitle: (year) => `Year-end allocation ${year}`,
  historyTitle: (employee) => `History of ${employee}`,
  rowsRejected: (n) => `${n} ${n === 1 ? 'row' : 'rows'} rejected`,
  unmatchedHeading: 'Records no rule matched',
  noHistory: (employee) => `No assessed months for ${employee}`,
};

const ZH: Labels = {
  employee: '工号',
  name: '姓名',
  unit: '单位',
  unitSection: (unit) => `单位：${unit}`,
  month: '月份',
  year: '年度',
  score: '得分',
  points: '加减分',
  unitScore: '单位得分',
  effectiveScore: '综合得分',
  wage: '月工资',
  bonus: '生产奖金',
  bonusForfeited: '扣发奖金',
  bonusPaid: '实发奖金',
  withheld: '效益工资(预留)',
  ytdWithheld: '年度累计预留',
  projectedAllocation: '预计年终分配',
  people: '人数',
  avgScore: '平均得分',
  months: '月数',
  allocation: '年终分配',
  difference: '差额',
  total: '合计',
  veto: '一票否决',
  units: '单位汇总',
  ytdPool: '年度预留总额',
  pool: '预留总额',
  allocated: '已分配',
  undistributed: '未分配',
  monthsAssessed: '已考核月份',
  monthsMissing: '缺少月份',
  none: '无',
  kind: '类别',
  type: '类型',
  count: '条数',
  more: (n) => `… 另有 ${n} 条`,
  noType: '(无类型)',
  kindName: (kind) => ({ roster: '花名册', incident: '事件', complaint: '投诉', training: '培训' })[kind] ?? kind,
  chart: (lo, hi) => `得分图（${lo}–${hi}分）`,
  monthTitle: (month) => `${month} 月度考核`,
  yearTitle: (year) => `${year} 年度效益工资分配`,
  historyTitle: (employee) => `${employee} 历月考核`,
  rowsRejected: (n) => `${n} 行记录无法使用`,
  unmatchedHeading: '未匹配任何规则的记录',
  noHistory: (employee) => `${employee} 没有已考核的月份`,
};

/** The labels of a language. */
export function labels(lang: Lang): Labels {
  return lang === 'zh' ? ZH : EN;
}
