/**
 * One description of a report's fields drives both its CSV and its JSON, so
 * the two can never disagree on names, order or number formatting (§7).
 */
import type { Fen, Hundredths } from '../types.js';
import { CsvBytes } from './csvbytes.js';
import { BOM, csvField, formatFen, scoreNumber } from './format.js';

/** A report field: its output name, how its value is typed, and how to read it. */
export type Field<T> =
  | { name: string; kind: 'text'; get: (row: T) => string }
  | { name: string; kind: 'money'; get: (row: T) => Fen | bigint }
  | { name: string; kind: 'score'; get: (row: T) => Hundredths }
  | { name: string; kind: 'count'; get: (row: T) => number };

/** A JSON value as the renderers emit it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The JSON value of one field: money as a "1260.00" string, scores and counts as numbers. */
export function fieldJson<T>(field: Field<T>, row: T): JsonValue {
  switch (field.kind) {
    case 'text':
      return field.get(row);
    case 'money':
      return formatFen(field.get(row));
    case 'score':
      return scoreNumber(field.get(row));
    case 'count':
      return field.get(row);
  }
}

/** One row as a JSON object whose keys follow the fields' order. */
export function toJsonObject<T>(fields: readonly Field<T>[], row: T): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const field of fields) out[field.name] = fieldJson(field, row);
  return out;
}

/** Rows as CSV; every field that is not text counts as numeric (never formula-escaped). */
export function fieldsCsv<T>(fields: readonly Field<T>[], rows: Iterable<T>, opts: { bom: boolean }): string {
  return Buffer.concat(Array.from(fieldsCsvChunks(fields, rows, opts))).toString('utf8');
}

/**
 * The UTF-8 bytes of {@link fieldsCsv} in pieces (the header line, then
 * rows, ~48 KB at a time, each piece ending at a row's end), so that a big
 * trace can be written to a file without the whole text ever being in
 * memory, and the scores of a large month without a string per cell
 * (src/render/csvbytes.ts).
 */
export function* fieldsCsvChunks<T>(fields: readonly Field<T>[], rows: Iterable<T>, opts: { bom: boolean }): Generator<Uint8Array> {
  const out = new CsvBytes();
  out.raw(`${opts.bom ? BOM : ''}${fields.map((field) => csvField(field.name)).join(',')}\n`);
  yield out.take();
  for (const row of rows) {
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) out.comma();
      csvCellOf(out, fields[i] as Field<T>, row);
    }
    if (out.endRow()) yield out.take();
  }
  if (!out.empty) yield out.take();
}

/** One field's cell of `row`: text cells formula-defended (§7); money, scores and counts, digits, '-' and '.', as they are. */
function csvCellOf<T>(out: CsvBytes, field: Field<T>, row: T): void {
  switch (field.kind) {
    case 'text':
      return out.text(field.get(row));
    case 'money':
      return out.fen(field.get(row));
    case 'score':
      return out.score(field.get(row));
    case 'count':
      return out.count(field.get(row));
  }
}

/** Pretty JSON as every report prints it: two-space indent and a trailing newline. */
export function jsonText(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** An array member of {@link jsonChunks}' object whose elements are made one at a time as written. */
export class JsonStream {
  constructor(readonly items: Iterable<JsonValue>) {}
}

/** Array elements per chunk of {@link jsonChunks}. */
const JSON_CHUNK_ITEMS = 1024;

/**
 * The text of {@link jsonText} for an object, in pieces: members that are
 * {@link JsonStream}s are written element by element, so that a summary with
 * 10^6 rejected rows or 10^5 people is never one string in memory. The same
 * bytes as `jsonText` of the object with those members as arrays: JSON
 * strings hold no raw line break, so indenting an element's own
 * `JSON.stringify(x, null, 2)` by its depth gives what the whole would.
 */
export function* jsonChunks(value: { [key: string]: JsonValue | JsonStream }): Generator<string> {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  if (keys.length === 0) {
    yield '{}\n';
    return;
  }
  let out = '{\n';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const v = value[key];
    const sep = i === keys.length - 1 ? '\n' : ',\n';
    out += `  ${JSON.stringify(key)}: `;
    if (!(v instanceof JsonStream)) {
      out += `${indent(JSON.stringify(v, null, 2), '  ')}${sep}`;
      continue;
    }
    let parts: string[] = [];
    let first = true;
    for (const item of v.items) {
      parts.push(`${first ? '[\n' : ',\n'}    ${indent(JSON.stringify(item, null, 2) ?? 'null', '    ')}`);
      first = false;
      if (parts.length === JSON_CHUNK_ITEMS) {
        yield out + parts.join('');
        out = '';
        parts = [];
      }
    }
    out += `${parts.join('')}${first ? '[]' : '\n  ]'}${sep}`;
  }
  yield `${out}}\n`;
}

/** `text` with every line after the first indented by `by`. */
function indent(text: string, by: string): string {
  return text.includes('\n') ? text.replaceAll('\n', `\n${by}`) : text;
}
