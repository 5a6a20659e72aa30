/**
 * An "Excel" file that is really an HTML table (SPEC §3.4): what many HR
 * systems export as `.xls`. Its text → rows, numbered as a spreadsheet
 * opening it numbers them (one row per `<tr>`, tables one after another).
 * Pure: text in, rows out. htmlparser2 is forgiving of the unclosed `<td>`
 * and `<br>` such exports are full of, and decodes entities.
 */
import { Parser } from 'htmlparser2';
import type { RawRow } from './types.js';
import type { MergedArea, XmlSink } from './xlsx.js';

/**
 * Rows of every `<tr>` (cells of `<td>` and `<th>`, `<br>` as a line break,
 * runs of spaces as one, `&nbsp;` as a space). A cell spanning several
 * columns or rows is reported as a merged area, and the columns it covers
 * are left empty, as a spreadsheet shows them.
 */
export function htmlTableParser(onRow: (row: RawRow) => void): XmlSink<{ merged: MergedArea[] }> {
  const merged: MergedArea[] = [];
  let line = 0;
  let fields: string[] | null = null;
  let cell: string | null = null;
  /** Columns of rows below covered by a cell with rowspan: row → columns. */
  const covered = new Map<number, Set<number>>();
  let skip = 0;
  const nextColumn = (): number => {
    const taken = covered.get(line);
    let col = (fields as string[]).length;
    while (taken?.has(col)) {
      (fields as string[]).push('');
      col++;
    }
    return col;
  };
  let span = { cols: 1, rows: 1 };
  const endCell = (): void => {
    if (fields === null || cell === null) return;
    const col = nextColumn();
    fields.push(cell.replace(/[ \t\r\n\f\u00a0]+/g, ' ').replace(/ ?\0 ?/g, '\n').trim());
    for (let i = 1; i < span.cols; i++) fields.push('');
    if (span.cols > 1 || span.rows > 1) {
      merged.push({ ref: `row ${line}`, top: line, bottom: line + span.rows - 1, left: col, right: col + span.cols - 1 });
      for (let r = line + 1; r < line + span.rows; r++) {
        const set = covered.get(r) ?? new Set<number>();
        for (let c = col; c < col + span.cols; c++) set.add(c);
        covered.set(r, set);
      }
    }
    cell = null;
  };
  const endRow = (): void => {
    endCell();
    if (fields !== null && fields.some((f) => f !== '')) onRow({ fields, line });
    covered.delete(line);
    fields = null;
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style') skip++;
        else if (name === 'tr') {
          endRow();
          line++;
          fields = [];
        } else if (name === 'td' || name === 'th') {
          endCell();
          if (fields === null) {
            line++;
            fields = [];
          }
          cell = '';
          span = { cols: Math.max(1, Number(attrs.colspan) || 1), rows: Math.max(1, Number(attrs.rowspan) || 1) };
        } else if (name === 'br' && cell !== null) cell += '\0'; // a line break that the run of spaces below keeps
      },
      ontext(text) {
        if (cell !== null && skip === 0) cell += text;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style') skip--;
        else if (name === 'td' || name === 'th') endCell();
        else if (name === 'tr' || name === 'table') endRow();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  return {
    write: (t) => parser.write(t),
    close: () => {
      parser.end();
      endRow();
      return { merged };
    },
  };
}
