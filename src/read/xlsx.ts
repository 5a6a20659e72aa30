/**
 * The XML of an .xlsx workbook → rows of text (SPEC §3.4). Pure: it takes the
 * text of the workbook's parts, in chunks, and returns data; opening the zip
 * is the engine's (src/engine/workbook.ts).
 *
 * Why not exceljs's streaming WorkbookReader: it reads the zip in the order
 * the entries were written, so it crashes when xl/workbook.xml comes after the
 * worksheets, reads date cells as bare serial numbers when xl/styles.xml
 * comes after them, names sheets `Sheet1` when the relationships use absolute
 * targets, and decodes entities twice in inline strings (the spike in the
 * commit that added this file). Reading the central directory first (yauzl)
 * lets us parse the workbook, relationships, styles and shared strings before
 * any sheet, whatever the order; saxes is the XML parser exceljs itself uses.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import type { RawRow } from './types.js';

/** One worksheet as the workbook lists it, in the workbook's tab order. */
export interface SheetRef {
  name: string;
  /** The zip entry that holds it, e.g. `xl/worksheets/sheet1.xml`. */
  entry: string;
}

/** What a sheet's cells need from the rest of the workbook. */
export interface CellContext {
  sharedStrings: readonly string[];
  /** Per cell style (`s` attribute): how a number in it is shown. */
  styles: readonly NumberShape[];
  date1904: boolean;
  /**
   * Without the shared strings (a sheet worker's context, src/engine/sheets.ts,
   * which starts before they are read): a shared-string cell comes out as
   * SHARED_MARK and the string's index (`sharedIndex`), for the thread that
   * holds the strings to put in, and a row whose keeping depends on what
   * those strings are is passed on undecided (see {@link sheetParser}).
   */
  sharedDeferred?: boolean;
}

/** The largest shared-string index a mark carries: an int32 where it crosses threads (no table holds that many). */
const MAX_SHARED = 0x7fffffff;

/**
 * Starts a shared-string cell that stands for the string of that index. No
 * cell's text can hold U+FFFE: XML 1.0 and 1.1 both leave it out of their
 * characters, literally or as a reference.
 */
export const SHARED_MARK = '\uFFFE';

/** The index a shared-string cell stands for, or -1 when `cell` is text. */
export function sharedIndex(cell: string): number {
  if (cell.charCodeAt(0) !== 0xfffe) return -1;
  let i = 0;
  for (let k = 1; k < cell.length; k++) i = i * 10 + (cell.charCodeAt(k) - 48);
  return i;
}

/** How a cell style shows a number: as a number, a date, a date and time, or a time of day. */
export type NumberShape = 'number' | 'date' | 'datetime' | 'time';

/** An area of merged cells, 1-based inclusive rows and 0-based columns. */
export interface MergedArea {
  ref: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A parser of one XML part, fed text in chunks. */
export interface XmlSink<T> {
  write(text: string): void;
  /** Ends the input and gives the result; throws on malformed XML. */
  close(): T;
}

/** The element name without its namespace prefix (`x:row` → `row`): some writers prefix every element. */
function local(name: string): string {
  // One letter has no prefix: `c`, `v` and `t`, most of a sheet's names.
  if (name.length === 1) return name;
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/**
 * An attribute by its name. Of the attributes read here only the
 * relationship `id` carries a namespace prefix (`r:id`, or another prefix
 * bound to the same namespace), so only it is looked for by its local name:
 * a cell's missing `t` or `s` costs one lookup (the hot path of a sheet).
 */
function attr(tag: SaxesTagPlain, name: string): string | undefined {
  const a = tag.attributes as Record<string, string>;
  const v = a[name];
  if (v !== undefined || name !== 'id') return v;
  for (const k of Object.keys(a)) if (local(k) === name) return a[k];
  return undefined;
}

function xml(): SaxesParser {
  return new SaxesParser({ position: false });
}

/** Writes `text` into `sink` and closes it: for the small parts, read whole. */
export function parseWhole<T>(sink: XmlSink<T>, text: string): T {
  sink.write(text);
  return sink.close();
}

/**
 * `xl/workbook.xml`: the sheets in tab order (name and relationship id) and
 * whether dates count from 1904.
 */
export function workbookParser(): XmlSink<{ sheets: { name: string; rid: string; hidden: boolean }[]; date1904: boolean }> {
  const p = xml();
  const sheets: { name: string; rid: string; hidden: boolean }[] = [];
  let date1904 = false;
  p.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'sheet') {
      const state = attr(tag, 'state');
      sheets.push({ name: attr(tag, 'name') ?? '', rid: attr(tag, 'id') ?? '', hidden: state === 'hidden' || state === 'veryHidden' });
    } else if (n === 'workbookPr') {
      const v = attr(tag, 'date1904');
      date1904 = v === '1' || v === 'true';
    }
  });
  return { write: (t) => void p.write(t), close: () => (p.close(), { sheets, date1904 }) };
}

/**
 * A relationships part (`xl/_rels/workbook.xml.rels`): id → zip entry path.
 * Targets are relative to `xl/`, or absolute from the zip's root.
 */
export function relsParser(base = 'xl/'): XmlSink<Map<string, string>> {
  const p = xml();
  const out = new Map<string, string>();
  p.on('opentag', (tag) => {
    if (local(tag.name) !== 'Relationship') return;
    const id = attr(tag, 'Id');
    const target = attr(tag, 'Target');
    if (id !== undefined && target !== undefined) out.set(id, resolveTarget(base, target));
  });
  return { write: (t) => void p.write(t), close: () => (p.close(), out) };
}

/** `worksheets/sheet1.xml` from `xl/` → `xl/worksheets/sheet1.xml`; `/xl/…` → `xl/…`; `../` resolved. */
export function resolveTarget(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** The built-in number formats that show dates or times (ECMA-376 §18.8.30, and the CJK locales' 27–36, 50–58). */
const BUILTIN_SHAPES: ReadonlyMap<number, NumberShape> = new Map<number, NumberShape>([
  [14, 'date'], [15, 'date'], [16, 'date'], [17, 'date'], [18, 'time'], [19, 'time'], [20, 'time'], [21, 'time'], [22, 'datetime'],
  [27, 'date'], [28, 'date'], [29, 'date'], [30, 'date'], [31, 'date'], [32, 'time'], [33, 'time'], [34, 'time'], [35, 'time'], [36, 'date'],
  [45, 'time'], [46, 'time'], [47, 'time'],
  [50, 'date'], [51, 'date'], [52, 'date'], [53, 'date'], [54, 'date'], [55, 'time'], [56, 'time'], [57, 'date'], [58, 'date'],
]);

/**
 * How a custom number format shows a number. Quoted text, escaped characters
 * and bracketed parts (colours, locales, conditions) are ignored, except the
 * elapsed-time forms `[h]`, `[mm]`, `[ss]`; only the first section counts.
 *
 * @example formatShape('yyyy"年"m"月"d"日"') // 'date'
 * @example formatShape('[$-804]yyyy/m/d h:mm') // 'datetime'
 * @example formatShape('#,##0.00_);[Red](#,##0.00)') // 'number'
 */
export function formatShape(code: string): NumberShape {
  let s = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i] as string;
    if (c === ';') break;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      i = end === -1 ? code.length : end;
    } else if (c === '\\' || c === '_' || c === '*') i++;
    else if (c === '[') {
      const end = code.indexOf(']', i + 1);
      const inner = code.slice(i + 1, end === -1 ? code.length : end);
      if (/^(h+|m+|s+)$/i.test(inner)) s += inner;
      i = end === -1 ? code.length : end;
    } else s += c;
  }
  const t = s.toLowerCase();
  if (t === 'general' || t.includes('general')) return 'number';
  const hasDate = /[yde]/.test(t.replace(/e[+-]/g, '')) || (/m/.test(t) && !/[hs]/.test(t));
  const hasTime = /[hs]/.test(t);
  if (hasDate && hasTime) return 'datetime';
  if (hasDate) return 'date';
  if (hasTime) return 'time';
  return 'number';
}

/** `xl/styles.xml`: the number shape of each cell style (`cellXfs`), by index. */
export function stylesParser(): XmlSink<NumberShape[]> {
  const p = xml();
  const custom = new Map<number, string>();
  const shapes: NumberShape[] = [];
  let inCellXfs = false;
  p.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
    else if (n === 'cellXfs') inCellXfs = true;
    else if (n === 'xf' && inCellXfs) {
      const id = Number(attr(tag, 'numFmtId') ?? '0');
      const code = custom.get(id);
      shapes.push(code !== undefined ? formatShape(code) : (BUILTIN_SHAPES.get(id) ?? 'number'));
    }
  });
  p.on('closetag', (tag) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  return { write: (t) => void p.write(t), close: () => (p.close(), shapes) };
}

/**
 * `xl/sharedStrings.xml`: every string item's text, rich-text runs joined,
 * phonetic guides (`rPh`) left out.
 */
export function sharedStringsParser(): XmlSink<string[]> {
  const p = xml();
  const out: string[] = [];
  let text = '';
  let inT = false;
  let phonetic = 0;
  p.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'si') text = '';
    else if (n === 't') inT = phonetic === 0;
    else if (n === 'rPh') phonetic++;
  });
  p.on('text', (t) => {
    if (inT) text += t;
  });
  p.on('cdata', (t) => {
    if (inT) text += t;
  });
  p.on('closetag', (tag) => {
    const n = local(tag.name);
    if (n === 't') inT = false;
    else if (n === 'rPh') phonetic--;
    else if (n === 'si') out.push(text);
  });
  return { write: (t) => void p.write(t), close: () => (p.close(), out) };
}

/** `C12` → 2 (0-based column); -1 when `ref` has no letters. */
export function columnOf(ref: string): number {
  let col = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : col - 1;
}

/** `A1:C2` → its rows and columns; a single cell `B3` is an area of one. */
export function mergedArea(ref: string): MergedArea | null {
  const [a, b = a] = ref.split(':') as [string, string?];
  const top = Number(/\d+$/.exec(a)?.[0]);
  const bottom = Number(/\d+$/.exec(b as string)?.[0]);
  const left = columnOf(a);
  const right = columnOf(b as string);
  if (!Number.isInteger(top) || !Number.isInteger(bottom) || left < 0 || right < 0) return null;
  return { ref, top, bottom, left, right };
}

const DAY_SECONDS = 86400;
/** 1899-12-30 and 1904-01-01, in days since 1970-01-01. */
const EPOCH_1900 = -25569;
const EPOCH_1904 = -24107;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Days since 1970-01-01 → `YYYY-MM-DD`, for the days seen lately: a month's sheet has a few dozen, in 10^5 cells. */
const dayTexts = new Map<number, string>();
/** Days {@link dayText} remembers at most: beyond, it forgets them all and starts again. */
const DAY_TEXTS = 4096;

function dayText(day: number): string {
  let text = dayTexts.get(day);
  if (text === undefined) {
    const d = new Date(day * DAY_SECONDS * 1000);
    text = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    if (dayTexts.size >= DAY_TEXTS) dayTexts.clear();
    dayTexts.set(day, text);
  }
  return text;
}

/**
 * A date cell's serial number → the wall-clock text the clerk sees, with no
 * time-zone shift: `2026-01-09` when it has no time of day (or its format
 * shows none), else `2026-01-09 08:05` (seconds when there are any). Times
 * are rounded to the second, as Excel shows them.
 *
 * @example serialToText(46031.336805555555, 'datetime', false) // '2026-01-09 08:05'
 */
export function serialToText(serial: number, shape: NumberShape, date1904: boolean): string {
  let days = Math.floor(serial);
  let secs = Math.round((serial - days) * DAY_SECONDS);
  if (secs >= DAY_SECONDS) {
    days += 1;
    secs -= DAY_SECONDS;
  }
  // Excel's 1900 system counts a 29 February 1900 that never was: serials before it are one day later.
  const epoch = date1904 ? EPOCH_1904 : days < 61 ? EPOCH_1900 + 1 : EPOCH_1900;
  const date = dayText(epoch + days);
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  const time = `${pad2(h)}:${pad2(m)}${s === 0 ? '' : `:${pad2(s)}`}`;
  if (shape === 'time' && days === 0) return time;
  if (shape === 'date' || secs === 0) return date;
  return `${date} ${time}`;
}

/**
 * A number's shortest decimal form, never in exponent notation.
 *
 * @example numberText('1260.5') // '1260.5'
 * @example numberText('1.5E-7') // '0.00000015'
 */
export function numberText(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v.trim();
  const s = String(n);
  const e = s.indexOf('e');
  if (e === -1) return s;
  const exp = Number(s.slice(e + 1));
  const neg = s.startsWith('-');
  const mant = s.slice(neg ? 1 : 0, e);
  const [int, frac = ''] = mant.split('.') as [string, string?];
  const digits = int + frac;
  const point = int.length + exp;
  const body = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}

/** What a sheet holds besides its rows: merged areas, and the rows its dimension claims. */
export interface SheetEnd {
  merged: MergedArea[];
  /** The last row of the sheet's `dimension`, when it gives one. */
  dimensionRows: number | null;
}

/**
 * Where a sheet's parser is, for a parser that reads only some stretches of
 * the sheet (src/engine/sheetworker.ts): how deep in the XML it is and the
 * element it opened last, the row number of the last row, whether that
 * number is relative to text it skipped (`rebase`), whether a row gave a
 * number that is not a positive whole number, and how many merged areas and
 * dimensions it has seen.
 */
export interface SheetCursor {
  depth: number;
  opened: string;
  line: number;
  relative: boolean;
  oddLine: boolean;
  merged: number;
  dimensions: number;
  /**
   * With deferred shared strings: a row wrote one column twice and holds a
   * shared-string cell, so which cell is left, and whether the row is
   * blank, depends on strings this parser does not have.
   */
  unsure: boolean;
}

/** A worksheet's parser. */
export interface SheetSink extends XmlSink<SheetEnd> {
  readonly at: SheetCursor;
  /**
   * Counts rows from 0 again, as relative lines: until a row gives its
   * number (`r`), each row's line is its distance from the last row before
   * the text this parser skipped.
   */
  rebase(): void;
}

/** The largest row number a sheet can show: the row numbers are int32 where they cross threads. */
const MAX_LINE = 0x7fffffff;

/**
 * A worksheet's XML → its non-empty rows, each with its row number as the
 * spreadsheet shows it and its cells' text by column (empty cells '').
 * Cells keep their types (SPEC §3.4): a text cell's text; a number's
 * shortest decimal form; a date cell's wall-clock date or date-time; a
 * boolean as `true`/`false`; a formula's cached result (never evaluated);
 * an error value as written (`#N/A`).
 *
 * With deferred shared strings (`ctx.sharedDeferred`), a row that shows
 * nothing but may show a shared string is passed on `undecided`: the thread
 * with the strings drops it when every cell is only blanks after all. A row
 * that wrote a column twice and holds a shared string is not passed on, and
 * the cursor says `unsure`.
 */
export function sheetParser(ctx: CellContext, onRow: (row: RawRow, undecided: boolean) => void): SheetSink {
  const p = xml();
  const merged: MergedArea[] = [];
  let dimensionRows: number | null = null;
  const at: SheetCursor = { depth: 0, opened: '', line: 0, relative: false, oddLine: false, merged: 0, dimensions: 0, unsure: false };
  let fields: string[] | null = null;
  let nonBlank = false;
  let overwritten = false;
  /** The row holds a shared-string cell whose string this parser does not have (deferred). */
  let marked = false;
  let col = -1;
  let type = '';
  let shape: NumberShape = 'number';
  let value = '';
  /** 1: in <v>; 2: in an inline string's <t>; 0: text not wanted. */
  let collect = 0;
  let phonetic = 0;
  const blank = (cell: string): boolean => cell.trim() === '';
  p.on('opentag', (tag) => {
    const name = local(tag.name);
    at.depth += 1;
    at.opened = name;
    // The cell's and the row's attributes by name (`a.r`), not through attr(): one attribute object shape per writer, where a lookup by a variable key is megamorphic.
    const a = tag.attributes as Partial<Record<'r' | 't' | 's', string>>;
    switch (name) {
      case 'row': {
        const r = a.r;
        if (r === undefined) at.line += 1;
        else {
          const n = Number(r);
          at.line = n;
          at.relative = false;
          if (!(Number.isInteger(n) && n >= 1 && n <= MAX_LINE)) at.oddLine = true;
        }
        fields = [];
        nonBlank = false;
        overwritten = false;
        marked = false;
        col = -1;
        break;
      }
      case 'c': {
        const r = a.r;
        const at = r === undefined ? -1 : columnOf(r);
        col = at === -1 ? col + 1 : at;
        type = a.t ?? 'n';
        const s = a.s;
        shape = s === undefined ? 'number' : (ctx.styles[Number(s)] ?? 'number');
        value = '';
        break;
      }
      case 'v':
        collect = 1;
        break;
      case 't':
        if (phonetic === 0) collect = 2;
        break;
      case 'rPh':
        phonetic++;
        break;
      case 'mergeCell': {
        at.merged += 1;
        const area = mergedArea(attr(tag, 'ref') ?? '');
        if (area) merged.push(area);
        break;
      }
      case 'dimension': {
        at.dimensions += 1;
        const ref = attr(tag, 'ref') ?? '';
        const last = /(\d+)$/.exec(ref);
        if (last) dimensionRows = Number(last[1]);
        break;
      }
      default:
    }
  });
  const text = (t: string): void => {
    if (collect !== 0) value += t;
  };
  p.on('text', text);
  p.on('cdata', text);
  p.on('closetag', (tag) => {
    at.depth -= 1;
    at.opened = '';
    switch (local(tag.name)) {
      case 'v':
      case 't':
        collect = 0;
        break;
      case 'rPh':
        phonetic--;
        break;
      case 'c': {
        if (fields === null) break;
        const cell = cellText(type, value, shape, ctx);
        if (cell !== '') {
          while (fields.length < col) fields.push('');
          // A cell written twice (two cells with one reference) may blank out the one it replaces.
          if (col < fields.length) overwritten = true;
          fields[col] = cell;
          // A row of blanks is no row: one trim per row, usually its first cell's. A mark is neither blank nor not.
          if (cell.charCodeAt(0) === 0xfffe) marked = true;
          else if (!nonBlank && !blank(cell)) nonBlank = true;
        }
        break;
      }
      case 'row':
        if (fields === null) break;
        // With marks, a cell written twice may have been blanked out by a string this parser does not have.
        if (marked && overwritten) at.unsure = true;
        else if (nonBlank && (!overwritten || !fields.every(blank))) onRow({ fields, line: at.line }, false);
        else if (marked) onRow({ fields, line: at.line }, true);
        fields = null;
        break;
      default:
    }
  });
  return {
    at,
    rebase() {
      at.line = 0;
      at.relative = true;
    },
    write: (t) => void p.write(t),
    close: () => (p.close(), { merged, dimensionRows }),
  };
}

/** A whole number of 1 to 9 digits without sign, spaces or leading zeros: an index as written, within int32. */
function plainIndex(value: string): boolean {
  const n = value.length;
  if (n === 0 || n > 9) return false;
  for (let k = 0; k < n; k++) {
    const c = value.charCodeAt(k);
    if (c < 48 || c > 57 || (c === 48 && k === 0 && n > 1)) return false;
  }
  return true;
}

/** One cell's text from its type (`t`), raw value and style. */
function cellText(type: string, value: string, shape: NumberShape, ctx: CellContext): string {
  switch (type) {
    case 's': {
      if (ctx.sharedDeferred !== true) return ctx.sharedStrings[Number(value)] ?? '';
      // As every writer writes it (the hot path of a worker: no Number(), no regular expression).
      if (plainIndex(value)) return SHARED_MARK + value;
      // No string at all (not an index) gives '', which writes no cell; an index past the table's end is the main thread's to find.
      const i = Number(value);
      if (!(Number.isInteger(i) && i >= 0 && i <= MAX_SHARED)) return '';
      // The index's own digits (`01` is 1, as Number() reads it where the strings are).
      return SHARED_MARK + String(i);
    }
    case 'inlineStr':
    case 'str':
    case 'e':
      return value;
    case 'b':
      return value === '' ? '' : value.trim() === '0' ? 'false' : 'true';
    case 'd':
      // An ISO 8601 date in the cell itself (strict OOXML): its wall-clock text as written.
      return value.replace('T', ' ').replace(/(:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '$1').replace(/ 00:00(:00)?$/, '');
    default: {
      if (value === '') return '';
      if (shape !== 'number') {
        const n = Number(value);
        if (Number.isFinite(n) && n >= 0) return serialToText(n, shape, ctx.date1904);
      }
      return numberText(value);
    }
  }
}
