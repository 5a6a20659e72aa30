/**
 * The year-end allocation (§5.3, §7 `assess year`) as a terminal table,
 * year.csv and JSON.
 */
import type { PersonYear, YearResult } from '../pay/year.js';
import { fieldsCsv, jsonText, toJsonObject, type Field, type JsonValue } from './columns.js';
import { formatFen, formatScore } from './format.js';
import { labels, type Labels, type Lang } from './i18n.js';
import { groupByUnit, onlyUnits, renderTable, styled, type Cell, type Column, type Row, signedCell } from './table.js';

/** One person's year, as the pay module computes it. */
export type YearPersonView = PersonYear;
/** What the year renderers show: the pay module's year result. */
export type YearView = YearResult;

type YearRow = YearPersonView & { year: number };

/** year.csv, in the order of §7. */
export const YEAR_FIELDS: Field<YearRow>[] = [
  { name: 'year', kind: 'count', get: (p) => p.year },
  { name: 'employee', kind: 'text', get: (p) => p.employee },
  { name: 'name', kind: 'text', get: (p) => p.name },
  { name: 'unit', kind: 'text', get: (p) => p.unit },
  { name: 'months', kind: 'count', get: (p) => p.months },
  { name: 'withheld', kind: 'money', get: (p) => p.withheld },
  { name: 'avg_score', kind: 'score', get: (p) => p.avgScore },
  { name: 'allocation', kind: 'money', get: (p) => p.allocation },
  { name: 'difference', kind: 'money', get: (p) => p.difference },
];

export function yearRows(y: YearView): YearRow[] {
  return y.people.map((p) => ({ ...p, year: y.year }));
}

/** year.csv for stdout (`bom: false`) or `--out` (`bom: true`). */
export function yearCsv(y: YearView, opts: { bom: boolean } = { bom: false }): string {
  return fieldsCsv(YEAR_FIELDS, yearRows(y), opts);
}

/** The year JSON object of §7, keys in a fixed order; money as "1260.00" strings. */
export function yearSummary(y: YearView): { [key: string]: JsonValue } {
  return {
    year: y.year,
    people: yearRows(y).map((p) => toJsonObject(YEAR_FIELDS, p)),
    pool: formatFen(y.pool),
    allocated: formatFen(y.allocated),
    undistributed: formatFen(y.undistributed),
    months_assessed: [...y.monthsAssessed],
    months_missing: [...y.monthsMissing],
  };
}

/** `assess year --format json`: the summary pretty-printed, with a trailing newline. */
export function yearJson(y: YearView): string {
  return jsonText(yearSummary(y));
}

function yearColumns(L: Labels): Column[] {
  const right = (header: string): Column => ({ header, align: 'right' });
  return [
    { header: L.employee, align: 'left' },
    { header: L.name, align: 'left' },
    right(L.months),
    right(L.withheld),
    right(L.avgScore),
    right(L.allocation),
    right(L.difference),
  ];
}

/** People grouped under a heading per unit, in the order given (sorted by unit, then id). */
function yearTableRows(people: readonly YearPersonView[], L: Labels): Row[] {
  return groupByUnit(people, (unit) => L.unitSection(unit), (p) => [
    p.employee,
    p.name,
    String(p.months),
    formatFen(p.withheld),
    formatScore(p.avgScore),
    formatFen(p.allocation),
    signedCell(p.difference, formatFen),
  ]);
}

function yearTotals(y: YearView, L: Labels, color: boolean): string {
  const columns: Column[] = [L.pool, L.allocated, L.undistributed].map((header) => ({ header, align: 'right' }));
  const undistributed: Cell =
    y.undistributed !== 0 ? { text: formatFen(y.undistributed), style: 'bad' } : formatFen(y.undistributed);
  return renderTable(columns, [[formatFen(y.pool), formatFen(y.allocated), undistributed]], {
    color,
    title: L.total,
  });
}

function monthLines(y: YearView, L: Labels, color: boolean): string {
  const assessed = y.monthsAssessed.length > 0 ? y.monthsAssessed.join(', ') : L.none;
  const lines = [styled(`${L.monthsAssessed}: ${assessed}`, undefined, color)];
  if (y.monthsMissing.length > 0) {
    lines.push(styled(`${L.monthsMissing}: ${y.monthsMissing.join(', ')}`, 'bad', color));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The `assess year` terminal report: people grouped by unit, the pool totals,
 * and which months were assessed or are missing (missing ones stand out).
 */
export function renderYearTable(y: YearView, opts: { lang: Lang; color: boolean; units?: readonly string[] }): string {
  const L = labels(opts.lang);
  return [
    renderTable(yearColumns(L), yearTableRows(onlyUnits(y.people, opts.units ?? []), L), { color: opts.color, title: L.yearTitle(y.year) }),
    yearTotals(y, L, opts.color),
    monthLines(y, L, opts.color),
  ].join('\n');
}
