/**
 * `assess history <employee>`: one person's months from the ledger, as a
 * table with a small score bar chart, as CSV and as JSON.
 */
import type { Hundredths } from '../types.js';
import { fieldsCsv, jsonText, toJsonObject, type JsonValue } from './columns.js';
import { formatFen, formatScore } from './format.js';
import { labels, type Lang } from './i18n.js';
import { personMonthFields, type PersonMonthRow } from './person.js';
import { renderTable, styled, type Cell, type Column, signedCell } from './table.js';

/** Eighth-blocks for the partial last cell of a bar, index = eighths. */
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
/** Bar width in terminal cells; 100 points fill it. */
export const BAR_CELLS = 10;

/**
 * A bar of `BAR_CELLS` cells for a score of 0..100 points, in eighths of a
 * cell (rounded half-up; clamped to the range), padded with spaces so every
 * bar has the same width.
 * @example scoreBar(hundredths(10000)) // "██████████"; scoreBar(hundredths(5000)) // "█████     "
 */
export function scoreBar(score: Hundredths): string {
  const max = BAR_CELLS * 8;
  // Integer half-up: eighths = round(score * max / 10000).
  const eighths = Math.min(max, Math.max(0, Math.floor((score * max + 5000) / 10000)));
  const bar = FULL.repeat(Math.floor(eighths / 8)) + (PARTIAL[eighths % 8] ?? '');
  return bar + ' '.repeat(BAR_CELLS - Math.ceil(eighths / 8));
}

const HISTORY_FIELDS = personMonthFields<PersonMonthRow>();

/** The history as CSV: the scores.csv fields known from each month alone, one row per month. */
export function historyCsv(rows: readonly PersonMonthRow[], opts: { bom: boolean } = { bom: false }): string {
  return fieldsCsv(HISTORY_FIELDS, rows, opts);
}

/** The history as a JSON object `{ employee, months: [...] }`, pretty-printed with a trailing newline. */
export function historyJson(employee: string, rows: readonly PersonMonthRow[]): string {
  const value: { [key: string]: JsonValue } = {
    employee,
    months: rows.map((row) => toJsonObject(HISTORY_FIELDS, row)),
  };
  return jsonText(value);
}

/**
 * The history table: month, score with its bar, points, bonus paid and
 * withheld. Low months (a deduction or a veto) have their bar in the 'bad' style.
 */
export function renderHistory(
  employee: string,
  rows: readonly PersonMonthRow[],
  opts: { lang: Lang; color: boolean },
): string {
  const L = labels(opts.lang);
  if (rows.length === 0) return `${styled(L.noHistory(employee), 'dim', opts.color)}\n`;
  const columns: Column[] = [
    { header: L.month, align: 'left' },
    { header: L.score, align: 'right' },
    { header: L.chart, align: 'left' },
    { header: L.points, align: 'right' },
    { header: L.bonusPaid, align: 'right' },
    { header: L.withheld, align: 'right' },
  ];
  const body = rows.map((row): Cell[] => [
    row.month,
    formatScore(row.score),
    { text: scoreBar(row.score), style: row.vetoed || row.points < 0 ? 'bad' : 'good' },
    signedCell(row.points, formatScore),
    formatFen(row.bonusPaid),
    formatFen(row.withheld),
  ]);
  const first = rows[0];
  const who = first !== undefined && first.name !== '' ? `${employee} ${first.name}` : employee;
  return renderTable(columns, body, { color: opts.color, title: L.historyTitle(who) });
}
