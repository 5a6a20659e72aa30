/**
 * report.xlsx and year.xlsx (§7) as workbook specs: the same fields as the
 * CSV files, with sheet names and headings in the run's language, for
 * src/render/xlsx.ts to write.
 */
import type { MonthReport } from '../pay/report.js';
import type { Field } from './columns.js';
import { scoreNumber } from './format.js';
import { labels, type Lang } from './i18n.js';
import {
  FILE_FIELDS,
  rejectFields,
  SCORE_FIELDS,
  TOTAL_FIELDS,
  TRACE_FIELDS,
  UNIT_FIELDS,
  traceRows,
  unitRows,
} from './month.js';
import { fieldSheet, heading, pageTitle, summaryColumns, yuan, type Sheet, type SheetCell, type WorkbookSpec } from './workbook.js';
import { YEAR_FIELDS, yearRows, type YearView } from './year.js';

/** Sheet names (tabs) in each language; a continued sheet adds " (2)" and so on. */
const SHEETS = {
  en: { scores: 'scores', units: 'units', trace: 'trace', rejects: 'rejects', summary: 'summary', year: 'allocation' },
  zh: { scores: '得分', units: '单位', trace: '明细', rejects: '退回', summary: '汇总', year: '年终分配' },
} as const;

/** The summary sheet's section names. */
const SECTIONS = {
  en: { month: 'Month', totals: 'Totals', rules: 'Rules', files: 'File', unmatched: 'Unmatched', rejected: 'Rejected rows', year: 'Year' },
  zh: { month: '月份', totals: '合计', rules: '规则', files: '文件', unmatched: '未匹配规则的记录', rejected: '退回的记录', year: '年度' },
} as const;

/** A summary value of a report field: money marked as money, scores in points. */
function summaryValue<T>(field: Field<T>, row: T): SheetCell {
  switch (field.kind) {
    case 'text':
      return field.get(row);
    case 'money':
      return { money: yuan(field.get(row)) };
    case 'score':
      return scoreNumber(field.get(row));
    case 'count':
      return field.get(row);
  }
}

/** The summary sheet of a month: month, totals, rules hash, files, unmatched counts, rejected rows. */
function monthSummaryRows(r: MonthReport, lang: Lang): SheetCell[][] {
  const S = SECTIONS[lang];
  const L = labels(lang);
  const rows: SheetCell[][] = [[S.month, heading('month', lang), '', r.month]];
  for (const field of TOTAL_FIELDS) rows.push([S.totals, heading(field.name, lang), '', summaryValue(field, r.totals)]);
  rows.push([S.rules, heading('rules_hash', lang), '', r.rulesHash]);
  for (const file of r.files) {
    for (const field of FILE_FIELDS.slice(1)) rows.push([S.files, file.file, heading(field.name, lang), summaryValue(field, file)]);
  }
  for (const u of r.unmatched) rows.push([S.unmatched, u.kind, u.type === '' ? L.noType : u.type, u.count]);
  rows.push([S.rejected, heading('count', lang), '', r.rejected.length]);
  return rows;
}

/** report.xlsx of a month: scores, units, trace, rejects and summary. */
export function monthWorkbook(r: MonthReport, opts: { lang: Lang; bureau: string }): WorkbookSpec {
  const { lang } = opts;
  const names = SHEETS[lang];
  const period = labels(lang).monthTitle(r.month);
  const title = (sheet: string): string => pageTitle(opts.bureau, period, sheet);
  const sheets: Sheet[] = [
    fieldSheet(names.scores, title(names.scores), SCORE_FIELDS, r.people, lang),
    fieldSheet(names.units, title(names.units), UNIT_FIELDS, unitRows(r), lang),
    fieldSheet(names.trace, title(names.trace), TRACE_FIELDS, r.effects ? traceRows(r, lang) : [], lang),
    fieldSheet(names.rejects, title(names.rejects), rejectFields(lang), r.rejected, lang),
    { name: names.summary, title: title(names.summary), columns: summaryColumns(lang), rows: monthSummaryRows(r, lang) },
  ];
  return { sheets, date: new Date(`${r.month}-01T00:00:00Z`) };
}

/** year.xlsx: the allocation per person, and the pool with the months assessed and missing. */
export function yearWorkbook(y: YearView, opts: { lang: Lang; bureau: string }): WorkbookSpec {
  const { lang } = opts;
  const names = SHEETS[lang];
  const S = SECTIONS[lang];
  const period = labels(lang).yearTitle(y.year);
  const title = (sheet: string): string => pageTitle(opts.bureau, period, sheet);
  const none = labels(lang).none;
  const summary: SheetCell[][] = [
    [S.year, heading('year', lang), '', y.year],
    [S.totals, heading('pool', lang), '', { money: yuan(y.pool) }],
    [S.totals, heading('allocated', lang), '', { money: yuan(y.allocated) }],
    [S.totals, heading('undistributed', lang), '', { money: yuan(y.undistributed) }],
    [S.month, heading('months_assessed', lang), '', y.monthsAssessed.join(', ') || none],
    [S.month, heading('months_missing', lang), '', y.monthsMissing.join(', ') || none],
  ];
  return {
    sheets: [
      fieldSheet(names.year, title(names.year), YEAR_FIELDS, yearRows(y), lang),
      { name: names.summary, title: title(names.summary), columns: summaryColumns(lang), rows: summary },
    ],
    date: new Date(`${y.year}-01-01T00:00:00Z`),
  };
}
