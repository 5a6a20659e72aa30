/**
 * The rule expression language (SPEC §4): parsed by our own parser
 * (src/rules/parse.ts), type-checked against the fields of a record kind and
 * compiled into closures. Nothing here evaluates rules-file text as code.
 *
 * Values at run time are those of `EventRecord.values`: text ('' when
 * empty), money as integer fen, numbers, booleans, dates as WallTime seconds
 * (null when empty) and `employees` as string[]. Literals adapt to the field
 * they meet, at compile time: `loss > 100` means 100 yuan (10000 fen), and
 * `date >= "2026-01-15"` compares with that day's midnight.
 */
import type { FieldType, WallTime } from '../types.js';
import { placed, problem, type Code, type ExprType, type FieldsOf, type ParamsOf, type Problem } from '../problems.js';
import { STATUSES } from '../fields.js';
import type { EvalContext } from './types.js';
import { parseWallTime } from '../calendar.js';
import { scaledInteger } from './decimal.js';
import { parseExpression, type Node } from './parse.js';
import { closest } from '../suggest.js';

/** The type of an expression's value. `time` is a date or date-time. */
export type ValueType = ExprType;

/** What an expression may name: its fields and their types, and how to name the set in messages. */
export interface ExprEnv {
  fields: Readonly<Record<string, FieldType>>;
  /** Whose fields they are (a record kind, or an aggregate rule's), for "unknown field … for kind training". */
  of?: Exclude<FieldsOf, null>;
}

/** A place in a rules file (1-based line and column). */
export interface ExprPlace {
  file: string;
  line: number;
  column: number;
}

/** Maps an offset in the expression text to its place in the file. */
export type Locate = (offset: number) => ExprPlace;

/** The values an expression reads by field name: a record's `values` or an `Aggregate`. */
export type Scope = Readonly<Record<string, unknown>>;

/** A compiled expression. */
export type Evaluator = (scope: Scope, ctx: EvalContext) => unknown;

export type CompileResult = { ok: true; fn: Evaluator; type: ValueType } | { ok: false; problems: Problem[] };
export type ConditionResult = { ok: true; fn: (scope: Scope, ctx: EvalContext) => boolean } | { ok: false; problems: Problem[] };

/** The fields an aggregate rule's `when` sees (§4). */
export const AGGREGATE_FIELDS: Readonly<Record<string, FieldType>> = { count: 'number', total: 'number', rate: 'number' };

/** The functions of the language, for messages. */
export const FUNCTIONS = ['hours', 'days', 'len', 'contains'] as const;

const FIELD_VALUE_TYPE: Record<FieldType, ValueType> = {
  string: 'string',
  id: 'string',
  ids: 'ids',
  money: 'money',
  number: 'number',
  bool: 'bool',
  date: 'time',
  datetime: 'time',
  status: 'status',
};

/** A compiled subexpression: its type, closure and, for constants, its value. */
interface Compiled {
  type: ValueType | 'error';
  fn: Evaluator;
  pos: number;
  /** How the subexpression reads in messages: a field name or a literal. */
  label: string;
  /** The value when the subexpression is a constant. */
  konst?: { value: unknown; decimal?: string };
}

/**
 * Compiles an expression against an environment. `place` is where the
 * expression text starts in the file (or a function that maps offsets), so
 * each problem points at the offending token.
 * @example compileExpression('loss > 100', { fields: { loss: 'money' } }, at).fn({ loss: 10001 }, ctx) // true
 */
export function compileExpression(src: string, env: ExprEnv, place: ExprPlace | Locate): CompileResult {
  const locate = typeof place === 'function' ? place : locateInText(src, place);
  const parsed = parseExpression(src);
  if (!parsed.ok) return { ok: false, problems: [placed(parsed.problem, locate(parsed.problem.pos))] };
  const compiler = new Compiler(env, locate);
  const result = compiler.compile(parsed.node);
  if (compiler.problems.length > 0 || result.type === 'error') return { ok: false, problems: compiler.problems };
  return { ok: true, fn: result.fn, type: result.type };
}

/**
 * Compiles an expression that must be true or false (`when`, `where`). The
 * closure returns a plain boolean.
 */
export function compileCondition(src: string, env: ExprEnv, place: ExprPlace | Locate): ConditionResult {
  const result = compileExpression(src, env, place);
  if (!result.ok) return result;
  if (result.type !== 'bool') {
    const locate = typeof place === 'function' ? place : locateInText(src, place);
    return { ok: false, problems: [problem('EXPR_NOT_CONDITION', locate(firstNonSpace(src)), { expression: src.trim(), type: result.type })] };
  }
  const fn = result.fn;
  return { ok: true, fn: (scope, ctx) => fn(scope, ctx) === true };
}

function firstNonSpace(src: string): number {
  return src.length - src.trimStart().length;
}

/** Offsets of a single-line expression map to columns after `place`; newlines move to the next line. */
function locateInText(src: string, place: ExprPlace): Locate {
  return (offset) => {
    const before = src.slice(0, offset);
    const lastNewline = before.lastIndexOf('\n');
    if (lastNewline < 0) return { file: place.file, line: place.line, column: place.column + offset };
    const lines = before.split('\n').length - 1;
    return { file: place.file, line: place.line + lines, column: offset - lastNewline };
  };
}

/** A compiled subexpression known not to be an error. */
type Typed = Compiled & { type: ValueType };

const isText = (t: ValueType | 'error'): boolean => t === 'string' || t === 'status';

class Compiler {
  readonly problems: Problem[] = [];
  constructor(
    private readonly env: ExprEnv,
    private readonly locate: Locate,
  ) {}

  private fail<C extends Code>(pos: number, code: C, params: ParamsOf<C>): Compiled {
    this.problems.push(problem(code, this.locate(pos), params) as Problem);
    return { type: 'error', fn: () => undefined, pos, label: '' };
  }

  compile(node: Node): Compiled {
    switch (node.type) {
      case 'number':
        return { type: 'number', fn: () => node.value, pos: node.pos, label: node.text, konst: { value: node.value, decimal: node.text } };
      case 'string':
        return { type: 'string', fn: () => node.value, pos: node.pos, label: JSON.stringify(node.value), konst: { value: node.value } };
      case 'bool':
        return { type: 'bool', fn: () => node.value, pos: node.pos, label: String(node.value), konst: { value: node.value } };
      case 'field':
        return this.field(node.name, node.pos);
      case 'call':
        return this.call(node.name, node.args, node.pos);
      case 'neg':
        return this.negate(this.compile(node.operand), node.pos);
      case 'not':
        return this.not(this.compile(node.operand), node.pos);
      case 'logic':
        return this.logic(node.op, this.compile(node.left), this.compile(node.right), node.pos);
      case 'compare':
        return this.compare(node.op, this.compile(node.left), this.compile(node.right), node.pos);
      case 'in':
        return this.in(this.compile(node.left), node.items.map((i) => this.compile(i)), node.negated, node.pos);
      case 'arith':
        return this.arith(node.op, this.compile(node.left), this.compile(node.right), node.pos);
    }
  }

  private field(name: string, pos: number): Compiled {
    const fieldType = Object.hasOwn(this.env.fields, name) ? this.env.fields[name] : undefined;
    if (fieldType === undefined) {
      const names = Object.keys(this.env.fields);
      const isFunction = (FUNCTIONS as readonly string[]).includes(name);
      return this.fail(pos, 'RULES_UNKNOWN_FIELD', { field: name, of: this.env.of ?? null, fields: names, suggest: isFunction ? null : closest(name, names), isFunction });
    }
    const type = FIELD_VALUE_TYPE[fieldType];
    // Records carry every field defaulted; the fallbacks only guard a missing key.
    const fn: Evaluator =
      type === 'string' || type === 'status'
        ? (s) => s[name] ?? ''
        : type === 'time'
          ? (s) => s[name] ?? null
          : type === 'ids'
            ? (s) => s[name] ?? []
            : (s) => s[name];
    return { type, fn, pos, label: name };
  }

  private negate(c: Compiled, pos: number): Compiled {
    if (c.type === 'error') return c;
    if (c.type !== 'number' && c.type !== 'money') return this.fail(pos, 'EXPR_CANNOT_NEGATE', { label: c.label, type: c.type });
    const f = c.fn;
    const out: Compiled = { type: c.type, fn: (s, x) => -(f(s, x) as number), pos, label: `-${c.label}` };
    if (c.konst) {
      const d = c.konst.decimal;
      out.konst = { value: -(c.konst.value as number), ...(d === undefined ? {} : { decimal: d.startsWith('-') ? d.slice(1) : `-${d}` }) };
    }
    return out;
  }

  private not(c: Compiled, pos: number): Compiled {
    if (c.type === 'error') return c;
    if (c.type !== 'bool') return this.fail(c.pos, 'EXPR_NEEDS_BOOL', { op: 'not', label: c.label, type: c.type });
    const f = c.fn;
    return { type: 'bool', fn: (s, x) => f(s, x) !== true, pos, label: `not ${c.label}` };
  }

  private logic(op: 'and' | 'or', a: Compiled, b: Compiled, pos: number): Compiled {
    for (const c of [a, b]) {
      if (c.type !== 'bool' && c.type !== 'error') this.fail(c.pos, 'EXPR_NEEDS_BOOL', { op, label: c.label, type: c.type });
    }
    if (a.type !== 'bool' || b.type !== 'bool') return { type: 'error', fn: () => undefined, pos, label: '' };
    const f = a.fn;
    const g = b.fn;
    const fn: Evaluator = op === 'and' ? (s, x) => f(s, x) === true && g(s, x) === true : (s, x) => f(s, x) === true || g(s, x) === true;
    return { type: 'bool', fn, pos, label: `${a.label} ${op} ${b.label}` };
  }

  /** Converts a constant number to fen, exactly: `100` next to money means 100 yuan. */
  private toMoney(c: Compiled, other: Compiled): Compiled {
    if (!c.konst) return this.fail(c.pos, 'EXPR_MONEY_NOT_LITERAL', { money: other.label, other: c.label });
    const fenValue = c.konst.decimal !== undefined ? scaledInteger(c.konst.decimal, 2) : nearFen(c.konst.value as number);
    if (fenValue === null) {
      const decimals = /\.(\d*)$/.exec(c.konst.decimal ?? '')?.[1]?.length ?? 0;
      // Two decimals or fewer: the amount in fen is beyond exact integers.
      if (c.konst.decimal !== undefined && decimals <= 2) return this.fail(c.pos, 'EXPR_AMOUNT_TOO_LARGE', { value: c.label, max: Math.floor(Number.MAX_SAFE_INTEGER / 100) });
      return this.fail(c.pos, 'EXPR_AMOUNT_DECIMALS', { value: c.label });
    }
    return { type: 'money', fn: () => fenValue, pos: c.pos, label: c.label, konst: { value: fenValue } };
  }

  /** Converts a constant string to a date: "" is the empty date (null). */
  private toTime(c: Compiled): Compiled {
    if (!c.konst) return this.fail(c.pos, 'EXPR_TEXT_NOT_DATE', { label: c.label });
    const text = c.konst.value as string;
    const value: WallTime | null = text === '' ? null : parseWallTime(text);
    if (value === null && text !== '') return this.fail(c.pos, 'EXPR_BAD_DATE', { label: c.label });
    return { type: 'time', fn: () => value, pos: c.pos, label: c.label, konst: { value } };
  }

  private checkStatus(c: Compiled): Compiled {
    if (!c.konst) return c;
    const value = c.konst.value as string;
    if ((STATUSES as readonly string[]).includes(value)) return c;
    return this.fail(c.pos, 'EXPR_NOT_A_STATUS', { label: c.label, statuses: [...STATUSES], suggest: closest(value, STATUSES) });
  }

  /** Makes two operands comparable, converting literals to the other side's type; null when they are not. */
  private unify(a: Compiled, b: Compiled, pos: number, ordering: boolean): [Compiled, Compiled] | null {
    if (a.type === 'error' || b.type === 'error') return null;
    [a, b] = [this.adapt(a, b), this.adapt(b, a)];
    if (a.type === 'error' || b.type === 'error') return null;
    const list = a.type === 'ids' ? a : b.type === 'ids' ? b : null;
    if (list) {
      this.fail(pos, 'EXPR_IDS_LIST', { label: list.label });
      return null;
    }
    const same = a.type === b.type || (isText(a.type) && isText(b.type));
    if (!same) {
      this.fail(pos, 'EXPR_CANNOT_COMPARE', { left: a.label, leftType: a.type, right: b.label, rightType: b.type, bool: boolSide(a, b) });
      return null;
    }
    if (ordering && (a.type === 'bool' || a.type === 'status')) {
      this.fail(pos, 'EXPR_NO_ORDER', { type: a.type });
      return null;
    }
    if (ordering && a.type === 'time' && (a.konst?.value === null || b.konst?.value === null)) {
      this.fail(pos, 'EXPR_EMPTY_DATE_ORDER', {});
      return null;
    }
    return [a, b];
  }

  /** Converts a literal operand `c` to the type of the operand it meets. */
  private adapt(c: Compiled, other: Compiled): Compiled {
    if (c.type === 'number' && other.type === 'money') return this.toMoney(c, other);
    if (c.type === 'string' && other.type === 'time') return this.toTime(c);
    if (c.type === 'string' && other.type === 'status') return this.checkStatus(c);
    return c;
  }

  private compare(op: string, left: Compiled, right: Compiled, pos: number): Compiled {
    const pair = this.unify(left, right, pos, op !== '==' && op !== '!=');
    if (!pair) return { type: 'error', fn: () => undefined, pos, label: '' };
    const [a, b] = pair;
    return { type: 'bool', fn: comparator(op, a.fn, b.fn), pos, label: `${a.label} ${op} ${b.label}` };
  }

  private in(left: Compiled, items: Compiled[], negated: boolean, pos: number): Compiled {
    const fns: Evaluator[] = [];
    let leftFn = left.fn;
    for (const item of items) {
      const pair = this.unify(left, item, item.pos, false);
      if (pair) {
        leftFn = pair[0].fn;
        fns.push(pair[1].fn);
      }
    }
    if (fns.length !== items.length) return { type: 'error', fn: () => undefined, pos, label: '' };
    const fn: Evaluator = (s, x) => {
      const v = leftFn(s, x);
      for (const f of fns) if (f(s, x) === v) return !negated;
      return negated;
    };
    return { type: 'bool', fn, pos, label: `${left.label} ${negated ? 'not in' : 'in'} (...)` };
  }

  private arith(op: '+' | '-' | '*' | '/', left: Compiled, right: Compiled, pos: number): Compiled {
    if (left.type === 'error' || right.type === 'error') return { type: 'error', fn: () => undefined, pos, label: '' };
    const additive = op === '+' || op === '-';
    let a = left;
    let b = right;
    if (additive) [a, b] = [this.adapt(a, b), this.adapt(b, a)];
    if (a.type === 'error' || b.type === 'error') return { type: 'error', fn: () => undefined, pos, label: '' };
    const type = arithType(op, a.type, b.type);
    if (type === null) return this.arithProblem(pos, op, a as Typed, b as Typed);
    const f = a.fn;
    const g = b.fn;
    const fn: Evaluator =
      op === '+'
        ? (s, x) => (f(s, x) as number) + (g(s, x) as number)
        : op === '-'
          ? (s, x) => (f(s, x) as number) - (g(s, x) as number)
          : op === '*'
            ? (s, x) => (f(s, x) as number) * (g(s, x) as number)
            : (s, x) => (f(s, x) as number) / (g(s, x) as number);
    const out: Compiled = { type, fn, pos, label: `${a.label} ${op} ${b.label}` };
    // Fold constants so that `loss > 2 * 50` still scales to fen at compile time.
    if (a.konst && b.konst) out.konst = { value: fn({}, { monthEnd: 0 as WallTime }) };
    return out;
  }

  /** Why `a op b` makes no sense: dates, money mixed wrongly, or a side that is not a number. */
  private arithProblem(pos: number, op: string, a: Typed, b: Typed): Compiled {
    if (a.type === 'time' || b.type === 'time') return this.fail(pos, 'EXPR_DATE_ARITHMETIC', { op });
    if (a.type === 'money' || b.type === 'money') {
      return this.fail(pos, 'EXPR_MONEY_ARITHMETIC', { op, left: a.label, leftType: a.type, right: b.label, rightType: b.type });
    }
    const bad = a.type !== 'number' ? a : b;
    return this.fail(pos, 'EXPR_NEEDS_NUMBERS', { op, label: bad.label, type: bad.type });
  }

  private call(name: string, args: Node[], pos: number): Compiled {
    const compiled = args.map((a) => this.compile(a));
    if (compiled.some((c) => c.type === 'error')) return { type: 'error', fn: () => undefined, pos, label: '' };
    switch (name) {
      case 'hours':
      case 'days':
        return this.duration(name, compiled, pos);
      case 'len':
        return this.len(compiled, pos);
      case 'contains':
        return this.contains(compiled, pos);
      default:
        return this.fail(pos, 'EXPR_UNKNOWN_FUNCTION', { name, functions: [...FUNCTIONS], suggest: closest(name, FUNCTIONS) });
    }
  }

  private arity(name: string, args: Compiled[], n: number, pos: number, usage: string): boolean {
    if (args.length === n) return true;
    this.fail(pos, 'EXPR_ARITY', { name, count: n, usage });
    return false;
  }

  /**
   * `hours(a, b)` / `days(a, b)`: from a to b; an empty b is the end of the
   * assessed month (a complaint still open then has run that long). An empty
   * a gives 0: without a start there is no duration.
   */
  private duration(name: 'hours' | 'days', args: Compiled[], pos: number): Compiled {
    if (!this.arity(name, args, 2, pos, `${name}(received_at, resolved_at)`)) return { type: 'error', fn: () => undefined, pos, label: '' };
    const [a, b] = args.map((c) => (c.type === 'string' && c.konst ? this.toTime(c) : c)) as [Compiled, Compiled];
    for (const c of [a, b]) {
      if (c.type !== 'time' && c.type !== 'error') this.fail(c.pos, 'EXPR_ARGUMENT_TYPE', { name, want: 'dates', label: c.label, type: c.type });
    }
    if (a.type !== 'time' || b.type !== 'time') return { type: 'error', fn: () => undefined, pos, label: '' };
    const unit = name === 'hours' ? 3600 : 86_400;
    const f = a.fn;
    const g = b.fn;
    const fn: Evaluator = (s, x) => {
      const start = f(s, x) as number | null;
      if (start === null) return 0;
      const end = (g(s, x) as number | null) ?? x.monthEnd;
      return (end - start) / unit;
    };
    return { type: 'number', fn, pos, label: `${name}(${a.label}, ${b.label})` };
  }

  private len(args: Compiled[], pos: number): Compiled {
    if (!this.arity('len', args, 1, pos, 'len(note)')) return { type: 'error', fn: () => undefined, pos, label: '' };
    const [s] = args as [Compiled];
    if (!isText(s.type) && s.type !== 'ids') return this.fail(s.pos, 'EXPR_ARGUMENT_TYPE', { name: 'len', want: 'text-or-ids', label: s.label, type: s.type as ValueType });
    const f = s.fn;
    // Count characters, not UTF-16 units, so that CJK text outside the BMP counts right.
    const fn: Evaluator = s.type === 'ids' ? (sc, x) => (f(sc, x) as string[]).length : (sc, x) => [...(f(sc, x) as string)].length;
    return { type: 'number', fn, pos, label: `len(${s.label})` };
  }

  private contains(args: Compiled[], pos: number): Compiled {
    if (!this.arity('contains', args, 2, pos, 'contains(note, "text")')) return { type: 'error', fn: () => undefined, pos, label: '' };
    const [s, t] = args as [Compiled, Compiled];
    if (!isText(s.type) && s.type !== 'ids') return this.fail(s.pos, 'EXPR_ARGUMENT_TYPE', { name: 'contains', want: 'search-in', label: s.label, type: s.type as ValueType });
    if (!isText(t.type)) return this.fail(t.pos, 'EXPR_ARGUMENT_TYPE', { name: 'contains', want: 'search-for', label: t.label, type: t.type as ValueType });
    const f = s.fn;
    const g = t.fn;
    const fn: Evaluator =
      s.type === 'ids' ? (sc, x) => (f(sc, x) as string[]).includes(g(sc, x) as string) : (sc, x) => (f(sc, x) as string).includes(g(sc, x) as string);
    return { type: 'bool', fn, pos, label: `contains(${s.label}, ${t.label})` };
  }
}

function comparator(op: string, f: Evaluator, g: Evaluator): Evaluator {
  switch (op) {
    case '==':
      return (s, x) => f(s, x) === g(s, x);
    case '!=':
      return (s, x) => f(s, x) !== g(s, x);
    default:
      return (s, x) => {
        const a = f(s, x) as number | string | null;
        const b = g(s, x) as number | string | null;
        // An empty date is neither before nor after anything.
        if (a === null || b === null) return false;
        return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      };
  }
}

/** The type of `a op b`, or null when the operation makes no sense (money × money, text + 1, dates). */
function arithType(op: string, a: ValueType, b: ValueType): ValueType | null {
  if (a === 'number' && b === 'number') return 'number';
  if (op === '+' || op === '-') return a === 'money' && b === 'money' ? 'money' : null;
  if (op === '*') return (a === 'money' && b === 'number') || (a === 'number' && b === 'money') ? 'money' : null;
  if (a === 'money' && b === 'number') return 'money';
  return a === 'money' && b === 'money' ? 'number' : null;
}

/** The operand that is true/false when two operands cannot be compared (its label), for the hint; null when neither is. */
function boolSide(a: Compiled, b: Compiled): string | null {
  return a.type === 'bool' ? a.label : b.type === 'bool' ? b.label : null;
}

/** A folded constant as fen, when it is a whole number of fen (e.g. 2 * 50.5). */
function nearFen(yuan: number): number | null {
  const f = Math.round(yuan * 100);
  return Number.isSafeInteger(f) && Math.abs(f - yuan * 100) < 1e-6 ? f : null;
}
