/**
 * Number and CSV formatting shared by every renderer (SPEC §7). Money is
 * formatted from integer fen with integer arithmetic only, so a value beyond
 * 2^53 (a provincial pool as a bigint) prints exactly.
 */
import { stringify } from 'csv-stringify/sync';
import type { Fen, Hundredths } from '../types.js';

/**
 * Formats fen as yuan with exactly two decimals.
 * @example formatFen(fen(126000)) // "1260.00"; formatFen(-50n) // "-0.50"
 */
export function formatFen(f: Fen | bigint): string {
  // A month's amounts are safe integers: number arithmetic is exact for them and spares a
  // BigInt per cell (a provincial scores.csv formats 10^6 of them). Beyond, BigInt.
  if (typeof f === 'number' && Number.isSafeInteger(f)) {
    const abs = Math.abs(f);
    const cents = abs % 100;
    return `${f < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
  }
  const value = BigInt(f);
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${abs / 100n}.${cents}`;
}

/**
 * Formats hundredths of a point with up to two decimals, no trailing zeros.
 * @example formatScore(9850) // "98.5"; formatScore(10000) // "100"; formatScore(-125) // "-1.25"
 */
export function formatScore(h: Hundredths | number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = Math.trunc(abs / 100);
  const cents = abs % 100;
  // Two decimals without trailing zeros: .5 for 50, .05 for 5, .25 for 25, none for 0.
  const frac = cents === 0 ? '' : cents % 10 === 0 ? `.${cents / 10}` : `.${cents < 10 ? '0' : ''}${cents}`;
  return `${sign}${whole}${frac}`;
}

/**
 * A score as a JSON number. Division by 100 is correctly rounded in IEEE
 * arithmetic, so the result is the double nearest to the two-decimal value and
 * JSON.stringify prints exactly `formatScore(h)`. Only for display output:
 * never feed the result back into arithmetic.
 * @example scoreNumber(9850) // 98.5
 */
export function scoreNumber(h: Hundredths | number): number {
  return h / 100;
}

/** First characters that make a spreadsheet treat a cell as a formula (§7). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Defends a text cell against formula injection: a cell that begins with
 * `=`, `+`, `-`, `@`, tab or CR gets a leading `'`. Only for text columns;
 * numeric columns are written as they are.
 * @example csvCell('=SUM(A1)') // "'=SUM(A1)"
 */
export function csvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The UTF-8 byte order mark that makes Excel read a CSV as UTF-8. */
export const BOM = '\uFEFF';

/**
 * Writes a CSV (LF line ends, RFC 4180 quoting where needed). Cells of the
 * columns not in `numericColumns` get the formula defence of {@link csvCell};
 * the header is our own text and is written as is.
 * @example toCsv(['a', 'n'], [['=x', '-1']], new Set([1]), { bom: false }) // "a,n\n'=x,-1\n"
 */
export function toCsv(
  header: string[],
  rows: string[][],
  numericColumns: ReadonlySet<number>,
  opts: { bom: boolean },
): string {
  let text = opts.bom ? BOM + csvRecord(header) : csvRecord(header);
  for (const row of rows) {
    text += csvRecord(row.map((cell, i) => (numericColumns.has(i) ? cell : csvCell(cell))));
  }
  return text;
}

/**
 * Characters that make csv-stringify quote a field with our options: the `,`
 * delimiter, the `"` quote and the LF record delimiter. A lone CR is not
 * quoted: with `record_delimiter` set, csv-stringify's `quote_record_delimiter`
 * defaults to false (test/render/format.test.ts holds the two together).
 */
const NEEDS_QUOTES = /[",\n]/;

/**
 * One CSV field exactly as csv-stringify writes it with the options we use:
 * quoted, with `"` doubled, when it holds a comma, a quote or LF; else as is.
 * Written here so that big reports need no intermediate arrays per row.
 * @example csvField('a,b') // '"a,b"'
 */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record with its LF line end, fields already formula-defended as needed. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvField(cells[i] as string);
  return `${line}\n`;
}

/**
 * Joins raw fields back into one CSV line (no line end, no formula defence:
 * the caller defends the cell it lands in). Used for the `row` of rejects.csv
 * so the original row can be recovered exactly.
 * @example csvLine(['E1', 'a,b']) // 'E1,"a,b"'
 */
export function csvLine(fields: string[]): string {
  if (fields.length === 0) return '';
  return stringify([fields], { record_delimiter: 'unix' }).replace(/\n$/, '');
}
