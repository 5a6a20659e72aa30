/**
 * `rules/columns.yaml` (SPEC §3.2): header aliases, value aliases, extra date
 * patterns and id padding, parsed once into a {@link ColumnsConfig}. Every
 * problem carries file, line and column so a clerk can find the typo.
 */
import { isValid, parse as parseWithPattern } from 'date-fns';
import { isMap, isScalar, isSeq } from 'yaml';
import type { LineCounter } from 'yaml';
import { parseYaml, yamlErrors } from '../yaml.js';
import type { Node, Pair, YAMLMap } from 'yaml';
import { EVENT_KINDS } from '../types.js';
import { problem, type Code, type ParamsOf, type Problem } from '../problems.js';
import { closest, editDistance } from '../suggest.js';
import { CANONICAL_FIELDS, STATUSES } from '../fields.js';
import type { ColumnsConfig } from './types.js';

const TOP_LEVEL_KEYS = ['headers', 'values', 'formats', 'ids'] as const;

/**
 * Normalises a header or a raw value for matching: strips a UTF-8 BOM,
 * surrounding spaces, and case.
 *
 * @example normaliseHeader('\uFEFF Employee ') // 'employee'
 */
export function normaliseHeader(s: string): string {
  return s.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** Canonical values that always match themselves (§3.2). */
const CANONICAL_VALUES: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['status', STATUSES],
  ['kind', EVENT_KINDS],
]);

/** The configuration without a columns.yaml: canonical names only. */
export function defaultColumns(): ColumnsConfig {
  const headers = new Map<string, string>();
  for (const field of CANONICAL_FIELDS) headers.set(field, field);
  const values = new Map<string, Map<string, string>>();
  for (const [field, canon] of CANONICAL_VALUES) values.set(field, new Map(canon.map((v) => [v, v])));
  return { headers, values, dateFormats: [], idPad: null };
}

/** Collects problems with positions from the source text. */
class ProblemList {
  readonly problems: Problem[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** Records a problem at a YAML node (or at the start of the file). */
  at<C extends Code>(node: Node | Pair | null | undefined, code: C, params: ParamsOf<C>): void {
    const offset = rangeStart(node);
    const { line, col } = this.lines.linePos(offset);
    this.problems.push(problem(code, { file: this.file, line, column: col }, params) as Problem);
  }
}

function rangeStart(node: Node | Pair | null | undefined): number {
  if (node === null || node === undefined) return 0;
  if ('range' in node && node.range) return node.range[0];
  if ('key' in node) return rangeStart(node.key as Node | null);
  return 0;
}

/** The text of a scalar key or value, or null when it is not a scalar. */
function scalarText(node: unknown): string | null {
  if (!isScalar(node)) return null;
  const v = node.value;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

/** Closest canonical name to a typo (edit distance ≤ 2), for the message; null when none is that close. */
function suggestField(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const field of CANONICAL_FIELDS) {
    const d = editDistance(name.toLowerCase(), field);
    if (d < bestDistance) {
      best = field;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The list under a key: a sequence of scalars (or one scalar, read as a
 * one-element list). Reports anything else.
 */
function stringList(node: unknown, what: string, problems: ProblemList): Array<{ text: string; node: Node }> {
  if (isScalar(node)) {
    const text = scalarText(node);
    if (text !== null && text.trim() !== '') return [{ text, node }];
  }
  if (!isSeq(node)) {
    problems.at(node as Node, 'COLUMNS_NOT_A_LIST', { what });
    return [];
  }
  const out: Array<{ text: string; node: Node }> = [];
  for (const item of node.items) {
    const text = scalarText(item);
    if (text === null || text.trim() === '') problems.at(item as Node, 'COLUMNS_EMPTY_NAME', { what });
    else out.push({ text, node: item as Node });
  }
  return out;
}

/** A mapping's entries with scalar keys; reports a value that is not a mapping. */
function mapEntries(node: unknown, what: string, problems: ProblemList): Array<{ key: string; pair: Pair; value: unknown }> {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) {
    problems.at(node as Node, 'COLUMNS_NOT_A_MAPPING', { what });
    return [];
  }
  const out: Array<{ key: string; pair: Pair; value: unknown }> = [];
  for (const pair of (node as YAMLMap).items) {
    const key = scalarText(pair.key);
    if (key === null) problems.at(pair, 'COLUMNS_KEY_NOT_A_NAME', { what });
    else out.push({ key, pair, value: pair.value });
  }
  return out;
}

function readHeaders(node: unknown, cfg: ColumnsConfig, problems: ProblemList): void {
  for (const { key: field, pair, value } of mapEntries(node, 'headers', problems)) {
    if (!CANONICAL_FIELDS.has(field)) {
      problems.at(pair, 'COLUMNS_NOT_A_FIELD', { section: 'headers', field, suggest: suggestField(field) });
      continue;
    }
    for (const alias of stringList(value, `headers.${field}`, problems)) {
      const name = normaliseHeader(alias.text);
      const taken = cfg.headers.get(name);
      if (taken !== undefined && taken !== field) {
        problems.at(alias.node, 'COLUMNS_HEADER_TWICE', { header: alias.text, first: taken, second: field });
      } else {
        cfg.headers.set(name, field);
      }
    }
  }
}

function readValues(node: unknown, cfg: ColumnsConfig, problems: ProblemList): void {
  for (const { key: field, pair, value } of mapEntries(node, 'values', problems)) {
    if (!CANONICAL_FIELDS.has(field)) {
      problems.at(pair, 'COLUMNS_NOT_A_FIELD', { section: 'values', field, suggest: suggestField(field) });
      continue;
    }
    const map = cfg.values.get(field) ?? new Map<string, string>();
    cfg.values.set(field, map);
    const allowed = CANONICAL_VALUES.get(field);
    for (const { key: canonical, pair: valuePair, value: aliases } of mapEntries(value, `values.${field}`, problems)) {
      if (allowed !== undefined && !allowed.includes(canonical)) {
        problems.at(valuePair, 'COLUMNS_NOT_A_VALUE', { field, value: canonical, allowed: [...allowed] });
        continue;
      }
      for (const alias of stringList(aliases, `values.${field}.${canonical}`, problems)) {
        const raw = normaliseHeader(alias.text);
        const taken = map.get(raw);
        if (taken !== undefined && taken !== canonical) {
          problems.at(alias.node, 'COLUMNS_VALUE_TWICE', { field, alias: alias.text, first: taken, second: canonical });
        } else {
          map.set(raw, canonical);
        }
      }
    }
  }
}

/**
 * Checks a date-fns pattern by using it once; date-fns throws on unknown or
 * misused tokens. Null when it is sound; else why not: `Y` or `D` misused,
 * or date-fns's own words.
 */
function patternError(pattern: string): { why: 'Y' | 'D' | 'other'; detail: string } | null {
  // date-fns would console.warn before throwing on these; say it in the clerk's terms instead.
  const unquoted = pattern.replace(/'[^']*'/g, '');
  if (/Y/.test(unquoted)) return { why: 'Y', detail: '' };
  if (/D/.test(unquoted)) return { why: 'D', detail: '' };
  try {
    isValid(parseWithPattern('2026-01-01', pattern, new Date(2000, 0, 1)));
    return null;
  } catch (err) {
    return { why: 'other', detail: err instanceof Error ? err.message.replace(/; see: https?:\S+$/, '') : String(err) };
  }
}

function readFormats(node: unknown, cfg: ColumnsConfig, problems: ProblemList): void {
  for (const { key, pair, value } of mapEntries(node, 'formats', problems)) {
    if (key !== 'dates') {
      problems.at(pair, 'COLUMNS_UNKNOWN_KEY', { section: 'formats', key, expected: ['dates'], suggest: closest(key, ['dates']) });
      continue;
    }
    for (const p of stringList(value, 'formats.dates', problems)) {
      const error = patternError(p.text);
      if (error === null) cfg.dateFormats.push(p.text);
      else problems.at(p.node, 'COLUMNS_BAD_DATE_PATTERN', { pattern: p.text, ...error });
    }
  }
}

function readIds(node: unknown, cfg: ColumnsConfig, problems: ProblemList): void {
  for (const { key, pair, value } of mapEntries(node, 'ids', problems)) {
    if (key !== 'pad') {
      problems.at(pair, 'COLUMNS_UNKNOWN_KEY', { section: 'ids', key, expected: ['pad'], suggest: closest(key, ['pad']) });
      continue;
    }
    const n = isScalar(value) ? value.value : undefined;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 64) cfg.idPad = n;
    else problems.at((value ?? pair) as Node, 'COLUMNS_BAD_PAD', { value: JSON.stringify(scalarText(value) ?? n ?? null) });
  }
}

/**
 * Parses `rules/columns.yaml`. Returns the configuration (defaults plus what
 * the file adds) and every problem found, each with file, line and column:
 * YAML syntax, unknown keys, fields that are not canonical, a header alias
 * under two fields, a value alias meaning two values of one field, wrong
 * types (`ids.pad` not a positive integer, a bad date pattern).
 */
export function parseColumns(text: string, file: string): { config: ColumnsConfig; problems: Problem[] } {
  const config = defaultColumns();
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { config, problems: parsed.problems };
  const { doc, lines } = parsed;
  const problems = new ProblemList(file, lines);
  if (doc.errors.length > 0) return { config, problems: yamlErrors(doc, file, lines) };
  const top = mapEntries(doc.contents, 'columns.yaml', problems);
  for (const { key, pair, value } of top) {
    switch (key) {
      case 'headers':
        readHeaders(value, config, problems);
        break;
      case 'values':
        readValues(value, config, problems);
        break;
      case 'formats':
        readFormats(value, config, problems);
        break;
      case 'ids':
        readIds(value, config, problems);
        break;
      default:
        problems.at(pair, 'COLUMNS_UNKNOWN_KEY', { section: null, key, expected: [...TOP_LEVEL_KEYS], suggest: closest(key, TOP_LEVEL_KEYS) });
    }
  }
  return { config, problems: problems.problems };
}
