/**
 * `assess history <employee>`: one person's months from the ledger, as a
 * table with a small score bar chart, as CSV and as JSON.
 */
import { hundredths, type Hundredths } from '../types.js';
import { fieldsCsv, jsonText, toJsonObject, type JsonValue } from './columns.js';
import { formatFen, formatScore } from './format.js';
import { labels, type Lang } from './i18n.js';
import { personMonthFields, type PersonMonthRow } from './person.js';
import { renderTable, styled, type Cell, type Column, signedCell } from './table.js';

/** Eighth-blocks for the partial last cell of a bar, index = eighths. */
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const FULL = '█';
/** Bar width in terminal cells. */
export const BAR_CELLS = 10;

/** The scores an empty bar and a full bar stand for, in hundredths. */
export interface ChartScale {
  lo: Hundredths;
  hi: Hundredths;
}

/** Scale steps: the ends of the chart are whole multiples of 10 points. */
const STEP = 1000;

/**
 * The chart's scale for a person's months: from the multiple of 10 points
 * at or below the lowest score to the one at or above the highest, at least
 * 10 points apart. Over 0–100 a drop from 100 to 96.5 moved a bar by a third
 * of a cell; over 90–100 it takes three of its ten cells.
 * @example chartScale([hundredths(10000), hundredths(9650)]) // { lo: 9000, hi: 10000 }
 */
export function chartScale(scores: readonly Hundredths[]): ChartScale {
  const min = Math.min(...scores);
  const max = Math.max(...scores);
  const hi = Math.ceil(max / STEP) * STEP;
  const lo = Math.min(Math.floor(min / STEP) * STEP, hi - STEP);
  return { lo: hundredths(lo), hi: hundredths(hi) };
}

/**
 * A bar of `BAR_CELLS` cells for a score on the scale (`lo` empty, `hi`
 * full), in eighths of a cell (rounded half-up; clamped to the scale),
 * padded with spaces so every bar has the same width.
 * @example scoreBar(hundredths(9500), { lo: 9000, hi: 10000 }) // "█████     "
 */
export function scoreBar(score: Hundredths, scale: ChartScale = { lo: hundredths(0), hi: hundredths(10000) }): string {
  const max = BAR_CELLS * 8;
  const span = scale.hi - scale.lo;
  // Integer half-up: eighths = round((score - lo) * max / span).
  const eighths = Math.min(max, Math.max(0, Math.floor(((score - scale.lo) * max * 2 + span) / (2 * span))));
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
 * The history table: month, score with its bar (on the scale of
 * {@link chartScale}, named in the bar column's heading), points, bonus paid
 * and withheld. Low months (a deduction or a veto) have their bar in the 'bad' style.
 */
export function renderHistory(
  employee: string,
  rows: readonly PersonMonthRow[],
  opts: { lang: Lang; color: boolean },
): string {
  const L = labels(opts.lang);
  if (rows.length === 0) return `${styled(L.noHistory(employee), 'dim', opts.color)}\n`;
  const scale = chartScale(rows.map((row) => row.score));
  const columns: Column[] = [
    { header: L.month, align: 'left' },
    { header: L.score, align: 'right' },
    { header: L.chart(formatScore(scale.lo), formatScore(scale.hi)), align: 'left' },
    { header: L.points, align: 'right' },
    { header: L.bonusPaid, align: 'right' },
    { header: L.withheld, align: 'right' },
  ];
  const body = rows.map((row): Cell[] => [
    row.month,
    formatScore(row.score),
    { text: scoreBar(row.score, scale), style: row.vetoed || row.points < 0 ? 'bad' : 'good' },
    signedCell(row.points, formatScore),
    formatFen(row.bonusPaid),
    formatFen(row.withheld),
  ]);
  const first = rows[0];
  const who = first !== undefined && first.name !== '' ? `${employee} ${first.name}` : employee;
  return renderTable(columns, body, { color: opts.color, title: L.historyTitle(who) });
}
