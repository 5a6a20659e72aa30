/**
 * The month report (§7) as a terminal table, as CSV files (scores, units,
 * trace, rejects) and as the summary.json object.
 */
import { requireTrace } from '../assess/effects.js';
import type { Effect, FileStats, UnitMonth, Unmatched } from '../assess/types.js';
import type { MonthReport, PersonReport } from '../pay/report.js';
import type { Fen, Month } from '../types.js';
import { rejectCode, rejectReason, renderReject, sourceText } from '../problems.js';
import type { Reject, RejectList } from '../problems.js';
import { fieldsCsv, fieldsCsvChunks, jsonChunks, JsonStream, jsonText, toJsonObject, type Field, type JsonValue } from './columns.js';
import { csvLine, formatFen, formatScore } from './format.js';
import { labels, type Labels, type Lang } from './i18n.js';
import { personMonthFields } from './person.js';
import { groupByUnit, onlyUnits, renderTable, styled, type Cell, type Column, type Row, signedCell } from './table.js';

type UnitRow = UnitMonth & { month: Month };
type TraceRow = Effect & { month: Month };

/** scores.csv, in the order of §7. */
export const SCORE_FIELDS: Field<PersonReport>[] = [
  ...personMonthFields<PersonReport>(),
  { name: 'ytd_withheld', kind: 'money', get: (p) => p.ytdWithheld },
  { name: 'projected_allocation', kind: 'money', get: (p) => p.projectedAllocation },
];

/** units.csv, in the order of §7. */
export const UNIT_FIELDS: Field<UnitRow>[] = [
  { name: 'month', kind: 'text', get: (u) => u.month },
  { name: 'unit', kind: 'text', get: (u) => u.unit },
  { name: 'score', kind: 'score', get: (u) => u.score },
  { name: 'points', kind: 'score', get: (u) => u.points },
  { name: 'people', kind: 'count', get: (u) => u.people },
  { name: 'avg_score', kind: 'score', get: (u) => u.avgScore },
];

/** trace.csv, in the order of §7: one row per effect. */
export const TRACE_FIELDS: Field<TraceRow>[] = [
  { name: 'month', kind: 'text', get: (e) => e.month },
  { name: 'rule', kind: 'text', get: (e) => e.rule },
  { name: 'title', kind: 'text', get: (e) => e.title },
  { name: 'target', kind: 'text', get: (e) => e.target },
  { name: 'employee', kind: 'text', get: (e) => e.employee },
  { name: 'unit', kind: 'text', get: (e) => e.unit },
  { name: 'points', kind: 'score', get: (e) => e.points },
  { name: 'bonus_forfeited', kind: 'money', get: (e) => e.bonusForfeited },
  { name: 'source', kind: 'text', get: (e) => (e.source === null ? 'aggregate' : `${e.source.file}:${e.source.line}`) },
];

/**
 * rejects.csv. `row` is the raw fields joined back into one CSV line (RFC 4180
 * quoting), so the clerk can paste it back into the input file unchanged.
 * The reason is in `lang`; the code is the same whatever the language.
 */
export function rejectFields(lang: Lang): Field<Reject>[] {
  return [
    { name: 'source', kind: 'text', get: (r) => sourceText(r.source) },
    { name: 'code', kind: 'text', get: rejectCode },
    { name: 'reason', kind: 'text', get: (r) => rejectReason(r, lang) },
    { name: 'row', kind: 'text', get: (r) => csvLine(r.row) },
  ];
}

export const FILE_FIELDS: Field<FileStats>[] = [
  { name: 'file', kind: 'text', get: (f) => f.file },
  { name: 'sha256', kind: 'text', get: (f) => f.sha256 },
  { name: 'kind', kind: 'text', get: (f) => f.kind },
  { name: 'rows_read', kind: 'count', get: (f) => f.rowsRead },
  { name: 'accepted', kind: 'count', get: (f) => f.accepted },
  { name: 'rejected', kind: 'count', get: (f) => f.rejected },
];

export const UNMATCHED_FIELDS: Field<Unmatched>[] = [
  { name: 'kind', kind: 'text', get: (u) => u.kind },
  { name: 'type', kind: 'text', get: (u) => u.type },
  { name: 'count', kind: 'count', get: (u) => u.count },
];

export const TOTAL_FIELDS: Field<MonthReport['totals']>[] = [
  { name: 'people', kind: 'count', get: (t) => t.people },
  { name: 'points', kind: 'score', get: (t) => t.points },
  { name: 'bonus_forfeited', kind: 'money', get: (t) => t.bonusForfeited },
  { name: 'withheld', kind: 'money', get: (t) => t.withheld },
  { name: 'ytd_pool', kind: 'money', get: (t) => t.ytdPool },
];

export function unitRows(r: MonthReport): UnitRow[] {
  return r.units.map((u) => ({ ...u, month: r.month }));
}

/** `--format csv`: the scores.csv content, without BOM (it goes to stdout). */
export function monthCsv(r: MonthReport): string {
  return fieldsCsv(SCORE_FIELDS, r.people, { bom: false });
}

/** {@link monthCsv}'s UTF-8 bytes in pieces, for writing as they are made (a provincial month's text is never whole in memory). */
export function monthCsvChunks(r: MonthReport): Iterable<Uint8Array> {
  return fieldsCsvChunks(SCORE_FIELDS, r.people, { bom: false });
}

/** scores.csv for `--out`, with a UTF-8 BOM for Excel. */
export function scoresCsv(r: MonthReport): string {
  return fieldsCsv(SCORE_FIELDS, r.people, { bom: true });
}

/** units.csv for `--out`, with a UTF-8 BOM. */
export function unitsCsv(r: MonthReport): string {
  return fieldsCsv(UNIT_FIELDS, unitRows(r), { bom: true });
}

/** trace.csv for `--out`, with a UTF-8 BOM: one row per effect; source "file:line" or "aggregate". */
export function traceCsv(r: MonthReport, lang: Lang = 'en'): string {
  return fieldsCsv(TRACE_FIELDS, traceRows(r, lang), { bom: true });
}

/**
 * trace.csv's UTF-8 bytes in pieces, for writing straight to a file: the same
 * text as {@link traceCsv}, never held whole (a big month has millions of effects).
 */
export function traceCsvChunks(r: MonthReport, lang: Lang = 'en'): Iterable<Uint8Array> {
  return fieldsCsvChunks(TRACE_FIELDS, traceRows(r, lang), { bom: true });
}

/** Each effect with the month, and its rule's title in `lang` (the title it carries when the rules give none in `lang`). */
export function* traceRows(r: MonthReport, lang: Lang): Generator<TraceRow> {
  for (const e of requireTrace(r.effects, r.month)) yield { ...e, month: r.month, title: r.ruleTitles.get(e.rule)?.[lang] ?? e.title };
}

/**
 * rejects.csv for `--out`, with a UTF-8 BOM: `source, code, reason, row`, the
 * reason in `lang` (codes never change with it); `row` is the raw row as one CSV line.
 */
export function rejectsCsv(r: MonthReport, lang: Lang): string {
  return fieldsCsv(rejectFields(lang), r.rejected, { bom: true });
}

/** {@link rejectsCsv}'s UTF-8 bytes in pieces, for writing straight to a file (a bad month's rejects are mostly on disk). */
export function rejectsCsvChunks(r: MonthReport, lang: Lang): Iterable<Uint8Array> {
  return fieldsCsvChunks(rejectFields(lang), r.rejected, { bom: true });
}

/**
 * The summary.json object (§7), keys in a fixed order. `people` and `units`
 * carry exactly the scores.csv and units.csv fields (month included), money as
 * "1260.00" strings and scores as numbers.
 */
export function monthSummary(r: MonthReport, lang: Lang): { [key: string]: JsonValue } {
  const rejected = summaryRejectFields(lang);
  return {
    month: r.month,
    people: Array.from(r.people, (p) => toJsonObject(SCORE_FIELDS, p)),
    units: unitRows(r).map((u) => toJsonObject(UNIT_FIELDS, u)),
    rejected: Array.from(r.rejected, (x) => toJsonObject(rejected, x)),
    files: r.files.map((f) => toJsonObject(FILE_FIELDS, f)),
    unmatched: r.unmatched.map((u) => toJsonObject(UNMATCHED_FIELDS, u)),
    totals: toJsonObject(TOTAL_FIELDS, r.totals),
    rules_hash: r.rulesHash,
  };
}

/** The fields of a summary's `rejected` entries: source, code, reason. */
function summaryRejectFields(lang: Lang): Field<Reject>[] {
  return rejectFields(lang).slice(0, 3);
}

/** `--format json` and summary.json: the summary pretty-printed, with a trailing newline. */
export function monthJson(r: MonthReport, lang: Lang): string {
  return jsonText(monthSummary(r, lang));
}

/**
 * {@link monthJson} in pieces, for writing as they are made: the people and
 * the rejected rows (10^6 of them on a bad month, read back from disk) are
 * never one string or one array in memory.
 */
export function monthJsonChunks(r: MonthReport, lang: Lang): Iterable<string> {
  const summary = monthSummary({ ...r, people: [], rejected: [] }, lang);
  const rejectedFields = summaryRejectFields(lang);
  return jsonChunks({
    ...summary,
    people: new JsonStream(mapIterable(r.people, (p) => toJsonObject(SCORE_FIELDS, p))),
    rejected: new JsonStream(mapIterable(r.rejected, (x) => toJsonObject(rejectedFields, x))),
  });
}

function* mapIterable<T, U>(xs: Iterable<T>, f: (x: T) => U): Generator<U> {
  for (const x of xs) yield f(x);
}

/** Money lost is bad; zero is dimmed so the lapses are what the eye finds. */
function lossCell(amount: Fen): Cell {
  return amount > 0 ? { text: formatFen(amount), style: 'bad' } : { text: formatFen(amount), style: 'dim' };
}

function scoreCell(p: PersonReport, L: Labels): Cell {
  if (p.vetoed) return { text: `${formatScore(p.score)} ${L.veto}`, style: 'bad' };
  return p.points < 0 ? { text: formatScore(p.score), style: 'bad' } : formatScore(p.score);
}

function personColumns(L: Labels): Column[] {
  const right = (header: string): Column => ({ header, align: 'right' });
  return [
    { header: L.employee, align: 'left' },
    { header: L.name, align: 'left' },
    right(L.score),
    right(L.points),
    right(L.effectiveScore),
    right(L.bonus),
    right(L.bonusForfeited),
    right(L.bonusPaid),
    right(L.withheld),
    right(L.ytdWithheld),
    right(L.projectedAllocation),
  ];
}

function personCells(p: PersonReport, L: Labels): Cell[] {
  return [
    p.employee,
    p.name,
    scoreCell(p, L),
    signedCell(p.points, formatScore),
    formatScore(p.effectiveScore),
    formatFen(p.bonus),
    lossCell(p.bonusForfeited),
    formatFen(p.bonusPaid),
    formatFen(p.withheld),
    formatFen(p.ytdWithheld),
    formatFen(p.projectedAllocation),
  ];
}

/** People grouped under a heading per unit; `people` is already sorted by unit (§7). */
function groupedRows(people: readonly PersonReport[], L: Labels): Row[] {
  return groupByUnit(people, (unit) => L.unitSection(unit), (p) => personCells(p, L));
}

function unitTable(units: readonly UnitMonth[], L: Labels, color: boolean): string {
  const columns: Column[] = [
    { header: L.unit, align: 'left' },
    { header: L.score, align: 'right' },
    { header: L.points, align: 'right' },
    { header: L.people, align: 'right' },
    { header: L.avgScore, align: 'right' },
  ];
  const rows = units.map((u): Cell[] => [
    u.unit,
    formatScore(u.score),
    signedCell(u.points, formatScore),
    String(u.people),
    formatScore(u.avgScore),
  ]);
  return renderTable(columns, rows, { color, title: L.units });
}

/** The totals line: people, points, bonus forfeited, withheld and the year-to-date pool. */
function totalsTable(t: MonthReport['totals'], L: Labels, color: boolean): string {
  const columns: Column[] = [L.people, L.points, L.bonusForfeited, L.withheld, L.ytdPool].map((header) => ({
    header,
    align: 'right',
  }));
  const row: Cell[] = [
    String(t.people),
    signedCell(t.points, formatScore),
    lossCell(t.bonusForfeited),
    formatFen(t.withheld),
    formatFen(t.ytdPool),
  ];
  return renderTable(columns, [row], { color, title: L.total });
}

/** How many rejected rows the table lists one by one; the rest are in rejects.csv. */
const REJECTS_SHOWN = 20;

/** Rejected rows: a count, then the first few with their place and reason. */
function rejectLines(rejected: RejectList, L: Labels, lang: Lang, color: boolean): string {
  const lines = [styled(L.rowsRejected(rejected.length), 'bad', color)];
  for (const x of firstOf(rejected, REJECTS_SHOWN)) {
    lines.push(styled(`  ${renderReject(x, lang)}`, undefined, color));
  }
  if (rejected.length > REJECTS_SHOWN) lines.push(styled(`  ${L.more(rejected.length - REJECTS_SHOWN)}`, 'dim', color));
  return `${lines.join('\n')}\n`;
}

/** The first `n` rejects, without walking the rest. */
function firstOf(rejected: RejectList, n: number): Reject[] {
  const out: Reject[] = [];
  if (n <= 0) return out;
  for (const x of rejected) {
    out.push(x);
    if (out.length === n) break;
  }
  return out;
}

/** Records no rule matched, by kind and type, so that a mistyped type shows up. */
function unmatchedTable(unmatched: readonly Unmatched[], L: Labels, color: boolean, names: ReadonlyMap<string, string>): string {
  const columns: Column[] = [
    { header: L.kind, align: 'left' },
    { header: L.type, align: 'left' },
    { header: L.count, align: 'right' },
  ];
  const rows = unmatched.map((u): Cell[] => [L.kindName(u.kind), u.type === '' ? L.noType : (names.get(u.type) ?? u.type), String(u.count)]);
  return renderTable(columns, rows, { color, title: L.unmatchedHeading });
}

/**
 * The default terminal report: people grouped by unit, the unit table, the
 * totals line, then rejected rows and unmatched records if any (their
 * types by the names in `typeNames`, e.g. 周一例会 for monday-meeting). Deductions
 * are styled 'bad' and commendations 'good'; with `color: false` there are no
 * escape codes. `units` (--unit) keeps the people and unit tables to those
 * units; the totals stay the whole month's.
 */
export function renderMonthTable(
  r: MonthReport,
  opts: { lang: Lang; color: boolean; typeNames?: ReadonlyMap<string, string>; units?: readonly string[] },
): string {
  const L = labels(opts.lang);
  const units = opts.units ?? [];
  const sections = [
    renderTable(personColumns(L), groupedRows(onlyUnits(r.people, units), L), { color: opts.color, title: L.monthTitle(r.month) }),
    unitTable(onlyUnits(r.units, units), L, opts.color),
    totalsTable(r.totals, L, opts.color),
  ];
  if (r.rejected.length > 0) sections.push(rejectLines(r.rejected, L, opts.lang, opts.color));
  if (r.unmatched.length > 0) sections.push(unmatchedTable(r.unmatched, L, opts.color, opts.typeNames ?? new Map()));
  return sections.join('\n');
}
