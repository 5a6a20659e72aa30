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
import { Composer, Lexer, LineCounter, Parser, YAMLParseError, isAlias, visit } from 'yaml';
import type { CST, Document } from 'yaml';
import { problem, type Problem } from './problems.js';

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

/**
 * The offset of the first flow bracket (`[`, `{`) nested deeper than
 * `maxDepth`, or -1, counted on the lexer's tokens: the parser slows down
 * with flow depth (`[[[…`), so this runs before it. A text with no more
 * brackets than `maxDepth` cannot nest them deeper, and is not lexed.
 */
function flowTooDeepAt(text: string, maxDepth: number): number {
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= maxDepth; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= maxDepth) return -1;
  let offset = 0;
  let flow = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      if (++flow > maxDepth) return offset;
    } else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    // The lexer's control tokens (document start, scalar and flow-end marks) are not source text.
    if (!(token.length === 1 && CONTROL.includes(token))) offset += token.length;
  }
  return -1;
}

/**
 * The offset of the first mapping or list in the concrete syntax tree
 * `tokens` nested deeper than `maxDepth`, or -1. Walks it with an explicit
 * stack.
 */
function treeTooDeepAt(tokens: readonly CST.Token[], maxDepth: number): number {
  const stack: Array<{ token: CST.Token | null | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
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
 * The text's concrete syntax tree (`lines` counting its lines as it is
 * parsed), and the offset of its first mapping or list nested deeper than
 * `maxDepth`, or -1. Too deep in flow brackets, it is not parsed: `tokens`
 * is empty.
 */
function measureDepth(text: string, maxDepth: number, lines?: LineCounter): { tooDeepAt: number; tokens: CST.Token[] } {
  const flow = flowTooDeepAt(text, maxDepth);
  if (flow >= 0) return { tooDeepAt: flow, tokens: [] };
  const tokens = Array.from(new Parser(lines?.addNewLine).parse(text));
  return { tooDeepAt: treeTooDeepAt(tokens, maxDepth), tokens };
}

/** The offset of the first mapping or list nested deeper than `maxDepth`, or -1. */
export function tooDeepAt(text: string, maxDepth: number = YAML_LIMITS.maxDepth): number {
  return measureDepth(text, maxDepth).tooDeepAt;
}

/** The options every YAML file is composed with. */
const COMPOSE = {
  uniqueKeys: true,
  // 'error': the library's warnings (a mapping used as a key…) would reach the clerk as Node process warnings; the loader reports such keys itself.
  logLevel: 'error',
} as const;

/**
 * Parses one YAML file within {@link YAML_LIMITS}: a file too large or
 * nested too deep is one problem naming its place, and is never composed.
 * YAML syntax errors are left in `doc.errors` ({@link yamlErrors} words them).
 * The text is parsed once: the depth is measured on the syntax tree that is
 * then composed (the library's parseDocument, which would parse it again).
 * @example parseYaml('a: [1, 2]', 'rules/x.yaml') // { ok: true, doc, lines }
 */
export function parseYaml(text: string, file: string): YamlParse {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > YAML_LIMITS.maxBytes) return { ok: false, problems: [problem('RULES_TOO_LARGE', { file }, { bytes, max: YAML_LIMITS.maxBytes })] };
  const lines = new LineCounter();
  const { tooDeepAt: deep, tokens } = measureDepth(text, YAML_LIMITS.maxDepth, lines);
  if (deep >= 0) return { ok: false, problems: [problem('RULES_TOO_DEEP', { file, ...placeOf(text, deep) }, { max: YAML_LIMITS.maxDepth })] };
  // As parseDocument: the first document, and an error for any after it.
  let doc: Document | null = null;
  for (const next of new Composer(COMPOSE).compose(tokens, true, text.length)) {
    if (doc === null) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  if (doc === null) throw new Error('internal: the YAML composer gave no document');
  return { ok: true, doc, lines };
}

/**
 * The document's syntax errors as problems (RULES_YAML_SYNTAX), each at its
 * place, keeping the `yaml` library's error code so that the message can be
 * worded in the clerk's language.
 */
export function yamlErrors(doc: Document, file: string, lines: LineCounter): Problem[] {
  return doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return problem('RULES_YAML_SYNTAX', { file, line, column: col }, { yaml: e.code, detail: firstLine(e.message) });
  });
}

/** The first line of a YAML error: the rest repeats the source with a caret, which our place already gives. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * The document as plain data, with aliases expanded at most
 * {@link YAML_LIMITS.maxAliasCount} times; a problem instead when the
 * aliases multiply beyond that, or an alias names no anchor before it (the
 * library throws a ReferenceError for both).
 */
export function yamlData(doc: Document, file: string, lines: LineCounter): { ok: true; data: unknown } | { ok: false; problem: Problem } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const unresolved = firstUnresolvedAlias(doc);
    if (unresolved !== null) {
      const { line, col } = lines.linePos(unresolved.offset);
      return { ok: false, problem: problem('RULES_UNKNOWN_ALIAS', { file, line, column: col }, { alias: unresolved.name }) };
    }
    const { line, col } = lines.linePos(firstAliasOffset(doc));
    return { ok: false, problem: problem('RULES_ALIAS_LIMIT', { file, line, column: col }, { max: YAML_LIMITS.maxAliasCount }) };
  }
}

/**
 * The first alias whose anchor is not defined before it, or null. One walk
 * in document order, collecting anchors as they come (an alias's own
 * `resolve` would walk the document again for each alias).
 */
function firstUnresolvedAlias(doc: Document): { name: string; offset: number } | null {
  const anchors = new Set<string>();
  let found: { name: string; offset: number } | null = null;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (anchors.has(node.source)) return undefined;
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      if (node.anchor !== undefined) anchors.add(node.anchor);
      return undefined;
    },
  });
  return found;
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
