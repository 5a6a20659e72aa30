/**
 * A file's header → its layout (SPEC §3.2): which canonical field each column
 * holds and what kind of records the file carries. Decided once per file, so
 * the per-row typer only indexes arrays.
 */
import { EVENT_KINDS, KINDS } from '../types.js';
import type { Kind } from '../types.js';
import { problem } from '../problems.js';
import type { FieldRef, Lacking, Problem } from '../problems.js';
import { normaliseHeader } from './columns.js';
import { KIND_FIELDS } from '../fields.js';
import { editDistance } from '../suggest.js';
import type { ColumnsConfig, FileLayout } from './types.js';

/**
 * How a clerk knows a field: its canonical name plus the first alias from
 * columns.yaml, e.g. `employee (工号)`; the bare name when it has no alias.
 */
export function fieldLabel(field: string, cfg: ColumnsConfig): string {
  const ref = fieldRef(field, cfg);
  return ref.header === '' ? field : `${field} (${ref.header})`;
}

/**
 * A field as the clerk knows it (for messages): the header the file gives it,
 * else its first alias in columns.yaml, else none.
 */
export function fieldRef(field: string, cfg: ColumnsConfig, header?: readonly string[], columns?: ReadonlyMap<string, number>): FieldRef {
  const index = columns?.get(field);
  const written = index === undefined ? undefined : header?.[index]?.replace(/^\uFEFF/, '').trim();
  if (written !== undefined && written !== '') return { field, header: written };
  for (const [alias, target] of cfg.headers) {
    if (target === field && alias !== field) return { field, header: alias };
  }
  return { field, header: '' };
}

/** The required fields of `kind` that the header lacks. */
function lacking(kind: Kind, columns: ReadonlyMap<string, number>, cfg: ColumnsConfig): FieldRef[] {
  return KIND_FIELDS[kind].required.filter((f) => !columns.has(f)).map((f) => fieldRef(f, cfg));
}

/** What each kind in `kinds` lacks, for those that lack something. */
function lackingByKind(kinds: readonly Kind[], columns: ReadonlyMap<string, number>, cfg: ColumnsConfig): Lacking[] {
  return kinds
    .map((kind) => ({ kind, missing: lacking(kind, columns, cfg) }))
    .filter((x) => x.missing.length > 0);
}

/** The most columns a file may have (the widest export of SPEC §9 has 17). */
export const MAX_COLUMNS = 1000;

type LayoutResult = { ok: true; layout: FileLayout } | { ok: false; problem: Problem };

function fail(p: Problem): LayoutResult {
  return { ok: false, problem: p };
}

/**
 * Headers of the file that map to no field but are close to an alias of a
 * field the file lacks (a typo, or a variant such as 受理日期 for 受理时间):
 * "did you mean". At most two edits, and at most half the header's length.
 */
function closeHeaders(header: readonly string[], missing: ReadonlySet<string>, cfg: ColumnsConfig): { header: string; alias: string }[] {
  const aliases = [...cfg.headers].filter(([, field]) => missing.has(field)).map(([alias]) => alias);
  const out: { header: string; alias: string }[] = [];
  for (const name of header) {
    const n = normaliseHeader(name);
    if (n === '' || cfg.headers.has(n)) continue;
    let best: string | null = null;
    let bestDistance = Math.min(2, Math.floor(n.length / 2));
    for (const alias of aliases) {
      const d = editDistance(n, alias);
      if (d <= bestDistance && (best === null || d < bestDistance)) {
        best = alias;
        bestDistance = d;
      }
    }
    if (best !== null) out.push({ header: name.trim(), alias: best });
  }
  return out;
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
  if (header.length > MAX_COLUMNS) return fail(problem('TOO_MANY_COLUMNS', { file, line: 1 }, { columns: header.length, max: MAX_COLUMNS }));
  const columns = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const field = cfg.headers.get(normaliseHeader(name));
    if (field === undefined) continue;
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      return fail(problem('HEADER_DUPLICATE_FIELD', { file, line: 1 }, { first: header[earlier] as string, second: name, field }));
    }
    columns.set(field, i);
  }
  const width = header.length;
  const kindColumn = columns.get('kind');
  if (kindColumn !== undefined) {
    const usable = EVENT_KINDS.filter((k) => lacking(k, columns, cfg).length === 0);
    if (usable.length === 0) {
      return fail(problem('REGISTER_NO_KIND', { file, line: 1 }, { lacking: lackingByKind(EVENT_KINDS, columns, cfg) }));
    }
    return { ok: true, layout: { file, kind: null, kindColumn, columns, width, header } };
  }
  const fits = KINDS.filter((k) => lacking(k, columns, cfg).length === 0);
  if (fits.length === 1) {
    return { ok: true, layout: { file, kind: fits[0] as Kind, kindColumn: null, columns, width, header } };
  }
  if (fits.length === 0) {
    const lackingAll = lackingByKind(KINDS, columns, cfg);
    const missing = new Set(lackingAll.flatMap((x) => x.missing.map((f) => f.field)));
    return fail(problem('HEADER_NO_KIND', { file, line: 1 }, { lacking: lackingAll, suggestions: closeHeaders(header, missing, cfg) }));
  }
  const lackingOthers = lackingByKind(KINDS.filter((k) => !fits.includes(k)), columns, cfg);
  return fail(problem('HEADER_TWO_KINDS', { file, line: 1 }, { kinds: [...fits], lacking: lackingOthers }));
}

/**
 * The kinds of which a header row has half or more of the required columns,
 * but not all, with the columns it lacks (SPEC §3.4: such a sheet is an
 * error, where a sheet with nothing like a header is skipped).
 *
 * @example partialKinds(['工号', '姓名', '部门'], cfg) // [{ kind: 'roster', missing: [{ field: 'wage', header: '月工资' }] }]
 */
export function partialKinds(header: string[], cfg: ColumnsConfig): { kind: Kind; missing: FieldRef[] }[] {
  const columns = new Map<string, number>();
  for (const [i, name] of header.entries()) {
    const field = cfg.headers.get(normaliseHeader(name));
    if (field !== undefined && !columns.has(field)) columns.set(field, i);
  }
  return KINDS.map((kind) => ({ kind, missing: lacking(kind, columns, cfg) })).filter(
    (k) => k.missing.length > 0 && 2 * (KIND_FIELDS[k.kind].required.length - k.missing.length) >= KIND_FIELDS[k.kind].required.length,
  );
}
