/**
 * One description of a report's fields drives both its CSV and its JSON, so
 * the two can never disagree on names, order or number formatting (§7).
 */
import type { Fen, Hundredths } from '../types.js';
import { formatFen, formatScore, scoreNumber, toCsv } from './format.js';

/** A report field: its output name, how its value is typed, and how to read it. */
export type Field<T> =
  | { name: string; kind: 'text'; get: (row: T) => string }
  | { name: string; kind: 'money'; get: (row: T) => Fen | bigint }
  | { name: string; kind: 'score'; get: (row: T) => Hundredths }
  | { name: string; kind: 'count'; get: (row: T) => number };

/** A JSON value as the renderers emit it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The CSV text of one field: money with two decimals, scores with up to two. */
export function fieldText<T>(field: Field<T>, row: T): string {
  switch (field.kind) {
    case 'text':
      return field.get(row);
    case 'money':
      return formatFen(field.get(row));
    case 'score':
      return formatScore(field.get(row));
    case 'count':
      return String(field.get(row));
  }
}

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
export function fieldsCsv<T>(fields: readonly Field<T>[], rows: readonly T[], opts: { bom: boolean }): string {
  const numeric = new Set<number>();
  fields.forEach((field, i) => {
    if (field.kind !== 'text') numeric.add(i);
  });
  const header = fields.map((field) => field.name);
  const body = rows.map((row) => fields.map((field) => fieldText(field, row)));
  return toCsv(header, body, numeric, opts);
}

/** Pretty JSON as every report prints it: two-space indent and a trailing newline. */
export function jsonText(value: JsonValue): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
