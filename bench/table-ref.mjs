// The hand-drawn terminal table that src/render/table.ts was before cli-table3
// drew it (git show wave-start:src/render/table.ts), kept as the "before" of
// `npm run bench`'s table figure: columns padded by display width, a rule under
// the header, section rows padded to the table's width. Same input, same text.
import { Chalk } from 'chalk';
import stringWidth from 'string-width';

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
const widthCache = new Map();
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const GAP = '  ';

function displayWidth(text) {
  if (ASCII_PRINTABLE.test(text)) return text.length;
  let w = widthCache.get(text);
  if (w === undefined) {
    w = stringWidth(text);
    widthCache.set(text, w);
  }
  return w;
}
const printable = (text) => text.replace(CONTROL, '\uFFFD');
const cellText = (cell) => printable(typeof cell === 'string' ? cell : cell.text);
const cellStyle = (cell) => (typeof cell === 'string' ? undefined : cell.style);

function paint(chalk, text, style) {
  if (style === 'bad') return chalk.red(text);
  if (style === 'good') return chalk.green(text);
  if (style === 'dim') return chalk.dim(text);
  if (style === 'bold') return chalk.bold(text);
  return text;
}
function pad(painted, plainWidth, width, align) {
  const fill = ' '.repeat(Math.max(0, width - plainWidth));
  return align === 'right' ? fill + painted : painted + fill;
}
const tableWidth = (widths) => widths.reduce((s, w) => s + w, 0) + GAP.length * Math.max(0, widths.length - 1);

function columnWidths(columns, rows) {
  const widths = columns.map((c) => displayWidth(printable(c.header)));
  for (const row of rows) {
    if (!Array.isArray(row)) continue;
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cellText(cell)));
    });
  }
  const last = widths.length - 1;
  for (const row of rows) {
    if (Array.isArray(row)) continue;
    const excess = displayWidth(printable(row.section)) - tableWidth(widths);
    if (excess > 0) widths[last] += excess;
  }
  return widths;
}

function renderRow(chalk, columns, widths, row) {
  return columns
    .map((column, i) => {
      const cell = row[i] ?? '';
      const text = cellText(cell);
      return pad(paint(chalk, text, cellStyle(cell)), displayWidth(text), widths[i] ?? 0, column.align);
    })
    .join(GAP);
}

/** renderTable(columns, rows, { color, title }) exactly as before cli-table3. */
export function renderTable(columns, rows, opts) {
  const chalk = new Chalk({ level: opts.color ? 1 : 0 });
  const widths = columnWidths(columns, rows);
  const total = tableWidth(widths);
  const lines = [];
  if (opts.title !== undefined) lines.push(chalk.bold(printable(opts.title)));
  lines.push(renderRow(chalk, columns, widths, columns.map((c) => ({ text: c.header, style: 'bold' }))), '─'.repeat(total));
  for (const row of rows) {
    if (Array.isArray(row)) lines.push(renderRow(chalk, columns, widths, row));
    else {
      const text = printable(row.section);
      lines.push(pad(chalk.bold(text), displayWidth(text), total, 'left'));
    }
  }
  return `${lines.join('\n')}\n`;
}
