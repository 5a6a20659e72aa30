/**
 * Terminal tables (§7), drawn by cli-table3 in a quiet style: no box, a rule
 * under the header, two spaces between columns, unit headings as rows that
 * span the table (`colSpan`). Colour styles vanish entirely when colour is
 * off (cron, pipes, NO_COLOR, --no-color).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import stringWidth from 'string-width';

/** How a cell stands out on a colour terminal. */
export type CellStyle = 'bad' | 'good' | 'dim' | 'bold';
/** A table cell: its text, optionally styled. */
export type Cell = string | { text: string; style?: CellStyle };
/** A column of a table. */
export interface Column {
  header: string;
  align: 'left' | 'right';
}
/** A row of cells, or a section heading spanning the table (e.g. a unit). */
export type Row = Cell[] | { section: string };

/**
 * Rows under a section heading per unit, for items already sorted by unit
 * (§7: grouped by unit, then employee id).
 */
export function groupByUnit<T extends { unit: string }>(items: readonly T[], heading: (unit: string) => string, cells: (item: T) => Cell[]): Row[] {
  const rows: Row[] = [];
  let unit: string | undefined;
  for (const item of items) {
    if (item.unit !== unit) {
      unit = item.unit;
      rows.push({ section: heading(item.unit) });
    }
    rows.push(cells(item));
  }
  return rows;
}

/**
 * The items of the units asked for (`--unit`), in their order; all of them
 * when none were asked for.
 * @example onlyUnits(people, ['营业厅']) // the people of 营业厅
 */
export function onlyUnits<T extends { unit: string }>(items: readonly T[], units: readonly string[]): readonly T[] {
  if (units.length === 0) return items;
  const wanted = new Set(units);
  return items.filter((item) => wanted.has(item.unit));
}

/**
 * The units asked for that are not among `known`, so that a mistyped
 * `--unit` is said instead of showing an empty table.
 * @example unknownUnits(['营业厅', '营业'], ['营业厅']) // ['营业']
 */
export function unknownUnits(units: readonly string[], known: Iterable<string>): string[] {
  const have = new Set(known);
  return units.filter((u) => !have.has(u));
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const widthCache = new Map<string, number>();

/**
 * Display width in terminal columns (CJK counts 2). string-width segments
 * graphemes and tests each against an emoji pattern, which is slow over a
 * province's 10^5 rows: plain ASCII (every number) is its length, and other
 * text (names, units: few distinct values) is measured once.
 */
export function displayWidth(text: string): number {
  if (ASCII_PRINTABLE.test(text)) return text.length;
  let w = widthCache.get(text);
  if (w === undefined) {
    w = stringWidth(text);
    if (widthCache.size > 100_000) widthCache.clear();
    widthCache.set(text, w);
  }
  return w;
}

/**
 * A signed amount as a cell: negative stands out as bad, positive as good
 * with a `+`, zero plain. `format` renders the number (points or money).
 */
export function signedCell<T extends number>(value: T, format: (v: T) => string): Cell {
  if (value < 0) return { text: format(value), style: 'bad' };
  if (value > 0) return { text: `+${format(value)}`, style: 'good' };
  return format(value);
}

/**
 * Control characters (C0, DEL, C1) in data would move the cursor or inject
 * escape sequences into the terminal; a name from a CSV must not do that.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Cell text made safe to print: control characters become U+FFFD. Tested
 * before replaced: a replace that finds nothing still costs twice the test,
 * on every cell of the table.
 */
export function printable(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, '\uFFFD') : text;
}

/** A chalk instance with an explicit level: never chalk's own TTY detection. */
function palette(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

function cellText(cell: Cell): string {
  return printable(typeof cell === 'string' ? cell : cell.text);
}

function cellStyle(cell: Cell): CellStyle | undefined {
  return typeof cell === 'string' ? undefined : cell.style;
}

function paint(chalk: ChalkInstance, text: string, style: CellStyle | undefined): string {
  switch (style) {
    case 'bad':
      return chalk.red(text);
    case 'good':
      return chalk.green(text);
    case 'dim':
      return chalk.dim(text);
    case 'bold':
      return chalk.bold(text);
    case undefined:
      return text;
  }
}

/**
 * One line of text in a style, made printable; plain when `color` is false.
 * @example styled('3 rows rejected', 'bad', false) // "3 rows rejected"
 */
export function styled(text: string, style: CellStyle | undefined, color: boolean): string {
  return paint(palette(color), printable(text), style);
}

/** The rule under the header. */
const RULE = '─';

/**
 * cli-table3's characters for the quiet look: nothing but spaces between
 * columns. The one space of `middle` plus one of `padding-left` on every
 * column but the first make the two-space gap; keeping `middle` one column
 * wide keeps cli-table3's width of a `colSpan` cell right (it counts one per
 * border it spans).
 */
export const QUIET_CHARS: Record<Table.CharName, string> = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: ' ',
};

/** The header table draws its bottom border as the rule, through the gaps too. */
const HEADER: Record<Table.CharName, string> = { ...QUIET_CHARS, bottom: RULE, 'bottom-mid': RULE };

/**
 * Person rows per cli-table3 row. cli-table3's cost is per cell, not per line
 * (a Cell object and 17 option merges each: docs/performance.md), so the rows
 * of a block are drawn as one cli-table3 row whose cells hold a line per
 * person: a unit of 125 people is 11 cells instead of 1,375. The lines are the
 * same as one row per person (test/render/table.test.ts), as nothing is
 * wrapped or truncated and every column has its width. A block is cut at each
 * section heading and every BLOCK_ROWS rows, so that a table without sections
 * (a year of 10^5 people) is never held as whole columns of text. Tall cells
 * need the build's patch to cli-table3 (scripts/cli-table3-patch.mjs): the
 * published Cell#draw measures the whole cell for every line it draws.
 */
export const BLOCK_ROWS = 1024;

/** Display width of each column: the widest of its header and its cells. */
function columnWidths(columns: readonly Column[], rows: readonly Row[]): number[] {
  const widths = columns.map((c) => displayWidth(printable(c.header)));
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cellText(cell)));
    });
  }
  return widenForSections(widths, rows);
}

/** A section heading wider than the columns widens the last column, so every line stays as wide. */
function widenForSections(widths: number[], rows: readonly Row[]): number[] {
  const last = widths.length - 1;
  if (last < 0) return widths;
  for (const row of rows) {
    if (Array.isArray(row)) continue;
    const excess = displayWidth(printable(row.section)) - tableWidth(widths);
    if (excess > 0) widths[last] = (widths[last] ?? 0) + excess;
  }
  return widths;
}

function tableWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w, 0) + 2 * Math.max(0, widths.length - 1);
}

/** How every cli-table3 table of one rendering is laid out: the same widths and alignment. */
interface Layout {
  chalk: ChalkInstance;
  columns: readonly Column[];
  /** cli-table3 column widths: display width plus the one-space left padding of columns after the first. */
  colWidths: number[];
  colAligns: Column['align'][];
}

/**
 * The options of every cli-table3 table of a rendering. Each one spares
 * cli-table3 work it would otherwise do per cell (its cost is per cell, not
 * per table: docs/performance.md): explicit `colWidths`, so no column is sized
 * from its cells; no word wrap, so no cell is re-measured word by word and a
 * cell's lines stay one per person;
 * `compact`, so no empty rule line is drawn above every row; and no
 * @colors/colors styling of heads and borders (we paint with chalk).
 */
export function tableOptions(
  colWidths: readonly number[],
  colAligns: readonly Column['align'][],
  chars: Record<Table.CharName, string>,
): Table.TableConstructorOptions {
  return {
    chars,
    colWidths: [...colWidths],
    colAligns: [...colAligns],
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 0, compact: true },
  };
}

function newTable(layout: Layout, chars: Record<Table.CharName, string>): Table.Table {
  return new Table(tableOptions(layout.colWidths, layout.colAligns, chars));
}

/** A cell's text, made printable and painted in its style. */
function paintCell(chalk: ChalkInstance, cell: Cell): string {
  return paint(chalk, cellText(cell), cellStyle(cell));
}

/** A cli-table3 cell: no left padding in the first column. */
function tableCell(content: string, first: boolean): Table.Cell {
  return first ? { content, style: { 'padding-left': 0 } } : content;
}

/** A section heading: one cell spanning the table. */
function sectionRow(layout: Layout, section: string): Table.HorizontalTableRow {
  const content = layout.chalk.bold(printable(section));
  return [{ content, colSpan: layout.columns.length, hAlign: 'left', style: { 'padding-left': 0 } }];
}

/** Rows of cells as one cli-table3 row: each column's cells, painted, one per line of one cell. */
function linesRow(layout: Layout, rows: readonly Cell[][]): Table.HorizontalTableRow {
  return layout.columns.map((_, i) => tableCell(rows.map((row) => paintCell(layout.chalk, row[i] ?? '')).join('\n'), i === 0));
}

/** Rows cut into blocks: a new block at each section heading and every BLOCK_ROWS person rows. */
export function blocks(rows: readonly Row[]): Row[][] {
  const out: Row[][] = [];
  let block: Row[] = [];
  let people = 0;
  for (const row of rows) {
    const section = !Array.isArray(row);
    if (block.length > 0 && (section || people >= BLOCK_ROWS)) {
      out.push(block);
      block = [];
      people = 0;
    }
    block.push(row);
    if (!section) people += 1;
  }
  if (block.length > 0) out.push(block);
  return out;
}

/**
 * The cli-table3 tables that draw a table's header and rows, one after the
 * other: the header (its bottom border is the rule), then a table per block
 * (see {@link blocks}), all with the same {@link tableOptions}. Made one at a
 * time, so that a big table's cells are never all in memory.
 */
export function* cliTables(columns: readonly Column[], rows: readonly Row[], color: boolean): Generator<Table.Table> {
  const chalk = palette(color);
  const widths = columnWidths(columns, rows);
  const layout: Layout = { chalk, columns, colWidths: widths.map((w, i) => (i === 0 ? w : w + 1)), colAligns: columns.map((c) => c.align) };
  const header = newTable(layout, HEADER);
  header.push(columns.map((c, i) => tableCell(paintCell(chalk, { text: c.header, style: 'bold' }), i === 0)));
  yield header;
  for (const block of blocks(rows)) {
    const table = newTable(layout, QUIET_CHARS);
    const first = block[0];
    if (first !== undefined && !Array.isArray(first)) table.push(sectionRow(layout, first.section));
    const people = block.filter((row): row is Cell[] => Array.isArray(row));
    if (people.length > 0) table.push(linesRow(layout, people));
    yield table;
  }
}

/**
 * Renders a table: optional title, header, a rule line, then the rows.
 * Every line of the table (not the title) has the same display width, so
 * columns line up whatever mix of Latin and CJK text they hold; the widths
 * are measured once over all rows, so that every unit's block lines up. With
 * `color: false` the output contains no escape codes at all.
 * @example renderTable([{ header: 'Name', align: 'left' }], [['张三']], { color: false })
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly Row[],
  opts: { color: boolean; title?: string },
): string {
  const lines: string[] = [];
  if (opts.title !== undefined) lines.push(palette(opts.color).bold(printable(opts.title)));
  for (const table of cliTables(columns, rows, opts.color)) lines.push(table.toString());
  return `${lines.join('\n')}\n`;
}
