/**
 * Reading (SPEC §3): bytes → text → CSV rows → typed records, with rejects.
 * Everything in src/read is pure: it takes bytes or text and returns data;
 * the CLI opens the files.
 */
import type { EventRecord, Kind, RosterEntry } from '../types.js';
import type { Reject } from '../problems.js';

/** `rules/columns.yaml`, parsed and normalised once (§3.2). */
export interface ColumnsConfig {
  /** Normalised header (trimmed, lower-case, BOM removed) → canonical field. Canonical names map to themselves. */
  headers: Map<string, string>;
  /** Canonical field → (normalised raw value → canonical value). */
  values: Map<string, Map<string, string>>;
  /** Extra date-fns patterns, tried after the built-in date forms. */
  dateFormats: string[];
  /** All-digit ids shorter than this get leading zeros; null = leave ids alone. */
  idPad: number | null;
}

/** A file's header, resolved once: which kind(s) and which column holds each canonical field. */
export interface FileLayout {
  file: string;
  /** The single kind, or null for a combined register with a `kind` column. */
  kind: Kind | null;
  /** Index of the `kind` column in a combined register. */
  kindColumn: number | null;
  /** Canonical field → column index. */
  columns: Map<string, number>;
  /** Number of header fields. */
  width: number;
  /** The header as written (for messages: a field is named by its column's header). */
  header: string[];
}

/** The outcome of typing one CSV row. */
export type TypedRow =
  | { ok: true; kind: 'roster'; entry: RosterEntry }
  | { ok: true; kind: 'incident' | 'complaint' | 'training'; record: EventRecord }
  | { ok: false; reject: Reject; people?: string[] };

/** A raw CSV row with its 1-based physical line number (the header is line 1). */
export interface RawRow {
  fields: string[];
  line: number;
}
