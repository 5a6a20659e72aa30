/**
 * What report.xlsx and year.xlsx hold (§7), as plain data: sheets with their
 * names, page titles, typed columns and rows, headings in the run's
 * language. src/render/xlsx.ts turns this into the bytes of a workbook.
 */
import type { Field } from './columns.js';
import { formatFen, scoreNumber } from './format.js';
import type { Lang } from './i18n.js';

/**
 * How a column's cells are written: text cells (an employee id keeps its
 * `0012`), money as numbers shown `0.00`, scores and counts as numbers, and
 * `mixed` for a column of labelled values (the summary sheet) whose money
 * cells say so themselves.
 */
export type ColumnKind = 'text' | 'money' | 'score' | 'count' | 'mixed';

/** A money amount in a `mixed` column: yuan, shown with two decimals. */
export interface MoneyCell {
  money: number;
}

/** One cell: text, a number, or money in a `mixed` column. */
export type SheetCell = string | number | MoneyCell;

export interface SheetColumn {
  heading: string;
  kind: ColumnKind;
}

/** One worksheet: its tab name, the title printed in its page header, columns and rows. */
export interface Sheet {
  name: string;
  title: string;
  columns: SheetColumn[];
  rows: Iterable<SheetCell[]>;
}

/** A workbook: its sheets in order, and the date stamped in it (never the clock: the bytes must not change). */
export interface WorkbookSpec {
  sheets: Sheet[];
  date: Date;
}

/** Headings of report fields, by CSV field name (the CSV names stay the file contract; a workbook is read by people). */
const HEADINGS: Record<string, Record<Lang, string>> = {
  month: { en: 'Month', zh: '月份' },
  year: { en: 'Year', zh: '年度' },
  employee: { en: 'Employee', zh: '工号' },
  name: { en: 'Name', zh: '姓名' },
  unit: { en: 'Unit', zh: '单位' },
  score: { en: 'Score', zh: '得分' },
  points: { en: 'Points', zh: '加减分' },
  unit_score: { en: 'Unit score', zh: '单位得分' },
  effective_score: { en: 'Effective score', zh: '综合得分' },
  wage: { en: 'Wage', zh: '月工资' },
  bonus: { en: 'Bonus', zh: '生产奖金' },
  bonus_forfeited: { en: 'Bonus forfeited', zh: '扣发奖金' },
  bonus_paid: { en: 'Bonus paid', zh: '实发奖金' },
  withheld: { en: 'Withheld', zh: '效益工资(预留)' },
  ytd_withheld: { en: 'YTD withheld', zh: '年度累计预留' },
  projected_allocation: { en: 'Projected allocation', zh: '预计年终分配' },
  people: { en: 'People', zh: '人数' },
  avg_score: { en: 'Average score', zh: '平均得分' },
  rule: { en: 'Rule', zh: '规则' },
  title: { en: 'Title', zh: '规则名称' },
  target: { en: 'Target', zh: '对象' },
  source: { en: 'Source', zh: '来源' },
  code: { en: 'Code', zh: '代码' },
  reason: { en: 'Reason', zh: '原因' },
  row: { en: 'Row', zh: '原始记录' },
  months: { en: 'Months', zh: '月数' },
  avg: { en: 'Average score', zh: '平均得分' },
  allocation: { en: 'Allocation', zh: '年终分配' },
  difference: { en: 'Difference', zh: '差额' },
  file: { en: 'File', zh: '文件' },
  sha256: { en: 'SHA-256', zh: 'SHA-256' },
  kind: { en: 'Kind', zh: '类别' },
  type: { en: 'Type', zh: '类型' },
  rows_read: { en: 'Rows read', zh: '读入行数' },
  accepted: { en: 'Accepted', zh: '采用' },
  rejected: { en: 'Rejected', zh: '退回' },
  count: { en: 'Count', zh: '条数' },
  ytd_pool: { en: 'YTD pool', zh: '年度预留总额' },
  rules_hash: { en: 'Rules hash', zh: '规则哈希' },
  pool: { en: 'Pool', zh: '效益工资总额' },
  allocated: { en: 'Allocated', zh: '已分配' },
  undistributed: { en: 'Undistributed', zh: '未分配' },
  months_assessed: { en: 'Months assessed', zh: '已考核月份' },
  months_missing: { en: 'Months missing', zh: '缺少月份' },
};

/**
 * The heading of a report field in a language; a field without one (added
 * to a CSV later) shows its CSV name rather than nothing.
 * @example heading('bonus_paid', 'zh') // "实发奖金"
 */
export function heading(field: string, lang: Lang): string {
  return HEADINGS[field]?.[lang] ?? field;
}

/** Whether a field has a heading in both languages (for the test that keeps them complete). */
export function hasHeading(field: string): boolean {
  return HEADINGS[field] !== undefined;
}

/** Money as a number of yuan, through its exact decimal text (the nearest double to it). */
export function yuan(amount: Parameters<typeof formatFen>[0]): number {
  return Number(formatFen(amount));
}

/** One field's cell: text as text, money in yuan, scores in points, counts as they are. */
function fieldCell<T>(field: Field<T>, row: T): SheetCell {
  switch (field.kind) {
    case 'text':
      return field.get(row);
    case 'money':
      return yuan(field.get(row));
    case 'score':
      return scoreNumber(field.get(row));
    case 'count':
      return field.get(row);
  }
}

/** Columns for report fields, headed in the run's language. */
export function fieldColumns<T>(fields: readonly Field<T>[], lang: Lang): SheetColumn[] {
  return fields.map((f) => ({ heading: heading(f.name, lang), kind: f.kind }));
}

/** Rows of report fields, one at a time (a trace has millions). */
export function* fieldRows<T>(fields: readonly Field<T>[], rows: Iterable<T>): Generator<SheetCell[]> {
  for (const row of rows) {
    const cells = new Array<SheetCell>(fields.length);
    for (let i = 0; i < fields.length; i++) cells[i] = fieldCell(fields[i] as Field<T>, row);
    yield cells;
  }
}

/** A sheet of report fields. */
export function fieldSheet<T>(name: string, title: string, fields: readonly Field<T>[], rows: Iterable<T>, lang: Lang): Sheet {
  return { name, title, columns: fieldColumns(fields, lang), rows: fieldRows(fields, rows) };
}

/**
 * The page header's title: bureau, month and sheet, as a notice posted on
 * a wall reads (公示).
 * @example pageTitle('漠河县电信局', '2026-02 月度考核', '得分') // "漠河县电信局 2026-02 月度考核 得分"
 */
export function pageTitle(bureau: string, period: string, sheet: string): string {
  return [bureau, period, sheet].filter((s) => s !== '').join(' ');
}

/** The summary sheet's columns: section, item, detail, value. */
export function summaryColumns(lang: Lang): SheetColumn[] {
  return lang === 'zh'
    ? [
        { heading: '类别', kind: 'text' },
        { heading: '项目', kind: 'text' },
        { heading: '明细', kind: 'text' },
        { heading: '值', kind: 'mixed' },
      ]
    : [
        { heading: 'Section', kind: 'text' },
        { heading: 'Item', kind: 'text' },
        { heading: 'Detail', kind: 'text' },
        { heading: 'Value', kind: 'mixed' },
      ];
}
