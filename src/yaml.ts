/**
 * YAML as hostile input (SPEC §8): rules files travel by email between
 * bureaus, so every YAML file assess reads — the rules and columns.yaml —
 * goes through here first. The `yaml` library bounds alias expansion
 * (`maxAliasCount`) but neither the size of a document nor its nesting, and
 * its composer recurses once per level: a few thousand `[` overflow the
 * stack. So the size is checked before parsing, and the nesting is measured
 * on the library's concrete syntax tree (built without recursion) with an
 * explicit stack, before anything is composed.
 */
import { Lexer, LineCounter, Parser, parseDocument, visit } from 'yaml';
import type { CST, Document } from 'yaml';
import type { TextProblem as Problem } from './types.js';

/** The limits of a YAML file assess reads. The bureau's own rules files are a few KB and 5 levels deep. */
export const YAML_LIMITS = {
  /** Bytes of one file. */
  maxBytes: 1024 * 1024,
  /** Nested mappings and lists. */
  maxDepth: 64,
  /**
   * The `yaml` library's own bound on alias expansion when a document becomes
   * data (its default, set here on purpose): the "billion laughs" shape of ten
   * levels of ten aliases stops at once, while a few anchors reused by hand pass.
   */
  maxAliasCount: 100,
} as const;

/** The lexer's marks that stand for no source text (yaml's CST.DOCUMENT, FLOW_END, SCALAR). */
const CONTROL = '\u0002\u0018\u001f';

/** A parsed YAML file, or the problems that stopped it before it was composed. */
export type YamlParse = { ok: true; doc: Document; lines: LineCounter } | { ok: false; problems: Problem[] };

/**
 * The place of a source offset, 1-based, without a LineCounter (the file may
 * not have been parsed).
 */
function placeOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Message of the size limit. CODE: RULES_TOO_LARGE */
export function yamlTooLargeMessage(bytes: number): string {
  return `is ${bytes} bytes; a rules file may have at most ${YAML_LIMITS.maxBytes} bytes (split it into several files)`;
}

/**
 * The offset of the first mapping or list nested deeper than `maxDepth`, or
 * -1. Walks the concrete syntax tree with an explicit stack.
 */
export function tooDeepAt(text: string, maxDepth: number = YAML_LIMITS.maxDepth): number {
  // The parser slows down with flow depth ([[[…), so flow brackets are
  // counted on the lexer's tokens first, stopping at the first too deep.
  let offset = 0;
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++flow > maxDepth) return offset;
    } else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    // The lexer's control tokens (document start, scalar and flow-end marks) are not source text.
    if (!(token.length === 1 && CONTROL.includes(token))) offset += token.length;
  }
  const stack: Array<{ token: CST.Token | null | undefined; depth: number }> = [];
  for (const token of new Parser().parse(text)) stack.push({ token, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token | null | undefined; depth: number };
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
      continue;
    }
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > maxDepth) return token.offset;
    for (const item of token.items) {
      if ('key' in item) stack.push({ token: item.key, depth: depth + 1 });
      stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return -1;
}

/**
 * Parses one YAML file within {@link YAML_LIMITS}: a file too large or
 * nested too deep is one problem naming its place, and is never composed.
 * YAML syntax errors are left in `doc.errors` for the caller to word.
 * @example parseYaml('a: [1, 2]', 'rules/x.yaml') // { ok: true, doc, lines }
 */
export function parseYaml(text: string, file: string): YamlParse {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) return { ok: false, problems: [{ file, message: yamlTooLargeMessage(bytes) }] };
  const deep = tooDeepAt(text);
  if (deep >= 0) {
    return {
      ok: false,
      // CODE: RULES_TOO_DEEP
      problems: [{ file, ...placeOf(text, deep), message: `mappings and lists are nested more than ${YAML_LIMITS.maxDepth} deep here (rules need a few levels)` }],
    };
  }
  const lines = new LineCounter();
  // logLevel 'error': the library's warnings (a mapping used as a key…) would reach the clerk as Node process warnings; the loader reports such keys itself.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, logLevel: 'error' });
  return { ok: true, doc, lines };
}

/**
 * The document as plain data, with aliases expanded at most
 * {@link YAML_LIMITS.maxAliasCount} times; `null` data and a problem when
 * the aliases multiply beyond that (the library throws a ReferenceError).
 */
export function yamlData(doc: Document, file: string, lines: LineCounter): { ok: true; data: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const alias = firstAliasOffset(doc);
    const { line, col } = lines.linePos(alias);
    return {
      ok: false,
      // CODE: RULES_ALIAS_BOMB
      problem: { file, line, column: col, message: `aliases (*name) here expand to too much data (at most ${YAML_LIMITS.maxAliasCount} alias uses); write the values out instead` },
    };
  }
}

/** Offset of the first alias node in the document (0 when none has a range). Depth is bounded by then. */
function firstAliasOffset(doc: Document): number {
  let at = -1;
  visit(doc, {
    Alias(_key, node) {
      if (node.range && (at < 0 || node.range[0] < at)) at = node.range[0];
    },
  });
  return Math.max(at, 0);
}
