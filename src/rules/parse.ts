/**
 * The rule expression language (SPEC §4), lexed and parsed into a syntax
 * tree. Every token and node keeps its offset in the expression text so that
 * problems point at the offending token in the YAML file.
 *
 * Precedence, loosest first: `or` < `and` < `not` < comparison / `in` <
 * `+ -` < `* /` < unary minus. Comparisons do not chain.
 */

import { unplaced, type Code, type ExprExpected, type ExprToken, type ParamsOf, type Unplaced } from '../problems.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  /** The identifier, operator, the number's text, or the string's value. */
  text: string;
  /** Offset of the token's first character in the expression. */
  pos: number;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';

export type Node =
  | { type: 'number'; text: string; value: number; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'bool'; value: boolean; pos: number }
  | { type: 'field'; name: string; pos: number }
  | { type: 'call'; name: string; args: Node[]; pos: number }
  | { type: 'neg'; operand: Node; pos: number }
  | { type: 'not'; operand: Node; pos: number }
  | { type: 'logic'; op: 'and' | 'or'; left: Node; right: Node; pos: number }
  | { type: 'compare'; op: CompareOp; left: Node; right: Node; pos: number }
  | { type: 'in'; negated: boolean; left: Node; items: Node[]; pos: number }
  | { type: 'arith'; op: ArithOp; left: Node; right: Node; pos: number };

/** A syntax error at an offset of the expression: a problem of src/problems.ts, placed by the caller. */
export type SyntaxProblem = Unplaced & { pos: number };

export type ParseResult = { ok: true; node: Node } | { ok: false; problem: SyntaxProblem };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'true', 'false']);
const TWO_CHAR_OPS = ['==', '!=', '<=', '>='];
const ONE_CHAR_OPS = '<>+-*/';
/** Operators from other languages, with what to write instead. */
const FOREIGN_OPS: Record<string, string> = { '&&': 'and', '||': 'or', '=': '==', '!': 'not', '<>': '!=' };

/** Thrown inside the parser and caught by {@link parseExpression}: a coded problem at an offset. */
class ExprSyntaxError extends Error {
  readonly problem: Unplaced;
  constructor(
    readonly pos: number,
    problem: Unplaced,
  ) {
    super(problem.code);
    this.problem = problem;
  }
}

/** A syntax error of code `code` at `pos`. */
function syntaxError<C extends Code>(pos: number, code: C, params: ParamsOf<C>): ExprSyntaxError {
  return new ExprSyntaxError(pos, unplaced(code, params) as Unplaced);
}

/**
 * Splits an expression into tokens. Strings are `"..."` or `'...'` with
 * backslash escapes for the quote and backslash; numbers are decimals.
 * @example tokenize('a >= 2') // ident a, op >=, number 2, eof
 */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(ch)) {
      while (i < src.length && /[A-Za-z0-9_]/.test(src[i] as string)) i++;
      tokens.push({ kind: 'ident', text: src.slice(start, i), pos: start });
    } else if (/[0-9]/.test(ch)) {
      i = scanNumber(src, start);
      tokens.push({ kind: 'number', text: src.slice(start, i), pos: start });
    } else if (ch === '"' || ch === "'") {
      const { value, end } = scanString(src, i);
      tokens.push({ kind: 'string', text: value, pos: start });
      i = end;
    } else if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch, text: ch, pos: start });
      i++;
    } else {
      i = scanOperator(src, i, tokens);
    }
  }
  tokens.push({ kind: 'eof', text: '', pos: src.length });
  return tokens;
}

function scanNumber(src: string, start: number): number {
  let i = start;
  while (i < src.length && /[0-9]/.test(src[i] as string)) i++;
  if (src[i] === '.' && /[0-9]/.test(src[i + 1] ?? '')) {
    i++;
    while (i < src.length && /[0-9]/.test(src[i] as string)) i++;
  }
  if (/[A-Za-z_.]/.test(src[i] ?? '')) throw syntaxError(start, 'EXPR_BAD_NUMBER', { text: src.slice(start, i + 1) });
  return i;
}

function scanString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === quote) return { value, end: i + 1 };
    if (ch === '\\' && (src[i + 1] === quote || src[i + 1] === '\\')) {
      value += src[i + 1];
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw syntaxError(start, 'EXPR_UNCLOSED_STRING', { quote: quote as string });
}

function scanOperator(src: string, i: number, tokens: Token[]): number {
  const two = src.slice(i, i + 2);
  if (FOREIGN_OPS[two] !== undefined) throw syntaxError(i, 'EXPR_FOREIGN_OPERATOR', { op: two, write: FOREIGN_OPS[two] });
  if (TWO_CHAR_OPS.includes(two)) {
    tokens.push({ kind: 'op', text: two, pos: i });
    return i + 2;
  }
  const one = src[i] as string;
  if (FOREIGN_OPS[one] !== undefined) throw syntaxError(i, 'EXPR_FOREIGN_OPERATOR', { op: one, write: FOREIGN_OPS[one] });
  if (ONE_CHAR_OPS.includes(one)) {
    tokens.push({ kind: 'op', text: one, pos: i });
    return i + 1;
  }
  throw syntaxError(i, 'EXPR_BAD_CHARACTER', { char: String.fromCodePoint(src.codePointAt(i) ?? 0) });
}

/**
 * The limits of an expression (SPEC §8: an expression nested thousands deep
 * is bad input, not a crash). The parser recurses once per parenthesis,
 * `not`, unary minus or function call, so `maxNesting` bounds its stack; a
 * long chain such as `a or b or c …` is parsed by a loop but makes a deep
 * tree, which `maxTreeDepth` bounds for the compiler and the evaluator.
 */
export const EXPRESSION_LIMITS = {
  /** Characters of one expression. */
  maxLength: 4000,
  /** Parentheses, `not`, unary minus and calls inside one another. */
  maxNesting: 50,
  /** Operators applied one after another (the height of the syntax tree). */
  maxTreeDepth: 500,
} as const;

/** Recursive-descent parser over the token list; one method per precedence level. */
class Parser {
  private at = 0;
  private nesting = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'eof') throw syntaxError(next.pos, 'EXPR_SYNTAX', { expected: { what: 'operator' }, found: describe(next) });
    return node;
  }

  /** Runs `parse` one level deeper; past the limit it is a syntax error at `pos` (EXPR_TOO_DEEP). */
  private nested<T>(pos: number, parse: () => T): T {
    if (this.nesting >= EXPRESSION_LIMITS.maxNesting) {
      throw syntaxError(pos, 'EXPR_TOO_DEEP', { max: EXPRESSION_LIMITS.maxNesting });
    }
    this.nesting++;
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  private peek(): Token {
    return this.tokens[this.at] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.at++;
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.text === word;
  }

  private isOp(...ops: string[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.text);
  }

  private expect(kind: TokenKind, expected: ExprExpected): Token {
    const t = this.peek();
    if (t.kind !== kind) throw syntaxError(t.pos, 'EXPR_SYNTAX', { expected, found: describe(t) });
    return this.next();
  }

  private parseOr(): Node {
    let left = this.parseAnd();
    while (this.isWord('or')) {
      const pos = this.next().pos;
      left = { type: 'logic', op: 'or', left, right: this.parseAnd(), pos };
    }
    return left;
  }

  private parseAnd(): Node {
    let left = this.parseNot();
    while (this.isWord('and')) {
      const pos = this.next().pos;
      left = { type: 'logic', op: 'and', left, right: this.parseNot(), pos };
    }
    return left;
  }

  private parseNot(): Node {
    if (this.isWord('not')) {
      const pos = this.next().pos;
      return { type: 'not', operand: this.nested(pos, () => this.parseNot()), pos };
    }
    return this.parseComparison();
  }

  private parseComparison(): Node {
    const left = this.parseAdditive();
    let node: Node = left;
    if (this.isOp('==', '!=', '<', '<=', '>', '>=')) {
      const op = this.next();
      node = { type: 'compare', op: op.text as CompareOp, left, right: this.parseAdditive(), pos: op.pos };
    } else if (this.isWord('in')) {
      const pos = this.next().pos;
      node = { type: 'in', negated: false, left, items: this.parseList(), pos };
    } else if (this.isWord('not') && this.tokens[this.at + 1]?.kind === 'ident' && this.tokens[this.at + 1]?.text === 'in') {
      const pos = this.next().pos;
      this.next();
      node = { type: 'in', negated: true, left, items: this.parseList(), pos };
    }
    if (node !== left && (this.isOp('==', '!=', '<', '<=', '>', '>=') || this.isWord('in'))) {
      throw syntaxError(this.peek().pos, 'EXPR_CHAINED_COMPARISON', {});
    }
    return node;
  }

  private parseList(): Node[] {
    this.expect('(', { what: 'paren-after-in' });
    const items: Node[] = [this.parseAdditive()];
    while (this.peek().kind === ',') {
      this.next();
      items.push(this.parseAdditive());
    }
    this.expect(')', { what: 'list-separator' });
    return items;
  }

  private parseAdditive(): Node {
    let left = this.parseMultiplicative();
    while (this.isOp('+', '-')) {
      const op = this.next();
      left = { type: 'arith', op: op.text as ArithOp, left, right: this.parseMultiplicative(), pos: op.pos };
    }
    return left;
  }

  private parseMultiplicative(): Node {
    let left = this.parseUnary();
    while (this.isOp('*', '/')) {
      const op = this.next();
      left = { type: 'arith', op: op.text as ArithOp, left, right: this.parseUnary(), pos: op.pos };
    }
    return left;
  }

  private parseUnary(): Node {
    if (this.isOp('-')) {
      const pos = this.next().pos;
      return { type: 'neg', operand: this.nested(pos, () => this.parseUnary()), pos };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number': {
        const value = Number(t.text);
        // Beyond exact integers a float would silently round it.
        if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) throw syntaxError(t.pos, 'EXPR_NUMBER_TOO_LARGE', { text: t.text, max: Number.MAX_SAFE_INTEGER });
        return { type: 'number', text: t.text, value, pos: t.pos };
      }
      case 'string':
        return { type: 'string', value: t.text, pos: t.pos };
      case '(': {
        const inner = this.nested(t.pos, () => this.parseOr());
        this.expect(')', { what: 'close-paren' });
        return inner;
      }
      case 'ident':
        return this.parseName(t);
      default:
        throw syntaxError(t.pos, 'EXPR_SYNTAX', { expected: { what: 'value' }, found: describe(t) });
    }
  }

  private parseName(t: Token): Node {
    if (t.text === 'true' || t.text === 'false') return { type: 'bool', value: t.text === 'true', pos: t.pos };
    if (KEYWORDS.has(t.text)) throw syntaxError(t.pos, 'EXPR_SYNTAX', { expected: { what: 'value' }, found: { kind: 'symbol', text: t.text } });
    if (this.peek().kind !== '(') return { type: 'field', name: t.text, pos: t.pos };
    this.next();
    const args: Node[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.nested(t.pos, () => this.parseOr()));
      while (this.peek().kind === ',') {
        this.next();
        args.push(this.nested(t.pos, () => this.parseOr()));
      }
    }
    this.expect(')', { what: 'argument-separator', fn: t.text });
    return { type: 'call', name: t.text, args, pos: t.pos };
  }
}

/** A token as a syntax error names it. */
function describe(t: Token): ExprToken {
  switch (t.kind) {
    case 'eof':
      return { kind: 'end' };
    case 'string':
    case 'number':
      return { kind: t.kind, text: t.text };
    default:
      return { kind: 'symbol', text: t.text };
  }
}

/**
 * Parses an expression into a syntax tree, or the first syntax error with
 * its offset.
 * @example parseExpression('not a or b') // or(not(a), b)
 */
export function parseExpression(src: string): ParseResult {
  try {
    if (src.trim() === '') return { ok: false, problem: { pos: 0, ...unplaced('EXPR_EMPTY', {}) } };
    if (src.length > EXPRESSION_LIMITS.maxLength) {
      return { ok: false, problem: { pos: 0, ...unplaced('EXPR_TOO_LONG', { length: src.length, max: EXPRESSION_LIMITS.maxLength }) } };
    }
    const node = new Parser(tokenize(src)).parseAll();
    const deep = tooTallAt(node);
    if (deep !== null) {
      return { ok: false, problem: { pos: deep, ...unplaced('EXPR_CHAIN_TOO_LONG', { max: EXPRESSION_LIMITS.maxTreeDepth }) } };
    }
    return { ok: true, node };
  } catch (e) {
    if (e instanceof ExprSyntaxError) return { ok: false, problem: { pos: e.pos, ...e.problem } };
    throw e;
  }
}

/** The offset of a node deeper than maxTreeDepth in the tree, or null. Iterative: the tree may be tall. */
function tooTallAt(root: Node): number | null {
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [Node, number];
    if (depth > EXPRESSION_LIMITS.maxTreeDepth) return node.pos;
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
  return null;
}

function children(node: Node): Node[] {
  switch (node.type) {
    case 'call':
      return node.args;
    case 'neg':
    case 'not':
      return [node.operand];
    case 'logic':
    case 'compare':
    case 'arith':
      return [node.left, node.right];
    case 'in':
      return [node.left, ...node.items];
    default:
      return [];
  }
}
