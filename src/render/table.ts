/**
 * A plain text table for terminals (§7): columns padded by display width so
 * CJK names stay aligned, optional colour styles that vanish entirely when
 * colour is off (cron, pipes, NO_COLOR).
 */
import { Chalk, type ChalkInstance } from 'chalk';
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

/** Space between two columns. */
const GAP = '  ';
const RULE = '─';

/**
 * Control characters (C0, DEL, C1) in data would move the cursor or inject
 * escape sequences into the terminal; a name from a CSV must not do that.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Cell text made safe to print: control characters become U+FFFD. */
export function printable(text: string): string {
  return text.replace(CONTROL, '\uFFFD');
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

/** Pads already-painted text to `width` display columns; the width is measured on plain text. */
function pad(painted: string, plainWidth: number, width: number, align: Column['align']): string {
  const fill = ' '.repeat(Math.max(0, width - plainWidth));
  return align === 'right' ? fill + painted : painted + fill;
}

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
  return widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, widths.length - 1);
}

function renderRow(chalk: ChalkInstance, columns: readonly Column[], widths: number[], row: Cell[]): string {
  return columns
    .map((column, i) => {
      const cell = row[i] ?? '';
      const text = cellText(cell);
      return pad(paint(chalk, text, cellStyle(cell)), displayWidth(text), widths[i] ?? 0, column.align);
    })
    .join(GAP);
}

/**
 * Renders a table: optional title, header, a rule line, then the rows.
 * Every line of the table (not the title) has the same display width, so
 * columns line up whatever mix of Latin and CJK text they hold. With
 * `color: false` the output contains no escape codes at all.
 * @example renderTable([{ header: 'Name', align: 'left' }], [['张三']], { color: false })
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly Row[],
  opts: { color: boolean; title?: string },
): string {
  const chalk = palette(opts.color);
  const widths = columnWidths(columns, rows);
  const total = tableWidth(widths);
  const rule = RULE.repeat(total);
  const headerCells: Cell[] = columns.map((c) => ({ text: c.header, style: 'bold' }));
  const lines: string[] = [];
  if (opts.title !== undefined) lines.push(chalk.bold(printable(opts.title)));
  lines.push(renderRow(chalk, columns, widths, headerCells), rule);
  for (const row of rows) {
    if (Array.isArray(row)) {
      lines.push(renderRow(chalk, columns, widths, row));
    } else {
      const text = printable(row.section);
      lines.push(pad(chalk.bold(text), displayWidth(text), total, 'left'));
    }
  }
  return `${lines.join('\n')}\n`;
}
