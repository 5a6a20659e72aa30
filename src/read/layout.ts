/**
 * A file's header → its layout (SPEC §3.2): which canonical field each column
 * holds and what kind of records the file carries. Decided once per file, so
 * the per-row typer only indexes arrays.
 */
import { EVENT_KINDS, KINDS } from '../types.js';
import type { Kind, Problem } from '../types.js';
import { normaliseHeader } from './columns.js';
import { KIND_FIELDS } from '../fields.js';
import type { ColumnsConfig, FileLayout } from './types.js';

/**
 * How a clerk knows a field: its canonical name plus the first alias from
 * columns.yaml, e.g. `employee (工号)`; the bare name when it has no alias.
 */
export function fieldLabel(field: string, cfg: ColumnsConfig): string {
  for (const [header, target] of cfg.headers) {
    if (target === field && header !== field) return `${field} (${header})`;
  }
  return field;
}

/** The required fields of `kind` that the header lacks, as labels. */
function lacking(kind: Kind, columns: ReadonlyMap<string, number>, cfg: ColumnsConfig): string[] {
  return KIND_FIELDS[kind].required.filter((f) => !columns.has(f)).map((f) => fieldLabel(f, cfg));
}

/** `roster lacks wage (月工资); incident lacks …` for every kind in `kinds` that lacks something. */
function lackingByKind(kinds: readonly Kind[], columns: ReadonlyMap<string, number>, cfg: ColumnsConfig): string {
  return kinds
    .map((k) => ({ k, missing: lacking(k, columns, cfg) }))
    .filter((x) => x.missing.length > 0)
    .map((x) => `${x.k} lacks ${x.missing.join(', ')}`)
    .join('; ');
}

/** The most columns a file may have (the widest export of SPEC §9 has 17). */
export const MAX_COLUMNS = 1000;

type LayoutResult = { ok: true; layout: FileLayout } | { ok: false; problem: Problem };

function fail(file: string, message: string): LayoutResult {
  return { ok: false, problem: { file, line: 1, message } };
}

/**
 * Resolves a file's header. The file's kind is the one kind whose required
 * fields all appear among its mapped headers; a file with a `kind` column is
 * a combined register (`kind: null`) whose rows each name their kind.
 * Unknown headers are ignored. Fails (a Problem on line 1) when two headers
 * mean the same field, or when no kind or more than one kind fits — listing
 * per kind the required columns it lacks.
 *
 * @example detectLayout(['工号', '姓名', '部门', '月工资'], cfg, 'roster.csv') // kind 'roster'
 */
export function detectLayout(header: string[], cfg: ColumnsConfig, file: string): LayoutResult {
  // CODE: TOO_MANY_COLUMNS — every row of such a file would be a wide array; an export has a few dozen.
  if (header.length > MAX_COLUMNS) return fail(file, `the header has ${header.length} columns; a file may have at most ${MAX_COLUMNS} (is this the right file, and its delimiter a comma, semicolon or tab?)`);
  const columns = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const field = cfg.headers.get(normaliseHeader(name));
    if (field === undefined) continue;
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      return fail(file, `columns "${header[earlier]}" and "${name}" both mean ${field}; remove one of them`);
    }
    columns.set(field, i);
  }
  const width = header.length;
  const kindColumn = columns.get('kind');
  if (kindColumn !== undefined) {
    const usable = EVENT_KINDS.filter((k) => lacking(k, columns, cfg).length === 0);
    if (usable.length === 0) {
      return fail(file, `this register has a kind column but no kind of record has all its columns: ${lackingByKind(EVENT_KINDS, columns, cfg)}`);
    }
    return { ok: true, layout: { file, kind: null, kindColumn, columns, width } };
  }
  const fits = KINDS.filter((k) => lacking(k, columns, cfg).length === 0);
  if (fits.length === 1) {
    return { ok: true, layout: { file, kind: fits[0] as Kind, kindColumn: null, columns, width } };
  }
  if (fits.length === 0) {
    return fail(file, `cannot tell what this file holds: no kind of record has all its columns: ${lackingByKind(KINDS, columns, cfg)}`);
  }
  const others = lackingByKind(KINDS.filter((k) => !fits.includes(k)), columns, cfg);
  return fail(
    file,
    `cannot tell what this file holds: it has all the columns of ${fits.join(' and ')}; split it into one file per kind`
      + (others === '' ? '' : ` (${others})`),
  );
}

/**
 * The kinds of which a header row has half or more of the required columns,
 * but not all, with the columns it lacks (SPEC §3.4: such a sheet is an
 * error, where a sheet with nothing like a header is skipped).
 *
 * @example partialKinds(['工号', '姓名', '部门'], cfg) // [{ kind: 'roster', missing: ['wage (月工资)'] }]
 */
export function partialKinds(header: string[], cfg: ColumnsConfig): { kind: Kind; missing: string[] }[] {
  const columns = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const field = cfg.headers.get(normaliseHeader(name));
    if (field !== undefined && !columns.has(field)) columns.set(field, i);
  }
  return KINDS.map((kind) => ({ kind, missing: lacking(kind, columns, cfg) })).filter(
    (k) => k.missing.length > 0 && 2 * (KIND_FIELDS[k.kind].required.length - k.missing.length) >= KIND_FIELDS[k.kind].required.length,
  );
}
